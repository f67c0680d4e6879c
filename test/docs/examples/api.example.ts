// The code blocks of docs/api.md, compiled (test/docs/code-blocks.spec.ts finds each here).
import { Controller, Get, Injectable, Module, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiResponse } from '@nestjs/swagger';
import {
  CacheControl,
  Condition,
  ConditionalModule,
  ETag,
  type ETagProvider,
  LastModified,
  type LastModifiedProvider,
  RangeableBody,
  Ranges,
  Vary,
} from 'nestjs-conditional';

/** Stand-ins for an app's configuration and data, so that the examples compile as written. */
@Injectable()
class ConfigService {
  get(name: string): string | undefined {
    return process.env[name];
  }
}
@Module({ providers: [ConfigService], exports: [ConfigService] })
class ConfigModule {}

export const forRootExamples = () => {
  ConditionalModule.forRoot({ requirePrecondition: true });

  ConditionalModule.forRootAsync({
    imports: [ConfigModule],
    inject: [ConfigService],
    useFactory: (config: ConfigService) => ({ requirePrecondition: config.get('STRICT_WRITES') === 'true' }),
  });
};

export const earlyNotModifiedExample = () => {
  ConditionalModule.forRoot({ earlyNotModified: 'direct' });
};

class Reports {
  build() {
    return { total: 3 };
  }
}
class Articles {
  findAll() {
    return [{ id: 1, modified: new Date(0) }];
  }
}

@Controller('articles')
export class FromResponseController {
  private readonly reports = new Reports();
  private readonly articles = new Articles();

  @Get('report')
  @ETag() // 304 when If-None-Match matches the body's tag
  report() {
    return this.reports.build();
  }

  @Get()
  @LastModified({ field: 'modified' }) // Last-Modified: the newest `modified` of the list
  list() {
    return this.articles.findAll();
  }
}

interface AuthenticatedRequest {
  user: { id: string };
}
const entries = { versionFor: (user: string) => user.length, of: (user: string) => [{ author: user }] };

@Controller('me')
@Vary('Authorization')
export class MeController {
  @Get('entries')
  @CacheControl({ private: true, noCache: true })
  @ETag((req) => `${req.user.id}-${entries.versionFor(req.user.id)}`)
  myEntries(@Req() req: AuthenticatedRequest) {
    return entries.of(req.user.id);
  }
}

class Article {
  @ApiProperty()
  title!: string;
}
const articles = { find: (id: string): Article => ({ title: id }) };
const versionOf = (id: string) => id.length;

@Controller('documented')
export class DocumentedController {
  @Get(':id')
  @Condition({ etag: (req) => `v${versionOf(req.params.id)}` })
  @ApiOkResponse({ type: Article }) // kept, and gains the ETag response header
  @ApiResponse({ status: 304, description: 'Your copy is current' }) // kept as written
  findOne(@Param('id') id: string) {
    return articles.find(id);
  }
}

const attachmentPath = (id: string) => `/srv/attachments/${Number(id)}.wav`;

@Controller('entries')
export class AttachmentsController {
  @Get(':id/attachment')
  @Ranges()
  attachment(@Param('id') id: string) {
    return RangeableBody.file(attachmentPath(id), { contentType: 'audio/wav' });
  }
}

interface EntryRequest {
  params: { id: string };
}
@Injectable()
class EntryRepository {
  async find(id: number) {
    return id > 0 ? { version: 1, updatedAt: new Date(0) } : undefined;
  }
}

@Injectable()
export class EntryValidators implements ETagProvider, LastModifiedProvider {
  constructor(private readonly entries: EntryRepository) {}
  async etag(req: EntryRequest) {
    const entry = await this.entries.find(+req.params.id);
    return entry && `v${entry.version}`;
  }
  async lastModified(req: EntryRequest) {
    return (await this.entries.find(+req.params.id))?.updatedAt;
  }
}

@Controller('entries')
@Condition(EntryValidators) // every route; or @ETag(EntryValidators), @Condition({ etag: EntryValidators })
export class EntriesController {
  @Get(':id')
  findOne(@Param('id') id: string) {
    return { id };
  }
}
