import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBuild, formatBuild } from './build-info';
import {
  countsDumped,
  dumpCounts,
  nodeFlagsFor,
  setInstrumentation,
  underCallgrind,
  valgrindVersion,
} from './callgrind';
import { COUNTED_BY_DEFAULT, type InstructionOptions, parseInstructionOptions } from './instruction-options';
import { keepAliveAgent, sendRequests } from './keep-alive-load';
import { describeMachine, formatMachine } from './machine';
import { useNestMajor } from './nest-major';
import { type Key, keyOf, RATIOS, type RatioSpec } from './ratios';
import { integer, ratio, table, verdict } from './report';
import { saveResults } from './results';
import { SCENARIOS, type Scenario, type ServerPlatform } from './scenarios/catalogue';
import { type RunningServer, startServer } from './servers';

/*
 * `npm run bench:instructions [-- --only=A,C --nest=12 --quick | --optimized]`: the instructions
 * each scenario's request costs its server, counted by valgrind's callgrind over a fixed number of
 * requests. On a machine whose speed moves by up to 2x from one run to the next (BENCHMARKS.md,
 * "Noise"), req/s and CPU time cannot read a difference of a few percent; a count does, since
 * counts of one build agree within about 0.7% (bench/callgrind.ts). It is a relative figure: by
 * default node runs with its optimizing compiler off (bench/callgrind.ts says why), so a request
 * runs more instructions than it would optimized; `--optimized` counts TurboFan's code once the
 * server has settled (bench/instruction-options.ts). Instructions are not time either (a cache
 * miss or a syscall's kernel work counts for little or nothing). Compare scenarios with each
 * other, one run at a time.
 */

/** How long a server under valgrind may take to listen (about 8 s on the machine of BENCHMARKS.md). */
const START_TIMEOUT_MS = 180_000;

interface PerRequest {
  readonly instructionsPerRequest: number;
  /** Without V8's collector (bench/collector-share.ts): on Express the figure to compare, optimized. */
  readonly outsideCollectorPerRequest: number;
}

interface CountedRow extends PerRequest {
  readonly scenario: Scenario;
  readonly platform: ServerPlatform;
}

interface CountedRatio extends RatioSpec {
  /** den/num: how many of the numerator's requests the denominator's instructions would pay for. */
  readonly value: number;
  /** num - den, instructions per request. */
  readonly addedInstructions: number;
  /** The same two outside the collector. */
  readonly valueOutsideCollector: number;
  readonly addedOutsideCollector: number;
  readonly pass?: boolean;
}

let current: RunningServer | undefined;
let outDir: string | undefined;

