import { type ByteRange, formatContentRange } from './byte-ranges';

/**
 * The framing of a `multipart/byteranges` 206 (RFC 9110 14.6): write `parts[i].head`, then the
 * bytes of `parts[i].range`, for each part in order, then `tail`. Heads and tail are ASCII
 * (latin1 for a Content-Type with obs-text); `contentLength` is the exact length of it all.
 */
export interface MultipartByteranges {
  /** The response's `Content-Type`: `multipart/byteranges; boundary=...`. */
  readonly contentType: string;
  readonly parts: ReadonlyArray<{ readonly head: string; readonly range: ByteRange }>;
  readonly tail: string;
  readonly contentLength: number;
}

/**
 * Frames `ranges` of a `length`-byte representation as `multipart/byteranges`, each part with
 * its own `Content-Type` (the 200's, when it has one) and `Content-Range`, in the order given.
 *
 * @param boundary 1 to 70 characters that occur in no part: the caller makes it random
 *   (RFC 2046 5.1.1), as hex.
 */
export function multipartByteranges(
  ranges: readonly ByteRange[],
  length: number,
  partContentType: string | undefined,
  boundary: string,
): MultipartByteranges {
  const type = partContentType === undefined ? '' : `Content-Type: ${partContentType}\r\n`;
  let contentLength = 0;
  const parts = ranges.map((range, index) => {
    // The CRLF before a delimiter belongs to it, so a part's bytes end exactly where its range does.
    const head = `${index === 0 ? '' : '\r\n'}--${boundary}\r\n${type}Content-Range: ${formatContentRange(range, length)}\r\n\r\n`;
    contentLength += head.length + range.end - range.start + 1;
    return { head, range };
  });
  const tail = `\r\n--${boundary}--\r\n`;
  return {
    contentType: `multipart/byteranges; boundary=${boundary}`,
    parts,
    tail,
    contentLength: contentLength + tail.length,
  };
}
