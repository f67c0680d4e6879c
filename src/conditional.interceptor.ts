import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { CONDITIONAL_STATE } from './conditional.constants';
import type { ConditionalState } from './conditional-state';
import { ConditionalRouteRegistry, registryOrExplain } from './routing/route-registry';

/**
 * Adds `ETag` and `Last-Modified` to a successful GET/HEAD response of a conditional route,
 * with the values the guard already computed (validators run once per request).
 *
 * The headers are set before the handler runs, so that a handler writing the response
 * itself (`@Res()`, a stream) sends them too, and a handler setting its own `ETag` simply
 * replaces ours. They are taken back when the handler fails or answers with a non-2xx
 * status, while the response is still unsent: an error never carries the validators.
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
    const headers = (http.getRequest()[CONDITIONAL_STATE] as ConditionalState | undefined)?.responseHeaders;
    if (headers === undefined || headers.length === 0) return next.handle();
    const response = http.getResponse();
    const platform = this.routes.platform;
    const added: string[] = [];
    for (const [name, value] of headers) {
      if (platform.getHeader(response, name) === undefined) {
        platform.setHeader(response, name, value);
        added.push(name);
      }
    }
    const takeBack = () => {
      if (!platform.headersSent(response)) for (const name of added) platform.removeHeader(response, name);
    };
    return next.handle().pipe(
      tap({
        next: () => {
          const status = platform.statusCode(response);
          if (status < 200 || status > 299) takeBack();
        },
        error: takeBack,
      }),
    );
  }
}
