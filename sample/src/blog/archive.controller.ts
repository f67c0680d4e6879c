import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { CacheControl, ETag, LastModified } from 'nestjs-conditional';
import { BuildStats } from './build-stats.service';
import { parseEntryId } from './entry-input';
import { EntryRepository } from './entry.repository';

/**
 * A page whose validators come from what the handler returns (Django's
 * `ConditionalGetMiddleware` case): the archive lists every entry of a blog with its title
 * and edit time. Its ETag is taken from the rendered body and its Last-Modified from the
 * blog's `modifiedAt` it returns (the newest `updatedAt` of the entries would miss every
 * deletion), so the handler runs on every request; a client whose copy is current still gets
 * a bodiless 304, which saves the transfer, not the build (`/stats`: `buildsAvoided: 0`).
 */
@Controller('blogs')
export class ArchiveController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
  ) {}

  @Get(':id/archive')
  @ETag()
  @LastModified({ field: 'modifiedAt' })
  @CacheControl({ noCache: true })
  async archive(@Param('id') rawId: string) {
    const blogId = parseEntryId(rawId);
    // The date first: a write between the two reads leaves it older than the list, never newer.
    const state = await this.entries.blogState(blogId);
    const entries = await this.entries.listByBlog(blogId);
    if (state === undefined || entries.length === 0) throw new NotFoundException(`There is no blog ${rawId}.`);
    this.stats.built('archive');
    return {
      blog: blogId,
      modifiedAt: state.modifiedAt,
      items: entries.map(({ id, title, updatedAt }) => ({ id, title, updatedAt })),
    };
  }
}
