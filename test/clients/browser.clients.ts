/**
 * A real browser revalidates against the sample: Debian's headless Chromium, driven by
 * playwright-core, loads the HTML entry page and the JSON entry, then reloads / fetches
 * them again. Nobody writes a conditional header here: Chromium sends If-None-Match and
 * If-Modified-Since from its own HTTP cache, the sample answers 304 without building the
 * page, and the page keeps showing what the cache holds. After a PUT with the right
 * If-Match the next revalidation is a 200 with the new content.
 *
 * Three witnesses for every step: the headers and status on the wire as Chromium records
 * them (DevTools protocol), the request and status the sample's HTTP server saw, and the
 * sample's own count of page builds (`/stats`).
 *
 * Can these tests fail? Checked once, on a copy of the tree (git archive), then thrown away:
 * - `ConditionalGuard.canActivate` returning `true` on its first line (the library off):
 *   all 4 tests here (2 a platform) fail (no ETag "v1" on the first response, 200s on every reload);
 * - `evaluatePreconditions` always returning 'proceed' (validators sent, never a 304): all 4
 *   fail where Chromium's revalidation must be a 304 on the wire (it was a 200, and the page
 *   was built again).
 */
import { PLATFORMS } from '../e2e/support/platforms';
import { launchChromium, type RunningChromium } from './support/chromium';
import { sleep } from './support/http';
import { putEntry, SEEDED, startSample, type RunningSample } from './support/sample';
import { recordWire, type WireExchange } from './support/wire';
import type { Page } from 'playwright-core';
import { entryTag } from '../sample/support/sample-etags';

const SEEDED_ENTRY_7 = SEEDED[7];
const SEEDED_ENTRY_8 = SEEDED[8];

/** Waits (bounded) until Chromium has recorded the wire status of the `count`-th exchange for `url`. */
async function exchangeFor(wire: WireExchange[], url: string, count: number): Promise<WireExchange> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const matching = wire.filter((exchange) => exchange.url === url);
    if (matching.length >= count && matching[count - 1].status !== undefined) return matching[count - 1];
    if (Date.now() > deadline)
      throw new Error(`Chromium recorded ${matching.length} exchanges for ${url}, expected ${count} with a status`);
    await sleep(20);
  }
}

/** The `cache` modes of the browser's `fetch` used here (the DOM's RequestCache; this project's types are Node's). */
type FetchCacheMode = 'default' | 'no-cache';

/** A `fetch` run by the page, with what the page sees of the answer. */
function fetchFromPage(page: Page, path: string, cache: FetchCacheMode) {
  return page.evaluate(
    async ([url, mode]) => {
      const response = await fetch(url, { cache: mode } as RequestInit);
      return { status: response.status, etag: response.headers.get('etag'), body: await response.json() };
    },
    [path, cache] as const,
  );
}

