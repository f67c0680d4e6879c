import { PLATFORMS } from '../e2e/support/platforms';
import { useFreshSample } from './support/sample-app';
import { expectBodilessNotModified } from '../e2e/support/expectations';
import { entryTag } from './support/sample-etags';

const NEWEST_ENTRY = 'Sun, 01 Nov 2026 09:00:00 GMT';

describe.each(PLATFORMS)('the sample archive (validators from the response) on $platform', (platform) => {
  const client = useFreshSample(platform);
  const archiveStats = async () => (await client().get('/stats').expect(200)).body.archive;

  it('200 with an ETag of the body and the newest updatedAt; 304 for a current copy, built each time; a new ETag after an edit', async () => {
    const first = await client().get('/blogs/1/archive');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(300);
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['last-modified']).toBe(NEWEST_ENTRY);
    expect(first.headers['cache-control']).toBe('no-cache');

    const notModified = await client().get('/blogs/1/archive').set('If-None-Match', first.headers.etag);
    expectBodilessNotModified(notModified);
    expect(notModified.headers.etag).toBe(first.headers.etag);
    expect(notModified.headers['cache-control']).toBe('no-cache');
    expectBodilessNotModified(await client().get('/blogs/1/archive').set('If-Modified-Since', NEWEST_ENTRY));
    // The handler ran every time: a body ETag saves the transfer, not the build.
    expect(await archiveStats()).toEqual({ requests: 3, builds: 3, buildsAvoided: 0 });

    const edit = await client()
      .put('/entries/7')
      .set('Content-Type', 'application/json')
      .set('If-Match', entryTag(1))
      .send({ title: 'Edited', body: 'New text' });
    expect(edit.status).toBe(200);
    const after = await client().get('/blogs/1/archive').set('If-None-Match', first.headers.etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.body.items.find((item: { id: number }) => item.id === 7).title).toBe('Edited');
  });

  it('an unknown blog is a 404 with no validator (and the restrictive no-cache); a bad id a 400', async () => {
    const missing = await client().get('/blogs/2/archive').set('If-None-Match', '*');
    expect(missing.status).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    expect(missing.headers['last-modified']).toBeUndefined();
    // no-cache only restricts caching: the 404 keeps it.
    expect(missing.headers['cache-control']).toBe('no-cache');
    expect((await client().get('/blogs/abc/archive')).status).toBe(400);
  });
});
