import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConditionalModule } from 'nestjs-conditional';
import { ArchiveController } from './blog/archive.controller';
import { BearerAuthGuard } from './blog/bearer-auth.guard';
import { BlogsController, FrontPageValidators } from './blog/blogs.controller';
import { BuildStats } from './blog/build-stats.service';
import { CountRequestsMiddleware } from './blog/count-requests.middleware';
import { EntriesController } from './blog/entries.controller';
import { EntryPageController } from './blog/entry-page.controller';
import { EntryListValidators, EntryValidators } from './blog/entry-validators';
import { EntryRepository, InMemoryEntryRepository } from './blog/entry.repository';
import { MeController, MyEntriesValidators } from './blog/me.controller';
import { seedEntries } from './blog/seed';
import { StatsController } from './blog/stats.controller';

@Module({
  imports: [
    // Every write to a conditional route must say which version it changes (428 otherwise).
    ConditionalModule.forRoot({ requirePrecondition: true }),
  ],
  controllers: [BlogsController, ArchiveController, EntriesController, EntryPageController, MeController, StatsController],
  providers: [
    { provide: EntryRepository, useFactory: () => new InMemoryEntryRepository(seedEntries()) },
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
