import { ServerResponse } from 'node:http';
import { dropContentLengthOfNotModified } from '../../src/platform/fastify-not-modified';
import { sendETagWeakWhenEncoded } from '../../src/platform/encoded-etag';
import {
  addToHeadStepList,
  beforeHead,
  beforeHeadOnce,
  beforeHeadOnceAndList,
  runHeadStepsFromPrototype,
} from '../../src/platform/head-steps';
import { keepValidatorsOnlyOnSuccess } from '../../src/platform/validators-on-success';
import { answer } from './support/answer';

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

  it('arms a step once and a list step with all its items, whichever came first', async () => {
    const runs: string[] = [];
    const once = { beforeHead: () => void runs.push('once') };
    const listed = { beforeHead: (...args: unknown[]) => void runs.push(`list ${(args[3] as string[]).join(',')}`) };
    const orders = {
      fresh: (response: ServerResponse) => beforeHeadOnceAndList(response, once, listed, ['a', 'b']),
      onceFirst: (response: ServerResponse) => {
        beforeHeadOnce(response, once);
        beforeHeadOnceAndList(response, once, listed, ['a', 'b']);
      },
      listFirst: (response: ServerResponse) => {
        addToHeadStepList(response, listed, 'a');
        beforeHeadOnceAndList(response, once, listed, ['b']);
      },
      twice: (response: ServerResponse) => {
        beforeHeadOnceAndList(response, once, listed, ['a']);
        beforeHeadOnceAndList(response, once, listed, ['b']);
      },
    };
    const seen: Record<string, string[]> = {};
    for (const [order, arm] of Object.entries(orders)) {
      runs.length = 0;
      await answer((response) => {
        arm(response);
        response.end();
      });
      seen[order] = [...runs].sort();
    }
    const expected = ['list a,b', 'once'];
    expect(seen).toEqual({ fresh: expected, onceFirst: expected, listFirst: expected, twice: expected });
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

  it('takes back a validator the ETag step weakened before it, whatever order they were added in', async () => {
    const { headers, status } = await answer((response) => {
      response.setHeader('ETag', '"v1"');
      keepValidatorsOnlyOnSuccess(response, [['ETag', '"v1"']]);
      sendETagWeakWhenEncoded(response);
      response.setHeader('Content-Encoding', 'gzip');
      response.statusCode = 503;
      response.end();
    });
    expect({ status, etag: headers.etag }).toEqual({ status: 503, etag: undefined });
  });

  it('weakens an ETag in a fields object passed to writeHead, in any case of its keys', async () => {
    const { headers } = await answer((response) => {
      sendETagWeakWhenEncoded(response);
      response.writeHead(200, { ETag: '"v1"', 'CONTENT-ENCODING': 'gzip' });
      response.end();
    });
    expect(headers.etag).toBe('W/"v1"');
  });

  it("weakens an ETag set on the response when Node's own writeHead is given the coding in a fields object", async () => {
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

  describe("from a prototype (an Express app's response prototype)", () => {
    /** A prototype between the response and Node's, as Express's `app.response` is. */
    function preparedPrototype(): object {
      const prototype = Object.create(ServerResponse.prototype) as object;
      runHeadStepsFromPrototype(prototype);
      runHeadStepsFromPrototype(prototype);
      return prototype;
    }

    it('arms a response without adding a property to it, and runs its steps once', async () => {
      const prototype = preparedPrototype();
      let added: string[] = [];
      let runs = 0;
      const { headers, status } = await answer((response) => {
        Object.setPrototypeOf(response, prototype);
        const before = Reflect.ownKeys(response);
        response.setHeader('ETag', '"v1"');
        keepValidatorsOnlyOnSuccess(response, [['ETag', '"v1"']]);
        beforeHead(response, { beforeHead: () => void runs++ });
        sendETagWeakWhenEncoded(response);
        added = Reflect.ownKeys(response)
          .filter((key) => !before.includes(key))
          .map(String);
        response.statusCode = 500;
        response.end();
      });
      expect({ status, etag: headers.etag, added, runs }).toEqual({ status: 500, etag: undefined, added: [], runs: 1 });
    });

    it('leaves a response nobody armed to the inherited writeHead', async () => {
      const prototype = preparedPrototype();
      const { headers, status } = await answer((response) => {
        Object.setPrototypeOf(response, prototype);
        response.writeHead(201, { ETag: '"v1"' });
        response.end();
      });
      expect({ status, etag: headers.etag }).toEqual({ status: 201, etag: '"v1"' });
    });

    it("weakens the ETag under a wrapper of the response's own that sets Content-Encoding inside the call", async () => {
      const prototype = preparedPrototype();
      let ownSetHeader: boolean | undefined;
      const { headers } = await answer((response) => {
        Object.setPrototypeOf(response, prototype);
        // As compression's on-headers does when the request begins, before the library arms the response.
        const writeHead = response.writeHead;
        response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
          this.setHeader('Content-Encoding', 'gzip');
          ownSetHeader = Object.prototype.hasOwnProperty.call(this, 'setHeader');
          return writeHead.apply(this, args as never);
        } as typeof response.writeHead;
        response.setHeader('ETag', '"v1"');
        sendETagWeakWhenEncoded(response);
        response.end();
      });
      expect({ etag: headers.etag, ownSetHeader }).toEqual({ etag: 'W/"v1"', ownSetHeader: true });
    });

    it('wraps a writeHead the response got before the prototype, which may skip the prototype', async () => {
      const prototype = preparedPrototype();
      let runs = 0;
      const { headers, status } = await answer((response) => {
        // A parent app's compression, or a wrapper in the server's request listener, holding Node's own.
        response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
          this.setHeader('Content-Encoding', 'gzip');
          return ServerResponse.prototype.writeHead.apply(this, args as never);
        } as typeof response.writeHead;
        Object.setPrototypeOf(response, prototype);
        response.setHeader('ETag', '"v1"');
        sendETagWeakWhenEncoded(response);
        keepValidatorsOnlyOnSuccess(response, [['ETag', '"v1"']]);
        beforeHead(response, { beforeHead: () => void runs++ });
        response.statusCode = 500;
        response.end();
      });
      expect({ status, etag: headers.etag, runs }).toEqual({ status: 500, etag: undefined, runs: 1 });
    });

    it('runs the steps once when a wrapper of its own calls the prototype', async () => {
      const prototype = preparedPrototype();
      let runs = 0;
      await answer((response) => {
        Object.setPrototypeOf(response, prototype);
        const inherited = response.writeHead;
        response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
          return inherited.apply(this, args as never);
        } as typeof response.writeHead;
        beforeHead(response, { beforeHead: () => void runs++ });
        response.end();
      });
      expect(runs).toBe(1);
    });

    it("calls the prototype's own earlier writeHead, if it had one", async () => {
      const prototype = Object.create(ServerResponse.prototype) as { writeHead: ServerResponse['writeHead'] };
      const calls: number[] = [];
      prototype.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
        calls.push(statusCode);
        return ServerResponse.prototype.writeHead.call(this, statusCode, ...(rest as []));
      } as ServerResponse['writeHead'];
      runHeadStepsFromPrototype(prototype);
      const { status } = await answer((response) => {
        Object.setPrototypeOf(response, prototype);
        beforeHead(response, { beforeHead: () => void calls.push(0) });
        response.statusCode = 204;
        response.end();
      });
      expect({ status, calls }).toEqual({ status: 204, calls: [0, 204] });
    });
  });

  it("keeps each list step's data for its response, added once", async () => {
    const seen: unknown[] = [];
    const listing = {
      beforeHead: (_r: unknown, _s: unknown, _f: unknown, list: string[]) => void seen.push([...list]),
    };
    const other = { beforeHead: () => undefined };
    await answer((response) => {
      beforeHead(response, other);
      addToHeadStepList(response, listing, 'first');
      addToHeadStepList(response, listing, 'second', 'third');
      response.end();
    });
    // One step, run once, with both calls' items.
    expect(seen).toEqual([['first', 'second', 'third']]);
  });

  it('adds a once-only step once, whatever else the response has', async () => {
    let runs = 0;
    const once = { beforeHead: () => void runs++ };
    await answer((response) => {
      beforeHeadOnce(response, once);
      beforeHead(response, { beforeHead: () => undefined });
      beforeHeadOnce(response, once);
      response.end();
    });
    expect(runs).toBe(1);
  });
});
