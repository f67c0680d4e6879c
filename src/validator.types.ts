import type { ExecutionContext, Type } from '@nestjs/common';

/**
 * A validator: a cheap function of the request that tells the current state of the resource
 * before the handler runs (a version column, a `max(updatedAt)`).
 *
 * @param request the platform's request object (Express `Request` or Fastify
 * `FastifyRequest`): `params`, `query`, `headers`, and `user` once an auth guard has run.
 * @param context the Nest execution context of the route.
 */
export type ValidatorFunction<T> = (request: any, context: ExecutionContext) => T | Promise<T>;

/**
 * What an `etag` validator returns: a quoted tag (`"v42"`), a bare one (`v42`, which is
 * quoted), a weak one (`W/"v42"`), or `null`/`undefined` for "no ETag".
 */
export type ETagValue = string | null | undefined;

/**
 * What a `lastModified` validator returns: a `Date`, epoch milliseconds, or
 * `null`/`undefined` for "no modification time".
 */
export type LastModifiedValue = Date | number | null | undefined;

/** An injectable class whose `etag` method is the ETag validator (DI-friendly form). */
export interface ETagProvider {
  etag(request: any, context: ExecutionContext): ETagValue | Promise<ETagValue>;
}

/** An injectable class whose `lastModified` method is the Last-Modified validator. */
export interface LastModifiedProvider {
  lastModified(request: any, context: ExecutionContext): LastModifiedValue | Promise<LastModifiedValue>;
}

/** An injectable class with an `etag` method, a `lastModified` method, or both. */
export type ConditionProvider = Partial<ETagProvider & LastModifiedProvider>;

/**
 * An ETag validator: a function, or an `@Injectable()` class with an `etag` method that is
 * resolved from the application's injector (so it can use repositories and caches).
 */
export type ETagSource = ValidatorFunction<ETagValue> | Type<ETagProvider>;

/** A Last-Modified validator: a function, or an `@Injectable()` class with a `lastModified` method. */
export type LastModifiedSource = ValidatorFunction<LastModifiedValue> | Type<LastModifiedProvider>;

/**
 * An ETag validator, or several elements combined into one ETag (`[version, userId]`): each
 * element a function or an injectable class, all called together, their tags combined by
 * `combineEntityTags` (the first readable in front, weak if any is weak). The first element is
 * the resource's: when it returns nothing there is no ETag; the others count by position.
 */
export type ETagSources = ETagSource | readonly ETagSource[];

/**
 * A Last-Modified validator, or several elements whose newest value is the Last-Modified (none
 * when the first, the resource's, returns nothing).
 */
export type LastModifiedSources = LastModifiedSource | readonly LastModifiedSource[];
