/*
 * Express's own conditional GET, switched off for one response.
 *
 * `res.send` adds a weak ETag hashed from the body whenever the app's `etag fn` setting is
 * a function and no ETag is set, and then answers 304 whenever `req.fresh` says so. On a
 * decorated route both would contradict the validators: a second ETag the validators never
 * produced (on a PUT response, say), or a 304 decided after the handler ran, with
 * `Date.parse` and without If-Match. Both are read per request, so both are shadowed per
 * request, leaving every other route of the app exactly as Express configures it.
 *
 * This file and src/platform/head-steps.ts's prototype wrapper are what lean on Express's
 * internals; test/upstream/express.spec.ts pins each assumption.
 */

/*
 * The fallback, for a request whose prototypes were not prepared: it gets prototypes of its
 * own (one pair per app, cached), never an own property per request (`Object.defineProperty`
 * on each request cost more than the rest of the takeover in a CPU profile).
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

/*
 * The usual way, at start-up: the app's own request and response prototypes (`app.request`,
 * `app.response`, which Express sets on each of the app's requests and responses) get a
 * `fresh` and an `app` that ask whether this response was taken over, a WeakSet lookup. A
 * request then adds nothing to its request or response: on Node 20 each has a V8 map of its
 * own (that very `setPrototypeOf`), so a property added to either, or a prototype swapped,
 * copies the map (1 to 3 us a time on this machine). The swap (`swapPrototypes`, below) is
 * the fallback for a request Express gave other prototypes (a mounted sub-app's, say).
 */
const takenOver = new WeakSet<object>();
const preparedRequests = new WeakSet<object>();
const preparedResponses = new WeakSet<object>();

function findAccessor(object: object, name: string): PropertyDescriptor | undefined {
  for (let o: object | null = object; o !== null; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, name);
    if (descriptor !== undefined) return descriptor.get === undefined ? undefined : descriptor;
  }
  return undefined;
}

/**
 * Prepares an Express app's request and response prototypes, once, before it serves: on a
 * response taken over, `req.fresh` is false and `res.app` is the app without an `etag fn`;
 * on any other, both are what they were. An Express whose `fresh` is not an accessor or
 * whose `app.response.app` is not a value is left alone (every request then swaps prototypes).
 */
export function prepareExpressApp(app: any): void {
  const requestProto = app?.request;
  const responseProto = app?.response;
  if (typeof requestProto !== 'object' || typeof responseProto !== 'object') return;
  if (preparedResponses.has(responseProto)) return;
  const fresh = findAccessor(requestProto, 'fresh');
  const ownApp = Object.getOwnPropertyDescriptor(responseProto, 'app');
  if (fresh === undefined || ownApp === undefined || !('value' in ownApp)) return;
  const readFresh = fresh.get!;
  let realApp = ownApp.value;
  let withoutETag = appWithoutETag(realApp);
  Object.defineProperty(requestProto, 'fresh', {
    configurable: true,
    enumerable: fresh.enumerable,
    get(this: any) {
      return takenOver.has(this.res) ? false : readFresh.call(this);
    },
  });
  Object.defineProperty(responseProto, 'app', {
    configurable: true,
    enumerable: ownApp.enumerable,
    get(this: object) {
      return takenOver.has(this) ? withoutETag : realApp;
    },
    set(this: object, value: unknown) {
      if (this === responseProto) {
        // The app's own prototype given another app: every response inherits it, still shadowed.
        realApp = value;
        withoutETag = appWithoutETag(value);
        return;
      }
      // As the data property it was: an assignment gives this object an `app` of its own.
      Object.defineProperty(this, 'app', { value, writable: true, configurable: true, enumerable: true });
    },
  });
  preparedRequests.add(requestProto);
  preparedResponses.add(responseProto);
}

export function takeOverExpressConditionals(request: any, response: any): void {
  if (
    preparedResponses.has(Object.getPrototypeOf(response)) &&
    preparedRequests.has(Object.getPrototypeOf(request)) &&
    request.res === response &&
    !Object.prototype.hasOwnProperty.call(response, 'app')
  ) {
    takenOver.add(response);
    return;
  }
  swapPrototypes(request, response);
}

/** The fallback: this request and response get prototypes of their own with `fresh` and `app` shadowed. */
function swapPrototypes(request: any, response: any): void {
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
