/**
 * The long-running soak tests (test/soak/*.soak.ts): run by `npm run test:soak` with
 * `--expose-gc`, so that heap usage can be measured after a full collection.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/*.soak.ts'],
  collectCoverage: false,
  coverageThreshold: undefined,
  testTimeout: 300_000,
};
