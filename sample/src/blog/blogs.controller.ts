import { Controller, Get, Injectable, NotFoundException, Param } from '@nestjs/common';
import { CacheControl, LastModified, type LastModifiedProvider } from 'nestjs-conditional';
import { BuildStats } from './build-stats.service';
import { parseEntryId } from './entry-input';
import { EntryRepository } from './entry.repository';
import { renderEntries } from './render';

/** The front page's Last-Modified: `max(published)` of the blog's entries, one cheap query. */
@Injectable()
export class FrontPageValidators implements LastModifiedProvider {
  constructor(private readonly entries: EntryRepository) {}

  lastModified(request: { params: { id: string } }): Promise<Date | undefined> {
    return this.entries.newestPublished(parseEntryId(request.params.id));
  }
}

/**
 * Django's own example: a blog's front page changes only when an entry is published, so
 * its Last-Modified is the newest entry's `published` time, while the page itself renders
 * every entry (the expensive part a 304 skips).
 */
@Controller('blogs')
export class BlogsController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
  ) {}

  @Get(':id')
  @CacheControl({ noCache: true })
  @LastModified(FrontPageValidators)
  async frontPage(@Param('id') rawId: string) {
    const entries = await this.entries.listByBlog(parseEntryId(rawId));
    if (entries.length === 0) throw new NotFoundException(`There is no blog ${rawId}.`);
    this.stats.built('frontPage');
    return { blog: Number(rawId), entries: renderEntries(entries) };
  }
}
