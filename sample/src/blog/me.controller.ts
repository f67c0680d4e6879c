import { Controller, Get, Injectable, Req, UseGuards } from '@nestjs/common';
import { CacheControl, Condition, Vary, type ETagProvider, type LastModifiedProvider } from 'nestjs-conditional';
import { BearerAuthGuard } from './bearer-auth.guard';
import { BuildStats } from './build-stats.service';
import { EntryRepository } from './entry.repository';
import { PerRequest } from './per-request';
import { renderEntries } from './render';

type AuthenticatedRequest = { user: { name: string } };

/**
 * User-specific validators (Django's recipe): the user's name is in the ETag, so one
 * user's copy never validates another's. They read `request.user`, which the auth guard
 * sets: the library runs validators after every guard of the app.
 */
@Injectable()
export class MyEntriesValidators implements ETagProvider, LastModifiedProvider {
  // The author's collection state: every create, edit and delete of the user's entries moves it, no one else's.
  private readonly state = new PerRequest((request: AuthenticatedRequest) =>
    this.entries.authorState(request.user.name),
  );

  constructor(private readonly entries: EntryRepository) {}

  async etag(request: AuthenticatedRequest): Promise<string> {
    return `${request.user.name}-v${(await this.state.get(request))?.version ?? 0}`;
  }

  async lastModified(request: AuthenticatedRequest): Promise<Date | undefined> {
    return (await this.state.get(request))?.modifiedAt;
  }
}

@Controller('me')
@UseGuards(BearerAuthGuard)
export class MeController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
  ) {}

  /** Private to the user (no shared cache may store it) and varying with the credentials. */
  @Get('entries')
  @Condition(MyEntriesValidators)
  @CacheControl({ private: true, noCache: true })
  @Vary('Authorization')
  async myEntries(@Req() request: AuthenticatedRequest) {
    this.stats.built('myEntries');
    const entries = await this.entries.listByAuthor(request.user.name);
    return { user: request.user.name, count: entries.length, entries: renderEntries(entries) };
  }
}
