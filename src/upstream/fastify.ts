/*
 * The two Fastify internals the library relies on, pinned by test/upstream/fastify.spec.ts,
 * which fails naming each when Fastify changes it. Fastify offers no public way to ask which
 * `onSend` hooks follow a given one on a route, and its public field API costs every
 * decorated GET a `toLowerCase()` and a generic property look-up per call.
 *
 * 1. A route's onSend hooks. A request keeps its route's context under the symbol described
 *    `fastify.context` (an own property, set as the request is built; the reply reads it from
 *    there). The context's `onSend` is the array of the hooks Fastify runs for that route, in
 *    order: the app's, in the order they were added, then the route's own (its automatic HEAD
 *    route's last), each bound to its instance, so named `bound <name>`. Fastify builds it
 *    once, as the app gets ready.
 * 2. A reply's fields. A reply keeps the fields it will write under the symbol described
 *    `fastify.reply.headers` (an own property, a plain object made with the reply), keyed by
 *    lower-case name: `reply.header(name, value)` lower-cases `name` and stores the value
 *    there (set-cookie apart), `reply.getHeader(name)` reads it there and then on the raw
 *    response, and Fastify passes that object to `writeHead` as the reply is sent.
 *
 * When any of that is not so, `isLastOnSendHook` answers `false` and `replyFieldsOf`
 * `undefined`: the caller then does what it does when another hook follows, or goes through
 * the public API, which is always correct, and only slower.
 */

const ROUTE_CONTEXT = 'fastify.context';
const REPLY_FIELDS = 'fastify.reply.headers';

/** The symbol Fastify keeps a request's route context under; `null` once looked for in vain. */
let routeContextKey: symbol | null | undefined;

function routeContextOf(request: object): { onSend?: unknown } | undefined {
  if (routeContextKey === undefined || (routeContextKey !== null && !(routeContextKey in request))) {
    routeContextKey = Object.getOwnPropertySymbols(request).find((key) => key.description === ROUTE_CONTEXT) ?? null;
  }
  return routeContextKey === null
    ? undefined
    : (request as Record<symbol, { onSend?: unknown } | undefined>)[routeContextKey];
}

/**
 * Whether the hook named `hookName` is the last `onSend` hook Fastify runs for this request's
 * route (assumption 1): what it passes on is then what Fastify writes, and no other hook sees it.
 */
export function isLastOnSendHook(request: object, hookName: string): boolean {
  const hooks = routeContextOf(request)?.onSend;
  if (!Array.isArray(hooks)) return false;
  const name: unknown = (hooks[hooks.length - 1] as { name?: unknown } | undefined)?.name;
  return name === hookName || name === `bound ${hookName}`;
}

/** The symbol Fastify keeps a reply's fields under; `null` once looked for in vain. */
let replyFieldsKey: symbol | null | undefined;

/**
 * The object Fastify writes a reply's fields from (assumption 2), keyed by lower-case name;
 * `undefined` when it is not where it is assumed. A caller may read and set a field there
 * as `reply.getHeader()` and `reply.header()` would, given its name in lower case, and must
 * also ask the raw response, which `getHeader()` falls back to, whether a field is set.
 */
export function replyFieldsOf(reply: object): Record<string, unknown> | undefined {
  if (replyFieldsKey === undefined || (replyFieldsKey !== null && !(replyFieldsKey in reply))) {
    replyFieldsKey = Object.getOwnPropertySymbols(reply).find((key) => key.description === REPLY_FIELDS) ?? null;
  }
  if (replyFieldsKey === null) return undefined;
  const fields = (reply as Record<symbol, unknown>)[replyFieldsKey];
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : undefined;
}
