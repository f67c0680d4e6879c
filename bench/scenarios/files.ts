import { Controller, Get, Module, Res } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionalModule, RangeableBody, Ranges } from 'nestjs-conditional';

/**
 * Scenarios R, R0, P and P0: one 1 MiB file, served whole or as one 64 KiB range, by the
 * library (`@Ranges()` with `RangeableBody.file()`) and by the platform's own file sending
 * (Express's `res.sendFile`, which is the `send` package; `@fastify/static`'s `reply.sendFile`),
 * each from a Nest controller, so that both sides pay the same routing.
 */
export const FILE_DIR = mkdtempSync(join(tmpdir(), 'bench-files-'));
export const FILE_NAME = 'one-mebibyte.bin';
writeFileSync(join(FILE_DIR, FILE_NAME), Buffer.alloc(1024 * 1024, 0x61));

@Controller()
class LibraryFileController {
  @Get()
  @Ranges()
  get() {
    return RangeableBody.file(join(FILE_DIR, FILE_NAME), { contentType: 'application/octet-stream' });
  }
}

@Controller()
class PlatformFileController {
  @Get()
  get(@Res() response: any) {
    // Express: res.sendFile(absolute path); Fastify: @fastify/static's reply.sendFile(name).
    if (typeof response.raw === 'object') return response.sendFile(FILE_NAME);
    response.sendFile(join(FILE_DIR, FILE_NAME));
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [LibraryFileController] })
export class LibraryFileModule {}

@Module({ controllers: [PlatformFileController] })
export class PlatformFileModule {}
