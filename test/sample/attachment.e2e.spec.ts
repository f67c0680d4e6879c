import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toneWav } from '../../sample/src/blog/tone-wav';
import { send, type HttpResponse } from '../clients/support/http';
import { PLATFORMS, type RunningApp } from '../e2e/support/platforms';
import { SAMPLE_START_TIMEOUT, startSample } from './support/sample-app';
import { entryTag } from './support/sample-etags';

/** Entry 7's attachment as the sample makes it: 5.5 s of tone, 88,044 bytes. */
const WAV = toneWav(5.5);
const SIZE = WAV.length;
/** Entry 7's seeded publication date, the file's mtime on every instance. */
const MTIME = new Date('2026-01-12T09:00:00Z');
const LAST_MODIFIED = 'Mon, 12 Jan 2026 09:00:00 GMT';
/** The strong ETag of a file: its size and mtime in hexadecimal (docs/ranges.md). */
const ETAG = `"${SIZE.toString(16)}-${MTIME.getTime().toString(16)}"`;
const FILE = 'entry-7-tone.wav';

function expectWhole(response: HttpResponse): void {
  expect({ status: response.status, range: response.headers['content-range'] }).toEqual({
    status: 200,
    range: undefined,
  });
  expect(response.headers['content-length']).toBe(String(SIZE));
  expect(response.body === WAV.toString('latin1')).toBe(true);
}

function expectSlice(response: HttpResponse, start: number, end: number): void {
  expect({ status: response.status, range: response.headers['content-range'] }).toEqual({
    status: 206,
    range: `bytes ${start}-${end}/${SIZE}`,
  });
  expect(response.headers['content-length']).toBe(String(end - start + 1));
  expect(response.body).toBe(WAV.subarray(start, end + 1).toString('latin1'));
}

