/*
 * The RFC 9110 core: plain functions over plain values, no Nest, Express or Fastify.
 * Everything the Nest glue decides about a request is decided here.
 */
export * from './entity-tag';
export * from './http-date';
export * from './invalid-validator-value.error';
export * from './preconditions';
