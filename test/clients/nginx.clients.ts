/**
 * A real caching reverse proxy in front of the sample: Debian's nginx, started here with
 * the config of `support/nginx.ts` (docs/proxies.md's example), `proxy_cache` with
 * `proxy_cache_revalidate on`. The entry page says `s-maxage=1`: nginx keeps it a second,
 * then revalidates it with If-None-Match / If-Modified-Since taken from its stored copy;
 * the sample answers 304 without building the page and nginx serves its stored body
 * (`X-Cache-Status: REVALIDATED`). Writes go through nginx untouched: a stale If-Match is
 * still a 412 that changes nothing.
 *
 * What the sample received is recorded on its HTTP server; what it built, by `/stats`.
 *
 * Can these tests fail? Checked once, on a copy of the tree (git archive), then thrown away:
 * - `ConditionalGuard.canActivate` returning `true` on its first line (the library off):
 *   the 8 tests of the library here (4 a platform) fail (Express's own body ETag or none, the
 *   bare PUT a 200, no 304);
 * - `evaluatePreconditions` always returning 'proceed' (validators sent, never a 304 or
 *   412): the same 8 fail: X-Cache-Status EXPIRED instead of REVALIDATED (the sample answered
 *   nginx's conditional request with a 200 and built the page), the stale PUT a 200 that
 *   overwrote the entry, the weak and pass-through If-None-Match 200s.
 * The last test of each platform documents nginx (why the pass-through location), not the
 * library: it passes either way.
 */
import { gunzipSync } from 'node:zlib';
import { PLATFORMS } from '../e2e/support/platforms';
import { getOnceStale, send } from './support/http';
import { startNginx, type RunningNginx } from './support/nginx';
import { SEEDED, startSample, type RunningSample } from './support/sample';
import { entryTag } from '../sample/support/sample-etags';

const json = { 'Content-Type': 'application/json' };

