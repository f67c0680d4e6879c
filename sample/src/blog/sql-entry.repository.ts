import { Inject, Injectable } from '@nestjs/common';
import { WriteCondition, versionOf } from 'nestjs-conditional';
import { Isolation, SqlDatabase, SqlQueryable } from '../database/sql';
import { Entry, EntryInput } from './entry';
import { CollectionState, EntryRepository, EntryValidatorRow } from './entry.repository';
import { WriteGate } from './write-gate';

/** The injection token of the sample's database. */
export const SQL_DATABASE = Symbol('SQL_DATABASE');

/**
 * How the sample writes. `conditional` (the default) puts the request's condition into the
 * write. `check-then-write` is the bug it prevents, kept for the tests' control run: it reads
 * the version, compares it, then writes with `WHERE id = $1` alone, so two writers holding
 * the same version can both win (`SAMPLE_WRITES=check-then-write`; never use it for real).
 */
export type WriteMode = 'conditional' | 'check-then-write';

export interface SqlEntryOptions {
  readonly writeMode?: WriteMode;
  /** The isolation level of PATCH's read-merge-write transaction (default READ COMMITTED). */
  readonly patchIsolation?: Isolation;
}
export const SQL_ENTRY_OPTIONS = Symbol('SQL_ENTRY_OPTIONS');

interface EntryRow {
  id: number;
  blog_id: number;
  author: string;
  title: string;
  body: string;
  published: Date;
  updated_at: Date;
  version: number;
}

function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    blogId: row.blog_id,
    author: row.author,
    title: row.title,
    body: row.body,
    published: new Date(row.published),
    updatedAt: new Date(row.updated_at),
    version: row.version,
  };
}

const COLUMNS = 'id, blog_id, author, title, body, published, updated_at, version';

/**
 * An entry write (`INSERT` or `UPDATE` without `RETURNING`) as one statement that also moves
 * the state of the blog and the author of every row it wrote: the write and the collections'
 * validators change together or not at all (a write whose condition fails touches nothing), on
 * PGlite as on a server. `clock_timestamp()`, not `now()` (the transaction's start): a writer
 * that waited for another's row lock must not move the time backwards, hence `greatest`.
 * Every write locks its entry, then the blog, then the author, so writers never deadlock.
 */
function touchingCollections(write: string): string {
  return `WITH written AS (${write} RETURNING ${COLUMNS}),
    blog AS (
      INSERT INTO blogs AS b (id, version, modified_at) SELECT DISTINCT blog_id, 1, clock_timestamp() FROM written
      ON CONFLICT (id) DO UPDATE SET version = b.version + 1, modified_at = greatest(b.modified_at, clock_timestamp())
    ),
    author AS (
      INSERT INTO authors AS a (name, version, modified_at) SELECT DISTINCT author, 1, clock_timestamp() FROM written
      ON CONFLICT (name) DO UPDATE SET version = a.version + 1, modified_at = greatest(a.modified_at, clock_timestamp())
    )
    SELECT * FROM written`;
}

function toState(row: { version: number; modified_at: Date } | undefined): CollectionState | undefined {
  return row && { version: row.version, modifiedAt: new Date(row.modified_at) };
}

/**
 * The `WHERE` part a write adds for its condition, from parameter `$next` on. `version = $n`
 * for If-Match; `updated_at < $before` for If-Unmodified-Since (an HTTP date has whole
 * seconds; comparing a JavaScript `Date` for equality would miss PostgreSQL's microseconds).
 */
function conditionSql(condition: WriteCondition, next: number): { sql: string; params: unknown[] } {
  switch (condition.kind) {
    case 'match':
      return { sql: ` AND version = $${next}`, params: [versionOf(condition.etag)] };
    case 'unmodified-since':
      return { sql: ` AND updated_at < $${next}`, params: [new Date(condition.modifiedBefore).toISOString()] };
    default:
      // exists, none: the entry must exist (NOT deleted), at any version. absent never updates.
      return { sql: '', params: [] };
  }
}

