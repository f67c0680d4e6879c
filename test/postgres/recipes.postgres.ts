import { PreconditionFailedException } from '@nestjs/common';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';
import { type EntityTag, type WriteCondition, lostRaceOf, versionTag, toEntityTag } from '../../src';
import { type RecipeDatabase, putDoc as kyselyPut } from '../recipes/kysely.recipe';
import { Doc as MikroDoc, DocSchema, putDoc as mikroPut } from '../recipes/mikro-orm.recipe';
import { putDoc as pgPut } from '../recipes/pg.recipe';
import { DOCS_SCHEMA } from '../recipes/schema';
import { Doc as SequelizeDoc, defineDoc, putDoc as sequelizePut } from '../recipes/sequelize.recipe';
import { Doc as TypeormDoc, putDoc as typeormPut } from '../recipes/typeorm.recipe';
import { PostgresCluster } from './support/cluster';

/*
 * The recipes of docs/lost-updates.md, run against a private PostgreSQL: each recipe's write
 * under 50 concurrent writers holding the same version, and each ORM's trap, shown to be real.
 */

const WRITERS = 50;
const match = (version: number): WriteCondition => ({
  kind: 'match',
  etag: toEntityTag(versionTag(version)) as EntityTag,
});

let cluster: PostgresCluster;
let admin: Pool;
beforeAll(async () => {
  cluster = await PostgresCluster.create();
  admin = idlePool({ connectionString: cluster.url, max: 2 });
});
/**
 * A pool whose idle connections may be ended by the server when the private cluster stops
 * ("terminating connection due to administrator command"): that is not a failure of the recipe.
 */
function idlePool(config: ConstructorParameters<typeof Pool>[0]): Pool {
  const pool = new Pool(config);
  pool.on('error', () => undefined);
  return pool;
}

afterAll(async () => {
  await admin?.end();
  await cluster?.destroy();
});

interface Recipe {
  put(id: number, title: string, condition: WriteCondition): Promise<unknown>;
  close(): Promise<void>;
}

const RECIPES: Array<{ name: string; open(url: string): Promise<Recipe> }> = [
  {
    name: 'pg',
    open: async (url) => {
      const pool = idlePool({ connectionString: url, max: 20 });
      return { put: (id, title, condition) => pgPut(pool, id, title, condition), close: () => pool.end() };
    },
  },
  {
    name: 'TypeORM',
    open: async (url) => {
      const dataSource = await new DataSource({
        type: 'postgres',
        url,
        entities: [TypeormDoc],
        extra: { max: 20 },
      }).initialize();
      return {
        put: (id, title, condition) => typeormPut(dataSource, id, title, condition),
        close: () => dataSource.destroy(),
      };
    },
  },
  {
    name: 'Kysely',
    open: async (url) => {
      const db = new Kysely<RecipeDatabase>({
        dialect: new PostgresDialect({ pool: idlePool({ connectionString: url, max: 20 }) }),
      });
      return { put: (id, title, condition) => kyselyPut(db, id, title, condition), close: () => db.destroy() };
    },
  },
  {
    name: 'Sequelize',
    open: async (url) => {
      const sequelize = new Sequelize(url, { logging: false, pool: { max: 20 } });
      defineDoc(sequelize);
      return {
        put: (id, title, condition) => sequelizePut(sequelize, id, title, condition),
        close: () => sequelize.close(),
      };
    },
  },
  {
    name: 'MikroORM',
    open: async (url) => {
      const orm = await MikroORM.init({
        clientUrl: url,
        entities: [DocSchema],
        pool: { max: 20 },
        debug: false,
        allowGlobalContext: false,
      });
      return { put: (id, title, condition) => mikroPut(orm, id, title, condition), close: () => orm.close() };
    },
  },
];

async function stored(id: number) {
  return (await admin.query('SELECT id, title, version FROM docs WHERE id = $1', [id])).rows[0];
}

/** Settles every write: how many were written and how many were 412s (anything else fails the test). */
async function outcomes(writes: Array<Promise<unknown>>) {
  const settled = await Promise.allSettled(writes);
  const others = settled.filter((s) => s.status === 'rejected' && !(s.reason instanceof PreconditionFailedException));
  expect(others.map((s) => (s as PromiseRejectedResult).reason)).toEqual([]);
  return {
    written: settled.filter((s) => s.status === 'fulfilled') as Array<
      PromiseFulfilledResult<{ value: unknown; created: boolean }>
    >,
    preconditionFailed: settled.filter((s) => s.status === 'rejected').length,
  };
}

