import {
  ArgumentsHost,
  StreamableFile,
  CanActivate,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  Get,
  Header,
  Headers,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  Sse,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import request from 'supertest';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
  RouteParamtypes,
  SSE_METADATA,
  heldRequest,
  wrapRouteHandler,
} from '../../src/upstream/nest';
import { PLATFORMS, startApp } from '../e2e/support/platforms';
import { assume } from './assumption';

/** The Nest internals of src/upstream/nest.ts, each pinned (versioning: nest-versioning.spec.ts). */
const FILE = 'src/upstream/nest.ts';

class SomeGuard implements CanActivate {
  canActivate() {
    return true;
  }
}
class SomeInterceptor {
  intercept(_context: unknown, next: { handle(): unknown }) {
    return next.handle();
  }
}
@Catch()
class SomeFilter implements ExceptionFilter {
  catch() {}
}

class Decorated {
  @Get('path')
  @UseGuards(SomeGuard)
  @UseInterceptors(SomeInterceptor)
  @UseFilters(SomeFilter)
  @Header('Cache-Control', 'no-cache')
  @HttpCode(203)
  read(@Headers('if-match') _ifMatch: string) {
    return {};
  }

  @Sse('events')
  events() {
    return undefined;
  }
}

describe('Nest internals (src/upstream/nest.ts)', () => {
  const handler = Decorated.prototype.read;

  it('assumption 1: the decorators store what the library reads under these keys', () => {
    assume(
      Reflect.getMetadata(PATH_METADATA, handler) === 'path',
      `@Get() stores its path under "${PATH_METADATA}"`,
      FILE,
    );
    assume(
      typeof Reflect.getMetadata(METHOD_METADATA, handler) === 'number',
      `@Get() stores its RequestMethod under "${METHOD_METADATA}"`,
      FILE,
    );
    assume(
      Reflect.getMetadata(GUARDS_METADATA, handler)?.[0] === SomeGuard,
      `@UseGuards() stores its guards under "${GUARDS_METADATA}"`,
      FILE,
    );
    assume(
      Reflect.getMetadata(INTERCEPTORS_METADATA, handler)?.[0] === SomeInterceptor,
      `@UseInterceptors() stores its interceptors under "${INTERCEPTORS_METADATA}"`,
      FILE,
    );
    assume(
      Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, handler)?.[0] === SomeFilter,
      `@UseFilters() stores its filters under "${EXCEPTION_FILTERS_METADATA}"`,
      FILE,
    );
    const headers = Reflect.getMetadata(HEADERS_METADATA, handler);
    assume(
      headers?.[0]?.name === 'Cache-Control' && headers[0].value === 'no-cache',
      `@Header() stores { name, value } entries under "${HEADERS_METADATA}"`,
      FILE,
    );
    assume(
      Reflect.getMetadata(HTTP_CODE_METADATA, handler) === 203,
      `@HttpCode() stores its status under "${HTTP_CODE_METADATA}"`,
      FILE,
    );
    assume(
      Reflect.getMetadata(SSE_METADATA, Decorated.prototype.events) === true,
      `@Sse() marks its handler under "${SSE_METADATA}"`,
      FILE,
    );
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Decorated, 'read') ?? {};
    assume(
      Object.entries(args).some(
        ([key, value]) =>
          key.startsWith(`${RouteParamtypes.HEADERS}:`) && (value as { data?: string }).data === 'if-match',
      ),
      `@Headers(name) stores "${RouteParamtypes.HEADERS}:<index>" with { data: name } under "${ROUTE_ARGS_METADATA}" on the class`,
      'src/swagger/document-conditional-route.ts',
    );
  });

  describe.each(PLATFORMS)('on $platform', (platform) => {
    it("assumption 2: a route's enhancer list is read when routes register, after every constructor and before onModuleInit", async () => {
      const ran: string[] = [];
      class A implements CanActivate {
        canActivate() {
          ran.push('A');
          return true;
        }
      }
      class B implements CanActivate {
        canActivate() {
          ran.push('B');
          return true;
        }
      }
      @Controller('late')
      class LateController {
        @Get()
        @UseGuards(A, B)
        read() {
          return { ran: true };
        }
      }
      @Injectable()
      class ReordersInItsConstructor {
        constructor() {
          const guards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, LateController.prototype.read);
          Reflect.defineMetadata(GUARDS_METADATA, [...guards].reverse(), LateController.prototype.read);
        }
      }
      @Module({ controllers: [LateController], providers: [ReordersInItsConstructor] })
      class LateModule {}
      const app = await startApp(platform, LateModule);
      try {
        expect((await request(app.url).get('/late')).status).toBe(200);
        assume(
          ran.join() === 'B,A',
          `guards reordered in a provider's constructor run in the new order (they ran ${ran.join()})`,
          'src/pipeline/enhancer-order.ts',
        );
      } finally {
        await app.close();
      }
    });

    it("assumption 3: of a route's own filters, the last bound is tried first", async () => {
      @Catch(NotFoundException)
      class First implements ExceptionFilter {
        catch(_exception: unknown, host: ArgumentsHost) {
          const response = host.switchToHttp().getResponse();
          if (platform.platform === 'express') response.status(418).json({ by: 'first' });
          else response.status(418).send({ by: 'first' });
        }
      }
      @Catch(NotFoundException)
      class Last implements ExceptionFilter {
        catch(_exception: unknown, host: ArgumentsHost) {
          const response = host.switchToHttp().getResponse();
          if (platform.platform === 'express') response.status(418).json({ by: 'last' });
          else response.status(418).send({ by: 'last' });
        }
      }
      @Controller('filters')
      class FiltersController {
        @Get()
        @UseFilters(First, Last)
        read() {
          throw new NotFoundException();
        }
      }
      @Module({ controllers: [FiltersController] })
      class FiltersModule {}
      const app = await startApp(platform, FiltersModule);
      try {
        const response = await request(app.url).get('/filters');
        assume(
          response.body.by === 'last',
          'Nest tries the last filter bound on a route first',
          'src/pipeline/enhancer-order.ts',
        );
      } finally {
        await app.close();
      }
    });

    it('assumptions 5 and 6: a handler replaced before the start gets its own arguments, the request and the response, keeps its metadata, and the status it sets is sent', async () => {
      @Controller('wrapped')
      class WrappedController {
        @Get(':name')
        @Header('X-Kept', 'yes')
        read(@Param('name') name: string) {
          return `Hello ${name}`;
        }
      }
      const seen: unknown[] = [];
      wrapRouteHandler(WrappedController, 'read', 'WrappedController.read', (original, requestAt, responseAt) => {
        return function (this: unknown, ...args: unknown[]) {
          const body = original.apply(this, args.slice(0, requestAt)) as string;
          const request = args[requestAt] as { method?: string };
          seen.push(body, request.method);
          const response = args[responseAt] as { status?(code: number): void; code?(code: number): void };
          if (typeof response.code === 'function') response.code(206);
          else response.status!(206);
          return new StreamableFile(Buffer.from(body), { length: body.length });
        };
      });
      @Module({ controllers: [WrappedController] })
      class WrappedModule {}
      const app = await startApp(platform, WrappedModule);
      try {
        const response = await request(app.url).get('/wrapped/you');
        assume(
          response.status === 206 && Buffer.from(response.body).toString() === 'Hello you',
          `a wrapped handler's 206 and body are sent (got ${response.status})`,
          'src/ranges/range-responder.ts',
        );
        assume(
          seen[0] === 'Hello you' && seen[1] === 'GET',
          `a wrapped handler gets its @Param() and the request (got ${JSON.stringify(seen)})`,
          FILE,
        );
        assume(response.headers['x-kept'] === 'yes', "a wrapped handler keeps the original's @Header()", FILE);
      } finally {
        await app.close();
      }
    });

    it('assumption 7: a guard that has answered and returns a promise that never settles ends the request there', async () => {
      const ran: string[] = [];
      @Injectable()
      class AnswersItself implements CanActivate {
        canActivate(context: ExecutionContext): Promise<boolean> {
          const response = context.switchToHttp().getResponse();
          if (platform.platform === 'express') response.status(299).end('answered by the guard');
          else response.code(299).send('answered by the guard');
          return heldRequest();
        }
      }
      @Injectable()
      class Later implements CanActivate {
        canActivate(): boolean {
          ran.push('later guard');
          return true;
        }
      }
      class Recording {
        intercept(_context: unknown, next: { handle(): unknown }) {
          ran.push('interceptor');
          return next.handle();
        }
      }
      @Catch()
      class Everything implements ExceptionFilter {
        catch(): void {
          ran.push('filter');
        }
      }
      @Controller('held')
      @UseFilters(Everything)
      class HeldController {
        @Get()
        @UseGuards(AnswersItself, Later)
        @UseInterceptors(Recording)
        read() {
          ran.push('handler');
          return 'from the handler';
        }
      }
      @Module({ controllers: [HeldController] })
      class HeldModule {}
      const app = await startApp(platform, HeldModule);
      try {
        const response = await request(app.url).get('/held');
        await new Promise((resolve) => setTimeout(resolve, 50));
        assume(
          response.status === 299 && response.text === 'answered by the guard',
          `the guard's own answer is sent as it wrote it (got ${response.status} ${JSON.stringify(response.text)})`,
          'src/request/conditional.guard.ts',
        );
        assume(
          ran.length === 0,
          `nothing after a guard whose promise is pending runs: no later guard, pipe, interceptor, handler or filter (ran ${ran.join() || 'nothing'})`,
          'src/request/conditional.guard.ts',
        );
      } finally {
        await app.close();
      }
    });
  });
});
