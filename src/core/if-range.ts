import { type EntityTag, toEntityTag } from './entity-tag';
import { parseHttpDate } from './http-date';

const MS_PER_SECOND = 1000;

/**
 * Whether an `If-Range` field lets the Range apply (RFC 9110 13.1.5); `false` means "send the
 * whole representation", never 412.
 *
 * - An entity tag: true only by strong comparison with the current ETag (a weak tag on either
 *   side is false).
 * - An HTTP-date: true only when it equals the Last-Modified exactly and that Last-Modified is
 *   strong, which it is when at least one second before the response's `Date` (8.8.2.2).
 * - Anything else (a list, a malformed tag, an invalid date, no validator to compare): false.
 *
 * @param dateMs the response's `Date`, epoch milliseconds.
 */
export function ifRangeHolds(
  fieldValue: string,
  current: { readonly etag?: EntityTag; readonly lastModified?: number },
  dateMs: number,
): boolean {
  const field = fieldValue.trim();
  if (field.startsWith('"')) {
    const { etag } = current;
    if (etag === undefined || etag.weak) return false;
    let tag: EntityTag;
    try {
      tag = toEntityTag(field);
    } catch {
      return false;
    }
    return tag.opaque === etag.opaque;
  }
  if (field.startsWith('W/')) return false;
  const date = parseHttpDate(field, dateMs);
  const { lastModified } = current;
  if (date === undefined || lastModified === undefined) return false;
  const responseDate = Math.floor(dateMs / MS_PER_SECOND) * MS_PER_SECOND;
  return date === lastModified && lastModified <= responseDate - MS_PER_SECOND;
}
