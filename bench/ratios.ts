import type { Platform, ScenarioId, ServerPlatform } from './scenarios/catalogue';
import { spread, type Spread } from './stats';

/** A scenario measured on one platform, e.g. `F@fastify`; G is `G@node`. */
export type Key = `${ScenarioId}@${ServerPlatform}`;

export function keyOf(id: ScenarioId, platform: ServerPlatform): Key {
  return `${id}@${platform}`;
}

export interface RatioSpec {
  readonly label: string;
  readonly platform: Platform;
  readonly numerator: Key;
  readonly denominator: Key;
  /** The ratio must be at least this; absent for a ratio that is only reported. */
  readonly target?: number;
  /** Also give the per-request cost the numerator adds: (1/num - 1/den) in µs. */
  readonly addedCost?: boolean;
  /** The most µs of server CPU per request the numerator may add to the denominator. */
  readonly maxAddedMicros?: number;
}

export interface RatioResult extends RatioSpec {
  readonly value: number;
  /** Worst and best pairing of the runs: min num / max den and max num / min den. */
  readonly low: number;
  readonly high: number;
  readonly addedMicros?: number;
  readonly pass?: boolean;
  /**
   * The same ratio from the servers' CPU time per request (den/num: what one core serves of
   * each), steadier than req/s on a shared machine; absent without /proc.
   */
  readonly cpu?: {
    readonly value: number;
    readonly low: number;
    readonly high: number;
    /** num - den, µs of server CPU per request. */
    readonly addedMicros: number;
    /**
     * Run by run, num's CPU per request less den's from the same round (the runs are
     * interleaved, every other round in reverse order): a drift of the machine from one round to
     * the next cancels out of each pair, and a steady one within rounds favours neither side.
     * Given where the ratio reports an added cost and there is more than one run; then what
     * `pass` judges against `maxAddedMicros`.
     */
    readonly pairedMicros?: Spread;
    readonly pass?: boolean;
  };
}

function forPlatform(platform: Platform): RatioSpec[] {
  const k = (id: ScenarioId) => keyOf(id, platform);
  return [
    // Reported only: Nest's own cost of an interceptor, which @Ranges() pays (R/P).
    { label: 'I/A  a no-op interceptor (Nest)', platform, numerator: k('I'), denominator: k('A'), addedCost: true },
    // Reported only: Nest's own cost of a guard, and of a 304 answered from one (no library).
    { label: 'J/A  a no-op guard (Nest)', platform, numerator: k('J'), denominator: k('A'), addedCost: true },
    { label: "K/A  a guard's 304, no library (Nest)", platform, numerator: k('K'), denominator: k('A') },
    { label: 'F/K  early 304 vs Nest-only 304', platform, numerator: k('F'), denominator: k('K') },
    {
      label: 'B/A  module imported, route undecorated',
      platform,
      numerator: k('B'),
      denominator: k('A'),
      target: 0.98,
    },
    // B2's app has an @ETag() route elsewhere: on Fastify the library's onSend hook then runs
    // for every route, and an undecorated one must still cost nothing measurable.
    {
      label: 'B2/A undecorated, @ETag() route elsewhere',
      platform,
      numerator: k('B2'),
      denominator: k('A'),
      target: 0.98,
    },
    {
      label: 'C/A  decorated 200 path',
      platform,
      numerator: k('C'),
      denominator: k('A'),
      addedCost: true,
      maxAddedMicros: 3,
    },
    {
      label: 'C2   1 ms handler, decorated/undecorated',
      platform,
      numerator: k('C2d'),
      denominator: k('C2u'),
      target: 0.97,
    },
    { label: 'F/E  early 304 vs platform 304', platform, numerator: k('F'), denominator: k('E'), target: 5 },
    { label: 'F/D  early 304 vs full 200', platform, numerator: k('F'), denominator: k('D'), target: 10 },
    { label: 'F/A  early 304 vs trivial route', platform, numerator: k('F'), denominator: k('A'), target: 0.9 },
    // The same early 304 written by the guard, no exception (earlyNotModified: 'direct').
    {
      label: "Fd/A early 304, 'direct', vs trivial route",
      platform,
      numerator: k('Fd'),
      denominator: k('A'),
      target: 0.9,
    },
    { label: "Fd/F early 304, 'direct' vs 'exception'", platform, numerator: k('Fd'), denominator: k('F') },
    // The target is Fastify's: Express's own per-request cost keeps it further from bare node.
    {
      label: 'F/G  early 304 vs raw node:http 304',
      platform,
      numerator: k('F'),
      denominator: keyOf('G', 'node'),
      target: platform === 'fastify' ? 0.6 : undefined,
    },
    // Reported only: H and E both render, then hash the body. H/E near 1 says @ETag() gives
    // the platform's answer at the platform's cost, on both platforms and with no plugin.
    { label: 'H/E  @ETag() 304 vs platform 304', platform, numerator: k('H'), denominator: k('E') },
    // Reported only: what @ETag() costs a full 200 of 50 KB (on Express, against Express's own ETag).
    { label: 'LE/L @ETag() 200 vs plain 200, 50 KB', platform, numerator: k('LE'), denominator: k('L') },
    {
      label: "R/P  one range of a file vs the platform's own",
      platform,
      numerator: k('R'),
      denominator: k('P'),
      target: 0.9,
    },
    {
      label: "R0/P0 a whole file vs the platform's own",
      platform,
      numerator: k('R0'),
      denominator: k('P0'),
      target: 0.9,
    },
    { label: 'F/H  early 304 vs @ETag() 304', platform, numerator: k('F'), denominator: k('H') },
    // Reported only: on a real (embedded) database, what the early 304 of an entry saves.
    { label: 'S304/S sample entry: early 304 vs full 200', platform, numerator: k('S304'), denominator: k('S') },
  ];
}