describe.each(PLATFORMS)('nginx proxy_cache in front of the sample on $platform', (platform) => {
  let sample: RunningSample | undefined;
  let nginx: RunningNginx | undefined;

  beforeAll(async () => {
    sample = await startSample(platform);
    nginx = await startNginx(new URL(sample.url).host);
  });
  afterAll(async () => {
    await nginx?.close();
    await sample?.close();
  });

  it('an expired copy: nginx revalidates with If-None-Match and If-Modified-Since, the sample answers 304 without building the page, nginx serves its stored body (200, REVALIDATED)', async () => {
    const app = sample!;
    const url = `${nginx!.url}/entries/7/page`;
    const since = app.seen.length;

    const stored = await send(url);
    expect(stored.status).toBe(200);
    expect(stored.headers['x-cache-status']).toBe('MISS');
    expect(stored.headers.etag).toBe(entryTag(1));
    expect(stored.headers['last-modified']).toBe(SEEDED[7]);
    expect(stored.headers['cache-control']).toBe('max-age=0, s-maxage=1');
    expect(stored.body).toContain('<h1 id="title">Entry 7</h1>');
    const first = app.getsOf('/entries/7/page', since);
    expect(first.map((request) => request.status)).toEqual([200]);
    // nginx fetches the page unconditionally the first time.
    expect(first[0].headers['if-none-match']).toBeUndefined();
    expect(first[0].headers['if-modified-since']).toBeUndefined();

    const fresh = await send(url);
    expect(fresh.headers['x-cache-status']).toBe('HIT');
    expect(fresh.body).toBe(stored.body);
    expect(app.getsOf('/entries/7/page', since)).toHaveLength(1);

    const revalidated = await getOnceStale(url);
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers['x-cache-status']).toBe('REVALIDATED');
    expect(revalidated.body).toBe(stored.body);
    expect(revalidated.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(revalidated.headers['content-length']).toBe(String(Buffer.byteLength(stored.body, 'latin1')));
    expect(revalidated.headers.etag).toBe(entryTag(1));
    expect(revalidated.headers['last-modified']).toBe(SEEDED[7]);
    expect(revalidated.headers['cache-control']).toBe('max-age=0, s-maxage=1');

    // nginx's conditional request, as the sample received it, and the sample's 304.
    const atServer = app.getsOf('/entries/7/page', since);
    expect(atServer.map((request) => request.status)).toEqual([200, 304]);
    expect(atServer[1].headers['if-none-match']).toBe(entryTag(1));
    expect(atServer[1].headers['if-modified-since']).toBe(SEEDED[7]);
    expect((await app.stats()).entryPage).toMatchObject({ builds: 1 });

    // The 304 carried the route's Cache-Control: nginx keeps the copy another second.
    expect((await send(url)).headers['x-cache-status']).toBe('HIT');
  });

  it('writes through nginx: a stale If-Match PUT is 412 and changes nothing, the right one 200; the next revalidation gets the new page, then 304s again', async () => {
    const app = sample!;
    const page = `${nginx!.url}/entries/8/page`;
    const since = app.seen.length;
    expect((await send(page)).headers['x-cache-status']).toBe('MISS');

    const bare = await send(`${nginx!.url}/entries/8`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ title: 'No precondition', body: '...' }),
    });
    expect(bare.status).toBe(428);

    const written = await send(`${nginx!.url}/entries/8`, {
      method: 'PUT',
      headers: { ...json, 'If-Match': entryTag(1) },
      body: JSON.stringify({ title: 'Written through nginx', body: 'First writer.' }),
    });
    expect(written.status).toBe(200);
    expect(written.headers.etag).toBe(entryTag(2));

    const stale = await send(`${nginx!.url}/entries/8`, {
      method: 'PUT',
      headers: { ...json, 'If-Match': entryTag(1) },
      body: JSON.stringify({ title: 'Lost update', body: 'Second writer, stale tag.' }),
    });
    expect(stale.status).toBe(412);
    const puts = app.seen.slice(since).filter((request) => request.method === 'PUT');
    expect(puts.map((request) => [request.headers['if-match'], request.status])).toEqual([
      [undefined, 428],
      [entryTag(1), 200],
      [entryTag(1), 412],
    ]);
    const direct = JSON.parse((await send(`${app.url}/entries/8`)).body);
    expect(direct).toMatchObject({ title: 'Written through nginx', body: 'First writer.', version: 2 });

    const renewed = await getOnceStale(page);
    expect(renewed.status).toBe(200);
    expect(renewed.headers['x-cache-status']).toBe('EXPIRED');
    expect(renewed.headers.etag).toBe(entryTag(2));
    expect(renewed.body).toContain('<h1 id="title">Written through nginx</h1>');
    expect(renewed.body).not.toContain('Lost update');

    const again = await getOnceStale(page);
    expect(again.headers['x-cache-status']).toBe('REVALIDATED');
    expect(again.body).toBe(renewed.body);

    const atServer = app.getsOf('/entries/8/page', since);
    expect(atServer.map((request) => [request.headers['if-none-match'], request.status])).toEqual([
      [undefined, 200],
      [entryTag(1), 200],
      [entryTag(2), 304],
    ]);
  });

  it('gzip: nginx weakens the ETag of the pages it compresses (W/"v1"), an If-None-Match of the weak tag still matches (weak comparison), an If-Match of it does not (strong): the JSON API stays uncompressed', async () => {
    const app = sample!;
    const page = `${nginx!.url}/entries/9/page`;
    const gzip = { 'Accept-Encoding': 'gzip' };

    const compressed = await send(page, { headers: gzip });
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.etag).toBe(`W/${entryTag(1)}`);
    expect(compressed.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(Buffer.from(compressed.body, 'latin1')).toString('utf8')).toContain(
      '<h1 id="title">Entry 9</h1>',
    );

    // From nginx's fresh copy...
    const fromCache = await send(page, { headers: { ...gzip, 'If-None-Match': `W/${entryTag(1)}` } });
    expect(fromCache.status).toBe(304);
    expect(fromCache.headers['x-cache-status']).toBe('HIT');
    // ...and from the sample itself, the weak tag naming its strong one.
    const builds = (await app.stats()).entryPage.builds;
    const fromSample = await send(`${app.url}/entries/9/page`, { headers: { 'If-None-Match': `W/${entryTag(1)}` } });
    expect(fromSample.status).toBe(304);
    expect(fromSample.body).toBe('');
    expect((await app.stats()).entryPage.builds).toBe(builds);

    // The JSON API is not compressed (gzip_types leaves application/json out): its strong
    // ETags survive for If-Match, which compares strongly. A weakened tag would be refused.
    const since = app.seen.length;
    const entry = await send(`${nginx!.url}/entries/9`, { headers: gzip });
    expect(entry.headers['content-encoding']).toBeUndefined();
    expect(entry.headers.etag).toBe(entryTag(1));
    const weakRead = await send(`${nginx!.url}/entries/9`, {
      headers: { ...gzip, 'If-None-Match': `W/${entryTag(1)}` },
    });
    expect(weakRead.status).toBe(304);
    const weakWrite = await send(`${nginx!.url}/entries/9`, {
      method: 'PUT',
      headers: { ...gzip, ...json, 'If-Match': `W/${entryTag(1)}` },
      body: JSON.stringify({ title: 'Weak tag', body: 'Refused.' }),
    });
    expect(weakWrite.status).toBe(412);
    const strongWrite = await send(`${nginx!.url}/entries/9`, {
      method: 'PUT',
      headers: { ...gzip, ...json, 'If-Match': entryTag(1) },
      body: JSON.stringify({ title: 'Strong tag', body: 'Accepted.' }),
    });
    expect(strongWrite.status).toBe(200);
    expect(strongWrite.headers['content-encoding']).toBeUndefined();
    expect(strongWrite.headers.etag).toBe(entryTag(2));
    expect(
      app.seen
        .slice(since)
        .map((request) => [
          request.method,
          request.headers['if-none-match'] ?? request.headers['if-match'],
          request.status,
        ]),
    ).toEqual([
      ['GET', undefined, 200],
      ['GET', `W/${entryTag(1)}`, 304],
      ['PUT', `W/${entryTag(1)}`, 412],
      ['PUT', entryTag(1), 200],
    ]);
  });

  it("no-cache and private routes pass through: the client's own If-None-Match reaches the sample, which answers 304; one user's tag is no good for another", async () => {
    const app = sample!;
    const since = app.seen.length;
    const entry = await send(`${nginx!.url}/entries/10`);
    expect(entry.status).toBe(200);
    expect(entry.headers['x-cache-status']).toBeUndefined();
    expect(entry.headers['cache-control']).toBe('no-cache');
    const entryBuilds = (await app.stats()).entry.builds;
    const notModified = await send(`${nginx!.url}/entries/10`, {
      headers: { 'If-None-Match': entryTag(1), 'If-Modified-Since': SEEDED[10] },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(entryTag(1));
    expect(
      app.getsOf('/entries/10', since).map((request) => [request.headers['if-none-match'], request.status]),
    ).toEqual([
      [undefined, 200],
      [entryTag(1), 304],
    ]);
    expect((await app.stats()).entry.builds).toBe(entryBuilds);

    const alice = await send(`${nginx!.url}/me/entries`, { headers: { Authorization: 'Bearer alice-token' } });
    expect(alice.status).toBe(200);
    expect(alice.headers['cache-control']).toBe('private, no-cache');
    // The sample's Vary, passed on (JSON is not compressed, so gzip_vary adds nothing).
    expect(alice.headers.vary).toBe('Authorization');
    const aliceTag = alice.headers.etag as string;
    expect(
      (
        await send(`${nginx!.url}/me/entries`, {
          headers: { Authorization: 'Bearer alice-token', 'If-None-Match': aliceTag },
        })
      ).status,
    ).toBe(304);
    const bob = await send(`${nginx!.url}/me/entries`, {
      headers: { Authorization: 'Bearer bob-token', 'If-None-Match': aliceTag },
    });
    expect(bob.status).toBe(200);
    expect(JSON.parse(bob.body).user).toBe('bob');
  });

  it("why no-cache routes need that pass-through location: behind proxy_cache, nginx drops the client's If-None-Match and does not store the answer, so the client gets 200s and the sample builds every time", async () => {
    const app = sample!;
    const since = app.seen.length;
    const url = `${nginx!.url}/through-the-cache/entries/11`;
    const builds = (await app.stats()).entry.builds;
    const first = await send(url);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe(entryTag(1));
    const conditional = await send(url, { headers: { 'If-None-Match': entryTag(1), 'If-Modified-Since': SEEDED[11] } });
    expect(conditional.status).toBe(200);
    expect(conditional.headers['x-cache-status']).toBe('MISS');
    const atServer = app.getsOf('/entries/11', since);
    expect(
      atServer.map((request) => [
        request.headers['if-none-match'],
        request.headers['if-modified-since'],
        request.status,
      ]),
    ).toEqual([
      [undefined, undefined, 200],
      [undefined, undefined, 200],
    ]);
    expect((await app.stats()).entry.builds).toBe(builds + 2);
  });
});
