import { PLATFORMS } from '../e2e/support/platforms';
import { useFreshSample } from './support/sample-app';
import { expectBodilessNotModified } from '../e2e/support/expectations';
import { entryTag, listTag, myEntriesTag } from './support/sample-etags';

const NEWEST_ENTRY = 'Sun, 01 Nov 2026 09:00:00 GMT';
const json = { 'Content-Type': 'application/json' };

describe.each(PLATFORMS)('the sample blog on $platform', (platform) => {
  // A fresh app (and a freshly seeded store) per test: each test tells a whole story.
  const client = useFreshSample(platform);
  const stats = async () => (await client().get('/stats').expect(200)).body;

  it('an entry: 200 with validators, 304, stale PUT 412 with nothing changed, right PUT 200 with a new ETag, next GET 200 with the new version, /stats showing the builds avoided', async () => {
    const first = await client().get('/entries/7').expect(200);
    expect(first.headers.etag).toBe(entryTag(1));
    expect(first.headers['last-modified']).toBe('Mon, 12 Jan 2026 09:00:00 GMT');
    expect(first.body).toMatchObject({ id: 7, title: 'Entry 7', version: 1 });

    expectBodilessNotModified(await client().get('/entries/7').set('If-None-Match', entryTag(1)));
    expectBodilessNotModified(await client().head('/entries/7').set('If-None-Match', entryTag(1)));

    const edit = { title: 'Edited', body: 'New text' };
    const updated = await client().put('/entries/7').set(json).set('If-Match', entryTag(1)).send(edit);
    expect(updated.status).toBe(200);
    expect(updated.headers.etag).toBe(entryTag(2));
    expect(updated.body).toEqual({ id: 7, version: 2, title: 'Edited' });

    const stale = await client()
      .put('/entries/7')
      .set(json)
      .set('If-Match', entryTag(1))
      .send({ title: 'Lost', body: 'update' });
    expect(stale.status).toBe(412);
    const afterStale = await client().get('/entries/7').set('If-None-Match', entryTag(1));
    expect(afterStale.status).toBe(200);
    expect(afterStale.headers.etag).toBe(entryTag(2));
    expect(afterStale.body).toMatchObject({ title: 'Edited', body: 'New text', version: 2 });

    expect((await stats()).entry).toEqual({ requests: 4, builds: 2, buildsAvoided: 2 });
  });

  it("the front page: Last-Modified from the blog's modification time, 304 until an entry is written", async () => {
    const page = await client().get('/blogs/1').expect(200);
    expect(page.headers['last-modified']).toBe(NEWEST_ENTRY);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.entries).toHaveLength(300);

    const revalidated = await client().get('/blogs/1').set('If-Modified-Since', NEWEST_ENTRY);
    expectBodilessNotModified(revalidated);
    expect(revalidated.headers['cache-control']).toBe('no-cache');

    await client()
      .put('/entries/301')
      .set(json)
      .set('If-None-Match', '*')
      .send({ title: 'News', body: 'Fresh' })
      .expect(201);
    const changed = await client().get('/blogs/1').set('If-Modified-Since', NEWEST_ENTRY);
    expect(changed.status).toBe(200);
    expect(changed.body.entries).toHaveLength(301);
    expect((await stats()).frontPage).toEqual({ requests: 3, builds: 2, buildsAvoided: 1 });
  });

  it('writes need a precondition: 428 without one; create-only PUT; DELETE with If-Match', async () => {
    const bare = await client().put('/entries/7').set(json).send({ title: 'x', body: 'y' });
    expect(bare.status).toBe(428);
    expect(bare.body.message).toContain('If-Match');

    const created = await client()
      .put('/entries/500')
      .set(json)
      .set('If-None-Match', '*')
      .send({ title: 'New', body: 'entry' });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe(entryTag(1));
    const again = await client()
      .put('/entries/500')
      .set(json)
      .set('If-None-Match', '*')
      .send({ title: 'Again', body: 'entry' });
    expect(again.status).toBe(412);

    await client().delete('/entries/500').set('If-Match', entryTag(0)).expect(412);
    await client().delete('/entries/500').set('If-Match', entryTag(1)).expect(204);
    await client().get('/entries/500').expect(404);
  });

  it('PATCH with If-Match changes one field', async () => {
    const patched = await client()
      .patch('/entries/3')
      .set(json)
      .set('If-Match', entryTag(1))
      .send({ title: 'Renamed' });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ id: 3, version: 2, title: 'Renamed' });
  });

  it("the list: the blog's version in its ETag, moved by a delete", async () => {
    const list = await client().get('/entries').expect(200);
    expect(list.headers.etag).toBe(listTag(1));
    expectBodilessNotModified(await client().get('/entries').set('If-None-Match', list.headers.etag));
    await client().delete('/entries/1').set('If-Match', entryTag(1)).expect(204);
    const shorter = await client().get('/entries').set('If-None-Match', list.headers.etag);
    expect(shorter.status).toBe(200);
    expect(shorter.body.count).toBe(299);
    expect(shorter.headers.etag).toBe(listTag(2));
  });

  it("/me/entries: 401 first, then the user's own validators, private and varying with Authorization", async () => {
    const anonymous = await client().get('/me/entries').set('If-None-Match', '*');
    expect(anonymous.status).toBe(401);

    const alice = await client().get('/me/entries').set('Authorization', 'Bearer alice-token').expect(200);
    expect(alice.headers.etag).toBe(myEntriesTag('alice', 1));
    expect(alice.headers['cache-control']).toBe('private, no-cache');
    expect(alice.headers.vary).toBe('Authorization');
    expect(alice.body).toMatchObject({ user: 'alice', count: 150 });

    const aliceAgain = await client()
      .get('/me/entries')
      .set('Authorization', 'Bearer alice-token')
      .set('If-None-Match', alice.headers.etag);
    expectBodilessNotModified(aliceAgain);
    expect(aliceAgain.headers.vary).toBe('Authorization');
    const bobWithAlicesTag = await client()
      .get('/me/entries')
      .set('Authorization', 'Bearer bob-token')
      .set('If-None-Match', alice.headers.etag);
    expect(bobWithAlicesTag.status).toBe(200);
    expect(bobWithAlicesTag.body.user).toBe('bob');
    expect((await stats()).myEntries).toEqual({ requests: 4, builds: 2, buildsAvoided: 2 });
  });

  it.each([
    ['a non-numeric id', 'get', '/entries/abc', 400],
    ['an unknown entry', 'get', '/entries/99999', 404],
    ['an unknown blog', 'get', '/blogs/2', 404],
    ['a non-numeric blog id', 'get', '/blogs/x', 400],
  ] as const)('%s: %s %s gives %s, never a 500', async (_case, method, path, status) => {
    const response = await client()[method](path);
    expect(response.status).toBe(status);
  });

  it.each([
    ['a malformed JSON body', '{"title": ', 400],
    ['a body without a title', '{"body": "x"}', 400],
  ])('PUT with %s gives %s', async (_case, body, status) => {
    const response = await client().put('/entries/7').set(json).set('If-Match', entryTag(1)).send(body);
    expect(response.status).toBe(status);
  });
});
