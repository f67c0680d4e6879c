import type { Reflector } from '@nestjs/core';
import { VARY } from '../declarations/metadata-keys';
import type { DeclaredHeader } from '../request/route-plan';
import { HEADERS_METADATA } from '../upstream/nest';

/**
 * A route with `@Vary()` and Nest's `@Header('Vary', ...)`: Nest would write its field after
 * the handler, replacing the merged one, so its names join `@Vary()`'s instead.
 */
export function foldDeclaredVary(reflector: Reflector, controller: Function, handler: Function): void {
  if (reflector.getAllAndMerge(VARY, [handler, controller]).length === 0) return;
  const declared: DeclaredHeader[] = Reflect.getMetadata(HEADERS_METADATA, handler) ?? [];
  const vary = declared.filter(({ name, value }) => name.toLowerCase() === 'vary' && typeof value === 'string');
  if (vary.length === 0) return;
  const names = vary.flatMap(({ value }) => (value as string).split(',').map((name) => name.trim()));
  Reflect.defineMetadata(VARY, [...(Reflect.getOwnMetadata(VARY, handler) ?? []), ...names], handler);
  Reflect.defineMetadata(
    HEADERS_METADATA,
    declared.filter((header) => !vary.includes(header)),
    handler,
  );
}
