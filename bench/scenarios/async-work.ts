import { Controller, Get, Module } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Condition, ConditionalModule } from 'nestjs-conditional';
import { CHEAP_CONDITION } from './validators';

/**
 * Scenario C2: a handler that awaits 1 ms, standing for a database round trip, with and
 * without `@Condition`; both apps import the module so that only the decorator differs.
 */

const DONE = { done: true };

@Controller()
class UndecoratedController {
  @Get()
  async get() {
    await sleep(1);
    return DONE;
  }
}

@Controller()
class DecoratedController {
  @Get()
  @Condition(CHEAP_CONDITION)
  async get() {
    await sleep(1);
    return DONE;
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [UndecoratedController] })
export class AsyncUndecoratedModule {}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [DecoratedController] })
export class AsyncDecoratedModule {}
