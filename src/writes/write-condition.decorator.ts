import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { comparedValidatorsOf } from '../request/compared-validators';
import { requestOf } from '../request/http-arguments';
import { type WriteCondition as Condition, writeConditionFor } from '../core/write-condition';

/** What a write must still find when it lands: see {@link writeConditionFor}. */
export type WriteCondition = Condition;

/**
 * A handler parameter: the {@link WriteCondition} of this request, from its preconditions and
 * what the guard compared them with. Put it into the write, so that the guard's check and the
 * write are one step in the database (see `writeConditionally`); `{ kind: 'none' }` on a
 * request that compared nothing or a route that is not conditional.
 *
 * @example
 * ```ts
 * @Put(':id')
 * async put(@Param('id') id: string, @Body() body: EntryInput, @WriteCondition() condition: WriteCondition) {
 *   const { value } = await writeConditionally(condition, {
 *     // UPDATE entries SET ... WHERE id = $1 AND version = $2 RETURNING *  (no row: 412)
 *     update: () => this.entries.update(+id, body, condition),
 *     create: () => this.entries.insertIfAbsent(+id, body),
 *   });
 *   return value;
 * }
 * ```
 */
export const WriteCondition = createParamDecorator((_data: unknown, context: ExecutionContext): WriteCondition => {
  const request = requestOf(context);
  return writeConditionFor(request, comparedValidatorsOf(request));
});
