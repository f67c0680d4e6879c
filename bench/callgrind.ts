import { type ExecFileSyncOptions, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Affinity } from './affinity';
import { collectorInstructionsOfDump } from './collector-share';

/*
 * Valgrind's callgrind as an instruction counter for one scenario server. The server starts
 * with instrumentation off (it runs at valgrind's uninstrumented speed through start-up and
 * warm-up); `callgrind_control -i on` and `-i off` bracket the measured requests, and `-d`
 * writes what was counted between them to a dump file.
 *
 * Node runs with `--no-opt --single-threaded`: V8's optimizing compiler off (functions run as
 * bytecode, then as baseline code, which does not speculate and so never deoptimizes) and no
 * background threads (no concurrent compilation or GC on a thread whose turn comes when
 * valgrind's scheduler gives it one). With both, two runs of a scenario count within 0.1% of
 * each other; with TurboFan on, optimizations and deoptimizations went on through every
 * measured window under valgrind, compiling was half the count and the count had no meaning.
 * `--expose-gc` lets the server collect all garbage before the window (bench/server.ts): a
 * window of Express's requests otherwise held a part of an incremental marking or not, as the
 * warm-up happened to leave the heap, and counted up to 3% more or less for it. `--hash-seed`
 * and `--random-seed` fix what V8 otherwise draws per process (hash table layouts, objects'
 * identity hashes): without them two counts of C on Express differed by 1.5%. With them, counts
 * of one build still differ by up to about 0.7% (the server's timers and per-second caches run
 * as often as the wall clock says, and valgrind's speed varies with the machine's load), so
 * read a difference under 1% as none.
 */

/** The node flags every counted server runs with (see above). */
export const COUNTED_NODE_FLAGS: readonly string[] = [
  '--no-opt',
  '--single-threaded',
  '--expose-gc',
  '--hash-seed=1',
  '--random-seed=1',
];

/**
 * `bench:instructions --optimized`: the same with TurboFan on, counted only once the server has
 * settled, after many more requests (bench/instruction-options.ts). Still single-threaded, so
 * that what compiles is counted where it happens, and seen to be gone.
 */
export const OPTIMIZED_NODE_FLAGS: readonly string[] = COUNTED_NODE_FLAGS.filter((flag) => flag !== '--no-opt');

/** The node flags of a count made with this compiler. */
export function nodeFlagsFor(compiler: 'baseline' | 'optimizing'): readonly string[] {
  return compiler === 'optimizing' ? OPTIMIZED_NODE_FLAGS : COUNTED_NODE_FLAGS;
}

/** `valgrind --version`, or `undefined` when valgrind or callgrind_control is not installed. */
export function valgrindVersion(): string | undefined {
  try {
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
    return execFileSync('valgrind', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Starts each server as `valgrind --tool=callgrind ... node <flags> server.js`, its dumps in
 * `outDir`: an `Affinity` only in shape (the command servers are started with), nothing pinned.
 */
export function underCallgrind(outDir: string, nodeFlags: readonly string[] = COUNTED_NODE_FLAGS): Affinity {
  return {
    serverCommand: (args) => [
      'valgrind',
      [
        '-q',
        '--tool=callgrind',
        '--instr-atstart=no',
        `--callgrind-out-file=${join(outDir, 'callgrind.%p')}`,
        process.execPath,
        ...nodeFlags,
        ...args,
      ],
    ],
    description: `Each server under valgrind's callgrind with node ${nodeFlags.join(' ')}.`,
  };
}

/**
 * callgrind_control's chatter ("sending command ...", on stderr) is kept for the error it
 * becomes part of; a server that cannot be reached fails the run instead of hanging it.
 */
const CONTROL: ExecFileSyncOptions = { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 };

/** Turns counting on or off in the server (valgrind runs it in the process it was started as). */
export function setInstrumentation(pid: number, on: boolean): void {
  execFileSync('callgrind_control', ['-i', on ? 'on' : 'off', String(pid)], CONTROL);
}

/** Writes what was counted so far to a dump file; `callgrind_control` returns once it is written. */
export function dumpCounts(pid: number): void {
  execFileSync('callgrind_control', ['-d', String(pid)], CONTROL);
}

/**
 * The instructions in a callgrind dump: its `totals:` line. (Its `summary:` line reads 0 in a
 * dump of instrumentation switched on after start-up: callgrind 3.19, tried.)
 */
export function totalOfDump(text: string): number {
  const line = /^totals: *(\d+)/m.exec(text);
  if (line === null) throw new Error('a callgrind dump without a totals: line');
  return Number(line[1]);
}

/** What the dumps of one server counted: every instruction, and those of V8's collector (bench/collector-share.ts). */
export interface DumpedCounts {
  readonly total: number;
  readonly collector: number;
}

/** Every instruction the dumps of `pid` in `outDir` counted (`callgrind.<pid>.1`, `.2`, ...), and the collector's part. */
export function countsDumped(outDir: string, pid: number): DumpedCounts {
  const parts = readdirSync(outDir).filter((name) => name.startsWith(`callgrind.${pid}.`));
  if (parts.length === 0) throw new Error(`callgrind wrote no dump for process ${pid} in ${outDir}`);
  let total = 0;
  let collector = 0;
  for (const name of parts) {
    const text = readFileSync(join(outDir, name), 'utf8');
    total += totalOfDump(text);
    collector += collectorInstructionsOfDump(text);
  }
  // Nothing counted: the instrumentation never came on, whatever callgrind_control answered.
  if (total === 0) throw new Error(`callgrind counted nothing for process ${pid}`);
  return { total, collector };
}
