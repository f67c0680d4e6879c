import { Controller, Get, type INestApplication, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Condition, ConditionalGuard, ConditionalModule } from '../../../src';
import { calls } from '../fixtures/call-log';
import { DocumentsController, documents } from '../fixtures/documents.controller';
import { PLATFORMS } from '../support/platforms';
import { RecordingLogger } from '../support/recording-logger';
import { instrumentRouteHandlers } from '../support/route-instrumentation';

/*
 * A wrapper of route handlers that keeps no name: the registry finds a wrapper's method by its
 * name, so a nameless one leaves a conditional route without its plan. The guard refuses such a
 * request (500, the reason logged) rather than letting a write through unchecked.
 */

/**
 * No conditional route, with the guard bound by hand (which docs/api.md advises against): the
 * guard runs, finds no plan, and, the controller having none either, lets the request through.
 */
@Controller('plain')
@UseGuards(ConditionalGuard)
class PlainController {
  @Get()
  read() {
    calls.record('handler:plain');
    return { plain: true };
  }
}

/** Declares nothing itself; its route runs the guard because a decorated subclass shares it. */
@Controller('shelves/base')
class BaseShelfController {
  @Get()
  read() {
    calls.record('handler:shelf');
    return { shelf: true };
  }
}

@Controller('shelves/derived')
@Condition({ etag: () => '"derived"' })
class DerivedShelfController extends BaseShelfController {}

@Module({
  imports: [ConditionalModule.forRoot()],
  controllers: [DocumentsController, PlainController, BaseShelfController, DerivedShelfController],
})
class NamelessAppModule {}

const REASON =
  'a route of DocumentsController runs a nameless function in place of its method, so its preconditions cannot be found';

describe.each(PLATFORMS)('route handlers wrapped by a function with no name ($platform)', (platform) => {
  let app: INestApplication;
  let url: string;
  let restore: () => void;
  const logger = new RecordingLogger();
  beforeAll(async () => {
    restore = instrumentRouteHandlers(() => '');
    const moduleRef = await Test.createTestingModule({ imports: [NamelessAppModule] }).compile();
    app = moduleRef.createNestApplication(platform.adapter(), { logger });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    restore();
  });
  beforeEach(() => {
    calls.reset();
    logger.errors.splice(0);
    documents.reset();
  });

  it('a write with a stale If-Match is refused, and nothing is written', async () => {
    const response = await request(url).put('/documents').set('If-Match', '"v0"').send({ text: 'lost' });
    expect(response.status).toBe(500);
    expect(calls.count('handler:replace')).toBe(0);
    expect(documents.version).toBe(1);
    expect(logger.errors.join('\n')).toContain(`nestjs-conditional: PUT /documents: ${REASON}`);
  });

  it('a GET is refused as well, not answered without its validators', async () => {
    const response = await request(url).get('/documents').set('If-None-Match', '"v1"');
    expect(response.status).toBe(500);
    // Not the route's validator (Express tags the error's JSON body itself, as it does any body).
    expect(response.headers.etag).not.toBe('"v1"');
    expect(calls.count('handler:read')).toBe(0);
    expect(logger.errors.join('\n')).toContain(`nestjs-conditional: GET /documents: ${REASON}`);
  });

  it('a route of a controller with no conditional route is served as it is, the guard bound by hand', async () => {
    const response = await request(url).get('/plain');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ plain: true });
    // The control: the handlers really are wrapped.
    expect(calls.count('instrumentation')).toBe(1);
    expect(calls.count('handler:plain')).toBe(1);
  });

  it('a controller whose plans do nothing (the base of a decorated one) is served as it is', async () => {
    const response = await request(url).get('/shelves/base').set('If-None-Match', '"derived"');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ shelf: true });
    expect(calls.count('handler:shelf')).toBe(1);
    expect(logger.errors).toEqual([]);
  });
});
