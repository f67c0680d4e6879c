import { SetMetadata, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { RANGES } from '../declarations/metadata-keys';
import { NotModifiedFilter } from '../exceptions/not-modified.filter';
import { type RangeOptions, assertRangeOptions } from './range-options';
import { RangeGuard } from './range.guard';

/**
 * The route (or every route of a controller) answers range requests (RFC 9110 section 14)
 * from the body its handler returns: a `RangeableBody` (a file, bytes, or a source that opens
 * any range), a `Buffer`/`Uint8Array`, or a `StreamableFile` (a whole file, or a stream with
 * its `length`). Any other result is sent as it is.
 *
 * A GET with `Range: bytes=...` gets a 206 (several ranges: `multipart/byteranges`), or a 416
 * when no range is satisfiable; every answer says `Accept-Ranges: bytes`. Preconditions come
 * first (a 304 or 412 whatever the Range), and `If-Range` is compared with the route's
 * validators (`@Condition`, `@ETag`, `@LastModified` with a validator), or for a file without
 * them, with its size and modification time. Options override the module's `ranges`.
 *
 * Needs `ConditionalModule` in the app: at start-up it wraps the route's handler (a guard
 * that never refuses is bound, no interceptor: Nest 11 charges an interceptor more than a
 * 64 KiB range costs), so a route that takes the reply over with `@Res()` or `@Next()`
 * (without `passthrough`) is refused then. The app's interceptors see the `StreamableFile`
 * the route answers with.
 *
 * @example
 * ```ts
 * @Get(':id/attachment')
 * @Ranges()
 * @ETag((req) => `a${attachmentVersion(req.params.id)}`)
 * attachment(@Param('id') id: string) {
 *   return RangeableBody.file(attachmentPath(id), { contentType: 'audio/wav' });
 * }
 * ```
 */
export function Ranges(options: RangeOptions = {}): ClassDecorator & MethodDecorator {
  assertRangeOptions(options, '@Ranges()');
  return applyDecorators(SetMetadata(RANGES, { ...options }), UseGuards(RangeGuard), UseFilters(NotModifiedFilter));
}
