import { resolve } from 'node:path';
import { PgDatabase } from './pg-database';
import { PgliteDatabase } from './pglite-database';
import { ensureSchema } from './schema';
import { type SqlDatabase } from './sql';

/** Where the sample keeps its data. */
export interface DatabaseOptions {
  /** `postgres://...`: a PostgreSQL server (how several instances share one database). */
  readonly url?: string;
  /** The embedded database's directory (default `sample/.data`, git-ignored). */
  readonly dataDir?: string;
  /** Tests: start the embedded database from this dump of a seeded one (much faster than a fresh initdb). */
  readonly loadDataDir?: Blob;
}

/** `sample/.data`, from `sample/src/database` as from `sample/dist/database`. */
export const DEFAULT_DATA_DIR = resolve(__dirname, '../../.data');

/** The options from the environment: `DATABASE_URL`, else `DATA_DIR`, else `sample/.data`. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.DATA_DIR || DEFAULT_DATA_DIR };
}

/** Opens the database and makes sure its schema and seed exist. */
export async function openDatabase(options: DatabaseOptions): Promise<SqlDatabase> {
  const db = options.url
    ? new PgDatabase(options.url)
    : await PgliteDatabase.open(options.dataDir ?? DEFAULT_DATA_DIR, { loadDataDir: options.loadDataDir });
  try {
    await ensureSchema(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
