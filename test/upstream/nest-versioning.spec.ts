import { Controller, Get, INestApplication, Module, VersioningOptions, VersioningType } from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ConditionalModule, ETag } from '../../src';
import { ConditionalRouteWiring } from '../../src/pipeline/conditional-route-wiring';
import { versionSelectingHeader } from '../../src/pipeline/version-header';
import { versioningOf } from '../../src/upstream/nest';

/*
 * What the library assumes about Nest beyond its documented API, each in one test named for
 * the assumption and for the file that relies on it: when Nest changes, this is what fails.
 */

@Controller('x')
class VersionedController {
  @Get()
  @ETag(() => '"x"')
  read() {
    return {};
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [VersionedController] })
class VersionedModule {}

const HEADER_VERSIONING: VersioningOptions = { type: VersioningType.HEADER, header: 'X-API-Version' };

describe.each([
  ['NestFactory.create()', () => NestFactory.create(VersionedModule, new ExpressAdapter(), { logger: false })],
  [
    'a testing module',
    async () =>
      (await Test.createTestingModule({ imports: [VersionedModule] }).compile()).createNestApplication(
        new ExpressAdapter(),
        { logger: false },
      ),
  ],
] as const)('Nest internals the library relies on, in an app made by %s', (_how, create) => {
  let app: INestApplication;
  beforeEach(async () => {
    app = await create();
  });
  afterEach(() => app.close());

  it(
    "src/upstream/nest.ts (assumption 4): every module provides the app's ApplicationConfig, " +
      'and enableVersioning() keeps its options there for getVersioning()',
    () => {
      app.enableVersioning(HEADER_VERSIONING);
      // What the wiring was given, injected in the library's own module.
      const config = app.get(ConditionalRouteWiring, { strict: false })['appConfig'];
      expect(config).toBeInstanceOf(ApplicationConfig);
      expect(typeof config?.getVersioning).toBe('function');
      expect(versioningOf(config)).toEqual(HEADER_VERSIONING);
    },
  );
});

describe('versionSelectingHeader', () => {
  it.each([
    [undefined, undefined],
    [{ type: VersioningType.URI }, undefined],
    [{ type: VersioningType.URI, prefix: 'version' }, undefined],
    [{ type: VersioningType.HEADER, header: 'X-API-Version' }, 'X-API-Version'],
    [{ type: VersioningType.HEADER, header: 'not a header' }, undefined],
    [{ type: VersioningType.MEDIA_TYPE, key: 'v=' }, 'Accept'],
    [{ type: VersioningType.CUSTOM, extractor: () => '1' }, undefined],
  ] as Array<[VersioningOptions | undefined, string | undefined]>)('%j: %s', (options, expected) => {
    expect(versionSelectingHeader(options)).toBe(expected);
  });

  it('is undefined when the app has no ApplicationConfig to read', () => {
    expect(versioningOf(undefined)).toBeUndefined();
    expect(versioningOf({} as ApplicationConfig)).toBeUndefined();
  });
});
