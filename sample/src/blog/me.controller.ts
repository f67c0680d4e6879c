import { Controller, Get, Injectable, Req, UseGuards } from '@nestjs/common';
import {
  AddToETag,
  CacheControl,
  Condition,
  Vary,
  type ETagProvider,
  type LastModifiedProvider,
  versionTag,
} from 'nestjs-conditional';
import { BearerAuthGuard } from './bearer-auth.guard';
import { BuildStats } from './build-stats.service';
import { EntryRepository } from './entry.repository';
import { PerRequest } from './per-request';
import { renderEntries } from './render';

type AuthenticatedRequest = { user: { name: string } };

/**
 * The validators of the user's own entries: the author's collection state. The ETag is just
 * its version; who is asking is not the route's business but the controller's
 * (`@AddToETag(userElement)` on `MeController`). They read `request.user`, which the auth
 * guard sets: the library runs validators after every guard of the app.
 */
@Injectable()
export class MyEntriesValidators implements ETagProvider, LastModifiedProvider {
  // The author's collection state: every create, edit and delete of the user's entries moves it, no one else's.
  private readonly state = new PerRequest((request: AuthenticatedRequest) =>
    this.entries.authorState(request.user.name),
  );

  constructor(private readonly entries: EntryRepository) {}

  async etag(request: AuthenticatedRequest): Promise<string> {
    return versionTag((await this.state.get(request))?.version ?? 0);
  }

  async lastModified(request: AuthenticatedRequest): Promise<Date | undefined> {
    return (await this.state.get(request))?.modifiedAt;
  }
}

/**
 * Who is asking, as an ETag element. Two users' collections may well be at the same version
 * (`"v1"` each): without it, one user's copy would validate another's, and a browser or client
 * that kept alice's response while bob signed in would get a 304 for bob.
 */
export function userElement(request: AuthenticatedRequest): string {
  return `user-${request.user.name}`;
}

/**
 * Everything under `/me` is the signed-in user's: the user is added once, at class level, to
 * every route's own ETag (Django's per-user mixin), so a route added here later cannot forget
 * it. It qualifies a route's ETag and never makes one: a route without an ETag validator gets
 * none from it, and neither does a route whose validator finds nothing.
 */
@Controller('me')
@UseGuards(BearerAuthGuard)
@AddToETag(userElement)
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
