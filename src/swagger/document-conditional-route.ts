import { Logger, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, ROUTE_ARGS_METADATA, RouteParamtypes } from '../upstream/nest';
import type * as Swagger from '@nestjs/swagger';

/** What the start-up code knows about one conditional route, enough to document it. */
export interface ConditionalRouteDocs {
  /** The route's method: the `RequestMethod` value Nest stores under `METHOD_METADATA` on the handler. */
  method: RequestMethod;
  /** Whether the route has an ETag validator (early, or computed from the response). */
  etag: boolean;
  /** Whether the route has a Last-Modified validator. */
  lastModified: boolean;
  /** Whether writes without a precondition get 428. */
  requirePrecondition: boolean;
}

type SwaggerModule = typeof Swagger;
type HeaderObject = { description: string; schema: { type: 'string' } };
type DeclaredResponse = Pick<Swagger.ApiResponseCommonMetadata, 'type' | 'isArray' | 'headers'>;

// undefined: not tried yet; null: tried and not installed (or not usable), so never tried again.
let swagger: SwaggerModule | null | undefined;

/**
 * `@nestjs/swagger` when it is installed and exports its metadata keys (`DECORATORS`, from
 * 11.4.4 on); otherwise `null`, and the routes go undocumented. An older version warns once
 * instead of failing the start: documentation is an extra, never a reason not to serve.
 */
function loadSwagger(): SwaggerModule | null {
  if (swagger === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer, loaded only if installed
      swagger = require('@nestjs/swagger') as SwaggerModule;
    } catch {
      swagger = null;
    }
    if (swagger !== null && typeof swagger.DECORATORS?.API_RESPONSE !== 'string') {
      swagger = null;
      new Logger('ConditionalModule').warn(
        'nestjs-conditional: the installed @nestjs/swagger does not export DECORATORS (added in 11.4.4); conditional routes are not documented in OpenAPI. Upgrade @nestjs/swagger to document them.',
      );
    }
  }
  return swagger;
}

