import { Controller, Get, Module, Put, Type } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { CacheControl, Condition, ConditionalModule, ETag } from '../../src';
import { ConditionalRouteWiring } from '../../src/pipeline/conditional-route-wiring';

/*
 * The platform hook that decides requests on the rendered response is installed only when
 * some route can need it: a GET/HEAD route with a validator, or conditionalGet. On Fastify
 * it is one app-wide onSend hook; on Express nothing app-wide but for conditionalGet (the
 * one response that needs it gets its res.send wrapped).
 */

@Controller('plain')
class PlainController {
  @Get()
  get() {
    return {};
  }
}

@Controller('cache-only')
class CacheOnlyController {
  @Get()
  @CacheControl({ maxAge: 60 })
  get() {
    return {};
  }
}

@Controller('write-only')
class WriteOnlyController {
  @Put()
  @Condition({ etag: () => '"w1"' })
  put() {
    return {};
  }
}

@Controller('early')
class EarlyController {
  @Get()
  @Condition({ etag: () => null })
  get() {
    return {};
  }

  @Get('other')
  @ETag(() => '"o1"')
  other() {
    return {};
  }
}

@Controller('from-body')
class FromBodyController {
  @Get()
  @ETag()
  get() {
    return {};
  }
}

const APPS: Array<[string, Array<Type<unknown>>, boolean, boolean]> = [
  ['no conditional route', [PlainController], false, false],
  ['only cache fields', [PlainController, CacheOnlyController], false, false],
  ['validators on a PUT only', [PlainController, WriteOnlyController], false, false],
  ['GET routes with early validators (they may return nothing)', [PlainController, EarlyController], false, true],
  ['a GET route with @ETag()', [PlainController, FromBodyController], false, true],
  ['conditionalGet, no conditional route', [PlainController], true, true],
];

async function start(
  controllers: Array<Type<unknown>>,
  conditionalGet: boolean,
  adapter: ExpressAdapter | FastifyAdapter,
) {
  @Module({ imports: [ConditionalModule.forRoot({ conditionalGet })], controllers })
  class RootModule {}
  const moduleRef = await Test.createTestingModule({ imports: [RootModule] }).compile();
  const app = moduleRef.createNestApplication(adapter, { logger: false });
  await app.init();
  return app;
}

/** The middleware layers of an Express app, its routes aside. */
function middlewareLayers(app: { getHttpAdapter(): { getInstance(): any } }): unknown[] {
  return app
    .getHttpAdapter()
    .getInstance()
    .router.stack.filter((layer: { route?: unknown }) => layer.route === undefined);
}

/** How many middleware layers Nest itself gives an Express app, without the library. */
async function baselineLayers(): Promise<number> {
  @Module({ controllers: [PlainController] })
  class WithoutLibrary {}
  const moduleRef = await Test.createTestingModule({ imports: [WithoutLibrary] }).compile();
  const app = moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
  await app.init();
  const count = middlewareLayers(app).length;
  await app.close();
  return count;
}

describe.each(APPS)('an app with %s', (_name, controllers, conditionalGet, decidesOnRender) => {
  it(`may decide on the rendered response: ${decidesOnRender}`, async () => {
    const app = await start(controllers, conditionalGet, new ExpressAdapter());
    expect(app.get(ConditionalRouteWiring).validatesRenderedResponses).toBe(decidesOnRender);
    await app.close();
  });

  it(`Fastify: ${decidesOnRender ? 'one onSend hook' : 'no onSend hook'}`, async () => {
    const adapter = new FastifyAdapter();
    const addHook = jest.spyOn(adapter.getInstance(), 'addHook');
    const app = await start(controllers, conditionalGet, adapter);
    expect(addHook.mock.calls.filter(([name]) => name === 'onSend')).toHaveLength(decidesOnRender ? 1 : 0);
    await app.close();
  });

  it(`Express: ${conditionalGet ? 'one middleware' : 'no middleware'} of the library's`, async () => {
    const app = await start(controllers, conditionalGet, new ExpressAdapter());
    expect(middlewareLayers(app)).toHaveLength((await baselineLayers()) + (conditionalGet ? 1 : 0));
    await app.close();
  });
});
