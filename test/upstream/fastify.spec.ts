import { Controller, Get, Head, HttpCode, Module, Req, Res } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { send } from '../clients/support/http';
import { isLastOnSendHook, replyFieldsOf } from '../../src/upstream/fastify';
import { assume } from './assumption';

/**
 * What the library assumes of Fastify (under Nest's adapter): its onSend hook gets the
 * serialized body (src/platform/rendered-validation.ts), and its automatic HEAD route adds
 * `content-length: 0` to a bodiless 304 (why src/platform/fastify-not-modified.ts drops it),
 * and the request Nest hands on is Fastify's own object while the reply's raw response keeps
 * Node's prototype (src/platform/per-object-state.ts keeps state on both for that reason), and
 * the request's route context lists the route's onSend hooks, and a reply's fields are one
 * object of its own, which `reply.header()` writes and Fastify sends (src/upstream/fastify.ts).
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

  @Get('reply-fields')
  replyFields(
    @Res({ passthrough: true })
    reply: {
      header(name: string, value: string): unknown;
      getHeader(name: string): unknown;
    },
  ) {
    reply.header('X-Through-API', 'api');
    const fields = replyFieldsOf(reply);
    seenReplyFields = { throughAPI: fields?.['x-through-api'] };
    if (fields !== undefined) fields['x-written-directly'] = 'direct';
    seenReplyFields.readBack = reply.getHeader('X-Written-Directly');
    return 'ok';
  }

  @Head('unused')
  unused() {
    return undefined;
  }

  @Get('hooks')
  hooks(@Req() request: object) {
    seenLastHooks.push({ first: isLastOnSendHook(request, 'firstHook'), last: isLastOnSendHook(request, 'lastHook') });
    return 'ok';
  }
}

const seenLastHooks: Array<{ first: boolean; last: boolean }> = [];

let seenObjects: { request: unknown; raw: unknown } | undefined;

let seenReplyFields: { throughAPI?: unknown; readBack?: unknown } | undefined;

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

  it("a request's route context lists the route's onSend hooks in order, the HEAD route's own last", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ShapesModule] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    const fastify = app.getHttpAdapter().getInstance() as any;
    type Done = (e: null, p: unknown) => void;
    fastify.addHook('onSend', function firstHook(_q: unknown, _r: unknown, payload: unknown, done: Done) {
      done(null, payload);
    });
    fastify.addHook('onSend', function lastHook(_q: unknown, _r: unknown, payload: unknown, done: Done) {
      done(null, payload);
    });
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      await send(`${url}/hooks`);
      await send(`${url}/hooks`, { method: 'HEAD' });
      assume(
        seenLastHooks[0]?.last === true && seenLastHooks[0]?.first === false,
        `a Fastify request keeps its route context under Symbol(fastify.context), whose onSend array ends with the app's last hook (bound, so named "bound <name>"); got ${JSON.stringify(seenLastHooks[0])}`,
        'src/upstream/fastify.ts (a large @ETag() body is then encoded twice on Fastify)',
      );
      assume(
        seenLastHooks[1]?.last === false,
        "Fastify's automatic HEAD route runs a hook of its own after the app's onSend hooks",
        'src/upstream/fastify.ts',
      );
    } finally {
      await app.close();
    }
  });

  it("a reply's fields are an object of its own, which reply.header() writes and Fastify sends", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ShapesModule] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      const response = await send(`${url}/reply-fields`);
      assume(
        seenReplyFields?.throughAPI === 'api',
        `a Fastify reply keeps its fields under Symbol(fastify.reply.headers), keyed by the lower-case name reply.header() was given (got ${JSON.stringify(seenReplyFields)})`,
        'src/upstream/fastify.ts (without it, the validator fields go through reply.header(): correct, and slower)',
      );
      assume(
        seenReplyFields?.readBack === 'direct' && response.headers['x-written-directly'] === 'direct',
        `a field written into that object is what reply.getHeader() reads and what Fastify sends (read back ${JSON.stringify(seenReplyFields?.readBack)}, sent ${JSON.stringify(response.headers['x-written-directly'])})`,
        'src/upstream/fastify.ts and src/platform/validator-fields.ts',
      );
    } finally {
      await app.close();
    }
  });
});
