import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps what is logged as an error, so that tests can assert the route is named. */
export class RecordingLogger implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
  error(message: unknown, ...rest: unknown[]): void {
    this.errors.push([message, ...rest].map((part) => (part instanceof Error ? part.message : String(part))).join(' | '));
  }
}
