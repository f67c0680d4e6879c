import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * `416 Range Not Satisfiable` (RFC 9110 15.5.17): no requested range overlaps the
 * representation. Thrown by `@Ranges()` routes after setting `Content-Range: bytes *\/length`,
 * so that the app's exception filters shape the body as for any other error.
 */
export class RangeNotSatisfiableException extends HttpException {
  constructor(readonly length: number) {
    super('Range Not Satisfiable', HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
  }
}
