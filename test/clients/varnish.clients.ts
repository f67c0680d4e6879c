/**
 * A second caching reverse proxy in front of the sample: Debian's Varnish, started here with
 * the VCL of `support/varnish.ts` (docs/proxies.md's example). The entry page says `s-maxage=1`:
 * Varnish keeps it a second, then (`beresp.keep`, no grace) revalidates it with
 * If-None-Match / If-Modified-Since from its stored copy; the sample answers 304 without
 * building the page and Varnish serves its stored body. The `no-cache` and `private` routes
 * are passed, so the client's own conditional headers reach the sample. Writes go through
 * untouched: a stale If-Match is still a 412 that changes nothing and is not stored.
 *
 * What the sample received is recorded on its HTTP server; what it built, by `/stats`;
 * what Varnish did, by the VCL's `X-Cache-Status` (HIT, STALE, MISS, PASS).
 *
 * Can these tests fail? Checked once, on a copy of the tree (git archive), then thrown away:
 * - `ConditionalGuard.canActivate` returning `true` on its first line (the library off):
 *   all 10 tests of the platforms (5 each) fail: Express's own body ETag (W/"311-...") or none on
 *   Fastify instead of "v1", the bare PUT a 200 instead of 428, the client's If-None-Match
 *   through the pass route a 200. The last test of each platform documents Varnish (pass,
 *   TTL and grace) rather than the library; it fails too, as its 304 from Varnish's copy
 *   needs the tag "v1". (That docs/proxies.md quotes this VCL is checked by
 *   test/docs/proxy-configs.spec.ts.)
 */
import { gunzipSync } from 'node:zlib';
import { PLATFORMS } from '../e2e/support/platforms';
import { getOnceStale, send, sleep } from './support/http';
import { putEntry, SEEDED, startSample, type RunningSample } from './support/sample';
import { startVarnish, type RunningVarnish } from './support/varnish';
import { entryTag } from '../sample/support/sample-etags';

/** What the sample received for `path` since `since`, as [If-None-Match, If-Modified-Since, status]. */
function conditionalsAt(app: RunningSample, path: string, since: number) {
  return app
    .getsOf(path, since)
    .map((request) => [request.headers['if-none-match'], request.headers['if-modified-since'], request.status]);
}

