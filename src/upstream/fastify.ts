/*
 * The one Fastify internal the library relies on, pinned by test/upstream/fastify.spec.ts,
 * which fails naming it when Fastify changes it. Fastify offers no public way to ask which
 * `onSend` hooks follow a given one on a route.
 *
 * 1. A route's onSend hooks. A request keeps its route's context under the symbol described
 *    `fastify.context` (an own property, set as the request is built; the reply reads it from
 *    there). The context's `onSend` is the array of the hooks Fastify runs for that route, in
 *    order: the app's, in the order they were added, then the route's own (its automatic HEAD
 *    route's last), each bound to its instance, so named `bound <name>`. Fastify builds it
 *    once, as the app gets ready.
 *
 * When any of that is not so, `isLastOnSendHook` answers `false`: the caller then does what it
 * does when another hook follows, which is always correct, and only slower.
 */

const ROUTE_CONTEXT = 'fastify.context';

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
