// docs/lost-updates.md, "What the library gives the write": compiled, with an in-memory store.
import { Body, Controller, Injectable, Param, Put, Res } from '@nestjs/common';
import { Condition, type ETagProvider, versionOf } from 'nestjs-conditional';

interface Input {
  title: string;
}
interface Stored extends Input {
  id: number;
  version: number;
}
interface ReplyWithHeaders {
  status(code: number): ReplyWithHeaders;
  header(name: string, value: string): ReplyWithHeaders;
}

@Injectable()
class EntryRepository {
  private readonly rows = new Map<number, Stored>();
  async update(id: number, body: Input, holding: WriteCondition): Promise<Stored | undefined> {
    const row = this.rows.get(id);
    if (row === undefined || (holding.kind === 'match' && versionOf(holding.etag) !== row.version)) return undefined;
    const next = { ...row, ...body, version: row.version + 1 };
    this.rows.set(id, next);
    return next;
  }
  async create(id: number, body: Input): Promise<Stored | undefined> {
    if (this.rows.has(id)) return undefined;
    const row = { id, ...body, version: 1 };
    this.rows.set(id, row);
    return row;
  }
}

@Injectable()
class EntryValidators implements ETagProvider {
  etag() {
    return undefined;
  }
}

import { WriteCondition, versionTag, writeConditionally } from 'nestjs-conditional';

@Controller('entries')
export class EntriesController {
  constructor(private readonly entries: EntryRepository) {}

  @Put(':id')
  @Condition({ etag: EntryValidators, requirePrecondition: true }) // the validator returns versionTag(entry.version)
  async put(
    @Param('id') id: string,
    @Body() body: Input,
    @WriteCondition() condition: WriteCondition,
    @Res({ passthrough: true }) res: ReplyWithHeaders,
  ) {
    const { value, created } = await writeConditionally(condition, {
      update: (holding) => this.entries.update(+id, body, holding), // UPDATE ... WHERE id = $1 AND version = $2 RETURNING *
      create: () => this.entries.create(+id, body), // INSERT ... ON CONFLICT (id) DO NOTHING RETURNING *
    });
    res.status(created ? 201 : 200).header('ETag', versionTag(value.version));
    return value;
  }
}
