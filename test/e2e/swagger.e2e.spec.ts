import { RequestMethod } from '@nestjs/common';
import { DECORATORS, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import {
  DocsController,
  documentConditionalRoutes,
  SWAGGER_CONTROLLERS,
  SwaggerAppModule,
} from './fixtures/swagger.app';
import { documentConditionalRoute } from '../../src/swagger/document-conditional-route';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

type Operation = OpenAPIObject['paths'][string]['get'] & {};
type Parameter = { name: string; in: string; required?: boolean; description?: string };

const headers = (operation: Operation) =>
  (operation.parameters as Parameter[]).filter((parameter) => parameter.in === 'header');

describe.each(PLATFORMS)('OpenAPI documentation of conditional routes on $platform', (platform) => {
  let running: RunningApp;
  let document: OpenAPIObject;
  beforeAll(async () => {
    // Twice per file (once a platform): documenting a route again must add nothing.
    documentConditionalRoutes(SWAGGER_CONTROLLERS);
    running = await startApp(platform, SwaggerAppModule);
    document = SwaggerModule.createDocument(running.app, new DocumentBuilder().build());
  });
  afterAll(() => running.close());

  const operation = (path: string, method: 'get' | 'put' | 'post') => document.paths[path][method]!;

  it('GET: the four conditional headers, optional, and 200 with the validators, 304, 412; no 428', () => {
    const get = operation('/docs/{id}', 'get');
    expect(headers(get)).toEqual([
      expect.objectContaining({ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }),
      expect.objectContaining({ name: 'If-Modified-Since', in: 'header', required: false }),
      expect.objectContaining({ name: 'If-Match', in: 'header', required: false }),
      expect.objectContaining({ name: 'If-Unmodified-Since', in: 'header', required: false }),
    ]);
    for (const parameter of headers(get)) expect(parameter.description).toMatch(/\S/);
    expect(Object.keys(get.responses).sort()).toEqual(['200', '304', '412']);
    expect(get.responses['304']).toMatchObject({
      description: expect.stringContaining('Not Modified'),
      headers: { ETag: { schema: { type: 'string' } }, 'Last-Modified': { schema: { type: 'string' } } },
    });
    // Swagger drops its implicit 200 once a method declares any response: it must still be there.
    expect(get.responses['200']).toEqual({
      description: '',
      headers: {
        ETag: expect.objectContaining({ description: expect.any(String) }),
        'Last-Modified': expect.any(Object),
      },
    });
  });

  it('PUT with requirePrecondition and an ETag only: If-Match, If-None-Match; 200, 412, 428', () => {
    const put = operation('/docs/{id}', 'put');
    expect(headers(put)).toEqual([
      expect.objectContaining({ name: 'If-Match', in: 'header', required: false }),
      expect.objectContaining({
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: expect.stringContaining('*'),
      }),
    ]);
    expect(Object.keys(put.responses).sort()).toEqual(['200', '412', '428']);
    expect(put.responses['428']).toMatchObject({ description: expect.stringContaining('If-Match') });
    expect(put.responses['200']).not.toHaveProperty('headers');
  });

  it('POST: 201 stays, no 428 (the guard answers 428 on PUT, PATCH and DELETE only); @Headers() merges with ours', () => {
    const post = operation('/docs', 'post');
    expect(Object.keys(post.responses).sort()).toEqual(['201', '412']);
    expect(headers(post)).toEqual([
      expect.objectContaining({
        name: 'if-unmodified-since',
        in: 'header',
        required: false,
        description: expect.stringMatching(/412/),
      }),
    ]);
  });

  it("the user's own @ApiResponse and @ApiHeader survive; a declared 200 keeps its type and gains the ETag", () => {
    const custom = operation('/docs/custom/{id}', 'get');
    expect(custom.responses['304']).toEqual({ description: 'custom' });
    expect(custom.responses['200']).toMatchObject({
      description: 'the doc',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Doc' } } },
      headers: { ETag: expect.any(Object) },
    });
    expect(custom.responses['412']).toBeDefined();
    expect(headers(custom)).toEqual([
      expect.objectContaining({ name: 'if-none-match', description: 'mine' }),
      expect.objectContaining({ name: 'If-Match', required: false }),
    ]);
  });

  it('a class-level @ApiResponse of the same status is not replaced', () => {
    expect(operation('/class-level', 'get').responses['412']).toEqual({ description: 'class-level' });
    expect(operation('/class-level', 'get').responses['304']).toBeDefined();
  });

  it('the response the CLI plugin infers from the return type is kept', () => {
    expect(operation('/plugin', 'get').responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Doc' } } },
      headers: { ETag: expect.any(Object) },
    });
  });

  it('routes that are not conditional are left alone', () => {
    const plain = operation('/docs/plain', 'get');
    expect(plain.parameters).toEqual([]);
    expect(plain.responses).toEqual({ '200': { description: '' } });
  });

  it('the routes still answer as before', async () => {
    expectBodilessNotModified(await request(running.url).get('/docs/1').set('If-None-Match', '"v1"'));
    await request(running.url).put('/docs/1').send({}).expect(428);
  });
});

describe('documentConditionalRoute without @nestjs/swagger', () => {
  afterEach(() => jest.dontMock('@nestjs/swagger'));

  it('does nothing, does not throw, and tries to load it only once', () => {
    let attempts = 0;
    jest.isolateModules(() => {
      jest.doMock('@nestjs/swagger', () => {
        attempts++;
        throw new Error("Cannot find module '@nestjs/swagger'");
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded again inside jest.isolateModules, without @nestjs/swagger
      const { documentConditionalRoute } = require('../../src/swagger/document-conditional-route');
      class Bare {
        find() {}
      }
      const docs = { method: RequestMethod.GET, etag: true, lastModified: true, requirePrecondition: false };
      expect(() => documentConditionalRoute(Bare.prototype, 'find', docs)).not.toThrow();
      expect(() => documentConditionalRoute(Bare.prototype, 'find', docs)).not.toThrow();
      expect(Reflect.getMetadataKeys(Bare.prototype.find)).toEqual([]);
    });
    expect(attempts).toBe(1);
  });
});

describe('documentConditionalRoute with @nestjs/swagger', () => {
  const docs = { method: RequestMethod.GET, etag: true, lastModified: false, requirePrecondition: false };

  it('ignores a name that is not a method of the prototype', () => {
    expect(() => documentConditionalRoute(DocsController.prototype, 'missing', docs)).not.toThrow();
  });

  it('documents an inherited handler, on the handler itself', () => {
    class Base {
      find() {}
    }
    class Derived extends Base {}
    documentConditionalRoute(Derived.prototype, 'find', docs);
    expect(Reflect.getMetadata(DECORATORS.API_RESPONSE, Base.prototype.find)).toHaveProperty('304');
  });

  it('documents nothing on OPTIONS (preconditions ignored) nor on @All() (one operation, many methods)', () => {
    class Other {
      options() {}
      all() {}
    }
    documentConditionalRoute(Other.prototype, 'options', { ...docs, method: RequestMethod.OPTIONS });
    documentConditionalRoute(Other.prototype, 'all', { ...docs, method: RequestMethod.ALL });
    expect(Reflect.getMetadataKeys(Other.prototype.options)).toEqual([]);
    expect(Reflect.getMetadataKeys(Other.prototype.all)).toEqual([]);
  });
});
