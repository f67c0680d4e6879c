import { Body, CanActivate, Controller, Get, Injectable, Module, Param, Put, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ConditionalGuard, ConditionalModule, ETag } from '../../src';
import { NotModifiedFilter } from '../../src/exceptions/not-modified.filter';
import { ConditionalRouteRegistry } from '../../src/request/route-registry';
import { ConditionalRouteWiring } from '../../src/pipeline/conditional-route-wiring';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, RunningApp, startApp } from './support/platforms';

const handled: string[] = [];

/** A controller the library knows nothing about. */
@Controller('plain')
class PlainController {
  @Get(':id')
  find(@Param('id') id: string) {
    handled.push('plain.find');
    return { id, plain: true };
  }

  @Put(':id')
  replace(@Param('id') id: string, @Body() body: unknown) {
    handled.push('plain.replace');
    return { id, body };
  }
}

/** One decorated route and one undecorated route in the same controller. */
@Controller('mixed')
class MixedController {
  @Get('decorated')
  @ETag(() => 'd1')
  decorated() {
    handled.push('mixed.decorated');
    return { decorated: true };
  }

  @Get('undecorated')
  undecorated() {
    handled.push('mixed.undecorated');
    return { undecorated: true };
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [PlainController, MixedController] })
class AppModule {}

const GLOBAL_TOKENS: unknown[] = [APP_GUARD, APP_INTERCEPTOR, APP_FILTER, APP_PIPE];

/** The providers of a compiled application whose token is, or is named after, APP_GUARD and the like. */
function globalEnhancerProviders(modules: ModulesContainer): string[] {
  const found: string[] = [];
  for (const module of modules.values()) {
    for (const token of module.providers.keys()) {
      // Nest stores `{ provide: APP_GUARD }` under a token such as "APP_GUARD (UUID: ...)".
      if (
        GLOBAL_TOKENS.some(
          (global) => token === global || (typeof token === 'string' && token.startsWith(`${global as string} `)),
        )
      ) {
        found.push(`${module.metatype.name}: ${String(token)}`);
      }
    }
  }
  return found;
}

/** The middleware layers of an Express app (its routes aside). */
function expressMiddlewareLayers(app: { getHttpAdapter(): { getInstance(): any } }): string[] {
  return app
    .getHttpAdapter()
    .getInstance()
    .router.stack.filter((layer: { route?: unknown }) => layer.route === undefined)
    .map((layer: { name: string }) => layer.name);
}

/** Every global enhancer the application config holds once the app is initialised. */
function globalEnhancers(config: ApplicationConfig): unknown[] {
  return [
    ...config.getGlobalGuards(),
    ...config.getGlobalInterceptors(),
    ...config.getGlobalFilters(),
    ...config.getGlobalPipes(),
    ...config.getGlobalRequestGuards(),
    ...config.getGlobalRequestInterceptors(),
    ...config.getGlobalRequestFilters(),
    ...config.getGlobalRequestPipes(),
  ];
}

describe.each(PLATFORMS)('undecorated routes never reach the library ($platform)', (platform) => {
  let running: RunningApp;
  let canActivate: jest.SpyInstance;
  let filterCatch: jest.SpyInstance;
  let planFor: jest.SpyInstance;

  beforeAll(async () => {
    // Before the app starts: Nest binds each filter's `catch` when it registers the routes.
    canActivate = jest.spyOn(ConditionalGuard.prototype, 'canActivate');
    filterCatch = jest.spyOn(NotModifiedFilter.prototype, 'catch');
    planFor = jest.spyOn(ConditionalRouteRegistry.prototype, 'planFor');
    running = await startApp(platform, AppModule);
  });
  afterAll(async () => {
    await running.close();
    jest.restoreAllMocks();
  });
  beforeEach(() => {
    handled.splice(0);
    jest.clearAllMocks();
  });
  const client = () => request(running.url);

  it('the spies work: a decorated route calls the guard, and its 304 goes through the filter', async () => {
    const ok = await client().get('/mixed/decorated');
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"d1"');
    expect(canActivate).toHaveBeenCalledTimes(1);
    expect(filterCatch).not.toHaveBeenCalled();

    expectBodilessNotModified(await client().get('/mixed/decorated').set('If-None-Match', '"d1"'));
    expect(canActivate).toHaveBeenCalledTimes(2);
    expect(filterCatch).toHaveBeenCalledTimes(1);
    expect(handled).toEqual(['mixed.decorated']);
  });

  it.each([
    ['an undecorated controller', '/plain/1', 'plain.find', { id: '1', plain: true }],
    ['an undecorated route next to a decorated one', '/mixed/undecorated', 'mixed.undecorated', { undecorated: true }],
  ])(
    '%s: GET with failing preconditions runs the handler, and no library code runs',
    async (_name, path, handler, body) => {
      const failing = await client()
        .get(path)
        .set('If-Match', '"nope"')
        .set('If-Unmodified-Since', 'Sat, 01 Jan 2000 00:00:00 GMT');
      expect(failing.status).toBe(200);
      expect(failing.body).toEqual(body);
      expect(handled).toEqual([handler]);
      expect(canActivate).not.toHaveBeenCalled();
      expect(filterCatch).not.toHaveBeenCalled();
      expect(planFor).not.toHaveBeenCalled();
    },
  );

  it('an undecorated PUT with If-Match: "nope" is not refused (no 412): the library does not see it', async () => {
    const response = await client().put('/plain/1').set('If-Match', '"nope"').send({ x: 1 });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: '1', body: { x: 1 } });
    expect(handled).toEqual(['plain.replace']);
    expect(canActivate).not.toHaveBeenCalled();
    expect(planFor).not.toHaveBeenCalled();
  });

  it("an undecorated GET keeps the platform's own conditional behaviour", async () => {
    const first = await client().get('/plain/1');
    expect(first.status).toBe(200);
    if (platform.platform === 'express') {
      // Express's own weak body ETag and its own 304 from req.fresh: not switched off here.
      expect(first.headers.etag).toMatch(/^W\/"/);
      const again = await client().get('/plain/1').set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
      expect(handled).toEqual(['plain.find', 'plain.find']); // Express decides its 304 after the handler
    } else {
      // Fastify has no conditional logic of its own: no ETag, and If-None-Match changes nothing.
      expect(first.headers.etag).toBeUndefined();
      const again = await client().get('/plain/1').set('If-None-Match', '*');
      expect(again.status).toBe(200);
      expect(handled).toEqual(['plain.find', 'plain.find']);
    }
    expect(first.headers['last-modified']).toBeUndefined();
    expect(canActivate).not.toHaveBeenCalled();
    expect(filterCatch).not.toHaveBeenCalled();
  });
});

