import { VersioningType } from '@nestjs/common';
import request from 'supertest';
import { calls } from '../fixtures/call-log';
import { VersionedAppModule } from '../fixtures/versioned.app';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, type RunningApp, startApp } from '../support/platforms';

/** `app.enableVersioning()`: each version's route is validated with its own validators. */
describe.each(PLATFORMS)('URI versioning on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, VersionedAppModule, undefined, (app) =>
      app.enableVersioning({ type: VersioningType.URI }),
    );
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it('each version has its own ETag; the URL names the version, so Vary does not', async () => {
    const v1 = await client().get('/v1/reports');
    expect(v1.status).toBe(200);
    expect(v1.body).toEqual({ version: 1 });
    expect(v1.headers.etag).toBe('"report-v1"');
    expect(v1.headers.vary).toBeUndefined();
    const v2 = await client().get('/v2/reports');
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({ version: 2 });
    expect(v2.headers.etag).toBe('"report-v2"');
    expect(v2.headers.vary).toBe('Accept-Language');
    expect(calls.count('handler:v1')).toBe(1);
    expect(calls.count('handler:v2')).toBe(1);
  });

  it("a version's tag gets its 304 before the handler; the other version's tag does not", async () => {
    const v1 = await client().get('/v1/reports').set('If-None-Match', '"report-v1"');
    expectBodilessNotModified(v1);
    expect(v1.headers.etag).toBe('"report-v1"');
    const v2 = await client().get('/v2/reports').set('If-None-Match', '"report-v1"');
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({ version: 2 });
    expect(v2.headers.etag).toBe('"report-v2"');
    expect(calls.count('handler:v1')).toBe(0);
    expect(calls.count('handler:v2')).toBe(1);
  });

  it('a write to a version checks its If-Match', async () => {
    const refused = await client().put('/v2/reports').set('If-Match', '"report-v1"').send({ title: 'x' });
    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
    const written = await client().put('/v2/reports').set('If-Match', '"report-v2"').send({ title: 'x' });
    expect(written.status).toBe(200);
    expect(written.body).toEqual({ version: 2, title: 'x' });
    expect(calls.count('handler:v2-write')).toBe(1);
  });
});

describe.each(PLATFORMS)('header versioning (X-API-Version) on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, VersionedAppModule, undefined, (app) =>
      app.enableVersioning({ type: VersioningType.HEADER, header: 'X-API-Version' }),
    );
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it('each version has its own ETag, and Vary names the version header', async () => {
    const v1 = await client().get('/reports').set('X-API-Version', '1');
    expect(v1.status).toBe(200);
    expect(v1.body).toEqual({ version: 1 });
    expect(v1.headers.etag).toBe('"report-v1"');
    expect(v1.headers.vary).toBe('X-API-Version');
    const v2 = await client().get('/reports').set('X-API-Version', '2');
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({ version: 2 });
    expect(v2.headers.etag).toBe('"report-v2"');
    expect(v2.headers.vary).toBe('Accept-Language, X-API-Version');
    expect(calls.count('handler:v1')).toBe(1);
    expect(calls.count('handler:v2')).toBe(1);
  });

  it('the 304 of each version repeats that Vary, before the handler', async () => {
    const v1 = await client().get('/reports').set('X-API-Version', '1').set('If-None-Match', '"report-v1"');
    expectBodilessNotModified(v1);
    expect(v1.headers.etag).toBe('"report-v1"');
    expect(v1.headers.vary).toBe('X-API-Version');
    const v2 = await client().get('/reports').set('X-API-Version', '2').set('If-None-Match', '"report-v2"');
    expectBodilessNotModified(v2);
    expect(v2.headers.vary).toBe('Accept-Language, X-API-Version');
    const other = await client().get('/reports').set('X-API-Version', '2').set('If-None-Match', '"report-v1"');
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ version: 2 });
    expect(calls.count('validator:v1')).toBe(1);
    expect(calls.count('validator:v2')).toBe(2);
    expect(calls.count('handler:v1')).toBe(0);
    expect(calls.count('handler:v2')).toBe(1);
  });

  it('a write to a version checks its If-Match', async () => {
    const refused = await client()
      .put('/reports')
      .set('X-API-Version', '2')
      .set('If-Match', '"report-v1"')
      .send({ title: 'x' });
    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
    expect(refused.headers.vary).toBe('X-API-Version');
    const written = await client()
      .put('/reports')
      .set('X-API-Version', '2')
      .set('If-Match', '"report-v2"')
      .send({ title: 'x' });
    expect(written.status).toBe(200);
    expect(written.body).toEqual({ version: 2, title: 'x' });
    expect(calls.count('handler:v2-write')).toBe(1);
  });
});
