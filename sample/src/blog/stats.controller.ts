import { Controller, Get, Header } from '@nestjs/common';
import { BuildStats } from './build-stats.service';

@Controller('stats')
export class StatsController {
  constructor(private readonly stats: BuildStats) {}

  /** Requests and full page builds per page: `buildsAvoided` is what 304s saved. */
  @Get()
  @Header('Cache-Control', 'no-store')
  snapshot() {
    return this.stats.snapshot();
  }
}
