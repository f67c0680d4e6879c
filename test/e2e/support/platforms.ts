import { type INestApplication, type Type } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';

type TestAgent = ReturnType<typeof request>;

/** The two platforms every e2e suite runs on, through `describe.each(PLATFORMS)`. */
export const PLATFORMS = [
  { platform: 'express', adapter: () => new ExpressAdapter() },
  { platform: 'fastify', adapter: () => new FastifyAdapter() },
] as const;

export type Platform = (typeof PLATFORMS)[number];

export interface RunningApp {
  app: INestApplication;
  /** `http://127.0.0.1:PORT`: tests talk to a real socket, as a client would. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts `rootModule` on the platform, listening on a free loopback port; `override` may
 * replace providers first (`builder.overrideProvider(...)`), and `prepare` set the app up
 * before it listens, as an app's `main.ts` does (`app.use()`, `enableCors()`, a plugin).
 */
export async function startApp(
  platform: Platform,
  rootModule: Type<unknown>,
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
  prepare: (app: INestApplication) => unknown = () => undefined,
): Promise<RunningApp> {
  const moduleRef = await override(Test.createTestingModule({ imports: [rootModule] })).compile();
  const app = moduleRef.createNestApplication(platform.adapter(), { logger: false });
  await prepare(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return { app, url: url.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

/**
 * Starts `rootModule` on the platform for the enclosing `describe` (closed after it) and
 * returns a function giving a supertest client of it.
 */
export function useApp(platform: Platform, rootModule: Type<unknown>): () => TestAgent {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, rootModule);
  });
  afterAll(() => running.close());
  return () => request(running.url);
}

/**
 * Starts `rootModule` afresh for every test of the enclosing `describe` (a freshly seeded
 * store each time, for tests that each tell a whole story) and returns a function giving a
 * supertest client of it.
 */
export function useFreshApp(platform: Platform, rootModule: Type<unknown>): () => TestAgent {
  let running: RunningApp;
  beforeEach(async () => {
    running = await startApp(platform, rootModule);
  });
  afterEach(() => running.close());
  return () => request(running.url);
}
