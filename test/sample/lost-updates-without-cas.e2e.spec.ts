import { setImmediate as nextTurn } from 'node:timers/promises';
import request from 'supertest';
import { AppModule } from '../../sample/src/app.module';
import { type WriteCondition, versionOf } from '../../src';
import { type EntryInput } from '../../sample/src/blog/entry';
import { EntryRepository } from '../../sample/src/blog/entry.repository';
import { seedEntries } from '../../sample/src/blog/seed';
import { PLATFORMS, type RunningApp, startApp } from '../e2e/support/platforms';
import { InMemoryEntryRepository } from './support/in-memory-entry.repository';
import { entryTag } from './support/sample-etags';

const WRITERS = 50;

/**
 * The sample's store, but every write waits until all `WRITERS` writes have reached it: the
 * worst case of a slow database, made deterministic. By then every request has passed the
 * guard's If-Match check (no write has landed yet), so what happens next is decided by the
 * write alone.
 */
class HeldWritesRepository extends InMemoryEntryRepository {
  arrived = 0;
  private release!: () => void;
  private readonly allArrived = new Promise<void>((resolve) => (this.release = resolve));

  protected async held(): Promise<void> {
    if (++this.arrived === WRITERS) this.release();
    await this.allArrived;
  }

  /** The sample's write: a compare-and-set, the check and the write with no `await` between them. */
  override async update(id: number, input: EntryInput, condition: WriteCondition) {
    await this.held();
    return super.update(id, input, condition);
  }
}

/**
 * The same store without the remedy: the write checks the version the guard checked, then
 * awaits (a round trip, as `SELECT` then `UPDATE ... WHERE id = ?` would) before writing, so
 * the check and the write are two steps, like the guard's check and the handler's write.
 */
class CheckThenWriteRepository extends HeldWritesRepository {
  override async update(id: number, input: EntryInput, condition: WriteCondition) {
    await this.held();
    const current = await this.find(id);
    if (current === undefined || (condition.kind === 'match' && current.version !== versionOf(condition.etag)))
      return undefined;
    await nextTurn();
    return InMemoryEntryRepository.prototype.update.call(this, id, input, { kind: 'none' });
  }
}

// Each test starts the whole sample (its embedded database too) and sends 50 writes at once:
// seconds on a loaded 2-core machine, not the default 5 s budget. Not a timed test: a budget.
jest.setTimeout(30_000);

describe.each(PLATFORMS)('lost updates without a compare-and-set in the write ($platform)', (platform) => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function putConcurrently(repository: HeldWritesRepository) {
    running = await startApp(platform, AppModule, (builder) =>
      builder.overrideProvider(EntryRepository).useFactory({ factory: () => repository }),
    );
    const url = running.url;
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        request(url)
          .put('/entries/7')
          .set('If-Match', entryTag(1))
          .send({ title: `writer ${writer}`, body: `text of writer ${writer}` }),
      ),
    );
    // Every request passed the guard's If-Match check: all of them reached the write.
    expect(repository.arrived).toBe(WRITERS);
    return responses;
  }

  it(`the guard alone cannot prevent it: ${WRITERS} PUTs with the same If-Match all pass its check, and all get a 200`, async () => {
    const repository = new CheckThenWriteRepository(seedEntries());
    const responses = await putConcurrently(repository);
    const winners = responses.filter((response) => response.status === 200);
    expect(winners.length).toBeGreaterThan(1);
    expect(winners).toHaveLength(WRITERS);
    // Each winner was told its write made a new version, yet only the last one is stored:
    // the other updates are lost.
    const stored = await repository.find(7);
    expect(stored?.version).toBe(1 + WRITERS);
    const survivors = winners.filter((response) => response.body.title === stored?.title);
    expect(survivors).toHaveLength(1);
  });

  it(`with the sample's compare-and-set and the same held writes: exactly one 200 and ${WRITERS - 1} × 412`, async () => {
    const repository = new HeldWritesRepository(seedEntries());
    const responses = await putConcurrently(repository);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(WRITERS - 1);
    const winner = responses.find((response) => response.status === 200)!;
    expect(await repository.find(7)).toMatchObject({ version: 2, title: winner.body.title });
  });
});
