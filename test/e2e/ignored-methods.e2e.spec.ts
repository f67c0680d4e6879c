import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { calls } from './fixtures/call-log';
import { IgnoredMethodsAppModule } from './fixtures/ignored-methods.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, type Platform, type RunningApp, startApp } from './support/platforms';

/** Every conditional header at once, each one false for the resource (`"v1"`, modified 2024-05-01). */
const FAILING_PRECONDITIONS = {
  'If-Match': '"nope"',
  'If-None-Match': '*',
  'If-Unmodified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT',
  'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT',
};

interface RawAnswer {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  /** The client's error when the server closed the connection without answering. */
  error?: string;
}

/**
 * Sends `CONNECT path` with Node's client. Node's client treats any answer to CONNECT as the
 * start of a tunnel (its 'connect' event), so the body is read from the socket.
 */
function connect(url: string, path: string, headers: Record<string, string>): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = http.request({ host: hostname, port, method: 'CONNECT', path, headers });
    req.on('connect', (response, socket, head) => {
      let body = head.toString('latin1');
      socket.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      socket.on('close', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    req.on('response', (response) => resolve({ status: response.statusCode, headers: response.headers }));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end();
  });
}

/**
 * An app that does route CONNECT: Node's HTTP server never hands a CONNECT to its 'request'
 * listener (it emits 'connect', and with no listener closes the socket), so the app forwards it
 * there itself; Fastify also needs `addHttpMethod('CONNECT')`, before the routes are registered,
 * for `@All()` to include it (without it, a forwarded CONNECT gets Fastify's 404). Express 5's
 * router matches any method on an `@All()` route.
 */
async function startAppRoutingConnect(platform: Platform): Promise<RunningApp> {
  const adapter = platform.adapter();
  // Fastify's instance exists once the adapter does; Nest registers the routes later, at init.
  if (adapter instanceof FastifyAdapter) adapter.getInstance().addHttpMethod('CONNECT', { hasBody: false });
  const moduleRef = await Test.createTestingModule({ imports: [IgnoredMethodsAppModule] }).compile();
  const app: INestApplication = moduleRef.createNestApplication(adapter, { logger: false });
  const server: http.Server = app.getHttpServer();
  server.on('connect', (req: http.IncomingMessage, socket) => {
    const res = new http.ServerResponse(req);
    res.assignSocket(socket as never);
    res.on('finish', () => socket.end());
    server.emit('request', req, res);
  });
  await app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

describe.each(PLATFORMS)(
  'conditional headers are ignored on OPTIONS, TRACE and CONNECT (RFC 9110 13.2.1) on $platform',
  (platform) => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(platform, IgnoredMethodsAppModule);
    });
    afterAll(() => running.close());
    beforeEach(() => calls.reset());
    const client = () => request(running.url);

    describe('the same route on the methods the headers apply to (so the route is shown to be conditional)', () => {
      it('GET with If-Match: "nope": 412, validators called, no handler', async () => {
        const response = await client().get('/ignored/1').set('If-Match', '"nope"');
        expect(response.status).toBe(412);
        expect(calls.count('validator:etag')).toBe(1);
        expect(calls.count('handler:GET')).toBe(0);
      });

      it('GET with If-None-Match: *: 304, no handler', async () => {
        const response = await client().get('/ignored/1').set('If-None-Match', '*');
        expectBodilessNotModified(response);
        expect(response.headers.etag).toBe('"v1"');
        expect(calls.count('handler:GET')).toBe(0);
      });

      it('DELETE with If-None-Match: *: 412, no handler', async () => {
        const response = await client().delete('/ignored/1').set('If-None-Match', '*');
        expect(response.status).toBe(412);
        expect(calls.count('handler:DELETE')).toBe(0);
      });
    });

    describe('TRACE', () => {
      it.each([
        ['If-Match: "nope"', { 'If-Match': '"nope"' }],
        ['If-None-Match: *', { 'If-None-Match': '*' }],
        ['every conditional header, all false', FAILING_PRECONDITIONS],
      ])(
        'with %s: the handler runs, 200, no 412/304, no validator called, no validator sent',
        async (_name, headers) => {
          const response = await client().trace('/ignored/1').set(headers);
          expect(response.status).toBe(200);
          expect(response.body).toEqual({ id: '1', method: 'TRACE' });
          expect(response.headers.etag).toBeUndefined();
          expect(response.headers['last-modified']).toBeUndefined();
          expect(calls.count('handler:TRACE')).toBe(1);
          expect(calls.count('validator:etag')).toBe(0);
          expect(calls.count('validator:lastModified')).toBe(0);
        },
      );
    });

    describe('OPTIONS (on an @All() route)', () => {
      it('with every conditional header, all false: the handler runs, 200, no validator called', async () => {
        const response = await client().options('/ignored/1').set(FAILING_PRECONDITIONS);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ id: '1', method: 'OPTIONS' });
        expect(calls.count('handler:OPTIONS')).toBe(1);
        expect(calls.count('validator:etag')).toBe(0);
        expect(calls.count('validator:lastModified')).toBe(0);
      });
    });

    describe('CONNECT', () => {
      // Neither platform routes CONNECT by default: Node's http.Server emits 'connect' instead of
      // 'request' for it, and closes the socket when nobody listens. Nest and the library never
      // see the request; the client sees the connection closed without an answer.
      it('by default never reaches the app: the connection is closed, no handler, no validator', async () => {
        const answer = await connect(running.url, '/ignored/1', { 'If-Match': '"nope"', 'If-None-Match': '*' });
        expect(answer.status).toBeUndefined();
        expect(answer.error).toMatch(/socket hang up|ECONNRESET/);
        expect(calls.count('handler:CONNECT')).toBe(0);
        expect(calls.count('validator:etag')).toBe(0);
      });

      describe('in an app that forwards CONNECT to the platform', () => {
        let routing: RunningApp;
        beforeAll(async () => {
          routing = await startAppRoutingConnect(platform);
        });
        afterAll(() => routing.close());

        it.each([
          ['If-Match: "nope"', { 'If-Match': '"nope"' }],
          ['If-None-Match: *', { 'If-None-Match': '*' }],
          ['every conditional header, all false', FAILING_PRECONDITIONS],
        ])('with %s: the handler runs, 200, no 412/304, no validator called', async (_name, headers) => {
          const answer = await connect(routing.url, '/ignored/1', headers);
          expect(answer.status).toBe(200);
          expect(JSON.parse(answer.body ?? '')).toEqual({ id: '1', method: 'CONNECT' });
          expect(answer.headers?.etag).toBeUndefined();
          expect(answer.headers?.['last-modified']).toBeUndefined();
          expect(calls.count('handler:CONNECT')).toBe(1);
          expect(calls.count('validator:etag')).toBe(0);
          expect(calls.count('validator:lastModified')).toBe(0);
        });

        it('and the same app still answers GET with If-Match: "nope" with a 412', async () => {
          const response = await request(routing.url).get('/ignored/1').set('If-Match', '"nope"');
          expect(response.status).toBe(412);
          expect(calls.count('handler:GET')).toBe(0);
        });
      });
    });
  },
);
