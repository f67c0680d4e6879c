import { Injectable } from '@nestjs/common';

/** The pages the app can build; each build is what a 304 saves. */
export type Page = 'frontPage' | 'archive' | 'entry' | 'entryPage' | 'entryList' | 'myEntries' | 'attachment';

/**
 * Counts requests and full page builds per page, so that `GET /stats` shows the builds
 * conditional requests avoided.
 */
@Injectable()
export class BuildStats {
  private readonly requests = new Map<Page, number>();
  private readonly builds = new Map<Page, number>();

  request(page: Page): void {
    this.requests.set(page, (this.requests.get(page) ?? 0) + 1);
  }

  built(page: Page): void {
    this.builds.set(page, (this.builds.get(page) ?? 0) + 1);
  }

  snapshot(): Record<Page, { requests: number; builds: number; buildsAvoided: number }> {
    const pages: Page[] = ['frontPage', 'archive', 'entry', 'entryPage', 'entryList', 'myEntries', 'attachment'];
    return Object.fromEntries(
      pages.map((page) => {
        const requests = this.requests.get(page) ?? 0;
        const builds = this.builds.get(page) ?? 0;
        return [page, { requests, builds, buildsAvoided: requests - builds }];
      }),
    ) as Record<Page, { requests: number; builds: number; buildsAvoided: number }>;
  }
}
