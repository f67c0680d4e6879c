import { Controller, Delete, Get, Put } from '@nestjs/common';
import { CacheControl, ConditionalModule, ETag, LastModified, NeverCache, Vary } from '../../src';
import { initApp } from './support/init-app';

const bootstrap = initApp;

describe('validators from the response and cache decorators refuse bad arguments when the class is defined', () => {
  it.each<[string, () => unknown, string]>([
    ['@ETag({ weak: true })', () => ETag({ weak: true } as never), '@ETag(): unknown option weak'],
    [
      '@ETag({ strong: "yes" })',
      () => ETag({ strong: 'yes' } as never),
      '@ETag(): strong must be a boolean, got string',
    ],
    ['@ETag(null)', () => ETag(null as never), 'the etag validator must be a function'],
    [
      '@LastModified({ field: "" })',
      () => LastModified({ field: '' }),
      '@LastModified(): field must be a property name',
    ],
    [
      '@LastModified({ listKeys: "items" })',
      () => LastModified({ listKeys: 'items' as never }),
      'listKeys must be an array',
    ],
    ['@LastModified({ listKeys: [""] })', () => LastModified({ listKeys: [''] }), 'listKeys must be an array'],
    [
      '@LastModified({ fields: "x" })',
      () => LastModified({ fields: 'x' } as never),
      '@LastModified(): unknown option fields',
    ],
    [
      '@CacheControl({ maxAge: -5 })',
      () => CacheControl({ maxAge: -5 }),
      '@CacheControl(): maxAge must be a whole number',
    ],
    [
      '@CacheControl({ public, private })',
      () => CacheControl({ public: true, private: true }),
      'either public or private',
    ],
    ['@Vary()', () => Vary(), '@Vary(): give at least one header name'],
    [
      '@ETag({ strong }, routeOptions)',
      () => (ETag as any)({ strong: true }, { requirePrecondition: true }),
      '@ETag(): without a validator it takes its own options only',
    ],
    [
      '@LastModified(undefined, routeOptions)',
      () => (LastModified as any)(undefined, { validatorTimeout: 5 }),
      '@LastModified(): without a validator',
    ],
    ['@Vary("Accept Language")', () => Vary('Accept Language'), '"Accept Language" is not a header name'],
    // Refused values are shown with every control character escaped, DEL and C1 included.
    ['@Vary("Accept\\x7f")', () => Vary('Accept\x7f'), '@Vary(): "Accept\\u007f" is not a header name'],
    ['@ETag({ "we\\x7fak": true })', () => ETag({ 'we\x7fak': true } as never), '@ETag(): unknown option we\\u007fak'],
    [
      '@LastModified({ field: 5 })',
      () => LastModified({ field: 5 as never }),
      '@LastModified(): field must be a property name, got 5',
    ],
    [
      '@CacheControl({ "max\\x7fage": 5 })',
      () => CacheControl({ 'max\x7fage': 5 } as never),
      '@CacheControl(): unknown directive option max\\u007fage',
    ],
    [
      '@CacheControl({ maxAge: "30\\x9b" })',
      () => CacheControl({ maxAge: '30\x9b' as never }),
      'maxAge must be a whole number of seconds from 0 to 2^31-1, got "30\\u009b"',
    ],
  ])('%s', (_name, decorate, message) => {
    expect(decorate).toThrow(TypeError);
    expect(decorate).toThrow(message);
  });

  it('@CacheControl and @NeverCache on one method: refused, naming the method', () => {
    expect(() => {
      class Both {
        @Get()
        @NeverCache()
        @CacheControl({ maxAge: 5 })
        find() {}
      }
      return Both;
    }).toThrow('Both.find declares cache fields (@CacheControl or @NeverCache) twice');
  });

  it('conditionalGet must be true, false or { strong }', async () => {
    await expect(bootstrap([ConditionalModule.forRoot({ conditionalGet: 'yes' as never })], [])).rejects.toThrow(
      'ConditionalModule: conditionalGet must be true, false or { strong: boolean }',
    );
    await expect(
      bootstrap([ConditionalModule.forRoot({ conditionalGet: { strong: 1 } as never })], []),
    ).rejects.toThrow('conditionalGet must be true');
    await expect(
      bootstrap([ConditionalModule.forRoot({ conditionalGet: { weak: true } as never })], []),
    ).rejects.toThrow('conditionalGet must be true');
    const app = await bootstrap([ConditionalModule.forRoot({ conditionalGet: false })], []);
    await app.close();
  });
});

describe('validators from the response describe GET/HEAD responses only', () => {
  it.each<[string, () => unknown]>([
    [
      '@ETag() on a PUT',
      () => {
        @Controller('w')
        class WritesController {
          @Put()
          @ETag()
          put() {}
        }
        return WritesController;
      },
    ],
    [
      '@LastModified() on a DELETE',
      () => {
        @Controller('w')
        class WritesController {
          @Delete()
          @LastModified()
          remove() {}
        }
        return WritesController;
      },
    ],
  ])('%s fails the start, naming the route and what to do', async (_name, define) => {
    await expect(bootstrap([ConditionalModule.forRoot()], [define()])).rejects.toThrow(
      /WritesController\.(put|remove) is a (PUT|DELETE) route; @ETag\(\) and @LastModified\(\) without a validator describe a GET\/HEAD response/,
    );
  });
});
