import { Controller, Get, Injectable, NotFoundException, Param } from '@nestjs/common';
import { CacheControl, LastModified, type LastModifiedProvider } from 'nestjs-conditional';
import { BuildStats } from './build-stats.service';
import { parseEntryId } from './entry-input';
import { EntryRepository } from './entry.repository';
import { renderEntries } from './render';

/**
 * The front page's Last-Modified: the blog's modification time, one primary-key lookup, moved
 * by every create, edit and delete of its entries (the page renders their titles and text).
 * Django's example takes the newest entry's `published`, which misses edits and deletions.
 */
@Injectable()
export class FrontPageValidators implements LastModifiedProvider {
  constructor(private readonly entries: EntryRepository) {}

  lastModified(request: { params: { id: string } }): Promise<Date | undefined> {
    return this.entries.blogState(parseEntryId(request.params.id)).then((state) => state?.modifiedAt);
  }
}

/**
 * Django's own example, a Last-Modified alone: the page renders every entry (the expensive
 * part a 304 skips), and its date is the blog's, which every write to an entry moves.
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
