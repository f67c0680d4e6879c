import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Optional } from '@nestjs/common';
import { responseOf } from '../request/http-arguments';
import { ConditionalRouteRegistry, registryOrExplain } from '../request/route-registry';
import { NotModifiedException } from './not-modified.exception';

/**
 * Writes the guard's `304 Not Modified`: the validator and cache headers, no body, no
 * Content-Type or Content-Length. Bound to each conditional route, and placed first among
 * the route's filters when the app starts, so that no catch-all filter reshapes it.
 */
@Catch(NotModifiedException)
@Injectable()
export class NotModifiedFilter implements ExceptionFilter<NotModifiedException> {
  private readonly routes: ConditionalRouteRegistry;

  constructor(@Optional() routes?: ConditionalRouteRegistry) {
    this.routes = registryOrExplain(routes);
  }

  catch(exception: NotModifiedException, host: ArgumentsHost): void {
    this.routes.platform.sendNotModified(responseOf(host), exception.headers);
  }
}
