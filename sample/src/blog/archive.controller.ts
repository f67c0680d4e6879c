import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { CacheControl, ETag, LastModified } from 'nestjs-conditional';
import { BuildStats } from './build-stats.service';
import { parseEntryId } from './entry-input';
import { EntryRepository } from './entry.repository';

/**
 * A page with no cheap validator (Django's `ConditionalGetMiddleware` case): the archive
 * lists every entry of a blog with its title and edit time. Its ETag is taken from the
 * rendered body and its Last-Modified from the newest `updatedAt` it returns, so the
 * handler runs on every request; a client whose copy is current still gets a bodiless 304,
 * which saves the transfer, not the build (`/stats` shows `buildsAvoided: 0` for it).
 */
@Controller('blogs')
export class ArchiveController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
  ) {}

  @Get(':id/archive')
  @ETag()
  @LastModified()
  @CacheControl({ noCache: true })
  async archive(@Param('id') rawId: string) {
    const entries = await this.entries.listByBlog(parseEntryId(rawId));
    if (entries.length === 0) throw new NotFoundException(`There is no blog ${rawId}.`);
    this.stats.built('archive');
    return {
      blog: Number(rawId),
      items: entries.map(({ id, title, updatedAt }) => ({ id, title, updatedAt })),
    };
  }
}
