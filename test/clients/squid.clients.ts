/**
 * A third shared cache in front of the sample: Debian's Squid 5.7 as a reverse proxy
 * (`accel`, memory cache), with the config of `support/squid.ts` (docs/proxies.md's). It
 * revalidates strong ETags and dates as the library expects (304 upstream, no rebuild), but:
 *
 * - it never revalidates with a weak ETag: only If-Modified-Since goes upstream;
 * - its own 304 (from a fresh copy) carries no ETag;
 * - the relabelling bug: a client's If-None-Match with the *current* tag, while Squid holds
 *   an older copy, goes upstream as it is; the app's (correct) 304 makes Squid relabel its
 *   old body with the new ETag and Last-Modified, and every later client gets the old page
 *   under the new tag (RFC 9111 section 4.3.4 forbids updating a stored response whose strong
 *   validator differs from the 304's);
 * - `request_header_access If-None-Match deny all` (a second Squid here) prevents it, at the
 *   cost of ETag revalidation: Squid then revalidates by date only, and a client's tag never
 *   reaches the app.
 *
 * Those tests document Squid; the ones that check the library are the revalidation, the
 * writes and the weak tag's date revalidation. What the sample received is recorded on its
 * HTTP server; what it built, by `/stats`; Squid's verdict is its `X-Cache` header.
 *
 * Can these tests fail? Checked once, on a copy of the tree (git archive), then thrown away:
 * - `ConditionalGuard.canActivate` returning `true` on its first line (the library off):
 *   9 of the 10 tests fail: Express's own body ETag (W/"311-...") or none on Fastify instead
 *   of "v1", the bare PUT a 200 instead of 428. The one that passes is the archive's on
 *   Express: its validators come from the response, which `ConditionalInterceptor` (left on)
 *   still computes and answers. The relabelling and mitigation tests document Squid, but need
 *   the library's tags "v1" / "v2" to tell the story, so they fail too. (That docs/proxies.md quotes
 *   this config is checked by test/docs/proxy-configs.spec.ts.)
 */
import { PLATFORMS } from '../e2e/support/platforms';
import { send, sleep, type HttpResponse } from './support/http';
import { putEntry, SEEDED, startSample, type RunningSample } from './support/sample';
import { startSquid, type RunningSquid } from './support/squid';
import { entryTag } from '../sample/support/sample-etags';

/** What the sample received for `path` since `since`, as [If-None-Match, If-Modified-Since, status]. */
function conditionalsAt(app: RunningSample, path: string, since: number) {
  return app
    .getsOf(path, since)
    .map((request) => [request.headers['if-none-match'], request.headers['if-modified-since'], request.status]);
}

/**
 * GETs `url` until Squid asks the sample for `path` (its copy, `s-maxage=1` or `no-cache`,
 * is stale): returns the response of that request. Bounded.
 */
async function getOnceRevalidated(
  app: RunningSample,
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const deadline = Date.now() + 6_000;
  for (;;) {
    const since = app.seen.length;
    const response = await send(url, { headers });
    if (app.getsOf(path, since).length > 0) return response;
    if (Date.now() > deadline) throw new Error(`Squid still serves ${url} without asking after 6 s`);
    await sleep(150);
  }
}

const title = (response: HttpResponse) => /<h1 id="title">([^<]*)<\/h1>/.exec(response.body)?.[1];

