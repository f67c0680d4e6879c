import { isLastOnSendHook } from '../../src/upstream/fastify';

/** A request as Fastify 5 builds one: its route context under `Symbol(fastify.context)`. */
function requestWith(onSend: unknown): object {
  return { [Symbol('fastify.context')]: { onSend } };
}

function named(name: string): () => void {
  const hooks = { [name]: () => undefined };
  return hooks[name]!;
}

describe('isLastOnSendHook', () => {
  it('reads the last hook of the route, bound or not', () => {
    const onSend = [named('appHook').bind(null), named('validateRenderedOnSend').bind(null)];
    expect(isLastOnSendHook(requestWith(onSend), 'validateRenderedOnSend')).toBe(true);
    expect(isLastOnSendHook(requestWith(onSend), 'appHook')).toBe(false);
    expect(isLastOnSendHook(requestWith([named('validateRenderedOnSend')]), 'validateRenderedOnSend')).toBe(true);
  });

  it('answers false when it cannot tell: no hooks, an anonymous last hook', () => {
    expect(isLastOnSendHook(requestWith(null), 'validateRenderedOnSend')).toBe(false);
    const anonymous = [Object.defineProperty(() => undefined, 'name', { value: undefined })];
    expect(isLastOnSendHook(requestWith(anonymous), 'validateRenderedOnSend')).toBe(false);
  });

  it('answers false for good once a request has no route context to read (a fresh copy of the module)', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh: typeof isLastOnSendHook = require('../../src/upstream/fastify').isLastOnSendHook;
      expect(fresh({}, 'validateRenderedOnSend')).toBe(false);
      expect(fresh(requestWith([named('validateRenderedOnSend')]), 'validateRenderedOnSend')).toBe(false);
    });
    // The module the other tests use still reads route contexts.
    expect(isLastOnSendHook(requestWith([named('validateRenderedOnSend')]), 'validateRenderedOnSend')).toBe(true);
  });
});
