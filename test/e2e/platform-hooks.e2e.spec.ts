import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Readable } from 'node:stream';
import request from 'supertest';
import { ConditionalModule, ETag, bodyEntityTag } from '../../src';
import { expectBodilessNotModified } from './support/expectations';

const BODY = { report: 'x'.repeat(2048) };

@Controller('report')
class ReportController {
  @Get()
  @ETag()
  report() {
    return BODY;
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [ReportController] })
class ReportModule {}

/**
 * A plugin that turns large bodies into streams (as @fastify/compress does), registered the
 * way Nest's docs show: after NestFactory.create(). The library's onSend hook was installed
 * when the app was created, so it runs first and still sees the bytes.
 */
describe('Fastify: an onSend hook the app registers after create() does not hide the body', () => {
  let app: NestFastifyApplication;
  let url: string;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ReportModule, new FastifyAdapter(), { logger: false });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (_request: unknown, _reply: unknown, payload: unknown) =>
        typeof payload === 'string' && payload.length > 1024 ? Readable.from([payload]) : payload,
      );
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  it('the ETag of the body, then a bodiless 304 for it', async () => {
    const etag = bodyEntityTag(JSON.stringify(BODY), false).value;
    const response = await request(url).get('/report');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(BODY);
    expect(response.headers.etag).toBe(etag);
    expectBodilessNotModified(await request(url).get('/report').set('If-None-Match', etag));
  });
});

/** Over 8192 UTF-16 code units, with characters of two, three and four UTF-8 bytes. */
const LARGE_BODY = { report: 'é€😀x'.repeat(2500) };
const SMALL_BODY = { report: 'é€😀x'.repeat(10) };
const largeCalls = { count: 0 };

@Controller('sized')
class SizedReportController {
  @Get('large')
  @ETag()
  large() {
    largeCalls.count++;
    return LARGE_BODY;
  }

  @Get('small')
  @ETag()
  small() {
    return SMALL_BODY;
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [SizedReportController] })
class SizedReportModule {}

/** What each response's body was first written as, by request: 'bytes', 'string' or 'other' (none). */
type EndedWith = Map<string, 'bytes' | 'string' | 'other'>;

/**
 * Starts the app with an `onRequest` hook of the test's that records the first body chunk Node's
 * `write` or `end` gets (what Fastify writes, after every onSend hook: 5.11 calls `end(payload)`,
 * 5.2 `write(payload)` then `end()`), and with `laterHook` added after create(): as the app's
 * own hook, or as a route's own (what `@fastify/compress` adds through `onRoute`).
 */
async function startSized(
  laterHook?: (request: unknown, reply: unknown, payload: unknown) => Promise<unknown>,
  addedAs: 'app' | 'route' = 'app',
): Promise<{ app: NestFastifyApplication; url: string; endedWith: EndedWith }> {
  const app = await NestFactory.create<NestFastifyApplication>(SizedReportModule, new FastifyAdapter(), {
    logger: false,
  });
  const endedWith: EndedWith = new Map();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    const key = `${request.method} ${request.url}`;
    endedWith.delete(key);
    for (const method of ['write', 'end'] as const) {
      const original = reply.raw[method] as (...args: unknown[]) => unknown;
      (reply.raw as unknown as Record<string, unknown>)[method] = function recordingFirstChunk(
        this: unknown,
        ...args: unknown[]
      ) {
        const chunk = args[0];
        if (!endedWith.has(key) || endedWith.get(key) === 'other') {
          endedWith.set(key, Buffer.isBuffer(chunk) ? 'bytes' : typeof chunk === 'string' ? 'string' : 'other');
        }
        return original.apply(this, args);
      };
    }
  });
  if (laterHook !== undefined && addedAs === 'app') fastify.addHook('onSend', laterHook);
  if (laterHook !== undefined && addedAs === 'route') {
    fastify.addHook('onRoute', (route: { onSend?: unknown }) => {
      const own = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
      route.onSend = [...own, laterHook];
    });
  }
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), endedWith };
}

