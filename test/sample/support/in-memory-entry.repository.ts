import { type WriteCondition, versionOf } from '../../../src';
import { type Entry, type EntryInput } from '../../../sample/src/blog/entry';
import {
  type CollectionState,
  EntryRepository,
  type EntryValidatorRow,
} from '../../../sample/src/blog/entry.repository';

/**
 * The sample's storage as a map in this process, for the test that needs to change how a
 * write is made (`lost-updates-without-cas.e2e.spec.ts`). A check and a write with no
 * `await` between them are one step here: JavaScript runs one callback at a time.
 */
export class InMemoryEntryRepository extends EntryRepository {
  protected readonly entries = new Map<number, Entry>();
  private readonly collections = new Map<string, CollectionState>();

  constructor(seed: readonly Entry[] = []) {
    super();
    for (const entry of seed) this.set(entry, entry.updatedAt);
  }

  /** Stores `entry` (or removes entry `id`) and moves its blog's and author's state, as the SQL write does. */
  protected set(entry: Entry, at: Date, remove = false): void {
    if (remove) this.entries.delete(entry.id);
    else this.entries.set(entry.id, entry);
    for (const key of [`blog ${entry.blogId}`, `author ${entry.author}`]) {
      const state = this.collections.get(key);
      this.collections.set(key, {
        version: (state?.version ?? 0) + 1,
        modifiedAt: new Date(Math.max(at.getTime(), state?.modifiedAt.getTime() ?? 0)),
      });
    }
  }

  async find(id: number): Promise<Entry | undefined> {
    return this.entries.get(id);
  }

  async validators(id: number): Promise<EntryValidatorRow | undefined> {
    return this.entries.get(id);
  }

  async listByBlog(blogId: number): Promise<Entry[]> {
    return [...this.entries.values()].filter((entry) => entry.blogId === blogId);
  }

  async listByAuthor(author: string): Promise<Entry[]> {
    return [...this.entries.values()].filter((entry) => entry.author === author);
  }

  async blogState(blogId: number): Promise<CollectionState | undefined> {
    return this.collections.get(`blog ${blogId}`);
  }

  async authorState(author: string): Promise<CollectionState | undefined> {
    return this.collections.get(`author ${author}`);
  }

  async update(id: number, input: EntryInput, condition: WriteCondition): Promise<Entry | undefined> {
    const current = this.entries.get(id);
    if (current === undefined || !this.holds(current, condition)) return undefined;
    const entry = { ...current, ...input, updatedAt: new Date(), version: current.version + 1 };
    this.set(entry, entry.updatedAt);
    return entry;
  }

  async create(id: number, input: EntryInput): Promise<Entry | undefined> {
    if (this.entries.has(id)) return undefined;
    const now = new Date();
    const entry: Entry = { id, blogId: 1, author: 'alice', ...input, published: now, updatedAt: now, version: 1 };
    this.set(entry, now);
    return entry;
  }

  async patch(
    id: number,
    merge: (current: Entry) => EntryInput,
    condition: WriteCondition,
  ): Promise<Entry | undefined> {
    const current = this.entries.get(id);
    return current && this.update(id, merge(current), condition);
  }

  async delete(id: number, condition: WriteCondition): Promise<boolean> {
    const current = this.entries.get(id);
    if (current === undefined || !this.holds(current, condition)) return false;
    this.set(current, new Date(), true);
    return true;
  }

  protected holds(current: Entry, condition: WriteCondition): boolean {
    if (condition.kind === 'match') return current.version === versionOf(condition.etag);
    if (condition.kind === 'unmodified-since') return current.updatedAt.getTime() < condition.modifiedBefore;
    return condition.kind !== 'absent';
  }
}
