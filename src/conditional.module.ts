import { DynamicModule, Module } from '@nestjs/common';
import { ConditionalModuleRootOptions, ConfigurableConditionalModule } from './conditional.module-definition';
import { ConditionalRouteRegistry } from './routing/route-registry';
import { ConditionalRouteWiring } from './routing/route-wiring';

/**
 * Import once, in the root module:
 *
 * ```ts
 * @Module({ imports: [ConditionalModule.forRoot()] })
 * export class AppModule {}
 * ```
 *
 * It registers nothing global on the request path: no global guard, no global interceptor,
 * no middleware. Only the routes that carry `@Condition`, `@ETag` or `@LastModified` run
 * any of its code.
 */
@Module({
  providers: [ConditionalRouteRegistry, ConditionalRouteWiring],
  exports: [ConditionalRouteRegistry],
})
export class ConditionalModule extends ConfigurableConditionalModule {
  /** Registers the module with `options` (every one optional). */
  static forRoot(options: ConditionalModuleRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }
}
