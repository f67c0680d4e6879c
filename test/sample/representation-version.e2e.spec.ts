import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { versionOf } from '../../src';
import { REPRESENTATION_VERSION, representationVersionFromEnv } from '../../sample/src/representation-version';
import { PLATFORMS, type Platform, type RunningApp } from '../e2e/support/platforms';
import { SAMPLE_START_TIMEOUT, startSample } from './support/sample-app';
import { entryTag, myEntriesTag } from './support/sample-etags';

const json = { 'Content-Type': 'application/json' };
const alice = { Authorization: 'Bearer alice-token' };
const bob = { Authorization: 'Bearer bob-token' };
/** Read here as the test's own fact, not through the sample's code. */
const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version;

/** Runs `start` with `APP_VERSION` as given (`undefined`: unset), then puts the variable back. */
async function withAppVersion<T>(value: string | undefined, start: () => Promise<T>): Promise<T> {
  const saved = process.env.APP_VERSION;
  if (value === undefined) delete process.env.APP_VERSION;
  else process.env.APP_VERSION = value;
  try {
    return await start();
  } finally {
    if (saved === undefined) delete process.env.APP_VERSION;
    else process.env.APP_VERSION = saved;
  }
}

/** The sample with `representationVersion` as the deploy's version, over a freshly seeded copy of the data. */
function startDeploy(platform: Platform, representationVersion: string): Promise<RunningApp> {
  return startSample(platform, (builder) =>
    builder.overrideProvider(REPRESENTATION_VERSION).useValue(representationVersion),
  );
}

// An empty APP_VERSION is checked here only: a start that fails leaves the database it was
// opening meanwhile running past the test (main.ts exits the process; a jest worker does not).
describe('representationVersionFromEnv', () => {
  it('is APP_VERSION when set, the package version when unset, and refuses an empty APP_VERSION', () => {
    expect(representationVersionFromEnv({ APP_VERSION: '2.0.0-rc.1' })).toBe('2.0.0-rc.1');
    expect(representationVersionFromEnv({})).toBe(PACKAGE_VERSION);
    expect(() => representationVersionFromEnv({ APP_VERSION: '' })).toThrow(/APP_VERSION is set but empty/);
    expect(() => representationVersionFromEnv({ APP_VERSION: '  ' })).toThrow(/APP_VERSION is set but empty/);
  });
});

/**
 * A deploy that changes only the representation version (`APP_VERSION`): two instances over the
 * same seeded data, as the old and the new release. Every ETag changes, clients' copies from the
 * old release are rebuilt, and writes naming an old tag are refused until the client re-reads.
 */