describe.each(PLATFORMS)('headless Chromium against the sample on $platform', (platform) => {
  let sample: RunningSample | undefined;
  let chromium: RunningChromium | undefined;

  beforeAll(async () => {
    sample = await startSample(platform);
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
    await sample?.close();
  });

  it('reloading the entry page: Chromium sends If-None-Match and If-Modified-Since by itself, gets a 304, nothing is built, the page shows the cached entry; after a PUT the reload gets 200 and the new page', async () => {
    const app = sample!;
    const page = await chromium!.context.newPage();
    const wire = await recordWire(chromium!.context, page);
    const url = `${app.url}/entries/7/page`;
    const since = app.seen.length;

    const first = await page.goto(url);
    expect(first!.status()).toBe(200);
    expect(await first!.headerValue('etag')).toBe(entryTag(1));
    expect(await first!.headerValue('last-modified')).toBe(SEEDED_ENTRY_7);
    expect(await first!.headerValue('cache-control')).toBe('max-age=0, s-maxage=1');
    expect(await first!.headerValue('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.textContent('#title')).toBe('Entry 7');
    const firstOnWire = await exchangeFor(wire, url, 1);
    expect(firstOnWire.status).toBe(200);
    expect(firstOnWire.requestHeaders['if-none-match']).toBeUndefined();
    expect(firstOnWire.requestHeaders['if-modified-since']).toBeUndefined();
    expect((await app.stats()).entryPage).toEqual({ requests: 1, builds: 1, buildsAvoided: 0 });

    const reloaded = await page.reload();
    const reloadOnWire = await exchangeFor(wire, url, 2);
    // What Chromium sent, from its own cache entry, and what it got back.
    expect(reloadOnWire.requestHeaders['if-none-match']).toBe(entryTag(1));
    expect(reloadOnWire.requestHeaders['if-modified-since']).toBe(SEEDED_ENTRY_7);
    expect(reloadOnWire.status).toBe(304);
    // The server's side of the same exchange.
    const atServer = app.getsOf('/entries/7/page', since);
    expect(atServer.map((request) => request.status)).toEqual([200, 304]);
    expect(atServer[1].headers['if-none-match']).toBe(entryTag(1));
    expect(atServer[1].headers['if-modified-since']).toBe(SEEDED_ENTRY_7);
    // The handler did not run; the page is the cached copy (Playwright reports the cached 200).
    expect((await app.stats()).entryPage).toEqual({ requests: 2, builds: 1, buildsAvoided: 1 });
    expect(reloaded!.status()).toBe(200);
    expect(await page.textContent('#title')).toBe('Entry 7');
    expect(await page.getAttribute('#entry', 'data-version')).toBe('1');

    const written = await putEntry(app.url, 7, entryTag(1), 'Edited behind the browser');
    expect(written.status).toBe(200);
    expect(written.headers.etag).toBe(entryTag(2));

    await page.reload();
    const afterWrite = await exchangeFor(wire, url, 3);
    expect(afterWrite.requestHeaders['if-none-match']).toBe(entryTag(1));
    expect(afterWrite.status).toBe(200);
    expect(app.getsOf('/entries/7/page', since).map((request) => request.status)).toEqual([200, 304, 200]);
    expect((await app.stats()).entryPage).toEqual({ requests: 3, builds: 2, buildsAvoided: 1 });
    expect(await page.textContent('#title')).toBe('Edited behind the browser');
    expect(await page.getAttribute('#entry', 'data-version')).toBe('2');

    // And the new copy revalidates in turn, with the new tag.
    await page.reload();
    const nextReload = await exchangeFor(wire, url, 4);
    expect(nextReload.requestHeaders['if-none-match']).toBe(entryTag(2));
    expect(nextReload.status).toBe(304);
    expect((await app.stats()).entryPage).toEqual({ requests: 4, builds: 2, buildsAvoided: 2 });
    expect(await page.textContent('#title')).toBe('Edited behind the browser');
    await page.close();
  });

  it('fetch of the JSON entry from the page: no-cache makes Chromium revalidate every fetch, 304 on the wire, the cached JSON in the page; after a PUT, 200 and the new version', async () => {
    const app = sample!;
    const page = await chromium!.context.newPage();
    const wire = await recordWire(chromium!.context, page);
    const url = `${app.url}/entries/8`;
    await page.goto(`${app.url}/entries/8/page`);
    const since = app.seen.length;
    const builds = () => app.stats().then((stats) => stats.entry);

    const first = await fetchFromPage(page, '/entries/8', 'default');
    expect(first).toMatchObject({ status: 200, etag: entryTag(1), body: { id: 8, title: 'Entry 8', version: 1 } });
    expect((await exchangeFor(wire, url, 1)).status).toBe(200);
    expect(await builds()).toEqual({ requests: 1, builds: 1, buildsAvoided: 0 });

    // `Cache-Control: no-cache` on the entry: even a default fetch revalidates before use.
    const again = await fetchFromPage(page, '/entries/8', 'default');
    const forced = await fetchFromPage(page, '/entries/8', 'no-cache');
    for (const [count, seen] of [
      [2, again],
      [3, forced],
    ] as const) {
      const onWire = await exchangeFor(wire, url, count);
      expect(onWire.requestHeaders['if-none-match']).toBe(entryTag(1));
      expect(onWire.requestHeaders['if-modified-since']).toBe(SEEDED_ENTRY_8);
      expect(onWire.status).toBe(304);
      // The page gets the cached body as a 200, as fetch always does after a revalidation.
      expect(seen).toEqual(first);
    }
    const atServer = app.getsOf('/entries/8', since);
    expect(atServer.map((request) => request.status)).toEqual([200, 304, 304]);
    expect(atServer[2].headers['if-none-match']).toBe(entryTag(1));
    expect(await builds()).toEqual({ requests: 3, builds: 1, buildsAvoided: 2 });

    expect((await putEntry(app.url, 8, entryTag(1), 'Fetched anew')).status).toBe(200);
    const changed = await fetchFromPage(page, '/entries/8', 'no-cache');
    const changedOnWire = await exchangeFor(wire, url, 4);
    expect(changedOnWire.requestHeaders['if-none-match']).toBe(entryTag(1));
    expect(changedOnWire.status).toBe(200);
    expect(changed).toMatchObject({
      status: 200,
      etag: entryTag(2),
      body: { id: 8, title: 'Fetched anew', version: 2 },
    });
    expect(app.getsOf('/entries/8', since).map((request) => request.status)).toEqual([200, 304, 304, 200]);
    expect(await builds()).toEqual({ requests: 4, builds: 2, buildsAvoided: 2 });
    await page.close();
  });
});