describe.each(PLATFORMS)('Varnish in front of the sample on $platform', (platform) => {
  let sample: RunningSample | undefined;
  let varnish: RunningVarnish | undefined;

  beforeAll(async () => {
    sample = await startSample(platform);
    varnish = await startVarnish(new URL(sample.url).host);
  });
  afterAll(async () => {
    await varnish?.close();
    await sample?.close();
  });

  it("an expired copy: Varnish revalidates with If-None-Match and If-Modified-Since, the sample answers 304 without building the page, Varnish serves its stored body; a client's own If-None-Match gets a 304 from the copy", async () => {
    const app = sample!;
    const url = `${varnish!.url}/entries/7/page`;
    const since = app.seen.length;

    const stored = await send(url);
    expect(stored.status).toBe(200);
    expect(stored.headers['x-cache-status']).toBe('MISS');
    expect(stored.headers.etag).toBe(entryTag(1));
    expect(stored.headers['last-modified']).toBe(SEEDED[7]);
    expect(stored.headers['cache-control']).toBe('max-age=0, s-maxage=1');
    expect(stored.body).toContain('<h1 id="title">Entry 7</h1>');
    // Varnish fetches the page unconditionally the first time.
    expect(conditionalsAt(app, '/entries/7/page', since)).toEqual([[undefined, undefined, 200]]);

    const fresh = await send(url);
    expect(fresh.headers['x-cache-status']).toBe('HIT');
    expect(fresh.body).toBe(stored.body);
    const fromCopy = await send(url, { headers: { 'If-None-Match': entryTag(1) } });
    expect(fromCopy.status).toBe(304);
    expect(fromCopy.headers['x-cache-status']).toBe('HIT');
    expect(app.getsOf('/entries/7/page', since)).toHaveLength(1);

    const revalidated = await getOnceStale(url);
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers['x-cache-status']).toBe('MISS');
    expect(revalidated.body).toBe(stored.body);
    expect(revalidated.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(revalidated.headers['content-length']).toBe(String(Buffer.byteLength(stored.body, 'latin1')));
    expect(revalidated.headers.etag).toBe(entryTag(1));
    expect(revalidated.headers['last-modified']).toBe(SEEDED[7]);
    expect(revalidated.headers['cache-control']).toBe('max-age=0, s-maxage=1');
    // Varnish's conditional request, as the sample received it, and the sample's 304.
    expect(conditionalsAt(app, '/entries/7/page', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[7], 304],
    ]);
    expect((await app.stats()).entryPage).toMatchObject({ builds: 1, buildsAvoided: 1 });
    // The 304 renewed the copy for another second.
    expect((await send(url)).headers['x-cache-status']).toBe('HIT');
  });

  it('writes through Varnish: a bare PUT 428, the right If-Match 200, a stale one 412 that changes nothing and is not stored; the first request once the copy expires gets the new page, then 304s again', async () => {
    const app = sample!;
    const page = `${varnish!.url}/entries/8/page`;
    const since = app.seen.length;
    expect((await send(page)).headers['x-cache-status']).toBe('MISS');

    const bare = await putEntry(varnish!.url, 8, undefined, 'No precondition');
    expect(bare.status).toBe(428);
    const written = await putEntry(varnish!.url, 8, entryTag(1), 'Written through Varnish', 'First writer.');
    expect(written.status).toBe(200);
    expect(written.headers['x-cache-status']).toBe('PASS');
    expect(written.headers.etag).toBe(entryTag(2));
    const stale = await putEntry(varnish!.url, 8, entryTag(1), 'Lost update', 'Second writer, stale tag.');
    expect(stale.status).toBe(412);
    expect(stale.headers['x-cache-status']).toBe('PASS');
    const puts = app.seen.slice(since).filter((request) => request.method === 'PUT');
    expect(puts.map((request) => [request.headers['if-match'], request.status])).toEqual([
      [undefined, 428],
      [entryTag(1), 200],
      [entryTag(1), 412],
    ]);
    expect(JSON.parse((await send(`${app.url}/entries/8`)).body)).toMatchObject({
      title: 'Written through Varnish',
      body: 'First writer.',
      version: 2,
    });
    // The 412 was not stored: the entry through Varnish is the written one.
    const entry = await send(`${varnish!.url}/entries/8`);
    expect(entry.status).toBe(200);
    expect(JSON.parse(entry.body)).toMatchObject({ title: 'Written through Varnish', version: 2 });

    // No grace: the first request after the copy expired waits for Varnish's revalidation.
    const renewed = await getOnceStale(page);
    expect(renewed.status).toBe(200);
    expect(renewed.headers['x-cache-status']).toBe('MISS');
    expect(renewed.headers.etag).toBe(entryTag(2));
    expect(renewed.body).toContain('<h1 id="title">Written through Varnish</h1>');
    expect(renewed.body).not.toContain('Lost update');
    expect((await send(page)).body).toBe(renewed.body);

    const again = await getOnceStale(page);
    expect(again.headers['x-cache-status']).toBe('MISS');
    expect(again.body).toBe(renewed.body);
    expect(conditionalsAt(app, '/entries/8/page', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[8], 200],
      [entryTag(2), renewed.headers['last-modified'], 304],
    ]);
  });

  it('weak tags: with Varnish compressing the page (beresp.do_gzip) its copy\'s ETag is W/"v1", it revalidates with If-None-Match: W/"v1" and the sample answers 304 (weak comparison); the archive\'s weak body tag passes through to a 304', async () => {
    const app = sample!;
    const url = `${varnish!.url}/gzip/entries/9/page`;
    const gzip = { 'Accept-Encoding': 'gzip' };
    const since = app.seen.length;

    const compressed = await send(url, { headers: gzip });
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.etag).toBe(`W/${entryTag(1)}`);
    expect(gunzipSync(Buffer.from(compressed.body, 'latin1')).toString('utf8')).toContain(
      '<h1 id="title">Entry 9</h1>',
    );
    const fromCopy = await send(url, { headers: { ...gzip, 'If-None-Match': `W/${entryTag(1)}` } });
    expect(fromCopy.status).toBe(304);
    expect(fromCopy.headers['x-cache-status']).toBe('HIT');

    const builds = (await app.stats()).entryPage.builds;
    const revalidated = await getOnceStale(url, gzip);
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.etag).toBe(`W/${entryTag(1)}`);
    expect(revalidated.body).toBe(compressed.body);
    expect(conditionalsAt(app, '/entries/9/page', since)).toEqual([
      [undefined, undefined, 200],
      [`W/${entryTag(1)}`, SEEDED[9], 304],
    ]);
    expect((await app.stats()).entryPage.builds).toBe(builds);

    // A weak tag of the app's own (the archive's, from its body), through the pass route.
    const archive = await send(`${varnish!.url}/blogs/1/archive`);
    expect(archive.status).toBe(200);
    expect(archive.headers['x-cache-status']).toBe('PASS');
    const weakTag = archive.headers.etag as string;
    expect(weakTag).toMatch(/^W\//);
    const notModified = await send(`${varnish!.url}/blogs/1/archive`, { headers: { 'If-None-Match': weakTag } });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe('');
    expect(
      app.getsOf('/blogs/1/archive', since).map((request) => [request.headers['if-none-match'], request.status]),
    ).toEqual([
      [undefined, 200],
      [weakTag, 304],
    ]);
  });

  it("no-cache and private routes are passed: the client's own If-None-Match reaches the sample, which answers 304; one user's tag is no good for another", async () => {
    const app = sample!;
    const since = app.seen.length;
    const entry = await send(`${varnish!.url}/entries/10`);
    expect(entry.status).toBe(200);
    expect(entry.headers['x-cache-status']).toBe('PASS');
    expect(entry.headers['cache-control']).toBe('no-cache');
    const entryBuilds = (await app.stats()).entry.builds;
    const notModified = await send(`${varnish!.url}/entries/10`, {
      headers: { 'If-None-Match': entryTag(1), 'If-Modified-Since': SEEDED[10] },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(entryTag(1));
    expect(conditionalsAt(app, '/entries/10', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[10], 304],
    ]);
    expect((await app.stats()).entry.builds).toBe(entryBuilds);

    const alice = await send(`${varnish!.url}/me/entries`, { headers: { Authorization: 'Bearer alice-token' } });
    expect(alice.status).toBe(200);
    expect(alice.headers['cache-control']).toBe('private, no-cache');
    expect(alice.headers.vary).toBe('Authorization');
    const aliceTag = alice.headers.etag as string;
    expect(
      (
        await send(`${varnish!.url}/me/entries`, {
          headers: { Authorization: 'Bearer alice-token', 'If-None-Match': aliceTag },
        })
      ).status,
    ).toBe(304);
    const bob = await send(`${varnish!.url}/me/entries`, {
      headers: { Authorization: 'Bearer bob-token', 'If-None-Match': aliceTag },
    });
    expect(bob.status).toBe(200);
    expect(JSON.parse(bob.body).user).toBe('bob');
  });

  it("the traps of the VCL: without pass a no-cache route loses the client's If-None-Match (built every time); a stored copy with TTL 0 s is never revalidated, 1 ms is; with the default grace the first client after an edit gets the old page", async () => {
    const app = sample!;
    const v = varnish!.url;

    // Without pass: the builtin VCL does not store the no-cache answer and sends no
    // conditional header; Varnish answers the client's If-None-Match itself, from the fresh 200.
    let since = app.seen.length;
    let builds = (await app.stats()).entry.builds;
    expect((await send(`${v}/through-the-cache/entries/11`)).status).toBe(200);
    const conditional = await send(`${v}/through-the-cache/entries/11`, {
      headers: { 'If-None-Match': entryTag(1), 'If-Modified-Since': SEEDED[11] },
    });
    expect(conditional.status).toBe(304);
    expect(conditional.headers['x-cache-status']).toBe('MISS');
    expect(conditionalsAt(app, '/entries/11', since)).toEqual([
      [undefined, undefined, 200],
      [undefined, undefined, 200],
    ]);
    expect((await app.stats()).entry.builds).toBe(builds + 2);

    // no-cache stored anyway (TTL set in VCL, return (deliver)): 1 ms is revalidated...
    since = app.seen.length;
    builds = (await app.stats()).entry.builds;
    // (A few ms apart: within 1 ms of a revalidation the renewed copy is still fresh.)
    for (let i = 0; i < 3; i++) {
      await sleep(5);
      expect((await send(`${v}/stored-1ms/entries/11`)).status).toBe(200);
    }
    expect(conditionalsAt(app, '/entries/11', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[11], 304],
      [entryTag(1), SEEDED[11], 304],
    ]);
    expect((await app.stats()).entry.builds).toBe(builds + 1);
    // ...0 s never: Varnish's lookup skips an object with TTL 0, whatever its keep.
    since = app.seen.length;
    for (let i = 0; i < 3; i++) expect((await send(`${v}/stored-0s/entries/11`)).status).toBe(200);
    expect(conditionalsAt(app, '/entries/11', since)).toEqual([
      [undefined, undefined, 200],
      [undefined, undefined, 200],
      [undefined, undefined, 200],
    ]);

    // The default grace (10 s): the copy past its TTL is served at once, revalidated behind.
    const page = `${v}/with-grace/entries/11/page`;
    since = app.seen.length;
    expect((await send(page)).headers['x-cache-status']).toBe('MISS');
    expect((await putEntry(v, 11, entryTag(1), 'Edited under grace')).status).toBe(200);
    const first = await getOnceStale(page);
    expect(first.headers['x-cache-status']).toBe('STALE');
    expect(first.headers.etag).toBe(entryTag(1));
    expect(first.body).toContain('<h1 id="title">Entry 11</h1>');
    // The background revalidation (If-None-Match "v1", a 200) lands a moment later.
    const deadline = Date.now() + 5_000;
    let next = await send(page);
    while (!next.body.includes('Edited under grace') && Date.now() < deadline) {
      await sleep(50);
      next = await send(page);
    }
    expect(next.headers.etag).toBe(entryTag(2));
    expect(next.body).toContain('<h1 id="title">Edited under grace</h1>');
    expect(conditionalsAt(app, '/entries/11/page', since)).toEqual([
      [undefined, undefined, 200],
      [entryTag(1), SEEDED[11], 200],
    ]);
  });
});
