import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BuildInfo } from './build-info';
import type { MicroResult } from './core.bench';
import type { Machine } from './machine';
import type { BenchOptions } from './options';
import type { RatioResult } from './ratios';
import type { Row } from './report';

/** One row of the table, flat: the scenario by id and title only. */
export interface ResultRow extends Omit<Row, 'scenario'> {
  readonly id: string;
  readonly title: string;
  readonly status: number;
}

/** The raw figures of one run of the harness, as written to bench/results/. */
export interface Results {
  readonly date: string;
  readonly elapsedSec: number;
  readonly machine: Machine;
  readonly build: BuildInfo;
  readonly options: BenchOptions;
  readonly rows: readonly ResultRow[];
  readonly ratios: readonly RatioResult[];
  readonly micro: readonly MicroResult[];
}

/** Rounds every number to 3 decimals on the way out: the file stays small and diffable. */
function compact(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

/** Written beside the target and renamed over it, so an interrupted run leaves the old file whole (`Results`, or bench:instructions' counts). */
export function saveResults(file: string, results: object): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(results, compact, 2)}\n`);
  renameSync(temporary, file);
}
