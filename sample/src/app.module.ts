import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConditionalModule } from 'nestjs-conditional';
import { ArchiveController } from './blog/archive.controller';
import { AttachmentController } from './blog/attachment.controller';
import { ATTACHMENTS_DIR, AttachmentStore, attachmentsDirFromEnv } from './blog/attachment-store';
import { BearerAuthGuard } from './blog/bearer-auth.guard';
import { BlogsController, FrontPageValidators } from './blog/blogs.controller';
import { BuildStats } from './blog/build-stats.service';
import { CountRequestsMiddleware } from './blog/count-requests.middleware';
import { EntriesController } from './blog/entries.controller';
import { EntryPageController } from './blog/entry-page.controller';
import { EntryListValidators, EntryValidators } from './blog/entry-validators';
import { EntryRepository } from './blog/entry.repository';
import { MeController, MyEntriesValidators } from './blog/me.controller';
import { SqlEntryRepository } from './blog/sql-entry.repository';
import { StatsController } from './blog/stats.controller';
import { WriteGate } from './blog/write-gate';
import { DATABASE_PROVIDERS } from './database/database.providers';
import { DatabaseUnavailableFilter } from './database/database-unavailable.filter';
import { REPRESENTATION_VERSION, RepresentationVersionModule } from './representation-version';

@Module({
  imports: [
    // Every write to a conditional route must say which version it changes (428 otherwise;
    // REQUIRE_PRECONDITION=false lets If-Match: * and unconditional writes through); a database
    // that does not answer the validators within 2 s gives a 503, not a hang. Every ETag the
    // routes make carries the representation version (APP_VERSION, or the package version): a
    // deploy that changes it invalidates clients' copies, which then get a 200, not a 304.
    ConditionalModule.forRootAsync({
      imports: [RepresentationVersionModule],
      inject: [REPRESENTATION_VERSION],
      useFactory: (representationVersion: string) => ({
        requirePrecondition: process.env.REQUIRE_PRECONDITION !== 'false',
        validatorTimeout: 2000,
        representationVersion,
      }),
    }),
    RepresentationVersionModule,
  ],
  controllers: [
    BlogsController,
    ArchiveController,
    EntriesController,
    EntryPageController,
    AttachmentController,
    MeController,
    StatsController,
  ],
  providers: [
    ...DATABASE_PROVIDERS,
    { provide: EntryRepository, useClass: SqlEntryRepository },
    WriteGate,
    { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
    { provide: ATTACHMENTS_DIR, useFactory: () => attachmentsDirFromEnv() },
    AttachmentStore,
    BuildStats,
    BearerAuthGuard,
    EntryValidators,
    EntryListValidators,
    FrontPageValidators,
    MyEntriesValidators,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CountRequestsMiddleware).forRoutes('*');
  }
}
