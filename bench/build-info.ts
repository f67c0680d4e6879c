import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Which library the servers ran: the package is under active change, so a figure without
 * the commit it was measured at cannot be compared with a later one. Read-only git
 * (`--no-optional-locks` keeps `status` from rewriting the index).
 */
export interface BuildInfo {
  readonly version: string;
  readonly commit: string;
  /** Whether src/ differed from that commit when the run started. */
  readonly uncommittedSrc: boolean;
}

const ROOT = join(__dirname, '..', '..');

function git(...args: string[]): string {
  return execFileSync('git', ['--no-optional-locks', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

export function describeBuild(): BuildInfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON file read at run time, from the built package
  const version = (require('nestjs-conditional/package.json') as { version: string }).version;
  try {
    return {
      version,
      commit: git('rev-parse', '--short', 'HEAD'),
      uncommittedSrc: git('status', '--porcelain', '--', 'src') !== '',
    };
  } catch {
    return { version, commit: 'unknown (no git)', uncommittedSrc: false };
  }
}

export function formatBuild(build: BuildInfo): string {
  const changes = build.uncommittedSrc ? ' plus uncommitted changes in src/' : '';
  return `Library  nestjs-conditional ${build.version}, dist/ built from commit ${build.commit}${changes}`;
}
