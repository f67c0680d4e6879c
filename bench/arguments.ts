import type { NestMajor } from './nest-major';

/** What every harness's options have that its arguments can change. */
interface SelectableOptions {
  readonly only?: readonly string[];
  readonly nest: NestMajor;
  /** Where the figures go, relative to bench/. */
  readonly resultFile: string;
}

/**
 * The arguments `npm run bench` and `npm run bench:instructions` share: `--quick` picks the
 * quick options, `--only=ID,ID` the scenarios, `--nest=11|12` the Nest major; a harness with an
 * `optimized` choice also takes `--optimized`. Nest 12's figures go to files of their own, and a
 * partial run never overwrites the figures of a whole one.
 */
export function applyArguments<Options extends SelectableOptions>(
  argv: readonly string[],
  choices: { readonly whole: Options; readonly quick: Options; readonly optimized?: Options },
): Options {
  const modes = choices.optimized === undefined ? ['--quick'] : ['--quick', '--optimized'];
  const unknown = argv.filter(
    (arg) => !modes.includes(arg) && !arg.startsWith('--only=') && arg !== '--nest=11' && arg !== '--nest=12',
  );
  if (unknown.length > 0)
    throw new Error(
      `unknown argument(s): ${unknown.join(' ')}; the options are ${modes.join(', ')}, --only=ID,ID and --nest=11|12`,
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
  const withNest: Options =
    nest === '12' ? { ...base, nest, resultFile: base.resultFile.replace('.json', '-nest12.json') } : base;
  return only === undefined
    ? withNest
    : { ...withNest, only, resultFile: withNest.resultFile.replace('.json', '-partial.json') };
}
