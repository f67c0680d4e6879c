import { readdirSync, readlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { send } from '../clients/support/http';
import { calls } from './fixtures/call-log';
import { LARGE_FILE, LeaksAppModule } from './fixtures/ranges-leaks.app';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

/** How many of this process's file descriptors are open on LARGE_FILE. */
function openOnFile(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === LARGE_FILE) count++;
    } catch {
      // closed while listing
    }
  }
  return count;
}

/** Waits until no descriptor is open on the file (bounded), and says how many were left. */
async function openAfterSettling(): Promise<number> {
  for (let i = 0; i < 50 && openOnFile() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return openOnFile();
}

/** Starts a GET, reads its first chunk, then drops the connection. */
function abortAfterFirstChunk(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      res.once('data', () => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
    });
    req.on('error', () => undefined);
    req.setTimeout(10_000, () => reject(new Error('no first chunk')));
    req.end();
  });
}

describe.each(PLATFORMS)('files of range routes are always closed, on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, LeaksAppModule);
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());

  const url = (path: string) => `${running.url}/leaks/${path}`;

  it('after a whole download, a range, several ranges, a 304, a 412 and a 416', async () => {
    const etag = (await send(url('file'))).headers.etag!;
    const answers = [
      await send(url('file'), { headers: { Range: 'bytes=0-99' } }),
      await send(url('file'), { headers: { Range: 'bytes=0-0,-1' } }),
      await send(url('file'), { headers: { 'If-None-Match': etag } }),
      await send(url('file'), { headers: { 'If-Match': '"stale"' } }),
      await send(url('file'), { headers: { Range: 'bytes=99999999-' } }),
      await send(url('streamable'), { headers: { 'If-None-Match': etag } }),
      await send(url('streamable'), { headers: { Range: 'bytes=99999999-' } }),
      await send(url('stream'), { headers: { Range: 'bytes=99999999-' } }),
      await send(url('stream'), { headers: { Range: 'bytes=0-0,-1' } }),
    ].map((response) => response.status);
    expect(answers).toEqual([206, 206, 304, 412, 416, 304, 416, 416, 200]);
    expect(calls.count('file')).toBe(6);
    expect(await openAfterSettling()).toBe(0);
  });

  it('when the client goes away in the middle of a download or a range', async () => {
    expect(await abortAfterFirstChunk(url('file'))).toBe(200);
    expect(await abortAfterFirstChunk(url('file'), { Range: 'bytes=1000-' })).toBe(206);
    expect(await abortAfterFirstChunk(url('file'), { Range: 'bytes=0-0,100-' })).toBe(206);
    expect(await abortAfterFirstChunk(url('streamable'), { Range: 'bytes=1000-' })).toBe(206);
    expect(await abortAfterFirstChunk(url('stream'), { Range: 'bytes=1000-' })).toBe(206);
    expect(await openAfterSettling()).toBe(0);
  });
});
