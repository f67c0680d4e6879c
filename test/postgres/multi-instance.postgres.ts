import { Pool } from 'pg';
import { PostgresCluster } from './support/cluster';
import { type Answer, send, tally } from './support/http';
import { type SampleProcess, startSamples, stopSamples } from './support/sample-processes';
import { WriteGate } from './support/write-gate';
import { entryTag } from '../sample/support/sample-etags';

/*
 * The sample as several processes on one PostgreSQL server: the guard's check and the write
 * are one step only if the write carries the condition into the database. A test-only gate
 * (SAMPLE_WRITE_GATE) holds every write of a race until all of its requests have passed the
 * guard, so the race is decided by the database alone, the same way on every run.
 */

const WRITERS = 50;
const INSTANCES = 3;

let cluster: PostgresCluster;
let gate: WriteGate;
let db: Pool;

beforeAll(async () => {
  cluster = await PostgresCluster.create();
  gate = await WriteGate.start();
  db = new Pool({ connectionString: cluster.url, max: 2 });
  db.on('error', () => undefined);
});

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await gate?.close();
  await cluster?.destroy();
});

interface Row {
  id: number;
  title: string;
  body: string;
  version: number;
  deleted: boolean;
}

async function row(id: number): Promise<Row | undefined> {
  const { rows } = await db.query<Row>('SELECT id, title, body, version, deleted FROM entries WHERE id = $1', [id]);
  return rows[0];
}

