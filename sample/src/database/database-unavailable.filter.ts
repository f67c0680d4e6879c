import { ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { ValidatorTimeoutError } from 'nestjs-conditional';

/** Node's socket errors and PostgreSQL's "the server is going away / not there" SQLSTATEs. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT', // the server's Unix socket is gone
  'EPIPE',
  'ETIMEDOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '08000',
  '08001',
  '08003',
  '08006',
]);
/** What `pg` says, with no code, when a connection drops or cannot be made in time. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let layer = error, depth = 0; typeof layer === 'object' && layer !== null && depth < 3; depth++) {
    const { code, message, errors } = layer as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
    // Node's AggregateError of a connection tried on several addresses.
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
    layer = (layer as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A database that is down, restarting or too slow gives `503 Service Unavailable` saying so
 * (with `Retry-After`), at once, instead of a bare 500: the pool fails fast, and the route's
 * `validatorTimeout` bounds a validator that does not answer. Everything else goes to Nest's
 * default handling unchanged.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (
      exception instanceof HttpException ||
      !(exception instanceof ValidatorTimeoutError || isDatabaseUnavailable(exception))
    ) {
      return super.catch(exception, host);
    }
    const adapter = this.httpAdapterHost!.httpAdapter;
    const response = host.switchToHttp().getResponse();
    adapter.setHeader(response, 'Retry-After', '1');
    adapter.reply(
      response,
      {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable or did not answer in time; try again shortly.',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
