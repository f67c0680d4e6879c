import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { expectBodilessNotModified } from '../e2e/support/expectations';
import { PLATFORMS } from '../e2e/support/platforms';
import { useFreshSample } from './support/sample-app';
import { entryTag } from './support/sample-etags';

const ALICE = { Authorization: 'Bearer alice-token' };
const BOB = { Authorization: 'Bearer bob-token' };

/** Every GET page of the sample that has validators; `stats` is its key in `/stats`. */
const PAGES = [
  { page: 'front page', path: '/blogs/1', stats: 'frontPage', headers: {} },
  { page: 'archive', path: '/blogs/1/archive', stats: 'archive', headers: {} },
  { page: 'entry list', path: '/entries', stats: 'entryList', headers: {} },
  { page: 'entry 7 (bob)', path: '/entries/7', stats: 'entry', headers: {} },
  { page: 'entry 7 page', path: '/entries/7/page', stats: 'entryPage', headers: {} },
  { page: 'entry 8 (alice)', path: '/entries/8', stats: 'entry', headers: {} },
  { page: 'entry 8 page', path: '/entries/8/page', stats: 'entryPage', headers: {} },
  { page: "alice's entries", path: '/me/entries', stats: 'myEntries', headers: ALICE },
  { page: "bob's entries", path: '/me/entries', stats: 'myEntries', headers: BOB },
] as const;
type PageName = (typeof PAGES)[number]['page'];

/** The pages that render every entry of blog 1: any write to an entry of the blog changes them. */
const BLOG_PAGES: PageName[] = ['front page', 'archive', 'entry list'];

/** Each write, and the answer each page owes a copy fetched before it: 200 (changed), 404 (gone); the others 304. */
const WRITES: ReadonlyArray<{
  write: string;
  method: 'put' | 'patch' | 'delete';
  path: string;
  headers: Record<string, string>;
  body?: object;
  status: number;
  changed: Partial<Record<PageName, number>>;
}> = [
  {
    write: "PUT (edit) of alice's entry 8",
    method: 'put',
    path: '/entries/8',
    headers: { 'If-Match': entryTag(1) },
    body: { title: 'Edited', body: 'New text' },
    status: 200,
    changed: { ...changed(BLOG_PAGES), 'entry 8 (alice)': 200, 'entry 8 page': 200, "alice's entries": 200 },
  },
  {
    write: "PATCH (edit) of bob's entry 7",
    method: 'patch',
    path: '/entries/7',
    headers: { 'If-Match': entryTag(1) },
    body: { title: 'Patched' },
    status: 200,
    changed: { ...changed(BLOG_PAGES), 'entry 7 (bob)': 200, 'entry 7 page': 200, "bob's entries": 200 },
  },
  {
    write: "DELETE of alice's entry 8",
    method: 'delete',
    path: '/entries/8',
    headers: { 'If-Match': entryTag(1) },
    status: 204,
    changed: { ...changed(BLOG_PAGES), 'entry 8 (alice)': 404, 'entry 8 page': 404, "alice's entries": 200 },
  },
  {
    write: 'PUT (create) of entry 301, by alice',
    method: 'put',
    path: '/entries/301',
    headers: { 'If-None-Match': '*' },
    body: { title: 'News', body: 'Fresh' },
    status: 201,
    changed: { ...changed(BLOG_PAGES), "alice's entries": 200 },
  },
  {
    write: 'a PUT refused with 412 (stale If-Match)',
    method: 'put',
    path: '/entries/8',
    headers: { 'If-Match': entryTag(9) },
    body: { title: 'Lost', body: 'update' },
    status: 412,
    changed: {},
  },
];

function changed(pages: readonly PageName[]): Partial<Record<PageName, number>> {
  return Object.fromEntries(pages.map((page) => [page, 200]));
}

/**
 * HTTP dates have whole seconds: a write in the same second as a copy's Last-Modified cannot
 * be told from it. Waits (once, before the write) until the clock the server shares with the
 * test is past the second of the newest copy; copies of the seed are months old, so usually
 * this does not wait at all.
 */
async function pastTheSecondOf(lastModified: readonly (string | undefined)[]): Promise<void> {
  const newest = Math.max(0, ...lastModified.map((date) => (date === undefined ? 0 : Date.parse(date))));
  while (Date.now() < newest + 1000) await sleep(newest + 1000 - Date.now());
}

/*
 * Issue 18: every page's validators move on every write that changes the page, and only then.
 * For each write, on a freshly seeded sample: every page is fetched, the write is made, and
 * each copy is revalidated twice, once with its old ETag alone and once with its old
 * Last-Modified alone. `/stats` tells whether the page was built for the answer.
 */
describe.each(PLATFORMS)('revalidating every page of the sample after a write ($platform)', (platform) => {
  const client = useFreshSample(platform);
  const builds = async (stats: string): Promise<number> =>
    (await client().get('/stats').expect(200)).body[stats].builds;

  it.each(WRITES)(
    '$write: the old If-None-Match and the old If-Modified-Since get 200 where the page changed, 304 where it did not',
    async (write) => {
      const copies = new Map<PageName, Response>();
      for (const { page, path, headers } of PAGES) {
        const copy = await client().get(path).set(headers).expect(200);
        expect(copy.headers['last-modified']).toBeDefined();
        copies.set(page, copy);
      }
      await pastTheSecondOf([...copies.values()].map((copy) => copy.headers['last-modified']));

      const json = write.body === undefined ? {} : { 'Content-Type': 'application/json' };
      const written = await client()
        [write.method](write.path)
        .set({ ...json, ...write.headers })
        .send(write.body);
      expect(written.status).toBe(write.status);

      const answers: string[] = [];
      const expected: string[] = [];
      for (const { page, path, headers, stats } of PAGES) {
        const copy = copies.get(page)!;
        const owed = write.changed[page] ?? 304;
        const validators = [
          ['If-None-Match', copy.headers.etag],
          ['If-Modified-Since', copy.headers['last-modified']],
        ] as const;
        for (const [header, value] of validators) {
          // A page without an ETag (the front page) has no old If-None-Match to send.
          if (value === undefined) continue;
          const before = await builds(stats);
          const answer = await client().get(path).set(headers).set(header, value);
          // The archive's validators come from its body: it is built for every answer.
          const built = (await builds(stats)) > before;
          const builtOwed = page === 'archive' || owed === 200;
          // A changed page comes with validators that moved, or the next revalidation is stale.
          const moved =
            (copy.headers.etag === undefined || answer.headers.etag !== copy.headers.etag) &&
            Date.parse(answer.headers['last-modified']) > Date.parse(copy.headers['last-modified']);
          const validatorsNote = (status: number, movedOnes: boolean) =>
            status === 200 ? (movedOnes ? ', new validators' : ', old validators') : '';
          answers.push(
            `${page} with the old ${header}: ${answer.status}${built ? ', built' : ''}${validatorsNote(answer.status, moved)}`,
          );
          expected.push(
            `${page} with the old ${header}: ${owed}${builtOwed ? ', built' : ''}${validatorsNote(owed, true)}`,
          );
          if (answer.status === 304) expectBodilessNotModified(answer);
        }
      }
      expect(answers).toEqual(expected);
    },
  );
});
