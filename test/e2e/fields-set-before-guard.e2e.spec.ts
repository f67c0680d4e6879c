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
 * back only what it added. On Fastify the library names the fields in lower case, so this
 * also pins that its look-up finds a field the app set in another case.
 */

const LAST_MODIFIED = new Date(Date.UTC(2024, 4, 1, 10, 20, 30));
const LAST_MODIFIED_FIELD = 'Wed, 01 May 2024 10:20:30 GMT';

/** An app guard that stamps an ETag of its own, in Express's and RFC 9110's case, before the library's guard runs. */
@Injectable()
class StampingGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    // Express's `res.header()` and Fastify's `reply.header()` take the same arguments.
    context.switchToHttp().getResponse().header('ETag', '"stamped"');
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
});
