import { type Kysely, sql } from 'kysely';
import { type WriteCondition, versionOf, writeConditionally } from '../../src';
import type { DocRow } from './schema';

export interface RecipeDatabase {
  docs: DocRow;
}

// recipe:start kysely
/**
 * Kysely: return the row (`returningAll().executeTakeFirst()`, undefined when nothing
 * matched), not the `UpdateResult`, which is an object, truthy even for 0 rows.
 */
export function putDoc(db: Kysely<RecipeDatabase>, id: number, title: string, condition: WriteCondition) {
  return writeConditionally(condition, {
    update: (holding) => {
      let update = db
        .updateTable('docs')
        .set({ title, version: sql<number>`version + 1` })
        .where('id', '=', id);
      if (holding.kind === 'match') update = update.where('version', '=', versionOf(holding.etag));
      return update.returningAll().executeTakeFirst();
    },
    create: () =>
      db
        .insertInto('docs')
        .values({ id, title, version: 1 })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returningAll()
        .executeTakeFirst(),
  });
}
// recipe:end kysely
