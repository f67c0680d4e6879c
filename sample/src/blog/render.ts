import { createHash } from 'node:crypto';
import { type Entry } from './entry';

/**
 * The expensive part of a page: every entry rendered, with a digest per entry standing for
 * the template work, markdown and syntax highlighting of a real blog (a few milliseconds
 * for a front page of hundreds of entries). This is what a 304 never runs.
 */
export function renderEntries(entries: readonly Entry[]) {
  return entries
    .slice()
    .sort((a, b) => b.published.getTime() - a.published.getTime())
    .map((entry) => {
      let digest = entry.body;
      for (let round = 0; round < 20; round++) digest = createHash('sha256').update(digest).digest('hex');
      return {
        id: entry.id,
        title: entry.title,
        author: entry.author,
        published: entry.published.toISOString(),
        excerpt: entry.body.slice(0, 80),
        fingerprint: digest.slice(0, 16),
      };
    });
}
