import express from 'express';
import request from 'supertest';
import { takeOverExpressConditionals } from '../../src/platform/express-conditionals';
import { assume } from './assumption';

/**
 * What src/platform/express-conditionals.ts assumes of Express's `res.send`: it hashes the
 * body into a weak ETag when `app.get('etag fn')` is a function and no ETag is set, and it
 * answers 304 when `req.fresh` is true; and `res.app` is a plain writable property, so one
 * response can get an app of its own.
 */
const FILE = 'src/platform/express-conditionals.ts';

function app(takeOver: boolean) {
  const server = express();
  server.get('/', (req, res) => {
    if (takeOver) takeOverExpressConditionals(req, res);
    res.send('hello');
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
});
