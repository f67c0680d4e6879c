import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { comparedValidatorsOf } from '../request/compared-validators';
import { requestOf } from '../request/http-arguments';
import type { CurrentValidators } from '../core/preconditions';

/**
 * A handler parameter: the validators the guard compared this request's preconditions with
 * (`{ etag?, lastModified? }`), or `undefined` when it compared none (no conditional header
 * on a write, or a route that is not conditional).
 *
 * The guard's check and the handler's write are two steps; make the write a compare-and-set
 * on exactly these values, so that of two clients holding the same ETag only one wins:
 *
 * @example
 * ```ts
 * @Put(':id')
 * @Condition({ etag: EntryValidators, requirePrecondition: true })
 * async put(@Param('id') id: string, @Body() body: EntryInput, @EvaluatedValidators() checked?: CurrentValidators) {
 *   // UPDATE entries SET ... WHERE id = ? AND version = ?  (0 rows: someone else won, 412)
 *   return this.entries.replace(+id, body, { expectedETag: checked?.etag?.opaque });
 * }
 * ```
 */
export const EvaluatedValidators = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CurrentValidators | undefined =>
    comparedValidatorsOf(requestOf(context)),
);
