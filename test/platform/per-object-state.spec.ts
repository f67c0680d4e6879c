import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { PerObjectState, isNodesOwnResponse, isNotNodesMessage } from '../../src/platform/per-object-state';

/** A state over a symbol of its own, its slot written out as the library's states write theirs. */
function stateOf<Value>(description: string, sharesMap: (target: object) => boolean): PerObjectState<Value> {
  const key = Symbol(description);
  type WithKey = { [key]?: Value };
  return new PerObjectState<Value>(sharesMap, {
    read: (target) => (target as WithKey)[key],
    write: (target, value) => void ((target as WithKey)[key] = value),
  });
}

/** What Express makes of Node's objects: its app's prototype, set on each one per request. */
function reprototyped<T extends object>(target: T): T {
  return Object.setPrototypeOf(target, Object.create(Object.getPrototypeOf(target)));
}

describe('PerObjectState: on the object when it shares its map with its kind, beside it otherwise', () => {
  const message = () => new IncomingMessage(new Socket());
  const response = () => new ServerResponse(message());

  it("Fastify's raw response (Node's prototype) keeps its state as one symbol property", () => {
    const state = stateOf<{ n: number }>('test', isNodesOwnResponse);
    const raw = response();
    const before = Object.getOwnPropertySymbols(raw).length;
    state.set(raw, { n: 1 });
    expect(Object.getOwnPropertySymbols(raw)).toHaveLength(before + 1);
    expect(Object.keys(raw)).toEqual(Object.keys(response()));
    expect(state.get(raw)).toEqual({ n: 1 });
    state.set(raw, { n: 2 });
    expect(state.get(raw)).toEqual({ n: 2 });
  });

  it("Express's response and request (their app's prototypes) get nothing added: a WeakMap holds it", () => {
    const onResponse = stateOf<{ n: number }>('test', isNodesOwnResponse);
    const onRequest = stateOf<{ n: number }>('test', isNotNodesMessage);
    const res = reprototyped(response());
    const req = reprototyped(message());
    const keys = [Reflect.ownKeys(res).length, Reflect.ownKeys(req).length];
    onResponse.set(res, { n: 1 });
    onRequest.set(req, { n: 2 });
    expect([Reflect.ownKeys(res).length, Reflect.ownKeys(req).length]).toEqual(keys);
    expect(onResponse.get(res)).toEqual({ n: 1 });
    expect(onRequest.get(req)).toEqual({ n: 2 });
  });

  it("Fastify's request (not Node's message) keeps it on itself; null is a value, absent is undefined", () => {
    const state = stateOf<string | null>('test', isNotNodesMessage);
    const fastifyLike = { raw: message(), id: 'req-1' };
    expect(state.get(fastifyLike)).toBeUndefined();
    state.set(fastifyLike, null);
    expect(state.get(fastifyLike)).toBeNull();
    expect(Object.getOwnPropertySymbols(fastifyLike)).toHaveLength(1);
    expect(Object.keys(fastifyLike)).toEqual(['raw', 'id']);
  });

  it('two states never see each other, whichever way they keep it', () => {
    const a = stateOf<number>('a', isNodesOwnResponse);
    const b = stateOf<number>('b', isNodesOwnResponse);
    const raw = response();
    const express = reprototyped(response());
    a.set(raw, 1);
    a.set(express, 2);
    expect([b.get(raw), b.get(express)]).toEqual([undefined, undefined]);
    expect([a.get(raw), a.get(express)]).toEqual([1, 2]);
  });
});
