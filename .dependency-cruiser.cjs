/**
 * The layers of src/, checked by `npm run lint:layers` (part of `npm test`):
 * - no import cycles, type-only imports included;
 * - src/core is the pure RFC 9110 core: it imports nothing but itself and node: built-ins
 *   (no Nest, no platform, no glue);
 * - the glue (guard, interceptor, module, routing, platform) never imports src/decorators;
 * - nothing in src/ imports the tests, the sample or the benchmarks.
 * - what runs per request (src/request, src/platform) never imports the start-up pipeline.
 *
 * .dependency-cruiser-known-violations.json lists what breaks a rule and is accepted for now (it is
 * empty); `--ignore-known` lets those pass and fails on anything new.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only imports count): the layers must form a tree.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core holds the RFC logic as plain functions: no Nest, no platform, no glue.',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node:', '^(crypto|http)$'] },
    },
    {
      name: 'core-uses-only-node-builtins',
      severity: 'error',
      comment: 'src/core depends on no npm package.',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'glue-does-not-import-decorators',
      severity: 'error',
      comment:
        "The guard, interceptor, module, routing and platform glue read what decorators declare through metadata and plain types, never the decorators' own files.",
      from: { path: '^src/', pathNot: ['^src/decorators/', '^src/index\\.ts$'] },
      to: { path: '^src/decorators/' },
    },
    {
      name: 'requests-do-not-import-the-pipeline',
      severity: 'error',
      comment: 'The guard, interceptors and platform hooks read plans; only the module and the pipeline make them.',
      from: { path: '^src/(request|platform)/' },
      to: { path: '^src/pipeline/' },
    },
    {
      name: 'glue-imports-core-modules-not-their-index',
      severity: 'error',
      comment:
        "Compiled to CommonJS, each name of src/core/index.ts's `export *` is a getter, called on every use: about 8% of the guard's time on an early 304 (BENCHMARKS.md). The glue imports the core's modules themselves; only the package's own index re-exports the core.",
      from: { path: '^src/', pathNot: ['^src/core/', '^src/index\\.ts$'] },
      to: { path: '^src/core/index\\.ts$' },
    },
    {
      name: 'library-stays-inside-src',
      severity: 'error',
      comment: 'The published library must not reach the tests, the sample or the benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|sample|bench|compat)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