process.once('SIGINT', () => {
  current?.stop();
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  process.exit(130);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the server's process to be gone (killed after 20 s), so that its last dump is written before the directory goes. */
async function exited(pid: number): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (!isRunning(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}

/** How long a full collection may take under valgrind (well under a second on the machine of BENCHMARKS.md). */
const COLLECT_TIMEOUT_MS = 60_000;

async function count(
  server: RunningServer,
  { warmupRequests, settleRequests, requests }: InstructionOptions,
  dumps: string,
): Promise<PerRequest> {
  const name = `${server.scenario.id} on ${server.platform}`;
  const pid = server.pid!;
  const { status } = server.scenario;
  // One set of connections for both, so the counted window opens and closes none.
  const agent = keepAliveAgent();
  try {
    await sendRequests(agent, server.url, server.headers, warmupRequests, status, name);
    const collected = server.awaitLine('collected', COLLECT_TIMEOUT_MS);
    process.kill(pid, 'SIGUSR2');
    await collected;
    if (settleRequests > 0) await sendRequests(agent, server.url, server.headers, settleRequests, status, name);
    setInstrumentation(pid, true);
    await sendRequests(agent, server.url, server.headers, requests, status, name);
    setInstrumentation(pid, false);
  } finally {
    agent.destroy();
  }
  dumpCounts(pid);
  const { total, collector } = countsDumped(dumps, pid);
  return { instructionsPerRequest: total / requests, outsideCollectorPerRequest: (total - collector) / requests };
}

function ratiosOf(counts: ReadonlyMap<Key, PerRequest>): CountedRatio[] {
  return RATIOS.filter((spec) => counts.has(spec.numerator) && counts.has(spec.denominator)).map((spec) => {
    const num = counts.get(spec.numerator)!;
    const den = counts.get(spec.denominator)!;
    const value = den.instructionsPerRequest / num.instructionsPerRequest;
    // A µs target has no meaning for a count: reported, not judged.
    return {
      ...spec,
      value,
      addedInstructions: num.instructionsPerRequest - den.instructionsPerRequest,
      valueOutsideCollector: den.outsideCollectorPerRequest / num.outsideCollectorPerRequest,
      addedOutsideCollector: num.outsideCollectorPerRequest - den.outsideCollectorPerRequest,
      pass: spec.target === undefined || spec.maxAddedMicros !== undefined ? undefined : value >= spec.target,
    };
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const options = parseInstructionOptions(process.argv.slice(2));
  const valgrind = valgrindVersion();
  if (valgrind === undefined) {
    throw new Error(
      'bench:instructions needs valgrind and callgrind_control (Debian: apt-get install valgrind); neither answered --version',
    );
  }
  useNestMajor(options.nest);
  const machine = describeMachine();
  const ids = options.only ?? COUNTED_BY_DEFAULT;
  const scenarios = SCENARIOS.filter((scenario) => ids.includes(scenario.id));
  if (scenarios.length === 0)
    throw new Error(`--only names no scenario; the scenarios are ${SCENARIOS.map((s) => s.id).join(', ')}`);
  const nodeFlags = nodeFlagsFor(options.compiler);
  const settle = options.settleRequests > 0 ? ` and ${integer(options.settleRequests)} after the full collection` : '';
  console.log(
    `nestjs-conditional instruction counts, ${options.mode} mode: ${integer(options.requests)} requests counted per scenario, ` +
      `after ${integer(options.warmupRequests)} uncounted${settle}, 4 keep-alive connections`,
  );
  console.log(formatMachine(machine));
  const build = describeBuild();
  console.log(formatBuild(build));
  console.log(`Counter  ${valgrind} (callgrind), node ${nodeFlags.join(' ')}\n`);

  const dumps = mkdtempSync(join(tmpdir(), 'bench-callgrind-'));
  outDir = dumps;
  const rows: CountedRow[] = [];
  try {
    const affinity = underCallgrind(dumps, nodeFlags);
    for (const scenario of scenarios) {
      for (const platform of scenario.platforms) {
        current = await startServer(scenario, platform, affinity, options.nest, START_TIMEOUT_MS);
        try {
          const perRequest = await count(current, options, dumps);
          rows.push({ scenario, platform, ...perRequest });
          console.error(
            `${scenario.id} on ${platform}: ${integer(perRequest.instructionsPerRequest)} instructions per request, ` +
              `${integer(perRequest.outsideCollectorPerRequest)} outside the collector`,
          );
        } finally {
          current.stop();
          await exited(current.pid!);
          current = undefined;
        }
      }
    }
  } finally {
    rmSync(dumps, { recursive: true, force: true });
    outDir = undefined;
  }

  const counts = new Map<Key, PerRequest>(rows.map((row) => [keyOf(row.scenario.id, row.platform), row]));
  const ratios = ratiosOf(counts);
  console.log(
    `\n${table(
      [
        ['Scenario', 'left'],
        ['Platform', 'left'],
        ['Instructions/request', 'right'],
        ['Outside the collector', 'right'],
      ],
      rows.map((row) => [
        `${row.scenario.id.padEnd(3)}  ${row.scenario.title}`,
        row.platform,
        integer(row.instructionsPerRequest),
        integer(row.outsideCollectorPerRequest),
      ]),
    )}\n`,
  );
  console.log(
    `${table(
      [
        ['Ratio (by instructions: den/num)', 'left'],
        ['Platform', 'left'],
        ['Value', 'right'],
        ['Added per request', 'right'],
        ['Added, % of den', 'right'],
        ['Outside the collector', 'right'],
        ['Added there', 'right'],
        ['Target', 'right'],
        ['Result', 'left'],
      ],
      ratios.map((r) => {
        const den = counts.get(r.denominator)!.instructionsPerRequest;
        return [
          r.label,
          r.platform,
          ratio(r.value),
          `${r.addedInstructions >= 0 ? '+' : ''}${integer(r.addedInstructions)}`,
          `${((100 * r.addedInstructions) / den).toFixed(1)}%`,
          ratio(r.valueOutsideCollector),
          `${r.addedOutsideCollector >= 0 ? '+' : ''}${integer(r.addedOutsideCollector)}`,
          r.maxAddedMicros !== undefined
            ? `<= +${r.maxAddedMicros} us`
            : r.target === undefined
              ? ''
              : `>= ${r.target}`,
          verdict(r.pass),
        ];
      }),
    )}\n`,
  );
  const elapsedSec = (Date.now() - started) / 1000;
  saveResults(join(__dirname, '..', options.resultFile), {
    date: new Date().toISOString(),
    elapsedSec,
    machine,
    build,
    options,
    valgrind,
    nodeFlags,
    rows: rows.map(({ scenario, ...row }) => ({ id: scenario.id, title: scenario.title, ...row })),
    ratios,
  });
  console.log(`Done in ${elapsedSec.toFixed(0)} s; counts saved to bench/${options.resultFile}`);
}

main().catch((error) => {
  current?.stop();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
