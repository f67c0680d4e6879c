/*
 * Express's own conditional GET, switched off for one response.
 *
 * `res.send` adds a weak ETag hashed from the body whenever the app's `etag fn` setting is
 * a function and no ETag is set, and then answers 304 whenever `req.fresh` says so. On a
 * decorated route both would contradict the validators: a second ETag the validators never
 * produced (on a PUT response, say), or a 304 decided after the handler ran, with
 * `Date.parse` and without If-Match. Both are read per request, so both are shadowed per
 * request, leaving every other route of the app exactly as Express configures it.
 */

const FRESH_IS_DECIDED_BY_THE_VALIDATORS: PropertyDescriptor = {
  value: false,
  configurable: true,
  writable: true,
  enumerable: false,
};

/** One shadow per Express application: the real app, but with no `etag fn`. */
const appsWithoutETag = new WeakMap<object, object>();

function appWithoutETag(app: any): object {
  let shadow = appsWithoutETag.get(app);
  if (shadow === undefined) {
    shadow = Object.create(app, {
      get: {
        value(...args: unknown[]) {
          return args.length === 1 && args[0] === 'etag fn' ? undefined : app.get(...args);
        },
      },
    }) as object;
    appsWithoutETag.set(app, shadow);
  }
  return shadow;
}

export function takeOverExpressConditionals(request: any, response: any): void {
  // Express's `fresh` getter answers false by itself for other methods.
  const method = request.method;
  if (method === 'GET' || method === 'HEAD')
    Object.defineProperty(request, 'fresh', FRESH_IS_DECIDED_BY_THE_VALIDATORS);
  // `app` is a writable data property of Express's response prototype: plain assignment
  // shadows it for this response, more cheaply than defineProperty.
  if (response.app !== undefined) response.app = appWithoutETag(response.app);
}
