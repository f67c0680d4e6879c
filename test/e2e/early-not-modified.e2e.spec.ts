import {
  CallHandler,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  Module,
  NestInterceptor,
  Put,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request, { type Response } from 'supertest';
import { CacheControl, Condition, ConditionalModule, ETag, Vary } from '../../src';
import type { ConditionalModuleOptions } from '../../src';
import { calls } from './fixtures/call-log';
import { EverythingFilter } from './fixtures/everything.filter';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, RunningApp, startApp } from './support/platforms';

/*
 * `earlyNotModified: 'direct'`: the guard writes the early 304 itself and holds the request
 * instead of throwing. Every answer must be the one the default ('exception') gives, byte for
 * byte in its fields, with the same parts of the app run (the app's guard, and nothing after
 * ours), and a held request must not stay in memory.
 */

const LAST_MODIFIED = new Date(Date.UTC(2025, 0, 1));
const LAST_MODIFIED_FIELD = 'Wed, 01 Jan 2025 00:00:00 GMT';

/** How many of the requests of each `X-Batch` the garbage collector has freed. */
const freedByBatch = new Map<string, number>();
const requestsSeen = new FinalizationRegistry<string>((batch) =>
  freedByBatch.set(batch, (freedByBatch.get(batch) ?? 0) + 1),
);
/** Requests a test keeps on purpose (`X-Keep: 1`): the control that shows a reachable request is seen as such. */
const keptRequests: object[] = [];

@Injectable()
class AppGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    calls.record('app-guard');
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    requestsSeen.register(request, request.headers['x-batch'] ?? '');
    if (request.headers['x-keep'] === '1') keptRequests.push(request);
    return true;
  }
}

@Injectable()
class AppInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    calls.record('interceptor');
    return next.handle();
  }
}

@Controller('notes')
class NotesController {
  @Get('sync')
  @Condition({ etag: () => '"v1"', lastModified: () => LAST_MODIFIED })
  @CacheControl({ maxAge: 60 })
  @Vary('Accept-Language')
  sync() {
    calls.record('handler:sync');
    return { note: 1 };
  }

  @Get('async')
  @ETag(async () => '"v1"')
  async viaPromise() {
    calls.record('handler:async');
    return { note: 2 };
  }

  @Put('sync')
  @Condition({ etag: () => '"v1"' })
  replace() {
    calls.record('handler:put');
    return { note: 1 };
  }

  @Put('async')
  @Condition({ etag: async () => '"v1"' })
  replaceAfterLookup() {
    calls.record('handler:put-async');
    return { note: 2 };
  }
}

function appWith(options: ConditionalModuleOptions): Type<unknown> {
  @Module({
    imports: [ConditionalModule.forRoot(options)],
    controllers: [NotesController],
    providers: [
      { provide: APP_GUARD, useClass: AppGuard },
      { provide: APP_INTERCEPTOR, useClass: AppInterceptor },
      { provide: APP_FILTER, useClass: EverythingFilter },
    ],
  })
  class NotesAppModule {}
  return NotesAppModule;
}

/** The fields of a response that say something about it: not the date or the connection's. */
function fieldsOf(response: Response): Record<string, string> {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...fields } = response.headers;
  return fields as Record<string, string>;
}

const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
})();

