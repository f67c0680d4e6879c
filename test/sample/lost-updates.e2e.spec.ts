import request from 'supertest';
import { EntryRepository } from '../../sample/src/blog/entry.repository';
import { PLATFORMS, type RunningApp } from '../e2e/support/platforms';
import { SAMPLE_START_TIMEOUT, startSample } from './support/sample-app';
import { entryTag } from './support/sample-etags';

const WRITERS = 50;

/*
 * The guard's If-Match check and the handler's write are two steps. On the sample's embedded
 * database the 50 requests' validator lookups and writes interleave; only the condition in the
 * write (`UPDATE ... WHERE version = $n`, fed by @WriteCondition()) lets exactly one win. The
 * same race across several processes on a PostgreSQL server, held until all have passed the
 * guard, is in test/postgres.
 */
describe.each(PLATFORMS)('lost updates on the sample ($platform)', (platform) => {
  let running: RunningApp;
  let repository: EntryRepository;
  beforeEach(async () => {
    running = await startSample(platform);
    repository = running.app.get(EntryRepository);
  }, SAMPLE_START_TIMEOUT);
  afterEach(() => running.close());

  it(`${WRITERS} concurrent PUTs with the same If-Match: exactly one 200, ${WRITERS - 1} × 412, and the entry is that one write`, async () => {
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        request(running.url)
          .put('/entries/7')
          .set('If-Match', entryTag(1))
          .send({ title: `writer ${writer}`, body: `text of writer ${writer}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(WRITERS - 1);

    const winner = responses.find((response) => response.status === 200)!;
    expect(winner.headers.etag).toBe(entryTag(2));
    const stored = await repository.find(7);
    expect(stored).toMatchObject({ version: 2, title: winner.body.title, body: `text of ${winner.body.title}` });
  });

  it(`${WRITERS} concurrent create-only PUTs (If-None-Match: *): exactly one 201`, async () => {
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        request(running.url)
          .put('/entries/900')
          .set('If-None-Match', '*')
          .send({ title: `writer ${writer}`, body: 'x' }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(WRITERS - 1);
    expect((await repository.find(900))?.version).toBe(1);
  });
});
