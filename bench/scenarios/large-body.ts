import { Controller, Get, Module } from '@nestjs/common';
import { ConditionalModule, ETag } from 'nestjs-conditional';

/**
 * Scenarios L and LE: a 50 KB JSON body built once and serialized on every request, so what a
 * request costs is mostly the platform's send path and, in LE, the library's hash of the body.
 * LE answers a full 200 (no If-None-Match): the body is hashed and written, which H (a 304,
 * behind milliseconds of handler) cannot show.
 */
const BODY = {
  count: 250,
  records: Array.from({ length: 250 }, (_, i) => ({
    id: i + 1,
    title: `Entry number ${i + 1}`,
    author: `author-${i % 17}`,
    tags: ['alpha', 'beta', 'gamma'].slice(0, 1 + (i % 3)),
    updatedAt: new Date(Date.UTC(2025, 0, 1 + (i % 28))).toISOString(),
    digest: 'd'.repeat(64),
  })),
};

@Controller()
class LargeBodyController {
  @Get()
  get() {
    return BODY;
  }
}

@Controller()
class BodyETagLargeBodyController {
  @Get()
  @ETag()
  get() {
    return BODY;
  }
}

/** L: the body as the platform sends it (Express with its own body ETag, as in D). */
@Module({ controllers: [LargeBodyController] })
export class LargeBodyModule {}

/** LE: the same body, its ETag the library's `@ETag()` (Express's own switched off on the route). */
@Module({ imports: [ConditionalModule.forRoot()], controllers: [BodyETagLargeBodyController] })
export class BodyETagLargeBodyModule {}
