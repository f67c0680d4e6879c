import { Test } from '@nestjs/testing';
import { PLATFORMS } from '../../e2e/support/platforms';

/**
 * A Nest application of these modules, controllers and providers, initialised (every start-up
 * check of the library has run) but not listening: for tests of what the start accepts or refuses.
 */
export async function initApp(imports: unknown[], controllers: unknown[] = [], providers: unknown[] = []) {
  const moduleRef = await Test.createTestingModule({
    imports: imports as never[],
    controllers: controllers as never[],
    providers: providers as never[],
  }).compile();
  const app = moduleRef.createNestApplication(PLATFORMS[0].adapter(), { logger: false });
  await app.init();
  return app;
}