describe.each(PLATFORMS)('Squid in front of the sample on $platform', (platform) => {
  let sample: RunningSample | undefined;
  let squid: RunningSquid | undefined;
  let mitigated: RunningSquid | undefined;

  beforeAll(async () => {
    sample = await startSample(platform);
    const upstream = new URL(sample.url).host;
    squid = await startSquid(upstream);
    mitigated = await startSquid(upstream, { mitigated: true });
  });
  afterAll(async () => {
    await mitigated?.close();
    await squid?.close();
    await sample?.close();
  });

  it("a strong ETag: Squid revalidates with If-None-Match and If-Modified-Since, the sample answers 304 without building the page, Squid serves its stored body; Squid's own 304 carries no ETag", async () => {
    const app = sample!;
    const url = `${squid!.url}/entries/7/page`;
    const since = app.seen.length;

    const stored = await send(url);
    expect(stored.status).toBe(200);
    expect(stored.headers['x-cache']).toMatch(/^MISS/);
    expect(stored.headers.etag).toBe(entryTag(1));
    expect(stored.headers['last-modified']).toBe(SEEDED[7]);
    expect(title(stored)).toBe('Entry 7');

    const fresh = await send(url);
    expect(fresh.headers['x-cache']).toMatch(/^HIT/);
    expect(fresh.body).toBe(stored.body);
    // A client's If-None-Match against the fresh copy: Squid's own 304, without the ETag
    // (RFC 9110 section 15.4.5 wants it sent) but with the other headers.
    const fromCopy = await send(url, { headers: { 'If-None-Match': entryTag(1) } });
    expect(fromCopy.status).toBe(304);
    expect(fromCopy.headers.etag).toBeUndefined();
    expect(fromCopy.headers['last-modified']).toBe(SEEDED[7]);
    expect(app.getsOf('/entries/7/page', since)).toHaveLength(1);

    const revalidated = await getOnceRevalidated(app, url, '/entries/7/page');
    expect(revalidated.status).toBe(200);
    expect(revalidated.body).toBe(stored.body);
    expect(revalidated.headers.etag).toBe(entryTag(1));
    expect(conditionalsAt(app, '/entries/7/page', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[7], 304],
    ]);
    expect((await app.stats()).entryPage).toMatchObject({ builds: 1, buildsAvoided: 1 });
  });

  it('writes through Squid: a bare PUT 428, the right If-Match 200, a stale one 412 that changes nothing and is not stored; the revalidation after the edit gets the new page', async () => {
    const app = sample!;
    const page = `${squid!.url}/entries/8/page`;
    const since = app.seen.length;
    expect(title(await send(page))).toBe('Entry 8');

    expect((await putEntry(squid!.url, 8, undefined, 'No precondition')).status).toBe(428);
    const written = await putEntry(squid!.url, 8, entryTag(1), 'Written through Squid', 'First writer.');
    expect(written.status).toBe(200);
    expect(written.headers.etag).toBe(entryTag(2));
    expect((await putEntry(squid!.url, 8, entryTag(1), 'Lost update', 'Second writer, stale tag.')).status).toBe(412);
    const puts = app.seen.slice(since).filter((request) => request.method === 'PUT');
    expect(puts.map((request) => [request.headers['if-match'], request.status])).toEqual([
      [undefined, 428],
      [entryTag(1), 200],
      [entryTag(1), 412],
    ]);
    // The 412 was not stored: the entry through Squid is the written one.
    const entry = await send(`${squid!.url}/entries/8`);
    expect(entry.status).toBe(200);
    expect(JSON.parse(entry.body)).toMatchObject({ title: 'Written through Squid', version: 2 });

    const renewed = await getOnceRevalidated(app, page, '/entries/8/page');
    expect(renewed.status).toBe(200);
    expect(renewed.headers.etag).toBe(entryTag(2));
    expect(title(renewed)).toBe('Written through Squid');
    expect(conditionalsAt(app, '/entries/8/page', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[8], 200],
    ]);
  });

  it('a weak ETag is not used: Squid revalidates the archive (W/ body tag) with If-Modified-Since only; the sample answers that by date', async () => {
    const app = sample!;
    const url = `${squid!.url}/blogs/1/archive`;
    const since = app.seen.length;
    const stored = await send(url);
    expect(stored.status).toBe(200);
    const tag = stored.headers.etag as string;
    const lastModified = stored.headers['last-modified'] as string;
    expect(tag).toMatch(/^W\//);
    // The newest `updatedAt` of the blog's entries, from the handler's result.
    expect(lastModified).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // `no-cache`: Squid stores it and revalidates before every use.
    const revalidated = await getOnceRevalidated(app, url, '/blogs/1/archive');
    expect(revalidated.status).toBe(200);
    expect(revalidated.body).toBe(stored.body);
    expect(conditionalsAt(app, '/blogs/1/archive', since)).toEqual([
      [undefined, undefined, 200],
      [undefined, lastModified, 304],
    ]);
  });

  it("the relabelling bug: a client sends If-None-Match with the current tag while Squid holds the old copy; the app's 304 makes Squid serve the old page under the new ETag, to everyone after", async () => {
    const app = sample!;
    const page = `${squid!.url}/entries/9/page`;
    const since = app.seen.length;
    expect(title(await send(page))).toBe('Entry 9');
    // The edit, straight to the app (as from another instance of the site).
    const written = await putEntry(app.url, 9, entryTag(1), 'Edited behind Squid');
    expect(written.headers.etag).toBe(entryTag(2));

    // A client that already knows "v2" (it made the edit, or guessed: tags like "v2" are easy).
    const knowing = await getOnceRevalidated(app, page, '/entries/9/page', { 'If-None-Match': entryTag(2) });
    expect(conditionalsAt(app, '/entries/9/page', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(2), SEEDED[9], 304],
    ]);
    // Squid took the 304 for its copy: the old body, now labelled "v2".
    expect(knowing.status).toBe(200);
    expect(knowing.headers.etag).toBe(entryTag(2));
    expect(title(knowing)).toBe('Entry 9');
    const nextClient = await send(page);
    expect(nextClient.headers.etag).toBe(entryTag(2));
    expect(nextClient.headers['last-modified']).toBe(written.headers['last-modified']);
    expect(title(nextClient)).toBe('Entry 9');
    // And every revalidation from now on confirms the wrong copy.
    const later = await getOnceRevalidated(app, page, '/entries/9/page');
    expect(title(later)).toBe('Entry 9');
    expect(app.getsOf('/entries/9/page', since).at(-1)).toMatchObject({
      status: 304,
      headers: { 'if-none-match': entryTag(2) },
    });
  });

  it("the mitigation, request_header_access If-None-Match deny all: the same story ends with the new page; the cost: Squid revalidates by date only, and a client's tag never reaches the app", async () => {
    const app = sample!;
    const page = `${mitigated!.url}/entries/10/page`;
    const since = app.seen.length;
    expect(title(await send(page))).toBe('Entry 10');
    const written = await putEntry(app.url, 10, entryTag(1), 'Edited behind Squid');
    expect(written.headers.etag).toBe(entryTag(2));

    const knowing = await getOnceRevalidated(app, page, '/entries/10/page', { 'If-None-Match': entryTag(2) });
    expect(knowing.status).toBe(200);
    expect(knowing.headers.etag).toBe(entryTag(2));
    expect(title(knowing)).toBe('Edited behind Squid');
    expect(title(await send(page))).toBe('Edited behind Squid');
    const unchanged = await getOnceRevalidated(app, page, '/entries/10/page');
    expect(unchanged.status).toBe(200);
    expect(conditionalsAt(app, '/entries/10/page', since)).toEqual([
      [undefined, undefined, 200],
      [undefined, SEEDED[10], 200],
      [undefined, written.headers['last-modified'], 304],
    ]);

    // A no-cache route: the client's own If-None-Match is dropped too, so the app sends the body.
    const entrySince = app.seen.length;
    const entry = await send(`${mitigated!.url}/entries/11`, { headers: { 'If-None-Match': entryTag(1) } });
    expect(entry.status).toBe(200);
    expect(conditionalsAt(app, '/entries/11', entrySince)).toEqual([[undefined, undefined, 200]]);
  });
});
