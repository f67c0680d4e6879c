import { Controller, type ExecutionContext, Get, Injectable, Put, Sse } from '@nestjs/common';
import { of } from 'rxjs';
import {
  AddToETag,
  AddToLastModified,
  Condition,
  ConditionalModule,
  ETag,
  InvalidValidatorValueError,
  LastModified,
  ValidatorElements,
  combineEntityTags,
  formatHttpDate,
  toEntityTag,
} from '../../src';
import { callElements, composeETag, composeLastModified } from '../../src/pipeline/validator-elements';
import type { BoundValidator } from '../../src/request/route-plan';
import { initApp } from './support/init-app';

/**
 * Validators made of elements, without a server: how the elements are composed and called,
 * what is refused when the class is defined, and what fails the start.
 */

const context = {} as ExecutionContext;
const tagOf = (...values: string[]) => combineEntityTags(values.map(toEntityTag))!.value;
const later = <T>(value: T, ms = 5) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

const bootstrap = initApp;

describe('composeETag', () => {
  it('one element, nothing added, no representation version: the validator itself, called as before', () => {
    const only: BoundValidator = () => '"v1"';
    expect(composeETag('R.get', [only], [], undefined)).toBe(only);
    expect(composeETag('R.get', [], [() => 'user'], 'x')).toBeUndefined();
  });

  it('one element and a representation version: the element mixed with it', () => {
    const etag = composeETag('R.get', [() => 'v1'], [], '2.0.0')!;
    expect(etag({}, context)).toBe(combineEntityTags([toEntityTag('v1')], '2.0.0')!.value);
  });

  it('combines synchronous elements synchronously, own ones first, an absent one counted where it stands', () => {
    const etag = composeETag('R.get', [() => 'v1', () => null], [() => undefined, () => 'u'], undefined)!;
    const expected = combineEntityTags([toEntityTag('v1'), undefined, undefined, toEntityTag('u')])!.value;
    expect(etag({}, context)).toBe(expected);
    expect(expected).not.toBe(tagOf('v1', 'u'));
  });

  it('without its first own element (the resource), no ETag, whatever the other own elements return', () => {
    expect(composeETag('R.get', [() => null, () => 'fr'], [], undefined)!({}, context)).toBeUndefined();
  });

  it('none of its own returns a tag: no ETag, whatever the added elements return', async () => {
    expect(composeETag('R.get', [() => null], [() => 'u'], 'x')!({}, context)).toBeUndefined();
    await expect(composeETag('R.get', [async () => undefined], [() => 'u'], undefined)!({}, context)).resolves.toBe(
      undefined,
    );
  });

  it('calls every element before any asynchronous one settles (concurrently), and keeps their order', async () => {
    const started: string[] = [];
    const element = (name: string, ms: number) => () => {
      started.push(name);
      return later(name, ms);
    };
    const etag = composeETag('R.get', [element('a', 20), element('b', 1)], [element('c', 10)], undefined)!;
    const pending = etag({}, context);
    expect(started).toEqual(['a', 'b', 'c']);
    await expect(pending).resolves.toBe(tagOf('a', 'b', 'c'));
  });

  it.each<[string, BoundValidator[], BoundValidator[], string]>([
    ['an own element of several', [() => 'v1', () => 'has space'], [], 'R.get: element 2 of 2 of the etag validator'],
    ['the single own element', [() => 'bad"quote'], [() => 'u'], 'R.get: the etag validator'],
    ['an added element', [() => 'v1'], [() => 'ok', () => 5 as never], 'R.get: element 2 of 2 of @AddToETag()'],
  ])(
    'a value that cannot be sent, from %s, is refused naming the route and the element',
    (_case, own, added, where) => {
      const etag = composeETag('R.get', own, added, undefined)!;
      expect(() => etag({}, context)).toThrow(InvalidValidatorValueError);
      expect(() => etag({}, context)).toThrow(`${where} returned a value that cannot be sent: `);
    },
  );

  it('an element that throws while another has returned a promise: the error goes on, the promise is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const failing = new Error('validator down');
      const etag = composeETag(
        'R.get',
        [() => Promise.reject(new Error('rejected too'))],
        [
          () => {
            throw failing;
          },
        ],
        undefined,
      )!;
      expect(() => etag({}, context)).toThrow(failing);
      await later(undefined, 20);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('callElements passes the request and the context to every element', () => {
    const seen: unknown[] = [];
    const request = { id: 1 };
    callElements([(r, c) => seen.push([r, c]), (r, c) => seen.push([r, c])], request, context);
    expect(seen).toEqual([
      [request, context],
      [request, context],
    ]);
  });
});

describe('composeLastModified', () => {
  const jan = (day: number) => Date.UTC(2026, 0, day);

  it('one element, nothing added, no earliest time: the validator itself', () => {
    const only: BoundValidator = () => jan(1);
    expect(composeLastModified('R.get', [only], [], undefined)).toBe(only);
    expect(composeLastModified('R.get', [], [() => jan(1)], undefined)).toBeUndefined();
  });

  it('without its first own element (the resource), no Last-Modified', () => {
    expect(composeLastModified('R.get', [() => undefined, () => jan(2)], [], undefined)!({}, context)).toBeUndefined();
  });

  it('the newest of own and added elements, raised to the earliest time', async () => {
    expect(
      composeLastModified('R.get', [() => jan(3), () => new Date(jan(5))], [() => jan(4)], undefined)!({}, context),
    ).toBe(jan(5));
    expect(composeLastModified('R.get', [() => jan(3)], [], jan(9))!({}, context)).toBe(jan(9));
    await expect(
      composeLastModified('R.get', [async () => jan(3)], [() => jan(4)], undefined)!({}, context),
    ).resolves.toBe(jan(4));
  });

  it('none of its own returns a time: no Last-Modified, whatever is added', () => {
    expect(
      composeLastModified('R.get', [() => null, () => undefined], [() => jan(4)], jan(1))!({}, context),
    ).toBeUndefined();
    expect(composeLastModified('R.get', [() => null], [], jan(1))!({}, context)).toBeUndefined();
  });

  it.each<[string, BoundValidator[], BoundValidator[], string]>([
    [
      'an own element of several',
      [() => jan(1), () => 'yesterday'],
      [],
      'R.get: element 2 of 2 of the lastModified validator',
    ],
    ['the single own element', [() => Number.NaN], [() => jan(1)], 'R.get: the lastModified validator'],
    ['an added element', [() => jan(1)], [() => 'soon'], 'R.get: element 1 of 1 of @AddToLastModified()'],
  ])('a value that is not a time, from %s, is refused naming the route and the element', (_case, own, added, where) => {
    const lastModified = composeLastModified('R.get', own, added, undefined)!;
    expect(() => lastModified({}, context)).toThrow(`${where} returned a value that cannot be sent: `);
  });
});

describe('element lists and added elements are checked when the class is defined', () => {
  it.each<[string, () => unknown, string]>([
    ['@ETag([])', () => ETag([]), '@ETag(): the list of etag elements is empty; give at least one element'],
    [
      '@ETag([fn, 5])',
      () => ETag([() => 'a', 5 as never]),
      '@ETag(), element 2 of 2: the etag validator must be a function',
    ],
    [
      '@LastModified([class without lastModified()])',
      () => LastModified([class NotAValidator {} as never]),
      '@LastModified(), element 1 of 1: the class NotAValidator has no lastModified() method',
    ],
    ['@Condition({ etag: [] })', () => Condition({ etag: [] }), '@Condition(): the list of etag elements is empty'],
    ['@AddToETag()', () => AddToETag(), '@AddToETag(): the list of etag elements is empty'],
    [
      '@AddToLastModified("x")',
      () => AddToLastModified('x' as never),
      '@AddToLastModified(), element 1 of 1: the lastModified validator must be a function',
    ],
  ])('%s', (_name, decorate, message) => {
    expect(decorate).toThrow(TypeError);
    expect(decorate).toThrow(message);
  });

  it('an element list is copied: changing the array afterwards changes nothing', async () => {
    const elements = [() => 'v1'];
    @Controller('copied')
    class CopiedController {
      @Get()
      @ETag(elements)
      find() {
        return 'ok';
      }
    }
    elements.push(() => 'more');
    const app = await bootstrap([ConditionalModule.forRoot()], [CopiedController]);
    try {
      await app.listen(0, '127.0.0.1');
      const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/copied`);
      expect(response.headers.get('etag')).toBe('"v1"');
    } finally {
      await app.close();
    }
  });

  it('two @AddToETag() on one class: refused, naming it', () => {
    expect(() => {
      @AddToETag(() => 'a')
      @AddToETag(() => 'b')
      class Twice {}
      return Twice;
    }).toThrow('nestjs-conditional: Twice declares @AddToETag() twice; keep one decorator for it');
  });
});

describe('added elements qualify a validator the route has: the start fails where they would do nothing', () => {
  it.each<[string, () => Function, string]>([
    [
      '@AddToETag() on a method without an ETag validator',
      () => {
        @Controller('a')
        class AController {
          @Get()
          @LastModified(() => 0)
          @AddToETag(() => 'u')
          find() {}
        }
        return AController;
      },
      'nestjs-conditional: AController.find has @AddToETag(), but it has no ETag validator of its own (added elements qualify a validator, they never make one).',
    ],
    [
      '@AddToETag() on a method whose ETag comes from the body',
      () => {
        @Controller('b')
        class BController {
          @Get()
          @ETag()
          @AddToETag(() => 'u')
          find() {}
        }
        return BController;
      },
      'nestjs-conditional: BController.find has @AddToETag(), but its ETag comes from the response, which already changes with everything the response shows.',
    ],
    [
      '@AddToLastModified() on a method whose Last-Modified is read from the result',
      () => {
        @Controller('c')
        class CController {
          @Get()
          @LastModified()
          @AddToLastModified(() => 0)
          find() {}
        }
        return CController;
      },
      'nestjs-conditional: CController.find has @AddToLastModified(), but its Last-Modified comes from the response',
    ],
    [
      '@AddToETag() on a method with no validator at all',
      () => {
        @Controller('d')
        class DController {
          @Get()
          @AddToETag(() => 'u')
          find() {}
        }
        return DController;
      },
      'nestjs-conditional: DController.find has @AddToETag(), but no validator to add to',
    ],
    [
      '@AddToLastModified() on a write with no validator at all',
      () => {
        @Controller('e')
        class EController {
          @Put()
          @AddToLastModified(() => 0)
          put() {}
        }
        return EController;
      },
      'nestjs-conditional: EController.put has @AddToLastModified(), but no validator to add to',
    ],
    [
      '@AddToETag() on an @Sse() route of a conditional controller',
      () => {
        @Controller('s')
        @ETag(() => 'v1')
        class SController {
          @Sse('events')
          @AddToETag(() => 'u')
          events() {
            return of();
          }
        }
        return SController;
      },
      'nestjs-conditional: SController.events is an @Sse() route; an event stream cannot be conditional.',
    ],
  ])('%s', async (_case, controller, message) => {
    await expect(bootstrap([ConditionalModule.forRoot()], [controller()])).rejects.toThrow(message);
  });

  it('on the class they skip such routes, and the start succeeds', async () => {
    @Controller('f')
    @AddToETag(() => 'u')
    @AddToLastModified(() => 0)
    class FController {
      @Get('body')
      @ETag()
      body() {}
      @Get('dates')
      @LastModified(() => 0)
      dates() {}
      @Get('plain')
      plain() {}
    }
    const app = await bootstrap([ConditionalModule.forRoot()], [FController]);
    await app.close();
  });

  it('an injectable element that is not a provider fails the start, naming the route', async () => {
    @Injectable()
    class Unprovided {
      etag() {
        return 'u';
      }
    }
    @Controller('g')
    @AddToETag(Unprovided)
    class GController {
      @Get()
      @ETag(() => 'v1')
      find() {}
    }
    await expect(bootstrap([ConditionalModule.forRoot()], [GController])).rejects.toThrow(
      'nestjs-conditional: Unprovided, an @AddToETag() element of GController.find, cannot be resolved',
    );
  });
});

describe('the module options of elements', () => {
  it.each<[string, object, string]>([
    [
      'an empty representationVersion',
      { representationVersion: '' },
      'ConditionalModule: representationVersion must be a non-empty string (a release, a commit), got ""',
    ],
    [
      'a number as representationVersion',
      { representationVersion: 7 },
      'representationVersion must be a non-empty string',
    ],
    [
      'an Invalid Date',
      { earliestLastModified: new Date('nope') },
      'ConditionalModule: earliestLastModified must be a valid Date or epoch milliseconds, got an Invalid Date',
    ],
    [
      'a string date',
      { earliestLastModified: '2026-01-01' },
      'earliestLastModified must be a valid Date or epoch milliseconds, got "2026-01-01"',
    ],
    [
      'a negative time',
      { earliestLastModified: -1 },
      'earliestLastModified must be a valid Date or epoch milliseconds, got -1',
    ],
  ])('refuses %s', async (_case, options, message) => {
    await expect(bootstrap([ConditionalModule.forRoot(options as never)], [])).rejects.toThrow(message);
  });
});

describe('ValidatorElements', () => {
  async function elements(options: object) {
    const app = await bootstrap([ConditionalModule.forRoot(options)], []);
    const service = app.get(ValidatorElements);
    await app.close();
    return service;
  }

  it('makes the ETag a route makes from the same elements, with the representation version', async () => {
    const service = await elements({ representationVersion: '3.1.0' });
    expect(service.etag('"v7"', 'user-a')).toBe(combineEntityTags(['"v7"', 'user-a'].map(toEntityTag), '3.1.0')!.value);
    expect(service.etag('"v7"', null, 'user-a')).toBe(
      combineEntityTags([toEntityTag('"v7"'), undefined, toEntityTag('user-a')], '3.1.0')!.value,
    );
    expect(service.etag(undefined, 'user-a')).toBeUndefined();
    expect(() => service.etag('bad tag')).toThrow(InvalidValidatorValueError);
  });

  it('without options: one element is that element', async () => {
    const service = await elements({});
    expect(service.etag('"v7"')).toBe('"v7"');
    expect(service.etag('W/"a"', '"b"')).toBe(tagOf('W/"a"', 'b'));
  });

  it('an earliest Last-Modified with milliseconds is taken in whole seconds', async () => {
    const service = await elements({ earliestLastModified: new Date(Date.UTC(2026, 0, 15, 8, 0, 0, 456)) });
    expect(service.lastModified(Date.UTC(2026, 0, 1))!.getTime()).toBe(Date.UTC(2026, 0, 15, 8));
  });

  it('makes the Last-Modified a route makes: the newest, raised to the earliest time, whole seconds', async () => {
    const service = await elements({ earliestLastModified: Date.UTC(2026, 0, 15) });
    expect(service.lastModified(Date.UTC(2026, 0, 1), null)).toEqual(new Date(Date.UTC(2026, 0, 15)));
    expect(formatHttpDate(service.lastModified(new Date(Date.UTC(2026, 0, 20, 1, 2, 3, 456)))!.getTime())).toBe(
      formatHttpDate(Date.UTC(2026, 0, 20, 1, 2, 3)),
    );
    expect(service.lastModified(Date.UTC(2026, 0, 20, 1, 2, 3, 456))!.getTime()).toBe(Date.UTC(2026, 0, 20, 1, 2, 3));
    expect(service.lastModified(null, Date.UTC(2026, 0, 20))).toBeUndefined();
  });
});
