import type { Type } from '@nestjs/common';

/** The two kinds of validator, named as the method an injectable validator class carries. */
export type ValidatorKind = 'etag' | 'lastModified';

/** Whether `value` is a class whose instances have a `kind` method (the DI-friendly form). */
export function isValidatorClass(value: unknown, kind: ValidatorKind): value is Type<unknown> {
  return typeof value === 'function' && typeof value.prototype?.[kind] === 'function';
}
