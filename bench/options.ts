import { applyArguments } from './arguments';
import type { NestMajor } from './nest-major';

/** How hard to measure; `--quick` is the CI smoke run, never a basis for a timed assertion. */
export interface BenchOptions {
  readonly mode: 'default' | 'quick';
  /** Measured runs of each scenario; the report gives their median and min-max. */
  readonly runs: number;
  readonly durationSec: number;
  /** Load once per server before its first run, not counted: the JIT and inline caches settle. */
  readonly initialWarmupSec: number;
  /** Load before each run, not counted: fresh keep-alive sockets, caches back after idling. */
  readonly warmupSec: number;
  /** Fixed, with pipelining 1, so every scenario sees the same concurrency. */
  readonly connections: number;
  /** tinybench time budget per micro-benchmark task. */
  readonly microTimeMs: number;
  /** Where the raw figures go, relative to bench/. */
  readonly resultFile: string;
  /** `--only=R,S`: measure these scenarios alone (and the ratios between them); all by default. */
  readonly only?: readonly string[];
  /** `--nest=12`: the servers run on compat/nest12's Nest 12 instead of the root's Nest 11. */
  readonly nest: NestMajor;
}

const DEFAULT: BenchOptions = {
  mode: 'default',
  runs: 3,
  durationSec: 3,
  initialWarmupSec: 2,
  warmupSec: 0.5,
  connections: 50,
  microTimeMs: 1000,
  resultFile: 'results/latest.json',
  nest: '11',
};

const QUICK: BenchOptions = {
  mode: 'quick',
  runs: 1,
  durationSec: 1,
  initialWarmupSec: 0.5,
  warmupSec: 0.25,
  connections: 10,
  microTimeMs: 100,
  // Its own file, so a CI smoke run never overwrites the figures of a real run.
  resultFile: 'results/quick.json',
  nest: '11',
};

export function parseOptions(argv: readonly string[]): BenchOptions {
  return applyArguments(argv, { whole: DEFAULT, quick: QUICK });
}
