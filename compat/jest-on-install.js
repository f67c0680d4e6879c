/**
 * A jest config that runs the whole suite of jest.config.js on another install of Nest: every
 * `@nestjs/*` import (of the tests, the library's source and the sample) resolves to
 * `compat/<dir>/node_modules`, an install locked by its own package-lock.json.
 *
 * Why this form: one copy of every test, the same runner and reporters as the main run, and
 * no second checkout. npm workspaces would hoist one Nest major over the other, and jest's
 * `--experimental-vm-modules` mode would need every spec and the library to be ESM.
 *
 * Nest 12 ships ESM only, and jest's module system does not load ESM from CommonJS, so swc
 * compiles those packages to CommonJS as it compiles our TypeScript, and with them the one
 * ESM-only package they load from elsewhere (`cookie`, through light-my-request).
 */
const fs = require('node:fs');
const path = require('node:path');
const base = require('../jest.config');

/** The Nest packages the suite imports; their own dependencies resolve from where they are installed. */
const NEST_PACKAGES = [
  'cache-manager',
  'common',
  'core',
  'microservices',
  'platform-express',
  'platform-fastify',
  'swagger',
  'testing',
];

/**
 * The packages of NEST_PACKAGES that the install at `modules` has. One it lacks (the lowest
 * install has no `@nestjs/cache-manager`) resolves from the root, where it still loads the
 * install's `@nestjs/common` and `@nestjs/core` through the mapping: one copy of Nest.
 */
function nestPackagesIn(modules) {
  return NEST_PACKAGES.filter((name) => fs.existsSync(path.join(modules, '@nestjs', name, 'package.json')));
}

const swc = base.transform['^.+\\.ts$'];
const swcForJavaScript = [swc[0], { ...swc[1], jsc: { ...swc[1].jsc, parser: { syntax: 'ecmascript' } } }];

/**
 * @param {object} install
 * @param {string} install.dir the folder under compat/ holding the install
 * @param {number} install.nestMajor the major test/nest/nest-major.spec.ts asserts
 * @param {string[]} [install.alsoMapped] other packages taken from the install rather than the root
 *   (the lowest run takes rxjs and reflect-metadata from it too); by default they stay the root's,
 *   one copy for the library and Nest, as in an app
 * @param {string[]} [install.skip] spec paths that need a package the install does not have, each
 *   named with why in the config that skips it
 * @returns {import('jest').Config}
 */
function jestOnInstall({ dir, nestMajor, alsoMapped = [], skip = [] }) {
  const modules = `<rootDir>/compat/${dir}/node_modules`;
  const installed = nestPackagesIn(path.resolve(__dirname, dir, 'node_modules'));
  const mapped = {};
  for (const name of alsoMapped) {
    mapped[`^${name}(/.+)?$`] = `${modules}/${name}$1`;
  }
  return {
    ...base,
    rootDir: path.resolve(__dirname, '..'),
    displayName: dir,
    moduleNameMapper: {
      ...base.moduleNameMapper,
      [`^@nestjs/(${installed.join('|')})(/.+)?$`]: `${modules}/@nestjs/$1$2`,
      ...mapped,
    },
    transform: { ...base.transform, '^.+\\.m?js$': swcForJavaScript },
    // Nest 12's packages, the ESM-only `cookie`, and what the main config compiles too (PGlite).
    transformIgnorePatterns: ['/node_modules/(?!(@nestjs|cookie|@electric-sql/pglite)/)'],
    testPathIgnorePatterns: ['/node_modules/', ...skip],
    globals: { EXPECTED_NEST_MAJOR: nestMajor },
    reporters: ['default', ['<rootDir>/compat/nest-run-reporter.js', { install: dir }]],
    // Coverage and its gates belong to the main run; these runs prove the behaviour only.
    collectCoverage: false,
    coverageThreshold: undefined,
  };
}

module.exports = { jestOnInstall };
