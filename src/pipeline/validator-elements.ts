import type { ExecutionContext } from '@nestjs/common';
import {
  type EntityTag,
  InvalidValidatorValueError,
  combineEntityTags,
  newestModificationTime,
  toEntityTag,
  toLastModified,
} from '../core';
import type { BoundValidator } from '../request/route-plan';

/*
 * A route's early validator made of elements, as one bound validator the guard calls like any
 * other: every element called at once (asynchronous ones settle concurrently), each value
 * converted with the route and the element named in any error, then combined by the core. A
 * route with one element, nothing added and no module-wide element keeps its validator as it
 * is: existing routes run exactly the code they ran before.
 */

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Calls every element. When one throws, the promises the others already returned are
 * settled quietly before the error goes on: a rejection nobody awaits would otherwise end
 * the process (Node's unhandled-rejection default).
 */
export function callElements(
  elements: readonly BoundValidator[],
  request: unknown,
  context: ExecutionContext,
): unknown[] {
  const values: unknown[] = [];
  try {
    for (const element of elements) values.push(element(request, context));
  } catch (error) {
    for (const value of values) if (isPromiseLike(value)) value.then(undefined, () => undefined);
    throw error;
  }
  return values;
}

/** The values of the elements, once every asynchronous one has settled; synchronously when none is. */
function whenSettled<T>(values: unknown[], then: (settled: unknown[]) => T): T | Promise<T> {
  return values.some(isPromiseLike) ? Promise.all(values).then(then) : then(values);
}

/** Names an element in the error of a value that cannot be sent. */
function converted<T>(convert: () => T, route: string, what: string): T {
  try {
    return convert();
  } catch (error) {
    if (!(error instanceof InvalidValidatorValueError)) throw error;
    throw new InvalidValidatorValueError(`${route}: ${what} returned a value that cannot be sent: ${error.message}`);
  }
}

/** What an element is called in errors: the route's single validator, one of its list, or an added one. */
function namesOf(own: number, added: number, kind: 'etag' | 'lastModified'): string[] {
  const decorator = kind === 'etag' ? '@AddToETag()' : '@AddToLastModified()';
  const names: string[] = [];
  for (let i = 0; i < own; i++)
    names.push(own === 1 ? `the ${kind} validator` : `element ${i + 1} of ${own} of the ${kind} validator`);
  for (let i = 0; i < added; i++) names.push(`element ${i + 1} of ${added} of ${decorator}`);
  return names;
}

/**
 * The route's ETag validator from its elements: their tags combined (`combineEntityTags`) with
 * the app's representation version. The route's first own element is the resource's: when it
 * returns nothing there is no ETag, whatever the others return; the others count by position,
 * an absent one as absent.
 */
export function composeETag(
  route: string,
  own: readonly BoundValidator[],
  added: readonly BoundValidator[],
  representationVersion: string | undefined,
): BoundValidator | undefined {
  if (own.length === 0) return undefined;
  if (own.length === 1 && added.length === 0 && representationVersion === undefined) return own[0];
  const elements = [...own, ...added];
  const names = namesOf(own.length, added.length, 'etag');
  const combine = (values: unknown[]): string | undefined => {
    if (values[0] === null || values[0] === undefined) return undefined;
    const tags: Array<EntityTag | undefined> = [];
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      tags.push(
        value === null || value === undefined ? undefined : converted(() => toEntityTag(value), route, names[i]),
      );
    }
    return combineEntityTags(tags, representationVersion)!.value;
  };
  return (request, context) => whenSettled(callElements(elements, request, context), combine);
}

/**
 * The route's Last-Modified validator from its elements: the newest of their times, raised to
 * the app's earliest Last-Modified. As for the ETag, the route's first own element is the
 * resource's: when it returns nothing there is no Last-Modified.
 */
export function composeLastModified(
  route: string,
  own: readonly BoundValidator[],
  added: readonly BoundValidator[],
  earliest: number | undefined,
): BoundValidator | undefined {
  if (own.length === 0) return undefined;
  if (own.length === 1 && added.length === 0 && earliest === undefined) return own[0];
  const elements = [...own, ...added];
  const names = namesOf(own.length, added.length, 'lastModified');
  const combine = (values: unknown[]): number | undefined => {
    if (values[0] === null || values[0] === undefined) return undefined;
    const nowMs = Date.now();
    const times: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value !== null && value !== undefined)
        times.push(converted(() => toLastModified(value, nowMs), route, names[i]));
    }
    return newestModificationTime(times, earliest, nowMs);
  };
  return (request, context) => whenSettled(callElements(elements, request, context), combine);
}
