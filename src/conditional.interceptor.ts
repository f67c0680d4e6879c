import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { CONDITIONAL_STATE } from './conditional.constants';
import { ConditionalRouteRegistry, registryOrExplain } from './routing/route-registry';

/**
 * Adds `ETag` and `Last-Modified` to a successful GET/HEAD response of a conditional route,
 * with the values the guard already computed (validators run once per request). A header
 * the handler set itself is left alone; an error response gets neither.
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
    const headers: Array<[string, string]> | undefined = http.getRequest()[CONDITIONAL_STATE];
    if (headers === undefined || headers.length === 0) return next.handle();
    const response = http.getResponse();
    const platform = this.routes.platform;
    return next.handle().pipe(
      tap(() => {
        const status = platform.statusCode(response);
        if (platform.headersSent(response) || status < 200 || status > 299) return;
        for (const [name, value] of headers) {
          if (platform.getHeader(response, name) === undefined) platform.setHeader(response, name, value);
        }
      }),
    );
  }
}
