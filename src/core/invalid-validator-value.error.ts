/**
 * A validator returned a value that cannot be written as an `ETag` or `Last-Modified` header.
 *
 * The value is refused, never written: a header carrying it could be split or corrupted.
 * The Nest glue rethrows it with the name of the route, so the log says where to look.
 */
export class InvalidValidatorValueError extends Error {
  override readonly name = 'InvalidValidatorValueError';
}
