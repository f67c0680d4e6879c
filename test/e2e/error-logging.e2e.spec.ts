import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ArticlesAppModule } from './fixtures/articles.app';
import { PLATFORMS } from './support/platforms';
import { RecordingLogger } from './support/recording-logger';

describe.each(PLATFORMS)('refused values and timeouts are logged with the route ($platform)', (platform) => {
  let app: INestApplication;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ArticlesAppModule] }).compile();
    app = moduleRef.createNestApplication(platform.adapter(), { logger });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());
  beforeEach(() => logger.errors.splice(0));

  it('an ETag carrying CR/LF: the log names the route and the reason; the response carries neither', async () => {
    const response = await request(await app.getUrl()).get('/failing/bad-etag/crlf');
    expect(response.status).toBe(500);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(JSON.stringify(response.body)).not.toContain('stolen');
    expect(logger.errors.join('\n')).toContain(
      'FailingController.badETag: the etag validator returned a value that cannot be sent: the ETag "v1\\r\\nSet-Cookie: stolen=1" contains a line break (CR/LF)',
    );
  });

  it('a validator past its validatorTimeout', async () => {
    await request(await app.getUrl())
      .get('/failing/never-settles')
      .expect(500);
    expect(logger.errors.join('\n')).toContain(
      'FailingController.neverSettles: the validators did not settle within 50 ms',
    );
  });
});
