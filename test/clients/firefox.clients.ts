/**
 * A second real browser revalidates against the sample: Debian's Firefox ESR, headless,
 * driven by puppeteer-core over WebDriver BiDi (nothing downloaded). It loads the HTML entry
 * page and the JSON entry, then reloads, navigates to and fetches them again. Nobody writes a
 * conditional header here: Firefox sends If-None-Match and If-Modified-Since from its own
 * HTTP cache, the sample answers 304 without building the page, and the page keeps showing
 * what the cache holds. After a PUT with the right If-Match the next revalidation is a 200
 * with the new ETag and content.
 *
 * Three witnesses for every step, as for Chromium: the headers and status on the wire as
 * Firefox reports them (BiDi `network.responseCompleted`), the request and status the
 * sample's HTTP server saw, and the sample's own count of page builds (`/stats`). Unlike
 * Chromium, Firefox reports a revalidated navigation to the driver as the 304 it received.
 *
 * Can these tests fail? Checked once, on a copy of the tree (git archive), then thrown away:
 * - `ConditionalGuard.canActivate` returning `true` on its first line (the library off):
 *   all 4 tests here (2 a platform) fail, on the first response already: Express's own body
 *   ETag (W/"311-...") and no Last-Modified, or on Fastify neither, instead of "v1" and the
 *   entry's date (with Express's tag a revalidation would still be a 304, but after a build).
 */
import type { Page } from 'puppeteer-core';
import { PLATFORMS } from '../e2e/support/platforms';
import { launchFirefox, type RunningFirefox } from './support/firefox';
import { putEntry, SEEDED, startSample, type RunningSample } from './support/sample';
import { entryTag } from '../sample/support/sample-etags';

/** A `fetch` run by the page with the given `cache` mode, with what the page sees of the answer. */
function fetchFromPage(page: Page, path: string, cache: 'default' | 'no-cache') {
  return page.evaluate(
    async (url, mode) => {
      const response = await fetch(url, { cache: mode } as RequestInit);
      return { status: response.status, etag: response.headers.get('etag'), body: await response.json() };
    },
    path,
    cache,
  );
}

