import { Column, DataSource, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { WriteCondition, versionOf, writeConditionally } from '../../src';

@Entity('docs')
export class Doc {
  @PrimaryColumn()
  id!: number;

  @Column()
  title!: string;

  @VersionColumn()
  version!: number;
}

// recipe:start typeorm
/**
 * TypeORM: `update()` with the version in its criteria (the @VersionColumn is bumped for you)
 * and `affected` as the outcome. Never `save()` an entity loaded earlier: it does not compare
 * its version with the stored one.
 */
export function putDoc(dataSource: DataSource, id: number, title: string, condition: WriteCondition) {
  const docs = dataSource.getRepository(Doc);
  return writeConditionally(condition, {
    update: async (holding) => {
      const where = holding.kind === 'match' ? { id, version: versionOf(holding.etag) } : { id };
      return (await docs.update(where, { title })).affected; // 0: a 412
    },
    create: async () => {
      const inserted = await docs
        .createQueryBuilder()
        .insert()
        .values({ id, title, version: 1 })
        .orIgnore()
        .returning(['id'])
        .execute();
      return inserted.raw.length; // 0: ON CONFLICT DO NOTHING inserted nothing, a 412
    },
  });
}
// recipe:end typeorm
