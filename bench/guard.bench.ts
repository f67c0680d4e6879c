import { Controller, Get, HttpException, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Condition, ConditionalGuard, ConditionalModule } from 'nestjs-conditional';
import type { MicroCase } from './core.bench';
import { CHEAP_CONDITION, CURRENT_ETAG } from './scenarios/validators';

/*
 * The guard's answer to F's request, alone: canActivate() on a context as Nest makes one per
 * request, in this process, optimized as a server's would be, beside a guard that throws
 * the same 304 and does nothing else. A route's guard is optimized only if it returns or
 * loops often enough (the decision used to throw every 304 itself, and stayed interpreted):
 * these two rows show that where the scenarios' req/s, on a machine this noisy, cannot.
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

function statusThrownBy(canActivate: (context: ExecutionContextHost) => unknown, reply: object): unknown {
  const handler = RevalidatedController.prototype.get;
  const context = new ExecutionContextHost([REQUEST, reply, undefined], RevalidatedController, handler);
  context.setType('http');
  try {
    return canActivate(context);
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
  const throwOnly = () => {
    throw floor;
  };
  return {
    cases: [
      {
        name: "ConditionalGuard: F's 304 (canActivate)",
        batch: 100,
        call: () => statusThrownBy((context) => guard.canActivate(context), reply),
        expect: 304,
      },
      {
        name: 'a guard that only throws a 304 (its floor)',
        batch: 100,
        call: () => statusThrownBy(throwOnly, reply),
        expect: 304,
      },
    ],
    close: () => app.close(),
  };
}
