import { Controller, Get, Head, HttpCode, Module, Req, Res } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { send } from '../clients/support/http';
import { assume } from './assumption';

/**
 * What the library assumes of Fastify (under Nest's adapter): its onSend hook gets the
 * serialized body (src/platform/rendered-validation.ts), and its automatic HEAD route adds
 * `content-length: 0` to a bodiless 304 (why src/platform/fastify-not-modified.ts drops it),
 * and the request Nest hands on is Fastify's own object while the reply's raw response keeps
 * Node's prototype (src/platform/per-object-state.ts keeps state on both for that reason).
 */
@Controller()
class ShapesController {
  @Get('json')
  json() {
    return { hello: 'world' };
  }

  @Get('not-modified')
  @HttpCode(304)
  notModified() {
    return undefined;
  }

  @Get('objects')
  objects(@Req() request: unknown, @Res({ passthrough: true }) reply: { raw: unknown }) {
    seenObjects = { request, raw: reply.raw };
    return 'ok';
  }

  @Head('unused')
  unused() {
    return undefined;
  }
}

let seenObjects: { request: unknown; raw: unknown } | undefined;

@Module({ controllers: [ShapesController] })
class ShapesModule {}

describe('Fastify internals', () => {
  it('onSend gets the serialized body; the automatic HEAD route adds content-length: 0 to a 304', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ShapesModule] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    const payloads: unknown[] = [];
    (app.getHttpAdapter().getInstance() as any).addHook(
      'onSend',
      (_request: unknown, _reply: unknown, payload: unknown, done: (e: null, p: unknown) => void) => {
        payloads.push(payload);
        done(null, payload);
      },
    );
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      await send(`${url}/json`);
      assume(
        payloads[0] === '{"hello":"world"}',
        `Fastify's onSend hook receives a JSON body as its serialized string (got ${JSON.stringify(payloads[0])})`,
        'src/platform/rendered-validation.ts',
      );
      const head = await send(`${url}/not-modified`, { method: 'HEAD' });
      assume(
        head.status === 304 && head.headers['content-length'] === '0',
        `Fastify's automatic HEAD route sends content-length: 0 with a 304 (got ${head.headers['content-length']}); if it no longer does, the step that drops it can go`,
        'src/platform/fastify-not-modified.ts',
      );
      await send(`${url}/objects`);
      assume(
        seenObjects !== undefined && !(seenObjects.request instanceof IncomingMessage),
        "the request Nest hands a Fastify route is Fastify's own object, not Node's message",
        'src/platform/per-object-state.ts',
      );
      assume(
        Object.getPrototypeOf(seenObjects?.raw ?? null) === ServerResponse.prototype,
        "a Fastify reply's raw response has Node's ServerResponse.prototype (else its state goes to a WeakMap: correct, but slower)",
        'src/platform/per-object-state.ts',
      );
    } finally {
      await app.close();
    }
  });
});
