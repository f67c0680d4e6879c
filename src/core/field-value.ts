/**
 * The value of a response header field as it will be sent, read back from what Node's
 * `getHeader` (or Fastify's `reply.getHeader`) holds: a string as it is, a number as Node
 * writes it, and an array (a handler's `setHeader('Vary', ['Accept', 'Origin'])`, sent as
 * one line per element) as one comma-joined value, which is what RFC 9110 5.3 makes of
 * repeated lines of a list field. `undefined` for anything else, and for an empty array
 * (Node sends no line for it).
 */
export function fieldValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String).join(', ');
  return undefined;
}
