/** A blog entry, as the repository stores it. */
export interface Entry {
  readonly id: number;
  readonly blogId: number;
  readonly title: string;
  readonly body: string;
  readonly author: string;
  /** When the entry first appeared on its blog: what the blog's front page depends on. */
  readonly published: Date;
  readonly updatedAt: Date;
  /** Incremented by every write: the entry's ETag. */
  readonly version: number;
}

/** What a client sends to create or replace an entry. */
export interface EntryInput {
  readonly title: string;
  readonly body: string;
}
