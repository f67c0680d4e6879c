import { Inject, Injectable, type OnModuleInit, Optional, type Type } from '@nestjs/common';
import {
  ApplicationConfig,
  DiscoveryService,
  HttpAdapterHost,
  MetadataScanner,
  ModuleRef,
  Reflector,
} from '@nestjs/core';
import { NEEDS_LAST_MODIFIED } from '../core/preconditions';
import { MODULE_OPTIONS_TOKEN } from '../conditional.module-definition';
import {
  type ConditionalModuleOptions,
  type ResolvedConditionalOptions,
  resolveConditionalOptions,
} from '../conditional.options';
import { isFromResponse } from '../declarations/from-response';
import {
  CACHE_FIELDS,
  ETAG_ADDED,
  ETAG_VALIDATOR,
  LAST_MODIFIED_ADDED,
  LAST_MODIFIED_VALIDATOR,
  RANGES,
  VARY,
} from '../declarations/metadata-keys';
import { type BoundValidator, passThroughPlan } from '../request/route-plan';
import type { ValidatorKind } from '../declarations/validator-class';
import { ConditionalRouteRegistry } from '../request/route-registry';
import { documentConditionalRoute } from '../swagger/document-conditional-route';
import { RANGE_SERVING, type RangeServing } from '../ranges/range.guard';
import { PATH_METADATA, SSE_METADATA, versioningOf, wrapRouteHandler } from '../upstream/nest';
import { foldDeclaredVary } from './declared-vary';
import { orderRouteEnhancers, removeClassEnhancers } from './enhancer-order';
import { decidesOnRender, earlyValidatorElements, planRoute, readsRepresentation, renderedKinds } from './plan-route';
import { type RouteDeclarations, readRouteDeclarations } from './route-declarations';
import { bindValidator } from './validator-binding';
import { composeETag, composeLastModified } from './validator-elements';
import { versionSelectingHeader } from './version-header';

/** A conditional route found when the app starts: where it is, and what it declares. */
interface ConditionalRouteSite {
  readonly controller: Type<unknown>;
  readonly handler: Function;
  readonly declarations: RouteDeclarations;
}

/** The metadata that makes a route the library's: any validator, or a cache field. */
const CONDITIONAL_KEYS = [ETAG_VALIDATOR, LAST_MODIFIED_VALIDATOR, CACHE_FIELDS, VARY];

/**
 * `@AddToETag()` / `@AddToLastModified()` on a method that has no validator at all: the
 * elements would silently do nothing.
 */
function hasAddedElements(handler: Function): boolean {
  return (
    Reflect.getMetadata(ETAG_ADDED, handler) !== undefined ||
    Reflect.getMetadata(LAST_MODIFIED_ADDED, handler) !== undefined
  );
}

function refuseAddedElementsAlone(handler: Function, route: string): void {
  for (const [key, decorator] of [
    [ETAG_ADDED, '@AddToETag()'],
    [LAST_MODIFIED_ADDED, '@AddToLastModified()'],
  ] as const) {
    if (Reflect.getMetadata(key, handler) !== undefined) {
      throw new Error(
        `nestjs-conditional: ${route} has ${decorator}, but no validator to add to (added elements qualify a validator, they never make one).`,
      );
    }
  }
}

/**
 * Finds the conditional routes of the application and makes their plans, in plain steps:
 *
 * 1. **Discover** (constructor): every controller Nest knows (`DiscoveryService`), every
 *    method with a route path that carries a declaration of the library's.
 * 2. **Read** each route's declarations once (`readRouteDeclarations`), after folding a
 *    `@Header('Vary')` into `@Vary()` (`foldDeclaredVary`).
 * 3. **Order the enhancers** (`orderRouteEnhancers`): the guard after every guard of the app,
 *    the 304 filter where Nest looks first, the result interceptor only where a Last-Modified
 *    is read from the handler's result. In the constructor: Nest reads those lists when it
 *    registers the routes, before `onModuleInit` (src/upstream/nest.ts).
 * 4. **Document** each route for @nestjs/swagger when it is there; also in the constructor, as
 *    an app usually builds its document before `init()`.
 * 5. **Plan** (`onModuleInit`, once every provider exists): bind validator classes from the
 *    injector (`bindValidator`), then the pure `planRoute`, with the module's defaults and the
 *    header the app's versioning picks versions by.
 * 6. **Install the platform hook** for validation after the handler, once, when some route
 *    may decide on its rendered response or the app validates every response.
 *
 * A `@Ranges()` route's handler is wrapped first (constructor, `serveRanges`): its result is
 * answered whole or in ranges as part of the handler, with no interceptor (Nest 11 charges
 * one about 60-90 us per request).
 */
