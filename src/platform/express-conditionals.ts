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

/*
 * Both are shadowed by prototype, not by own properties: Express already gives every request
 * and response its app's prototypes (`Object.setPrototypeOf` in its init middleware), so one
 * more prototype per app costs a cached map transition, where `Object.defineProperty` on each
 * request cost more than the rest of the takeover (a CPU profile of the decorated 200 path).
 */

/** The request prototype with `fresh` false: the validators decide, never `res.send`. */
const requestShadows = new WeakMap<object, object>();
/** The response prototype whose `app` is the app without an `etag fn`. */
const responseShadows = new WeakMap<object, object>();
const shadowPrototypes = new WeakSet<object>();

function shadowOf(map: WeakMap<object, object>, proto: object, properties: PropertyDescriptorMap): object {
  let shadow = map.get(proto);
  if (shadow === undefined) {
    shadow = Object.create(proto, properties) as object;
    map.set(proto, shadow);
    shadowPrototypes.add(shadow);
  }
  return shadow;
}

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
  const requestProto = Object.getPrototypeOf(request);
  if (!shadowPrototypes.has(requestProto)) {
    Object.setPrototypeOf(
      request,
      shadowOf(requestShadows, requestProto, {
        fresh: { value: false, configurable: true, writable: true, enumerable: false },
      }),
    );
  }
  const responseProto = Object.getPrototypeOf(response);
  const app = response.app;
  if (app !== undefined && !shadowPrototypes.has(responseProto)) {
    if (Object.prototype.hasOwnProperty.call(response, 'app')) {
      // An app set on the response itself (not Express's own way): shadow it there.
      response.app = appWithoutETag(app);
    } else {
      Object.setPrototypeOf(
        response,
        shadowOf(responseShadows, responseProto, {
          app: { value: appWithoutETag(app), configurable: true, writable: true, enumerable: false },
        }),
      );
    }
  }
}
