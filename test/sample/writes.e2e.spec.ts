import request from 'supertest';
import { EntryRepository } from '../../sample/src/blog/entry.repository';
import { PLATFORMS, type RunningApp } from '../e2e/support/platforms';
import { SAMPLE_START_TIMEOUT, startSample } from './support/sample-app';
import { entryTag } from './support/sample-etags';

const json = { 'Content-Type': 'application/json' };

/** Entry 7 as seeded: version 1, never written. */
const SEEDED_7 = { id: 7, title: 'Entry 7', version: 1 };

/**
 * Spies on the sample's store: `save` records any of the writes that create or change an entry,
 * `remove` the deletes; both still reach the store.
 */
function watchStore(running: RunningApp) {
  const repository = running.app.get(EntryRepository);
  const save = jest.fn();
  for (const write of ['update', 'create', 'patch'] as const) {
    const original = repository[write].bind(repository) as (...args: unknown[]) => unknown;
    jest
      .spyOn(repository, write)
      .mockImplementation(((...args: unknown[]) => (save(...args), original(...args))) as never);
  }
  const remove = jest.spyOn(repository, 'delete');
  return { repository, save, remove };
}

describe.each(PLATFORMS)('writes to the sample that must not happen ($platform)', (platform) => {
  let running: RunningApp;
  let repository: EntryRepository;
  let save: jest.Mock;
  let remove: jest.SpyInstance;
  // A fresh app and database per test: each of these tells a story of writes.
  beforeEach(async () => {
    running = await startSample(platform);
    ({ repository, save, remove } = watchStore(running));
  }, SAMPLE_START_TIMEOUT);
  afterEach(() => running.close());
  const client = () => request(running.url);

  /** Entry 7 is exactly as seeded, through the API and in the store. */
  async function expectEntry7Unchanged(): Promise<void> {
    const current = await client().get('/entries/7');
    expect(current.status).toBe(200);
    expect(current.headers.etag).toBe(entryTag(1));
    expect(current.body).toMatchObject(SEEDED_7);
    expect(await repository.find(7)).toMatchObject({ title: 'Entry 7', version: 1 });
  }

  /** Moves entry 7 to version 2, so that its version-1 ETag is stale. */
  async function editEntry7(): Promise<void> {
    await client()
      .put('/entries/7')
      .set(json)
      .set('If-Match', entryTag(1))
      .send({ title: 'Edited', body: 'New text' })
      .expect(200);
    save.mockClear();
  }

  it('PATCH with a stale If-Match: 412, and nothing changed', async () => {
    await editEntry7();
    const stale = await client()
      .patch('/entries/7')
      .set(json)
      .set('If-Match', entryTag(1))
      .send({ title: 'Lost update' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ statusCode: 412 });
    expect(stale.headers.etag).toBeUndefined();
    expect(save).not.toHaveBeenCalled();
    const current = await client().get('/entries/7').expect(200);
    expect(current.headers.etag).toBe(entryTag(2));
    expect(current.body).toMatchObject({ title: 'Edited', body: 'New text', version: 2 });
  });

  it('PATCH without a precondition: 428 saying what to send, and nothing changed', async () => {
    const bare = await client().patch('/entries/7').set(json).send({ title: 'Unconditional' });
    expect(bare.status).toBe(428);
    expect(bare.body).toMatchObject({
      statusCode: 428,
      error: 'Precondition Required',
      message: expect.stringContaining('If-Match'),
    });
    expect(save).not.toHaveBeenCalled();
    await expectEntry7Unchanged();
  });

  it('PATCH with If-Match: * (does not pin a version): 428, and nothing changed', async () => {
    const star = await client().patch('/entries/7').set(json).set('If-Match', '*').send({ title: 'Whatever is there' });
    expect(star.status).toBe(428);
    expect(save).not.toHaveBeenCalled();
    await expectEntry7Unchanged();
  });

  it('DELETE without a precondition: 428, and the entry is still there', async () => {
    const bare = await client().delete('/entries/7');
    expect(bare.status).toBe(428);
    expect(bare.body).toMatchObject({ statusCode: 428, error: 'Precondition Required' });
    expect(remove).not.toHaveBeenCalled();
    await expectEntry7Unchanged();
  });

  it('DELETE with a stale If-Match: 412, and the entry is still there', async () => {
    await editEntry7();
    const stale = await client().delete('/entries/7').set('If-Match', entryTag(1));
    expect(stale.status).toBe(412);
    expect(remove).not.toHaveBeenCalled();
    const current = await client().get('/entries/7').expect(200);
    expect(current.body).toMatchObject({ id: 7, version: 2, title: 'Edited' });
    expect(await repository.find(7)).toBeDefined();
  });

  it('DELETE with an If-Unmodified-Since before the last change: 412, and the entry is still there', async () => {
    const stale = await client().delete('/entries/7').set('If-Unmodified-Since', 'Sat, 01 Jan 2000 00:00:00 GMT');
    expect(stale.status).toBe(412);
    expect(remove).not.toHaveBeenCalled();
    await expectEntry7Unchanged();
  });
});

// Requests refused before the store is reached change nothing: one app (and database) serves them all.
describe.each(PLATFORMS)('writes refused before the store ($platform)', (platform) => {
  let running: RunningApp;
  let save: jest.Mock;
  let remove: jest.SpyInstance;
  beforeAll(async () => {
    running = await startSample(platform);
    ({ save, remove } = watchStore(running));
  }, SAMPLE_START_TIMEOUT);
  afterAll(() => running.close());
  beforeEach(() => {
    save.mockClear();
    remove.mockClear();
  });
  const client = () => request(running.url);

  const BAD_IDS = ['abc', '0', '-1', '7.5', '1e3', '1234567890'];
  const WRITES = [
    ['PUT', { 'If-Match': entryTag(1) }],
    ['PUT', { 'If-None-Match': '*' }],
    ['PATCH', { 'If-Match': entryTag(1) }],
    ['DELETE', { 'If-Match': entryTag(1) }],
    ['DELETE', { 'If-Unmodified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' }],
  ] as const;
  describe.each(WRITES)('%s with %j and a non-numeric id', (method, headers) => {
    it.each(BAD_IDS)('/entries/%s: 400 (not 500), nothing written', async (id) => {
      const response = await client()
        [method.toLowerCase() as 'put' | 'patch' | 'delete'](`/entries/${id}`)
        .set(json)
        .set(headers)
        .send({ title: 'x', body: 'y' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, message: 'The id must be a positive integer.' });
      expect(save).not.toHaveBeenCalled();
      expect(remove).not.toHaveBeenCalled();
    });
  });

  it.each(['PUT', 'PATCH', 'DELETE'] as const)(
    '%s with a non-numeric id and no precondition: the 428 comes first (before any validator parses the id), never a 500',
    async (method) => {
      const response = await client()
        [method.toLowerCase() as 'put' | 'patch' | 'delete']('/entries/abc')
        .set(json)
        .send({ title: 'x', body: 'y' });
      expect(response.status).toBe(428);
      expect(save).not.toHaveBeenCalled();
      expect(remove).not.toHaveBeenCalled();
    },
  );

  it('and the entry they named is still as seeded', async () => {
    const current = await client().get('/entries/7');
    expect(current.headers.etag).toBe(entryTag(1));
    expect(current.body).toMatchObject(SEEDED_7);
  });
});
