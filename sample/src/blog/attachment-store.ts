import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR } from '../database/open-database';
import { seedEntries } from './seed';
import { toneWav } from './tone-wav';

/** The injection token of the directory the attachments are written to; tests give their own. */
export const ATTACHMENTS_DIR = Symbol('ATTACHMENTS_DIR');

/** `<DATA_DIR>/attachments` (`sample/.data/attachments` by default), on PostgreSQL as on PGlite. */
export function attachmentsDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DATA_DIR || DEFAULT_DATA_DIR, 'attachments');
}

/** An attached file: its name in the directory and how it is made. */
interface Attachment {
  readonly file: string;
  readonly contentType: string;
  readonly make: () => Buffer;
}

/** Entry 7 of the seed has five and a half seconds of tone: 88,044 bytes, more than 64 KiB. */
const ATTACHMENTS: ReadonlyMap<number, Attachment> = new Map([
  [7, { file: 'entry-7-tone.wav', contentType: 'audio/wav', make: () => toneWav(5.5) }],
]);

/**
 * The seeded entries' attachments, made on start-up. The file's strong ETag (size and mtime)
 * and Last-Modified come from the file itself, so every instance must hold the same bytes with
 * the same mtime: the mtime is set to the entry's seeded publication date, not the time it
 * was written, and set again when the file was already there.
 */
@Injectable()
export class AttachmentStore implements OnModuleInit {
  constructor(@Inject(ATTACHMENTS_DIR) private readonly dir: string) {}

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const published = new Map(seedEntries().map((entry) => [entry.id, entry.published]));
    for (const [id, attachment] of ATTACHMENTS) {
      const path = join(this.dir, attachment.file);
      const bytes = attachment.make();
      if ((await sizeOf(path)) !== bytes.length) {
        // Written aside under a name of its own, then renamed: an instance starting at the same
        // moment (in this process or another) never serves, or writes into, half a file.
        const partial = `${path}.${randomUUID()}.tmp`;
        await writeFile(partial, bytes);
        await rename(partial, path);
      }
      const mtime = published.get(id)!;
      await utimes(path, mtime, mtime);
    }
  }

  /** Entry `id`'s attachment (its file name, path and type), or `undefined` when it has none. */
  find(id: number): { name: string; path: string; contentType: string } | undefined {
    const attachment = ATTACHMENTS.get(id);
    return (
      attachment && {
        name: attachment.file,
        path: join(this.dir, attachment.file),
        contentType: attachment.contentType,
      }
    );
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    ({ size }) => size,
    () => undefined,
  );
}
