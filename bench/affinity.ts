import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/*
 * With load generator and server on the same small machine, the scheduler moving them (and
 * their kernel network work) between cores is the largest source of noise: on 2 cores,
 * unpinned runs of one scenario varied about twice as much as pinned ones. So, where Linux's
 * `taskset` is available, the load generator (this process, every thread) is pinned to the
 * first core and every server to the last.
 */

export interface Affinity {
  /** The command and arguments that start `node args...` on the servers' core. */
  serverCommand(args: readonly string[]): [string, string[]];
  readonly description: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pinProcesses(): Affinity {
  const cores = availableParallelism();
  if (process.platform !== 'linux' || cores < 2 || !hasTaskset()) {
    return {
      serverCommand: (args) => [process.execPath, [...args]],
      description: 'Processes are not pinned (needs Linux, taskset and 2 cores): expect a wider spread.',
    };
  }
  const serverCore = String(cores - 1);
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '-p', '0', String(process.pid)], { stdio: 'ignore' });
  return {
    serverCommand: (args) => ['taskset', ['--cpu-list', serverCore, process.execPath, ...args]],
    description: `Pinned with taskset: load generator on core 0, each server on core ${serverCore}.`,
  };
}
