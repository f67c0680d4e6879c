import { formatHttpDate } from '../../src';
import { send, type HttpResponse } from '../clients/support/http';
import { calls } from './fixtures/call-log';
import { BODY, LAST_MODIFIED, RangesAppModule } from './fixtures/ranges.app';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

/** RFC 9110 section 14 on a `@Ranges()` route, for an 11-byte representation ("Hello world"). */
const LM = formatHttpDate(LAST_MODIFIED.getTime());

/** A 206 of one range: the exact slice, its Content-Range, Content-Length the bytes sent. */
function expectSlice(response: HttpResponse, start: number, end: number): void {
  expect({ status: response.status, range: response.headers['content-range'], body: response.body }).toEqual({
    status: 206,
    range: `bytes ${start}-${end}/11`,
    body: BODY.subarray(start, end + 1).toString('latin1'),
  });
  expect(response.headers['content-length']).toBe(String(end - start + 1));
}

function expectWhole(response: HttpResponse): void {
  expect({ status: response.status, range: response.headers['content-range'], body: response.body }).toEqual({
    status: 200,
    range: undefined,
    body: BODY.toString('latin1'),
  });
  expect(response.headers['content-length']).toBe('11');
}

/** The parts of a multipart/byteranges body, with their headers. */
function parts(response: HttpResponse): Array<{ headers: Record<string, string>; body: string }> {
  const boundary = /boundary=([^;]+)/.exec(response.headers['content-type'] ?? '')![1];
  const sections = response.body.split(`--${boundary}`);
  expect(sections[0]).toBe('');
  expect(sections[sections.length - 1]).toBe('--\r\n');
  return sections.slice(1, -1).map((section) => {
    const [head, body] = section.replace(/^\r\n/, '').split('\r\n\r\n');
    const headers = Object.fromEntries(head.split('\r\n').map((line) => line.split(': ') as [string, string]));
    return { headers, body: body.replace(/\r\n$/, '') };
  });
}

