import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, throwError } from 'rxjs';
import { comparedValidatorsOf } from '../request/compared-validators';
import { requestOf } from '../request/http-arguments';
import { lostRaceOf } from '../core/lost-race';
import { writeConditionFor } from '../core/write-condition';
import { preconditionFailed } from './precondition-failed';

/**
 * Opt-in: turns an error the handler throws because its conditional write lost a race (an
 * ORM's optimistic-lock error, PostgreSQL 40001/40P01, Prisma's P2025 or P2034, a unique
 * violation on a create-only `If-None-Match: *` insert: see `lostRaceOf`) into
 * `412 Precondition Failed`. The 412 is thrown into Nest's exception flow, so the app's
 * exception filters see a `PreconditionFailedException` (with the original error as `cause`)
 * as they see the guard's. Anything else, and any error of an unconditional request, goes on
 * unchanged.
 *
 * An interceptor rather than an exception filter: a filter would answer the 412 itself and
 * bypass the app's filters. Bind it where writes happen, `@UseInterceptors(LostRaceInterceptor)`
 * on a controller, or for the whole app as `{ provide: APP_INTERCEPTOR, useClass: LostRaceInterceptor }`.
 * Errors thrown by `writeConditionally`'s attempts are mapped already; this covers writes that
 * throw elsewhere (a transaction's commit, an ORM's flush at the end of the handler).
 */
@Injectable()
export class LostRaceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = requestOf(context);
    return next.handle().pipe(
      catchError((error: unknown) => {
        // Already an answer (writeConditionally's 412 carries the ORM error as its cause).
        if (error instanceof HttpException) return throwError(() => error);
        const condition = writeConditionFor(request, comparedValidatorsOf(request));
        if (lostRaceOf(error, condition) === undefined) return throwError(() => error);
        return throwError(() => preconditionFailed(error));
      }),
    );
  }
}
