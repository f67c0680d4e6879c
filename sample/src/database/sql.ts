/** The transaction isolation levels the sample uses (PostgreSQL's names). */
export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** One query's result, as both drivers give it. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  /** Rows inserted, updated or deleted (0: the write's `WHERE` matched nothing). */
  readonly rowCount: number;
}

/** What a query runs on: the database, or one transaction of it. */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/**
 * The sample's database, the same SQL on both engines: PGlite (PostgreSQL compiled to
 * WebAssembly, embedded in the process, the default) or a PostgreSQL server through `pg`
 * (`DATABASE_URL`).
 */
export interface SqlDatabase extends SqlQueryable {
  /** Which engine, for the start-up line. */
  readonly description: string;
  /** Queries sent since start (`GET /stats/database`): shows which paths reach the database. */
  readonly queries: number;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>, isolation?: Isolation): Promise<T>;
  close(): Promise<void>;
}
