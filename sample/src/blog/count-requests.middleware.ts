import { Injectable, NestMiddleware } from '@nestjs/common';
import { BuildStats, Page } from './build-stats.service';

const PAGES: ReadonlyArray<readonly [RegExp, Page]> = [
  [/^\/blogs\/[^/]+$/, 'frontPage'],
  [/^\/blogs\/[^/]+\/archive$/, 'archive'],
  [/^\/entries$/, 'entryList'],
  [/^\/entries\/[^/]+$/, 'entry'],
  [/^\/entries\/[^/]+\/page$/, 'entryPage'],
  [/^\/entries\/[^/]+\/attachment$/, 'attachment'],
  [/^\/me\/entries$/, 'myEntries'],
];

/** Counts GET/HEAD requests per page, before any guard: the denominator of `/stats`. */
@Injectable()
export class CountRequestsMiddleware implements NestMiddleware {
  constructor(private readonly stats: BuildStats) {}

  use(request: { method?: string; originalUrl?: string; url?: string }, _response: unknown, next: () => void): void {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
      const page = PAGES.find(([pattern]) => pattern.test(path))?.[1];
      if (page !== undefined) this.stats.request(page);
    }
    next();
  }
}
