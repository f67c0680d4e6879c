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

function elementName(index: number, count: number, kind: string, added: boolean): string {
  if (added) return `element ${index + 1} of ${count} of ${kind === 'etag' ? '@AddToETag()' : '@AddToLastModified()'}`;
  return `element ${index + 1} of ${count} of the ${kind} validator`;
}

/**
 * The route's ETag validator from its elements: their tags combined (`combineEntityTags`) with
 * the app's representation version. Elements that return nothing are left out; when none of
 * the route's own returns a tag, there is no ETag, whatever the added elements return.
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
  const tagsOf = (values: readonly unknown[], from: number, to: number, isAdded: boolean): EntityTag[] => {
    const tags: EntityTag[] = [];
    for (let i = from; i < to; i++) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      const name = isAdded ? elementName(i - from, to - from, 'etag', true) : elementName(i, own.length, 'etag', false);
      tags.push(converted(() => toEntityTag(value), route, own.length === 1 && !isAdded ? 'the etag validator' : name));
    }
    return tags;
  };
  const combine = (values: unknown[]): string | undefined => {
    const ownTags = tagsOf(values, 0, own.length, false);
    if (ownTags.length === 0) return undefined;
    const addedTags = tagsOf(values, own.length, elements.length, true);
    return combineEntityTags([...ownTags, ...addedTags], representationVersion)!.value;
  };
  return (request, context) => whenSettled(callElements(elements, request, context), combine);
}

/**
 * The route's Last-Modified validator from its elements: the newest of their times, raised to
 * the app's earliest Last-Modified. Elements that return nothing are left out; when none of the
 * route's own returns a time, there is no Last-Modified.
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
  const combine = (values: unknown[]): number | undefined => {
    const nowMs = Date.now();
    const times: number[] = [];
    for (let i = 0; i < elements.length; i++) {
      const value = values[i];
      if (i === own.length && times.length === 0) return undefined;
      if (value === null || value === undefined) continue;
      const isAdded = i >= own.length;
      const name =
        own.length === 1 && !isAdded
          ? 'the lastModified validator'
          : isAdded
            ? elementName(i - own.length, added.length, 'lastModified', true)
            : elementName(i, own.length, 'lastModified', false);
      times.push(converted(() => toLastModified(value, nowMs), route, name));
    }
    return newestModificationTime(times, earliest, nowMs);
  };
  return (request, context) => whenSettled(callElements(elements, request, context), combine);
}