const WRITES_REFUSED_WITH_428 = new Set([RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);

const header = (description: string): HeaderObject => ({ description, schema: { type: 'string' } });

/**
 * Adds OpenAPI metadata for one conditional route when @nestjs/swagger can be loaded; does nothing otherwise.
 * Called once per route at application start-up, before SwaggerModule.createDocument() runs.
 *
 * Documents what the guard actually answers (RFC 9110 section 13): on GET/HEAD the four conditional
 * request headers, 304 and 412, and `ETag`/`Last-Modified` on the success response; on other methods
 * `If-Match`, `If-Unmodified-Since`, `If-None-Match`, 412, and 428 on PUT/PATCH/DELETE when
 * `requirePrecondition`. OPTIONS and `@All()` routes get nothing (the guard ignores preconditions on
 * OPTIONS, and one `@All()` operation cannot say which answers belong to which method).
 *
 * A header or status the user documented (`@ApiHeader`, `@ApiResponse`, on the method or the class)
 * is left as it is, except that a GET/HEAD success response declared on the method gains the
 * `ETag`/`Last-Modified` response headers it does not declare itself. Calling it again for the same
 * handler adds nothing. `prototype` is the controller's own prototype (its class-level metadata is
 * read); the handler may be inherited.
 */
export function documentConditionalRoute(prototype: object, methodName: string, docs: ConditionalRouteDocs): void {
  const api = loadSwagger();
  const descriptor = findDescriptor(prototype, methodName);
  if (api === null || descriptor === undefined || typeof descriptor.value !== 'function') return;
  if (
    (!docs.etag && !docs.lastModified) ||
    docs.method === RequestMethod.OPTIONS ||
    docs.method === RequestMethod.ALL
  ) {
    return;
  }
  const safe = docs.method === RequestMethod.GET || docs.method === RequestMethod.HEAD;
  const handler: Function = descriptor.value;
  const controller: Function = prototype.constructor;
  const { API_PARAMETERS, API_HEADERS, API_RESPONSE } = api.DECORATORS;

  const documentedHeaders = new Set(
    [
      ...((Reflect.getMetadata(API_PARAMETERS, handler) ?? []) as Array<{ name?: string; in?: string }>).filter(
        (param) => param.in === 'header',
      ),
      ...((Reflect.getMetadata(API_HEADERS, controller) ?? []) as Array<{ name?: string }>),
    ].map((param) => String(param.name).toLowerCase()),
  );
  const readHeaders = headersReadByHandler(controller, methodName);
  const addHeader = (name: string, wanted: boolean, description: string): void => {
    if (!wanted || documentedHeaders.has(name.toLowerCase())) return;
    // Spelled like the handler's own @Headers('...') so that swagger merges the two into one parameter.
    const spelled = readHeaders.get(name.toLowerCase()) ?? name;
    api.ApiHeader({ name: spelled, required: false, description })(prototype, methodName, descriptor);
  };

  if (safe) {
    addHeader(
      'If-None-Match',
      docs.etag,
      'Entity tags of the copies the client holds; a match answers 304 Not Modified.',
    );
    addHeader(
      'If-Modified-Since',
      docs.lastModified,
      "HTTP-date of the client's copy; 304 Not Modified when the resource has not changed since (ignored with If-None-Match).",
    );
  }
  addHeader(
    'If-Match',
    docs.etag,
    'Entity tags the current one must match (strong comparison), or *; otherwise 412 Precondition Failed.',
  );
  addHeader(
    'If-Unmodified-Since',
    docs.lastModified,
    'HTTP-date; 412 Precondition Failed when the resource has changed since (ignored with If-Match).',
  );
  if (!safe) {
    addHeader(
      'If-None-Match',
      docs.etag,
      '* to act only if the resource does not exist yet (create-only); a matching entity tag answers 412 Precondition Failed.',
    );
  }

  const validators: Record<string, HeaderObject> = {};
  if (docs.etag) validators.ETag = header('Entity tag of the current representation.');
  if (docs.lastModified) validators['Last-Modified'] = header('When the resource last changed (HTTP-date).');

  const success: number =
    Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (docs.method === RequestMethod.POST ? 201 : 200);
  // Swagger documents the implicit success response only while the method declares no response,
  // and its CLI plugin adds the one it infers only then too: both must be added here first.
  if (Reflect.getMetadata(API_RESPONSE, handler) === undefined)
    applyPluginResponse(api, prototype, methodName, descriptor, success);
  const addResponse = (status: number, description: string, headers?: Record<string, HeaderObject>): void => {
    // Class-level responses lose to the method's in swagger's merge: ours must not replace them either.
    if (
      { ...Reflect.getMetadata(API_RESPONSE, controller), ...Reflect.getMetadata(API_RESPONSE, handler) }[status] !==
      undefined
    )
      return;
    api.ApiResponse({ status, description, ...(headers && { headers }) })(prototype, methodName, descriptor);
  };

  const own: DeclaredResponse | undefined = Reflect.getMetadata(API_RESPONSE, handler)?.[success];
  if (own === undefined) {
    addResponse(success, '', safe ? validators : undefined);
  } else if (safe) {
    // Swagger's merge replaces `type`, `isArray` and `headers` whole: the declared ones go back in.
    const { type, isArray, headers } = own;
    const merged = { ...validators, ...headers };
    api.ApiResponse({ status: success, type, isArray, description: '', headers: merged })(
      prototype,
      methodName,
      descriptor,
    );
  }
  if (safe) addResponse(304, "Not Modified: the client's copy is current. No body.", validators);
  addResponse(412, 'Precondition Failed: a conditional request header does not hold; nothing was done.');
  if (docs.requirePrecondition && WRITES_REFUSED_WITH_428.has(docs.method)) {
    const send = [
      docs.etag && 'If-Match with the current ETag',
      docs.lastModified && 'If-Unmodified-Since',
      'If-None-Match: * to create',
    ];
    addResponse(428, `Precondition Required: the request must send ${send.filter(Boolean).join(', or ')}.`);
  }
}

/** The handler may be inherited: Nest routes methods found anywhere on the prototype chain. */
function findDescriptor(prototype: object, methodName: string): PropertyDescriptor | undefined {
  for (
    let target: object | null = prototype;
    target !== null && target !== Object.prototype;
    target = Object.getPrototypeOf(target)
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(target, methodName);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

/** Lower-cased name to spelling of the headers the handler reads with `@Headers('name')`. */
function headersReadByHandler(controller: Function, methodName: string): Map<string, string> {
  const args: Record<string, { data?: unknown }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {};
  const read = new Map<string, string>();
  for (const [key, { data }] of Object.entries(args)) {
    if (key.startsWith(`${RouteParamtypes.HEADERS}:`) && typeof data === 'string') read.set(data.toLowerCase(), data);
  }
  return read;
}

/**
 * Swagger's CLI plugin adds the response it infers from the return type when the document is
 * built, and only if the method then has no response: applied first, as swagger would, so the
 * responses added here do not hide it.
 */
function applyPluginResponse(
  api: SwaggerModule,
  prototype: object,
  methodName: string,
  descriptor: PropertyDescriptor,
  success: number,
): void {
  for (
    let target: object | null = prototype;
    target !== null && target !== Object.prototype;
    target = Object.getPrototypeOf(target)
  ) {
    const factory = (target.constructor as { _OPENAPI_METADATA_FACTORY?: () => Record<string, object> })
      ._OPENAPI_METADATA_FACTORY;
    if (!Object.prototype.hasOwnProperty.call(target.constructor, '_OPENAPI_METADATA_FACTORY') || factory === undefined)
      continue;
    const { summary, deprecated, tags, ...response } = (factory()[methodName] ?? {}) as Record<string, unknown>;
    if (Object.keys(response).length === 0) continue;
    api.ApiResponse({ status: success, ...response } as Swagger.ApiResponseOptions, { overrideExisting: false })(
      prototype,
      methodName,
      descriptor,
    );
  }
}
