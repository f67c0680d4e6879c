import type { ServerResponse } from 'node:http';

/*
 * Fastify's automatic HEAD route adds `content-length: 0` to every body-less reply, 304
 * included. On a 304 that is wrong (RFC 9110 8.6: a 304 may only repeat the length the 200
 * would have had), so the header is dropped as the head is written, leaving Fastify's hooks
 * and logging untouched.
 */
export function dropContentLengthOfNotModified(raw: ServerResponse): void {
  const writeHead = raw.writeHead;
  raw.writeHead = function writeHeadWithoutContentLength(this: ServerResponse, ...args: any[]) {
    const headers = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
    if (headers !== undefined) delete headers['content-length'];
    this.removeHeader('content-length');
    return (writeHead as (...a: any[]) => ServerResponse).apply(this, args);
  } as typeof raw.writeHead;
}
