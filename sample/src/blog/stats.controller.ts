import { Controller, Get, Header, Inject } from '@nestjs/common';
import { SqlDatabase } from '../database/sql';
import { BuildStats } from './build-stats.service';
import { SQL_DATABASE } from './sql-entry.repository';

@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: BuildStats,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  /** Requests and full page builds per page: `buildsAvoided` is what 304s saved. */
  @Get()
  @Header('Cache-Control', 'no-store')
  snapshot() {
    return this.stats.snapshot();
  }

  /** The queries this instance has sent to its database since it started: which paths reach it. */
  @Get('database')
  @Header('Cache-Control', 'no-store')
  database() {
    return { database: this.db.description, queries: this.db.queries };
  }
}