describe.each(PLATFORMS)('the sample across representation versions ($platform)', (platform) => {
  const running: RunningApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
  });
  const start = async (representationVersion: string) => {
    const app = await startDeploy(platform, representationVersion);
    running.push(app);
    return () => request(app.url);
  };
  const entryStats = async (client: () => ReturnType<typeof request>) =>
    (await client().get('/stats').expect(200)).body.entry;

  it(
    "the same entry's ETag differs between versions, a copy from the old release gets 200 from the new, an old tag's write is 412 and writes nothing, and a write's ETag is the next GET's",
    async () => {
      const [oldRelease, newRelease] = await Promise.all([start('1.0.0'), start('2.0.0')]);

      const fromOld = await oldRelease().get('/entries/7').expect(200);
      const fromNew = await newRelease().get('/entries/7').expect(200);
      expect(fromOld.headers.etag).toBe(entryTag(1, '1.0.0'));
      expect(fromNew.headers.etag).toBe(entryTag(1, '2.0.0'));
      expect(fromNew.headers.etag).not.toBe(fromOld.headers.etag);
      // The version tag still leads both, so compare-and-set writes still read it.
      for (const tag of [fromOld.headers.etag, fromNew.headers.etag]) {
        expect(tag).toMatch(/^"v1\.[A-Za-z0-9_-]{16}"$/);
        expect(versionOf(tag)).toBe(1);
      }
      // Same data: only the representation version differs.
      expect(fromNew.body).toEqual(fromOld.body);

      // The client's copy from the old release: 304 there, the handler rebuilding it on the new.
      const before = await entryStats(newRelease);
      expect((await oldRelease().get('/entries/7').set('If-None-Match', fromOld.headers.etag)).status).toBe(304);
      const rebuilt = await newRelease().get('/entries/7').set('If-None-Match', fromOld.headers.etag);
      expect(rebuilt.status).toBe(200);
      expect(rebuilt.headers.etag).toBe(fromNew.headers.etag);
      expect(rebuilt.body).toMatchObject({ id: 7, version: 1 });
      expect(await entryStats(newRelease)).toEqual({
        requests: before.requests + 1,
        builds: before.builds + 1,
        buildsAvoided: before.buildsAvoided,
      });

      // A write naming the old release's tag: 412, and the entry is as it was.
      const stale = await newRelease()
        .put('/entries/7')
        .set(json)
        .set('If-Match', fromOld.headers.etag)
        .send({ title: 'Lost', body: 'update' });
      expect(stale.status).toBe(412);
      const unchanged = await newRelease().get('/entries/7').expect(200);
      expect(unchanged.body).toMatchObject({ title: 'Entry 7', version: 1 });
      expect(unchanged.headers.etag).toBe(fromNew.headers.etag);

      // Re-read, then write with the new tag: the response's validators are the next GET's.
      const written = await newRelease()
        .put('/entries/7')
        .set(json)
        .set('If-Match', unchanged.headers.etag)
        .send({ title: 'Edited', body: 'New text' });
      expect(written.status).toBe(200);
      expect(written.body).toEqual({ id: 7, version: 2, title: 'Edited' });
      const next = await newRelease().get('/entries/7').expect(200);
      expect(written.headers.etag).toBe(next.headers.etag);
      expect(written.headers.etag).toBe(entryTag(2, '2.0.0'));
      expect(written.headers['last-modified']).toBe(next.headers['last-modified']);
      const patched = await newRelease()
        .patch('/entries/7')
        .set(json)
        .set('If-Match', written.headers.etag)
        .send({ title: 'Patched' });
      expect(patched.status).toBe(200);
      expect(patched.headers.etag).toBe((await newRelease().get('/entries/7').expect(200)).headers.etag);
    },
    SAMPLE_START_TIMEOUT,
  );

  it(
    "/me/entries: two users at the same collection version get different ETags, and one user's ETag sent by another gets 200",
    async () => {
      const client = await start('2.0.0');
      const aliceCopy = await client().get('/me/entries').set(alice).expect(200);
      const bobCopy = await client().get('/me/entries').set(bob).expect(200);
      // Both collections are at version 1: the class-level user element is what tells them apart.
      expect(aliceCopy.headers.etag).toBe(myEntriesTag('alice', 1, '2.0.0'));
      expect(bobCopy.headers.etag).toBe(myEntriesTag('bob', 1, '2.0.0'));
      expect(versionOf(aliceCopy.headers.etag)).toBe(versionOf(bobCopy.headers.etag));
      expect(aliceCopy.headers.etag).not.toBe(bobCopy.headers.etag);

      expect((await client().get('/me/entries').set(alice).set('If-None-Match', aliceCopy.headers.etag)).status).toBe(
        304,
      );
      const bobWithAlicesCopy = await client().get('/me/entries').set(bob).set('If-None-Match', aliceCopy.headers.etag);
      expect(bobWithAlicesCopy.status).toBe(200);
      expect(bobWithAlicesCopy.body).toMatchObject({ user: 'bob' });
      expect(bobWithAlicesCopy.headers.etag).toBe(bobCopy.headers.etag);
    },
    SAMPLE_START_TIMEOUT,
  );

  it(
    'takes the representation version from APP_VERSION at start-up, and the package version when it is unset',
    async () => {
      const unset = await withAppVersion(undefined, () => startSample(platform));
      running.push(unset);
      const fromPackage = await request(unset.url).get('/entries/7').expect(200);
      expect(fromPackage.headers.etag).toBe(entryTag(1, PACKAGE_VERSION));

      const set = await withAppVersion('2026.11.01-abc123', () => startSample(platform));
      running.push(set);
      const fromEnv = await request(set.url).get('/entries/7').expect(200);
      expect(fromEnv.headers.etag).toBe(entryTag(1, '2026.11.01-abc123'));
      expect(fromEnv.headers.etag).not.toBe(fromPackage.headers.etag);
    },
    SAMPLE_START_TIMEOUT,
  );
});
