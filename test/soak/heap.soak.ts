import { Agent, request } from 'node:http';
import { Module, type Type } from '@nestjs/common';
import { ConditionalModule, bodyEntityTag } from '../../src';
import {
  ArticleStore,
  ArticleValidators,
  ArticlesAppModule,
  ArticlesController,
  resetArticles,
} from '../e2e/fixtures/articles.app';
import { NEWEST_RECORD, REPORT, RenderedAppModule } from '../e2e/fixtures/rendered.app';
import { PLATFORMS, type RunningApp, startApp } from '../e2e/support/platforms';

/*
 * No leaks: 100,000 requests through decorated routes, spread over the 200, 304 and 412
 * paths, decided before the handler and after it (validators from the response), leave
 * the heap flat; so do 50,000 early 304s answered as held requests (`earlyNotModified:
 * 'direct'`, whose pending promises must be collected). Heap is read after a full collection at every checkpoint; the
 * bound is on growth after the warm-up, far below what a per-request leak of even a few
 * bytes would add over 100,000 requests.
 */

const TOTAL = 100_000;
const CHECKPOINTS = 5;
const CONCURRENCY = 32;
/** A leak of 100 bytes a request would add ~8 MB over the measured 80,000 requests. */
const MAX_GROWTH_BYTES = 4 * 1024 * 1024;

type Call = { method: string; path: string; headers: Record<string, string>; expect: number };
const EARLY: Call[] = [
  { method: 'GET', path: '/articles/1', headers: {}, expect: 200 },
  { method: 'GET', path: '/articles/1', headers: { 'if-none-match': '"v1"' }, expect: 304 },
  {
    method: 'PUT',
    path: '/articles/1',
    headers: { 'if-match': '"stale"', 'content-type': 'application/json' },
    expect: 412,
  },
];
const AFTER_THE_HANDLER: Call[] = [
  { method: 'GET', path: '/reports/weak', headers: {}, expect: 200 },
  {
    method: 'GET',
    path: '/reports/weak',
    headers: { 'if-none-match': bodyEntityTag(JSON.stringify(REPORT), false).value },
    expect: 304,
  },
  { method: 'GET', path: '/reports/strong', headers: { 'if-match': '"stale"' }, expect: 412 },
  { method: 'GET', path: '/records/list', headers: { 'if-modified-since': NEWEST_RECORD }, expect: 304 },
];
/** The articles with every early 304 written by the guard, its request held (`earlyNotModified: 'direct'`). */
@Module({
  imports: [ConditionalModule.forRoot({ earlyNotModified: 'direct' })],
  controllers: [ArticlesController],
  providers: [ArticleStore, ArticleValidators],
})
class DirectArticlesAppModule {}

/**
 * Each soak's app, mix and number of requests. The held requests get 50,000 early 304s and
 * nothing else: a held request kept alive would be its whole request, reply and promise
 * chain, kilobytes, far above the bound over the 40,000 measured.
 */
const SOAKS: Array<[string, Type<unknown>, Call[], number]> = [
  ['decided before the handler', ArticlesAppModule, EARLY, TOTAL],
  ["early 304s held (earlyNotModified: 'direct')", DirectArticlesAppModule, [EARLY[1]], TOTAL / 2],
  ['decided after the handler', RenderedAppModule, AFTER_THE_HANDLER, TOTAL],
];

function send(url: URL, agent: Agent, call: Call): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: call.method, path: call.path, headers: call.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(call.method === 'PUT' ? '{"body":"x"}' : undefined);
  });
}

async function drive(url: URL, agent: Agent, mix: Call[], count: number, offset: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const call = mix[(offset + next++) % mix.length];
      const status = await send(url, agent, call);
      if (status !== call.expect) throw new Error(`${call.method} ${call.path}: ${status}, expected ${call.expect}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run test:soak)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe.each(PLATFORMS)('heap over 100,000 conditional requests ($platform)', (platform) => {
  it.each(SOAKS)('%s: the heap stays flat', async (name, rootModule, mix, total) => {
    resetArticles();
    const running: RunningApp = await startApp(platform, rootModule);
    const url = new URL(running.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const perCheckpoint = total / CHECKPOINTS;
    const heap: number[] = [];
    for (let checkpoint = 0; checkpoint < CHECKPOINTS; checkpoint++) {
      await drive(url, agent, mix, perCheckpoint, checkpoint * perCheckpoint);
      heap.push(heapAfterGc());
    }
    agent.destroy();
    await running.close();
    const growth = heap[heap.length - 1] - heap[0];
    console.log(
      `${platform.platform}, ${name}: heap after GC every ${perCheckpoint} requests (MB): ${heap.map((bytes) => (bytes / 2 ** 20).toFixed(2)).join(', ')}; growth after warm-up ${(growth / 1024).toFixed(0)} KB`,
    );
    expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
  });
});
