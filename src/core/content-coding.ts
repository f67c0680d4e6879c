import { toEntityTag } from './entity-tag';

/** Whether a `Content-Encoding` field value names a coding other than `identity`. */
export function isContentCoded(contentEncoding: unknown): boolean {
  const field = Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding;
  if (typeof field !== 'string') return false;
  return field.split(',').some((coding) => {
    const name = coding.trim().toLowerCase();
    return name !== '' && name !== 'identity';
  });
}

/**
 * The `ETag` to send instead once a content coding applied in the app (compression) has
 * changed the bytes of a response: its strong tag made weak, `"x"` becoming `W/"x"`, as nginx's
 * `gzip` and Django's `GZipMiddleware` do. A strong tag promises the exact bytes (RFC 9110
 * 8.8.1), so the gzip and the identity bodies of one resource must never share one; weak
 * comparison, the one `If-None-Match` uses, still matches either form.
 *
 * @returns the weak tag, or `undefined` to send the field as it is: no coding (absent, empty or
 * `identity`), no ETag, a tag already weak, or a field that is not one well-formed strong tag.
 */
export function weakenedForContentCoding(etag: unknown, contentEncoding: unknown): string | undefined {
  if (typeof etag !== 'string' || etag.charCodeAt(0) !== 0x22 || !isContentCoded(contentEncoding)) return undefined;
  try {
    return `W/${toEntityTag(etag).value}`;
  } catch {
    return undefined;
  }
}
