import { parseOptions } from '../../bench/options';
import { parseInstructionOptions } from '../../bench/instruction-options';
import { evaluateRatio, keyOf, type RatioSpec } from '../../bench/ratios';
import { formatRatios } from '../../bench/report';
import { roundOrder } from '../../bench/rounds';
import { spread } from '../../bench/stats';

describe('npm run bench -- --runs=N', () => {
  it('keeps 3 runs by default and 1 in --quick', () => {
    expect(parseOptions([]).runs).toBe(3);
    expect(parseOptions(['--quick']).runs).toBe(1);
  });

  it('sets the runs of either mode, with the other arguments', () => {
    expect(parseOptions(['--runs=9']).runs).toBe(9);
    const quick = parseOptions(['--quick', '--runs=2', '--only=A,C', '--nest=12']);
    expect(quick).toMatchObject({ mode: 'quick', runs: 2, only: ['A', 'C'], nest: '12' });
    expect(quick.resultFile).toBe('results/quick-nest12-partial.json');
  });

  it.each(['--runs=0', '--runs=31', '--runs=2.5', '--runs=', '--runs=x', '--runs=-1', '--runs=1e1'])(
    'refuses %s, naming what it takes',
    (arg) => {
      expect(() => parseOptions([arg])).toThrow(`${arg}: give a whole number of runs from 1 to 30`);
    },
  );

  it('refuses --runs given twice', () => {
    expect(() => parseOptions(['--runs=3', '--runs=5'])).toThrow('--runs is given 2 times: give it once');
  });

  it('lists --runs=N among the options of the harness that repeats runs, and not the other', () => {
    expect(() => parseOptions(['--fast'])).toThrow(
      'unknown argument(s): --fast; the options are --quick, --only=ID,ID, --runs=N and --nest=11|12',
    );
    expect(() => parseInstructionOptions(['--runs=9'])).toThrow(
      'unknown argument(s): --runs=9; the options are --quick, --optimized, --only=ID,ID and --nest=11|12',
    );
  });
});

describe('the paired difference of an added cost', () => {
  const spec: RatioSpec = {
    label: 'C/A',
    platform: 'fastify',
    numerator: keyOf('C', 'fastify'),
    denominator: keyOf('A', 'fastify'),
    addedCost: true,
    maxAddedMicros: 3,
  };
  const figures = new Map([
    [spec.numerator, spread([40_000, 41_000, 42_000])],
    [spec.denominator, spread([45_000, 46_000, 47_000])],
  ]);

  it('subtracts each run of the denominator from the run of the numerator in the same round, and judges that', () => {
    // The machine slows in round 2. C's median is round 3's and A's round 1's, so the
    // difference of medians (+4) pairs runs of two rounds; the rounds measured +2, +2 and +5.
    const cpuRuns = new Map([
      [spec.numerator, [22, 32, 24]],
      [spec.denominator, [20, 30, 19]],
    ]);
    const result = evaluateRatio(spec, figures, cpuRuns);
    expect(result.cpu?.addedMicros).toBe(4);
    expect(result.cpu?.pairedMicros).toEqual({ median: 2, min: 2, max: 5 });
    expect(result.cpu?.pass).toBe(true);
    expect(formatRatios([result])).toContain('PASS: +2.0 us CPU by pair (+2.0 to +5.0), +4.0 by medians');
  });

  it('misses by pair what the medians would pass', () => {
    const passingByMedians = new Map([
      [spec.numerator, [23, 26, 34]],
      [spec.denominator, [18, 23, 30]],
    ]);
    // Medians 26 and 23 (+3); pairs +5, +3, +4 (+4).
    expect(evaluateRatio(spec, figures, passingByMedians).cpu).toMatchObject({ addedMicros: 3, pass: false });
  });

  it('gives no pairs for a ratio that reports no added cost, or runs that do not pair up', () => {
    const cpuRuns = new Map([
      [spec.numerator, [22, 32, 23]],
      [spec.denominator, [20, 30]],
    ]);
    expect(evaluateRatio(spec, figures, cpuRuns).cpu?.pairedMicros).toBeUndefined();
    const plain = { ...spec, addedCost: undefined, maxAddedMicros: undefined, target: 0.98 };
    expect(
      evaluateRatio(
        plain,
        figures,
        new Map([
          [spec.numerator, [1]],
          [spec.denominator, [1]],
        ]),
      ).cpu?.pairedMicros,
    ).toBeUndefined();
  });

  it('prints no pairs for a single run', () => {
    const cpuRuns = new Map([
      [spec.numerator, [25]],
      [spec.denominator, [20]],
    ]);
    expect(formatRatios([evaluateRatio(spec, figures, cpuRuns)])).toMatch(/MISS: \+5\.0 us CPU$/m);
  });
});

describe('the order of a round', () => {
  it('goes as the servers were started in odd rounds and in reverse in even ones, leaving the list as it is', () => {
    const servers = ['A', 'J', 'C'];
    expect([1, 2, 3, 4].map((run) => roundOrder(servers, run).join(''))).toEqual(['AJC', 'CJA', 'AJC', 'CJA']);
    expect(servers).toEqual(['A', 'J', 'C']);
  });
});