@Injectable()
export class ConditionalRouteWiring implements OnModuleInit {
  private readonly options: ResolvedConditionalOptions;
  private readonly sites: ConditionalRouteSite[] = [];
  private readonly controllers: Array<Type<unknown>> = [];
  private renderedValidationInstalled = false;

  constructor(
    discovery: DiscoveryService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly registry: ConditionalRouteRegistry,
    @Inject(MODULE_OPTIONS_TOKEN) options: ConditionalModuleOptions,
    @Optional() private readonly appConfig?: ApplicationConfig,
  ) {
    this.options = resolveConditionalOptions(options);
    registry.validatesEveryResponse = this.options.conditionalGet !== undefined;
    registry.answersNotModifiedDirectly = this.options.answersNotModifiedDirectly;
    registry.rangeLimits = options?.ranges ?? {};
    const scanner = new MetadataScanner();
    const seen = new Set<Function>();
    for (const wrapper of discovery.getControllers()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (typeof controller !== 'function' || seen.has(controller)) continue;
      seen.add(controller);
      this.controllers.push(controller);
      this.wireController(controller, scanner);
    }
    // NestFactory.create() gives the adapter before creating providers: the platform hook goes
    // in now, ahead of any hook the app registers after create() (a compression plugin). A
    // testing module creates providers first; the module's configure() installs it then.
    if (this.validatesRenderedResponses && adapterHost.httpAdapter !== undefined) this.installRenderedValidation();
  }

