import { applyArguments } from './arguments';
import type { NestMajor } from './nest-major';

/** How `npm run bench:instructions` counts; `--quick` is the CI smoke run of the same harness. */
export interface InstructionOptions {
  readonly mode: 'default' | 'quick';
  /** Requests before counting starts, uncounted: bytecode compiled, baseline code made, caches set. */
  readonly warmupRequests: number;
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
  warmupRequests: 3000,
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
  warmupRequests: 200,
  requests: 100,
  only: ['F'],
  nest: '11',
  resultFile: 'results/instructions-quick.json',
};

export function parseInstructionOptions(argv: readonly string[]): InstructionOptions {
  return applyArguments(argv, { whole: DEFAULT, quick: QUICK });
}
