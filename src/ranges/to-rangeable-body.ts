import { StreamableFile } from '@nestjs/common';
import { ReadStream } from 'node:fs';
import { ForwardStreamBody, RangeableBody } from './rangeable-body';

/**
 * The handler's result as a rangeable body, or `undefined` when it is none (a JSON object, a
 * string, a stream of unknown length): then it is sent as it is, and Range is ignored.
 *
 * A `StreamableFile` over a whole file (`createReadStream(path)`) is served as that file: its
 * stream is closed and each range is read on its own, so it gets the file's validators and any
 * set of ranges. Another `StreamableFile` needs its `length` option, and serves one range.
 */
export function toRangeableBody(result: unknown): RangeableBody | undefined {
  if (result instanceof RangeableBody) return result;
  if (result instanceof Uint8Array) return RangeableBody.bytes(result);
  if (!(result instanceof StreamableFile)) return undefined;
  const { type, length } = result.getHeaders();
  const stream = result.getStream();
  if (isWholeFile(stream)) {
    stream.destroy();
    return RangeableBody.file(stream.path as string, { contentType: type });
  }
  if (typeof length !== 'number') return undefined;
  return new ForwardStreamBody(stream, length, type);
}

function isWholeFile(stream: unknown): stream is ReadStream {
  if (!(stream instanceof ReadStream) || typeof stream.path !== 'string') return false;
  const { start, end } = stream as ReadStream & { start?: number; end?: number };
  return (start === undefined || start === 0) && (end === undefined || end === Infinity) && stream.bytesRead === 0;
}
