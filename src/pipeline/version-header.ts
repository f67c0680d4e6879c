import { type VersioningOptions, VersioningType } from '@nestjs/common';
import { isVaryName } from '../core/vary';

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
