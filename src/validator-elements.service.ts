import { Inject, Injectable } from '@nestjs/common';
import { MODULE_OPTIONS_TOKEN } from './conditional.module-definition';
import { type ConditionalModuleOptions, resolveConditionalOptions } from './conditional.options';
import { etagOfElementValues, lastModifiedOfElementValues } from './pipeline/validator-elements';
import type { ETagValue, LastModifiedValue } from './validator.types';

/**
 * Validators made the way the routes make them, for a handler that sends them itself: the
 * response of a write (the library sends validators on GET/HEAD only), or a link that carries
 * the current ETag. With the module's `representationVersion` and `earliestLastModified` mixed
 * in, so that what the handler sends is what the next GET sends and the next `If-Match`
 * must name.
 *
 * @example
 * ```ts
 * constructor(private readonly validators: ValidatorElements) {}
 *
 * @Put(':id')
 * async put(@WriteCondition() condition: WriteCondition, @Res({ passthrough: true }) response: Response) {
 *   const entry = await this.entries.update(condition);
 *   response.setHeader('ETag', this.validators.etag(versionTag(entry.version))!);
 *   return entry;
 * }
 * ```
 */
@Injectable()
export class ValidatorElements {
  private readonly representationVersion: string | undefined;
  private readonly earliestLastModified: number | undefined;

  constructor(@Inject(MODULE_OPTIONS_TOKEN) options: ConditionalModuleOptions) {
    ({ representationVersion: this.representationVersion, earliestLastModified: this.earliestLastModified } =
      resolveConditionalOptions(options));
  }

  /**
   * The ETag of these elements as a route with these elements sends it: list them as the route
   * does (its own, then the class's `@AddToETag()` ones, then the method's). As on the route,
   * the first is the resource's (no first, no ETag) and the others count by position.
   *
   * @returns the field value (`"v7.Qm3s…"`), or `undefined` without a first element.
   * @throws InvalidValidatorValueError for an element that cannot be an entity tag.
   */
  etag(...elements: ETagValue[]): string | undefined {
    return etagOfElementValues(elements, this.representationVersion);
  }

  /**
   * The Last-Modified of these elements as a route sends it: the newest, never older than
   * `earliestLastModified`, never later than now, in whole seconds; none without a first element.
   *
   * @returns a `Date`, or `undefined` without a first element.
   * @throws InvalidValidatorValueError for an element that is not a valid time.
   */
  lastModified(...elements: LastModifiedValue[]): Date | undefined {
    const newest = lastModifiedOfElementValues(elements, this.earliestLastModified, Date.now());
    return newest === undefined ? undefined : new Date(newest);
  }
}
