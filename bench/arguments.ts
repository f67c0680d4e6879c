import type { NestMajor } from './nest-major';

/** What every harness's options have that its arguments can change. */
interface SelectableOptions {
  readonly only?: readonly string[];
  readonly nest: NestMajor;
  /** Measured runs of each scenario, in a harness that repeats them; `--runs=N` sets it. */
  readonly runs?: number;
  /** Where the figures go, relative to bench/. */
  readonly resultFile: string;
}

/** The most runs `--runs=N` takes: at about 3.5 s a run, 30 runs of each of the 45 servers take about 80 minutes. */
export const MOST_RUNS = 30;

/**
 * The arguments `npm run bench` and `npm run bench:instructions` share: `--quick` picks the
 * quick options, `--only=ID,ID` the scenarios, `--nest=11|12` the Nest major; a harness with an
 * `optimized` choice also takes `--optimized`, and one whose options count runs takes
 * `--runs=N`, for a ratio that the default runs cannot hold on a noisy machine. Nest 12's
 * figures go to files of their own, and a partial run never overwrites the figures of a whole one.
 */
export function applyArguments<Options extends SelectableOptions>(
  argv: readonly string[],
  choices: { readonly whole: Options; readonly quick: Options; readonly optimized?: Options },
): Options {
  const modes = choices.optimized === undefined ? ['--quick'] : ['--quick', '--optimized'];
  const countsRuns = choices.whole.runs !== undefined;
  const unknown = argv.filter(
    (arg) =>
      !modes.includes(arg) &&
      !arg.startsWith('--only=') &&
      !(countsRuns && arg.startsWith('--runs=')) &&
      arg !== '--nest=11' &&
      arg !== '--nest=12',
  );
  if (unknown.length > 0)
    throw new Error(
      `unknown argument(s): ${unknown.join(' ')}; the options are ${modes.join(', ')}, --only=ID,ID` +
        `${countsRuns ? ', --runs=N' : ''} and --nest=11|12`,
    );
  if (argv.includes('--quick') && argv.includes('--optimized')) {
    throw new Error('--quick and --optimized are two modes: give one');
  }
  const base = argv.includes('--quick')
    ? choices.quick
    : argv.includes('--optimized') && choices.optimized !== undefined
      ? choices.optimized
      : choices.whole;
  const nest: NestMajor = argv.includes('--nest=12') ? '12' : '11';
  const only = argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const runs = countsRuns ? runsOf(argv) : undefined;
  const repeated: Options = runs === undefined ? base : { ...base, runs };
  const withNest: Options =
    nest === '12' ? { ...repeated, nest, resultFile: repeated.resultFile.replace('.json', '-nest12.json') } : repeated;
  return only === undefined
    ? withNest
    : { ...withNest, only, resultFile: withNest.resultFile.replace('.json', '-partial.json') };
}

/** `--runs=N`'s N, a whole number from 1 to MOST_RUNS; `undefined` when not given. */
function runsOf(argv: readonly string[]): number | undefined {
  const given = argv.filter((arg) => arg.startsWith('--runs='));
  if (given.length === 0) return undefined;
  if (given.length > 1) throw new Error(`--runs is given ${given.length} times: give it once`);
  const text = given[0].slice('--runs='.length);
  const runs = Number(text);
  if (!/^[0-9]+$/.test(text) || runs < 1 || runs > MOST_RUNS) {
    throw new Error(`--runs=${text}: give a whole number of runs from 1 to ${MOST_RUNS}`);
  }
  return runs;
}
