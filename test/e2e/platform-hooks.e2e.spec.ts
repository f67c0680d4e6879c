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
