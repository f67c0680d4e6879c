import type { ServerResponse } from 'node:http';
import { type HeadStep, beforeHeadOnce } from './head-steps';

/*
 * Fastify's automatic HEAD route adds `content-length: 0` to every body-less reply, 304
 * included. On a 304 that is wrong (RFC 9110 8.6: a 304 may only repeat the length the 200
 * would have had), so the header is dropped as the head is written, leaving Fastify's hooks
 * and logging untouched.
 */
const DROP_CONTENT_LENGTH: HeadStep = {
  beforeHead(response, _statusCode, fields) {
    if (fields !== undefined) delete fields['content-length'];
    response.removeHeader('content-length');
  },
};

export function dropContentLengthOfNotModified(raw: ServerResponse): void {
  beforeHeadOnce(raw, DROP_CONTENT_LENGTH);
}
