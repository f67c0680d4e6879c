import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { Condition, ConditionalModule, ETag, bodyEntityTag } from '../../../src';
import { calls } from '../fixtures/call-log';
import { DocumentsController, documents } from '../fixtures/documents.controller';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, RunningApp, startApp } from '../support/platforms';
import { instrumentRouteHandlers } from '../support/route-instrumentation';

/*
 * Routes under OpenTelemetry's Nest instrumentation (support/route-instrumentation.ts): Nest's
 * `getHandler()` is the instrumentation's wrapper of each route's handler, and the routes must be
 * answered and protected exactly as without it.
 */

const RENDERED = { text: 'the same every time' };

@Controller('rendered')
class RenderedController {
  @Get()
  @ETag()
  read() {
    calls.record('handler:rendered');
    return RENDERED;
  }
}

@Controller('shelves/base')
@Condition({ etag: () => '"base"' })
class BaseShelfController {
  @Get()
  read() {
    calls.record('handler:shelf');
    return { shelf: true };
  }
}

/** Inherits the route, with its own class-level validator: the wrapper must find this class's plan. */
@Controller('shelves/derived')
@Condition({ etag: () => '"derived"' })
class DerivedShelfController extends BaseShelfController {}

@Module({
  imports: [ConditionalModule.forRoot()],
  controllers: [DocumentsController, RenderedController, BaseShelfController, DerivedShelfController],
})
class InstrumentedAppModule {}

describe.each(PLATFORMS)('routes whose handlers an instrumentation wraps ($platform)', (platform) => {
  let running: RunningApp;
  let restore: () => void;
  beforeAll(async () => {
    restore = instrumentRouteHandlers();
    running = await startApp(platform, InstrumentedAppModule);
  });
  afterAll(async () => {
    await running.close();
    restore();
  });
  beforeEach(() => {
    calls.reset();
    documents.reset();
  });

  it('an early 304, the handler not run', async () => {
    const response = await request(running.url).get('/documents').set('If-None-Match', '"v1"');
    expectBodilessNotModified(response);
    expect(response.headers.etag).toBe('"v1"');
    expect(calls.count('handler:read')).toBe(0);
    // The control: a 200 goes through the wrapper, so the routes really are instrumented.
    const full = await request(running.url).get('/documents');
    expect(full.status).toBe(200);
    expect(full.headers.etag).toBe('"v1"');
    expect(calls.count('instrumentation')).toBe(1);
  });

  it('a write with a stale If-Match is a 412, and nothing is written', async () => {
    const response = await request(running.url).put('/documents').set('If-Match', '"v0"').send({ text: 'lost' });
    expect(response.status).toBe(412);
    expect(calls.count('handler:replace')).toBe(0);
    expect(documents.version).toBe(1);
    const current = await request(running.url).put('/documents').set('If-Match', '"v1"').send({ text: 'kept' });
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ version: 2, text: 'kept' });
  });

  it("an inherited route gets each controller's own validator", async () => {
    expectBodilessNotModified(await request(running.url).get('/shelves/derived').set('If-None-Match', '"derived"'));
    expectBodilessNotModified(await request(running.url).get('/shelves/base').set('If-None-Match', '"base"'));
    const other = await request(running.url).get('/shelves/derived').set('If-None-Match', '"base"');
    expect(other.status).toBe(200);
    expect(other.headers.etag).toBe('"derived"');
    expect(calls.count('handler:shelf')).toBe(1);
  });

  it('a 304 decided on the rendered body (@ETag())', async () => {
    const first = await request(running.url).get('/rendered');
    expect(first.status).toBe(200);
    // The library's tag of the body, not Express's own (which is weak too, and would answer a 304 itself).
    expect(first.headers.etag).toBe(bodyEntityTag(JSON.stringify(RENDERED), false).value);
    const again = await request(running.url).get('/rendered').set('If-None-Match', first.headers.etag);
    expectBodilessNotModified(again);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(calls.count('handler:rendered')).toBe(2);
  });
});
