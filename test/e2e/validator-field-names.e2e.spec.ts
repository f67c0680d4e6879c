import { Controller, Get, Module, type Type } from '@nestjs/common';
import { get } from 'node:http';
import { Condition, ConditionalModule, LastModified } from '../../src';
import type { ConditionalModuleOptions } from '../../src';
import { calls } from './fixtures/call-log';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

/*
 * The names the validator fields go out with, as the client's socket reads them (supertest
 * lower-cases every name, so it cannot tell). Express gets them as RFC 9110 writes them, and
 * Node sends a name as it is given; Fastify lower-cases every name it is given, so the library
 * gives them in lower case (HttpPlatform.fieldNames), and the wire is what Fastify always sent.
 */

const SPELLING = {
  express: ['ETag', 'Last-Modified'],
  fastify: ['etag', 'last-modified'],
} as const;

@Controller('named')
class NamedController {
  @Get('early')
  @Condition({ etag: () => '"v1"', lastModified: () => new Date(Date.UTC(2025, 0, 1)) })
  early(): { ok: true } {
    calls.record('handler:named-early');
    return { ok: true };
  }

  @Get('from-result')
  @LastModified()
  fromResult(): { updatedAt: Date } {
    calls.record('handler:named-from-result');
    return { updatedAt: new Date(Date.UTC(2025, 0, 2)) };
  }
}

function appWith(options: ConditionalModuleOptions): Type<unknown> {
  @Module({ imports: [ConditionalModule.forRoot(options)], controllers: [NamedController] })
  class NamedAppModule {}
  return NamedAppModule;
}

/** The status and the names of the validator fields, in the case and order they were sent. */
function sentNames(url: string, headers: Record<string, string> = {}): Promise<[number, string[]]> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      response.resume();
      const names = response.rawHeaders.filter((_, i) => i % 2 === 0);
      const validators = names.filter((name) => ['etag', 'last-modified'].includes(name.toLowerCase()));
      response.once('end', () => resolve([response.statusCode!, validators]));
    }).once('error', reject);
  });
}

describe.each(PLATFORMS)('the validator fields as $platform sends them', (platform) => {
  const expected = SPELLING[platform.platform];
  const apps: Record<'exception' | 'direct', RunningApp | undefined> = { exception: undefined, direct: undefined };
  beforeAll(async () => {
    apps.exception = await startApp(platform, appWith({}));
    apps.direct = await startApp(platform, appWith({ earlyNotModified: 'direct' }));
  });
  afterAll(() => Promise.all(Object.values(apps).map((running) => running?.close())));
  beforeEach(() => calls.reset());

  it('on a 200', async () => {
    expect(await sentNames(`${apps.exception!.url}/named/early`)).toEqual([200, expected]);
    expect(calls.count('handler:named-early')).toBe(1);
  });

  it.each(['exception', 'direct'] as const)("on the early 304, earlyNotModified: '%s'", async (mode) => {
    expect(await sentNames(`${apps[mode]!.url}/named/early`, { 'if-none-match': '"v1"' })).toEqual([304, expected]);
    expect(calls.count('handler:named-early')).toBe(0);
  });

  it("on @LastModified()'s 200, read from the result", async () => {
    expect(await sentNames(`${apps.exception!.url}/named/from-result`)).toEqual([200, [expected[1]]]);
    expect(calls.count('handler:named-from-result')).toBe(1);
  });
});