/** Sends `count` requests spread over the processes, all held at the gate until every one has arrived. */
async function race(
  samples: readonly SampleProcess[],
  count: number,
  request: (i: number) => { method: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<Answer[]> {
  gate.hold();
  const answers = Promise.all(
    Array.from({ length: count }, (_, i) => {
      const { method, path, headers, body } = request(i);
      return send(`${samples[i % samples.length].url}${path}`, { method, headers, body });
    }),
  );
  try {
    await gate.arrived(count);
  } finally {
    gate.release();
  }
  return answers;
}

function env(platform: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PLATFORM: platform, DATABASE_URL: cluster.url, SAMPLE_WRITE_GATE: gate.url, ...extra };
}

/** What each race gave, printed at the end of the run for the record. */
const figures: string[] = [];
afterAll(() => {
  if (figures.length > 0) console.log(`race figures:\n${figures.join('\n')}`);
});
function record(name: string, answers: readonly Answer[]): Record<number, number> {
  const counts = tally(answers);
  figures.push(`${name}: ${JSON.stringify(counts)}`);
  return counts;
}

describe.each(['express', 'fastify'])('%s: three sample processes on one PostgreSQL', (platform) => {
  // Each platform writes its own entries of the shared database.
  const base = platform === 'express' ? 0 : 150;

  describe('writes carrying their condition (the sample as it ships)', () => {
    let samples: SampleProcess[];
    beforeAll(async () => {
      samples = await startSamples(INSTANCES, env(platform));
    });
    afterAll(() => stopSamples(samples ?? []));

    if (platform === 'express') {
      it('instances started at the same moment on an empty database agree on one schema and one seed', async () => {
        expect((await db.query('SELECT count(*)::int AS n FROM entries')).rows[0].n).toBe(300);
        expect((await db.query('SELECT count(*)::int AS n FROM sample_seeded')).rows[0].n).toBe(1);
        for (const sample of samples) expect(sample.output()).not.toMatch(/error/i);
      });
    }

    it(`${WRITERS} concurrent PUTs with the same If-Match, held until all passed the guard: one 200, ${WRITERS - 1} × 412, the winner's body at version + 1`, async () => {
      const id = base + 10;
      const before = await send(`${samples[0].url}/entries/${id}`);
      expect(before.etag).toBe(entryTag(1));
      const answers = await race(samples, WRITERS, (i) => ({
        method: 'PUT',
        path: `/entries/${id}`,
        headers: { 'If-Match': before.etag! },
        body: { title: `writer ${i}`, body: `text of writer ${i}` },
      }));
      expect(record(`${platform} PUT race`, answers)).toEqual({ 200: 1, 412: WRITERS - 1 });
      const winner = answers.find((answer) => answer.status === 200)!;
      expect(winner.etag).toBe(entryTag(2));
      expect(await row(id)).toMatchObject({
        version: 2,
        title: winner.body.title,
        body: `text of ${winner.body.title}`,
        deleted: false,
      });
      for (const loser of answers.filter((answer) => answer.status === 412))
        expect(loser.body).toEqual({ statusCode: 412, message: 'Precondition Failed' });
    });

    it('DELETE racing PUT with the same If-Match, 5 rounds: exactly one wins each time, and a deleted entry is never re-created', async () => {
      const winners: string[] = [];
      for (let round = 0; round < 5; round++) {
        const id = base + 20 + round;
        const answers = await race(samples, 2, (i) =>
          i === 0
            ? { method: 'DELETE', path: `/entries/${id}`, headers: { 'If-Match': entryTag(1) } }
            : {
                method: 'PUT',
                path: `/entries/${id}`,
                headers: { 'If-Match': entryTag(1) },
                body: { title: 'put', body: 'won' },
              },
        );
        const [deleted, put] = answers;
        expect([deleted.status, put.status].sort()).toEqual(deleted.status === 204 ? [204, 412] : [200, 412]);
        const stored = await row(id);
        if (deleted.status === 204) {
          winners.push('DELETE');
          expect(stored).toMatchObject({ deleted: true, version: 2 });
          expect((await send(`${samples[1].url}/entries/${id}`)).status).toBe(404);
        } else {
          winners.push('PUT');
          expect(stored).toMatchObject({ deleted: false, version: 2, title: 'put' });
        }
      }
      figures.push(`${platform} DELETE vs PUT, 5 rounds: winners ${winners.join(', ')}`);
    });

    it('10 concurrent DELETEs with the same If-Match: one 204, 9 × 412', async () => {
      const id = base + 30;
      const answers = await race(samples, 10, () => ({
        method: 'DELETE',
        path: `/entries/${id}`,
        headers: { 'If-Match': entryTag(1) },
      }));
      expect(record(`${platform} DELETE race`, answers)).toEqual({ 204: 1, 412: 9 });
      expect(await row(id)).toMatchObject({ deleted: true });
    });

    it(`${WRITERS} concurrent create-only PUTs (If-None-Match: *): one 201, ${WRITERS - 1} × 412, one row`, async () => {
      const id = 1000 + base;
      const answers = await race(samples, WRITERS, (i) => ({
        method: 'PUT',
        path: `/entries/${id}`,
        headers: { 'If-None-Match': '*' },
        body: { title: `creator ${i}`, body: `text of creator ${i}` },
      }));
      expect(record(`${platform} create-only race`, answers)).toEqual({ 201: 1, 412: WRITERS - 1 });
      const winner = answers.find((answer) => answer.status === 201)!;
      expect(winner.etag).toBe(entryTag(1));
      const { rows } = await db.query('SELECT title, version FROM entries WHERE id = $1', [id]);
      expect(rows).toEqual([{ title: winner.body.title, version: 1 }]);
    });

    it('GET, DELETE, re-create, then PUT with the old tag: 412 (versions are never reused)', async () => {
      const id = base + 40;
      const [a, b, c] = samples.map((sample) => `${sample.url}/entries/${id}`);
      const seen = await send(a);
      expect(seen.etag).toBe(entryTag(1));
      expect((await send(b, { method: 'DELETE', headers: { 'If-Match': seen.etag! } })).status).toBe(204);
      const recreated = await send(c, {
        method: 'PUT',
        headers: { 'If-None-Match': '*' },
        body: { title: 'again', body: 'x' },
      });
      expect([recreated.status, recreated.etag]).toEqual([201, entryTag(3)]);
      const stale = await send(a, {
        method: 'PUT',
        headers: { 'If-Match': seen.etag! },
        body: { title: 'stale', body: 'y' },
      });
      expect(stale.status).toBe(412);
      expect(await row(id)).toMatchObject({ title: 'again', version: 3 });
    });

    it('PATCH in a READ COMMITTED transaction, 24 with the same If-Match: one 200, 23 × 412, never a 500', async () => {
      const id = base + 60;
      const failuresBefore = cluster.serverLog().split('could not serialize access').length;
      const answers = await race(samples, 24, (i) => ({
        method: 'PATCH',
        path: `/entries/${id}`,
        headers: { 'If-Match': entryTag(1) },
        body: { title: `patcher ${i}` },
      }));
      expect(record(`${platform} PATCH race, READ COMMITTED`, answers)).toEqual({ 200: 1, 412: 23 });
      const winner = answers.find((answer) => answer.status === 200)!;
      expect(await row(id)).toMatchObject({
        title: winner.body.title,
        version: 2,
        body: expect.stringContaining(`Thoughts number ${id}.`),
      });
      // Under READ COMMITTED the losers' UPDATEs re-read the row and matched nothing: no error at all.
      expect(cluster.serverLog().split('could not serialize access').length).toBe(failuresBefore);
    });

    it('a retried successful PUT with its old If-Match: 412, written once', async () => {
      const id = base + 70;
      const put = () =>
        send(`${samples[2].url}/entries/${id}`, {
          method: 'PUT',
          headers: { 'If-Match': entryTag(1) },
          body: { title: 'once', body: 'x' },
        });
      expect((await put()).status).toBe(200);
      expect((await put()).status).toBe(412);
      expect(await row(id)).toMatchObject({ version: 2 });
    });

    it('the 428 path sends no query to the database', async () => {
      for (const sample of samples) {
        const before = (await send(`${sample.url}/stats/database`)).body.queries;
        const refused = await send(`${sample.url}/entries/7`, { method: 'PUT', body: { title: 'x', body: 'y' } });
        expect(refused.status).toBe(428);
        expect((await send(`${sample.url}/stats/database`)).body.queries).toBe(before);
        // The counter counts: a GET of the entry is one query (its validators), plus the read.
        await send(`${sample.url}/entries/7`);
        expect((await send(`${sample.url}/stats/database`)).body.queries).toBe(before + 2);
      }
    });

    it('the database stops in the middle of a run: fast 503s saying so, none hangs, nothing half-written; started again, the same processes serve again', async () => {
      const id = base + 80;
      const answers: Answer[] = [];
      const puts: Answer[] = [];
      let stopping = false;
      // Three clients, one per process, each writing in a loop with the ETag it last saw.
      const clients = samples.map(async (sample, client) => {
        for (
          let write = 0;
          write < 400 && !(stopping && answers.filter((a) => a.status === 503).length >= 6);
          write++
        ) {
          const seen = await send(`${sample.url}/entries/${id}`);
          answers.push(seen);
          if (seen.status !== 200) continue;
          const title = `client ${client} write ${write}`;
          const put = await send(`${sample.url}/entries/${id}`, {
            method: 'PUT',
            headers: { 'If-Match': seen.etag! },
            body: { title, body: `body of ${title}` },
          });
          answers.push(put);
          puts.push(put);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      stopping = true;
      await cluster.stop();
      await Promise.all(clients);

      const unavailable = answers.filter((answer) => answer.status === 503);
      figures.push(
        `${platform} database stopped mid-run: ${JSON.stringify(tally(answers))}, slowest ${Math.max(...answers.map((a) => a.ms))} ms`,
      );
      expect(unavailable.length).toBeGreaterThanOrEqual(6);
      expect(
        Object.keys(tally(answers))
          .map(Number)
          .every((status) => [200, 412, 503].includes(status)),
      ).toBe(true);
      expect(unavailable[0].body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable or did not answer in time; try again shortly.',
      });
      // Bounded: the pool fails fast, and validatorTimeout (2 s) bounds the rest.
      for (const answer of answers) expect(answer.ms).toBeLessThan(3000);

      for (const sample of samples) {
        const down = await send(`${sample.url}/entries/${id}`, {
          method: 'PUT',
          headers: { 'If-Match': entryTag(1) },
          body: { title: 'down', body: 'x' },
        });
        expect(down.status).toBe(503);
        expect(down.ms).toBeLessThan(3000);
      }

      await cluster.start();
      for (const sample of samples) {
        expect(sample.child.exitCode).toBeNull();
        let again: Answer | undefined;
        for (let attempt = 0; attempt < 50 && again?.status !== 200; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
          again = await send(`${sample.url}/entries/${id}`);
        }
        expect(again!.status).toBe(200);
      }
      // Every write was one statement: the row holds one whole write, never parts of two.
      const stored = (await row(id))!;
      expect(stored.title).not.toBe(`Entry ${id}`);
      expect(stored.body).toBe(`body of ${stored.title}`);
      // Every acknowledged write is in the version count (a write whose answer was lost may be too).
      const acknowledged = puts.filter((put) => put.status === 200).length;
      expect(acknowledged).toBeGreaterThan(0);
      expect(stored.version).toBeGreaterThanOrEqual(1 + acknowledged);
      expect(stored.version).toBeLessThanOrEqual(1 + puts.length);
    });
  });

  describe('the control run: the same race through a write that checks, then writes without the condition', () => {
    let samples: SampleProcess[];
    beforeAll(async () => {
      samples = await startSamples(INSTANCES, env(platform, { SAMPLE_WRITES: 'check-then-write' }));
    });
    afterAll(() => stopSamples(samples ?? []));

    it(`${WRITERS} concurrent PUTs with the same If-Match all get a 200, and ${WRITERS - 1} of those updates are lost`, async () => {
      const id = base + 90;
      const answers = await race(samples, WRITERS, (i) => ({
        method: 'PUT',
        path: `/entries/${id}`,
        headers: { 'If-Match': entryTag(1) },
        body: { title: `writer ${i}`, body: `text of writer ${i}` },
      }));
      expect(record(`${platform} control PUT race (check, then write)`, answers)).toEqual({ 200: WRITERS });
      const stored = (await row(id))!;
      expect(stored.version).toBe(1 + WRITERS);
      // Each client was told its write made a new version; only one of those writes is stored.
      expect(answers.filter((answer) => answer.body.title === stored.title)).toHaveLength(1);
    });
  });

  describe('PATCH in a REPEATABLE READ transaction; If-Match: * allowed (REQUIRE_PRECONDITION=false)', () => {
    let samples: SampleProcess[];
    beforeAll(async () => {
      samples = await startSamples(
        INSTANCES,
        env(platform, { PATCH_ISOLATION: 'repeatable read', REQUIRE_PRECONDITION: 'false' }),
      );
    });
    afterAll(() => stopSamples(samples ?? []));

    it('If-Match: * succeeds through a concurrent update, and fails (412) after a concurrent delete, never re-creating', async () => {
      const updated = base + 50;
      gate.hold();
      const through = send(`${samples[0].url}/entries/${updated}`, {
        method: 'PUT',
        headers: { 'If-Match': '*' },
        body: { title: 'star', body: 'x' },
      });
      await gate.arrived(1);
      // Another writer (here, straight to the database) changes the entry after the guard's check.
      await db.query("UPDATE entries SET version = version + 1, title = 'direct' WHERE id = $1", [updated]);
      gate.release();
      expect((await through).status).toBe(200);
      expect(await row(updated)).toMatchObject({ title: 'star', version: 3 });

      const removed = base + 51;
      gate.hold();
      const afterDelete = send(`${samples[1].url}/entries/${removed}`, {
        method: 'PUT',
        headers: { 'If-Match': '*' },
        body: { title: 'star', body: 'x' },
      });
      await gate.arrived(1);
      await db.query('UPDATE entries SET deleted = true, version = version + 1 WHERE id = $1', [removed]);
      gate.release();
      expect((await afterDelete).status).toBe(412);
      expect(await row(removed)).toMatchObject({ deleted: true, version: 2, title: `Entry ${removed}` });
    });

    it('24 with the same If-Match: one 200, the losers 412 (serialization failures, 40001), never a 500', async () => {
      const id = base + 100;
      const serializationFailures = () =>
        cluster.serverLog().split('could not serialize access due to concurrent update').length - 1;
      const failuresBefore = serializationFailures();
      const answers = await race(samples, 24, (i) => ({
        method: 'PATCH',
        path: `/entries/${id}`,
        headers: { 'If-Match': entryTag(1) },
        body: { title: `patcher ${i}` },
      }));
      expect(record(`${platform} PATCH race, REPEATABLE READ`, answers)).toEqual({ 200: 1, 412: 23 });
      expect(await row(id)).toMatchObject({ version: 2 });
      // The losers' UPDATEs failed with 40001 (the server logs each), rather than matching
      // nothing as under READ COMMITTED: writeConditionally turned those errors into the 412s.
      expect(serializationFailures() - failuresBefore).toBe(23);
    });
  });
});
