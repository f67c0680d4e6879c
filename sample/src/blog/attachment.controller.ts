import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { CacheControl, RangeableBody, Ranges } from 'nestjs-conditional';
import { AttachmentStore } from './attachment-store';
import { BuildStats } from './build-stats.service';
import { EntryRepository } from './entry.repository';

/**
 * An entry's attached file, whole or in ranges (`@Ranges()`): what a media player's probe
 * (`Range: bytes=0-`), a seek, or `curl -C -` asks for. No route validators: the file's own
 * (a strong ETag of size and mtime, its mtime as Last-Modified) decide 304, 412 and `If-Range`
 * once the handler has returned it, so the handler runs on every request, but the file is read
 * only for the bytes that are sent (a 304 or a 416 reads none).
 */
@Controller('entries')
export class AttachmentController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly attachments: AttachmentStore,
    private readonly stats: BuildStats,
  ) {}

  @Get(':id/attachment')
  @Ranges()
  @CacheControl({ noCache: true })
  async attachment(@Param('id') rawId: string): Promise<RangeableBody> {
    // Not parseEntryId's 400: a path that names no entry names no attachment either.
    const id = /^[1-9]\d{0,8}$/.test(rawId) ? Number(rawId) : undefined;
    const attachment = id === undefined ? undefined : this.attachments.find(id);
    // A deleted entry keeps no attachment, although the seeded file stays on disk.
    if (attachment === undefined || (await this.entries.find(id!)) === undefined)
      throw new NotFoundException(`Entry ${rawId} has no attachment.`);
    this.stats.built('attachment');
    return RangeableBody.file(attachment.path, { contentType: attachment.contentType });
  }
}
