import { VersioningOptions, VersioningType } from '@nestjs/common';
import type { ApplicationConfig } from '@nestjs/core';
import { isVaryName } from '../core';

/**
 * The request header that selects which version of a route answers, under the app's
 * `enableVersioning()` options: the one named by header versioning, `Accept` for media-type
 * versioning. A URL answers differently with it, so every conditional route's `Vary` names
 * it; URI versioning puts the version in the URL, and a custom extractor reads what only the
 * app knows (it adds that header with `@Vary()`).
 */
export function versionSelectingHeader(versioning: VersioningOptions | undefined): string | undefined {
  if (versioning?.type === VersioningType.HEADER) return isVaryName(versioning.header) ? versioning.header : undefined;
  if (versioning?.type === VersioningType.MEDIA_TYPE) return 'Accept';
  return undefined;
}

/**
 * The app's versioning options, as `app.enableVersioning()` set them.
 *
 * The one place the library relies on Nest internals for them (Nest has no public getter):
 * every module provides the app's `ApplicationConfig` (`Module.addCoreProviders`), and
 * `enableVersioning()` keeps its options there for `getVersioning()`. Both hold from
 * Nest 11.0 to 12; test/nest/nest-internals.spec.ts fails, naming them, if either changes.
 * Read when the routes are planned (`onModuleInit`, at `init()`/`listen()`), after `main.ts`
 * has called `enableVersioning()`.
 */
export function versioningOf(config: ApplicationConfig | undefined): VersioningOptions | undefined {
  return typeof config?.getVersioning === 'function' ? config.getVersioning() : undefined;
}
