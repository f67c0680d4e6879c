import { setTimeout as sleep } from 'node:timers/promises';
import { Entry, EntryInput } from './entry';

/**
 * What a write requires of the stored entry, checked in the same step as the write (a
 * compare-and-set, `UPDATE ... WHERE version = ?` in SQL): the guard's check happened
 * earlier, and another client may have written since.
 */
export interface WriteCondition {
  /** The version the client's `If-Match` named. */
  readonly version?: number;
  /** The `updatedAt`, at whole seconds, the client's `If-Unmodified-Since` was compared with. */
  readonly lastModified?: number;
  /** The entry must not exist (`If-None-Match: *`). */
  readonly absent?: boolean;
}

/** The stored entry no longer is what the write's condition required: answer 412. */
export class WriteConflictError extends Error {
  override readonly name = 'WriteConflictError';
}

/**
 * The storage the app talks to: asynchronous, as a database would be. Every read the
 * validators make is one cheap query (a version, a `max(published)`).
 */
export abstract class EntryRepository {
  abstract find(id: number): Promise<Entry | undefined>;
  abstract listByBlog(blogId: number): Promise<Entry[]>;
  abstract listByAuthor(author: string): Promise<Entry[]>;
  /** `max(published)` of a blog's entries: the front page's Last-Modified. */
  abstract newestPublished(blogId: number): Promise<Date | undefined>;
  /** `count(*)` and `max(updatedAt)` of all entries, or of one author's. */
  abstract summary(author?: string): Promise<{ count: number; newestUpdate?: Date }>;
  /** Creates or replaces entry `id`; throws `WriteConflictError` when `condition` does not hold. */
  abstract save(id: number, input: EntryInput, condition?: WriteCondition): Promise<{ entry: Entry; created: boolean }>;
  /** Deletes entry `id`; throws `WriteConflictError` when `condition` does not hold. */
  abstract delete(id: number, condition?: WriteCondition): Promise<void>;
}

export interface InMemoryOptions {
  /** Delay of every call, standing for a database round trip (tests use it to interleave requests). */
  readonly latencyMs?: number;
}

/** The default storage: a map, seeded at start. */
export class InMemoryEntryRepository extends EntryRepository {
  private readonly entries = new Map<number, Entry>();
  private readonly latencyMs: number;

  constructor(seed: readonly Entry[] = [], options: InMemoryOptions = {}) {
    super();
    this.latencyMs = options.latencyMs ?? 0;
    for (const entry of seed) this.entries.set(entry.id, entry);
  }

  async find(id: number): Promise<Entry | undefined> {
    await this.roundTrip();
    return this.entries.get(id);
  }

  async listByBlog(blogId: number): Promise<Entry[]> {
    await this.roundTrip();
    return [...this.entries.values()].filter((entry) => entry.blogId === blogId);
  }

  async listByAuthor(author: string): Promise<Entry[]> {
    await this.roundTrip();
    return [...this.entries.values()].filter((entry) => entry.author === author);
  }

  async newestPublished(blogId: number): Promise<Date | undefined> {
    await this.roundTrip();
    let newest: Date | undefined;
    for (const entry of this.entries.values()) {
      if (entry.blogId === blogId && (newest === undefined || entry.published > newest)) newest = entry.published;
    }
    return newest;
  }

  async summary(author?: string): Promise<{ count: number; newestUpdate?: Date }> {
    await this.roundTrip();
    let count = 0;
    let newestUpdate: Date | undefined;
    for (const entry of this.entries.values()) {
      if (author !== undefined && entry.author !== author) continue;
      count++;
      if (newestUpdate === undefined || entry.updatedAt > newestUpdate) newestUpdate = entry.updatedAt;
    }
    return { count, newestUpdate };
  }

  async save(id: number, input: EntryInput, condition: WriteCondition = {}): Promise<{ entry: Entry; created: boolean }> {
    await this.roundTrip();
    // From here to the write nothing awaits: the check and the write are one step.
    const previous = this.entries.get(id);
    this.check(previous, condition);
    const now = new Date();
    const entry: Entry = previous
      ? { ...previous, ...input, updatedAt: now, version: previous.version + 1 }
      : { id, blogId: 1, author: 'alice', ...input, published: now, updatedAt: now, version: 1 };
    this.entries.set(id, entry);
    return { entry, created: previous === undefined };
  }

  async delete(id: number, condition: WriteCondition = {}): Promise<void> {
    await this.roundTrip();
    this.check(this.entries.get(id), condition);
    this.entries.delete(id);
  }

  private check(current: Entry | undefined, condition: WriteCondition): void {
    if (condition.absent && current !== undefined) throw new WriteConflictError(`entry ${current.id} exists`);
    if (condition.version !== undefined && current?.version !== condition.version) {
      throw new WriteConflictError(`entry is at version ${current?.version ?? 'none'}, not ${condition.version}`);
    }
    const modified = current && Math.floor(current.updatedAt.getTime() / 1000) * 1000;
    if (condition.lastModified !== undefined && modified !== condition.lastModified) {
      throw new WriteConflictError('entry was modified since the checked time');
    }
  }

  private async roundTrip(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
  }
}
