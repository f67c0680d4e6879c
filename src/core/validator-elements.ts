import * as crypto from 'node:crypto';
import type { EntityTag } from './entity-tag';

/*
 * Validators composed of elements (django-conditional-views' `etag_elements` / `last_modified_elements`, Rails'
 * etaggers): several entity tags combined into one, several modification times into the
 * newest. Plain functions over converted values; the glue calls the elements and converts what
 * they return first.
 */

/** Between the leading element's opaque-tag and the digest of the rest, in a combined tag. */
export const ELEMENTS_SEPARATOR = '.';
/** The digest's length: 16 base64url characters, 96 bits of SHA-256. */
export const ELEMENTS_DIGEST_LENGTH = 16;

/**
 * One entity tag for several elements: the leading element's opaque-tag as it is, then
 * a `.` and a digest of the other elements, by position, and of
 * `representationVersion` (`"v7.Qm3s…"`). Weak if any element is weak.
 *
 * - The leading element is the resource's own (its version): without it there is no ETag,
 *   whatever the others are. It stays readable, so a version tag (`"v7"`) in front is still
 *   read by `versionOf`, and a compare-and-set write keeps working.
 * - The others are hashed by position, an absent one (`undefined`) as such: the same elements
 *   in the same places give the same tag on every instance; any change to an element, to the
 *   order, to which ones are absent or to the representation version changes it.
 * - The digest has a fixed length, so the leading element is always recovered whole.
 * - Weakness is carried by the `W/` of the whole, not by each element in the digest, so weak
 *   comparison matches exactly when every element's opaque-tag does.
 * - One element and no representation version: that element, unchanged.
 *
 * @returns `undefined` when there is no leading element: no ETag.
 */
export function combineEntityTags(
  elements: readonly (EntityTag | undefined)[],
  representationVersion?: string,
): EntityTag | undefined {
  const leading = elements[0];
  if (leading === undefined) return undefined;
  if (elements.length === 1 && representationVersion === undefined) return leading;
  let weak = leading.weak;
  const rest: Array<string | null> = [];
  for (let i = 1; i < elements.length; i++) {
    const element = elements[i];
    if (element?.weak) weak = true;
    rest.push(element === undefined ? null : element.opaque);
  }
  // crypto.hash is in every Node the package supports (engines: >=20.19).
  const digest = crypto
    .hash('sha256', JSON.stringify([rest, representationVersion ?? null]), 'base64url')
    .slice(0, ELEMENTS_DIGEST_LENGTH);
  const opaque = `${leading.opaque}${ELEMENTS_SEPARATOR}${digest}`;
  return { weak, opaque, value: weak ? `W/"${opaque}"` : `"${opaque}"` };
}

/**
 * The newest of several modification times (epoch milliseconds), raised to `earliest` when it
 * is older (the time the representation itself last changed: a release), and never later
 * than `nowMs`.
 *
 * @returns `undefined` for no times: no Last-Modified (`earliest` alone makes none).
 */
export function newestModificationTime(
  times: readonly number[],
  earliest: number | undefined,
  nowMs: number,
): number | undefined {
  if (times.length === 0) return undefined;
  let newest = times[0];
  for (let i = 1; i < times.length; i++) if (times[i] > newest) newest = times[i];
  if (earliest !== undefined && earliest > newest) newest = earliest;
  return Math.min(newest, nowMs);
}
