import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../../sample/src/app.module';
import { ATTACHMENTS_DIR } from '../../../sample/src/blog/attachment-store';
import { DATABASE_OPTIONS } from '../../../sample/src/database/database.providers';
import { PgliteDatabase } from '../../../sample/src/database/pglite-database';
import { ensureSchema } from '../../../sample/src/database/schema';
import { type Platform, type RunningApp, startApp } from '../../e2e/support/platforms';

/** What the seeded database depends on: a change to any of them makes a new template. */
const TEMPLATE_INPUTS = [
  'sample/src/database/schema.ts',
  'sample/src/blog/seed.ts',
  'node_modules/@electric-sql/pglite/package.json',
];

let template: Promise<Blob> | undefined;

/**
 * A dump of a freshly created and seeded embedded database, made once per test file and kept
 * in the system's temporary directory between runs. Each app loads it into a database of its
 * own in memory: a fresh initdb takes seconds, and copying the 39 MB data directory per app
 * took over a second on the CI machine; loading the dump takes well under one.
 */
function seededTemplate(): Promise<Blob> {
  template ??= (async () => {
    const hash = createHash('sha1');
    for (const input of TEMPLATE_INPUTS) hash.update(readFileSync(join(__dirname, '../../..', input)));
    const file = join(tmpdir(), `nestjs-conditional-sample-${hash.digest('hex').slice(0, 12)}.tar`);
    if (!existsSync(file)) {
      const db = await PgliteDatabase.open('memory://');
      await ensureSchema(db);
      const dump = Buffer.from(await (await db.dump()).arrayBuffer());
      await db.close();
      // Written aside, then renamed: parallel jest workers never read half a file.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
    }
    return new Blob([readFileSync(file)]);
  })();
  return template;
}

/**
 * Where a sample in memory keeps its attachments: one directory for every test run, which each
 * start finds already made (the store writes aside and renames, so parallel workers agree).
 */
const SHARED_ATTACHMENTS_DIR = join(tmpdir(), 'nestjs-conditional-sample-attachments');

/**
 * Starts the sample on `platform` with its own embedded database, freshly seeded (or the one
 * in `options.dataDir`), and its attachments in `options.attachmentsDir` (by default in
 * `dataDir`, or a directory in the system's temporary directory). `override` may replace more
 * providers.
 */
export async function startSample(
  platform: Platform,
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
  options: { dataDir?: string; attachmentsDir?: string } = {},
): Promise<RunningApp> {
  // A directory when the test is about what survives a restart; otherwise memory, seeded.
  const database =
    options.dataDir !== undefined
      ? { dataDir: options.dataDir }
      : { dataDir: 'memory://', loadDataDir: await seededTemplate() };
  const attachmentsDir =
    options.attachmentsDir ??
    (options.dataDir !== undefined ? join(options.dataDir, 'attachments') : SHARED_ATTACHMENTS_DIR);
  return startApp(platform, AppModule, (builder) =>
    override(
      builder
        .overrideProvider(DATABASE_OPTIONS)
        .useValue(database)
        .overrideProvider(ATTACHMENTS_DIR)
        .useValue(attachmentsDir),
    ),
  );
}

/** The first start of a test file may make the seeded template (an initdb): seconds, not milliseconds. */
export const SAMPLE_START_TIMEOUT = 60_000;

/** A fresh sample (and database) for every test of the enclosing `describe`; a supertest client of it. */
export function useFreshSample(platform: Platform): () => ReturnType<typeof request> {
  let running: RunningApp;
  beforeEach(async () => {
    running = await startSample(platform);
  }, SAMPLE_START_TIMEOUT);
  afterEach(() => running.close());
  return () => request(running.url);
}
