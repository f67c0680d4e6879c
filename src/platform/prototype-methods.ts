/*
 * Methods the library puts on an Express app's response prototype once, at start-up, in
 * place of a wrapper per response (docs/architecture.md: a property added to an Express
 * response copies its V8 map). Each consults state kept beside the response and otherwise
 * calls the method it replaced.
 */

const INSTALLED = new WeakSet<Function>();

/**
 * Puts `make(replaced)` on `prototype` as `name`, once: `replaced` returns the method it
 * stands in for, the prototype's own or, read at each call, the inherited one.
 */
export function installOnPrototype<Method extends Function>(
  prototype: object,
  name: string,
  make: (replaced: () => Method) => Method,
): void {
  const own = Object.getOwnPropertyDescriptor(prototype, name);
  if (own !== undefined && INSTALLED.has(own.value)) return;
  const replaced: () => Method =
    own !== undefined ? () => own.value : () => (Object.getPrototypeOf(prototype) as Record<string, Method>)[name];
  const method = make(replaced);
  INSTALLED.add(method);
  Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
}

/**
 * Whether `object`'s `name` is a method the library installed. A response with one of its
 * own in front is not: it may have been made before Express gave the response the app's
 * prototype (a parent app's middleware, a wrapper in the server's request listener) and hold
 * the platform's method, never reaching the installed one, so it needs a wrapper of its own.
 */
export function isInstalled(object: object, name: string): boolean {
  const method = (object as Record<string, unknown>)[name];
  return typeof method === 'function' && INSTALLED.has(method);
}
