/** Options shared by the decorators and the module. */
export interface PreconditionOptions {
  /**
   * Refuse `PUT`, `PATCH` and `DELETE` requests that carry no precondition protecting against
   * a lost update (`If-Match`, a valid `If-Unmodified-Since`, or `If-None-Match: *`) with
   * `428 Precondition Required` (RFC 6585), before any validator or the handler runs.
   *
   * On a decorator it overrides the module-wide default.
   * @default false
   */
  requirePrecondition?: boolean;
}

/** Options of `ConditionalModule.forRoot()` / `forRootAsync()`. */
export type ConditionalModuleOptions = PreconditionOptions;

/** The module options with every default filled in, computed once. */
export interface ResolvedConditionalOptions {
  readonly requirePrecondition: boolean;
}

export function resolveConditionalOptions(options: ConditionalModuleOptions | undefined): ResolvedConditionalOptions {
  const requirePrecondition = options?.requirePrecondition ?? false;
  if (typeof requirePrecondition !== 'boolean') {
    throw new TypeError(
      `ConditionalModule: requirePrecondition must be a boolean, got ${typeof requirePrecondition}`,
    );
  }
  return { requirePrecondition };
}
