import type { Pool } from 'pg';
import { type WriteCondition, versionOf, writeConditionally } from '../../src';
import type { DocRow } from './schema';

// recipe:start pg
/**
 * Raw `pg`: the condition is in the statement. One `UPDATE ... WHERE version = $n RETURNING`
 * is the whole compare-and-set; no row back means someone else won (or the row has gone).
 */
export function putDoc(pool: Pool, id: number, title: string, condition: WriteCondition) {
  return writeConditionally<DocRow>(condition, {
    update: async (holding) => {
      const version = holding.kind === 'match' ? versionOf(holding.etag) : null;
      const { rows } = await pool.query<DocRow>(
        `UPDATE docs SET title = $2, version = version + 1
         WHERE id = $1 AND ($3::int IS NULL OR version = $3) RETURNING id, title, version`,
        [id, title, version],
      );
      return rows[0]; // undefined: nothing matched, a 412
    },
    create: async () => {
      const { rows } = await pool.query<DocRow>(
        'INSERT INTO docs (id, title, version) VALUES ($1, $2, 1) ON CONFLICT (id) DO NOTHING RETURNING id, title, version',
        [id, title],
      );
      return rows[0]; // undefined: it exists already, a 412 for If-None-Match: *
    },
  });
}
// recipe:end pg