describe.each(RECIPES)('the $name recipe on PostgreSQL', ({ open }) => {
  let recipe: Recipe;
  beforeAll(async () => {
    recipe = await open(cluster.url);
  });
  afterAll(() => recipe?.close());
  beforeEach(async () => {
    await admin.query(DOCS_SCHEMA);
    await admin.query("INSERT INTO docs VALUES (1, 'seed', 1)");
  });

  it(`${WRITERS} concurrent writes holding version 1: one written, ${WRITERS - 1} × 412, the row at version 2 with the winner's title`, async () => {
    const { written, preconditionFailed } = await outcomes(
      Array.from({ length: WRITERS }, (_, i) => recipe.put(1, `writer ${i}`, match(1))),
    );
    expect([written.length, preconditionFailed]).toEqual([1, WRITERS - 1]);
    expect(written[0].value.created).toBe(false);
    const row = await stored(1);
    expect(row.version).toBe(2);
    expect(row.title).toMatch(/^writer \d+$/);
  });

  it(`${WRITERS} concurrent create-only writes (If-None-Match: *): one created, ${WRITERS - 1} × 412, one row`, async () => {
    const { written, preconditionFailed } = await outcomes(
      Array.from({ length: WRITERS }, (_, i) => recipe.put(2, `creator ${i}`, { kind: 'absent' })),
    );
    expect([written.length, preconditionFailed]).toEqual([1, WRITERS - 1]);
    expect(written[0].value.created).toBe(true);
    expect((await admin.query('SELECT version FROM docs WHERE id = 2')).rows).toEqual([{ version: 1 }]);
  });

  it('a write holding a version of a row that has gone: 412, and the row is not created again', async () => {
    await admin.query('DELETE FROM docs WHERE id = 1');
    await expect(recipe.put(1, 'ghost', match(1))).rejects.toBeInstanceOf(PreconditionFailedException);
    await expect(recipe.put(1, 'ghost', { kind: 'exists' })).rejects.toBeInstanceOf(PreconditionFailedException);
    expect(await stored(1)).toBeUndefined();
  });

  it('If-Match: * writes whatever version is there; an unconditional write creates what is missing', async () => {
    await admin.query('UPDATE docs SET version = 5 WHERE id = 1');
    await recipe.put(1, 'star', { kind: 'exists' });
    expect(await stored(1)).toEqual({ id: 1, title: 'star', version: 6 });
    await expect(recipe.put(3, 'new', { kind: 'none' })).resolves.toMatchObject({ created: true });
    expect(await stored(3)).toEqual({ id: 3, title: 'new', version: 1 });
  });
});

describe('the traps the recipes avoid, shown to be real', () => {
  beforeEach(async () => {
    await admin.query(DOCS_SCHEMA);
    await admin.query("INSERT INTO docs VALUES (1, 'seed', 1)");
  });

  it(`raw SQL: reading the version, then writing WHERE id = $1 alone, lets all ${WRITERS} writers holding version 1 win`, async () => {
    const pool = idlePool({ connectionString: cluster.url, max: 20 });
    try {
      const seen = await Promise.all(
        Array.from({ length: WRITERS }, () => pool.query('SELECT version FROM docs WHERE id = 1')),
      );
      expect(seen.every(({ rows }) => rows[0].version === 1)).toBe(true);
      const writes = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          pool.query('UPDATE docs SET title = $1, version = version + 1 WHERE id = 1', [`writer ${i}`]),
        ),
      );
      expect(writes.filter(({ rowCount }) => rowCount === 1)).toHaveLength(WRITERS);
      expect((await stored(1)).version).toBe(1 + WRITERS);
    } finally {
      await pool.end();
    }
  });

  it('TypeORM: save() of an entity loaded before another write overwrites that write, without an error', async () => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: cluster.url,
      entities: [TypeormDoc],
    }).initialize();
    try {
      const docs = dataSource.getRepository(TypeormDoc);
      const loaded = (await docs.findOneBy({ id: 1 }))!;
      await docs.update({ id: 1, version: 1 }, { title: 'the other write' });
      expect(await stored(1)).toMatchObject({ title: 'the other write', version: 2 });
      loaded.title = 'stale';
      await docs.save(loaded);
      // The other write is lost, and the version went back to 1: the old ETag "v1" is valid again.
      expect(await stored(1)).toMatchObject({ title: 'stale', version: 1 });
    } finally {
      await dataSource.destroy();
    }
  });

  it('Sequelize: the static update() with the version in where does not bump it, so the old version keeps matching', async () => {
    const sequelize = new Sequelize(cluster.url, { logging: false });
    try {
      defineDoc(sequelize);
      expect(await SequelizeDoc.update({ title: 'first' }, { where: { id: 1, version: 1 } })).toEqual([1]);
      expect(await SequelizeDoc.update({ title: 'second' }, { where: { id: 1, version: 1 } })).toEqual([1]);
      expect(await stored(1)).toMatchObject({ title: 'second', version: 1 });
    } finally {
      await sequelize.close();
    }
  });

  it("Kysely: an update's result object is truthy when it matched nothing (numUpdatedRows 0n)", async () => {
    const db = new Kysely<RecipeDatabase>({
      dialect: new PostgresDialect({ pool: idlePool({ connectionString: cluster.url }) }),
    });
    try {
      const result = await db
        .updateTable('docs')
        .set({ title: 'x' })
        .where('id', '=', 1)
        .where('version', '=', 99)
        .executeTakeFirst();
      expect(result).toBeTruthy();
      expect(result.numUpdatedRows).toBe(BigInt(0));
    } finally {
      await db.destroy();
    }
  });

  it("MikroORM: a flush checks the version the entity was found at, not the client's; em.lock() with the client's version throws OptimisticLockError, which lostRaceOf reads as a lost race", async () => {
    const orm = await MikroORM.init({ clientUrl: cluster.url, entities: [DocSchema], debug: false });
    try {
      // The client read version 1; another write made it 2 before this handler found it.
      await admin.query("UPDATE docs SET title = 'the other write', version = 2 WHERE id = 1");
      const em = orm.em.fork();
      const found = (await em.findOne(MikroDoc, { id: 1 }))!;
      found.title = 'stale client';
      await em.flush();
      expect(await stored(1)).toMatchObject({ title: 'stale client', version: 3 });

      const locking = orm.em.fork();
      const again = (await locking.findOne(MikroDoc, { id: 1 }))!;
      const failure = await locking.lock(again, LockMode.OPTIMISTIC, 1).catch((error: unknown) => error);
      expect((failure as Error).name).toBe('OptimisticLockError');
      expect(lostRaceOf(failure, match(1))).toBe('optimistic-lock');
    } finally {
      await orm.close();
    }
  });
});
