/**
 * The multi-instance tests (test/postgres/*.postgres.ts) and the ORM recipes (test/recipes)
 * against a private PostgreSQL cluster that the tests start (initdb into a temporary
 * directory) and stop. Run by `npm run test:postgres` (part of `npm test`); they need Debian's
 * `postgresql` package, which .ci/run installs.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: base.testEnvironment,
  roots: base.roots,
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleNameMapper: base.moduleNameMapper,
  testMatch: ['**/*.postgres.ts'],
  collectCoverage: false,
  testTimeout: 120_000,
  // One suite at a time: each starts a cluster and several sample processes.
  maxWorkers: 1,
};
