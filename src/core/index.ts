/*
 * The RFC 9110 core: plain functions over plain values, no Nest, Express or Fastify.
 * Everything the Nest glue decides about a request is decided here.
 *
 * This index is for the package's own index (src/index.ts) alone: compiled to CommonJS, each
 * name re-exported here is a getter run on every use, so the glue imports the core's modules
 * themselves (a rule of .dependency-cruiser.cjs).
 */
export * from './body-entity-tag';
export * from './cache-control';
export * from './content-coding';
export * from './entity-tag';
export * from './field-value';
export * from './http-date';
export * from './invalid-validator-value.error';
export * from './log-text';
export * from './lost-race';
export * from './newest-modification';
export * from './preconditions';
export * from './rendered-response';
export * from './vary';
export * from './byte-ranges';
export * from './if-range';
export * from './multipart-byteranges';
export * from './range-decision';
export * from './file-entity-tag';
export * from './version-tag';
export * from './write-condition';
export * from './validator-elements';
