import { applyArguments } from './arguments';
import type { NestMajor } from './nest-major';

/** How `npm run bench:instructions` counts; `--quick` is the CI smoke run of the same harness. */
export interface InstructionOptions {
  readonly mode: 'default' | 'quick' | 'optimized';
  /**
   * `baseline`: node with its optimizing compiler off, every function's work counted as the
   * bytecode and baseline code it runs as; `optimizing`: TurboFan on, the code a server runs
   * once it has settled (bench/callgrind.ts).
   */
  readonly compiler: 'baseline' | 'optimizing';
  /** Requests before counting starts, uncounted: bytecode compiled, baseline code made, caches set. */
  readonly warmupRequests: number;
  /** Requests after the full collection that precedes the window, uncounted: what it threw away is compiled again. */
  readonly settleRequests: number;
  /** Requests counted; the count is divided by them. */
  readonly requests: number;
  readonly only?: readonly string[];
  readonly nest: NestMajor;
  /** Where the counts go, relative to bench/. */
  readonly resultFile: string;
}

/**
 * The scenarios counted by default: those whose request is 0.3 to 1.5 million instructions. D, E, H, S and the files run milliseconds of handler or I/O per request,
 * minutes under valgrind, and L and LE several million instructions each; `--only` still counts them.
 */
export const COUNTED_BY_DEFAULT: readonly string[] = ['A', 'I', 'J', 'K', 'B', 'B2', 'C', 'F', 'Fd', 'G'];

const DEFAULT: InstructionOptions = {
  mode: 'default',
  compiler: 'baseline',
  warmupRequests: 3000,
  settleRequests: 0,
  // C on Express counted 1,088,929 over 1,000 requests and 1,089,927 over 2,500 (a full collection
  // before each): a longer window changes nothing a count can tell. An Express server takes about
  // 35 s under valgrind.
  requests: 1000,
  nest: '11',
  resultFile: 'results/instructions.json',
};

/** CI's smoke run: F, which first revalidates a 200, on both platforms (about 30 s). */
const QUICK: InstructionOptions = {
  mode: 'quick',
  compiler: 'baseline',
  warmupRequests: 200,
  settleRequests: 0,
  requests: 100,
  only: ['F'],
  nest: '11',
  resultFile: 'results/instructions-quick.json',
};

/**
 * `--optimized`: what a settled server runs, TurboFan's code, the nearest a count comes to time.
 * With TurboFan on, `--trace-opt` outside valgrind showed no compilation after 40,000 requests of C
 * on Fastify; under valgrind, the full collection before the window was followed by compilations
 * that were 64% of a 3,000-request window of A on Fastify, whether 20,000 or 60,000 requests came
 * before it. With 20,000 more after the collection, none was left, and two counts of one build
 * agreed within 0.05%. So the window does not start right after a collection, as the default
 * count's does: a collection there is what was followed by the compilations. That holds on
 * Fastify; on Express a window holds part of an old-generation collection or not, and its counts
 * moved by up to 7% (BENCHMARKS.md).
 */
const OPTIMIZED: InstructionOptions = {
  mode: 'optimized',
  compiler: 'optimizing',
  warmupRequests: 20_000,
  settleRequests: 20_000,
  requests: 3000,
  nest: '11',
  resultFile: 'results/instructions-optimized.json',
};

export function parseInstructionOptions(argv: readonly string[]): InstructionOptions {
  return applyArguments(argv, { whole: DEFAULT, quick: QUICK, optimized: OPTIMIZED });
}
