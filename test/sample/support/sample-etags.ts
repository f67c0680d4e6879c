import { combineEntityTags, toEntityTag, versionTag } from '../../../src';
import { representationVersionFromEnv } from '../../../sample/src/representation-version';

/*
 * The ETags the sample sends, computed the way its routes make them: the route's own element,
 * then the added ones, with the representation version mixed in (`combineEntityTags`). Tests
 * name a tag by what it stands for (entry 7 at version 2) instead of copying a digest.
 */

/** The sample's ETag of these validator values; the representation version is the one a start with this environment uses. */
export function sampleETag(values: readonly string[], representationVersion = representationVersionFromEnv()): string {
  return combineEntityTags(values.map(toEntityTag), representationVersion)!.value;
}

/** An entry's ETag (`EntryValidators`) at `version`: `"v<version>.<digest>"`. */
export function entryTag(version: number, representationVersion?: string): string {
  return sampleETag([versionTag(version)], representationVersion);
}

/** The entry list's ETag (`EntryListValidators`) at the blog's collection `version`. */
export function listTag(version: number, representationVersion?: string): string {
  return sampleETag([`list-v${version}`], representationVersion);
}

/** The ETag of `GET /me/entries` for `user`, whose collection is at `version`: the user is added by `MeController`. */
export function myEntriesTag(user: string, version: number, representationVersion?: string): string {
  return sampleETag([versionTag(version), `user-${user}`], representationVersion);
}
