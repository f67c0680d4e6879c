import { type IncomingHttpHeaders, type ServerResponse, createServer, get } from 'node:http';
import { type AddressInfo } from 'node:net';
import { dropContentLengthOfNotModified } from '../../src/platform/fastify-not-modified';
import { sendETagWeakWhenEncoded } from '../../src/platform/encoded-etag';
import { beforeHead } from '../../src/platform/head-steps';
import { keepValidatorsOnlyOnSuccess } from '../../src/platform/validators-on-success';

/** The one writeHead wrapper of a response, on a bare node:http server. */
async function answer(
  write: (response: ServerResponse) => void,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const server = createServer((_request, response) => write(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      }).on('error', reject);
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('head steps', () => {
  it('every step of a response shares one writeHead wrapper', async () => {
    let wrappers = 0;
    await answer((response) => {
      const original = response.writeHead;
      keepValidatorsOnlyOnSuccess(response, [['ETag', '"v1"']]);
      keepValidatorsOnlyOnSuccess(response, [['Cache-Control', 'max-age=5']], [['Cache-Control', 'no-cache']]);
      const wrapped = response.writeHead;
      sendETagWeakWhenEncoded(response);
      sendETagWeakWhenEncoded(response);
      dropContentLengthOfNotModified(response);
      wrappers = (original !== wrapped ? 1 : 0) + (response.writeHead !== wrapped ? 1 : 0);
      response.end();
    });
    expect(wrappers).toBe(1);
  });

  it('runs the last step added first, as stacked wrappers would', async () => {
    const order: string[] = [];
    await answer((response) => {
      beforeHead(response, { beforeHead: () => void order.push('first') });
      beforeHead(response, { beforeHead: () => void order.push('second') });
      response.end();
    });
    expect(order).toEqual(['second', 'first']);
  });

  it('on an error, takes the validators back and writes the restrictive fields; on a 2xx, leaves them', async () => {
    const write = (status: number) => (response: ServerResponse) => {
      response.setHeader('ETag', '"v1"');
      response.setHeader('Cache-Control', 'max-age=5');
      sendETagWeakWhenEncoded(response);
      keepValidatorsOnlyOnSuccess(response, [['Cache-Control', 'max-age=5']], [['Cache-Control', 'no-cache']]);
      keepValidatorsOnlyOnSuccess(response, [['ETag', '"v1"']]);
      response.statusCode = status;
      response.end();
    };
    const error = await answer(write(500));
    expect({ etag: error.headers.etag, cacheControl: error.headers['cache-control'] }).toEqual({
      etag: undefined,
      cacheControl: 'no-cache',
    });
    const ok = await answer(write(200));
    expect({ etag: ok.headers.etag, cacheControl: ok.headers['cache-control'] }).toEqual({
      etag: '"v1"',
      cacheControl: 'max-age=5',
    });
  });

  it("under Node's own writeHead, leaves setHeader alone; under an earlier wrapper, watches what it sets", async () => {
    let ownSetHeader: boolean | undefined;
    const plain = await answer((response) => {
      response.setHeader('ETag', '"v1"');
      sendETagWeakWhenEncoded(response);
      response.end();
      ownSetHeader = Object.prototype.hasOwnProperty.call(response, 'setHeader');
    });
    expect({ etag: plain.headers.etag, ownSetHeader }).toEqual({ etag: '"v1"', ownSetHeader: false });
    // As Express's compression does through on-headers: a wrapper installed before the
    // library's sets Content-Encoding from inside writeHead.
    const encoded = await answer((response) => {
      const writeHead = response.writeHead;
      response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        this.setHeader('Content-Encoding', 'gzip');
        return writeHead.apply(this, args as never);
      } as typeof response.writeHead;
      response.setHeader('ETag', '"v1"');
      sendETagWeakWhenEncoded(response);
      response.end();
    });
    expect({ etag: encoded.headers.etag, coding: encoded.headers['content-encoding'] }).toEqual({
      etag: 'W/"v1"',
      coding: 'gzip',
    });
  });

  it("watches the fields Node's own writeHead sets from an object passed to it", async () => {
    const { headers } = await answer((response) => {
      response.setHeader('ETag', '"v1"');
      sendETagWeakWhenEncoded(response);
      response.writeHead(200, { 'Content-Encoding': 'br' });
      response.end();
    });
    expect(headers.etag).toBe('W/"v1"');
  });

  it('edits the fields object a platform passes to writeHead (as Fastify does)', async () => {
    const { headers } = await answer((response) => {
      keepValidatorsOnlyOnSuccess(response, [['ETag', '"v1"']]);
      dropContentLengthOfNotModified(response);
      response.writeHead(404, { etag: '"v1"', 'content-length': '0' });
      response.end();
    });
    expect({ etag: headers.etag, length: headers['content-length'] }).toEqual({ etag: undefined, length: undefined });
  });
});
