import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  InternalServerErrorException,
  Module,
  UseGuards,
} from '@nestjs/common';
import { Condition, ConditionalModule } from '../../src';
import { calls } from './fixtures/call-log';
import { PLATFORMS, useApp } from './support/platforms';

/*
 * A field the app set before the library's guard (an earlier guard, a middleware) stays: the
 * guard adds only the validator fields the response does not have yet, and on an error takes
 * back only what it added. The app sets it through the platform's reply, or on Node's own
 * response beneath it (Fastify's `reply.raw`), where Fastify's `getHeader` looks second.
 */

const LAST_MODIFIED = new Date(Date.UTC(2024, 4, 1, 10, 20, 30));
const LAST_MODIFIED_FIELD = 'Wed, 01 May 2024 10:20:30 GMT';

/**
 * An app guard that stamps an ETag of its own, in Express's and RFC 9110's case, before the
 * library's guard runs: through the platform's reply (Express's `res.header()` and Fastify's
 * `reply.header()` take the same arguments), or with `X-Stamp: raw` on Node's own response
 * beneath it (Fastify's `reply.raw`, Express's response itself).
 */
@Injectable()
class StampingGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const response = http.getResponse();
    if (http.getRequest().headers['x-stamp'] === 'raw') (response.raw ?? response).setHeader('ETag', '"raw-stamped"');
    else response.header('ETag', '"stamped"');
    return true;
  }
}

@Controller('stamped')
@UseGuards(StampingGuard)
class StampedController {
  @Get('ok')
  @Condition({ etag: () => '"v1"', lastModified: () => LAST_MODIFIED })
  ok(): { ok: true } {
    calls.record('handler:stamped-ok');
    return { ok: true };
  }

  @Get('fails')
  @Condition({ etag: () => '"v1"', lastModified: () => LAST_MODIFIED })
  fails(): never {
    calls.record('handler:stamped-fails');
    throw new InternalServerErrorException();
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [StampedController] })
class StampedAppModule {}

describe.each(PLATFORMS)('a validator field set before the guard on $platform', (platform) => {
  const client = useApp(platform, StampedAppModule);
  beforeEach(() => calls.reset());

  it("keeps the app's ETag and adds the Last-Modified it lacks", async () => {
    const response = await client().get('/stamped/ok');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(response.headers.etag).toBe('"stamped"');
    expect(response.headers['last-modified']).toBe(LAST_MODIFIED_FIELD);
    expect(calls.count('handler:stamped-ok')).toBe(1);
  });

  it('on an error takes back only its own field: the Last-Modified goes, the ETag it did not set stays', async () => {
    const response = await client().get('/stamped/fails');
    expect(response.status).toBe(500);
    expect(response.headers.etag).toBe('"stamped"');
    expect(response.headers['last-modified']).toBeUndefined();
    expect(calls.count('handler:stamped-fails')).toBe(1);
  });

  it("keeps an ETag set on Node's own response, and takes back only its own field on an error", async () => {
    const ok = await client().get('/stamped/ok').set('X-Stamp', 'raw');
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"raw-stamped"');
    expect(ok.headers['last-modified']).toBe(LAST_MODIFIED_FIELD);
    const failed = await client().get('/stamped/fails').set('X-Stamp', 'raw');
    expect(failed.status).toBe(500);
    expect(failed.headers.etag).toBe('"raw-stamped"');
    expect(failed.headers['last-modified']).toBeUndefined();
    expect([calls.count('handler:stamped-ok'), calls.count('handler:stamped-fails')]).toEqual([1, 1]);
  });
});
