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
  PreconditionFailedException,
  Put,
  Res,
} from '@nestjs/common';
import { Condition, CurrentValidators, EvaluatedValidators, formatHttpDate, toEntityTag } from 'nestjs-conditional';
import { BuildStats } from './build-stats.service';
import { Entry, EntryInput } from './entry';
import { parseEntryId, parseEntryInput } from './entry-input';
import { EntryListValidators, EntryValidators } from './entry-validators';
import { EntryRepository, WriteConflictError } from './entry.repository';
import { renderEntries } from './render';
import { writeConditionFrom } from './write-condition';

/** Headers of the entry just written: its new validators (the library sends validators on GET/HEAD only). */
function sendNewValidators(response: { header(name: string, value: string): unknown }, entry: Entry): void {
  response.header('ETag', toEntityTag(`v${entry.version}`).value);
  response.header('Last-Modified', formatHttpDate(entry.updatedAt.getTime()));
}

/** A write whose compare-and-set failed: another client wrote first. */
async function conditionally<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof WriteConflictError) throw new PreconditionFailedException();
    throw error;
  }
}

/**
 * Entries. The class-level `@Condition(EntryValidators)` applies to every route; the list
 * overrides it with list-level validators. The module demands a precondition on every
 * write (`requirePrecondition: true`): a PUT, PATCH or DELETE without `If-Match` is a 428.
 * Every write is a compare-and-set on what the guard checked (`@EvaluatedValidators()`).
 */
@Controller('entries')
@Condition(EntryValidators)
export class EntriesController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
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
   * Replaces an entry (`If-Match: "v<version>"`), or creates it (`If-None-Match: *`, 201).
   * The response carries the new ETag, ready for the next `If-Match`.
   */
  @Put(':id')
  async put(
    @Param('id') rawId: string,
    @Body() body: unknown,
    @EvaluatedValidators() checked: CurrentValidators | undefined,
    @Res({ passthrough: true }) response: any,
  ) {
    const input = parseEntryInput(body);
    const { entry, created } = await conditionally(this.entries.save(parseEntryId(rawId), input, writeConditionFrom(checked)));
    response.status(created ? 201 : 200);
    sendNewValidators(response, entry);
    return { id: entry.id, version: entry.version, title: entry.title };
  }

  @Patch(':id')
  async patch(
    @Param('id') rawId: string,
    @Body() body: unknown,
    @EvaluatedValidators() checked: CurrentValidators | undefined,
    @Res({ passthrough: true }) response: any,
  ) {
    const entry = await this.existing(rawId);
    const changes = (body ?? {}) as Partial<Record<keyof EntryInput, unknown>>;
    const input = parseEntryInput({ title: changes.title ?? entry.title, body: changes.body ?? entry.body });
    const { entry: updated } = await conditionally(this.entries.save(entry.id, input, writeConditionFrom(checked)));
    sendNewValidators(response, updated);
    return { id: updated.id, version: updated.version, title: updated.title };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') rawId: string, @EvaluatedValidators() checked: CurrentValidators | undefined): Promise<void> {
    const entry = await this.existing(rawId);
    await conditionally(this.entries.delete(entry.id, writeConditionFrom(checked)));
  }

  private async existing(rawId: string): Promise<Entry> {
    const id = parseEntryId(rawId);
    const entry = await this.entries.find(id);
    if (entry === undefined) throw new NotFoundException(`There is no entry ${id}.`);
    return entry;
  }
}
