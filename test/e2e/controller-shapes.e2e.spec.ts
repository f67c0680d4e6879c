import { Controller, Get, MessageEvent, Module, Param, Put, Sse } from '@nestjs/common';
import { Observable, of } from 'rxjs';
import { Condition, ConditionalModule, ETag } from '../../src';
import { calls } from './fixtures/call-log';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, useApp } from './support/platforms';

/** Routes written once in a base class, shared by controllers with different class-level validators. */
abstract class VersionedResource {
  @Get(':id')
  find(@Param('id') id: string) {
    calls.record(`handler:${this.constructor.name}.find`);
    return { id };
  }

  @Put(':id')
  replace(@Param('id') id: string) {
    calls.record(`handler:${this.constructor.name}.replace`);
    return { id, replaced: true };
  }
}

@Controller('books')
@Condition({ etag: () => 'book-v1', requirePrecondition: true })
class BooksController extends VersionedResource {}

@Controller('films')
@ETag(() => 'film-v1')
class FilmsController extends VersionedResource {}

/** The TypeScript handbook's mixin helper: it copies every property, `constructor` included. */
function applyMixins(target: Function, sources: Function[]): void {
  for (const source of sources) {
    for (const name of Object.getOwnPropertyNames(source.prototype)) {
      Object.defineProperty(target.prototype, name, Object.getOwnPropertyDescriptor(source.prototype, name)!);
    }
  }
}

class Searchable {
  @Get('search/:term')
  @ETag(() => 'search-v1', { requirePrecondition: true })
  search(@Param('term') term: string) {
    calls.record('handler:search');
    return { term };
  }
}

@Controller('mixed')
class MixedController {}
applyMixins(MixedController, [Searchable]);

@Module({
  imports: [ConditionalModule.forRoot()],
  controllers: [BooksController, FilmsController, MixedController],
})
class ShapesModule {}

describe.each(PLATFORMS)('controller shapes on $platform', (platform) => {
  const client = useApp(platform, ShapesModule);
  beforeEach(() => calls.reset());

  it('an inherited handler gets each subclass its own class-level validators', async () => {
    expectBodilessNotModified(await client().get('/books/1').set('If-None-Match', '"book-v1"'));
    expectBodilessNotModified(await client().get('/films/1').set('If-None-Match', '"film-v1"'));
    const crossed = await client().get('/films/1').set('If-None-Match', '"book-v1"');
    expect(crossed.status).toBe(200);
    expect(crossed.headers.etag).toBe('"film-v1"');
    expect(calls.count('handler:FilmsController.find')).toBe(1);
    expect(calls.count('handler:BooksController.find')).toBe(0);
  });

  it('and its own options: 428 on books, not on films', async () => {
    await client().put('/books/1').expect(428);
    await client().put('/films/1').expect(200);
    expect(calls.count('handler:BooksController.replace')).toBe(0);
  });

  it('a mixin whose constructor differs from the controller class is still conditional', async () => {
    expectBodilessNotModified(await client().get('/mixed/search/x').set('If-None-Match', '"search-v1"'));
    expect(calls.count('handler:search')).toBe(0);
    const fresh = await client().get('/mixed/search/x');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.etag).toBe('"search-v1"');
  });
});

@Controller('events')
@ETag(() => 'stream-v1')
class EventsController {
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    calls.record('handler:stream');
    return of({ data: 'hello' } as MessageEvent);
  }

  @Get('snapshot')
  snapshot() {
    return { snapshot: true };
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [EventsController] })
class EventsModule {}

describe.each(PLATFORMS)('an @Sse() route under class-level validators on $platform', (platform) => {
  const client = useApp(platform, EventsModule);

  it('is left alone: no 304, no ETag, the stream runs', async () => {
    const response = await client().get('/events/stream').set('If-None-Match', '"stream-v1"');
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeUndefined();
    expect(response.text).toContain('data: hello');
  });

  it('while the other routes of the class are conditional', async () => {
    expectBodilessNotModified(await client().get('/events/snapshot').set('If-None-Match', '"stream-v1"'));
  });
});
