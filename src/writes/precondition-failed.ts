import { PreconditionFailedException } from '@nestjs/common';

/**
 * The 412 of a write that lost its race, with the same body as the guard's 412 (clients see
 * one shape) and the error that told, if any, as its `cause` for the app's filters and logs.
 */
export function preconditionFailed(cause?: unknown): PreconditionFailedException {
  return new PreconditionFailedException(undefined, { cause, description: 'Precondition Failed' });
}
