import express from 'express';
import request from 'supertest';
import { prepareExpressApp, takeOverExpressConditionals } from '../../src/platform/express-conditionals';
import { validateExpressResponseOnSend, validateRenderedFromPrototype } from '../../src/platform/rendered-validation';
import { assume } from './assumption';

/**
 * What src/platform/express-conditionals.ts assumes of Express's `res.send`: it hashes the
 * body into a weak ETag when `app.get('etag fn')` is a function and no ETag is set, and it
 * answers 304 when `req.fresh` is true; and `res.app` is a plain writable property, so one
 * response can get an app of its own.
 */
const FILE = 'src/platform/express-conditionals.ts';
const HEAD_STEPS = 'src/platform/head-steps.ts (runHeadStepsFromPrototype, called by src/platform/http-platform.ts)';

function app(takeOver: boolean, prepared = false) {
  const server = express();
  if (prepared) prepareExpressApp(server);
  server.get('/', (req, res) => {
    if (takeOver) takeOverExpressConditionals(req, res);
    res.send('hello');
  });
  return server;
}

const WEAK_BODY_TAG = { hashBody: true, strong: false, evaluate: true };

/**
 * An app prepared as the library prepares one, whose route arms its response to be validated
 * once rendered and answers with `res.json`: `patchPrototype` runs before the library's `send`
 * goes on the app's response prototype, `armedFor` names the request the response is armed for.
 */
function validatingApp(options: { patchPrototype?: (server: express.Express) => void; armedFor?: object } = {}) {
  const server = express();
  prepareExpressApp(server);
  options.patchPrototype?.(server);
  validateRenderedFromPrototype(server.response);
  server.get('/', (req, res) => {
    takeOverExpressConditionals(req, res);
    validateExpressResponseOnSend(options.armedFor ?? req, res, WEAK_BODY_TAG);
    res.json({ hello: 'world' });
  });
  return server;
}

