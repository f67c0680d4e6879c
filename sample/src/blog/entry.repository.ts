import { Entry, EntryInput } from './entry';

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
  abstract create(id: number, blogId: number, author: string, input: EntryInput): Promise<Entry>;
  abstract replace(id: number, input: EntryInput): Promise<Entry>;
  abstract delete(id: number): Promise<void>;
}

/** The default storage: a map, seeded at start. */
export class InMemoryEntryRepository extends EntryRepository {
  private readonly entries = new Map<number, Entry>();

  constructor(seed: readonly Entry[] = []) {
    super();
    for (const entry of seed) this.entries.set(entry.id, entry);
  }

  async find(id: number): Promise<Entry | undefined> {
    return this.entries.get(id);
  }

  async listByBlog(blogId: number): Promise<Entry[]> {
    return [...this.entries.values()].filter((entry) => entry.blogId === blogId);
  }

  async listByAuthor(author: string): Promise<Entry[]> {
    return [...this.entries.values()].filter((entry) => entry.author === author);
  }

  async newestPublished(blogId: number): Promise<Date | undefined> {
    let newest: Date | undefined;
    for (const entry of this.entries.values()) {
      if (entry.blogId === blogId && (newest === undefined || entry.published > newest)) newest = entry.published;
    }
    return newest;
  }

  async summary(author?: string): Promise<{ count: number; newestUpdate?: Date }> {
    let count = 0;
    let newestUpdate: Date | undefined;
    for (const entry of this.entries.values()) {
      if (author !== undefined && entry.author !== author) continue;
      count++;
      if (newestUpdate === undefined || entry.updatedAt > newestUpdate) newestUpdate = entry.updatedAt;
    }
    return { count, newestUpdate };
  }

  async create(id: number, blogId: number, author: string, input: EntryInput): Promise<Entry> {
    const now = new Date();
    const entry: Entry = { id, blogId, author, ...input, published: now, updatedAt: now, version: 1 };
    this.entries.set(id, entry);
    return entry;
  }

  async replace(id: number, input: EntryInput): Promise<Entry> {
    const previous = this.entries.get(id);
    if (previous === undefined) throw new Error(`entry ${id} does not exist`);
    const entry: Entry = { ...previous, ...input, updatedAt: new Date(), version: previous.version + 1 };
    this.entries.set(id, entry);
    return entry;
  }

  async delete(id: number): Promise<void> {
    this.entries.delete(id);
  }
}
