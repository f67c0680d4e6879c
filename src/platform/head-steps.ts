import { ServerResponse } from 'node:http';

/*
 * The one wrapper the library puts on a response's `writeHead`, whatever it needs there: the
 * moment the final status and fields are known, and the last moment they can change. Each
 * need is a step; the first step installs the wrapper, later ones join its list. Steps run
 * last-registered first, as stacked wrappers would, so a later step sees what it replaced.
 *
 * Express writes the fields set on the response; Fastify passes its own to `writeHead` as an
 * object. Each step gets both: the response and that object, when there is one.
 */

/** The fields object passed to `writeHead`, when the platform passes one (Fastify does). */
export type HeadFields = Record<string, unknown> | undefined;

export interface HeadStep {
  /** Runs as the head is written, before Node writes it. */
  readonly beforeHead: (response: ServerResponse, statusCode: number, fields: HeadFields) => void;
  /**
   * Runs on every `setHeader` made while the head is written: a wrapper installed before
   * this one (Express's `compression`, through on-headers) sets fields from inside the call.
   */
  readonly onSetHeaderInHead?: (response: ServerResponse, name: string, setHeader: ServerResponse['setHeader']) => void;
}

const STEPS = Symbol('nestjs-conditional:head-steps');
const SET_HEADER = Symbol('nestjs-conditional:set-header');
const WRITE_HEAD = Symbol('nestjs-conditional:write-head');

/** Node's own `writeHead`, which sets no field of its own accord. */
const NODE_WRITE_HEAD = ServerResponse.prototype.writeHead;

type WithSteps = ServerResponse & {
  [STEPS]?: HeadStep[];
  /** The `writeHead` the response had before the wrapper, when it is not Node's own (a wrapper of its own). */
  [WRITE_HEAD]?: ServerResponse['writeHead'];
  /** The response's `setHeader` while `setHeaderInHead` stands in for it. */
  [SET_HEADER]?: ServerResponse['setHeader'];
};

/** The fields object among `writeHead`'s arguments after the status code (a message may come first). */
function fieldsOf(args: readonly unknown[]): HeadFields {
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) return arg as Record<string, unknown>;
  }
  return undefined;
}

/*
 * The wrapper and the `setHeader` it puts in place while the head is written are shared
 * functions reading their state from the response: a decorated request allocates the list of
 * its steps and nothing else (closures per request showed as GC in a CPU profile).
 */
function writeHeadWithSteps(this: WithSteps, ...args: unknown[]): ServerResponse {
  const statusCode = args[0] as number;
  const list = this[STEPS]!;
  const fields = fieldsOf(args);
  let watching = false;
  for (let i = list.length - 1; i >= 0; i--) {
    const step = list[i];
    step.beforeHead(this, statusCode, fields);
    if (step.onSetHeaderInHead !== undefined) watching = true;
  }
  const writeHead = this[WRITE_HEAD];
  // Only a wrapper installed before this one can set a field from inside the call (Express's
  // `compression`); under Node's own writeHead there is nothing to watch, and swapping
  // `setHeader` for the call cost about 9 us per request on Express (bench scenario C).
  // Given a fields object, Node's own writeHead sets each field through setHeader, so it is watched.
  if (writeHead === undefined && (fields === undefined || !watching)) return NODE_WRITE_HEAD.apply(this, args as never);
  if (writeHead === undefined) return watchSetHeader(this, NODE_WRITE_HEAD, args);
  if (!watching) return writeHead.apply(this, args as never);
  return watchSetHeader(this, writeHead, args);
}

/** Calls `writeHead` with `setHeaderInHead` standing in for the response's `setHeader`. */
function watchSetHeader(response: WithSteps, writeHead: ServerResponse['writeHead'], args: unknown[]): ServerResponse {
  const setHeader = response.setHeader;
  response[SET_HEADER] = setHeader;
  response.setHeader = setHeaderInHead as ServerResponse['setHeader'];
  try {
    return writeHead.apply(response, args as never);
  } finally {
    response.setHeader = setHeader;
  }
}

function setHeaderInHead(this: WithSteps, name: string, value: any): ServerResponse {
  const setHeader = this[SET_HEADER]!;
  const result = setHeader.call(this, name, value);
  const list = this[STEPS]!;
  for (let i = 0; i < list.length; i++) list[i].onSetHeaderInHead?.(this, name, setHeader);
  return result;
}

/** Adds `step` to what runs when `response`'s head is written; the first step installs the one wrapper. */
export function beforeHead(response: ServerResponse, step: HeadStep): void {
  const withSteps = response as WithSteps;
  const steps = withSteps[STEPS];
  if (steps !== undefined) {
    steps.push(step);
    return;
  }
  withSteps[STEPS] = [step];
  if (response.writeHead !== NODE_WRITE_HEAD) withSteps[WRITE_HEAD] = response.writeHead;
  response.writeHead = writeHeadWithSteps as typeof response.writeHead;
}

/** Whether `step` was already added to `response` (for steps that must run once). */
export function hasHeadStep(response: ServerResponse, step: HeadStep): boolean {
  return (response as WithSteps)[STEPS]?.includes(step) ?? false;
}
