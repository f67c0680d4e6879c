import { Injectable } from '@nestjs/common';
import { ETagProvider, LastModifiedProvider, versionTag } from 'nestjs-conditional';
import { parseEntryId } from './entry-input';
import { CollectionState, EntryRepository, EntryValidatorRow } from './entry.repository';
import { PerRequest } from './per-request';

/**
 * The validators of one entry, from the injected repository: the DI-friendly form, used
 * at class level by `EntriesController` (Django's mixin). The ETag is the version column,
 * the Last-Modified the `updatedAt` column; a missing entry has neither (so that
 * `If-None-Match: *` can create it).
 */
@Injectable()
export class EntryValidators implements ETagProvider, LastModifiedProvider {
  /** Both validators read the same row (its version and updated_at only): once per request. */
  private readonly lookups = new WeakMap<object, Promise<EntryValidatorRow | undefined>>();

  constructor(private readonly entries: EntryRepository) {}

  async etag(request: { params: { id: string } }): Promise<string | undefined> {
    const entry = await this.lookup(request);
    return entry && versionTag(entry.version);
  }

  async lastModified(request: { params: { id: string } }): Promise<Date | undefined> {
    return (await this.lookup(request))?.updatedAt;
  }

  private lookup(request: { params: { id: string } }): Promise<EntryValidatorRow | undefined> {
    let found = this.lookups.get(request);
    if (found === undefined) {
      found = this.entries.validators(parseEntryId(request.params.id));
      this.lookups.set(request, found);
    }
    return found;
  }
}

/**
 * The validators of the entry list (blog 1's entries): the blog's collection state, which
 * every create, edit and delete moves. `count(*)` and the newest `updatedAt` of the entries
 * left would miss an edit within the newest second and, for the date, every deletion.
 */
@Injectable()
export class EntryListValidators implements ETagProvider, LastModifiedProvider {
  private readonly state = new PerRequest((): Promise<CollectionState | undefined> => this.entries.blogState(1));

  constructor(private readonly entries: EntryRepository) {}

  async etag(request: object): Promise<string> {
    return `list-v${(await this.state.get(request))?.version ?? 0}`;
  }

  async lastModified(request: object): Promise<Date | undefined> {
    return (await this.state.get(request))?.modifiedAt;
  }
}
