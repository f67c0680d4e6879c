import type { ModificationFields } from '../core/newest-modification';

/*
 * What `@ETag()` and `@LastModified()` without a validator store under the validator's own
 * metadata key, so that a method's validator of the same kind still overrides the class's,
 * whichever form each has. Plain values: the decorators write them, the pipeline reads them.
 */

/** `@ETag()`: the ETag is derived from the bytes of the rendered body. */
export class ETagFromBody {
  constructor(readonly strong: boolean) {}
}

/** `@LastModified()`: the Last-Modified is read from the handler's returned records. */
export class LastModifiedFromResult {
  constructor(readonly fields: ModificationFields) {}
}

/** Whether a declared validator comes from the response rather than running before the handler. */
export function isFromResponse(source: unknown): source is ETagFromBody | LastModifiedFromResult {
  return source instanceof ETagFromBody || source instanceof LastModifiedFromResult;
}