/** Collects garbage a few times over, letting the registry's callbacks run in between. */
async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(PLATFORMS)("earlyNotModified: 'direct' ($platform)", (platform) => {
  let direct: RunningApp;
  let thrown: RunningApp;
  beforeAll(async () => {
    direct = await startApp(platform, appWith({ earlyNotModified: 'direct' }));
    thrown = await startApp(platform, appWith({}));
  });
  afterAll(async () => {
    await direct.close();
    await thrown.close();
  });
  beforeEach(() => calls.reset());

  it.each([
    ['If-None-Match', '"v1"'],
    ['If-Modified-Since', LAST_MODIFIED_FIELD],
  ])('answers %s with the 304 the exception route gives, and runs nothing after the guards', async (name, value) => {
    const answered = await request(direct.url).get('/notes/sync').set(name, value);
    expectBodilessNotModified(answered);
    expect(answered.headers).toMatchObject({
      etag: '"v1"',
      'last-modified': LAST_MODIFIED_FIELD,
      'cache-control': 'max-age=60',
      vary: 'Accept-Language',
    });
    expect(calls.count('app-guard')).toBe(1);
    for (const later of ['interceptor', 'handler:sync', 'filter:everything']) expect(calls.count(later)).toBe(0);

    const reference = await request(thrown.url).get('/notes/sync').set(name, value);
    expect(fieldsOf(answered)).toEqual(fieldsOf(reference));
  });

  it('answers a HEAD the same way', async () => {
    const answered = await request(direct.url).head('/notes/sync').set('If-None-Match', '"v1"');
    const reference = await request(thrown.url).head('/notes/sync').set('If-None-Match', '"v1"');
    expectBodilessNotModified(answered);
    expect(fieldsOf(answered)).toEqual(fieldsOf(reference));
    expect(calls.count('handler:sync')).toBe(0);
  });

  it('answers a 304 decided after an asynchronous validator', async () => {
    const answered = await request(direct.url).get('/notes/async').set('If-None-Match', '"v1"');
    const reference = await request(thrown.url).get('/notes/async').set('If-None-Match', '"v1"');
    expectBodilessNotModified(answered);
    expect(answered.headers.etag).toBe('"v1"');
    expect(fieldsOf(answered)).toEqual(fieldsOf(reference));
    for (const later of ['interceptor', 'handler:async', 'filter:everything']) expect(calls.count(later)).toBe(0);
  });

  it('still answers a 412 through the app filter', async () => {
    const response = await request(direct.url).put('/notes/sync').set('If-Match', '"v0"');
    expect(response.status).toBe(412);
    expect(response.body).toEqual({ reshaped: true, status: 412 });
    expect(calls.count('filter:everything')).toBe(1);
    expect(calls.count('handler:put')).toBe(0);
  });

  it.each([
    ["'direct'", () => direct],
    ["'exception'", () => thrown],
  ])('%s: a 412 after an asynchronous validator goes through the app filter too', async (_mode, app) => {
    const response = await request(app().url).put('/notes/async').set('If-Match', '"v0"');
    expect(response.status).toBe(412);
    expect(response.body).toEqual({ reshaped: true, status: 412 });
    expect(calls.count('filter:everything')).toBe(1);
    expect(calls.count('handler:put-async')).toBe(0);
    const matching = await request(app().url).put('/notes/async').set('If-Match', '"v1"');
    expect(matching.status).toBe(200);
    expect(calls.count('handler:put-async')).toBe(1);
  });

  it('lets a request whose validators changed through to the handler and the interceptors', async () => {
    const response = await request(direct.url).get('/notes/sync').set('If-None-Match', '"v0"');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ note: 1 });
    expect(response.headers.etag).toBe('"v1"');
    expect(calls.count('interceptor')).toBe(1);
    expect(calls.count('handler:sync')).toBe(1);
  });

  it('keeps no held request in memory once it is answered', async () => {
    const batch = `${platform.platform}-held`;
    const kept = `${platform.platform}-kept`;
    for (let sent = 0; sent < 200; sent++) {
      const response = await request(direct.url).get('/notes/sync').set('If-None-Match', '"v1"').set('X-Batch', batch);
      expect(response.status).toBe(304);
    }
    // The control: requests kept reachable on purpose, which the count must not take as freed.
    for (let sent = 0; sent < 20; sent++) {
      const response = await request(direct.url)
        .get('/notes/sync')
        .set('If-None-Match', '"v1"')
        .set('X-Batch', kept)
        .set('X-Keep', '1');
      expect(response.status).toBe(304);
    }
    await collectGarbage();
    // The socket of the last request may still hold it: a few may stay, never most.
    expect(freedByBatch.get(batch) ?? 0).toBeGreaterThanOrEqual(195);
    expect(freedByBatch.get(kept) ?? 0).toBe(0);
    expect(keptRequests).toHaveLength(20);
    keptRequests.length = 0;
  });
});

describe('earlyNotModified: bad values', () => {
  it.each([['throw'], [true], [null]])('refuses %p, naming the option', async (value) => {
    await expect(startApp(PLATFORMS[0], appWith({ earlyNotModified: value as unknown as 'direct' }))).rejects.toThrow(
      /ConditionalModule: earlyNotModified must be 'exception' or 'direct', got/,
    );
  });
});
