import { type Entry } from './entry';

const AUTHORS = ['alice', 'bob'];
const DAY_MS = 86_400_000;

/**
 * `count` entries on blog 1, one a day up to `until`, written by alice and bob in turn.
 * Deterministic, so that the README's `curl` output is the same on every machine.
 */
export function seedEntries(count = 300, until = new Date('2026-11-01T09:00:00Z')): Entry[] {
  const entries: Entry[] = [];
  for (let i = 1; i <= count; i++) {
    const published = new Date(until.getTime() - (count - i) * DAY_MS);
    entries.push({
      id: i,
      blogId: 1,
      author: AUTHORS[i % AUTHORS.length],
      title: `Entry ${i}`,
      body: `Thoughts number ${i}. `.repeat(20),
      published,
      updatedAt: published,
      version: 1,
    });
  }
  return entries;
}
