import { Controller, Get, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConditionalModule, ETag } from '../../src';
import { RecordingLogger } from '../e2e/support/recording-logger';

// An @nestjs/swagger older than 11.4.4: loadable, but without the DECORATORS it documents with.
jest.mock('@nestjs/swagger', () => ({ ApiProperty: () => () => undefined }));

@Controller('docs')
class DocsController {
  @Get(':id')
  @ETag(() => 'v1')
  find() {
    return { ok: true };
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [DocsController] })
class AppModule {}

describe('an @nestjs/swagger too old to document with', () => {
  it('starts the app, warns once, and leaves the routes undocumented', async () => {
    const logger = new RecordingLogger();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .setLogger(logger)
      .compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    await app.close();
    expect(logger.warnings).toEqual([expect.stringContaining('does not export DECORATORS (added in 11.4.4)')]);
    expect(Reflect.getMetadataKeys(DocsController.prototype.find)).not.toContain('swagger/apiResponse');
  });
});
