import {
  type CallHandler,
  Controller,
  Get,
  Injectable,
  Module,
  type NestInterceptor,
  Param,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { map } from 'rxjs';
import { ConditionalModule, RangeableBody, Ranges } from '../../src';
import { initApp } from '../nest/support/init-app';
import { send } from '../clients/support/http';
import { calls } from './fixtures/call-log';
import { PLATFORMS, startApp } from './support/platforms';

/*
 * How @Ranges() routes are wired: the module wraps their handlers at start-up (no interceptor),
 * so the app's own interceptors see the StreamableFile the route answers with, each app
 * answers with its own options, and a route that sends its own reply is refused.
 */

const BODY = Buffer.from('Hello world');

/** As ClassSerializerInterceptor does to every object but a StreamableFile. */
@Injectable()
class FlattenObjects implements NestInterceptor {
  intercept(_context: unknown, next: CallHandler) {
    return next
      .handle()
      .pipe(
        map((value) => (value instanceof StreamableFile || typeof value !== 'object' ? value : { flattened: true })),
      );
  }
}

@Controller('wired')
class WiredController {
  @Get(':name')
  @Ranges()
  read(@Param('name') name: string) {
    calls.record(`read ${name}`);
    return RangeableBody.bytes(BODY, { contentType: 'text/plain' });
  }
}

/** Bound above @Ranges(): with the old route interceptor it ran inside it and saw the RangeableBody. */
@Controller('intercepted')
class InterceptedController {
  @Get(':name')
  @UseInterceptors(FlattenObjects)
  @Ranges()
  read(@Param('name') name: string) {
    calls.record(`read ${name}`);
    return RangeableBody.bytes(BODY, { contentType: 'text/plain' });
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [InterceptedController] })
class InterceptedAppModule {}

@Module({ imports: [ConditionalModule.forRoot({ ranges: { maxRanges: 1 } })], controllers: [WiredController] })
class OneRangeAppModule {}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [WiredController] })
class DefaultAppModule {}

@Module({ controllers: [WiredController] })
class WithoutModuleAppModule {}

describe.each(PLATFORMS)('@Ranges() wiring on $platform', (platform) => {
  beforeEach(() => calls.reset());

  it("the app's interceptors see the StreamableFile the route answers with", async () => {
    const app = await startApp(platform, InterceptedAppModule);
    try {
      const response = await send(`${app.url}/intercepted/a`, { headers: { Range: 'bytes=0-4' } });
      expect({ status: response.status, range: response.headers['content-range'], body: response.body }).toEqual({
        status: 206,
        range: 'bytes 0-4/11',
        body: 'Hello',
      });
      expect(calls.count('read a')).toBe(1);
    } finally {
      await app.close();
    }
  });

  it("two apps sharing a controller each answer with their own module's limits, at the same time", async () => {
    const oneRange = await startApp(platform, OneRangeAppModule);
    const defaults = await startApp(platform, DefaultAppModule);
    try {
      const twoRanges = { headers: { Range: 'bytes=0-0,5-5' } };
      const [limited, unlimited] = await Promise.all([
        send(`${oneRange.url}/wired/b`, twoRanges),
        send(`${defaults.url}/wired/b`, twoRanges),
      ]);
      expect({ status: limited.status, body: limited.body }).toEqual({ status: 200, body: 'Hello world' });
      expect(unlimited.status).toBe(206);
      expect(unlimited.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=/);
      expect(calls.count('read b')).toBe(2);
    } finally {
      await oneRange.close();
      await defaults.close();
    }
  });
});

describe('a wrapped @Ranges() handler called directly', () => {
  it('returns what the handler returns, as it did before the wrap', async () => {
    const app = await initApp([DefaultAppModule]);
    try {
      const body = new WiredController().read('direct');
      expect(body).toBeInstanceOf(RangeableBody);
      expect(calls.count('read direct')).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('@Ranges() refused at start-up', () => {
  it('in an app without ConditionalModule, which wires its routes', async () => {
    await expect(initApp([WithoutModuleAppModule])).rejects.toThrow(
      'nestjs-conditional: @Condition, @ETag, @LastModified and @Ranges need ConditionalModule.forRoot() (or forRootAsync()) in the imports of the root module.',
    );
  });

  it('on a route that takes the reply over with @Res()', async () => {
    @Controller('own-reply')
    class OwnReplyController {
      @Get()
      @Ranges()
      read(@Res() response: { end(body: string): void }) {
        response.end('sent by hand');
      }
    }
    await expect(initApp([ConditionalModule.forRoot()], [OwnReplyController])).rejects.toThrow(
      'nestjs-conditional: OwnReplyController.read has @Ranges() and takes the reply over with @Res() or @Next(); return the body instead (or use @Res({ passthrough: true })).',
    );
  });
});
