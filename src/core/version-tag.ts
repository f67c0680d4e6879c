import type { EntityTag } from './entity-tag';
import { ELEMENTS_DIGEST_LENGTH, ELEMENTS_SEPARATOR } from './validator-elements';

/**
 * An entity tag carrying no integer version, handed where one was expected: the route's ETag
 * validator and the write disagree on the tag's form. Not an `HttpException`: a bug of the
 * app, answered 500 and logged with the tag.
 */
export class NotAVersionTagError extends Error {
  override readonly name = 'NotAVersionTagError';
}

const DEFAULT_PREFIX = 'v';
const DIGEST = new RegExp(`^[A-Za-z0-9_-]{${ELEMENTS_DIGEST_LENGTH}}$`);

/**
 * The strong ETag of an integer version, for a validator to return and a response to send:
 * `versionTag(7)` is `"v7"` (with its quotes). `prefix` (default `v`) must be the same in
 * {@link versionOf}. Integer versions are the safe validator for a compare-and-set
 * (`WHERE version = $n`); timestamps lose precision on their way through JavaScript.
 *
 * @throws RangeError for anything but a non-negative safe integer.
 */
export function versionTag(version: number, prefix: string = DEFAULT_PREFIX): string {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`a version must be a non-negative safe integer, got ${String(version)}`);
  }
  return `"${prefix}${version}"`;
}

/**
 * The integer version an entity tag carries: `versionOf('"v7"')` and `versionOf(tag)` of the
 * parsed `"v7"` are 7 (a weak `W/"v7"` too: the number is the same). Only the form
 * {@link versionTag} writes is read: the prefix, then digits with no leading zero; or that
 * form leading a tag combined from several elements or with a representation version
 * (`"v7.Qm3s…"`, see `combineEntityTags`), so that writes keep their compare-and-set.
 *
 * @throws NotAVersionTagError naming the tag when it carries no version.
 */
export function versionOf(tag: EntityTag | string, prefix: string = DEFAULT_PREFIX): number {
  const text = typeof tag === 'string' ? tag : tag.value;
  let opaque = typeof tag === 'string' ? tag : tag.opaque;
  if (typeof tag === 'string') {
    if (opaque.startsWith('W/')) opaque = opaque.slice(2);
    if (opaque.length >= 2 && opaque.startsWith('"') && opaque.endsWith('"')) opaque = opaque.slice(1, -1);
  }
  let digits = opaque.startsWith(prefix) ? opaque.slice(prefix.length) : '';
  const combinedAt = digits.length - ELEMENTS_DIGEST_LENGTH - 1;
  if (combinedAt > 0 && digits[combinedAt] === ELEMENTS_SEPARATOR && DIGEST.test(digits.slice(combinedAt + 1))) {
    digits = digits.slice(0, combinedAt);
  }
  if (!/^(0|[1-9]\d{0,15})$/.test(digits) || !Number.isSafeInteger(Number(digits))) {
    throw new NotAVersionTagError(
      `the entity tag ${JSON.stringify(text)} carries no version: expected "${prefix}" and an integer, as versionTag(n${prefix === DEFAULT_PREFIX ? '' : `, ${JSON.stringify(prefix)}`}) writes it`,
    );
  }
  return Number(digits);
}