/** Entries in PostgreSQL (PGlite or a server): every write one statement or one transaction. */
@Injectable()
export class SqlEntryRepository extends EntryRepository {
  private readonly writeMode: WriteMode;
  private readonly patchIsolation: Isolation;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly gate: WriteGate,
    @Inject(SQL_ENTRY_OPTIONS) options: SqlEntryOptions,
  ) {
    super();
    this.writeMode = options.writeMode ?? 'conditional';
    this.patchIsolation = options.patchIsolation ?? 'READ COMMITTED';
  }

  async find(id: number): Promise<Entry | undefined> {
    const { rows } = await this.db.query<EntryRow>(`SELECT ${COLUMNS} FROM entries WHERE id = $1 AND NOT deleted`, [
      id,
    ]);
    return rows[0] && toEntry(rows[0]);
  }

  async validators(id: number): Promise<EntryValidatorRow | undefined> {
    const { rows } = await this.db.query<{ version: number; updated_at: Date }>(
      'SELECT version, updated_at FROM entries WHERE id = $1 AND NOT deleted',
      [id],
    );
    return rows[0] && { version: rows[0].version, updatedAt: new Date(rows[0].updated_at) };
  }

  async listByBlog(blogId: number): Promise<Entry[]> {
    const { rows } = await this.db.query<EntryRow>(
      `SELECT ${COLUMNS} FROM entries WHERE blog_id = $1 AND NOT deleted ORDER BY id`,
      [blogId],
    );
    return rows.map(toEntry);
  }

  async listByAuthor(author: string): Promise<Entry[]> {
    const { rows } = await this.db.query<EntryRow>(
      `SELECT ${COLUMNS} FROM entries WHERE author = $1 AND NOT deleted ORDER BY id`,
      [author],
    );
    return rows.map(toEntry);
  }

  async blogState(blogId: number): Promise<CollectionState | undefined> {
    const { rows } = await this.db.query<{ version: number; modified_at: Date }>(
      'SELECT version, modified_at FROM blogs WHERE id = $1',
      [blogId],
    );
    return toState(rows[0]);
  }

  async authorState(author: string): Promise<CollectionState | undefined> {
    const { rows } = await this.db.query<{ version: number; modified_at: Date }>(
      'SELECT version, modified_at FROM authors WHERE name = $1',
      [author],
    );
    return toState(rows[0]);
  }

  async update(id: number, input: EntryInput, condition: WriteCondition): Promise<Entry | undefined> {
    if (this.writeMode === 'check-then-write') return this.checkThenWrite(id, input, condition);
    await this.gate.arrive();
    return this.conditionalUpdate(this.db, id, input, condition);
  }

  async create(id: number, input: EntryInput): Promise<Entry | undefined> {
    await this.gate.arrive();
    // One statement: inserts, or revives a tombstone (its version goes on counting), or, when
    // a live entry is there, writes nothing. Concurrent creates wait on the row and see it.
    const { rows } = await this.db.query<EntryRow>(
      touchingCollections(`INSERT INTO entries (id, blog_id, author, title, body, published, updated_at, version)
       VALUES ($1, 1, 'alice', $2, $3, now(), now(), 1)
       ON CONFLICT (id) DO UPDATE
         SET blog_id = 1, author = 'alice', title = EXCLUDED.title, body = EXCLUDED.body, published = now(),
             updated_at = now(), version = entries.version + 1, deleted = false
         WHERE entries.deleted`),
      [id, input.title, input.body],
    );
    return rows[0] && toEntry(rows[0]);
  }

  async patch(
    id: number,
    merge: (current: Entry) => EntryInput,
    condition: WriteCondition,
  ): Promise<Entry | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<EntryRow>(`SELECT ${COLUMNS} FROM entries WHERE id = $1 AND NOT deleted`, [id]);
      if (rows[0] === undefined) return undefined;
      const input = merge(toEntry(rows[0]));
      await this.gate.arrive();
      // Under READ COMMITTED the UPDATE re-checks its WHERE on the newest row: a loser matches
      // nothing. Under REPEATABLE READ it fails with 40001 instead: writeConditionally maps it.
      return this.conditionalUpdate(tx, id, input, condition);
    }, this.patchIsolation);
  }

  async delete(id: number, condition: WriteCondition): Promise<boolean> {
    await this.gate.arrive();
    const where = conditionSql(condition, 2);
    // A tombstone: the version moves on, so that no old ETag matches a re-created entry.
    const { rows } = await this.db.query(
      touchingCollections(
        `UPDATE entries SET deleted = true, version = version + 1, updated_at = now() WHERE id = $1 AND NOT deleted${where.sql}`,
      ),
      [id, ...where.params],
    );
    return rows.length > 0;
  }

  private async conditionalUpdate(
    on: SqlQueryable,
    id: number,
    input: EntryInput,
    condition: WriteCondition,
  ): Promise<Entry | undefined> {
    const where = conditionSql(condition, 4);
    const { rows } = await on.query<EntryRow>(
      touchingCollections(`UPDATE entries SET title = $2, body = $3, version = version + 1, updated_at = now()
       WHERE id = $1 AND NOT deleted${where.sql}`),
      [id, input.title, input.body, ...where.params],
    );
    return rows[0] && toEntry(rows[0]);
  }

  /** The lost update, on purpose: the check and the write are two statements. */
  private async checkThenWrite(id: number, input: EntryInput, condition: WriteCondition): Promise<Entry | undefined> {
    const current = await this.validators(id);
    if (current === undefined) return undefined;
    if (condition.kind === 'match' && current.version !== versionOf(condition.etag)) return undefined;
    await this.gate.arrive();
    return this.conditionalUpdate(this.db, id, input, { kind: 'none' });
  }
}
