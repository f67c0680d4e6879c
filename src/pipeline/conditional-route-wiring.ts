import { Inject, Injectable, OnModuleInit, Optional, RequestMethod, Scope, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  SSE_METADATA,
  versioningOf,
} from '../upstream/nest';
import { ApplicationConfig, HttpAdapterHost, MetadataScanner, ModuleRef, ModulesContainer, Reflector } from '@nestjs/core';
import { ConditionalGuard } from '../request/conditional.guard';
import { ConditionalInterceptor } from '../request/conditional.interceptor';
import {
  CACHE_FIELDS,
  ETAG_VALIDATOR,
  LAST_MODIFIED_VALIDATOR,
  REQUIRE_PRECONDITION,
  VALIDATOR_TIMEOUT,
  VARY,
} from '../declarations/metadata-keys';
import { NEEDS_ETAG, NEEDS_LAST_MODIFIED, NEEDS_NOTHING, mergeVary } from '../core';
import { ETagFromBody, LastModifiedFromResult, isFromResponse } from '../declarations/from-response';
import { MODULE_OPTIONS_TOKEN } from '../conditional.module-definition';
import { ConditionalModuleOptions, ResolvedConditionalOptions, resolveConditionalOptions } from '../conditional.options';
import { type ValidatorKind, isValidatorClass } from '../declarations/validator-class';
import { NotModifiedFilter } from '../exceptions/not-modified.filter';
import { moveToEnd, remove } from './enhancer-order';
import { BoundValidator, DeclaredHeader, HEADERS_REPEATED_ON_304, RoutePlan, passThroughPlan } from '../request/route-plan';
import { ConditionalRouteRegistry } from '../request/route-registry';
import { documentConditionalRoute } from '../swagger/document-conditional-route';
import { versionSelectingHeader } from './version-header';

/** A conditional route found when the app starts, before its validators are resolved. */
interface ConditionalRouteSite {
  readonly controller: Type<unknown>;
  readonly handler: Function;
  readonly route: string;
  /** Whether the route answers GET or HEAD, the only methods validated after the handler. */
  readonly readsRepresentation: boolean;
  /** The validator kinds that come from the rendered response (`NEEDS_*` bits). */
  readonly renderedKinds: number;
  /**
   * Whether some request of the route may be decided on its rendered response: a GET/HEAD
   * route with any validator (one from the response, or an early one that may return nothing).
   */
  readonly decidesOnRender: boolean;
}

/** The request methods whose responses a validator from the response can describe. */
const READING_METHODS: ReadonlySet<RequestMethod> = new Set([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.ALL]);

/** What a conditional route binds, each moved to the end of the route's own list. */
const BINDINGS: ReadonlyArray<readonly [string, Function]> = [
  [GUARDS_METADATA, ConditionalGuard],
  // Nest tries a route's filters from the last bound to the first: last is tried first.
  [EXCEPTION_FILTERS_METADATA, NotModifiedFilter],
];

/** Bound only on routes whose Last-Modified is read from the handler's result. */
const RESULT_READER: readonly [string, Function] = [INTERCEPTORS_METADATA, ConditionalInterceptor];

/** The metadata that makes a route the library's: any validator, or a cache field. */
const CONDITIONAL_KEYS = [ETAG_VALIDATOR, LAST_MODIFIED_VALIDATOR, CACHE_FIELDS, VARY];

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
 *   `ConditionalInterceptor` is kept only on the routes that read a Last-Modified from the
 *   handler's result, and each route is documented for @nestjs/swagger when it is there.
 * - **Plans (`onModuleInit`).** Validators given as injectable classes are resolved from the
 *   app's injector once every provider exists; a class that is not a provider fails the
 *   start with a message naming the route. Under header or media-type versioning, each
 *   route's `Vary` also names the header that picks the version (`version-header.ts`).
 * - **Rendered responses.** When some route may decide a request on its rendered response
 *   (a GET/HEAD route with any validator: one from the response, or early ones that may all
 *   return nothing) or the app validates every response (`conditionalGet`), the platform
 *   hook for it is installed once, as early as the adapter exists.
 */
@Injectable()
export class ConditionalRouteWiring implements OnModuleInit {
  private readonly options: ResolvedConditionalOptions;
  private readonly sites: ConditionalRouteSite[] = [];
  private readonly controllers: Array<Type<unknown>> = [];
  private renderedValidationInstalled = false;

