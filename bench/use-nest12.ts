import Module from 'node:module';
import { join } from 'node:path';

/*
 * Preloaded (`node --require`) by a `--nest=12` server: packages the Nest 12 install has
 * (Nest, rxjs, reflect-metadata, Express, Fastify and what they load) resolve from
 * compat/nest12/node_modules, whoever asks, the library's dist/ included; anything else (the
 * library itself, @fastify/static, @fastify/etag) from the root as usual. `_resolveFilename`
 * is Node's internal resolver, which is why this stays in the benchmark and never in the
 * package.
 */
const NEST12_MODULES = join(__dirname, '..', '..', 'compat', 'nest12', 'node_modules');
const FROM_NEST12 = /^(@nestjs\/|rxjs|reflect-metadata$|express$|fastify$)/;

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const resolve = internals._resolveFilename;
const fromNest12 = {
  id: join(NEST12_MODULES, 'x.js'),
  filename: join(NEST12_MODULES, 'x.js'),
  paths: [NEST12_MODULES],
};

internals._resolveFilename = function (request, parent, ...rest) {
  if (FROM_NEST12.test(request)) return resolve.call(this, request, fromNest12, ...rest);
  return resolve.call(this, request, parent, ...rest);
};
