import { Controller, Get, Injectable, Module, Param, Put, Scope, Sse } from '@nestjs/common';
import { of } from 'rxjs';
import request from 'supertest';
import { Condition, ConditionalModule, ConditionalModuleOptions, ETag, LastModified } from '../../src';
import { initApp } from '../nest/support/init-app';

@Controller('items')
class ItemsController {
  @Get(':id')
  @ETag((request: { params: { id: string } }) => `item-${request.params.id}`)
  find(@Param('id') id: string) {
    return { id };
  }

  @Put(':id')
  @ETag((request: { params: { id: string } }) => `item-${request.params.id}`)
  replace(@Param('id') id: string) {
    return { id };
  }
}

@Injectable()
class ConditionalConfig {
  createConditionalOptions(): ConditionalModuleOptions {
    return { requirePrecondition: true };
  }
}

@Module({ providers: [ConditionalConfig], exports: [ConditionalConfig] })
class ConfigModule {}

const bootstrap = (imports: unknown[], controllers: unknown[] = [ItemsController]) => initApp(imports, controllers);

describe('ConditionalModule set-up', () => {
  it('forRootAsync with useFactory and inject sets the module-wide default', async () => {
    const app = await bootstrap([
      ConditionalModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConditionalConfig],
        useFactory: (config: ConditionalConfig) => config.createConditionalOptions(),
      }),
    ]);
    await request(app.getHttpServer()).put('/items/1').expect(428);
    await request(app.getHttpServer()).put('/items/1').set('If-Match', '"item-1"').expect(200);
    await app.close();
  });

  it('forRootAsync with useClass', async () => {
    const app = await bootstrap([ConditionalModule.forRootAsync({ useClass: ConditionalConfig })]);
    await request(app.getHttpServer()).put('/items/1').expect(428);
    await app.close();
  });

  it('forRoot() with no options leaves 428 off', async () => {
    const app = await bootstrap([ConditionalModule.forRoot()]);
    await request(app.getHttpServer()).put('/items/1').expect(200);
    await app.close();
  });

  it('refuses an option of the wrong type, naming it', async () => {
    await expect(
      bootstrap([ConditionalModule.forRoot({ requirePrecondition: 'yes' as unknown as boolean })]),
    ).rejects.toThrow('requirePrecondition must be a boolean');
  });

  it('refuses a validatorTimeout that is not a positive number of milliseconds', async () => {
    await expect(bootstrap([ConditionalModule.forRoot({ validatorTimeout: -1 })])).rejects.toThrow(
      'ConditionalModule: validatorTimeout must be a number of milliseconds between 1 and 2^31-1, got -1',
    );
  });

  it('names a refused option value with its control characters escaped', async () => {
    await expect(bootstrap([ConditionalModule.forRoot({ validatorTimeout: '5\x7f' as never })])).rejects.toThrow(
      'ConditionalModule: validatorTimeout must be a number of milliseconds between 1 and 2^31-1, got "5\\u007f"',
    );
  });

  it('says what is missing when the decorators are used without the module', async () => {
    await expect(bootstrap([])).rejects.toThrow('ConditionalModule.forRoot()');
  });

  it('says so when a validator class is request-scoped', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class TenantValidators {
      etag() {
        return 'tenant';
      }
    }
    @Controller('tenants')
    class TenantsController {
      @Get()
      @Condition(TenantValidators)
      find() {
        return {};
      }
    }
    @Module({ imports: [ConditionalModule.forRoot()], controllers: [TenantsController], providers: [TenantValidators] })
    class TenantsModule {}
    await expect(bootstrap([TenantsModule], [])).rejects.toThrow(
      'TenantValidators, the etag validator of TenantsController.find, is request-scoped (or depends on a request-scoped provider)',
    );
  });

  it('refuses a method-level validator on an @Sse() route', async () => {
    @Controller('streams')
    class StreamsController {
      @Sse()
      @ETag(() => 'x')
      stream() {
        return of({ data: 1 });
      }
    }
    await expect(bootstrap([ConditionalModule.forRoot()], [StreamsController])).rejects.toThrow(
      'StreamsController.stream is an @Sse() route; an event stream cannot be conditional.',
    );
  });

  it('names the route and the class when a validator class is not a provider', async () => {
    @Injectable()
    class UnregisteredValidators {
      etag() {
        return 'x';
      }
    }
    @Controller('orphans')
    class OrphansController {
      @Get()
      @Condition(UnregisteredValidators)
      find() {
        return {};
      }
    }
    await expect(bootstrap([ConditionalModule.forRoot()], [OrphansController])).rejects.toThrow(
      'UnregisteredValidators, the etag validator of OrphansController.find, cannot be resolved',
    );
  });
});

describe('decorators refuse bad arguments when the class is defined', () => {
  const cases: Array<[string, () => unknown]> = [
    ['@ETag() without a function', () => ETag('abc' as never)],
    ['@LastModified(null)', () => LastModified(null as never)],
    ['@Condition({})', () => Condition({})],
    ['@Condition(null)', () => Condition(null as never)],
    ['@Condition with a non-function etag', () => Condition({ etag: 42 as never })],
    [
      '@Condition with a non-boolean requirePrecondition',
      () => Condition({ etag: () => 'x', requirePrecondition: 1 as never }),
    ],
    ['@ETag with a non-boolean requirePrecondition', () => ETag(() => 'x', { requirePrecondition: 'no' as never })],
    ['@ETag(class without etag())', () => ETag(class NoETag {} as never)],
    ['@ETag with validatorTimeout 0', () => ETag(() => 'x', { validatorTimeout: 0 })],
    ['@LastModified with validatorTimeout NaN', () => LastModified(() => 0, { validatorTimeout: Number.NaN })],
    ['@Condition with a string validatorTimeout', () => Condition({ etag: () => 'x', validatorTimeout: '5' as never })],
    ['@Condition(class without validators)', () => Condition(class Nothing {} as never)],
  ];
  it.each(cases)('%s', (_name, decorate) => {
    expect(decorate).toThrow(TypeError);
  });

  it('two validators of one kind on one method: refused, naming the method', () => {
    expect(() => {
      class Twice {
        @ETag(() => 'a')
        @ETag(() => 'b')
        find() {}
      }
      return Twice;
    }).toThrow('nestjs-conditional: Twice.find declares an ETag validator twice; keep one decorator for it');
    expect(() => {
      @Condition({ lastModified: () => 0 })
      @LastModified(() => 1)
      class TwiceOnClass {}
      return TwiceOnClass;
    }).toThrow('TwiceOnClass declares a Last-Modified validator twice');
  });

  it('the same option twice with the same value is fine; with different values it is refused', () => {
    const validator = () => 'x';
    expect(() => {
      class Same {
        @ETag(validator, { requirePrecondition: true })
        @LastModified(() => 0, { requirePrecondition: true })
        put() {}
      }
      return Same;
    }).not.toThrow();
    expect(() => {
      class Different {
        @ETag(validator, { requirePrecondition: true })
        @LastModified(() => 0, { requirePrecondition: false })
        put() {}
      }
      return Different;
    }).toThrow('Different.put declares requirePrecondition twice');
  });

  it('the messages say what was expected', () => {
    expect(() => Condition({})).toThrow('give at least one validator, etag or lastModified');
    expect(() => ETag(class NoETag {} as never)).toThrow('the class NoETag has no etag() method');
  });
});
