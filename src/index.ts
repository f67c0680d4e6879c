export { ConditionalModule } from './conditional.module';
export { ConditionalGuard } from './request/conditional.guard';
export { ConditionalInterceptor } from './request/conditional.interceptor';
export { Condition, type ConditionOptions } from './decorators/condition.decorator';
export { ETag } from './decorators/etag.decorator';
export { LastModified } from './decorators/last-modified.decorator';
export { AddToETag } from './decorators/add-to-etag.decorator';
export { AddToLastModified } from './decorators/add-to-last-modified.decorator';
export { ValidatorElements } from './validator-elements.service';
export { CacheControl, NeverCache } from './decorators/cache-control.decorator';
export { Vary } from './decorators/vary.decorator';
export type { ETagFromBodyOptions, LastModifiedFromResultOptions } from './decorators/from-response';
export { EvaluatedValidators } from './decorators/evaluated-validators.decorator';
export { Ranges } from './ranges/ranges.decorator';
export { RangeGuard } from './ranges/range.guard';
export { RangeableBody } from './ranges/rangeable-body';
export type { RangeableBodyOptions } from './ranges/rangeable-body';
export type { RangeOptions } from './ranges/range-options';
export { RangeNotSatisfiableException } from './ranges/range-not-satisfiable.exception';
// Atomic conditional writes: the condition a write carries, and what answers for it.
export { WriteCondition } from './writes/write-condition.decorator';
export {
  type WriteAttempts,
  type WriteOutcome,
  type WriteResult,
  writeConditionally,
} from './writes/conditional-write';
export { LostRaceInterceptor } from './writes/lost-race.interceptor';
export { ValidatorTimeoutError } from './exceptions/validator-timeout.error';
export { PreconditionRequiredException } from './exceptions/precondition-required.exception';
export type { ConditionalModuleOptions, ConditionalRouteOptions } from './conditional.options';
export type {
  ConditionProvider,
  ETagProvider,
  ETagSource,
  ETagSources,
  ETagValue,
  LastModifiedProvider,
  LastModifiedSource,
  LastModifiedSources,
  LastModifiedValue,
  ValidatorFunction,
} from './validator.types';
export type { ConditionalModuleAsyncOptions, ConditionalModuleRootOptions } from './conditional.module-definition';
// The pure RFC 9110 core, for evaluating preconditions by hand (Django's get_conditional_response).
export {
  type CacheControlOptions,
  type ConditionalRequest,
  type CurrentValidators,
  type EntityTag,
  InvalidValidatorValueError,
  type LostRace,
  NotAVersionTagError,
  type PreconditionOutcome,
  type ByteRange,
  type ByteRangeLimits,
  type ByteRangeRequest,
  type MultipartByteranges,
  type RangeDecision,
  type RangeableResponse,
  bodyEntityTag,
  combineEntityTags,
  newestModificationTime,
  decideRange,
  fileEntityTag,
  formatContentRange,
  ifRangeHolds,
  multipartByteranges,
  parseByteRanges,
  unsatisfiedContentRange,
  evaluatePreconditions,
  evaluateRenderedResponse,
  formatCacheControl,
  formatHttpDate,
  lacksRequiredPrecondition,
  lostRaceOf,
  mergeVary,
  type RenderedDecision,
  type RenderedResponse,
  type RenderedValidation,
  parseEntityTagList,
  parseHttpDate,
  strongMatch,
  toEntityTag,
  toLastModified,
  versionOf,
  versionTag,
  weakMatch,
  writeConditionFor,
} from './core';
