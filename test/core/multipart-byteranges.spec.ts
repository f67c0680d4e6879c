import { multipartByteranges } from '../../src/core';

/** RFC 9110 14.6 (multipart/byteranges): the framing, checked byte for byte. */
const BODY = Buffer.from('Hello world');

function assemble(framing: ReturnType<typeof multipartByteranges>): string {
  let out = '';
  for (const { head, range } of framing.parts)
    out += head + BODY.subarray(range.start, range.end + 1).toString('latin1');
  return out + framing.tail;
}

describe('multipartByteranges', () => {
  it('frames each part with its Content-Type and Content-Range, in order, with an exact length', () => {
    const framing = multipartByteranges(
      [
        { start: 0, end: 0 },
        { start: 10, end: 10 },
      ],
      11,
      'text/plain; charset=utf-8',
      'b0undary',
    );
    const body = assemble(framing);
    expect(framing.contentType).toBe('multipart/byteranges; boundary=b0undary');
    expect(body).toBe(
      '--b0undary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-0/11\r\n\r\nH' +
        '\r\n--b0undary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-10/11\r\n\r\nd' +
        '\r\n--b0undary--\r\n',
    );
    expect(framing.contentLength).toBe(Buffer.byteLength(body, 'latin1'));
  });

  it('leaves out the part Content-Type when the representation has none', () => {
    const framing = multipartByteranges([{ start: 1, end: 3 }], 11, undefined, 'x');
    expect(assemble(framing)).toBe('--x\r\nContent-Range: bytes 1-3/11\r\n\r\nell\r\n--x--\r\n');
    expect(framing.contentLength).toBe(assemble(framing).length);
  });
});
