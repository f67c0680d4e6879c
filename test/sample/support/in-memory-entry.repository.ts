import { WriteCondition, versionOf } from '../../../src';
import { Entry, EntryInput } from '../../../sample/src/blog/entry';
import { EntryRepository, EntryValidatorRow } from '../../../sample/src/blog/entry.repository';

/**
 * The sample's storage as a map in this process, for the test that needs to change how a
 * write is made (`lost-updates-without-cas.e2e.spec.ts`). A check and a write with no
 * `await` between them are one step here: JavaScript runs one callback at a time.
 */
export class InMemoryEntryRepository extends EntryRepository {
  protected readonly entries = new Map<number, Entry>();

  constructor(seed: readonly Entry[] = []) {
    super();
    for (const entry of seed) this.entries.set(entry.id, entry);
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

  async newestPublished(blogId: number): Promise<Date | undefined> {
    const dates = (await this.listByBlog(blogId)).map((entry) => entry.published.getTime());
    return dates.length === 0 ? undefined : new Date(Math.max(...dates));
  }

  async summary(author?: string): Promise<{ count: number; newestUpdate?: Date }> {
    const entries = [...this.entries.values()].filter((entry) => author === undefined || entry.author === author);
    const dates = entries.map((entry) => entry.updatedAt.getTime());
    return { count: entries.length, newestUpdate: dates.length === 0 ? undefined : new Date(Math.max(...dates)) };
  }

  async update(id: number, input: EntryInput, condition: WriteCondition): Promise<Entry | undefined> {
    const current = this.entries.get(id);
    if (current === undefined || !this.holds(current, condition)) return undefined;
    const entry = { ...current, ...input, updatedAt: new Date(), version: current.version + 1 };
    this.entries.set(id, entry);
    return entry;
  }

  async create(id: number, input: EntryInput): Promise<Entry | undefined> {
    if (this.entries.has(id)) return undefined;
    const now = new Date();
    const entry: Entry = { id, blogId: 1, author: 'alice', ...input, published: now, updatedAt: now, version: 1 };
    this.entries.set(id, entry);
    return entry;
  }

  async patch(id: number, merge: (current: Entry) => EntryInput, condition: WriteCondition): Promise<Entry | undefined> {
    const current = this.entries.get(id);
    return current && this.update(id, merge(current), condition);
  }

  async delete(id: number, condition: WriteCondition): Promise<boolean> {
    const current = this.entries.get(id);
    if (current === undefined || !this.holds(current, condition)) return false;
    return this.entries.delete(id);
  }

  protected holds(current: Entry, condition: WriteCondition): boolean {
    if (condition.kind === 'match') return current.version === versionOf(condition.etag);
    if (condition.kind === 'unmodified-since') return current.updatedAt.getTime() < condition.modifiedBefore;
    return condition.kind !== 'absent';
  }
}