export const RATIOS: readonly RatioSpec[] = [...forPlatform('express'), ...forPlatform('fastify')];

export function evaluateRatio(
  spec: RatioSpec,
  figures: ReadonlyMap<Key, Spread>,
  cpuRuns: ReadonlyMap<Key, readonly number[] | undefined> = new Map(),
): RatioResult {
  const num = figures.get(spec.numerator)!;
  const den = figures.get(spec.denominator)!;
  const value = num.median / den.median;
  const addedMicros = spec.addedCost ? (1 / num.median - 1 / den.median) * 1e6 : undefined;
  const numCpuRuns = cpuRuns.get(spec.numerator);
  const denCpuRuns = cpuRuns.get(spec.denominator);
  let cpu: RatioResult['cpu'];
  if (numCpuRuns !== undefined && denCpuRuns !== undefined) {
    const numCpu = spread(numCpuRuns);
    const denCpu = spread(denCpuRuns);
    const cpuValue = denCpu.median / numCpu.median;
    const cpuAdded = numCpu.median - denCpu.median;
    const pairedMicros =
      spec.addedCost && numCpuRuns.length > 1 && numCpuRuns.length === denCpuRuns.length
        ? spread(numCpuRuns.map((micros, run) => micros - denCpuRuns[run]))
        : undefined;
    // An added cost is judged by its pairs once there are several: the difference of medians
    // can pair a run of a slow round with one of a fast round.
    const judgedMicros = pairedMicros !== undefined ? pairedMicros.median : cpuAdded;
    cpu = {
      value: cpuValue,
      low: denCpu.min / numCpu.max,
      high: denCpu.max / numCpu.min,
      addedMicros: cpuAdded,
      pairedMicros,
      pass:
        spec.maxAddedMicros !== undefined
          ? judgedMicros <= spec.maxAddedMicros
          : spec.target === undefined
            ? undefined
            : cpuValue >= spec.target,
    };
  }
  return {
    ...spec,
    value,
    low: num.min / den.max,
    high: num.max / den.min,
    addedMicros,
    pass: spec.target === undefined ? undefined : value >= spec.target,
    cpu,
  };
}
