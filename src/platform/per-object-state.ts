import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What the library keeps for one request or response while it is served: on the object
 * itself, as a symbol property, when the object shares its V8 map with the others of its
 * kind; in a `WeakMap` beside it otherwise.
 *
 * Express gives each request and response its app's prototypes with `Object.setPrototypeOf`,
 * and on Node 20 each then has a map of its own: a property added to one makes V8 copy that
 * map, about 3 us here. A `WeakMap` entry costs about 0.3 us, and its table is visited by
 * every young-generation GC. Fastify's request (built by one constructor per encapsulation
 * context) and raw response (Node's own prototype) share their maps, so a property on them
 * costs about 10 ns. Such a property is a symbol's, but enumerable: `util.inspect()` shows it
 * and an object spread copies it.
 *
 * `sharesMap` must give the same answer for an object every time it is asked (it reads what
 * the platform made the object, never what changes while it is served).
 *
 * A value must never lead back to the object it is kept for: a `WeakMap` entry whose value
 * reaches its key keeps the key alive through every young-generation GC (docs/architecture.md).
 */
export class PerObjectState<Value> {
  private readonly beside = new WeakMap<object, Value>();

  constructor(
    private readonly sharesMap: (target: object) => boolean,
    private readonly own: OwnSlot<Value>,
  ) {}

  get(target: object): Value | undefined {
    const own = this.own.read(target);
    return own !== undefined ? own : this.beside.get(target);
  }

  set(target: object, value: Value): void {
    if (this.sharesMap(target)) this.own.write(target, value);
    else this.beside.set(target, value);
  }
}

/**
 * The symbol property an object keeps one state in, read and written by two functions each user
 * of `PerObjectState` writes out over its own symbol. Written once here, for every state, the
 * access would see several keys, and V8 makes an access whose key varies its slow, megamorphic
 * one: a probe of a global cache, and a miss along the prototype chain when the object has no
 * such property yet. Counted, about 700 instructions of a decorated 200 on Fastify (BENCHMARKS.md).
 */
export interface OwnSlot<Value> {
  read(target: object): Value | undefined;
  write(target: object, value: Value): void;
}

/** Fastify's raw response: Node's own prototype. Express's has its app's response prototype. */
export function isNodesOwnResponse(target: object): boolean {
  return Object.getPrototypeOf(target) === ServerResponse.prototype;
}

/** Fastify's request is its own object; Express's is Node's message, given its app's prototype. */
export function isNotNodesMessage(target: object): boolean {
  return !(target instanceof IncomingMessage);
}
