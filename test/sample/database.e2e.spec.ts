import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PLATFORMS, type RunningApp } from '../e2e/support/platforms';
import { SAMPLE_START_TIMEOUT, startSample } from './support/sample-app';
import { entryTag } from './support/sample-etags';

const json = { 'Content-Type': 'application/json' };

/** The sample's embedded database in a directory: what survives a restart, and versions that never repeat. */
describe.each(PLATFORMS)('the sample on its embedded database in a directory ($platform)', (platform) => {
  let dataDir: string;
  let running: RunningApp | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sample-data-'));
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'creates and seeds an empty directory; a delete and re-create goes on counting versions, so an old ETag stays stale; all of it survives a restart',
    async () => {
      running = await startSample(platform, undefined, { dataDir });
      let client = () => request(running!.url);
      expect((await client().get('/entries/7').expect(200)).headers.etag).toBe(entryTag(1));
      await client()
        .put('/entries/7')
        .set(json)
        .set('If-Match', entryTag(1))
        .send({ title: 'Edited', body: 'x' })
        .expect(200);
      await client().delete('/entries/7').set('If-Match', entryTag(2)).expect(204);
      await client().get('/entries/7').expect(404);
      const recreated = await client()
        .put('/entries/7')
        .set(json)
        .set('If-None-Match', '*')
        .send({ title: 'Again', body: 'y' });
      expect(recreated.status).toBe(201);
      expect(recreated.headers.etag).toBe(entryTag(4));
      // The tag of the entry before the delete names no version the new entry ever had.
      await client()
        .put('/entries/7')
        .set(json)
        .set('If-Match', entryTag(2))
        .send({ title: 'Stale', body: 'z' })
        .expect(412);

      await running.close();
      running = await startSample(platform, undefined, { dataDir });
      client = () => request(running!.url);
      const after = await client().get('/entries/7').expect(200);
      expect(after.headers.etag).toBe(entryTag(4));
      expect(after.body).toMatchObject({ title: 'Again', version: 4 });
      // The seed is not applied again: the count is 300, entry 7 included once.
      expect((await client().get('/entries').expect(200)).body.count).toBe(300);
    },
    SAMPLE_START_TIMEOUT * 2,
  );
});
