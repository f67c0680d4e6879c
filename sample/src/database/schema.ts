import { type Entry } from '../blog/entry';
import { seedEntries } from '../blog/seed';
import { type SqlDatabase, type SqlQueryable } from './sql';

/** Any constant: the advisory lock every starting instance takes to create the schema. */
const SCHEMA_LOCK = 7_140_014;

/**
 * The schema. An entry's `version` is its ETag; a deleted entry is kept as a tombstone
 * (`deleted`), so that its version goes on counting when it is created again: an old ETag
 * never becomes valid again after a delete and re-create.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  id integer PRIMARY KEY,
  blog_id integer NOT NULL,
  author text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  published timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS entries_blog ON entries (blog_id) WHERE NOT deleted;
CREATE TABLE IF NOT EXISTS sample_seeded (seeded boolean PRIMARY KEY);
CREATE TABLE IF NOT EXISTS blogs (id integer PRIMARY KEY, version integer NOT NULL, modified_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS authors (name text PRIMARY KEY, version integer NOT NULL, modified_at timestamptz NOT NULL)`;

/**
 * The collections' versions and modification times (what the pages listing entries use as
 * validators; every entry write moves them), for a blog or author that has none yet: the seed,
 * and a database made before these tables. Tombstones count: a deletion is a modification.
 */
const COLLECTIONS = [
  'INSERT INTO blogs (id, version, modified_at) SELECT blog_id, 1, max(updated_at) FROM entries GROUP BY blog_id ON CONFLICT DO NOTHING',
  'INSERT INTO authors (name, version, modified_at) SELECT author, 1, max(updated_at) FROM entries GROUP BY author ON CONFLICT DO NOTHING',
];

/**
 * Creates the schema and the seed entries unless they exist. Instances started at the same
 * moment on an empty database agree: each takes a transaction-scoped advisory lock first, so
 * one creates everything and the others, after it commits, find it done; the seed is marked
 * done in the same transaction, so that entries deleted later are not seeded again.
 */
export async function ensureSchema(db: SqlDatabase, seed: readonly Entry[] = seedEntries()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const statement of SCHEMA.split(';')) await tx.query(statement);
    const first = await tx.query('INSERT INTO sample_seeded VALUES (true) ON CONFLICT DO NOTHING RETURNING seeded');
    if (first.rowCount > 0) await seedEntriesInto(tx, seed);
    for (const statement of COLLECTIONS) await tx.query(statement);
  });
}

async function seedEntriesInto(tx: SqlQueryable, seed: readonly Entry[]): Promise<void> {
  await tx.query(
    `INSERT INTO entries (id, blog_id, author, title, body, published, updated_at, version)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::int[])
     ON CONFLICT (id) DO NOTHING`,
    [
      seed.map((e) => e.id),
      seed.map((e) => e.blogId),
      seed.map((e) => e.author),
      seed.map((e) => e.title),
      seed.map((e) => e.body),
      seed.map((e) => e.published.toISOString()),
      seed.map((e) => e.updatedAt.toISOString()),
      seed.map((e) => e.version),
    ],
  );
}
