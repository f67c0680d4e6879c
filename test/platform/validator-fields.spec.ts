import type { ServerResponse } from 'node:http';
import { sendExpressValidators, sendFastifyValidators } from '../../src/platform/validator-fields';
import { answer } from './support/answer';

const FIELDS = [
  ['etag', '"v1"'],
  ['last-modified', 'Wed, 01 May 2024 10:20:30 GMT'],
] as const;

/** A reply as Fastify 5 builds one: its fields under `Symbol(fastify.reply.headers)`, which Fastify passes to `writeHead`. */
function replyOn(raw: ServerResponse, fields: Record<string, unknown> = {}) {
  const reply = { raw, [Symbol('fastify.reply.headers')]: fields };
  const send = (status: number) => {
    raw.writeHead(status, fields as Record<string, string>);
    raw.end();
  };
  return { reply, fields, send };
}

const setField = (calls: Array<[string, string]>) => (_response: unknown, name: string, value: string) =>
  void calls.push([name, value]);

describe('sendFastifyValidators', () => {
  it("writes the fields into the reply's own object, sent on a 2xx and a 304, with no call through the API", async () => {
    for (const status of [200, 304]) {
      const through: Array<[string, string]> = [];
      const { headers } = await answer((raw) => {
        const { reply, send } = replyOn(raw);
        sendFastifyValidators(reply, FIELDS, setField(through));
        send(status);
      });
      expect(headers.etag).toBe('"v1"');
      expect(headers['last-modified']).toBe(FIELDS[1][1]);
      expect(through).toEqual([]);
    }
  });

  it('takes them back on any other final status, and sends a strong ETag weak when the body is encoded', async () => {
    const failed = await answer((raw) => {
      const { reply, send } = replyOn(raw);
      sendFastifyValidators(reply, FIELDS, setField([]));
      send(500);
    });
    expect([failed.status, failed.headers.etag, failed.headers['last-modified']]).toEqual([500, undefined, undefined]);
    const encoded = await answer((raw) => {
      const { reply, fields, send } = replyOn(raw);
      sendFastifyValidators(reply, FIELDS, setField([]));
      fields['content-encoding'] = 'gzip';
      send(200);
    });
    expect(encoded.headers.etag).toBe('W/"v1"');
  });

  it('leaves a field set before it, in the reply or on the raw response, and takes back only its own', async () => {
    for (const where of ['reply', 'raw'] as const) {
      const write = (status: number) => (raw: ServerResponse) => {
        const { reply, fields, send } = replyOn(raw);
        if (where === 'reply') fields.etag = '"stamped"';
        else raw.setHeader('ETag', '"stamped"');
        sendFastifyValidators(reply, FIELDS, setField([]));
        send(status);
      };
      const ok = await answer(write(200));
      expect([where, ok.headers.etag, ok.headers['last-modified']]).toEqual([where, '"stamped"', FIELDS[1][1]]);
      const failed = await answer(write(500));
      expect([where, failed.headers.etag, failed.headers['last-modified']]).toEqual([where, '"stamped"', undefined]);
    }
  });

  it('with both set before it, adds nothing and still weakens an encoded ETag', async () => {
    const { headers } = await answer((raw) => {
      const { reply, fields, send } = replyOn(raw, { etag: '"stamped"', 'last-modified': 'x' });
      sendFastifyValidators(reply, FIELDS, setField([]));
      fields['content-encoding'] = 'br';
      send(200);
    });
    expect([headers.etag, headers['last-modified']]).toEqual(['W/"stamped"', 'x']);
  });

  it('goes through the API for good once a reply has no fields object where Fastify keeps it (a fresh copy of the module)', async () => {
    let fresh!: typeof sendFastifyValidators;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = require('../../src/platform/validator-fields').sendFastifyValidators;
    });
    const through: Array<[string, string]> = [];
    const throughAPI = (_reply: unknown, name: string, value: string) => void through.push([name, value]);
    const bare = await answer((raw) => {
      fresh({ raw, getHeader: (name: string) => raw.getHeader(name) }, FIELDS, (_reply, name, value) => {
        throughAPI(_reply, name, value);
        raw.setHeader(name, value);
      });
      raw.statusCode = 500;
      raw.end();
    });
    // Through the API, and still taken back on an error.
    expect([bare.status, bare.headers.etag, bare.headers['last-modified']]).toEqual([500, undefined, undefined]);
    // A reply made the usual way now goes through the API too, its own object left as it was.
    let ownAfter: unknown;
    await answer((raw) => {
      const { reply, fields, send } = replyOn(raw);
      fresh(Object.assign(reply, { getHeader: (name: string) => raw.getHeader(name) }), [['etag', '"v2"']], throughAPI);
      ownAfter = { ...fields };
      send(200);
    });
    expect(ownAfter).toEqual({});
    expect(through).toEqual([...FIELDS, ['etag', '"v2"']]);
  });
});

describe('sendExpressValidators', () => {
  it('sets through the API only what the response lacks, and takes back only that on an error', async () => {
    const through: Array<[string, string]> = [];
    const write = (status: number) => (response: ServerResponse) => {
      response.setHeader('ETag', '"stamped"');
      sendExpressValidators(
        response,
        [
          ['ETag', '"v1"'],
          ['Last-Modified', FIELDS[1][1]],
        ],
        (target: ServerResponse, name, value) => {
          through.push([name, value]);
          target.setHeader(name, value);
        },
      );
      response.statusCode = status;
      response.end();
    };
    const ok = await answer(write(200));
    expect([ok.headers.etag, ok.headers['last-modified']]).toEqual(['"stamped"', FIELDS[1][1]]);
    const failed = await answer(write(500));
    expect([failed.headers.etag, failed.headers['last-modified']]).toEqual(['"stamped"', undefined]);
    expect(through).toEqual([
      ['Last-Modified', FIELDS[1][1]],
      ['Last-Modified', FIELDS[1][1]],
    ]);
  });
});
