import * as swagger from '@nestjs/swagger';
import { Controller, Get, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiProperty } from '@nestjs/swagger';
import { assume } from './assumption';

/** What src/swagger/document-conditional-route.ts reads of @nestjs/swagger beyond its documented decorators. */
const FILE = 'src/swagger/document-conditional-route.ts';

class Model {
  @ApiProperty()
  title!: string;
}

describe('@nestjs/swagger internals', () => {
  it('DECORATORS names the metadata keys of parameters, headers and responses', () => {
    const { DECORATORS } = swagger as unknown as { DECORATORS?: Record<string, unknown> };
    for (const key of ['API_PARAMETERS', 'API_HEADERS', 'API_RESPONSE']) {
      assume(
        typeof DECORATORS?.[key] === 'string',
        `@nestjs/swagger exports DECORATORS.${key} as a metadata key`,
        FILE,
      );
    }
  });

  it("swagger's CLI plugin output, a controller's static _OPENAPI_METADATA_FACTORY, gives a method's response", async () => {
    @Controller('plugin')
    class PluginController {
      static _OPENAPI_METADATA_FACTORY() {
        return { find: { type: Model } };
      }

      @Get()
      find(): Model {
        return { title: 'x' };
      }
    }
    @Module({ controllers: [PluginController] })
    class PluginModule {}
    const app = (await Test.createTestingModule({ imports: [PluginModule] }).compile()).createNestApplication({
      logger: false,
    });
    await app.init();
    try {
      const document = swagger.SwaggerModule.createDocument(app, new swagger.DocumentBuilder().build());
      const response = (
        document.paths['/plugin'].get?.responses as Record<
          string,
          { content?: Record<string, { schema?: { $ref?: string } }> }
        >
      )['200'];
      assume(
        response?.content?.['application/json']?.schema?.$ref === '#/components/schemas/Model',
        "swagger reads a method's response from the controller's static _OPENAPI_METADATA_FACTORY, which the library applies first so its own responses do not hide it",
        FILE,
      );
    } finally {
      await app.close();
    }
  });
});
