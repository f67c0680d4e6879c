import type { ExecutionContext } from '@nestjs/common';
import { type EntityTag, toEntityTag } from '../core/entity-tag';
import { toLastModified } from '../core/http-date';
import { InvalidValidatorValueError } from '../core/invalid-validator-value.error';
import { combineEntityTags, newestModificationTime } from '../core/validator-elements';
import { isPromiseLike } from '../request/promise-like';
import type { BoundValidator } from '../request/route-plan';

/*
 * A route's early validator made of elements, as one bound validator the guard calls like any
 * other: every element called at once (asynchronous ones settle concurrently), each value
 * converted with the route and the element named in any error, then combined by the core. A
 * route with one element, nothing added and no module-wide element keeps its validator as it
 * is: existing routes run exactly the code they ran before.
 */

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

/** What an element is called in errors: the route's single validator, one of its list, or an added one. */
function namesOf(own: number, added: number, kind: 'etag' | 'lastModified'): string[] {
  const decorator = kind === 'etag' ? '@AddToETag()' : '@AddToLastModified()';
  const names: string[] = [];
  for (let i = 0; i < own; i++)
    names.push(own === 1 ? `the ${kind} validator` : `element ${i + 1} of ${own} of the ${kind} validator`);
  for (let i = 0; i < added; i++) names.push(`element ${i + 1} of ${added} of ${decorator}`);
  return names;
}

const isAbsent = (value: unknown): value is null | undefined => value === null || value === undefined;

/** Converts one element's value; `where` names the element in the error of a value that cannot be sent. */
function convertElement<T>(to: (value: unknown) => T, value: unknown, where?: () => string): T {
  if (where === undefined) return to(value);
  try {
    return to(value);
  } catch (error) {
    if (!(error instanceof InvalidValidatorValueError)) throw error;
    throw new InvalidValidatorValueError(`${where()} returned a value that cannot be sent: ${error.message}`);
  }
}

/**
 * The ETag of the elements' values, in the route's order, as every route makes it (and
 * `ValidatorElements` for a handler): without the first (the resource's) no ETag; the others
 * by position, an absent one as absent; the representation version mixed in.
 *
 * @param where names element `i` in an error (the route and which element); unnamed without it.
 */
export function etagOfElementValues(
  values: readonly unknown[],
  representationVersion: string | undefined,
  where?: (index: number) => string,
): string | undefined {
  if (isAbsent(values[0])) return undefined;
  const tags: Array<EntityTag | undefined> = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    tags.push(isAbsent(value) ? undefined : convertElement(toEntityTag, value, where && (() => where(i))));
  }
  return combineEntityTags(tags, representationVersion)!.value;
}

/**
 * The Last-Modified of the elements' values (epoch ms), as every route makes it: without the
 * first no Last-Modified; the newest of the others present, raised to `earliest`, never after now.
 */
export function lastModifiedOfElementValues(
  values: readonly unknown[],
  earliest: number | undefined,
  nowMs: number,
  where?: (index: number) => string,
): number | undefined {
  if (isAbsent(values[0])) return undefined;
  const toTime = (value: unknown) => toLastModified(value, nowMs);
  const times: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!isAbsent(value)) times.push(convertElement(toTime, value, where && (() => where(i))));
  }
  return newestModificationTime(times, earliest, nowMs);
}

/**
 * The route's ETag validator from its elements (`etagOfElementValues`), the route and the
 * element named in errors.
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
  const where = (index: number) => `${route}: ${names[index]}`;
  const combine = (values: unknown[]) => etagOfElementValues(values, representationVersion, where);
  return (request, context) => whenSettled(callElements(elements, request, context), combine);
}

/**
 * The route's Last-Modified validator from its elements (`lastModifiedOfElementValues`), the
 * route and the element named in errors.
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
  const where = (index: number) => `${route}: ${names[index]}`;
  const combine = (values: unknown[]) => lastModifiedOfElementValues(values, earliest, Date.now(), where);
  return (request, context) => whenSettled(callElements(elements, request, context), combine);
}
