import { Pool, type PoolClient } from 'pg';
import { type Isolation, type SqlDatabase, type SqlQueryable, type SqlResult } from './sql';

export interface PgOptions {
  /** Fail a request fast when the server cannot be reached, rather than queueing (ms). */
  readonly connectionTimeoutMillis?: number;
  readonly max?: number;
}

/** A PostgreSQL server through a `pg` pool: how several instances of the sample share one database. */
export class PgDatabase implements SqlDatabase {
  queries = 0;
  readonly description: string;
  private readonly pool: Pool;

  constructor(url: string, options: PgOptions = {}) {
    this.pool = new Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2000,
      // A query stuck on a server that went away fails instead of hanging the request.
      query_timeout: 5000,
    });
    // An idle connection the server closed (a restart) is dropped; the pool opens a new one.
    this.pool.on('error', () => undefined);
    const { hostname, pathname } = new URL(url);
    this.description = `PostgreSQL at ${hostname || 'a Unix socket'}${pathname}`;
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
    this.queries++;
    const raw = await this.pool.query(text, params as unknown[]);
    return { rows: raw.rows as Row[], rowCount: raw.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>, isolation: Isolation = 'READ COMMITTED'): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    const tx: SqlQueryable = {
      query: async <Row>(text: string, params: readonly unknown[] = []) => {
        this.queries++;
        const raw = await client.query(text, params as unknown[]);
        return { rows: raw.rows as Row[], rowCount: raw.rowCount ?? 0 };
      },
    };
    let broken: unknown;
    try {
      await tx.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const value = await work(tx);
      await tx.query('COMMIT');
      return value;
    } catch (error) {
      await tx.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection whose rollback failed is not given back to the pool.
      client.release(broken as Error | undefined);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
