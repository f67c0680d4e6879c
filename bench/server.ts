import 'reflect-metadata';
import fastifyEtag from '@fastify/etag';
import fastifyStatic from '@fastify/static';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncDecoratedModule, AsyncUndecoratedModule } from './scenarios/async-work';
import { findScenario, type Platform, type ScenarioId } from './scenarios/catalogue';
import {
  BodyETagExpensiveModule,
  ConditionalExpensiveModule,
  DirectConditionalExpensiveModule,
  ExpensiveModule,
} from './scenarios/expensive';
import { LibraryFileModule, PlatformFileModule, fileDir } from './scenarios/files';
import { BodyETagLargeBodyModule, LargeBodyModule } from './scenarios/large-body';
import { createNotModifiedServer } from './scenarios/raw-node';
import {
  DecoratedModule,
  GuardAnsweredModule,
  GuardedModule,
  InterceptedModule,
  UndecoratedBesideBodyETagModule,
  UndecoratedModule,
  WithoutLibraryModule,
} from './scenarios/trivial';

/*
 * One scenario server: `node bench/dist/server.js <scenario> <platform>`. Listens on a free
 * loopback port and prints it on a line of its own once it accepts connections, which is
 * what the parent waits for. Runs until it is sent SIGTERM.
 */

/**
 * The built sample's root module (`tsc -p sample/tsconfig.json`, which `npm run bench` runs),
 * on a fresh embedded database in a temporary directory, removed when the server exits.
 */
function sampleModule(): Type<unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sample-'));
  process.env.DATA_DIR = dataDir;
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../sample/dist/app.module').AppModule;
}

const NEST_MODULES: Record<Exclude<ScenarioId, 'G' | 'S' | 'S304'>, Type<unknown>> = {
  A: WithoutLibraryModule,
  I: InterceptedModule,
  J: GuardedModule,
  K: GuardAnsweredModule,
  B: UndecoratedModule,
  B2: UndecoratedBesideBodyETagModule,
  C: DecoratedModule,
  C2u: AsyncUndecoratedModule,
  C2d: AsyncDecoratedModule,
  D: ExpensiveModule,
  E: ExpensiveModule,
  F: ConditionalExpensiveModule,
  Fd: DirectConditionalExpensiveModule,
  H: BodyETagExpensiveModule,
  L: LargeBodyModule,
  LE: BodyETagLargeBodyModule,
  R: LibraryFileModule,
  R0: LibraryFileModule,
  P: PlatformFileModule,
  P0: PlatformFileModule,
};

async function startNest(id: Exclude<ScenarioId, 'G'>, platform: Platform): Promise<Server> {
  const adapter = platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const root = id === 'S' || id === 'S304' ? sampleModule() : NEST_MODULES[id];
  const app = await NestFactory.create(root, adapter, { logger: ['error', 'warn'] });
  // E's post-render 304: Express hashes every body into a weak ETag and compares it with
  // If-None-Match by default (its `etag` setting), so D and E differ only in what the client
  // sends; Fastify has no such default, @fastify/etag is its usual way. H registers nothing:
  // its post-render 304 is the library's own, on both platforms.
  if (id === 'E' && platform === 'fastify') await (app as NestFastifyApplication).register(fastifyEtag);
  // P and P0 on Fastify: @fastify/static decorates the reply with sendFile; no route of its own.
  if ((id === 'P' || id === 'P0') && platform === 'fastify') {
    await (app as NestFastifyApplication).register(fastifyStatic as any, { root: fileDir(), serve: false });
  }
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer();
}

async function startRaw(): Promise<Server> {
  const server = createNotModifiedServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

// A normal exit on the parent's SIGTERM (or Ctrl-C), so that a server started by hand with
// `node --cpu-prof` writes its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));

// Started with --expose-gc (bench:instructions), a full collection on SIGUSR2, then a line saying
// so: every counted window then starts from the same heap, whatever the warm-up left in it.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect !== undefined) {
  process.on('SIGUSR2', () => {
    collect();
    process.stdout.write('collected\n');
  });
}

async function main(): Promise<void> {
  const [id = '', platform = ''] = process.argv.slice(2);
  const scenario = findScenario(id);
  if (scenario === undefined || !scenario.platforms.some((p) => p === platform)) {
    throw new Error(`usage: server.js <scenario> <platform>; got "${id}" "${platform}"`);
  }
  const server = scenario.id === 'G' ? await startRaw() : await startNest(scenario.id, platform as Platform);
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
