import {
  type ConditionalRequest,
  evaluatePreconditions,
  parseEntityTagList,
  parseHttpDate,
  type PreconditionOutcome,
  toEntityTag,
  toLastModified,
} from 'nestjs-conditional';

/*
 * Micro-benchmarks of the pure RFC 9110 core, from the built package: the work the guard
 * does per request, without Nest or sockets around it (and, from guard.bench.ts, the guard).
 */

/** "Evaluation of a typical request": each evaluatePreconditions case must reach this. */
export const EVALUATION_TARGET_OPS = 2_000_000;

export interface MicroResult {
  readonly name: string;
  readonly opsPerSec: number;
  /** Relative margin of error of the per-batch latency, percent. */
  readonly rme: number;
  readonly target?: number;
}

export interface MicroCase {
  readonly name: string;
  /**
   * Calls per timed sample. A single call lasts about as long as reading the clock, so
   * each sample times a batch and the rate is worked out per call.
   */
  readonly batch: number;
  readonly target?: number;
  readonly call: () => unknown;
  /** What one call must return: a case that took another path would measure nothing useful. */
  readonly expect: unknown;
}

const NOW_MS = Date.now();
const LAST_MODIFIED_DATE = 'Wed, 01 Jan 2025 00:00:00 GMT';
const CURRENT = { etag: toEntityTag('"v42"'), lastModified: toLastModified(new Date(LAST_MODIFIED_DATE), NOW_MS) };

/** The headers a browser's fetch sends anyway, so a lookup does not hit a near-empty object. */
const BASE_HEADERS = {
  host: 'api.example.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en;q=0.9',
  connection: 'keep-alive',
};

function evaluation(name: string, request: ConditionalRequest, expect: PreconditionOutcome): MicroCase {
  return {
    name: `evaluatePreconditions: ${name}`,
    batch: 1000,
    target: EVALUATION_TARGET_OPS,
    call: () => evaluatePreconditions(request, CURRENT, NOW_MS),
    expect,
  };
}

const HUNDRED_TAGS = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? `"tag-${i}"` : `W/"tag-${i}"`)).join(', ');

const CASES: readonly MicroCase[] = [
  evaluation('GET, no conditional header', { method: 'GET', headers: BASE_HEADERS }, 'proceed'),
  evaluation(
    'GET, matching If-None-Match',
    { method: 'GET', headers: { ...BASE_HEADERS, 'if-none-match': '"v42"' } },
    'not-modified',
  ),
  evaluation('PUT, matching If-Match', { method: 'PUT', headers: { ...BASE_HEADERS, 'if-match': '"v42"' } }, 'proceed'),
  evaluation(
    'GET, If-Modified-Since',
    { method: 'GET', headers: { ...BASE_HEADERS, 'if-modified-since': LAST_MODIFIED_DATE } },
    'not-modified',
  ),
  {
    name: 'parseEntityTagList: 100 tags',
    batch: 20,
    call: () => (parseEntityTagList(HUNDRED_TAGS) as unknown[]).length,
    expect: 100,
  },
  // Two dates a second apart in turn: parseHttpDate keeps the last date it parsed, and the
  // same text every time would measure that comparison, not the parsing.
  ...(
    [
      ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:38 GMT'],
      ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:38 GMT'],
      ['asctime', 'Sun Nov  6 08:49:37 1994', 'Sun Nov  6 08:49:38 1994'],
    ] as const
  ).map(([form, value, secondLater]) => {
    let turn = false;
    return {
      name: `parseHttpDate: ${form}`,
      batch: 1000,
      call: () => {
        turn = !turn;
        return turn ? parseHttpDate(value, NOW_MS) : parseHttpDate(secondLater, NOW_MS)! - 1000;
      },
      expect: Date.UTC(1994, 10, 6, 8, 49, 37),
    };
  }),
];

/** Where results go so that the optimiser cannot drop the calls as dead code. */
let _sink: unknown;

/** The core's cases, then `more` (the guard's, from guard.bench.ts), each for `timeMs`. */
export async function runCoreBench(timeMs: number, more: readonly MicroCase[] = []): Promise<MicroResult[]> {
  // tinybench is an ES module; this package's benches compile to CommonJS.
  const { Bench } = await import('tinybench');
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(250, timeMs) });
  const cases = [...CASES, ...more];
  for (const { name, batch, call, expect } of cases) {
    const actual = call();
    if (actual !== expect)
      throw new Error(`micro-benchmark "${name}": returned ${String(actual)}, expected ${String(expect)}`);
    bench.add(name, () => {
      for (let i = 0; i < batch; i++) _sink = call();
    });
  }
  await bench.run();
  return cases.map(({ name, batch, target }, i) => {
    const result = bench.tasks[i].result;
    if (result.state !== 'completed') {
      throw new Error(
        `micro-benchmark "${name}" did not complete: ${result.state === 'errored' ? result.error.message : result.state}`,
      );
    }
    return { name, opsPerSec: (batch * 1000) / result.period, rme: result.latency.rme, target };
  });
}
