import { Controller, Get, INestApplication, Module, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ConditionalModule, ETag } from '../../src';
import { PLATFORMS } from './support/platforms';
import { RecordingLogger } from './support/recording-logger';

/** Validator values carrying a control character other than CR/LF (error-logging.spec.ts has those). */
const CONTROL_ETAGS: Record<string, string> = {
  nul: 'v\u00001',
  soh: 'v\u00011',
  tab: 'v\t1',
  us: 'v\u001f1',
  del: 'v\u007f1',
  // C1 controls are obs-text, allowed in a tag: this one is refused for its space, and logged.
  c1: 'v\u0085 \u009b1',
};

/** A control character left raw in a logged message (the messages recorded here hold no line break of their own). */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const handled: string[] = [];

@Controller('control')
class ControlCharsController {
  @Get(':kind')
  @ETag((request: { params: { kind: string } }) => CONTROL_ETAGS[request.params.kind])
  find(@Param('kind') kind: string) {
    handled.push(kind);
    return { kind };
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [ControlCharsController] })
class ControlCharsModule {}

describe.each(PLATFORMS)(
  'an ETag with a control character is refused and logged with the route ($platform)',
  (platform) => {
    let app: INestApplication;
    const logger = new RecordingLogger();

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [ControlCharsModule] }).compile();
      app = moduleRef.createNestApplication(platform.adapter(), { logger });
      await app.listen(0, '127.0.0.1');
    });
    afterAll(() => app.close());
    beforeEach(() => {
      logger.errors.splice(0);
      handled.splice(0);
    });

    it.each([
      ['nul', '0x00', '"v\\u00001"'],
      ['soh', '0x01', '"v\\u00011"'],
      ['tab', '0x09', '"v\\t1"'],
      ['us', '0x1f', '"v\\u001f1"'],
      // JSON.stringify alone would leave DEL raw: the log line escapes it like the C0 controls.
      ['del', '0x7f', '"v\\u007f1"'],
    ])(
      '%s (%s): 500, no ETag sent, the handler does not run, the log names the route and the character',
      async (kind, code, shown) => {
        const response = await request(await app.getUrl()).get(`/control/${kind}`);
        expect(response.status).toBe(500);
        expect(response.headers.etag).toBeUndefined();
        expect(JSON.stringify(response.body)).not.toContain('v\\u0');
        expect(handled).toEqual([]);
        expect(logger.errors.join('\n')).toContain(
          `ControlCharsController.find: the etag validator returned a value that cannot be sent: the ETag ${shown} contains the control character ${code}`,
        );
        for (const line of logger.errors) expect(line).not.toMatch(RAW_CONTROL);
      },
    );

    it('C1 controls in a refused value (here for its space) are escaped in the log line as well', async () => {
      const response = await request(await app.getUrl()).get('/control/c1');
      expect(response.status).toBe(500);
      expect(response.headers.etag).toBeUndefined();
      expect(handled).toEqual([]);
      expect(logger.errors.join('\n')).toContain(
        'ControlCharsController.find: the etag validator returned a value that cannot be sent: the ETag "v\\u0085 \\u009b1" contains a space',
      );
      for (const line of logger.errors) expect(line).not.toMatch(RAW_CONTROL);
    });

    it('the same route with a clean value answers 200 and logs nothing (the refusal is the value, not the route)', async () => {
      CONTROL_ETAGS.clean = 'v1';
      const response = await request(await app.getUrl()).get('/control/clean');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"v1"');
      expect(handled).toEqual(['clean']);
      expect(logger.errors).toEqual([]);
    });
  },
);
