// The code blocks of docs/recipes.md, compiled (test/docs/code-blocks.spec.ts finds each here).
import {
  Body,
  CanActivate,
  Controller,
  Get,
  Header,
  Injectable,
  Param,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { Condition, ETag, type ETagProvider, toEntityTag } from 'nestjs-conditional';

interface AuthenticatedRequest {
  user: { id: string; entriesVersion: number };
}
interface EntryInput {
  title: string;
}
interface ReplyWithHeaders {
  header(name: string, value: string): ReplyWithHeaders;
}
class BearerAuthGuard implements CanActivate {
  canActivate() {
    return true;
  }
}
const entries = { of: (user: string) => [{ author: user }] };
@Injectable()
class EntryValidators implements ETagProvider {
  etag() {
    return 'v1';
  }
}

const blogs = {
  state: async (id: number) => ({ version: id, modifiedAt: new Date(0) }),
  entries: async (id: number) => [{ blogId: id }],
};

@Controller('blogs')
export class BlogEntriesController {
  @Get(':id/entries')
  @Condition({
    etag: async (req) => `blog-v${(await blogs.state(+req.params.id)).version}`, // exact
    lastModified: async (req) => (await blogs.state(+req.params.id)).modifiedAt, // whole seconds
  })
  entries(@Param('id') id: string) {
    return blogs.entries(+id);
  }
}

@Controller()
export class RecipesController {
  private readonly entries = { replace: async (id: number, body: EntryInput) => ({ id, ...body, version: 2 }) };

  @Get('me/entries')
  @UseGuards(BearerAuthGuard)
  @ETag((req) => `${req.user.id}-${req.user.entriesVersion}`)
  @Header('Cache-Control', 'private, no-cache')
  @Header('Vary', 'Authorization')
  myEntries(@Req() req: AuthenticatedRequest) {
    return entries.of(req.user.id);
  }

  @Put(':id')
  @Condition({ etag: EntryValidators, requirePrecondition: true })
  async put(@Param('id') id: string, @Body() body: EntryInput, @Res({ passthrough: true }) res: ReplyWithHeaders) {
    const entry = await this.entries.replace(+id, body);
    res.header('ETag', toEntityTag(`v${entry.version}`).value);
    return entry;
  }
}
