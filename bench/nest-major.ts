import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/*
 * `npm run bench -- --nest=12` runs every server (and reads every version) on the Nest 12
 * install the tests use, compat/nest12, instead of the root's Nest 11: the two majors differ
 * in what an interceptor costs, which is most of what @Ranges() adds on Nest 11 (see
 * BENCHMARKS.md). The servers are started with `--require` of ./use-nest12.js, which resolves
 * Nest, its platforms and their packages from there.
 */

export type NestMajor = '11' | '12';

const ROOT = join(__dirname, '..', '..');
export const NEST12_MODULES = join(ROOT, 'compat', 'nest12', 'node_modules');

/** The node arguments a server of this major is started with. */
export function nodeArgsFor(major: NestMajor): string[] {
  return major === '12' ? ['--require', join(__dirname, 'use-nest12.js')] : [];
}

/** Makes sure compat/nest12 is installed (from its lock file, as the tests do) and this process resolves from it too. */
export function useNestMajor(major: NestMajor): void {
  if (major === '11') return;
  if (!existsSync(join(NEST12_MODULES, '@nestjs', 'core'))) {
    execFileSync('bash', [join(ROOT, 'compat', 'install.sh')], { stdio: 'inherit' });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same resolution as the servers', for the versions the report prints
  require('./use-nest12');
}
