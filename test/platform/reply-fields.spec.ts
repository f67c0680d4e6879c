import { replyFieldsOf } from '../../src/upstream/fastify';

/** A reply as Fastify 5 builds one: its fields under `Symbol(fastify.reply.headers)`. */
function replyWith(fields: unknown): object {
  return { [Symbol('fastify.reply.headers')]: fields };
}

describe('replyFieldsOf', () => {
  it("reads the reply's own fields object, whichever reply's symbol it is", () => {
    const fields = { 'content-type': 'text/plain' };
    expect(replyFieldsOf(replyWith(fields))).toBe(fields);
    const other = {};
    expect(replyFieldsOf(replyWith(other))).toBe(other);
  });

  it('answers undefined for a value that is not an object', () => {
    expect(replyFieldsOf(replyWith(null))).toBeUndefined();
    expect(replyFieldsOf(replyWith('etag'))).toBeUndefined();
  });

  it('answers undefined for good once a reply has no such symbol (a fresh copy of the module)', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh: typeof replyFieldsOf = require('../../src/upstream/fastify').replyFieldsOf;
      expect(fresh({})).toBeUndefined();
      expect(fresh(replyWith({}))).toBeUndefined();
    });
    expect(replyFieldsOf(replyWith({}))).toEqual({});
  });
});
