import { EntitySchema, type MikroORM, raw } from '@mikro-orm/postgresql';
import { type WriteCondition, versionOf, writeConditionally } from '../../src';

export class Doc {
  id!: number;
  title!: string;
  version!: number;
}

export const DocSchema = new EntitySchema<Doc>({
  class: Doc,
  tableName: 'docs',
  properties: {
    id: { type: 'number', primary: true, autoincrement: false },
    title: { type: 'string' },
    version: { type: 'number', version: true },
  },
});

// recipe:start mikro-orm
/**
 * MikroORM 6: `nativeUpdate()` with the client's version in the filter, the row count as the
 * outcome. A flush of an entity found now checks the version it was found at, not the
 * version the client's If-Match named.
 */
export function putDoc(orm: MikroORM, id: number, title: string, condition: WriteCondition) {
  const em = orm.em.fork();
  return writeConditionally(condition, {
    update: (holding) => {
      const where = holding.kind === 'match' ? { id, version: versionOf(holding.etag) } : { id };
      return em.nativeUpdate(Doc, where, { title, version: raw('version + 1') }); // 0: a 412
    },
    create: async () => {
      const rows = await em
        .getConnection()
        .execute('INSERT INTO docs (id, title, version) VALUES (?, ?, 1) ON CONFLICT (id) DO NOTHING RETURNING id', [
          id,
          title,
        ]);
      return rows.length; // 0: it exists, a 412
    },
  });
}
// recipe:end mikro-orm
