import { bodyEntityTag } from '../../src';
import { calls } from './fixtures/call-log';
import { ConditionalGetAppModule, FEED, StrongConditionalGetAppModule } from './fixtures/conditional-get.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, useApp } from './support/platforms';

const FEED_JSON = JSON.stringify(FEED);
const WEAK = bodyEntityTag(FEED_JSON, false).value;

describe.each(PLATFORMS)('ConditionalModule.forRoot({ conditionalGet: true }) on $platform', (platform) => {
  const client = useApp(platform, ConditionalGetAppModule);
  beforeEach(() => calls.reset());

  it('an undecorated GET gets the ETag of its body, the same on both platforms', async () => {
    const response = await client().get('/feed');
    expect(response.status).toBe(200);
    expect(response.text).toBe(FEED_JSON);
    expect(response.headers.etag).toBe(WEAK);
  });

  it('a matching If-None-Match: bodiless 304 after the handler ran; HEAD too', async () => {
    expectBodilessNotModified(await client().get('/feed').set('If-None-Match', WEAK));
    expectBodilessNotModified(await client().head('/feed').set('If-None-Match', WEAK));
    expect(calls.count('handler:feed')).toBe(2);
  });

  it('writes carry no ETag (Express’s own is off on every route) and If-None-Match is not evaluated against them', async () => {
    const put = await client().put('/feed').set('If-None-Match', '*').send({ a: 1 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ replaced: { a: 1 } });
    expect(put.headers.etag).toBeUndefined();
    const post = await client().post('/feed');
    expect(post.status).toBe(201);
    expect(post.headers.etag).toBeUndefined();
  });

  it('an error gets no ETag and no 304', async () => {
    const response = await client().get('/feed/missing').set('If-None-Match', '*');
    expect(response.status).toBe(404);
    expect(response.headers.etag).toBeUndefined();
  });

  it('a route with early validators is answered before its handler, and its body is not hashed', async () => {
    const notModified = await client().get('/feed/early').set('If-None-Match', '"e1"');
    expectBodilessNotModified(notModified);
    expect(notModified.headers.etag).toBe('"e1"');
    expect(calls.count('handler:early')).toBe(0);
    const ok = await client().get('/feed/early');
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"e1"');
    // The late pass would answer 304 to the body's tag if it ran: it does not.
    const bodyTag = await client().get('/feed/early').set('If-None-Match', WEAK);
    expect(bodyTag.status).toBe(200);
  });
});

describe.each(PLATFORMS)('conditionalGet: { strong: true } on $platform', (platform) => {
  const client = useApp(platform, StrongConditionalGetAppModule);

  it('strong ETags, compared strongly by If-Match after the handler', async () => {
    const strong = bodyEntityTag(FEED_JSON, true).value;
    const response = await client().get('/feed');
    expect(response.headers.etag).toBe(strong);
    expect((await client().get('/feed').set('If-Match', strong)).status).toBe(200);
    expect((await client().get('/feed').set('If-Match', `W/${strong}`)).status).toBe(412);
  });
});
