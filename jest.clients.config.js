/**
 * Real clients against the sample (test/clients/*.clients.ts): Debian's headless Chromium
 * (driven by playwright-core) and Firefox ESR (driven by puppeteer-core over WebDriver BiDi),
 * nginx, Varnish and Squid as caching reverse proxies. Run by `npm run test:clients`, not by
 * `npm test`: they need the `chromium`, `firefox-esr`, `nginx`, `varnish` and `squid` apt
 * packages, which .ci/run installs.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: base.testEnvironment,
  roots: base.roots,
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleNameMapper: base.moduleNameMapper,
  testMatch: ['**/*.clients.ts'],
  collectCoverage: false,
  testTimeout: 60_000,
  // One suite at a time: each starts a browser or a proxy and two apps.
  maxWorkers: 1,
};
