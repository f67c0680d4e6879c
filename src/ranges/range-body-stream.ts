import { Readable } from 'node:stream';
import type { MultipartByteranges } from '../core/multipart-byteranges';
import type { RangeableBody } from './rangeable-body';

/**
 * The body of a `multipart/byteranges` 206: each part's head, then its bytes from `body`,
 * opened one range at a time (one file descriptor at most), then the tail. Destroying it
 * (a client that went away) destroys the range being read.
 */
export function multipartStream(body: RangeableBody, framing: MultipartByteranges): Readable {
  async function* parts(): AsyncGenerator<Buffer> {
    for (const { head, range } of framing.parts) {
      yield Buffer.from(head, 'latin1');
      const part = body.open(range.start, range.end);
      try {
        for await (const chunk of part) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      } finally {
        part.destroy();
      }
    }
    yield Buffer.from(framing.tail, 'latin1');
  }
  return Readable.from(parts(), { objectMode: false });
}
