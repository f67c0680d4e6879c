import { Controller, Get, Injectable, INestApplication, Module, Param, Put } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Condition, ConditionalModule, ConditionalModuleOptions, ETag } from '../../src';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, Platform } from './support/platforms';

const handled: string[] = [];

/** Validators from the feature module's own injector (the DI-friendly form). */
@Injectable()
class ReportValidators {
  etag(request: { params: { id: string } }): string {
    return `report-${request.params.id}`;
  }
}

/** A decorated controller in a module that does not import ConditionalModule. */
@Controller('reports')
class ReportsController {
  @Get(':id')
  @ETag((request: { params: { id: string } }) => `r${request.params.id}`)
  find(@Param('id') id: string) {
    handled.push('reports.find');
    return { id };
  }

  @Get(':id/di')
  @Condition(ReportValidators)
  findWithInjectedValidators(@Param('id') id: string) {
    handled.push('reports.findWithInjectedValidators');
    return { id };
  }

  @Put(':id')
  @ETag((request: { params: { id: string } }) => `r${request.params.id}`)
  replace(@Param('id') id: string) {
    handled.push('reports.replace');
    return { id };
  }

  @Get(':id/slow')
  @ETag(() => new Promise<string>((resolve) => setTimeout(() => resolve('slow'), 200)))
  slow(@Param('id') id: string) {
    handled.push('reports.slow');
    return { id };
  }
}

@Module({ controllers: [ReportsController], providers: [ReportValidators] })
class ReportsFeatureModule {}

/** A module nested one level deeper, still without ConditionalModule. */
@Module({ imports: [ReportsFeatureModule] })
class AdminModule {}

/** An options factory provided (and exported) by a config module, for `useExisting`. */
@Injectable()
class StrictConditionalOptions {
  created = 0;
  createConditionalOptions(): ConditionalModuleOptions {
    this.created++;
    return { requirePrecondition: true, validatorTimeout: 50 };
  }
}

@Module({ providers: [StrictConditionalOptions], exports: [StrictConditionalOptions] })
class ConfigModuleLike {}

async function start(platform: Platform, imports: unknown[]): Promise<INestApplication> {
  @Module({ imports: imports as never[] })
  class RootModule {}
  const moduleRef = await Test.createTestingModule({ imports: [RootModule] }).compile();
  const app = moduleRef.createNestApplication(platform.adapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

describe.each(PLATFORMS)('ConditionalModule scope ($platform)', (platform) => {
  let app: INestApplication | undefined;
  beforeEach(() => handled.splice(0));
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const client = () => request(app!.getHttpServer());

  describe('global by default: imported once in the root module, it serves the feature modules', () => {
    it.each([
      ['a feature module imported by the root', [ConditionalModule.forRoot(), ReportsFeatureModule]],
      ['a feature module imported by another feature module', [ConditionalModule.forRoot(), AdminModule]],
      [
        'the root importing ConditionalModule after the feature module',
        [ReportsFeatureModule, ConditionalModule.forRoot()],
      ],
      [
        'forRootAsync({ useFactory })',
        [ConditionalModule.forRootAsync({ useFactory: () => ({}) }), ReportsFeatureModule],
      ],
    ])('%s: the feature route answers 200 with its ETag, then 304 without the handler', async (_name, imports) => {
      app = await start(platform, imports);
      const first = await client().get('/reports/7');
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id: '7' });
      expect(first.headers.etag).toBe('"r7"');

      expectBodilessNotModified(await client().get('/reports/7').set('If-None-Match', '"r7"'));
      expect(handled).toEqual(['reports.find']);

      // Validator classes are resolved from the feature module's providers.
      expectBodilessNotModified(await client().get('/reports/7/di').set('If-None-Match', '"report-7"'));
      expect(handled).toEqual(['reports.find']);
      await client().put('/reports/7').set('If-Match', '"stale"').expect(412);
      expect(handled).toEqual(['reports.find']);
    });

    it('isGlobal: false, imported by the root only: the feature module cannot see it, and the start says so', async () => {
      await expect(
        start(platform, [ConditionalModule.forRoot({ isGlobal: false }), ReportsFeatureModule]),
      ).rejects.toThrow('need ConditionalModule.forRoot() (or forRootAsync()) in the imports of the root module');
    });
  });

  describe('forRootAsync({ imports, useExisting })', () => {
    it("applies the existing factory's options: requirePrecondition (428) and validatorTimeout", async () => {
      app = await start(platform, [
        ConditionalModule.forRootAsync({ imports: [ConfigModuleLike], useExisting: StrictConditionalOptions }),
        ReportsFeatureModule,
      ]);
      const bare = await client().put('/reports/7');
      expect(bare.status).toBe(428);
      expect(bare.body).toMatchObject({ statusCode: 428, error: 'Precondition Required' });
      expect(handled).toEqual([]);

      await client().put('/reports/7').set('If-Match', '"r7"').expect(200);
      expect(handled).toEqual(['reports.replace']);

      // The 200 ms validator is past the module-wide 50 ms validatorTimeout.
      await client().get('/reports/7/slow').expect(500);
      expect(handled).toEqual(['reports.replace']);
    });

    it("uses the config module's own instance of the factory, not a new one", async () => {
      app = await start(platform, [
        ConditionalModule.forRootAsync({ imports: [ConfigModuleLike], useExisting: StrictConditionalOptions }),
        ReportsFeatureModule,
      ]);
      expect(app.get(StrictConditionalOptions, { strict: false }).created).toBe(1);
    });

    it('without useExisting options (forRoot()), the same routes are not strict: the 428 above came from the factory', async () => {
      app = await start(platform, [ConditionalModule.forRoot(), ReportsFeatureModule]);
      await client().put('/reports/7').expect(200);
      const slow = await client().get('/reports/7/slow');
      expect(slow.status).toBe(200);
      expect(slow.headers.etag).toBe('"slow"');
    });
  });
});
