import { Controller, Get, Header, Module } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheControl, ConditionalModule, RangeableBody, Ranges } from '../../../src';
import type { Platform, RunningApp } from '../../e2e/support/platforms';
import { startApp } from '../../e2e/support/platforms';

/**
 * A WAV file of `seconds` of a 440 Hz tone, 16-bit mono PCM at 22,050 Hz (about 43 KiB a
 * second): long enough that a media element streams it in ranges instead of one read.
 */
export function toneWav(seconds: number): Buffer {
  const rate = 22_050;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return wav;
}

export const MEDIA_DIR = mkdtempSync(join(tmpdir(), 'nestjs-conditional-media-'));
/** Two minutes of tone, about 5 MiB. */
export const TONE = toneWav(120);
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
