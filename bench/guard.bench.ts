import { Controller, Get, HttpException, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Condition, ConditionalGuard, ConditionalModule } from 'nestjs-conditional';
import type { MicroCase } from './core.bench';
import { CHEAP_CONDITION, CURRENT_ETAG } from './scenarios/validators';

/*
 * The guard's answer to F's request, alone: canActivate() on a context as Nest makes one per
 * request, in this process, optimized as a server's would be, beside a guard that makes the
 * same answer and does nothing else. Both answer as the library's guard does, with a promise
 * that rejects a microtask later, and each call handles it at once, as Nest's await does; the
 * rejection itself runs outside the timed call, for both. A route's guard is optimized only if
 * it returns or loops often enough (the decision used to throw every 304 itself, and stayed
 * interpreted): these two rows show that where the scenarios' req/s, on a machine this noisy,
 * cannot.
 */

@Controller()
class RevalidatedController {
  @Get()
  @Condition(CHEAP_CONDITION)
  get(): string {
    return 'never rendered: every request is answered 304';
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [RevalidatedController] })
class RevalidatedModule {}

/** The request every call sends: F's (a browser's headers, and the current ETag in If-None-Match). */
const REQUEST = {
  method: 'GET',
  headers: {
    host: 'api.example.com',
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    connection: 'keep-alive',
    'if-none-match': CURRENT_ETAG,
  },
};

function contextFor(reply: object): ExecutionContextHost {
  const handler = RevalidatedController.prototype.get;
  const context = new ExecutionContextHost([REQUEST, reply, undefined], RevalidatedController, handler);
  context.setType('http');
  return context;
}

/** What a call returns when the guard's answer is a promise, handled at once. */
const HANDLED_PROMISE = 'a promise, handled';
const ignore = (): undefined => undefined;

function answerHandled(canActivate: (context: ExecutionContextHost) => unknown, reply: object): unknown {
  const answer = canActivate(contextFor(reply));
  if (!(answer instanceof Promise)) return answer;
  answer.then(undefined, ignore);
  return HANDLED_PROMISE;
}

/** The status `canActivate`'s answer stops the request with, checked once before the cases are timed. */
async function statusOf(canActivate: (context: ExecutionContextHost) => unknown, reply: object): Promise<unknown> {
  try {
    return await canActivate(contextFor(reply));
  } catch (error) {
    return (error as HttpException).getStatus();
  }
}

/** The two cases, on a Nest app with Fastify that is initialised but never listens; `close` ends it. */
export async function guardCases(): Promise<{ cases: MicroCase[]; close: () => Promise<void> }> {
  const adapter = new FastifyAdapter();
  const app = await NestFactory.create(RevalidatedModule, adapter, { logger: false });
  await app.init();
  const guard = app.get(ConditionalGuard);
  const reply = {};
  const floor = new HttpException('Not Modified', 304);
  // As src/request/rejected-later.ts makes the guard's answer.
  const rejectOnly = () =>
    Promise.resolve<never>({
      then: (_resolve: unknown, reject: (reason: unknown) => void) => reject(floor),
    } as PromiseLike<never>);
  const canActivate = (context: ExecutionContextHost) => guard.canActivate(context);
  for (const [name, candidate] of [
    ["ConditionalGuard: F's 304", canActivate],
    ['the floor', rejectOnly],
  ] as const) {
    const status = await statusOf(candidate, reply);
    if (status !== 304) throw new Error(`micro-benchmark: ${name} answered ${String(status)}, expected 304`);
  }
  return {
    cases: [
      {
        name: "ConditionalGuard: F's 304 (canActivate)",
        batch: 100,
        call: () => answerHandled(canActivate, reply),
        expect: HANDLED_PROMISE,
      },
      {
        name: 'a guard that only rejects with a 304 a microtask later (its floor)',
        batch: 100,
        call: () => answerHandled(rejectOnly, reply),
        expect: HANDLED_PROMISE,
      },
    ],
    close: () => app.close(),
  };
}
