import type { ServerResponse } from 'node:http';
import { weakenedForContentCoding } from '../core';

/*
 * In-app compression changes a response's bytes and leaves its ETag alone: neither
 * `compression` (Express) nor `@fastify/compress` reads or writes the field. So the strong ETag
 * of a compressed response is made weak here, as the head is written, the one moment both the
 * final ETag and the Content-Encoding are known. `@fastify/compress` sets Content-Encoding in
 * its onSend hook, before Fastify passes its fields to writeHead; `compression` sets it from
 * inside writeHead (its on-headers wrapper, installed when the request began and so called
 * after this one), which is why the fields set during the call are watched too.
 */

const WEAKENS_ENCODED_ETAG = Symbol('nestjs-conditional:weakens-encoded-etag');

function fieldsOf(args: unknown[]): Record<string, unknown> | undefined {
  return args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
}

/** Sends this response's strong ETag weak if it is written with a content coding. Idempotent. */
export function sendETagWeakWhenEncoded(raw: ServerResponse): void {
  const marked = raw as ServerResponse & { [WEAKENS_ENCODED_ETAG]?: true };
  if (marked[WEAKENS_ENCODED_ETAG]) return;
  marked[WEAKENS_ENCODED_ETAG] = true;
  const writeHead = raw.writeHead;
  raw.writeHead = function writeHeadWeakeningEncodedETag(this: ServerResponse, ...args: any[]) {
    const fields = fieldsOf(args);
    const inFields = fields?.etag !== undefined;
    const weak = weakenedForContentCoding(
      inFields ? fields!.etag : this.getHeader('etag'),
      fields?.['content-encoding'] ?? this.getHeader('content-encoding'),
    );
    if (weak !== undefined) {
      if (inFields) fields!.etag = weak;
      else this.setHeader('ETag', weak);
    }
    const setHeader = this.setHeader;
    this.setHeader = function setHeaderWeakeningEncodedETag(this: ServerResponse, name: string, value: any) {
      const result = setHeader.call(this, name, value);
      const key = name.toLowerCase();
      if (key === 'content-encoding' || key === 'etag') {
        const weakened = weakenedForContentCoding(this.getHeader('etag'), this.getHeader('content-encoding'));
        if (weakened !== undefined) setHeader.call(this, 'ETag', weakened);
      }
      return result;
    };
    try {
      return (writeHead as (...a: any[]) => ServerResponse).apply(this, args);
    } finally {
      // Assigned back, not deleted: a delete would cost this response its fast property access.
      this.setHeader = setHeader;
    }
  } as typeof raw.writeHead;
}