describe('Express internals', () => {
  it("res.send adds a body ETag from app.get('etag fn') and answers 304 from req.fresh; both are switched off per response", async () => {
    const plain = await request(app(false)).get('/');
    assume(typeof plain.headers.etag === 'string', "res.send sets a body ETag from the app's 'etag fn' setting", FILE);
    const fresh = await request(app(false)).get('/').set('If-None-Match', plain.headers.etag);
    assume(fresh.status === 304, 'res.send answers 304 when req.fresh is true', FILE);
    const taken = await request(app(true)).get('/').set('If-None-Match', plain.headers.etag);
    assume(
      taken.status === 200 && taken.headers.etag === undefined,
      "shadowing res.app (no 'etag fn') and req.fresh (false) stops both; res.app is writable and read by res.send",
      FILE,
    );
  });

  it('res.app is a writable data property of the response prototype', () => {
    const descriptor =
      Object.getOwnPropertyDescriptor(Object.getPrototypeOf(express.response), 'app') ??
      Object.getOwnPropertyDescriptor(express.response, 'app');
    const server = express();
    let writable = false;
    server.get('/', (_req, res) => {
      const own = Object.getOwnPropertyDescriptor(res, 'app');
      writable = own === undefined ? descriptor?.writable !== false : own.writable !== false;
      res.end();
    });
    return request(server)
      .get('/')
      .then(() => assume(writable, 'res.app can be assigned on one response', FILE));
  });

  it("each request and response inherits straight from its app's request and response prototypes, and req.res and res.req link them", async () => {
    const server = express();
    let seen = { request: false, response: false, res: false, req: false };
    server.get('/', (req, res) => {
      seen = {
        request: Object.getPrototypeOf(req) === server.request,
        response: Object.getPrototypeOf(res) === server.response,
        res: (req as { res?: unknown }).res === res,
        req: (res as { req?: unknown }).req === req,
      };
      res.end();
    });
    await request(server).get('/');
    assume(seen.request && seen.response, 'Express sets app.request and app.response as the prototypes', FILE);
    assume(seen.res, 'req.res is the response (the prepared req.fresh asks about it)', FILE);
    assume(
      seen.req,
      'res.req is the request (the rendered validation reads it back)',
      'src/platform/rendered-validation.ts',
    );
    assume(seen.response, 'a response of the app inherits app.response.writeHead', HEAD_STEPS);
  });

  it("req.fresh is an accessor of Express's request and app.response.app a data property", () => {
    let fresh: PropertyDescriptor | undefined;
    for (let o: object | null = express.request; o !== null && fresh === undefined; o = Object.getPrototypeOf(o)) {
      fresh = Object.getOwnPropertyDescriptor(o, 'fresh');
    }
    const server = express();
    const ownApp = Object.getOwnPropertyDescriptor(server.response, 'app');
    assume(typeof fresh?.get === 'function', 'req.fresh is a getter', FILE);
    assume(ownApp !== undefined && ownApp.value === server, 'app.response has its app as an own value', FILE);
  });

  describe('a prepared app', () => {
    it('switches both off for a response taken over, adding nothing to it or its request', async () => {
      const server = express();
      prepareExpressApp(server);
      prepareExpressApp(server);
      let added: string[] = [];
      server.get('/', (req, res) => {
        const keys = [...Reflect.ownKeys(req), ...Reflect.ownKeys(res)];
        const prototypes = [Object.getPrototypeOf(req), Object.getPrototypeOf(res)];
        takeOverExpressConditionals(req, res);
        const after = [...Reflect.ownKeys(req), ...Reflect.ownKeys(res)];
        added = after.filter((key) => !keys.includes(key)).map(String);
        if (Object.getPrototypeOf(req) !== prototypes[0] || Object.getPrototypeOf(res) !== prototypes[1]) {
          added.push('a prototype');
        }
        res.send('hello');
      });
      const plain = await request(app(false)).get('/');
      const taken = await request(server).get('/').set('If-None-Match', plain.headers.etag);
      expect({ status: taken.status, etag: taken.headers.etag, added }).toEqual({
        status: 200,
        etag: undefined,
        added: [],
      });
    });

    it("leaves Express's own ETag and 304 to every other response", async () => {
      const plain = await request(app(false, true)).get('/');
      expect(typeof plain.headers.etag).toBe('string');
      const fresh = await request(app(false, true)).get('/').set('If-None-Match', plain.headers.etag);
      expect(fresh.status).toBe(304);
    });

    it('lets one response be given an app of its own, as before', async () => {
      const server = express();
      prepareExpressApp(server);
      const other = { get: (name: string) => `${name} of its own` };
      let seen: unknown;
      let takenOver: unknown[] = [];
      server.get('/', (req, res) => {
        const own = res as unknown as { app: typeof other };
        own.app = other;
        seen = own.app;
        takeOverExpressConditionals(req, res);
        takenOver = [own.app.get('etag fn'), own.app.get('x')];
        res.end();
      });
      await request(server).get('/');
      expect(seen).toBe(other);
      expect(takenOver).toEqual([undefined, 'x of its own']);
      expect(Object.getOwnPropertyDescriptor(server.response, 'app')?.get).toBeDefined();
    });

    it("keeps taking responses over when the app's response prototype itself is given another app", async () => {
      const server = express();
      prepareExpressApp(server);
      const outer = express();
      (server.response as unknown as { app: unknown }).app = outer;
      let apps: unknown[] = [];
      server.get('/', (req, res) => {
        const before = res.app;
        takeOverExpressConditionals(req, res);
        apps = [
          before === outer,
          res.app.get('etag fn'),
          typeof Object.getOwnPropertyDescriptor(server.response, 'app')?.get,
        ];
        res.end();
      });
      await request(server).get('/');
      expect(apps).toEqual([true, undefined, 'function']);
    });

    it("falls back to prototypes of the request's own where Express gave it a sub-app's", async () => {
      const server = express();
      prepareExpressApp(server);
      const mounted = express();
      mounted.get('/', (req, res) => {
        takeOverExpressConditionals(req, res);
        res.send('hello');
      });
      server.use('/sub', mounted);
      const plain = await request(app(false)).get('/');
      const taken = await request(server).get('/sub').set('If-None-Match', plain.headers.etag);
      expect({ status: taken.status, etag: taken.headers.etag }).toEqual({ status: 200, etag: undefined });
    });

    it('is not prepared when Express is not as assumed (then every request swaps prototypes)', () => {
      const unlike = { request: {}, response: { app: {} } };
      prepareExpressApp(unlike);
      prepareExpressApp({ request: undefined, response: undefined });
      expect(Object.getOwnPropertyDescriptor(unlike.response, 'app')?.get).toBeUndefined();
    });
  });

  it("res.json hands res.send its serialized body through the app's response prototype", async () => {
    const server = express();
    prepareExpressApp(server);
    validateRenderedFromPrototype(server.response);
    validateRenderedFromPrototype(server.response);
    let added: string[] = [];
    server.get('/', (req, res) => {
      const keys = Reflect.ownKeys(res);
      takeOverExpressConditionals(req, res);
      validateExpressResponseOnSend(req, res, WEAK_BODY_TAG);
      validateExpressResponseOnSend(req, res, WEAK_BODY_TAG);
      added = Reflect.ownKeys(res)
        .filter((key) => !keys.includes(key))
        .map(String);
      res.json({ hello: 'world' });
    });
    const first = await request(server).get('/');
    assume(
      typeof first.headers.etag === 'string' && first.headers.etag.startsWith('W/'),
      'res.json calls res.send with the JSON text, which the prototype send validates',
      'src/platform/rendered-validation.ts',
    );
    const again = await request(server).get('/').set('If-None-Match', first.headers.etag);
    expect({ again: again.status, added }).toEqual({ again: 304, added: [] });
  });

  it("validates a response whose own send was made before it got the app's prototype (a parent app's middleware)", async () => {
    const nest = validatingApp();
    const parent = express();
    parent.set('etag', false);
    const bodiesSeen: string[] = [];
    parent.use((_req, res, next) => {
      // Holds the parent's own send, which never reaches the mounted app's prototype.
      const send = res.send;
      res.send = function (this: typeof res, body?: unknown) {
        bodiesSeen.push(typeof body);
        return send.call(this, body);
      };
      next();
    });
    parent.use('/nest', nest);
    const first = await request(parent).get('/nest');
    expect(first.headers.etag).toMatch(/^W\//);
    const again = await request(parent).get('/nest').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    // A send of the app's own gets the body as a string, as it would without the library.
    expect(bodiesSeen.filter((type) => type !== 'string')).toEqual([]);
  });

  it('a send the app put on its response prototype gets the body as a string, as without the library', async () => {
    const bodiesSeen: string[] = [];
    const server = validatingApp({
      patchPrototype(app) {
        const patched = Object.getPrototypeOf(app.response).send;
        Object.defineProperty(app.response, 'send', {
          configurable: true,
          writable: true,
          value: function (this: unknown, body?: unknown) {
            bodiesSeen.push(Buffer.isBuffer(body) ? 'bytes' : typeof body);
            return patched.call(this, body);
          },
        });
      },
    });
    const response = await request(server).get('/');
    expect(response.headers.etag).toMatch(/^W\//);
    expect(response.text).toBe('{"hello":"world"}');
    expect(bodiesSeen).toEqual(['string']);
  });

  it('a response whose req is not the request it was armed for is validated with that request', async () => {
    // The request Nest hands the guard, standing apart from the response's own `req`.
    const server = validatingApp({ armedFor: { method: 'GET', headers: { 'if-none-match': '*' } } });
    // If-None-Match: * of the request it was armed for: a 304, though the response's own req has none.
    expect((await request(server).get('/')).status).toBe(304);
  });
});
