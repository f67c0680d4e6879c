import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The token of the sample's representation version (the module options read it; tests override it). */
export const REPRESENTATION_VERSION = Symbol('REPRESENTATION_VERSION');

/**
 * The version in the root `package.json`: the sample has none of its own and ships with the
 * library. The file is two directories up from both `sample/src` (tests) and `sample/dist`
 * (`npm start`), so one path serves both.
 */
export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof version !== 'string' || version === '') throw new Error('package.json has no version');
  return version;
}

/**
 * The version of the sample's representations: `APP_VERSION` (a release, a commit), or the
 * package version when it is unset. Mixed into every ETag the routes make, so that a deploy
 * that renders resources differently sends clients holding the old rendering a 200, never a 304.
 *
 * An empty `APP_VERSION` is refused rather than taken as unset: it is what a deploy script
 * gives when the variable it copies from is missing (`APP_VERSION=$GIT_SHA`), and falling back
 * to the package version then would quietly keep validating copies from before the deploy.
 *
 * @throws Error when `APP_VERSION` is set but empty or only white space.
 */
export function representationVersionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.APP_VERSION;
  if (fromEnv === undefined) return packageVersion();
  if (fromEnv.trim() === '') {
    throw new Error(
      'APP_VERSION is set but empty: set it to the release or commit, or unset it for the package version',
    );
  }
  return fromEnv;
}

/** Provides {@link REPRESENTATION_VERSION}, read once at start-up, to the module options and to `main.ts`. */
@Module({
  providers: [{ provide: REPRESENTATION_VERSION, useFactory: () => representationVersionFromEnv() }],
  exports: [REPRESENTATION_VERSION],
})
export class RepresentationVersionModule {}
