import type { ServerResponse } from 'node:http';

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

type WithSteps = ServerResponse & { [STEPS]?: HeadStep[] };

function fieldsOf(args: readonly unknown[]): HeadFields {
  return args.find(
    (arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null && !Array.isArray(arg),
  );
}

/** Adds `step` to what runs when `response`'s head is written; the first step installs the one wrapper. */
export function beforeHead(response: ServerResponse, step: HeadStep): void {
  const withSteps = response as WithSteps;
  const steps = withSteps[STEPS];
  if (steps !== undefined) {
    steps.push(step);
    return;
  }
  const list: HeadStep[] = [step];
  withSteps[STEPS] = list;
  const writeHead = response.writeHead;
  response.writeHead = function writeHeadWithSteps(this: ServerResponse, statusCode: number, ...rest: any[]) {
    const fields = fieldsOf(rest);
    for (let i = list.length - 1; i >= 0; i--) list[i].beforeHead(this, statusCode, fields);
    const watchers = list.filter((entry) => entry.onSetHeaderInHead !== undefined);
    if (watchers.length === 0)
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
    const setHeader = this.setHeader;
    this.setHeader = function setHeaderInHead(this: ServerResponse, name: string, value: any) {
      const result = setHeader.call(this, name, value);
      for (const watcher of watchers) watcher.onSetHeaderInHead!(this, name, setHeader);
      return result;
    } as ServerResponse['setHeader'];
    try {
      return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
    } finally {
      // Assigned back, not deleted: a delete would cost this response its fast property access.
      this.setHeader = setHeader;
    }
  } as typeof response.writeHead;
}

/** Whether `step` was already added to `response` (for steps that must run once). */
export function hasHeadStep(response: ServerResponse, step: HeadStep): boolean {
  return (response as WithSteps)[STEPS]?.includes(step) ?? false;
}
