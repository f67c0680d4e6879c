import { Controller, Get, Module, Res } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionalModule, RangeableBody, Ranges } from 'nestjs-conditional';

/**
 * Scenarios R, R0, P and P0: one 1 MiB file, served whole or as one 64 KiB range, by the
 * library (`@Ranges()` with `RangeableBody.file()`) and by the platform's own file sending
 * (Express's `res.sendFile`, which is the `send` package; `@fastify/static`'s `reply.sendFile`),
 * each from a Nest controller, so that both sides pay the same routing.
 */
export const FILE_NAME = 'one-mebibyte.bin';

let fileDirectory: string | undefined;

/**
 * The directory holding the file, made on first use and removed when the server exits:
 * every scenario server loads this module, and only these four scenarios need the file.
 */
export function fileDir(): string {
  if (fileDirectory === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'bench-files-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    writeFileSync(join(made, FILE_NAME), Buffer.alloc(1024 * 1024, 0x61));
    fileDirectory = made;
  }
  return fileDirectory;
}

@Controller()
class LibraryFileController {
  @Get()
  @Ranges()
  get() {
    return RangeableBody.file(join(fileDir(), FILE_NAME), { contentType: 'application/octet-stream' });
  }
}

@Controller()
class PlatformFileController {
  @Get()
  get(@Res() response: any) {
    // Express: res.sendFile(absolute path); Fastify: @fastify/static's reply.sendFile(name).
    if (typeof response.raw === 'object') return response.sendFile(FILE_NAME);
    response.sendFile(join(fileDir(), FILE_NAME));
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [LibraryFileController] })
export class LibraryFileModule {}

@Module({ controllers: [PlatformFileController] })
export class PlatformFileModule {}