describe('the module registers nothing global', () => {
  it.each([
    ['forRoot()', ConditionalModule.forRoot()],
    ['forRoot({ requirePrecondition: true })', ConditionalModule.forRoot({ requirePrecondition: true })],
    ['forRootAsync({ useFactory })', ConditionalModule.forRootAsync({ useFactory: () => ({}) })],
  ])(
    '%s: no APP_GUARD, APP_INTERCEPTOR, APP_FILTER or APP_PIPE provider, no global enhancer, no middleware',
    async (_name, dynamicModule) => {
      const declared = [
        ...(Reflect.getMetadata('providers', ConditionalModule) ?? []),
        ...(dynamicModule.providers ?? []),
      ];
      expect(declared.filter((provider: { provide?: unknown }) => GLOBAL_TOKENS.includes(provider?.provide))).toEqual(
        [],
      );
      // With no conditional route, the module does not even reach the platform.
      const platform = jest.spyOn(ConditionalRouteRegistry.prototype, 'platform', 'get');
      @Module({ imports: [dynamicModule], controllers: [PlainController] })
      class PlainRootModule {}
      const plainRef = await Test.createTestingModule({ imports: [PlainRootModule] }).compile();
      const plainApp = plainRef.createNestApplication(PLATFORMS[0].adapter(), { logger: false });
      await plainApp.init();
      expect(plainApp.get(ConditionalRouteWiring).validatesRenderedResponses).toBe(false);
      expect(platform).not.toHaveBeenCalled();
      platform.mockRestore();

      // A conditional GET route may be decided on its rendered response (validators that return
      // nothing): on Express that wraps the one response that needs it, nothing app-wide.
      @Module({ imports: [dynamicModule], controllers: [PlainController, MixedController] })
      class RootModule {}
      const moduleRef = await Test.createTestingModule({ imports: [RootModule] }).compile();
      const app = moduleRef.createNestApplication(PLATFORMS[0].adapter(), { logger: false });
      await app.init();
      const conditionalModules = [...moduleRef.get(ModulesContainer).values()].filter(
        (module) => module.metatype === ConditionalModule,
      );
      expect(conditionalModules).toHaveLength(1);
      expect(globalEnhancerProviders(moduleRef.get(ModulesContainer))).toEqual([]);
      expect(globalEnhancers(app.get(ApplicationConfig))).toEqual([]);
      expect(app.get(ConditionalRouteWiring).validatesRenderedResponses).toBe(true);
      expect(expressMiddlewareLayers(app)).toEqual(expressMiddlewareLayers(plainApp));
      await plainApp.close();
      await app.close();
    },
  );

  it('the checks can fail: an APP_GUARD of the app is found by both', async () => {
    @Injectable()
    class AllowAll implements CanActivate {
      canActivate() {
        return true;
      }
    }
    @Module({
      imports: [ConditionalModule.forRoot()],
      providers: [{ provide: APP_GUARD, useClass: AllowAll as Type<CanActivate> }],
    })
    class WithGlobalGuard {}
    const moduleRef = await Test.createTestingModule({ imports: [WithGlobalGuard] }).compile();
    const app = moduleRef.createNestApplication(PLATFORMS[0].adapter(), { logger: false });
    await app.init();
    expect(globalEnhancerProviders(moduleRef.get(ModulesContainer))).toEqual([
      expect.stringMatching(/^WithGlobalGuard: APP_GUARD /),
    ]);
    expect(globalEnhancers(app.get(ApplicationConfig))).toHaveLength(1);
    await app.close();
  });
});
