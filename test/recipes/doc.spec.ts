import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** docs/lost-updates.md quotes every tested recipe verbatim: this fails when they drift apart. */
describe('docs/lost-updates.md', () => {
  const doc = readFileSync(join(__dirname, '../../docs/lost-updates.md'), 'utf8');
  const recipes = readdirSync(__dirname).filter((file) => file.endsWith('.recipe.ts'));

  it('has a recipe file for each of pg, TypeORM, Kysely, Sequelize and MikroORM', () => {
    expect(recipes.sort()).toEqual([
      'kysely.recipe.ts',
      'mikro-orm.recipe.ts',
      'pg.recipe.ts',
      'sequelize.recipe.ts',
      'typeorm.recipe.ts',
    ]);
  });

  it.each(recipes)('quotes the recipe of %s as it is tested', (file) => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    const match = /\/\/ recipe:start [\w-]+\n([\s\S]*?)\/\/ recipe:end/.exec(source);
    expect(match).not.toBeNull();
    expect(doc).toContain(`\`\`\`ts\n${match![1]}\`\`\``);
  });
});
