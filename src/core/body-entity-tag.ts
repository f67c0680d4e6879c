import * as crypto from 'node:crypto';
import type { EntityTag } from './entity-tag';

/*
 * `crypto.hash` (Node 20.12 and later) hashes a small input in one call, several times
 * faster than building a Hash object; older Node 20 releases fall back to `createHash`.
 */
const sha1Base64Url: (body: string | Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (body) => crypto.hash('sha1', body, 'base64url')
    : (body) => crypto.createHash('sha1').update(body).digest('base64url');

/**
 * The entity tag of a rendered body: its length in bytes and the SHA-1 of its bytes
 * (`W/"<length hex>-<base64url>"`, or strong without `W/`).
 *
 * It depends on the bytes alone, never on the process, the host or the time, so every
 * instance behind a load balancer gives the same tag for the same body. SHA-1 serves as a
 * fingerprint here, not as a security measure: a collision would need a body crafted for
 * it by whoever writes the response, which is the application itself.
 *
 * @param strong a strong tag promises byte-for-byte identity; weak (the default of
 * `@ETag()`) lets proxies that re-encode the body (compression) keep revalidating.
 */
export function bodyEntityTag(body: string | Uint8Array, strong: boolean): EntityTag {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const opaque = `${length.toString(16)}-${sha1Base64Url(body)}`;
  return { weak: !strong, opaque, value: strong ? `"${opaque}"` : `W/"${opaque}"` };
}
