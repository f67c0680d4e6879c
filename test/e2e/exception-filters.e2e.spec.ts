import { Controller, Get, Module, UseFilters } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import request from 'supertest';
import { ConditionalModule, ETag } from '../../src';
import { calls } from './fixtures/call-log';
import { EverythingFilter } from './fixtures/everything.filter';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, RunningApp, startApp } from './support/platforms';

@Controller('filtered')
class FilteredController {
  @Get('filter-above')
  @UseFilters(EverythingFilter)
  @ETag(() => 'v1')
  above() {
    calls.record('handler:above');
    return { ok: true };
  }

  @Get('filter-below')
  @ETag(() => 'v1')
  @UseFilters(EverythingFilter)
  below() {
    calls.record('handler:below');
    return { ok: true };
  }

  @Get('global-only')
  @ETag(() => 'v1')
  globalOnly() {
    calls.record('handler:globalOnly');
    return { ok: true };
  }
}

@Module({
  imports: [ConditionalModule.forRoot()],
  controllers: [FilteredController],
  providers: [{ provide: APP_FILTER, useClass: EverythingFilter }],
})
class FilteredAppModule {}

describe.each(PLATFORMS)('the 304 is never reshaped by the app exception filters ($platform)', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, FilteredAppModule);
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());

  it.each(['filter-above', 'filter-below', 'global-only'])('%s: a bodiless 304', async (path) => {
    const response = await request(running.url).get(`/filtered/${path}`).set('If-None-Match', '"v1"');
    expectBodilessNotModified(response);
    expect(response.headers.etag).toBe('"v1"');
    expect(calls.count('filter:everything')).toBe(0);
  });

  it('a 412 goes through the app filters like any error', async () => {
    const response = await request(running.url).get('/filtered/global-only').set('If-Match', '"v0"');
    expect(response.status).toBe(412);
    expect(response.body).toEqual({ reshaped: true, status: 412 });
    expect(calls.count('filter:everything')).toBe(1);
    expect(calls.count('handler:globalOnly')).toBe(0);
  });
});
