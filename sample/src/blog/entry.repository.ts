import type { WriteCondition } from 'nestjs-conditional';
import { type Entry, type EntryInput } from './entry';

/** What the validators of one entry read: its version and modification time, nothing else. */
export interface EntryValidatorRow {
  readonly version: number;
  readonly updatedAt: Date;
}

/**
 * A collection of entries (a blog's, an author's): moved by every write to one of its
 * entries, a create, an edit or a delete, in the same statement as the write. What the pages
 * listing the collection use as validators: the newest `updatedAt` of the entries left misses
 * every deletion.
 */
export interface CollectionState {
  /** Incremented by every write: exact, where an HTTP date has whole seconds. */
  readonly version: number;
  readonly modifiedAt: Date;
}

/**
 * The storage the app talks to. Every read the validators make is one cheap query (a
 * version, a `max(published)`); every write carries the request's `WriteCondition` into the
 * write itself, so that the guard's check and the write are one step in the database.
 */
export abstract class EntryRepository {
  abstract find(id: number): Promise<Entry | undefined>;
  /** The entry's version and `updatedAt` (one indexed lookup): its ETag and Last-Modified. */
  abstract validators(id: number): Promise<EntryValidatorRow | undefined>;
  abstract listByBlog(blogId: number): Promise<Entry[]>;
  abstract listByAuthor(author: string): Promise<Entry[]>;
  /** The blog's collection state (one primary-key lookup); `undefined` for a blog never written. */
  abstract blogState(blogId: number): Promise<CollectionState | undefined>;
  /** The author's collection state; `undefined` for an author who never wrote. */
  abstract authorState(author: string): Promise<CollectionState | undefined>;
  /** Replaces entry `id` if it exists and `condition` holds; `undefined` when nothing matched. Never creates. */
  abstract update(id: number, input: EntryInput, condition: WriteCondition): Promise<Entry | undefined>;
  /** Creates entry `id` if it does not exist; `undefined` when it does. Never overwrites. */
  abstract create(id: number, input: EntryInput): Promise<Entry | undefined>;
  /**
   * Reads entry `id`, computes its new content with `merge`, and writes it if `condition`
   * still holds, in one transaction; `undefined` when nothing matched.
   */
  abstract patch(
    id: number,
    merge: (current: Entry) => EntryInput,
    condition: WriteCondition,
  ): Promise<Entry | undefined>;
  /** Deletes entry `id` if it exists and `condition` holds; whether it did. */
  abstract delete(id: number, condition: WriteCondition): Promise<boolean>;
}
