/*
 * Nest 12 smoke test: the packed, built library (CommonJS) inside an ESM app on Nest 12's
 * ESM-only packages, on Express and on Fastify. The full suite runs on Nest 11 under jest;
 * this proves the published artefact on the other major: 200 with validators, 304 without
 * the handler, 412, 428, the guard running after an auth guard, an ETag from the body
 * (@ETag() without a validator, which hooks the platform's send path) and @CacheControl.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  Module,
  Param,
  Put,
  UnauthorizedException,
  UseGuards,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CacheControl, Condition, ConditionalModule, ETag, LastModified } from 'nestjs-conditional';

let handlerRuns = 0;
let validatorRuns = 0;
const updatedAt = new Date('2025-03-04T05:06:07Z');

@Injectable()
class AuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest().headers.authorization !== 'Bearer ok') throw new UnauthorizedException();
    return true;
  }
}

@Controller('docs')
class DocsController {
  @Get(':id')
  @Condition({ etag: () => (validatorRuns++, 'v1'), lastModified: () => updatedAt })
  find(@Param('id') id: string) {
    handlerRuns++;
    return { id };
  }

  @Put(':id')
  @ETag(() => (validatorRuns++, 'v1'), { requirePrecondition: true })
  replace(@Param('id') id: string) {
    handlerRuns++;
    return { id, replaced: true };
  }

  @Get(':id/rendered')
  @ETag()
  @CacheControl({ public: true, maxAge: 60 })
  rendered(@Param('id') id: string) {
    handlerRuns++;
    return { id, rendered: true };
  }

  @Get(':id/records')
  @LastModified()
  records() {
    handlerRuns++;
    return [{ updatedAt }, { updatedAt: new Date('2024-01-01T00:00:00Z') }];
  }

  @Get(':id/private')
  @ETag(() => (validatorRuns++, 'v1'))
  @UseGuards(AuthGuard)
  secret() {
    handlerRuns++;
    return { secret: true };
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [DocsController], providers: [AuthGuard] })
class AppModule {}

async function check(name: string, app: INestApplication): Promise<void> {
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const send = (path: string, init: RequestInit = {}) => fetch(base + path, init);
  try {
    handlerRuns = 0;
    let response = await send('/docs/1');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), '"v1"');
    assert.equal(response.headers.get('last-modified'), 'Tue, 04 Mar 2025 05:06:07 GMT');
    assert.deepEqual(await response.json(), { id: '1' });
    assert.equal(handlerRuns, 1);

    for (const method of ['GET', 'HEAD']) {
      response = await send('/docs/1', { method, headers: { 'If-None-Match': '"v1"' } });
      assert.equal(response.status, 304, `${method} 304`);
      assert.equal(await response.text(), '');
      assert.equal(response.headers.get('content-length'), null, `${method} 304 has no Content-Length`);
      assert.equal(response.headers.get('etag'), '"v1"');
    }
    response = await send('/docs/1', { headers: { 'If-Modified-Since': 'Tue, 04 Mar 2025 05:06:07 GMT' } });
    assert.equal(response.status, 304);
    assert.equal(handlerRuns, 1, 'the handler does not run on 304');

    response = await send('/docs/1', { method: 'PUT', headers: { 'If-Match': '"v0"' } });
    assert.equal(response.status, 412);
    response = await send('/docs/1', { method: 'PUT' });
    assert.equal(response.status, 428);
    response = await send('/docs/1', { method: 'PUT', headers: { 'If-Match': '"v1"' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), null, 'no ETag on a PUT response');
    assert.equal(handlerRuns, 2);

    validatorRuns = 0;
    response = await send('/docs/1/private', { headers: { 'If-None-Match': '*' } });
    assert.equal(response.status, 401, 'the auth guard answers first');
    assert.equal(validatorRuns, 0, 'no validator before authentication');
    response = await send('/docs/1/private', { headers: { 'If-None-Match': '"v1"', authorization: 'Bearer ok' } });
    assert.equal(response.status, 304);

    handlerRuns = 0;
    response = await send('/docs/1/rendered');
    assert.equal(response.status, 200);
    const bodyTag = response.headers.get('etag');
    assert.match(bodyTag ?? '', /^W\/"[0-9a-f]+-[A-Za-z0-9_-]{27}"$/, 'a weak ETag of the body');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=60');
    response = await send('/docs/1/rendered', { headers: { 'If-None-Match': bodyTag! } });
    assert.equal(response.status, 304, 'a 304 after the handler, from the body ETag');
    assert.equal(await response.text(), '');
    assert.equal(response.headers.get('content-length'), null);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=60');
    assert.equal(handlerRuns, 2, 'the handler runs for a body ETag');

    response = await send('/docs/1/records', { headers: { 'If-Modified-Since': 'Tue, 04 Mar 2025 05:06:07 GMT' } });
    assert.equal(response.status, 304, 'a 304 from the newest record (ConditionalInterceptor)');
    assert.equal(response.headers.get('last-modified'), 'Tue, 04 Mar 2025 05:06:07 GMT');
    assert.ok(NEST_VERSION.startsWith('12.'), `Nest 12 expected, got ${NEST_VERSION}`);
    console.log(`ok - Nest ${NEST_VERSION} on ${name}`);
  } finally {
    await app.close();
  }
}

const { default: nestPackage } = await import('@nestjs/core/package.json', { with: { type: 'json' } });
const NEST_VERSION: string = nestPackage.version;
await check('express', await NestFactory.create(AppModule, new ExpressAdapter(), { logger: ['error'] }));
await check('fastify', await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error'] }));
console.log('2 passed, 0 failed');
