import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import { formatHttpDate, toLastModified } from '../core/http-date';
import { InvalidValidatorValueError } from '../core/invalid-validator-value.error';
import { newestModification } from '../core/newest-modification';
import { isGetOrHead } from '../core/preconditions';
import { newestModificationTime } from '../core/validator-elements';
import { requestOf, responseOf } from './http-arguments';
import { ConditionalRouteRegistry, registryOrExplain } from './route-registry';

/**
 * Reads the Last-Modified of `@LastModified()` (without a validator) from what the handler
 * returned, and sets it on the response before it is serialized; the request's
 * `If-Modified-Since` is then evaluated against it as the response is sent, and a request
 * not modified since gets a bodiless 304.
 *
 * Bound by `@LastModified()` only: every other conditional route is served by
 * `ConditionalGuard` alone, since Nest's interceptor machinery costs about as much per
 * request as a trivial route (BENCHMARKS.md). A handler that set its own `Last-Modified`
 * keeps it. Steps aside outside HTTP (microservices, websockets, GraphQL).
 */
@Injectable()
export class ConditionalInterceptor implements NestInterceptor {
  private readonly routes: ConditionalRouteRegistry;

  constructor(@Optional() routes?: ConditionalRouteRegistry) {
    this.routes = registryOrExplain(routes);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const plan = this.routes.planFor(context.getClass(), context.getHandler());
    const fields = plan?.lastModifiedFromResult;
    // Only a GET/HEAD response is described by the records it returns (an @All() route's POST is not).
    if (plan === undefined || fields === undefined || !isGetOrHead(requestOf(context).method)) return next.handle();
    const response = responseOf(context);
    const platform = this.routes.platform;
    const name = platform.fieldNames.lastModified;
    return next.handle().pipe(
      map((result) => {
        if (platform.getHeader(response, name) !== undefined) return result;
        let lastModified: number | undefined;
        try {
          const newest = newestModification(result, fields);
          if (newest !== undefined) {
            const nowMs = Date.now();
            lastModified = toLastModified(newest, nowMs);
            if (plan.earliestLastModified !== undefined) {
              lastModified = newestModificationTime([lastModified], plan.earliestLastModified, nowMs);
            }
          }
        } catch (error) {
          if (!(error instanceof InvalidValidatorValueError)) throw error;
          throw new InvalidValidatorValueError(
            `${plan.route}: @LastModified() cannot read the result: ${error.message}`,
          );
        }
        if (lastModified === undefined) return result;
        const value = formatHttpDate(lastModified);
        platform.setHeader(response, name, value);
        platform.keepOnlyOnSuccess(response, [[name, value]]);
        return result;
      }),
    );
  }
}
