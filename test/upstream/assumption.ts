/**
 * Checks one written-down assumption about an upstream (Nest, Express, Fastify,
 * @nestjs/swagger, Node). When it no longer holds, the test fails with a message that names
 * the assumption and the file that relies on it, so the fix starts in the right place.
 */
export function assume(condition: boolean, assumption: string, reliedOnBy: string): void {
  if (!condition) throw new Error(`Upstream assumption broken: ${assumption}. Relied on by ${reliedOnBy}.`);
}
