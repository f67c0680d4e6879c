import { Injectable } from '@nestjs/common';
import { ETagProvider, LastModifiedProvider, versionTag } from 'nestjs-conditional';
import { parseEntryId } from './entry-input';
import { EntryRepository, EntryValidatorRow } from './entry.repository';

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
 * The validators of the entry list: `count(*)` and `max(updatedAt)`. The count is in the
 * ETag because a deletion lowers it without changing the newest date.
 */
@Injectable()
export class EntryListValidators implements ETagProvider, LastModifiedProvider {
  constructor(private readonly entries: EntryRepository) {}

  async etag(): Promise<string> {
    const { count, newestUpdate } = await this.entries.summary();
    return `list-${count}-${newestUpdate?.getTime() ?? 0}`;
  }

  async lastModified(): Promise<Date | undefined> {
    return (await this.entries.summary()).newestUpdate;
  }
}
