import { Inject, Injectable, OnModuleInit, Scope, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  PATH_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { MetadataScanner, ModuleRef, ModulesContainer, Reflector } from '@nestjs/core';
import { ConditionalGuard } from '../conditional.guard';
import { ETAG_VALIDATOR, LAST_MODIFIED_VALIDATOR, REQUIRE_PRECONDITION, VALIDATOR_TIMEOUT } from '../conditional.constants';
import { MODULE_OPTIONS_TOKEN } from '../conditional.module-definition';
import { ConditionalModuleOptions, ResolvedConditionalOptions, resolveConditionalOptions } from '../conditional.options';
import { isValidatorClass, ValidatorKind } from '../decorators/validator-source';
import { NotModifiedFilter } from '../exceptions/not-modified.filter';
import { moveToEnd, remove } from './metadata-order';
import { BoundValidator, DeclaredHeader, HEADERS_REPEATED_ON_304, RoutePlan } from './route-plan';
import { ConditionalRouteRegistry } from './route-registry';

/** A conditional route found when the app starts, before its validators are resolved. */
interface ConditionalRouteSite {
  readonly controller: Type<unknown>;
  readonly handler: Function;
  readonly route: string;
}

/** What a conditional route binds, each moved to the end of the route's own list. */
const BINDINGS: ReadonlyArray<readonly [string, Function]> = [
  [GUARDS_METADATA, ConditionalGuard],
  // Nest tries a route's filters from the last bound to the first: last is tried first.
  [EXCEPTION_FILTERS_METADATA, NotModifiedFilter],
];

/**
 * Finds the conditional routes of the application and makes their plans.
 *
 * When the app starts, every controller is read once:
 *
 * - **Wiring (constructor).** On every conditional route, `ConditionalGuard` is moved to the
 *   end of the route's own guards (and off the controller's), so it runs after every guard
 *   of the application: global guards first, then the controller's, then the route's, then
 *   this one. Authentication has answered 401/403 before any validator runs, and a
 *   validator can read `request.user`, whatever order the decorators were written in.
 *   Nest reads guard metadata when it registers routes, after providers are created and
 *   before `onModuleInit`, so this must happen in the constructor. The 304 filter is
 *   deduplicated the same way (stacked decorators bind it more than once) and placed where
 *   Nest looks first.
 * - **Plans (`onModuleInit`).** Validators given as injectable classes are resolved from the
 *   app's injector once every provider exists; a class that is not a provider fails the
 *   start with a message naming the route.
 */
@Injectable()
export class ConditionalRouteWiring implements OnModuleInit {
  private readonly options: ResolvedConditionalOptions;
  private readonly sites: ConditionalRouteSite[] = [];

  constructor(
    modules: ModulesContainer,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly registry: ConditionalRouteRegistry,
    @Inject(MODULE_OPTIONS_TOKEN) options: ConditionalModuleOptions,
  ) {
    this.options = resolveConditionalOptions(options);
    const scanner = new MetadataScanner();
    const seen = new Set<Function>();
    for (const module of modules.values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Type<unknown> | null;
        if (typeof controller !== 'function' || seen.has(controller)) continue;
        seen.add(controller);
        this.wireController(controller, scanner);
      }
    }
  }

  onModuleInit(): void {
    for (const site of this.sites) this.registry.register(site.controller, site.handler, this.planRoute(site));
  }

  private wireController(controller: Type<unknown>, scanner: MetadataScanner): void {
    const prototype = controller.prototype;
    let conditionalRoutes = 0;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || !this.isConditional(controller, handler)) continue;
      if (Reflect.getMetadata(SSE_METADATA, handler)) {
        // An event stream has no validators: class-level ones skip it, method-level ones are a mistake.
        if (this.isConditional(undefined, handler)) {
          throw new Error(`nestjs-conditional: ${controller.name}.${name} is an @Sse() route; an event stream cannot be conditional.`);
        }
        continue;
      }
      conditionalRoutes++;
      for (const [key, binding] of BINDINGS) {
        Reflect.defineMetadata(key, moveToEnd(Reflect.getMetadata(key, handler), binding), handler);
      }
      this.sites.push({ controller, handler, route: `${controller.name}.${name}` });
    }
    if (conditionalRoutes === 0) return;
    for (const [key, binding] of BINDINGS) {
      const classBindings = Reflect.getMetadata(key, controller);
      if (classBindings !== undefined) Reflect.defineMetadata(key, remove(classBindings, binding), controller);
    }
  }

  private isConditional(controller: Function | undefined, handler: Function): boolean {
    const targets = controller === undefined ? [handler] : [handler, controller];
    return (
      this.reflector.getAllAndOverride(ETAG_VALIDATOR, targets) !== undefined ||
      this.reflector.getAllAndOverride(LAST_MODIFIED_VALIDATOR, targets) !== undefined
    );
  }

  private planRoute({ controller, handler, route }: ConditionalRouteSite): RoutePlan {
    const targets = [handler, controller];
    const declared: DeclaredHeader[] = Reflect.getMetadata(HEADERS_METADATA, handler) ?? [];
    return {
      route,
      etag: this.bind(this.reflector.getAllAndOverride(ETAG_VALIDATOR, targets), 'etag', route),
      lastModified: this.bind(this.reflector.getAllAndOverride(LAST_MODIFIED_VALIDATOR, targets), 'lastModified', route),
      requirePrecondition:
        this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_PRECONDITION, targets) ??
        this.options.requirePrecondition,
      validatorTimeout:
        this.reflector.getAllAndOverride<number | undefined>(VALIDATOR_TIMEOUT, targets) ?? this.options.validatorTimeout,
      notModifiedHeaders: declared.filter(({ name }) => HEADERS_REPEATED_ON_304.has(name.toLowerCase())),
    };
  }

  private bind(source: unknown, kind: ValidatorKind, route: string): BoundValidator | undefined {
    if (source === undefined) return undefined;
    if (!isValidatorClass(source, kind)) return source as BoundValidator;
    let instance: Record<ValidatorKind, BoundValidator>;
    try {
      instance = this.moduleRef.get(source, { strict: false });
    } catch (cause) {
      const where = `nestjs-conditional: ${source.name}, the ${kind} validator of ${route},`;
      if (this.isScoped(source)) {
        throw new Error(
          `${where} is request-scoped (or depends on a request-scoped provider). Validator classes are resolved once, at start-up: make it a singleton and read what varies per request from its request argument.`,
          { cause },
        );
      }
      throw new Error(
        `${where} cannot be resolved: add it to the providers of a module (for example the module of ${route.split('.')[0]}).`,
        { cause },
      );
    }
    return (request, context) => instance[kind](request, context);
  }

  private isScoped(provider: Type<unknown>): boolean {
    try {
      return this.moduleRef.introspect(provider).scope !== Scope.DEFAULT;
    } catch {
      return false;
    }
  }
}
