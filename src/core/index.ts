/*
 * The RFC 9110 core: plain functions over plain values, no Nest, Express or Fastify.
 * Everything the Nest glue decides about a request is decided here.
 */
export * from './body-entity-tag';
export * from './cache-control';
export * from './entity-tag';
export * from './http-date';
export * from './invalid-validator-value.error';
export * from './lost-race';
export * from './newest-modification';
export * from './preconditions';
export * from './rendered-response';
export * from './vary';
export * from './version-tag';
export * from './write-condition';
