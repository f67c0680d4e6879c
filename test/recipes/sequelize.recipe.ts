import { DataTypes, Model, type Sequelize } from 'sequelize';
import { type WriteCondition, versionOf, writeConditionally } from '../../src';

export class Doc extends Model {
  declare id: number;
  declare title: string;
  declare version: number;
}

export function defineDoc(sequelize: Sequelize): typeof Doc {
  return Doc.init(
    { id: { type: DataTypes.INTEGER, primaryKey: true }, title: DataTypes.TEXT, version: DataTypes.INTEGER },
    { sequelize, tableName: 'docs', timestamps: false, version: true },
  );
}

// recipe:start sequelize
/**
 * Sequelize: the static `Model.update()` with the version in `where`, bumping the version
 * yourself (it does not, even with `version: true`); its first element is the row count.
 * `instance.save()` checks the version it loaded, not the client's.
 */
export function putDoc(sequelize: Sequelize, id: number, title: string, condition: WriteCondition) {
  return writeConditionally(condition, {
    update: async (holding) => {
      const where = holding.kind === 'match' ? { id, version: versionOf(holding.etag) } : { id };
      const [count] = await Doc.update({ title, version: sequelize.literal('version + 1') }, { where });
      return count; // 0: a 412
    },
    create: async () => {
      const [rows] = await sequelize.query(
        'INSERT INTO docs (id, title, version) VALUES (:id, :title, 1) ON CONFLICT (id) DO NOTHING RETURNING id',
        {
          replacements: { id, title },
        },
      );
      return rows.length; // 0: it exists, a 412
    },
  });
}
// recipe:end sequelize
