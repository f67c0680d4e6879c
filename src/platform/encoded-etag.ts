import type { ServerResponse } from 'node:http';
import { weakenedForContentCoding } from '../core/content-coding';
import { type HeadStep, beforeHeadOnce, keyInOtherCase } from './head-steps';

/*
 * In-app compression changes a response's bytes and leaves its ETag alone: neither
 * `compression` (Express) nor `@fastify/compress` reads or writes the field. So the strong ETag
 * of a compressed response is made weak here, as the head is written, the one moment both the
 * final ETag and the Content-Encoding are known. `@fastify/compress` sets Content-Encoding in
 * its onSend hook, before Fastify passes its fields to writeHead; `compression` sets it from
 * inside writeHead (its on-headers wrapper, installed when the request began and so called
 * after this one), which is why the fields set during the call are watched too.
 */
export const WEAKEN_ENCODED_ETAG: HeadStep = {
  beforeHead(response, _statusCode, fields) {
    // Fastify passes its fields in lower case; an app's own writeHead(status, fields) may not.
    // Each name is read by name first: it runs on every decorated GET.
    const etagKey =
      fields === undefined ? undefined : fields.etag !== undefined ? 'etag' : keyInOtherCase(fields, 'etag');
    const codingKey =
      fields === undefined
        ? undefined
        : fields['content-encoding'] !== undefined
          ? 'content-encoding'
          : keyInOtherCase(fields, 'content-encoding');
    const weak = weakenedForContentCoding(
      etagKey !== undefined ? fields![etagKey] : response.getHeader('etag'),
      codingKey !== undefined ? fields![codingKey] : response.getHeader('content-encoding'),
    );
    if (weak === undefined) return;
    if (etagKey !== undefined) fields![etagKey] = weak;
    else response.setHeader('ETag', weak);
  },
  onSetHeaderInHead(response, name, setHeader) {
    const key = name.toLowerCase();
    if (key !== 'content-encoding' && key !== 'etag') return;
    const weakened = weakenedForContentCoding(response.getHeader('etag'), response.getHeader('content-encoding'));
    if (weakened !== undefined) setHeader.call(response, 'ETag', weakened);
  },
};

/** Sends this response's strong ETag weak if it is written with a content coding. Idempotent. */
export function sendETagWeakWhenEncoded(raw: ServerResponse): void {
  beforeHeadOnce(raw, WEAKEN_ENCODED_ETAG);
}
