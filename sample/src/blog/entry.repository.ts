import type { WriteCondition } from 'nestjs-conditional';
import { Entry, EntryInput } from './entry';

/** What the validators of one entry read: its version and modification time, nothing else. */
export interface EntryValidatorRow {
  readonly version: number;
  readonly updatedAt: Date;
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
  /** `max(published)` of a blog's entries: the front page's Last-Modified. */
  abstract newestPublished(blogId: number): Promise<Date | undefined>;
  /** `count(*)` and `max(updatedAt)` of all entries, or of one author's. */
  abstract summary(author?: string): Promise<{ count: number; newestUpdate?: Date }>;
  /** Replaces entry `id` if it exists and `condition` holds; `undefined` when nothing matched. Never creates. */
  abstract update(id: number, input: EntryInput, condition: WriteCondition): Promise<Entry | undefined>;
  /** Creates entry `id` if it does not exist; `undefined` when it does. Never overwrites. */
  abstract create(id: number, input: EntryInput): Promise<Entry | undefined>;
  /**
   * Reads entry `id`, computes its new content with `merge`, and writes it if `condition`
   * still holds, in one transaction; `undefined` when nothing matched.
   */
  abstract patch(id: number, merge: (current: Entry) => EntryInput, condition: WriteCondition): Promise<Entry | undefined>;
  /** Deletes entry `id` if it exists and `condition` holds; whether it did. */
  abstract delete(id: number, condition: WriteCondition): Promise<boolean>;
}
