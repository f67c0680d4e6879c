import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps what is logged as an error or a warning, so that tests can assert the route is named. */
export class RecordingLogger implements LoggerService {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  log(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
  debug(): void {}
  verbose(): void {}
  error(message: unknown, ...rest: unknown[]): void {
    this.errors.push(
      [message, ...rest].map((part) => (part instanceof Error ? part.message : String(part))).join(' | '),
    );
  }
}
