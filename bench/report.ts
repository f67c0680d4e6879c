import type { MicroResult } from './core.bench';
import type { RatioResult } from './ratios';
import type { Scenario, ServerPlatform } from './scenarios/catalogue';
import type { Spread } from './stats';

/** One scenario on one platform, its runs summed up. */
export interface Row {
  readonly scenario: Scenario;
  readonly platform: ServerPlatform;
  /** Each run's req/s, in the order run. */
  readonly runs: readonly number[];
  readonly requestsPerSec: Spread;
  /** Medians over the runs of each run's latency percentile, ms. */
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Median load-generator CPU, percent of one core. */
  readonly generatorCpu: number;
  /** The server's CPU per request, µs, over the runs; absent without /proc. */
  readonly serverCpuMicros?: Spread;
  /** Each run's server CPU per request, µs, in the order run: what the pairs are made of. */
  readonly serverCpuRuns?: readonly number[];
}

type Align = 'left' | 'right';

/** A plain-text table: the header, a rule, the rows; columns sized to their widest cell. */
export function table(columns: ReadonlyArray<readonly [string, Align]>, rows: readonly string[][]): string {
  const widths = columns.map(([title], i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i][1] === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map(([title]) => title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const integer = (n: number) => Math.round(n).toLocaleString('en-US');
export const ratio = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(3));

export function formatScenarios(rows: readonly Row[]): string {
  return table(
    [
      ['Scenario', 'left'],
      ['Platform', 'left'],
      ['Status', 'right'],
      ['req/s (median)', 'right'],
      ['min-max', 'right'],
      ['p50 ms', 'right'],
      ['p99 ms', 'right'],
      ['Errors', 'right'],
      ['Gen CPU', 'right'],
      ['Server CPU us/req', 'right'],
    ],
    rows.map(
      ({
        scenario,
        platform,
        requestsPerSec: { median, min, max },
        p50,
        p99,
        errors,
        generatorCpu,
        serverCpuMicros,
      }) => [
        `${scenario.id.padEnd(3)}  ${scenario.title}`,
        platform,
        String(scenario.status),
        integer(median),
        `${integer(min)}-${integer(max)}`,
        String(p50),
        String(p99),
        String(errors),
        `${Math.round(generatorCpu)}%`,
        serverCpuMicros === undefined
          ? ''
          : `${micros(serverCpuMicros.median)} (${micros(serverCpuMicros.min)}-${micros(serverCpuMicros.max)})`,
      ],
    ),
  );
}

const micros = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export function verdict(pass: boolean | undefined): string {
  return pass === undefined ? 'info' : pass ? 'PASS' : 'MISS';
}

export function formatRatios(ratios: readonly RatioResult[]): string {
  return table(
    [
      ['Ratio of medians', 'left'],
      ['Platform', 'left'],
      ['Value', 'right'],
      ['Runs range', 'right'],
      ['Target', 'right'],
      ['Result', 'left'],
      ['By server CPU', 'right'],
      ['CPU range', 'right'],
      ['CPU result', 'left'],
    ],
    ratios.map((r) => [
      r.label,
      r.platform,
      ratio(r.value),
      `${ratio(r.low)}-${ratio(r.high)}`,
      r.maxAddedMicros !== undefined ? `<= +${r.maxAddedMicros} us` : r.target === undefined ? '' : `>= ${r.target}`,
      r.addedMicros === undefined
        ? verdict(r.maxAddedMicros === undefined ? r.pass : undefined)
        : `${verdict(r.maxAddedMicros === undefined ? r.pass : undefined)}: ${signed(r.addedMicros)} us per request`,
      r.cpu === undefined ? '' : ratio(r.cpu.value),
      r.cpu === undefined ? '' : `${ratio(r.cpu.low)}-${ratio(r.cpu.high)}`,
      r.cpu === undefined
        ? ''
        : r.maxAddedMicros !== undefined || r.addedCost
          ? `${verdict(r.cpu.pass)}: ${addedCpu(r.cpu.addedMicros, r.cpu.pairedMicros)}`
          : verdict(r.cpu.pass),
    ]),
  );
}

/**
 * The CPU an added cost reads: by pair (the median of the run-by-run differences, which the
 * verdict judges, and their range) where there is more than one run, then the difference of
 * the medians; with one run, that difference alone.
 */
const addedCpu = (medians: number, paired: Spread | undefined) =>
  paired === undefined
    ? `${signed(medians)} us CPU`
    : `${signed(paired.median)} us CPU by pair (${signed(paired.min)} to ${signed(paired.max)}), ${signed(medians)} by medians`;

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;

export function formatMicro(results: readonly MicroResult[]): string {
  return table(
    [
      ['Function (tinybench)', 'left'],
      ['ops/s', 'right'],
      ['+/- %', 'right'],
      ['Target', 'right'],
      ['Result', 'left'],
    ],
    results.map(({ name, opsPerSec, rme, target }) => [
      name,
      integer(opsPerSec),
      rme.toFixed(1),
      target === undefined ? '' : `>= ${integer(target)}`,
      target === undefined ? 'info' : verdict(opsPerSec >= target),
    ]),
  );
}
