/**
 * One jest run for the whole suite: unit tests of the pure core (test/core), unit tests of
 * the Nest glue (test/nest) and HTTP end-to-end tests on Express and Fastify (test/e2e).
 *
 * @swc/jest compiles TypeScript (decorators and their metadata included) much faster than
 * ts-jest and keeps working on TypeScript 7, which ts-jest does not support.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // PGlite (the sample's embedded database) loads Node built-ins with import(), which jest's
    // CommonJS sandbox refuses without --experimental-vm-modules: swc turns them into require().
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  // The sample imports the library by its package name, as an app would; tests use the source.
  moduleNameMapper: { '^nestjs-conditional$': '<rootDir>/src' },
  collectCoverageFrom: ['src/**/*.ts', 'sample/src/**/*.ts', '!sample/src/main.ts'],
  coverageReporters: ['text-summary', 'text'],
  reporters: ['default', '<rootDir>/compat/nest-run-reporter.js'],
  coverageThreshold: {
    // The RFC logic is small and pure: every line and every branch is tested.
    './src/core/': { lines: 100, branches: 100, functions: 100, statements: 100 },
  },
};
