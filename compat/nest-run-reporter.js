/**
 * A jest reporter that closes each run with the Nest it ran on and its counts, e.g.
 * `Nest 12.5.1 (compat/nest12): 1492 passed, 0 failed`, so that the output of `npm test`
 * says which major each of its runs used.
 */
const fs = require('node:fs');
const path = require('node:path');

class NestRunReporter {
  /** @param {{ rootDir: string }} globalConfig @param {{ install?: string }} options */
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.install = options.install;
  }

  onRunComplete(_contexts, results) {
    const modules = this.install
      ? path.join(this.rootDir, 'compat', this.install, 'node_modules')
      : path.join(this.rootDir, 'node_modules');
    const { version } = JSON.parse(fs.readFileSync(path.join(modules, '@nestjs', 'core', 'package.json'), 'utf8'));
    const where = this.install ? `compat/${this.install}` : 'root install';
    const skipped = results.numPendingTests > 0 ? `, ${results.numPendingTests} skipped` : '';
    process.stdout.write(
      `\nNest ${version} (${where}): ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped}\n`,
    );
  }
}

module.exports = NestRunReporter;
