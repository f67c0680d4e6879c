import { HttpException } from '@nestjs/common';

/** RFC 6585 section 3; Nest's `HttpStatus` has the code but no exception class for it. */
const PRECONDITION_REQUIRED = 428;

/**
 * `428 Precondition Required`: the route demands a conditional request (option
 * `requirePrecondition`) and the client sent none. The body tells the client what to send.
 */
export class PreconditionRequiredException extends HttpException {
  constructor(
    message = 'This request must be conditional: send If-Match with the ETag of the representation you are changing (or If-Unmodified-Since with its Last-Modified, or If-None-Match: * to create it only if it does not exist).',
  ) {
    super({ statusCode: PRECONDITION_REQUIRED, error: 'Precondition Required', message }, PRECONDITION_REQUIRED);
  }
}
