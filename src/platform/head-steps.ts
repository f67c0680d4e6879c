import { ServerResponse } from 'node:http';
import { PerObjectState, isNodesOwnResponse } from './per-object-state';
import { isInstalled, installOnPrototype } from './prototype-methods';

/*
 * The one wrapper the library puts on a response's `writeHead`, whatever it needs there: the
 * moment the final status and fields are known, and the last moment they can change. Each
 * need is a step; the first step arms the response, later ones join its list. Steps run
 * last-registered first, as stacked wrappers would, so a later step sees what it replaced.
 *
 * Express writes the fields set on the response; Fastify passes its own to `writeHead` as an
 * object. Each step gets both: the response and that object, when there is one.
 */

/** The fields object passed to `writeHead`, when the platform passes one (Fastify does). */
export type HeadFields = Record<string, unknown> | undefined;

export interface HeadStep<Data = undefined> {
  /** Runs as the head is written, before Node writes it; `data` is what this response's step was added with. */
  readonly beforeHead: (response: ServerResponse, statusCode: number, fields: HeadFields, data: Data) => void;
  /**
   * Runs on every `setHeader` made while the head is written: a wrapper installed before
   * this one (Express's `compression`, through on-headers) sets fields from inside the call.
   */
  readonly onSetHeaderInHead?: (response: ServerResponse, name: string, setHeader: ServerResponse['setHeader']) => void;
}

type AnyStep = HeadStep<any>;
type WriteHead = ServerResponse['writeHead'];

/**
 * What one response's head will run: its steps, each followed by its data. Nothing in it may
 * lead back to the response (the `writeHead` a wrapper wraps is held by that wrapper): a
 * WeakMap value that reaches its key keeps the key alive through every young-generation GC,
 * so each response, and all it holds, would be moved to the old generation. In a loop of
 * keys holding 200 small objects each, that made an entry cost about 11 us instead of 0.3.
 */
interface ArmedHead {
  readonly steps: unknown[];
  /** The response's `setHeader` while `setHeaderInHead` stands in for it (only during the call: it may be a closure over the response). */
  setHeader?: ServerResponse['setHeader'];
  /** Set once the steps ran: a second wrapper of the library's on the way (its own above a prototype's) passes through. */
  ran?: boolean;
}

/** Each armed response's head: see per-object-state.ts for where, and why. */
const ARMED_HEAD = Symbol('nestjs-conditional.armedHead');
type WithArmedHead = { [ARMED_HEAD]?: ArmedHead };
const ARMED = new PerObjectState<ArmedHead>(isNodesOwnResponse, {
  read: (target) => (target as WithArmedHead)[ARMED_HEAD],
  write: (target, armed) => void ((target as WithArmedHead)[ARMED_HEAD] = armed),
});

/** Node's own `writeHead`, which sets no field of its own accord. */
const NODE_WRITE_HEAD = ServerResponse.prototype.writeHead;

/** The fields object among `writeHead`'s arguments after the status code (a message may come first). */
function fieldsOf(args: ArrayLike<unknown>): HeadFields {
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) return arg as Record<string, unknown>;
  }
  return undefined;
}

/**
 * Runs the steps, then `next` (the `writeHead` they wrap). Only a wrapper below this one can
 * set a field from inside the call (Express's `compression`): under Node's own writeHead
 * there is nothing to watch (swapping `setHeader` for the call cost about 9 us per request
 * on Express, and showed in a profile of Fastify's 304, which passes a fields object): the
 * steps read a fields object passed to it, in any case of its keys.
 */
function writeArmedHead(response: ServerResponse, armed: ArmedHead, next: WriteHead, args: ArrayLike<unknown>) {
  if (armed.ran === true) return next.apply(response, args as never);
  armed.ran = true;
  const statusCode = args[0] as number;
  const { steps } = armed;
  const fields = fieldsOf(args);
  let watching = false;
  for (let i = steps.length - 2; i >= 0; i -= 2) {
    const step = steps[i] as AnyStep;
    step.beforeHead(response, statusCode, fields, steps[i + 1]);
    if (step.onSetHeaderInHead !== undefined) watching = true;
  }
  if (!watching || next === NODE_WRITE_HEAD) {
    return next.apply(response, args as never);
  }
  return watchSetHeader(response, armed, next, args);
}

/** Calls `writeHead` with `setHeaderInHead` standing in for the response's `setHeader`. */
function watchSetHeader(response: ServerResponse, armed: ArmedHead, writeHead: WriteHead, args: ArrayLike<unknown>) {
  const setHeader = response.setHeader;
  armed.setHeader = setHeader;
  response.setHeader = setHeaderInHead as ServerResponse['setHeader'];
  try {
    return writeHead.apply(response, args as never);
  } finally {
    response.setHeader = setHeader;
    // Let go (set, not deleted, so the entry keeps its shape): it may be a closure over the response.
    armed.setHeader = undefined;
  }
}

function setHeaderInHead(this: ServerResponse, name: string, value: any): ServerResponse {
  const armed = ARMED.get(this)!;
  const setHeader = armed.setHeader!;
  const result = setHeader.call(this, name, value);
  const { steps } = armed;
  for (let i = 0; i < steps.length; i += 2) (steps[i] as AnyStep).onSetHeaderInHead?.(this, name, setHeader);
  return result;
}

/**
 * The wrapper a response gets as its own `writeHead` when it cannot leave its steps to a
 * prototype (see `beforeHead`), around the `writeHead` it had: one of its own (a wrapper such
 * as `compression`'s) is held here, never in the response's entry (see `ArmedHead`).
 */