  onModuleInit(): void {
    // The platform seam refuses an adapter it does not know: at start, not on the first request.
    if (this.sites.length > 0 && this.adapterHost.httpAdapter !== undefined) void this.registry.platform;
    const defaults = {
      requirePrecondition: this.options.requirePrecondition,
      validatorTimeout: this.options.validatorTimeout,
      earliestLastModified: this.options.earliestLastModified,
      versionHeader: versionSelectingHeader(versioningOf(this.appConfig)),
    };
    for (const { controller, handler, declarations } of this.sites) {
      this.registry.register(controller, handler, planRoute(declarations, defaults, this.bindEarly(declarations)));
    }
    // A controller that inherits a conditional route from, or shares it with, a decorated one
    // (a base class, say) runs the route's guard too: it gets a plan that does nothing.
    const scanner = new MetadataScanner();
    for (const controller of this.controllers) {
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (this.registry.isConditional(handler) && this.registry.planFor(controller, handler) === undefined) {
          this.registry.register(controller, handler, passThroughPlan(`${controller.name}.${name}`));
        }
      }
    }
  }

  /** The route's early validators, each bound and composed from its elements. */
  private bindEarly(declarations: RouteDeclarations): { etag?: BoundValidator; lastModified?: BoundValidator } {
    const { route } = declarations;
    const elements = earlyValidatorElements(declarations);
    const bind = (sources: readonly unknown[] | undefined, kind: ValidatorKind, role?: string) =>
      (sources ?? []).map((source) => bindValidator(this.moduleRef, source, kind, route, role)!);
    return {
      etag: composeETag(
        route,
        bind(elements.etag?.own, 'etag'),
        bind(elements.etag?.added, 'etag', 'an @AddToETag() element'),
        this.options.representationVersion,
      ),
      lastModified: composeLastModified(
        route,
        bind(elements.lastModified?.own, 'lastModified'),
        bind(elements.lastModified?.added, 'lastModified', 'an @AddToLastModified() element'),
        this.options.earliestLastModified,
      ),
    };
  }

  /** Installs the platform hook that validates rendered responses, once, when some route or the app needs it. */
  installRenderedValidation(): void {
    if (this.renderedValidationInstalled || !this.validatesRenderedResponses) return;
    this.renderedValidationInstalled = true;
    this.registry.platform.installRenderedValidation(this.options.conditionalGet);
  }

  /** Whether some route, or the whole app, may validate responses after the handler. */
  get validatesRenderedResponses(): boolean {
    return this.options.conditionalGet !== undefined || this.sites.some((site) => decidesOnRender(site.declarations));
  }

  private wireController(controller: Type<unknown>, scanner: MetadataScanner): void {
    let conditionalRoutes = 0;
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      let handler = controller.prototype[name];
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      if (!Reflect.getMetadata(SSE_METADATA, handler)) handler = this.serveRanges(controller, name, handler);
      if (!this.isConditional([handler, controller])) {
        refuseAddedElementsAlone(handler, `${controller.name}.${name}`);
        continue;
      }
      if (Reflect.getMetadata(SSE_METADATA, handler)) {
        // An event stream has no validators: class-level ones skip it, method-level ones are a mistake.
        if (this.isConditional([handler]) || hasAddedElements(handler)) {
          throw new Error(
            `nestjs-conditional: ${controller.name}.${name} is an @Sse() route; an event stream cannot be conditional.`,
          );
        }
        continue;
      }
      conditionalRoutes++;
      foldDeclaredVary(this.reflector, controller, handler);
      const declarations = readRouteDeclarations(this.reflector, controller, handler, `${controller.name}.${name}`);
      orderRouteEnhancers(handler, (renderedKinds(declarations) & NEEDS_LAST_MODIFIED) !== 0);
      this.sites.push({ controller, handler, declarations });
      this.document(controller, name, declarations);
    }
    if (conditionalRoutes > 0) removeClassEnhancers(controller);
  }

  /**
   * Wraps a `@Ranges()` route's handler so that its result is answered whole or in ranges, the
   * way `RangeGuard` left on the request for this app; returns the handler Nest will call.
   */
  private serveRanges(controller: Type<unknown>, name: string, handler: Function): Function {
    if (this.reflector.getAllAndOverride(RANGES, [handler, controller]) === undefined) return handler;
    wrapRouteHandler(controller, name, `${controller.name}.${name}`, (original, requestAt, responseAt) => {
      return function servingRanges(this: unknown, ...args: unknown[]): unknown {
        // Called by anything but Nest (a unit test, `super.read()`): the handler as it was.
        if (args.length <= requestAt || typeof args[requestAt] !== 'object' || args[requestAt] === null)
          return original.apply(this, args);
        const request = args[requestAt] as { [RANGE_SERVING]?: RangeServing };
        const result = original.apply(this, args.slice(0, requestAt));
        const serving = request[RANGE_SERVING];
        return serving === undefined
          ? result
          : serving.responder.respond(request, args[responseAt], result, serving.limits);
      };
    });
    return controller.prototype[name];
  }

  private isConditional(targets: Function[]): boolean {
    return CONDITIONAL_KEYS.some((key) => this.reflector.getAllAndOverride(key, targets) !== undefined);
  }

  /** The route's OpenAPI description, when the app uses @nestjs/swagger. */
  private document(controller: Type<unknown>, methodName: string, declarations: RouteDeclarations): void {
    const reads = readsRepresentation(declarations);
    const applies = (source: unknown) => source !== undefined && (reads || !isFromResponse(source));
    documentConditionalRoute(controller.prototype, methodName, {
      method: declarations.method!,
      etag: applies(declarations.etag),
      lastModified: applies(declarations.lastModified),
      requirePrecondition: declarations.requirePrecondition ?? this.options.requirePrecondition,
    });
  }
}
