import {
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  HttpException,
  type ExecutionContext,
  Get,
  Injectable,
  Module,
  type NestInterceptor,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Condition, ConditionalModule, ETag } from 'nestjs-conditional';
import { CHEAP_CONDITION, CURRENT_ETAG, LAST_MODIFIED } from './validators';

/** Scenarios A, I, B, B2 and C: the same tiny JSON route, so any difference is the library's. */

const GREETING = { hello: 'world' };

@Controller()
class PlainController {
  @Get()
  get() {
    return GREETING;
  }
}

@Injectable()
class PassThroughInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle();
  }
}

@Controller()
class InterceptedController {
  @Get()
  @UseInterceptors(PassThroughInterceptor)
  get() {
    return GREETING;
  }
}

@Injectable()
class AllowGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller()
class GuardedController {
  @Get()
  @UseGuards(AllowGuard)
  get() {
    return GREETING;
  }
}

/** What the library's NotModifiedException is, reduced: an answer, built without a stack. */
class BareNotModified extends HttpException {
  constructor() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super('Not Modified', 304);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

@Injectable()
class NotModifiedGuard implements CanActivate {
  canActivate(): boolean {
    throw new BareNotModified();
  }
}

/** F's Last-Modified, formatted once: the floor should not pay for what the library memoizes. */
const LAST_MODIFIED_FIELD = LAST_MODIFIED.toUTCString();

/** Answers K's 304 with F's fields (ETag, Last-Modified), so that K and F put the same bytes on the wire. */
@Catch(BareNotModified)
class BareNotModifiedFilter implements ExceptionFilter {
  catch(_exception: BareNotModified, host: ArgumentsHost): void {
    // By position, as the library's filter reads it (switchToHttp() allocates closures per call).
    const response = host.getArgByIndex(1);
    // Express's res and Fastify's reply both have status() and header().
    response.status(304);
    response.header('ETag', CURRENT_ETAG);
    response.header('Last-Modified', LAST_MODIFIED_FIELD);
    if (typeof response.end === 'function') response.end();
    else response.send();
  }
}

@Controller()
class GuardAnsweredController {
  @Get()
  @UseGuards(NotModifiedGuard)
  @UseFilters(BareNotModifiedFilter)
  get() {
    return GREETING;
  }
}

@Controller()
class ConditionalController {
  @Get()
  @Condition(CHEAP_CONDITION)
  get() {
    return GREETING;
  }
}

/**
 * Another route of B2's app, never requested: its `@ETag()` is what makes the library
 * validate rendered responses in this app (on Fastify, an `onSend` hook for every route).
 */
@Controller('tagged')
class BodyETagController {
  @Get()
  @ETag()
  get() {
    return GREETING;
  }
}

/** A: the baseline, the library not even loaded into the app. */
@Module({ controllers: [PlainController] })
export class WithoutLibraryModule {}

/** I: A's route behind an interceptor that does nothing. */
@Module({ controllers: [InterceptedController] })
export class InterceptedModule {}

/** J: A's route behind a guard that lets every request through. */
@Module({ controllers: [GuardedController] })
export class GuardedModule {}

/** K: a guard that stops every request with a 304, through Nest's exception flow and a route filter. */
@Module({ controllers: [GuardAnsweredController] })
export class GuardAnsweredModule {}

/** B: the module imported, the route untouched: what the library costs routes that do not use it. */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [PlainController] })
export class UndecoratedModule {}

/** B2: B's untouched route, in an app where another route uses `@ETag()`: what that route's hook costs the others. */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [PlainController, BodyETagController] })
export class UndecoratedBesideBodyETagModule {}

/** C: the decorated route on its 200 path (the client sends no conditional header). */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [ConditionalController] })
export class DecoratedModule {}