function wrapWriteHead(previous: WriteHead): WriteHead {
  return function writeHeadWithSteps(this: ServerResponse): ServerResponse {
    // eslint-disable-next-line prefer-rest-params -- passed on as they came, with no array made
    return writeArmedHead(this, ARMED.get(this)!, previous, arguments);
  } as WriteHead;
}

/** Around Node's own `writeHead`: one for every response. */
const WRITE_NODE_HEAD_WITH_STEPS = wrapWriteHead(NODE_WRITE_HEAD);

/**
 * Gives `prototype` (an Express app's response prototype, from which every response of the
 * app inherits) a `writeHead` that runs the steps of an armed response, so that arming one
 * adds nothing to the response itself. A response nobody armed goes straight on to the
 * inherited `writeHead`. Idempotent.
 */
export function runHeadStepsFromPrototype(prototype: object): void {
  installOnPrototype<WriteHead>(
    prototype,
    'writeHead',
    (replaced) =>
      function writeHead(this: ServerResponse): ServerResponse {
        const armed = ARMED.get(this);
        const next = replaced();
        /* eslint-disable prefer-rest-params -- passed on as they came, with no array made */
        return armed === undefined
          ? next.apply(this, arguments as never)
          : writeArmedHead(this, armed, next, arguments);
        /* eslint-enable prefer-rest-params */
      } as WriteHead,
  );
}

/**
 * Adds `step`, with its `data` for this response, to what runs when `response`'s head is
 * written. The first step arms the response: nothing more when it inherits the library's
 * prototype wrapper, else a wrapper of its own around the `writeHead` it has.
 *
 * Only a response with no `writeHead` of its own is left to the prototype wrapper: one of its
 * own may have been made before Express gave the response this prototype (a parent app's
 * `compression` with the Nest app mounted under it, a wrapper in the server's request
 * listener) and hold Node's `writeHead`, skipping the prototype's. Such a response gets the
 * library's own wrapper on top, as on Fastify; if the prototype's runs too, it passes through.
 */
export function beforeHead<Data>(response: ServerResponse, step: HeadStep<Data>, data?: Data): void {
  const armed = ARMED.get(response);
  if (armed !== undefined) armed.steps.push(step, data);
  else arm(response, [step, data]);
}

/*
 * The two below look the response up once: on the decorated 200 path each ran a look-up, then
 * `beforeHead` its own, on a Fastify response two symbol loads that miss along the whole of
 * `ServerResponse`'s prototype chain, and a WeakMap look-up after each.
 */

/** Adds `step` unless `response` has it already: for a step that must run once. */
export function beforeHeadOnce(response: ServerResponse, step: HeadStep): void {
  const armed = ARMED.get(response);
  if (armed === undefined) arm(response, [step, undefined]);
  else if (indexIn(armed.steps, step) < 0) armed.steps.push(step, undefined);
}

/**
 * Adds `items` to the list `response`'s `step` has as its data, for a step every call adds
 * to: on the first call the step is added, with `items` as its list (an array of their
 * number, where pushing them into a new, empty one grew its store on every decorated GET).
 */
export function addToHeadStepList<Item>(response: ServerResponse, step: HeadStep<Item[]>, ...items: Item[]): void {
  const armed = ARMED.get(response);
  if (armed === undefined) arm(response, [step, items]);
  else addToList(armed, step, items);
}

/**
 * `beforeHeadOnce(response, once)`, then `addToHeadStepList(response, listed, ...items)`, with
 * one look-up of the response; a response not armed yet gets both steps in one list made at
 * its size (grown by a second push, it took a new store). What every decorated GET that goes
 * on to its handler arms: the ETag-weakening step and the success-only one.
 */
export function beforeHeadOnceAndList<Item>(
  response: ServerResponse,
  once: HeadStep,
  listed: HeadStep<Item[]>,
  items: Item[],
): void {
  const armed = ARMED.get(response);
  if (armed === undefined) {
    arm(response, [once, undefined, listed, items]);
    return;
  }
  if (indexIn(armed.steps, once) < 0) armed.steps.push(once, undefined);
  addToList(armed, listed, items);
}

function addToList<Item>(armed: ArmedHead, step: HeadStep<Item[]>, items: Item[]): void {
  const index = indexIn(armed.steps, step);
  if (index >= 0) (armed.steps[index + 1] as Item[]).push(...items);
  else armed.steps.push(step, items);
}

function arm(response: ServerResponse, steps: unknown[]): void {
  ARMED.set(response, { steps });
  if (isInstalled(response, 'writeHead')) return;
  const writeHead = response.writeHead;
  response.writeHead = writeHead === NODE_WRITE_HEAD ? WRITE_NODE_HEAD_WITH_STEPS : wrapWriteHead(writeHead);
}

function indexIn(steps: readonly unknown[], step: AnyStep): number {
  for (let i = 0; i < steps.length; i += 2) if (steps[i] === step) return i;
  return -1;
}

/** The key `name` (lower case) has in a fields object passed to `writeHead`, in whatever case it was written; none without one. */
export function fieldKey(fields: HeadFields, name: string): string | undefined {
  if (fields === undefined) return undefined;
  return fields[name] !== undefined ? name : keyInOtherCase(fields, name);
}

/**
 * The key `name` (lower case) has in `fields` in another case (an app's own `writeHead(status,
 * fields)`; Fastify's are lower case); none without one. For a step that looks its own lower-case
 * name up first, by name: a look-up whose name varies (`fields[name]`) is V8's slow, megamorphic one.
 */
export function keyInOtherCase(fields: Record<string, unknown>, name: string): string | undefined {
  for (const key of Object.keys(fields)) if (key.length === name.length && key.toLowerCase() === name) return key;
  return undefined;
}
