import { Controller, Get, Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Condition, ConditionalModule, ETag } from 'nestjs-conditional';
import { CHEAP_CONDITION } from './validators';

/**
 * Scenarios D, E, F and H: a handler worth avoiding. It renders 250 records (about 50 KB of
 * JSON) and hashes each one 8 times with SHA-256, a few milliseconds of real CPU work on
 * every call. The output is the same on every call, so a body-hashing ETag (Express's,
 * @fastify/etag's, the library's `@ETag()`) is stable and the client's If-None-Match keeps
 * matching.
 */

const RECORD_COUNT = 250;
const HASH_ROUNDS = 8;

const RECORDS = Array.from({ length: RECORD_COUNT }, (_, i) => ({
  id: i + 1,
  title: `Entry number ${i + 1}`,
  author: `author-${i % 17}`,
  tags: ['alpha', 'beta', 'gamma'].slice(0, 1 + (i % 3)),
  updatedAt: new Date(Date.UTC(2025, 0, 1 + (i % 28))).toISOString(),
}));

function digest(record: object): string {
  let value = JSON.stringify(record);
  for (let round = 0; round < HASH_ROUNDS; round++) value = createHash('sha256').update(value).digest('hex');
  return value;
}

function render() {
  return { count: RECORDS.length, records: RECORDS.map((record) => ({ ...record, digest: digest(record) })) };
}

@Controller()
class ExpensiveController {
  @Get()
  get() {
    return render();
  }
}

@Controller()
class ConditionalExpensiveController {
  @Get()
  @Condition(CHEAP_CONDITION)
  get() {
    return render();
  }
}

@Controller()
class BodyETagExpensiveController {
  @Get()
  @ETag()
  get() {
    return render();
  }
}

/** D, and E (E adds the platform's body ETag where it is not on by default: see server.ts). */
@Module({ controllers: [ExpensiveController] })
export class ExpensiveModule {}

/** F: the validators answer before `render()` is ever called. */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [ConditionalExpensiveController] })
export class ConditionalExpensiveModule {}

/** Fd: F with the early 304 written by the guard, no exception (`earlyNotModified: 'direct'`). */
@Module({
  imports: [ConditionalModule.forRoot({ earlyNotModified: 'direct' })],
  controllers: [ConditionalExpensiveController],
})
export class DirectConditionalExpensiveModule {}

/**
 * H: the library's own post-render 304, the same on both platforms with no plugin. It saves
 * the bytes, not `render()`: the handler runs, then the body is hashed (in place of Express's
 * own body ETag, which the library switches off on this route).
 */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [BodyETagExpensiveController] })
export class BodyETagExpensiveModule {}
