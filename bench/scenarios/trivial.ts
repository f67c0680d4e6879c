import { Controller, Get, Module } from '@nestjs/common';
import { Condition, ConditionalModule } from 'nestjs-conditional';
import { CHEAP_CONDITION } from './validators';

/** Scenarios A, B and C: the same tiny JSON route, so any difference is the library's. */

const GREETING = { hello: 'world' };

@Controller()
class PlainController {
  @Get()
  get() {
    return GREETING;
  }
}

@Controller()
class ConditionalController {
  @Get()
  @Condition(CHEAP_CONDITION)
  get() {
    return GREETING;
  }
}

/** A: the baseline, the library not even loaded into the app. */
@Module({ controllers: [PlainController] })
export class WithoutLibraryModule {}

/** B: the module imported, the route untouched: what the library costs routes that do not use it. */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [PlainController] })
export class UndecoratedModule {}

/** C: the decorated route on its 200 path (the client sends no conditional header). */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [ConditionalController] })
export class DecoratedModule {}
