import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { type Isolation, type SqlDatabase, type SqlQueryable, type SqlResult } from './sql';

/** PGlite's query result, shaped as `pg`'s. */
function result<Row>(raw: { rows: Row[]; affectedRows?: number }): SqlResult<Row> {
  return { rows: raw.rows, rowCount: raw.affectedRows ?? raw.rows.length };
}

/**
 * PGlite's WebAssembly module and file-system bundle, read and compiled once per process: every
 * database opened after the first (the tests open one per app) starts without compiling 9 MB
 * of WebAssembly again.
 */
let runtime: Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>> | undefined;
function pgliteRuntime(): Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>> {
  runtime ??= (async () => {
    const dist = dirname(require.resolve('@electric-sql/pglite'));
    const pgliteWasmModule = await (globalThis as any).WebAssembly.compile(readFileSync(join(dist, 'pglite.wasm')));
    return { pgliteWasmModule, fsBundle: new Blob([readFileSync(join(dist, 'pglite.data'))]) };
  })();
  return runtime;
}

/**
 * The embedded database: PostgreSQL in the process (WebAssembly), its files in `dataDir`.
 * One connection: transactions run one at a time, so isolation levels are accepted but never
 * see a concurrent writer (the multi-instance behaviour is tested on a PostgreSQL server).
 */
export class PgliteDatabase implements SqlDatabase {
  queries = 0;

  private constructor(
    private readonly db: PGlite,
    readonly description: string,
  ) {}

  /** Opens (creating if needed) the database in `dataDir` (`memory://` for none), or loads it from a dump first. */
  static async open(dataDir: string, options: { loadDataDir?: Blob } = {}): Promise<PgliteDatabase> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const db = new PGlite(dataDir, {
      ...(await pgliteRuntime()),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    await db.waitReady;
    return new PgliteDatabase(db, `the embedded database (PGlite) in ${dataDir}`);
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
    this.queries++;
    return result(await this.db.query<Row>(text, params as unknown[]));
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>, isolation?: Isolation): Promise<T> {
    return this.db.transaction(async (tx) => {
      const queryable: SqlQueryable = {
        query: async <Row>(text: string, params: readonly unknown[] = []) => {
          this.queries++;
          return result(await tx.query<Row>(text, params as unknown[]));
        },
      };
      if (isolation !== undefined) await queryable.query(`SET TRANSACTION ISOLATION LEVEL ${isolation}`);
      return work(queryable);
    });
  }

  /** The whole data directory as a tarball, to start copies from (tests: one seeded template). */
  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none') as Promise<Blob>;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
