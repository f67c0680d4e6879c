import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Observable } from 'rxjs';
import { CONDITIONAL_STATE } from './conditional.constants';
import type { ConditionalState } from './conditional-state';
import { ConditionalRouteRegistry, registryOrExplain } from './routing/route-registry';

/**
 * Adds `ETag` and `Last-Modified` to the GET/HEAD response of a conditional route, with the
 * values the guard already computed (validators run once per request).
 *
 * The fields are set before the handler runs, so that a handler writing the response itself
 * (`@Res()`, a stream) sends them too, and a handler setting its own `ETag` simply replaces
 * ours. Whatever finally answers with a status other than 2xx or 304 (an exception filter,
 * `@Redirect()`, a timeout) has them taken back as the head is written: an error never
 * carries the validators.
 */
@Injectable()
export class ConditionalInterceptor implements NestInterceptor {
  private readonly routes: ConditionalRouteRegistry;

  constructor(@Optional() routes?: ConditionalRouteRegistry) {
    this.routes = registryOrExplain(routes);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const fields = (http.getRequest()[CONDITIONAL_STATE] as ConditionalState | undefined)?.responseHeaders;
    if (fields === undefined || fields.length === 0) return next.handle();
    const response = http.getResponse();
    const platform = this.routes.platform;
    const added: Array<readonly [string, string]> = [];
    for (const field of fields) {
      if (platform.getHeader(response, field[0]) === undefined) {
        platform.setHeader(response, field[0], field[1]);
        added.push(field);
      }
    }
    if (added.length > 0) platform.keepOnlyOnSuccess(response, added);
    return next.handle();
  }
}