describe.each(PLATFORMS)("the sample's entry attachment on $platform", (platform) => {
  let dirs: string[] = [];
  let apps: RunningApp[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-attachments-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (attachmentsDir = tempDir()) => {
    const running = await startSample(platform, undefined, { attachmentsDir });
    apps.push(running);
    return running;
  };
  afterEach(async () => {
    await Promise.all(apps.map((running) => running.close()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    apps = [];
    dirs = [];
  });

  it(
    'the whole file, a range, a suffix, two ranges, If-Range, If-None-Match and an unsatisfiable range; /stats counts each handler run',
    async () => {
      const dir = tempDir();
      const { url } = await start(dir);
      const get = (headers: Record<string, string> = {}) => send(`${url}/entries/7/attachment`, { headers });

      // Made at start-up in the empty directory, with the seeded date as its mtime.
      expect(readFileSync(join(dir, FILE)).equals(WAV)).toBe(true);
      expect(statSync(join(dir, FILE)).mtimeMs).toBe(MTIME.getTime());

      const whole = await get();
      expectWhole(whole);
      expect(SIZE).toBeGreaterThanOrEqual(64 * 1024);
      expect(whole.headers).toMatchObject({
        'accept-ranges': 'bytes',
        'content-type': 'audio/wav',
        etag: ETAG,
        'last-modified': LAST_MODIFIED,
        'cache-control': 'no-cache',
      });

      const first = await get({ Range: 'bytes=0-99' });
      expectSlice(first, 0, 99);
      expect(first.headers).toMatchObject({
        'accept-ranges': 'bytes',
        'content-type': 'audio/wav',
        etag: ETAG,
        'last-modified': LAST_MODIFIED,
        'cache-control': 'no-cache',
      });
      expectSlice(await get({ Range: 'bytes=-100' }), SIZE - 100, SIZE - 1);
      expectSlice(await get({ Range: 'bytes=88000-' }), 88_000, SIZE - 1);
      const twoParts = await get({ Range: 'bytes=0-3,8-11' });
      expect(twoParts.status).toBe(206);
      expect(twoParts.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=/);
      expect(twoParts.body).toMatch(
        /Content-Type: audio\/wav\r\nContent-Range: bytes 0-3\/88044\r\n\r\nRIFF\r\n[^]*Content-Range: bytes 8-11\/88044\r\n\r\nWAVE\r\n/,
      );

      // If-Range: the ETag of the 200 still names the file, so the range; another tag, the whole file.
      expectSlice(await get({ Range: 'bytes=0-99', 'If-Range': whole.headers.etag! }), 0, 99);
      expectWhole(await get({ Range: 'bytes=0-99', 'If-Range': '"v1"' }));
      expectSlice(await get({ Range: 'bytes=100-199', 'If-Range': LAST_MODIFIED }), 100, 199);

      const notModified = await get({ 'If-None-Match': ETAG, Range: 'bytes=0-99' });
      expect(notModified.status).toBe(304);
      expect(notModified.body).toBe('');
      expect(notModified.headers['content-range']).toBeUndefined();
      expect(notModified.headers['content-length']).toBeUndefined();
      expect(notModified.headers.etag).toBe(ETAG);
      expect((await get({ 'If-Modified-Since': LAST_MODIFIED })).status).toBe(304);

      const unsatisfiable = await get({ Range: `bytes=${SIZE}-` });
      expect(unsatisfiable.status).toBe(416);
      expect(unsatisfiable.headers['content-range']).toBe(`bytes */${SIZE}`);

      // Eleven requests, each run by the handler: with the file's own validators, the 304s and
      // the 416 are decided after it returned the file, which none of them read.
      expect(JSON.parse((await send(`${url}/stats`)).body).attachment).toEqual({
        requests: 11,
        builds: 11,
        buildsAvoided: 0,
      });
    },
    SAMPLE_START_TIMEOUT,
  );

  it(
    '404 for an entry without an attachment, an unknown or non-numeric id, and a deleted entry; the handler returns no file for them',
    async () => {
      const { url } = await start();
      for (const id of ['8', '999', 'abc', '07']) {
        const missing = await send(`${url}/entries/${id}/attachment`);
        expect({ id, status: missing.status }).toEqual({ id, status: 404 });
        expect(missing.headers['content-range']).toBeUndefined();
      }
      const deleted = await send(`${url}/entries/7`, { method: 'DELETE', headers: { 'If-Match': entryTag(1) } });
      expect(deleted.status).toBe(204);
      expect((await send(`${url}/entries/7/attachment`, { headers: { Range: 'bytes=0-99' } })).status).toBe(404);
      expect(JSON.parse((await send(`${url}/stats`)).body).attachment).toEqual({
        requests: 5,
        builds: 0,
        buildsAvoided: 5,
      });
    },
    SAMPLE_START_TIMEOUT,
  );

  it(
    'the entry page links the attachment; a page of an entry without one does not',
    async () => {
      const { url } = await start();
      const page = await send(`${url}/entries/7/page`);
      expect(page.status).toBe(200);
      expect(page.body).toContain(
        `<p id="attachment"><audio controls preload="none" src="/entries/7/attachment"></audio> <a href="/entries/7/attachment">${FILE}</a></p>`,
      );
      const other = await send(`${url}/entries/8/page`);
      expect(other.status).toBe(200);
      expect(other.body).not.toContain('attachment');
    },
    SAMPLE_START_TIMEOUT,
  );

  it(
    'two instances with their own directories send the same validators and bytes; a wrong-sized file is made again, a right-sized one keeps its bytes and gets its mtime back',
    async () => {
      // One directory holds a cut-off file, the other the right file with today's mtime.
      const cut = tempDir();
      writeFileSync(join(cut, FILE), WAV.subarray(0, 1000));
      const stale = tempDir();
      writeFileSync(join(stale, FILE), WAV);
      const inode = statSync(join(stale, FILE)).ino;
      utimesSync(join(stale, FILE), new Date(), new Date());

      const [one, two] = await Promise.all([start(cut), start(stale)]);
      expect(statSync(join(stale, FILE)).ino).toBe(inode);
      for (const dir of [cut, stale]) {
        expect(readFileSync(join(dir, FILE)).equals(WAV)).toBe(true);
        expect(statSync(join(dir, FILE)).mtimeMs).toBe(MTIME.getTime());
      }
      const answers = await Promise.all(
        [one, two].map(({ url }) => send(`${url}/entries/7/attachment`, { headers: { Range: 'bytes=1000-1099' } })),
      );
      for (const answer of answers) {
        expectSlice(answer, 1000, 1099);
        expect(answer.headers).toMatchObject({ etag: ETAG, 'last-modified': LAST_MODIFIED });
      }
      // A tag from one instance resumes a download from the other.
      const resumed = await send(`${two.url}/entries/7/attachment`, {
        headers: { Range: 'bytes=1100-', 'If-Range': answers[0].headers.etag! },
      });
      expectSlice(resumed, 1100, SIZE - 1);

      // A restart on the same directory finds the file and sends the same validators.
      await one.close();
      apps = apps.filter((running) => running !== one);
      const again = await start(cut);
      const afterRestart = await send(`${again.url}/entries/7/attachment`);
      expectWhole(afterRestart);
      expect(afterRestart.headers).toMatchObject({ etag: ETAG, 'last-modified': LAST_MODIFIED });
    },
    SAMPLE_START_TIMEOUT,
  );
});
