import { Controller, Get, Module } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ConditionalModule, ETag } from '../../src';

@Controller('docs')
class DocsController {
  @Get(':id')
  @ETag(() => 'v1')
  find() {
    return {};
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [DocsController] })
class AppModule {}

/** An adapter that is neither Express nor Fastify (here Express's, renamed). */
class UnknownAdapter extends ExpressAdapter {
  override getType(): string {
    return 'koa';
  }
}

describe('an HTTP adapter the library does not know', () => {
  it('fails the start with a message naming it', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication(new UnknownAdapter(), { logger: false });
    await expect(app.init()).rejects.toThrow(
      'nestjs-conditional: the HTTP adapter "koa" is neither @nestjs/platform-express nor @nestjs/platform-fastify; conditional requests are implemented for those two only.',
    );
    await app.close().catch(() => undefined);
  });
});
