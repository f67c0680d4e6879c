import { expectBodilessNotModified } from '../e2e/support/expectations';
import { PLATFORMS } from '../e2e/support/platforms';
import { useFreshSample } from './support/sample-app';
import { entryTag } from './support/sample-etags';

// The HTML entry page that test/clients drives Chromium and nginx against (npm run test:clients).
describe.each(PLATFORMS)('the sample entry page on $platform', (platform) => {
  const client = useFreshSample(platform);

  it("HTML with the JSON entry's validators and a shared-cache lifetime; 304 on a matching tag; a write changes it; escaped", async () => {
    const page = await client().get('/entries/7/page').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers.etag).toBe(entryTag(1));
    expect(page.headers['last-modified']).toBe('Mon, 12 Jan 2026 09:00:00 GMT');
    expect(page.headers['cache-control']).toBe('max-age=0, s-maxage=1');
    expect(page.text).toContain('<h1 id="title">Entry 7</h1>');

    const revalidated = await client().get('/entries/7/page').set('If-None-Match', entryTag(1));
    expectBodilessNotModified(revalidated);
    expect(revalidated.headers['cache-control']).toBe('max-age=0, s-maxage=1');
    expectBodilessNotModified(
      await client().get('/entries/7/page').set('If-Modified-Since', 'Mon, 12 Jan 2026 09:00:00 GMT'),
    );

    await client()
      .put('/entries/7')
      .set({ 'Content-Type': 'application/json', 'If-Match': entryTag(1) })
      .send({ title: '<script>alert("x")</script> & co', body: 'New' })
      .expect(200);
    const changed = await client().get('/entries/7/page').set('If-None-Match', entryTag(1)).expect(200);
    expect(changed.headers.etag).toBe(entryTag(2));
    expect(changed.text).toContain('<h1 id="title">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</h1>');
    expect(changed.text).not.toContain('<script>');

    expect((await client().get('/stats').expect(200)).body.entryPage).toEqual({
      requests: 4,
      builds: 2,
      buildsAvoided: 2,
    });
    await client().get('/entries/999/page').expect(404);
  });
});
