import { PreconditionFailedException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { NotModifiedException } from '../../src/exceptions/not-modified.exception';
import { PreconditionRequiredException } from '../../src/exceptions/precondition-required.exception';
import { ConditionalGuard } from '../../src/request/conditional.guard';
import type { RoutePlan } from '../../src/request/route-plan';
import { ConditionalRouteRegistry } from '../../src/request/route-registry';

/*
 * The guard decides a request in a method that returns its answer, and canActivate() hands
 * it to Nest as a rejection: V8 optimizes a function once it has returned (or looped) often
 * enough, so a decision that threw on every request of a route answered 304 every time ran in
 * the interpreter for good (BENCHMARKS.md, "An early 304 that never got optimized"). The
 * rejection comes a microtask later, once Nest awaits it, since a throw rejects Nest's
 * tryActivate before anything handles it (BENCHMARKS.md, "An early 304 rejected, not
 * thrown"). Whatever the platform, the guard's answers are those of the e2e suites; this pins
 * where they come from.
 */

class ArticlesController {
  show(): string {
    return 'article';
  }
}

const LAST_MODIFIED = new Date(Date.UTC(2025, 0, 1));

function guardFor(
  plan: Partial<RoutePlan>,
  configure: (registry: ConditionalRouteRegistry) => void = () => {},
): ConditionalGuard {
  const adapterHost = {
    httpAdapter: { getType: () => 'fastify', getInstance: () => ({}) },
  } as unknown as HttpAdapterHost;
  const registry = new ConditionalRouteRegistry(adapterHost);
  registry.register(ArticlesController, ArticlesController.prototype.show, {
    route: 'ArticlesController.show',
    requirePrecondition: false,
    validatorTimeout: undefined,
    notModifiedHeaders: [],
    validates: true,
    renderedKinds: 0,
    ...plan,
  });
  configure(registry);
  return new ConditionalGuard(registry);
}

function contextOf(method: string, headers: Record<string, string>): ExecutionContextHost {
  const request = { method, headers };
  const reply = { request, raw: {}, getHeader: () => undefined, header: () => reply };
  const context = new ExecutionContextHost(
    [request, reply, undefined],
    ArticlesController,
    ArticlesController.prototype.show,
  );
  context.setType('http');
  return context;
}

/** The guard's decision, called as canActivate() calls it. */
function verdictOf(guard: ConditionalGuard, context: ExecutionContextHost): unknown {
  return (guard as unknown as { verdictOn(context: ExecutionContextHost): unknown }).verdictOn(context);
}

describe('ConditionalGuard: the decision returns the answer that stops a request, canActivate() rejects with it', () => {
  const cheap = { etag: () => '"v1"', lastModified: () => LAST_MODIFIED };
  const stopping: Array<[string, Partial<RoutePlan>, string, Record<string, string>, Function]> = [
    ['a 304', cheap, 'GET', { 'if-none-match': '"v1"' }, NotModifiedException],
    ['a 412', cheap, 'PUT', { 'if-match': '"v0"' }, PreconditionFailedException],
    ['a 428 before the validators', { ...cheap, requirePrecondition: true }, 'PUT', {}, PreconditionRequiredException],
    [
      'a 428 once the validators say there is no Last-Modified',
      { etag: () => '"v1"', lastModified: () => undefined, requirePrecondition: true },
      'PUT',
      { 'if-unmodified-since': 'Wed, 01 Jan 2025 00:00:00 GMT' },
      PreconditionRequiredException,
    ],
  ];

  it.each(stopping)('%s is returned by the decision, not thrown', (_answer, plan, method, headers, answer) => {
    const verdict = verdictOf(guardFor(plan), contextOf(method, headers));
    expect(verdict).toBeInstanceOf(answer);
  });

  it.each(stopping)(
    '%s is the rejection of what canActivate() returns, a microtask after it returns',
    async (_answer, plan, method, headers, answer) => {
      const stopped = guardFor(plan).canActivate(contextOf(method, headers));
      expect(stopped).toBeInstanceOf(Promise);
      // Handled at once, as Nest's await handles it: a promise rejected already would run its
      // handler before a microtask queued after it.
      const order: string[] = [];
      const handled = (stopped as Promise<boolean>).then(undefined, (reason: unknown) => {
        order.push('rejected');
        return reason;
      });
      void Promise.resolve().then(() => order.push('a microtask queued after'));
      expect(await handled).toBeInstanceOf(answer);
      expect(order).toEqual(['a microtask queued after', 'rejected']);
    },
  );

  it('an asynchronous validator: the answer is the rejection of what canActivate() returns', async () => {
    const guard = guardFor({ etag: async () => '"v1"', lastModified: async () => LAST_MODIFIED });
    await expect(guard.canActivate(contextOf('GET', { 'if-none-match': '"v1"' }))).rejects.toBeInstanceOf(
      NotModifiedException,
    );
    await expect(guard.canActivate(contextOf('PUT', { 'if-match': '"v0"' }))).rejects.toBeInstanceOf(
      PreconditionFailedException,
    );
  });

  it('a request that goes on: canActivate() returns true, synchronously or not', async () => {
    expect(guardFor(cheap).canActivate(contextOf('PUT', { 'if-match': '"v1"' }))).toBe(true);
    const guard = guardFor({ etag: async () => '"v1"', lastModified: async () => LAST_MODIFIED });
    await expect(guard.canActivate(contextOf('PUT', { 'if-match': '"v1"' }))).resolves.toBe(true);
  });

  it("a validator's own error is thrown as it is, from wherever it is raised", () => {
    const guard = guardFor({
      etag: () => {
        throw new RangeError('the version column is gone');
      },
    });
    expect(() => guard.canActivate(contextOf('GET', {}))).toThrow(RangeError);
  });
});

/** Whether a promise is still pending once everything already queued has run. */
async function isPending(promise: unknown): Promise<boolean> {
  const pending = Symbol('pending');
  const settled = await Promise.race([promise, new Promise((resolve) => setImmediate(resolve, pending))]);
  return settled === pending;
}

describe("ConditionalGuard with earlyNotModified: 'direct': the 304 is written by the guard, the request held", () => {
  const cheap = { etag: () => '"v1"', lastModified: () => LAST_MODIFIED };
  const written: unknown[][] = [];
  function directGuardFor(plan: Partial<RoutePlan>): ConditionalGuard {
    return guardFor(plan, (registry) => {
      registry.answersNotModifiedDirectly = true;
      jest.spyOn(registry.platform, 'sendNotModified').mockImplementation((...args) => void written.push(args));
    });
  }
  beforeEach(() => (written.length = 0));

  it('a 304: canActivate() writes it and returns a promise that never settles', async () => {
    const context = contextOf('GET', { 'if-none-match': '"v1"' });
    const held = directGuardFor(cheap).canActivate(context);
    expect(held).toBeInstanceOf(Promise);
    expect(written).toHaveLength(1);
    const [reply, fields] = written[0];
    expect(reply).toBe(context.getArgByIndex(1));
    // Named as Fastify spells its fields (the platform of guardFor's app): in lower case.
    expect(fields).toContainEqual(['etag', '"v1"']);
    expect(await isPending(held)).toBe(true);
  });

  it('a 304 after an asynchronous validator: written once the validators settle, the request held', async () => {
    const guard = directGuardFor({ etag: async () => '"v1"', lastModified: async () => LAST_MODIFIED });
    const held = guard.canActivate(contextOf('GET', { 'if-none-match': '"v1"' }));
    expect(await isPending(held)).toBe(true);
    expect(written).toHaveLength(1);
  });

  it('a 412 or 428 is still a rejection, so that it goes through the exception filters', async () => {
    await expect(directGuardFor(cheap).canActivate(contextOf('PUT', { 'if-match': '"v0"' }))).rejects.toBeInstanceOf(
      PreconditionFailedException,
    );
    await expect(
      directGuardFor({ ...cheap, requirePrecondition: true }).canActivate(contextOf('PUT', {})),
    ).rejects.toBeInstanceOf(PreconditionRequiredException);
    const guard = directGuardFor({ etag: async () => '"v1"' });
    await expect(guard.canActivate(contextOf('PUT', { 'if-match': '"v0"' }))).rejects.toBeInstanceOf(
      PreconditionFailedException,
    );
    expect(written).toEqual([]);
  });
});
