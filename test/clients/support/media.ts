import { Controller, Get, Header, Module } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { toneWav } from '../../../sample/src/blog/tone-wav';
import { CacheControl, ConditionalModule, RangeableBody, Ranges } from '../../../src';
import type { Platform, RunningApp } from '../../e2e/support/platforms';
import { startApp } from '../../e2e/support/platforms';
import { temporaryDirectory } from '../../e2e/support/temporary-directory';

export const MEDIA_DIR = temporaryDirectory('nestjs-conditional-media-');
/**
 * Two minutes of the sample's tone at 22,050 Hz, about 5 MiB: long enough that a media element
 * streams it in ranges instead of one read.
 */
export const TONE = toneWav(120, 22_050);
export const TONE_FILE = join(MEDIA_DIR, 'tone.wav');
writeFileSync(TONE_FILE, TONE);

@Controller('media')
class MediaController {
  @Get('tone.wav')
  @Ranges()
  @CacheControl({ public: true, maxAge: 60 })
  tone() {
    return RangeableBody.file(TONE_FILE, { contentType: 'audio/wav' });
  }

  @Get('player')
  @Header('Content-Type', 'text/html; charset=utf-8')
  player() {
    return '<!doctype html><title>player</title><audio id="tone" src="/media/tone.wav" preload="metadata" controls></audio>';
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [MediaController] })
export class MediaAppModule {}

/** A request the server saw, recorded when its connection closed (so an aborted one too). */
export interface SeenMediaRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
  contentRange?: string;
}

/** Starts MediaAppModule on `platform`, recording what its HTTP server is asked and answers. */
export async function startMediaApp(platform: Platform): Promise<RunningApp & { seen: SeenMediaRequest[] }> {
  const running = await startApp(platform, MediaAppModule);
  const seen: SeenMediaRequest[] = [];
  (running.app.getHttpServer() as Server).prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('close', () => {
      const contentRange = res.getHeader('content-range');
      seen.push({
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: { ...req.headers },
        status: res.statusCode,
        contentRange: typeof contentRange === 'string' ? contentRange : undefined,
      });
    });
  });
  return { ...running, seen };
}
