import request from 'supertest';
import { combineEntityTags, formatHttpDate, toEntityTag } from '../../src';
import { calls } from './fixtures/call-log';
import { elementsApp, layout, notes, resetNotes } from './fixtures/elements.app';
import { PLATFORMS, type RunningApp, startApp, useApp } from './support/platforms';

/**
 * Validators composed of elements, over real HTTP: the class's added elements, a route's own
 * list, the newest of several times, and the module's representation version and earliest
 * Last-Modified. Every tag is recomputed here from its elements with the pure core, so a test
 * fails if the route combines anything else, in another order, or leaves an element out.
 */

const tagOf = (own: string[], added: string[] = [], representationVersion?: string) =>
  combineEntityTags([...own, ...added].map(toEntityTag), representationVersion)!.value;
const alice = { 'X-User': 'alice' };
const NOTE_UPDATED = Date.UTC(2026, 0, 12, 9);

describe.each(PLATFORMS)('validator elements on $platform', (platform) => {
  const client = useApp(platform, elementsApp());
  beforeEach(resetNotes);

  it("a class's added element joins the route's own ETag: the version leads, the user follows", async () => {
    const response = await client().get('/me/notes/1').set(alice);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(tagOf(['v3'], ['user-alice']));
    expect(response.headers.etag).toMatch(/^"v3\.[A-Za-z0-9_-]{16}"$/);
    expect(response.body).toMatchObject({ text: 'first', version: 3 });
    expect(calls.count('handler:findOne')).toBe(1);
    expect(calls.count('element:user')).toBe(1);
  });

  it('answers 304 on the combined tag without running the handler, after calling each element once', async () => {
    const response = await client()
      .get('/me/notes/1')
      .set(alice)
      .set('If-None-Match', tagOf(['v3'], ['user-alice']));
    expect(response.status).toBe(304);
    expect(response.text).toBe('');
    expect(response.headers.etag).toBe(tagOf(['v3'], ['user-alice']));
    expect(calls.count('handler:findOne')).toBe(0);
    expect(calls.count('element:version')).toBe(1);
    expect(calls.count('element:user')).toBe(1);
  });

  it("one user's copy never validates another's, at the same version (the bare version tag would)", async () => {
    const bob = await client().get('/me/notes/1').set('X-User', 'bob');
    expect(bob.headers.etag).toBe(tagOf(['v3'], ['user-bob']));
    const withAlicesTag = await client()
      .get('/me/notes/1')
      .set('X-User', 'bob')
      .set('If-None-Match', tagOf(['v3'], ['user-alice']));
    expect(withAlicesTag.status).toBe(200);
    expect(withAlicesTag.body.text).toBe('bob');
    expect(calls.count('handler:findOne')).toBe(2);
  });

  it("the app's guard runs first: no user, a 401, and no element called", async () => {
    const response = await client().get('/me/notes/1').set('If-None-Match', '*');
    expect(response.status).toBe(401);
    expect(calls.count('element:version') + calls.count('element:user') + calls.count('element:layout')).toBe(0);
  });

  it("Last-Modified is the newest of the route's time and the class's added one", async () => {
    const older = await client().get('/me/notes/1').set(alice);
    expect(older.headers['last-modified']).toBe(formatHttpDate(NOTE_UPDATED));
    layout.modifiedAt = Date.UTC(2026, 0, 20);
    const relaid = await client().get('/me/notes/1').set(alice).set('If-Modified-Since', formatHttpDate(NOTE_UPDATED));
    expect(relaid.status).toBe(200);
    expect(relaid.headers['last-modified']).toBe(formatHttpDate(Date.UTC(2026, 0, 20)));
    const fresh = await client()
      .get('/me/notes/1')
      .set(alice)
      .set('If-Modified-Since', formatHttpDate(Date.UTC(2026, 0, 20)));
    expect(fresh.status).toBe(304);
    expect(calls.count('handler:findOne')).toBe(2);
  });

  it("a route's own list of elements, one asynchronous: each value in the tag, in order", async () => {
    const en = await client().get('/me/notes/1/translated').set(alice);
    const fr = await client().get('/me/notes/1/translated?lang=fr').set(alice);
    expect(en.headers.etag).toBe(tagOf(['v3', 'lang-en'], ['user-alice']));
    expect(fr.headers.etag).toBe(tagOf(['v3', 'lang-fr'], ['user-alice']));
    const notModified = await client()
      .get('/me/notes/1/translated?lang=fr')
      .set(alice)
      .set('If-None-Match', fr.headers.etag);
    expect(notModified.status).toBe(304);
    expect(calls.count('handler:translated')).toBe(2);
    expect(calls.count('element:language')).toBe(3);
  });

  it('added elements never make a validator: a route with only a Last-Modified gets no ETag, and its user element is not called', async () => {
    const response = await client().get('/me/notes/1/dates').set(alice);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['last-modified']).toBe(formatHttpDate(NOTE_UPDATED));
    expect(calls.count('element:user')).toBe(0);
  });

  it('an ETag from the body is left alone: the body tag, no user element called', async () => {
    const response = await client().get('/me/notes/1/rendered').set(alice);
    expect(response.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9_-]{27}"$/);
    expect(calls.count('element:user')).toBe(0);
    expect(calls.count('handler:rendered')).toBe(1);
  });

  it("a write with the combined tag: the compare-and-set reads the version in front; the response's ETag is the next GET's", async () => {
    const put = await client()
      .put('/me/notes/1')
      .set(alice)
      .set('If-Match', tagOf(['v3'], ['user-alice']))
      .send({ text: 'second' });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(tagOf(['v4'], ['user-alice']));
    expect(notes.get('alice/1')).toMatchObject({ text: 'second', version: 4 });
    const next = await client().get('/me/notes/1').set(alice);
    expect(next.headers.etag).toBe(put.headers.etag);
  });

  it("a stale tag, or another user's tag at the same version, is a 412 that writes nothing and never runs the handler", async () => {
    for (const stale of [tagOf(['v2'], ['user-alice']), tagOf(['v3'], ['user-bob']), '"v3"']) {
      const put = await client().put('/me/notes/1').set(alice).set('If-Match', stale).send({ text: 'lost' });
      expect(put.status).toBe(412);
    }
    expect(notes.get('alice/1')).toMatchObject({ text: 'first', version: 3 });
    expect(calls.count('handler:put')).toBe(0);
  });

  it('an ETag element that rejects while the Last-Modified throws: the thrown error answers, and no rejection is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const response = await client().get('/me/notes/1/failing').set(alice);
      expect(response.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
      expect(calls.count('handler:failing')).toBe(0);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('HEAD: the same combined ETag as GET, no body', async () => {
    const head = await client().head('/me/notes/1').set(alice);
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(tagOf(['v3'], ['user-alice']));
    expect(head.text).toBeUndefined();
    const notModified = await client().head('/me/notes/1').set(alice).set('If-None-Match', head.headers.etag);
    expect(notModified.status).toBe(304);
  });

  it("the route's validatorTimeout bounds its elements together: one that never settles is a 500, the handler not run", async () => {
    const response = await client().get('/me/notes/1/slow').set(alice);
    expect(response.status).toBe(500);
    expect(calls.count('handler:slow')).toBe(0);
  });

  it('If-Match: * on a note that does not exist is a 412: the added user element does not make it exist', async () => {
    const put = await client().put('/me/notes/9').set(alice).set('If-Match', '*').send({ text: 'x' });
    expect(put.status).toBe(412);
    expect(notes.has('alice/9')).toBe(false);
    expect(calls.count('element:user')).toBe(1);
  });

  it('a weak added element makes the tag weak: If-None-Match matches (weak comparison), If-Match never does (strong)', async () => {
    const read = await client().get('/weak');
    expect(read.headers.etag).toBe(
      combineEntityTags([toEntityTag('"v1"'), toEntityTag('W/"rendered-by-hand"')])!.value,
    );
    expect(read.headers.etag).toMatch(/^W\/"v1\./);
    expect((await client().get('/weak').set('If-None-Match', read.headers.etag)).status).toBe(304);
    const write = await client().put('/weak').set('If-Match', read.headers.etag);
    expect(write.status).toBe(412);
    expect(calls.count('handler:weak-write')).toBe(0);
  });

  it('If-None-Match: * creates: without a note, the route has no ETag, whatever the user element says', async () => {
    const put = await client().put('/me/notes/2').set(alice).set('If-None-Match', '*').send({ text: 'new' });
    expect(put.status).toBe(201);
    expect(put.headers.etag).toBe(tagOf(['v1'], ['user-alice']));
    expect(notes.get('alice/2')).toMatchObject({ text: 'new', version: 1 });
    const again = await client().put('/me/notes/2').set(alice).set('If-None-Match', '*').send({ text: 'twice' });
    expect(again.status).toBe(412);
    expect(notes.get('alice/2')).toMatchObject({ text: 'new' });
  });
});

describe.each(PLATFORMS)(
  'a representation version on $platform: a deploy changes every ETag made from validators',
  (platform) => {
    let release1: RunningApp;
    let release2: RunningApp;
    beforeAll(async () => {
      release1 = await startApp(platform, elementsApp({ representationVersion: '1.0.0' }));
      release2 = await startApp(platform, elementsApp({ representationVersion: '1.0.1' }));
    });
    afterAll(async () => {
      await release1.close();
      await release2.close();
    });
    beforeEach(resetNotes);

    it("the same data, another release: another ETag; a client's old copy gets a 200 from the new release, a 304 from its own", async () => {
      const old = await request(release1.url).get('/me/notes/1').set(alice);
      expect(old.headers.etag).toBe(tagOf(['v3'], ['user-alice'], '1.0.0'));
      const sameRelease = await request(release1.url)
        .get('/me/notes/1')
        .set(alice)
        .set('If-None-Match', old.headers.etag);
      expect(sameRelease.status).toBe(304);
      const deployed = await request(release2.url).get('/me/notes/1').set(alice).set('If-None-Match', old.headers.etag);
      expect(deployed.status).toBe(200);
      expect(deployed.headers.etag).toBe(tagOf(['v3'], ['user-alice'], '1.0.1'));
      expect(deployed.headers.etag).not.toBe(old.headers.etag);
      expect(deployed.body).toMatchObject({ text: 'first' });
      expect(calls.count('handler:findOne')).toBe(2);
    });

    it("a route's own list of elements is mixed too, the version still in front", async () => {
      const translated = await request(release1.url).get('/me/notes/1/translated').set(alice);
      expect(translated.headers.etag).toBe(tagOf(['v3', 'lang-en'], ['user-alice'], '1.0.0'));
    });

    it('a write with a tag from before the deploy is a 412 (the client re-reads), with the new one a 200', async () => {
      const old = tagOf(['v3'], ['user-alice'], '1.0.0');
      const refused = await request(release2.url)
        .put('/me/notes/1')
        .set(alice)
        .set('If-Match', old)
        .send({ text: 'x' });
      expect(refused.status).toBe(412);
      expect(notes.get('alice/1')).toMatchObject({ version: 3 });
      const current = (await request(release2.url).get('/me/notes/1').set(alice)).headers.etag;
      const put = await request(release2.url)
        .put('/me/notes/1')
        .set(alice)
        .set('If-Match', current)
        .send({ text: 'y' });
      expect(put.status).toBe(200);
      expect(put.headers.etag).toBe(tagOf(['v4'], ['user-alice'], '1.0.1'));
      expect(notes.get('alice/1')).toMatchObject({ text: 'y', version: 4 });
    });

    it('an ETag from the body is not mixed: the same body, the same tag on both releases', async () => {
      const a = await request(release1.url).get('/me/notes/1/rendered').set(alice);
      const b = await request(release2.url).get('/me/notes/1/rendered').set(alice);
      expect(a.headers.etag).toBeDefined();
      expect(b.headers.etag).toBe(a.headers.etag);
    });
  },
);

describe.each(PLATFORMS)('an earliest Last-Modified on $platform', (platform) => {
  const released = Date.UTC(2026, 0, 15);
  const client = useApp(platform, elementsApp({ earliestLastModified: new Date(released) }));
  beforeEach(resetNotes);

  it.each([
    ['/me/notes/1', 'handler:findOne', 2],
    ['/me/notes/1/dates', 'handler:dates', 2],
    // Read from the result: the 304 is decided once the handler has run.
    ['/me/notes/1/result', 'handler:result', 3],
  ] as const)(
    '%s: an older Last-Modified is sent as the release time; a copy from before it gets a 200, one since it a 304',
    async (path, handler, handlerRuns) => {
      const response = await client().get(path).set(alice);
      expect(response.status).toBe(200);
      expect(response.headers['last-modified']).toBe(formatHttpDate(released));
      const before = await client().get(path).set(alice).set('If-Modified-Since', formatHttpDate(NOTE_UPDATED));
      expect(before.status).toBe(200);
      const since = await client().get(path).set(alice).set('If-Modified-Since', formatHttpDate(released));
      expect(since.status).toBe(304);
      expect(since.text).toBe('');
      expect(calls.count(handler)).toBe(handlerRuns);
    },
  );

  it('a newer time is left as it is', async () => {
    layout.modifiedAt = Date.UTC(2026, 0, 20);
    const response = await client().get('/me/notes/1').set(alice);
    expect(response.headers['last-modified']).toBe(formatHttpDate(Date.UTC(2026, 0, 20)));
  });
});
