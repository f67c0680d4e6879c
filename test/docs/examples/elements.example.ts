// The code blocks of docs/elements.md, compiled (test/docs/code-blocks.spec.ts finds each here)
// and run over HTTP on both platforms (test/docs/elements-example.e2e.spec.ts).
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  Module,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  AddToETag,
  Condition,
  ConditionalModule,
  type ETagProvider,
  type LastModifiedProvider,
  ValidatorElements,
  versionTag,
} from 'nestjs-conditional';

type AuthenticatedRequest = { user: { id: string } };

/** Stand-ins for an app's auth guard and data, so that the example runs as written. */
@Injectable()
export class AuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    request.user = { id: String(request.headers['x-user'] ?? 'anonymous') };
    return true;
  }
}

@Injectable()
export class DraftStore {
  readonly versions = new Map<string, number>();
  readonly updatedAt = new Map<string, Date>();
  versionOf(userId: string): number {
    return this.versions.get(userId) ?? 0;
  }
  save(userId: string): number {
    this.versions.set(userId, this.versionOf(userId) + 1);
    this.updatedAt.set(userId, new Date());
    return this.versionOf(userId);
  }
}

@Injectable()
export class DraftsValidators implements ETagProvider, LastModifiedProvider {
  constructor(private readonly drafts: DraftStore) {}
  etag(req: AuthenticatedRequest) {
    return versionTag(this.drafts.versionOf(req.user.id));
  }
  lastModified(req: AuthenticatedRequest) {
    return this.drafts.updatedAt.get(req.user.id);
  }
}

@Controller('me')
@UseGuards(AuthGuard)
@AddToETag((req: AuthenticatedRequest) => `user-${req.user.id}`) // every route of the class
export class MeController {
  constructor(
    private readonly drafts: DraftStore,
    private readonly validators: ValidatorElements,
  ) {}

  @Get('drafts')
  @Condition(DraftsValidators) // ETag: "v<version>.<digest of the user and the release>"
  list(@Req() req: AuthenticatedRequest) {
    return { version: this.drafts.versionOf(req.user.id) };
  }

  @Put('drafts')
  @Condition(DraftsValidators)
  save(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: { header(n: string, v: string): void }) {
    const version = this.drafts.save(req.user.id);
    // The tag the next GET sends, so that it is the next If-Match: the route's elements, in order.
    res.header('ETag', this.validators.etag(versionTag(version), `user-${req.user.id}`)!);
    return { version };
  }
}

const drafts = new DraftStore();

@Module({
  imports: [
    // A deploy that changes how responses look changes every ETag made from validators.
    ConditionalModule.forRootAsync({
      useFactory: () => ({ representationVersion: process.env.APP_VERSION ?? '1.4.0' }),
    }),
  ],
  controllers: [MeController],
  providers: [AuthGuard, DraftsValidators, { provide: DraftStore, useValue: drafts }],
})
export class AppModule {}

/** The store the example's routes use, for the test that runs them. */
export const exampleDrafts = drafts;