describe.each(PLATFORMS)('headless Firefox against the sample on $platform', (platform) => {
  let sample: RunningSample | undefined;
  let firefox: RunningFirefox | undefined;

  beforeAll(async () => {
    sample = await startSample(platform);
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await firefox?.close();
    await sample?.close();
  });

  it('reload and navigation to the entry page: Firefox sends If-None-Match and If-Modified-Since by itself, gets a 304, nothing is built, the page shows the cached entry; after a PUT the reload gets 200, the new ETag and the new page', async () => {
    const app = sample!;
    const ff = firefox!;
    const page = await ff.browser.newPage();
    const url = `${app.url}/entries/7/page`;
    const since = app.seen.length;
    const title = () => page.$eval('#title', (element) => element.textContent);

    const first = await page.goto(url);
    expect(first!.status()).toBe(200);
    expect(first!.headers()).toMatchObject({
      etag: entryTag(1),
      'last-modified': SEEDED[7],
      'cache-control': 'max-age=0, s-maxage=1',
      'content-type': 'text/html; charset=utf-8',
    });
    expect(await title()).toBe('Entry 7');
    const firstOnWire = await ff.exchangeFor(url, 1);
    expect(firstOnWire.status).toBe(200);
    expect(firstOnWire.requestHeaders['if-none-match']).toBeUndefined();
    expect(firstOnWire.requestHeaders['if-modified-since']).toBeUndefined();
    expect((await app.stats()).entryPage).toEqual({ requests: 1, builds: 1, buildsAvoided: 0 });

    const reloaded = await page.reload();
    const navigated = await page.goto(url);
    for (const [count, response] of [
      [2, reloaded],
      [3, navigated],
    ] as const) {
      const onWire = await ff.exchangeFor(url, count);
      // What Firefox sent, from its own cache entry, and what it got back.
      expect(onWire.requestHeaders['if-none-match']).toBe(entryTag(1));
      expect(onWire.requestHeaders['if-modified-since']).toBe(SEEDED[7]);
      expect(onWire.status).toBe(304);
      expect(onWire.fromCache).toBe(false);
      expect(response!.status()).toBe(304);
    }
    // The server's side of the same exchanges; the handler did not run.
    const atServer = app.getsOf('/entries/7/page', since);
    expect(
      atServer.map((request) => [
        request.headers['if-none-match'],
        request.headers['if-modified-since'],
        request.status,
      ]),
    ).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[7], 304],
      [entryTag(1), SEEDED[7], 304],
    ]);
    expect((await app.stats()).entryPage).toEqual({ requests: 3, builds: 1, buildsAvoided: 2 });
    // The page is the cached copy.
    expect(await title()).toBe('Entry 7');
    expect(await page.$eval('#entry', (element) => element.getAttribute('data-version'))).toBe('1');

    const written = await putEntry(app.url, 7, entryTag(1), 'Edited behind Firefox');
    expect(written.status).toBe(200);
    expect(written.headers.etag).toBe(entryTag(2));

    const afterWrite = await page.reload();
    const afterWriteOnWire = await ff.exchangeFor(url, 4);
    expect(afterWriteOnWire.requestHeaders['if-none-match']).toBe(entryTag(1));
    expect(afterWriteOnWire.status).toBe(200);
    expect(afterWrite!.status()).toBe(200);
    expect(afterWrite!.headers().etag).toBe(entryTag(2));
    expect(app.getsOf('/entries/7/page', since).map((request) => request.status)).toEqual([200, 304, 304, 200]);
    expect((await app.stats()).entryPage).toEqual({ requests: 4, builds: 2, buildsAvoided: 2 });
    expect(await title()).toBe('Edited behind Firefox');
    expect(await page.$eval('#entry', (element) => element.getAttribute('data-version'))).toBe('2');

    // And the new copy revalidates in turn, with the new tag.
    await page.reload();
    const nextReload = await ff.exchangeFor(url, 5);
    expect(nextReload.requestHeaders['if-none-match']).toBe(entryTag(2));
    expect(nextReload.status).toBe(304);
    expect((await app.stats()).entryPage).toEqual({ requests: 5, builds: 2, buildsAvoided: 3 });
    expect(await title()).toBe('Edited behind Firefox');
    await page.close();
  });

  it("fetch of the JSON entry from the page: a default fetch of the no-cache entry and one with cache: 'no-cache' both revalidate, 304 on the wire, the cached JSON in the page; after a PUT, 200 with the new ETag and version", async () => {
    const app = sample!;
    const ff = firefox!;
    const page = await ff.browser.newPage();
    const url = `${app.url}/entries/8`;
    await page.goto(`${app.url}/entries/8/page`);
    const since = app.seen.length;
    const builds = () => app.stats().then((stats) => stats.entry);

    const first = await fetchFromPage(page, '/entries/8', 'default');
    expect(first).toMatchObject({ status: 200, etag: entryTag(1), body: { id: 8, title: 'Entry 8', version: 1 } });
    expect((await ff.exchangeFor(url, 1)).status).toBe(200);
    expect(await builds()).toEqual({ requests: 1, builds: 1, buildsAvoided: 0 });

    const again = await fetchFromPage(page, '/entries/8', 'default');
    const forced = await fetchFromPage(page, '/entries/8', 'no-cache');
    for (const [count, seen] of [
      [2, again],
      [3, forced],
    ] as const) {
      const onWire = await ff.exchangeFor(url, count);
      expect(onWire.requestHeaders['if-none-match']).toBe(entryTag(1));
      expect(onWire.requestHeaders['if-modified-since']).toBe(SEEDED[8]);
      expect(onWire.status).toBe(304);
      // The page gets the cached body as a 200, as fetch always does after a revalidation.
      expect(seen).toEqual(first);
    }
    const atServer = app.getsOf('/entries/8', since);
    expect(atServer.map((request) => [request.headers['if-none-match'], request.status])).toEqual([
      [undefined, 200],
      [entryTag(1), 304],
      [entryTag(1), 304],
    ]);
    expect(await builds()).toEqual({ requests: 3, builds: 1, buildsAvoided: 2 });

    expect((await putEntry(app.url, 8, entryTag(1), 'Fetched anew')).status).toBe(200);
    const changed = await fetchFromPage(page, '/entries/8', 'no-cache');
    const changedOnWire = await ff.exchangeFor(url, 4);
    expect(changedOnWire.requestHeaders['if-none-match']).toBe(entryTag(1));
    expect(changedOnWire.status).toBe(200);
    expect(changed).toMatchObject({
      status: 200,
      etag: entryTag(2),
      body: { id: 8, title: 'Fetched anew', version: 2 },
    });
    expect(app.getsOf('/entries/8', since).map((request) => request.status)).toEqual([200, 304, 304, 200]);
    expect(await builds()).toEqual({ requests: 4, builds: 2, buildsAvoided: 2 });
    // Every request the pages made over the network went to the sample, none elsewhere (the
    // pages' icon is a `data:` URL).
    expect(
      ff.wire.filter((exchange) => !exchange.url.startsWith('data:') && !exchange.url.startsWith(`${app.url}/`)),
    ).toEqual([]);
    await page.close();
  });
});
