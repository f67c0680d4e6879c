/**
 * Range requests from real clients, against a `@Ranges()` route serving a two-minute WAV
 * file (test/clients/support/media.ts), on Express and on Fastify:
 * - curl cut off mid-download, then resumed with `curl -C -`: a byte-identical file;
 * - headless Chromium playing the file in an <audio> element and seeking near its end: the
 *   server sees its Range requests and answers them 206;
 * - nginx's proxy_cache in front (the config of the nginx tests): ranges of the cached file
 *   come back with the exact bytes, from the cache once it holds the file.
 *
 * Can these tests fail? Checked once with `decideRange` reading no Range (the library's ranges
 * off): curl's resume and Chromium's test fail on both platforms (4 of 6: a 200 where a 206
 * belongs). The nginx test passes either way: nginx answers ranges of its cached copy itself;
 * it shows that what the library sends whole is stored and sliced right.
 *
 * `SHOW_WIRE=1` prints what Chromium asked and got.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PLATFORMS, type RunningApp } from '../e2e/support/platforms';
import { launchChromium, type RunningChromium } from './support/chromium';
import { send } from './support/http';
import { MEDIA_DIR, TONE, type SeenMediaRequest, startMediaApp } from './support/media';
import { startNginx, type RunningNginx } from './support/nginx';

const run = promisify(execFile);

/** The page's <audio> element, as far as the tests use it (the test code is typed without the DOM library). */
interface AudioElement {
  readonly readyState: number;
  readonly duration: number;
  readonly error: { code: number } | null;
  currentTime: number;
  muted: boolean;
  addEventListener(type: string, listener: () => void, options?: { once: boolean }): void;
  play(): Promise<void>;
}
interface PageGlobals {
  document: { getElementById(id: string): AudioElement };
}

/** Runs curl; a non-zero exit is returned, not thrown (a cut download exits 28). */
async function curl(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run('curl', args, { timeout: 30_000 });
    return { code: 0, stderr };
  } catch (error) {
    const failure = error as { code?: number; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, stderr: failure.stderr ?? '' };
  }
}

describe.each(PLATFORMS)('real clients of a @Ranges() route on $platform', (platform) => {
  let app: RunningApp & { seen: SeenMediaRequest[] };
  beforeAll(async () => {
    app = await startMediaApp(platform);
  });
  afterAll(() => app.close());

  const tonesOf = (since: number) => app.seen.slice(since).filter((request) => request.path === '/media/tone.wav');

  it('curl resumes a cut download (curl -C -) to a byte-identical file', async () => {
    const output = join(MEDIA_DIR, `resumed-${platform.platform}.wav`);
    await rm(output, { force: true });
    const since = app.seen.length;
    const cut = await curl([
      '-sS',
      '--limit-rate',
      '10k',
      '--max-time',
      '1',
      '-o',
      output,
      `${app.url}/media/tone.wav`,
    ]);
    expect(cut.code).toBe(28);
    const partial = (await stat(output)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(TONE.length);
    const resumed = await curl(['-sS', '-C', '-', '-o', output, `${app.url}/media/tone.wav`]);
    expect(resumed).toEqual({ code: 0, stderr: '' });
    expect((await readFile(output)).equals(TONE)).toBe(true);
    const requests = tonesOf(since).map((request) => ({
      range: request.headers.range,
      status: request.status,
      contentRange: request.contentRange,
    }));
    expect(requests).toEqual([
      { range: undefined, status: 200, contentRange: undefined },
      { range: `bytes=${partial}-`, status: 206, contentRange: `bytes ${partial}-${TONE.length - 1}/${TONE.length}` },
    ]);
  });

  describe('headless Chromium', () => {
    let browser: RunningChromium;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(() => browser.close());

    it('plays the file and seeks near its end with Range requests answered 206', async () => {
      const since = app.seen.length;
      const page = await browser.context.newPage();
      await page.goto(`${app.url}/media/player`);
      const duration = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const audio = (globalThis as unknown as PageGlobals).document.getElementById('tone');
            audio.muted = true;
            const ready = () => resolve(audio.duration);
            if (audio.readyState >= 1) ready();
            else audio.addEventListener('loadedmetadata', ready, { once: true });
            audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code}`)), {
              once: true,
            });
          }),
      );
      expect(duration).toBeCloseTo(120, 0);
      const position = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const audio = (globalThis as unknown as PageGlobals).document.getElementById('tone');
            audio.addEventListener('seeked', () => resolve(audio.currentTime), { once: true });
            audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code}`)), {
              once: true,
            });
            audio.currentTime = 115;
            void audio.play().catch(() => undefined);
          }),
      );
      expect(position).toBeGreaterThanOrEqual(114);
      await page.close();
      const requests = tonesOf(since);
      if (process.env.SHOW_WIRE)
        console.log(JSON.stringify(requests.map((r) => [r.headers.range, r.status, r.contentRange])));
      const ranged = requests.filter((request) => request.headers.range !== undefined);
      expect(ranged.length).toBeGreaterThanOrEqual(2);
      expect(ranged.every((request) => request.status === 206)).toBe(true);
      // The seek read from near the end: a range that starts past 90% of the file.
      const starts = ranged.map((request) => Number(/^bytes=(\d+)-/.exec(request.headers.range!)![1]));
      expect(Math.max(...starts)).toBeGreaterThan(TONE.length * 0.9);
      for (const request of ranged)
        expect(request.contentRange).toMatch(new RegExp(`^bytes \\d+-\\d+/${TONE.length}$`));
    });
  });

  describe('through nginx proxy_cache', () => {
    let nginx: RunningNginx;
    beforeAll(async () => {
      nginx = await startNginx(app.url.replace('http://', ''));
    });
    afterAll(() => nginx.close());

    it('serves exact ranges of the cached file, from the cache once it holds it', async () => {
      const since = app.seen.length;
      // nginx stores the file once it has read it whole: a client that leaves after a range of
      // the start ends nginx's read of the upstream too (its error log says so), unless
      // proxy_ignore_client_abort is on. A first whole GET fills the cache.
      const whole = await send(`${nginx.url}/media/tone.wav`);
      expect({
        status: whole.status,
        cache: whole.headers['x-cache-status'],
        exact: Buffer.from(whole.body, 'latin1').equals(TONE),
      }).toEqual({
        status: 200,
        cache: 'MISS',
        exact: true,
      });
      const ranges: Array<[number, number]> = [
        [0, 99],
        [1_000_000, 1_999_999],
        [TONE.length - 10, TONE.length - 1],
      ];
      const answers = [];
      for (const [start, end] of ranges) {
        const response = await send(`${nginx.url}/media/tone.wav`, { headers: { Range: `bytes=${start}-${end}` } });
        answers.push({
          status: response.status,
          contentRange: response.headers['content-range'],
          exact: Buffer.from(response.body, 'latin1').equals(TONE.subarray(start, end + 1)),
          cache: response.headers['x-cache-status'],
        });
      }
      expect(answers).toEqual([
        { status: 206, contentRange: `bytes 0-99/${TONE.length}`, exact: true, cache: 'HIT' },
        { status: 206, contentRange: `bytes 1000000-1999999/${TONE.length}`, exact: true, cache: 'HIT' },
        {
          status: 206,
          contentRange: `bytes ${TONE.length - 10}-${TONE.length - 1}/${TONE.length}`,
          exact: true,
          cache: 'HIT',
        },
      ]);
      // nginx fetched the file once, whole, to cache it.
      expect(tonesOf(since).map((request) => ({ range: request.headers.range, status: request.status }))).toEqual([
        { range: undefined, status: 200 },
      ]);
    });
  });
});