describe.each(PLATFORMS)('range requests on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, RangesAppModule);
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    send(`${running.url}/ranges/${path}`, { method, headers });

  it('no Range: 200 with the whole body and Accept-Ranges: bytes', async () => {
    const response = await get('bytes');
    expectWhole(response);
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers.etag).toBe('"v7"');
    expect(calls.count('bytes')).toBe(1);
  });

  it.each<[string, number, number]>([
    ['bytes=0-4', 0, 4],
    ['bytes=2-', 2, 10],
    ['bytes=-5', 6, 10],
    ['bytes=5-1000', 5, 10],
    ['bytes=0-', 0, 10],
    ['bytes=10-10', 10, 10],
    ['bytes=-1000', 0, 10],
    ['Bytes=0-4', 0, 4],
    ['bytes=1-2,3-5', 1, 5],
  ])('%s: 206 with that slice', async (range, start, end) => {
    const response = await get('bytes', { Range: range });
    expectSlice(response, start, end);
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(calls.count('bytes')).toBe(1);
  });

  it('a 206 carries the fields the 200 would: ETag, Last-Modified, Cache-Control, Vary', async () => {
    const response = await get('bytes', { Range: 'bytes=0-4' });
    expect(response.status).toBe(206);
    expect(response.headers.etag).toBe('"v7"');
    expect(response.headers['last-modified']).toBe(LM);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers.vary).toBe('Accept-Language');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it.each(['bytes=11-', 'bytes=-0', 'bytes=99999999999999999999-'])(
    '%s: 416 with Content-Range bytes */11',
    async (range) => {
      const response = await get('bytes', { Range: range });
      expect(response.status).toBe(416);
      expect(response.headers['content-range']).toBe('bytes */11');
      expect(JSON.parse(response.body)).toEqual({ statusCode: 416, message: 'Range Not Satisfiable' });
      expect(calls.count('bytes')).toBe(1);
    },
  );

  it.each([
    'items=0-4',
    'bytes=abc',
    'bytes=5-1',
    'bytes=--6',
    'bytes=+1-2',
    'bytes=1e3-',
    'bytes=',
    'bytes=0-,1-,2-,3-,4-',
    'bytes=0-3,1-4,2-5',
  ])('%s: Range ignored, 200 with the whole body', async (range) => {
    expectWhole(await get('bytes', { Range: range }));
  });

  it('bytes= 0-1 , ,3-4: empty members and spaces tolerated, two parts', async () => {
    const response = await get('bytes', { Range: 'bytes= 0-1 , ,3-4' });
    expect(response.status).toBe(206);
    expect(parts(response).map((part) => part.body)).toEqual(['He', 'lo']);
  });

  it('bytes=0-0,-1: multipart/byteranges, parts in request order, each with its Content-Type and Content-Range, exact length', async () => {
    const response = await get('bytes', { Range: 'bytes=0-0,-1' });
    expect(response.status).toBe(206);
    expect(response.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=[0-9a-f]{24}$/);
    expect(response.headers['content-range']).toBeUndefined();
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.body, 'latin1')));
    expect(parts(response)).toEqual([
      { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Range': 'bytes 0-0/11' }, body: 'H' },
      { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Range': 'bytes 10-10/11' }, body: 'd' },
    ]);
    const reversed = await get('bytes', { Range: 'bytes=-1,0-0' });
    expect(parts(reversed).map((part) => part.body)).toEqual(['d', 'H']);
  });

  it('more ranges than the route allows (maxRanges 2): the whole body', async () => {
    expectWhole(await get('limited', { Range: 'bytes=0-0,2-2,4-4' }));
    expect((await get('limited', { Range: 'bytes=0-0,2-2' })).status).toBe(206);
  });

  it('HEAD and POST with Range: Range ignored', async () => {
    const head = await get('bytes', { Range: 'bytes=0-4' }, 'HEAD');
    expect({
      status: head.status,
      range: head.headers['content-range'],
      length: head.headers['content-length'],
      body: head.body,
    }).toEqual({
      status: 200,
      range: undefined,
      length: '11',
      body: '',
    });
    const post = await get('bytes', { Range: 'bytes=0-4' }, 'POST');
    expect({ status: post.status, range: post.headers['content-range'], body: post.body }).toEqual({
      status: 201,
      range: undefined,
      body: BODY.toString('latin1'),
    });
  });

  it('a failed If-Match or If-Unmodified-Since: 412 whatever the Range, handler not run', async () => {
    for (const headers of [{ 'If-Match': '"v6"' }, { 'If-Unmodified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT' }] as Array<
      Record<string, string>
    >) {
      const response = await get('bytes', { Range: 'bytes=0-4', ...headers });
      expect(response.status).toBe(412);
      expect(response.headers['content-range']).toBeUndefined();
    }
    expect(calls.count('bytes')).toBe(0);
  });

  it('a matching If-None-Match or If-Modified-Since: 304 without Content-Range, handler not run', async () => {
    for (const headers of [{ 'If-None-Match': '"v7"' }, { 'If-Modified-Since': LM }] as Array<Record<string, string>>) {
      const response = await get('bytes', { Range: 'bytes=0-4', ...headers });
      expect({ status: response.status, range: response.headers['content-range'], body: response.body }).toEqual({
        status: 304,
        range: undefined,
        body: '',
      });
    }
    expect(calls.count('bytes')).toBe(0);
  });

  it('If-Range equal to the strong ETag or to Last-Modified: 206', async () => {
    expectSlice(await get('bytes', { Range: 'bytes=0-4', 'If-Range': '"v7"' }), 0, 4);
    expectSlice(await get('bytes', { Range: 'bytes=0-4', 'If-Range': LM }), 0, 4);
  });

  it.each([['"v6"'], ['W/"v7"'], ['Sat, 01 Jan 2000 00:00:00 GMT'], ['not a date']])(
    'If-Range %s: 200 with the whole body, never 412',
    async (ifRange) => {
      expectWhole(await get('bytes', { Range: 'bytes=0-4', 'If-Range': ifRange }));
    },
  );

  it('If-Range on a route whose ETag is weak: 200 with the whole body', async () => {
    expectWhole(await get('weak', { Range: 'bytes=0-4', 'If-Range': '"v7"' }));
    expectWhole(await get('weak', { Range: 'bytes=0-4', 'If-Range': 'W/"v7"' }));
    expectSlice(await get('weak', { Range: 'bytes=0-4' }), 0, 4);
  });

  it('an empty body, an unknown length, a status other than 200, a Content-Encoding, a JSON result: Range ignored', async () => {
    const empty = await get('empty', { Range: 'bytes=0-4' });
    expect({ status: empty.status, length: empty.headers['content-length'], body: empty.body }).toEqual({
      status: 200,
      length: '0',
      body: '',
    });
    for (const path of ['unknown-length', 'non-authoritative', 'encoded']) {
      const response = await get(path, { Range: 'bytes=0-4' });
      expect(response.status).toBe(path === 'non-authoritative' ? 203 : 200);
      expect(response.headers['content-range']).toBeUndefined();
      expect(response.body).toBe(BODY.toString('latin1'));
    }
    const json = await get('json', { Range: 'bytes=0-4' });
    expect({ status: json.status, range: json.headers['content-range'], body: JSON.parse(json.body) }).toEqual({
      status: 200,
      range: undefined,
      body: { hello: 'world' },
    });
  });

  describe('a file', () => {
    it('gets a strong ETag from its size and modification time, and its Last-Modified', async () => {
      const response = await get('file');
      expectWhole(response);
      expect(response.headers.etag).toBe(`"b-${LAST_MODIFIED.getTime().toString(16)}"`);
      expect(response.headers['last-modified']).toBe(LM);
      expect(response.headers['content-type']).toBe('text/plain');
    });

    it('answers ranges, and If-Range with its own ETag', async () => {
      const etag = (await get('file')).headers.etag!;
      expectSlice(await get('file', { Range: 'bytes=6-', 'If-Range': etag }), 6, 10);
      expectWhole(await get('file', { Range: 'bytes=6-', 'If-Range': '"other"' }));
      const multi = await get('file', { Range: 'bytes=0-1,-2' });
      expect(parts(multi).map((part) => part.body)).toEqual(['He', 'ld']);
    });

    it('is decided by its own validators: 304 on a matching If-None-Match, 412 on a stale If-Match', async () => {
      const etag = (await get('file')).headers.etag!;
      const notModified = await get('file', { 'If-None-Match': etag, Range: 'bytes=0-4' });
      expect({ status: notModified.status, etag: notModified.headers.etag, body: notModified.body }).toEqual({
        status: 304,
        etag,
        body: '',
      });
      expect((await get('file', { 'If-Modified-Since': LM })).status).toBe(304);
      const failed = await get('file', { 'If-Match': '"stale"' });
      expect(failed.status).toBe(412);
      expect(JSON.parse(failed.body)).toMatchObject({ statusCode: 412 });
    });

    it('a StreamableFile over a whole file is served as that file', async () => {
      const response = await get('streamable-file', { Range: 'bytes=0-4' });
      expectSlice(response, 0, 4);
      expect(response.headers.etag).toBe(`"b-${LAST_MODIFIED.getTime().toString(16)}"`);
    });

    it('a missing file is a 404', async () => {
      const response = await get('missing', { Range: 'bytes=0-4' });
      expect(response.status).toBe(404);
      expect(response.headers['content-range']).toBeUndefined();
    });
  });

  describe('a stream with its length, and a source that opens ranges', () => {
    it('a StreamableFile with a length serves one range, and several as the whole body', async () => {
      expectSlice(await get('stream', { Range: 'bytes=2-8' }), 2, 8);
      expectWhole(await get('stream'));
      expectWhole(await get('stream', { Range: 'bytes=0-0,-1' }));
    });

    it('RangeableBody.stream() serves one range and several', async () => {
      expectSlice(await get('source', { Range: 'bytes=-3' }), 8, 10);
      const multi = await get('source', { Range: 'bytes=0-0,-1' });
      expect(parts(multi).map((part) => part.body)).toEqual(['H', 'd']);
      expect(multi.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=/);
    });
  });
});
