// CONTRIBUTING.md's example of an e2e spec, as it stands there.
import { calls } from './fixtures/call-log';
import { ThingsAppModule } from './fixtures/things.app';
import { PLATFORMS, useApp } from './support/platforms';

describe.each(PLATFORMS)('what the spec shows, on $platform', (platform) => {
  const client = useApp(platform, ThingsAppModule);
  beforeEach(() => calls.reset());

  it('answers 304 without running the handler', async () => {
    const response = await client().get('/things/1').set('If-None-Match', '"v1"');
    expect(response.status).toBe(304);
    expect(calls.count('things.findOne')).toBe(0);
  });
});
