import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Put,
  Res,
} from '@nestjs/common';
import {
  Condition,
  ValidatorElements,
  WriteCondition,
  formatHttpDate,
  versionTag,
  writeConditionally,
} from 'nestjs-conditional';
import { BuildStats } from './build-stats.service';
import { Entry, EntryInput } from './entry';
import { parseEntryId, parseEntryInput } from './entry-input';
import { EntryListValidators, EntryValidators } from './entry-validators';
import { EntryRepository } from './entry.repository';
import { renderEntries } from './render';

/**
 * Headers of the entry just written: its new validators (the library sends validators on
 * GET/HEAD only). Made by `ValidatorElements` from what `EntryValidators` returns, so that they
 * carry the representation version and are what the next GET sends: a bare `"v2"` would be
 * refused by the next `If-Match` (412).
 */
function sendNewValidators(
  response: { header(name: string, value: string): unknown },
  validators: ValidatorElements,
  entry: Entry,
): void {
  response.header('ETag', validators.etag(versionTag(entry.version))!);
  response.header('Last-Modified', formatHttpDate(validators.lastModified(entry.updatedAt)!.getTime()));
}

/**
 * Entries. The class-level `@Condition(EntryValidators)` applies to every route; the list
 * overrides it with list-level validators. The module demands a precondition on every
 * write (`requirePrecondition: true`): a PUT, PATCH or DELETE without `If-Match` is a 428.
 * Every write carries the request's condition (`@WriteCondition()`) into the database, and
 * `writeConditionally` answers 412 when it wrote nothing: the guard's check and the write are
 * one step, on one instance or many.
 */
@Controller('entries')
@Condition(EntryValidators)
export class EntriesController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
    private readonly validators: ValidatorElements,
  ) {}

  @Get()
  @Condition(EntryListValidators)
  @Header('Cache-Control', 'no-cache')
  async list() {
    this.stats.built('entryList');
    const entries = await this.entries.listByBlog(1);
    return { count: entries.length, entries: renderEntries(entries) };
  }

  @Get(':id')
  @Header('Cache-Control', 'no-cache')
  async findOne(@Param('id') rawId: string) {
    const entry = await this.existing(rawId);
    this.stats.built('entry');
    const [rendered] = renderEntries([entry]);
    return { ...rendered, body: entry.body, version: entry.version, updatedAt: entry.updatedAt.toISOString() };
  }

  /**
   * Replaces an entry (`If-Match:` the ETag of its last GET), or creates it (`If-None-Match: *`, 201).
   * The response carries the new ETag, ready for the next `If-Match`.
   */
  @Put(':id')
  async put(
    @Param('id') rawId: string,
    @Body() body: unknown,
    @WriteCondition() condition: WriteCondition,
    @Res({ passthrough: true }) response: any,
  ) {
    const input = parseEntryInput(body);
    const id = parseEntryId(rawId);
    const { value: entry, created } = await writeConditionally(condition, {
      update: (holding) => this.entries.update(id, input, holding),
      create: () => this.entries.create(id, input),
    });
    response.status(created ? 201 : 200);
    sendNewValidators(response, this.validators, entry);
    return { id: entry.id, version: entry.version, title: entry.title };
  }

  /** Changes the title and/or body: read, merge and write in one transaction. */
  @Patch(':id')
  async patch(
    @Param('id') rawId: string,
    @Body() body: unknown,
    @WriteCondition() condition: WriteCondition,
    @Res({ passthrough: true }) response: any,
  ) {
    const changes = (body ?? {}) as Partial<Record<keyof EntryInput, unknown>>;
    const merge = (entry: Entry) =>
      parseEntryInput({ title: changes.title ?? entry.title, body: changes.body ?? entry.body });
    const { value: updated } = await writeConditionally(condition, {
      update: (holding) => this.entries.patch(parseEntryId(rawId), merge, holding),
    });
    sendNewValidators(response, this.validators, updated);
    return { id: updated.id, version: updated.version, title: updated.title };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') rawId: string, @WriteCondition() condition: WriteCondition): Promise<void> {
    const id = parseEntryId(rawId);
    await writeConditionally(condition, { update: (holding) => this.entries.delete(id, holding) });
  }

  private async existing(rawId: string): Promise<Entry> {
    const id = parseEntryId(rawId);
    const entry = await this.entries.find(id);
    if (entry === undefined) throw new NotFoundException(`There is no entry ${id}.`);
    return entry;
  }
}