describe('Fastify: a large @ETag() body is encoded once, as the bytes it is hashed and sent as', () => {
  const largeBytes = Buffer.from(JSON.stringify(LARGE_BODY));
  const largeTag = bodyEntityTag(JSON.stringify(LARGE_BODY), false).value;

  describe('with no onSend hook after the library', () => {
    let started: Awaited<ReturnType<typeof startSized>>;
    beforeAll(async () => {
      started = await startSized();
    });
    afterAll(() => started.app.close());

    it('sends the large body as the bytes it hashed: the same bytes, length and tag as the string', async () => {
      const before = largeCalls.count;
      const response = await request(started.url)
        .get('/sized/large')
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      expect(response.status).toBe(200);
      expect(Buffer.compare(response.body as Buffer, largeBytes)).toBe(0);
      expect(response.headers['content-length']).toBe(String(largeBytes.length));
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers.etag).toBe(largeTag);
      expect(largeCalls.count).toBe(before + 1);
      expect(started.endedWith.get('GET /sized/large')).toBe('bytes');
    });

    it('a 304 for that tag, with no body; the handler still runs (the tag is of its body)', async () => {
      const before = largeCalls.count;
      expectBodilessNotModified(await request(started.url).get('/sized/large').set('If-None-Match', largeTag));
      expect(largeCalls.count).toBe(before + 1);
    });

    it('a revalidation keeps the string (a 304 as a rule); when stale, the same 200 bytes and tag', async () => {
      const response = await request(started.url).get('/sized/large').set('If-None-Match', 'W/"stale"');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(LARGE_BODY);
      expect(response.headers['content-length']).toBe(String(largeBytes.length));
      expect(response.headers.etag).toBe(largeTag);
      expect(started.endedWith.get('GET /sized/large')).toBe('string');
      // Any precondition may end in a 304 or a 412: If-Modified-Since, ignored here (no Last-Modified).
      const dated = await request(started.url)
        .get('/sized/large')
        .set('If-Modified-Since', 'Sun, 06 Nov 1994 08:49:37 GMT');
      expect(dated.status).toBe(200);
      expect(dated.headers.etag).toBe(largeTag);
      expect(started.endedWith.get('GET /sized/large')).toBe('string');
    });

    it('keeps a small body the string it was: encoding it twice costs less than its Buffer', async () => {
      const response = await request(started.url).get('/sized/small');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(SMALL_BODY);
      expect(response.headers.etag).toBe(bodyEntityTag(JSON.stringify(SMALL_BODY), false).value);
      expect(started.endedWith.get('GET /sized/small')).toBe('string');
    });

    // The HEAD route's hook would count a Buffer as well: test/upstream/fastify.spec.ts pins that it follows.
    it('HEAD: the automatic HEAD route hook follows, so it counts the string; same length and tag', async () => {
      const response = await request(started.url).head('/sized/large');
      expect(response.status).toBe(200);
      expect(response.headers['content-length']).toBe(String(largeBytes.length));
      expect(response.headers.etag).toBe(largeTag);
      expect(response.text ?? '').toBe('');
    });
  });

  // The second is named as the library's own hook is in its source: a minifier that renames
  // functions could give both the same name, so the library finds itself by a string of its own.
  describe.each([
    ['an onSend hook the app adds after create()', 'app', 'appHook'],
    ['an app hook named as the library function is in its source', 'app', 'validateRenderedOnSend'],
    ["a route's own onSend hook, added through onRoute", 'route', 'routeHook'],
  ] as const)('with %s', (_title, addedAs, name) => {
    const seen: string[] = [];
    let started: Awaited<ReturnType<typeof startSized>>;
    beforeAll(async () => {
      const hooks = {
        async [name](_request: unknown, _reply: unknown, payload: unknown) {
          seen.push(Buffer.isBuffer(payload) ? 'bytes' : typeof payload);
          return payload;
        },
      };
      started = await startSized(hooks[name], addedAs);
    });
    afterAll(() => started.app.close());

    it('that hook gets the string, as Fastify gave it, and the response is the same', async () => {
      const response = await request(started.url).get('/sized/large');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(LARGE_BODY);
      expect(response.headers['content-length']).toBe(String(largeBytes.length));
      expect(response.headers.etag).toBe(largeTag);
      expect(seen).toEqual(['string']);
      expect(started.endedWith.get('GET /sized/large')).toBe('string');
    });
  });
});
