import { type IncomingHttpHeaders, ServerResponse } from 'node:http';
import { sendETagWeakWhenEncoded } from '../../src/platform/encoded-etag';
import { answer } from './support/answer';

/**
 * The head-writing step that sends a compressed response's strong ETag weak, on a bare
 * `node:http` server: every way a compressor or a platform can set the two fields.
 */
async function headersOf(write: (response: ServerResponse) => void): Promise<IncomingHttpHeaders> {
  // node:http, which decodes nothing: the bodies here say gzip without being gzip.
  return (await answer(write)).headers;
}

/** What `compression` does: a writeHead wrapper, installed first, that sets Content-Encoding inside the call. */
function compressAsTheHeadIsWritten(response: ServerResponse): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: any[]) {
    this.setHeader('Content-Encoding', 'gzip');
    return (writeHead as (...a: any[]) => ServerResponse).apply(this, args);
  } as typeof response.writeHead;
}

describe('sendETagWeakWhenEncoded', () => {
  it('weakens an ETag set on the response once a wrapper inside writeHead sets Content-Encoding', async () => {
    const headers = await headersOf((response) => {
      compressAsTheHeadIsWritten(response);
      sendETagWeakWhenEncoded(response);
      response.setHeader('ETag', '"v1"');
      response.end('x');
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers.etag).toBe('W/"v1"');
  });

  it('weakens an ETag set on the response when Content-Encoding was set before writeHead', async () => {
    const headers = await headersOf((response) => {
      sendETagWeakWhenEncoded(response);
      response.setHeader('ETag', '"v1"');
      response.setHeader('Content-Encoding', 'br');
      response.end('x');
    });
    expect(headers.etag).toBe('W/"v1"');
  });

  it.each([
    ['on the response', true],
    ['only in the fields', false],
  ])(
    'weakens an ETag passed in the fields of writeHead, as Fastify does, other headers %s',
    async (_where, progressive) => {
      const headers = await headersOf((response) => {
        sendETagWeakWhenEncoded(response);
        // Node merges the fields through setHeader once the response has headers of its own.
        if (progressive) response.setHeader('X-Powered-By', 'test');
        response.writeHead(200, { 'content-encoding': 'gzip', etag: '"v1"' });
        response.end('x');
      });
      expect(headers.etag).toBe('W/"v1"');
    },
  );

  it.each([
    { 'Content-Encoding': 'gzip', ETag: '"v1"' },
    { 'content-encoding': 'gzip', ETag: '"v1"' },
    { 'CONTENT-ENCODING': 'gzip', etag: '"v1"' },
  ])("weakens an ETag passed in the fields of an app's own writeHead, in any case: %j", async (fields) => {
    const headers = await headersOf((response) => {
      sendETagWeakWhenEncoded(response);
      response.writeHead(200, fields);
      response.end('x');
    });
    expect(headers.etag).toBe('W/"v1"');
  });

  it('leaves an identity response, and a weak tag, as they are; installing twice wraps once', async () => {
    let wrappedOnce = false;
    const identity = await headersOf((response) => {
      sendETagWeakWhenEncoded(response);
      const wrapped = response.writeHead;
      sendETagWeakWhenEncoded(response);
      wrappedOnce = response.writeHead === wrapped;
      response.setHeader('ETag', '"v1"');
      response.end('x');
    });
    expect(identity.etag).toBe('"v1"');
    expect(wrappedOnce).toBe(true);
    const weak = await headersOf((response) => {
      sendETagWeakWhenEncoded(response);
      response.writeHead(200, { 'content-encoding': 'gzip', etag: 'W/"v1"' });
      response.end('x');
    });
    expect(weak.etag).toBe('W/"v1"');
  });

  it("puts back a setHeader of the response's own once the head is written", async () => {
    let own: unknown;
    let after: unknown;
    await headersOf((response) => {
      own = function setHeaderOfSomeoneElse(this: ServerResponse, name: string, value: any) {
        return ServerResponse.prototype.setHeader.call(this, name, value);
      };
      response.setHeader = own as typeof response.setHeader;
      sendETagWeakWhenEncoded(response);
      response.writeHead(200);
      after = response.setHeader;
      response.end();
    });
    expect(after).toBe(own);
  });
});
