import { DynamicModule, Module, NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConditionalModuleRootOptions, ConfigurableConditionalModule } from './conditional.module-definition';
import { ConditionalRouteRegistry } from './request/route-registry';
import { ConditionalRouteWiring } from './pipeline/conditional-route-wiring';
import { ValidatorElements } from './validator-elements.service';

/**
 * Import once, in the root module:
 *
 * ```ts
 * @Module({ imports: [ConditionalModule.forRoot()] })
 * export class AppModule {}
 * ```
 *
 * It registers nothing global on the request path: no global guard, no global interceptor,
 * no middleware. Only the routes that carry the library's decorators run any of its code.
 * Two exceptions: with `conditionalGet` (opt-in), every GET/HEAD response is validated once
 * rendered; and on Fastify, an app in which some GET/HEAD route has a validator gets one
 * `onSend` hook (a conditional request may be decided on the rendered response: a validator
 * from the response, or early validators that all returned nothing), which every other
 * request leaves at its first line.
 */
@Module({
  // DiscoveryService: the public way to list the app's controllers.
  imports: [DiscoveryModule],
  providers: [ConditionalRouteRegistry, ConditionalRouteWiring, ValidatorElements],
  exports: [ConditionalRouteRegistry, ValidatorElements],
})
export class ConditionalModule extends ConfigurableConditionalModule implements NestModule {
  constructor(private readonly wiring: ConditionalRouteWiring) {
    super();
  }

  /** Registers the module with `options` (every one optional). */
  static forRoot(options: ConditionalModuleRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }

  /**
   * Nest configures middleware after creating every provider and before registering the
   * routes: the last moment a platform hook can still reach every route (the wiring
   * installs it earlier when the adapter is there, as it is under `NestFactory.create()`).
   */
  configure(): void {
    this.wiring.installRenderedValidation();
  }
}