  constructor(
    modules: ModulesContainer,
    adapterHost: HttpAdapterHost,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    private readonly registry: ConditionalRouteRegistry,
    @Inject(MODULE_OPTIONS_TOKEN) options: ConditionalModuleOptions,
    @Optional() private readonly appConfig?: ApplicationConfig,
  ) {
    this.options = resolveConditionalOptions(options);
    registry.validatesEveryResponse = this.options.conditionalGet !== undefined;
    const scanner = new MetadataScanner();
    const seen = new Set<Function>();
    for (const module of modules.values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Type<unknown> | null;
        if (typeof controller !== 'function' || seen.has(controller)) continue;
        seen.add(controller);
        this.controllers.push(controller);
        this.wireController(controller, scanner);
      }
    }
    // NestFactory.create() gives the adapter before creating providers: the platform hook goes
    // in now, ahead of any hook the app registers after create() (a compression plugin). A
    // testing module creates providers first; the module's configure() installs it then.
    if (this.validatesRenderedResponses && adapterHost.httpAdapter !== undefined) this.installRenderedValidation();
  }

  onModuleInit(): void {
    const versionHeader = versionSelectingHeader(versioningOf(this.appConfig));
    for (const site of this.sites) this.registry.register(site.controller, site.handler, this.planRoute(site, versionHeader));
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

  /** Installs the platform hook that validates rendered responses, once, when some route or the app needs it. */
  installRenderedValidation(): void {
    if (this.renderedValidationInstalled || !this.validatesRenderedResponses) return;
    this.renderedValidationInstalled = true;
    this.registry.platform.installRenderedValidation(this.options.conditionalGet);
  }


  /**
   * Whether some route, or the whole app, may validate responses after the handler: any
   * GET/HEAD route with a validator, since a conditional request its validators say nothing
   * about is decided on the handler's answer.
   */
  get validatesRenderedResponses(): boolean {
    return this.options.conditionalGet !== undefined || this.sites.some((site) => site.decidesOnRender);
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
      const route = `${controller.name}.${name}`;
      const readsRepresentation = this.readsRepresentation(handler, route);
      const renderedKinds = this.renderedKinds(controller, handler, readsRepresentation);
      const decidesOnRender = readsRepresentation && this.hasValidator(controller, handler);
      const site = { controller, handler, route, readsRepresentation, renderedKinds, decidesOnRender };
      const bindings = site.renderedKinds & NEEDS_LAST_MODIFIED ? [...BINDINGS, RESULT_READER] : BINDINGS;
      this.foldDeclaredVary(controller, handler);
      for (const [key, binding] of bindings) {
        Reflect.defineMetadata(key, moveToEnd(Reflect.getMetadata(key, handler), binding), handler);
      }
      this.sites.push(site);
      this.document(site, name);
    }
    if (conditionalRoutes === 0) return;
    // Bound on the class, they would also run on the routes that do not need them.
    for (const [key, binding] of [...BINDINGS, RESULT_READER]) {
      const classBindings = Reflect.getMetadata(key, controller);
      if (classBindings !== undefined) Reflect.defineMetadata(key, remove(classBindings, binding), controller);
    }
  }

  private hasValidator(controller: Function, handler: Function): boolean {
    const targets = [handler, controller];
    return [ETAG_VALIDATOR, LAST_MODIFIED_VALIDATOR].some((key) => this.reflector.getAllAndOverride(key, targets) !== undefined);
  }

  private isConditional(controller: Function | undefined, handler: Function): boolean {
    const targets = controller === undefined ? [handler] : [handler, controller];
    return CONDITIONAL_KEYS.some((key) => this.reflector.getAllAndOverride(key, targets) !== undefined);
  }

  /**
   * Whether the route serves GET or HEAD. A validator from the response on a method-level
   * decorator of any other route is a mistake (its response describes the change, not the
   * resource) and fails the start; on the class it simply does not apply there.
   */
  private readsRepresentation(handler: Function, route: string): boolean {
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined || READING_METHODS.has(method)) return true;
    for (const key of [ETAG_VALIDATOR, LAST_MODIFIED_VALIDATOR]) {
      const own = Reflect.getMetadata(key, handler);
      if (own instanceof ETagFromBody || own instanceof LastModifiedFromResult) {
        throw new Error(
          `nestjs-conditional: ${route} is a ${RequestMethod[method]} route; @ETag() and @LastModified() without a validator describe a GET/HEAD response. Give writes a validator that reads the current state, such as @ETag((req) => ...).`,
        );
      }
    }
    return false;
  }

  /**
   * The route's OpenAPI description, when the app uses @nestjs/swagger. Here, not in
   * `onModuleInit`: an app usually builds its document before `listen()` initializes it.
   */
  private document(site: ConditionalRouteSite, methodName: string): void {
    const { controller, handler } = site;
    const targets = [handler, controller];
    const applies = (source: unknown) => source !== undefined && (site.readsRepresentation || !isFromResponse(source));
    // Documented here, before the plans exist: an app usually builds its document before init.
    documentConditionalRoute(controller.prototype, methodName, {
      method: Reflect.getMetadata(METHOD_METADATA, handler),
      etag: applies(this.reflector.getAllAndOverride(ETAG_VALIDATOR, targets)),
      lastModified: applies(this.reflector.getAllAndOverride(LAST_MODIFIED_VALIDATOR, targets)),
      requirePrecondition:
        this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_PRECONDITION, targets) ?? this.options.requirePrecondition,
    });
  }

  /**
   * A route with `@Vary()` and Nest's `@Header('Vary', ...)`: Nest would write its field after
   * the handler, replacing the merged one, so its names join `@Vary()`'s instead.
   */
  private foldDeclaredVary(controller: Function, handler: Function): void {
    if (this.reflector.getAllAndMerge(VARY, [handler, controller]).length === 0) return;
    const declared: DeclaredHeader[] = Reflect.getMetadata(HEADERS_METADATA, handler) ?? [];
    const vary = declared.filter(({ name, value }) => name.toLowerCase() === 'vary' && typeof value === 'string');
    if (vary.length === 0) return;
    const names = vary.flatMap(({ value }) => (value as string).split(',').map((name) => name.trim()));
    Reflect.defineMetadata(VARY, [...(Reflect.getOwnMetadata(VARY, handler) ?? []), ...names], handler);
    Reflect.defineMetadata(HEADERS_METADATA, declared.filter((header) => !vary.includes(header)), handler);
  }

  /** Which validators of the route come from its rendered response. */
  private renderedKinds(controller: Function, handler: Function, readsRepresentation: boolean): number {
    if (!readsRepresentation) return NEEDS_NOTHING;
    const targets = [handler, controller];
    let kinds = NEEDS_NOTHING;
    if (this.reflector.getAllAndOverride(ETAG_VALIDATOR, targets) instanceof ETagFromBody) kinds |= NEEDS_ETAG;
    if (this.reflector.getAllAndOverride(LAST_MODIFIED_VALIDATOR, targets) instanceof LastModifiedFromResult) {
      kinds |= NEEDS_LAST_MODIFIED;
    }
    return kinds;
  }

  /** `versionHeader`: the header `enableVersioning()` picks versions by, which the route varies on. */
  private planRoute(site: ConditionalRouteSite, versionHeader: string | undefined): RoutePlan {
    const { controller, handler, route } = site;
    const targets = [handler, controller];
    const declared: DeclaredHeader[] = Reflect.getMetadata(HEADERS_METADATA, handler) ?? [];
    const etagSource = this.reflector.getAllAndOverride(ETAG_VALIDATOR, targets);
    const lastModifiedSource = this.reflector.getAllAndOverride(LAST_MODIFIED_VALIDATOR, targets);
    const { renderedKinds } = site;
    const declaredVary = this.reflector.getAllAndMerge<string[]>(VARY, targets);
    const vary = versionHeader === undefined ? declaredVary : [...declaredVary, versionHeader];
    const etag = this.bind(etagSource, 'etag', route);
    const lastModified = this.bind(lastModifiedSource, 'lastModified', route);
    const hashBody = (renderedKinds & NEEDS_ETAG) !== 0;
    const strong = etagSource instanceof ETagFromBody && etagSource.strong;
    return {
      route,
      etag,
      lastModified,
      validates: etag !== undefined || lastModified !== undefined || renderedKinds !== NEEDS_NOTHING,
      renderedKinds,
      rendered:
        renderedKinds === NEEDS_NOTHING
          ? undefined
          : { whenDeferred: { hashBody, strong, evaluate: true }, whenDecidedEarly: { hashBody, strong, evaluate: false } },
      lastModifiedFromResult: renderedKinds & NEEDS_LAST_MODIFIED ? (lastModifiedSource as LastModifiedFromResult).fields : undefined,
      cacheFields: this.reflector.getAllAndOverride(CACHE_FIELDS, targets),
      vary: vary.length === 0 ? undefined : vary,
      varyField: vary.length === 0 ? undefined : mergeVary(undefined, vary),
      requirePrecondition:
        this.reflector.getAllAndOverride<boolean | undefined>(REQUIRE_PRECONDITION, targets) ??
        this.options.requirePrecondition,
      validatorTimeout:
        this.reflector.getAllAndOverride<number | undefined>(VALIDATOR_TIMEOUT, targets) ?? this.options.validatorTimeout,
      notModifiedHeaders: declared.filter(({ name }) => HEADERS_REPEATED_ON_304.has(name.toLowerCase())),
    };
  }

  private bind(source: unknown, kind: ValidatorKind, route: string): BoundValidator | undefined {
    // A validator from the response on a route it does not apply to (a write) is no validator there.
    if (source === undefined || isFromResponse(source)) return undefined;
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
