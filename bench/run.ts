import { join } from 'node:path';
import { pinProcesses } from './affinity';
import { describeBuild, formatBuild } from './build-info';
import { runCoreBench } from './core.bench';
import { guardCases } from './guard.bench';
import { describeMachine, formatMachine } from './machine';
import { type Measurement, measure, warmUp } from './measure';
import { useNestMajor } from './nest-major';
import { parseOptions } from './options';
import { evaluateRatio, type Key, keyOf, RATIOS } from './ratios';
import { formatMicro, formatRatios, formatScenarios, type Row } from './report';
import { saveResults } from './results';
import { roundOrder } from './rounds';
import { SCENARIOS } from './scenarios/catalogue';
import { type RunningServer, startServer } from './servers';
import { spread, type Spread } from './stats';

/*
 * `npm run bench [-- [--quick] [--runs=N]]`: the micro-benchmarks of the core, then every scenario
 * server, each in its own process, driven by autocannon from this one. Prints the machine,
 * one table and the ratios against their targets, and saves the figures under
 * bench/results/. Exits non-zero only when a server fails to start or answers a wrong
 * status; a missed target is reported, never fatal.
 */

const running: RunningServer[] = [];

function stopAll(): void {
  for (const server of running.splice(0)) server.stop();
}

process.once('SIGINT', () => {
  stopAll();
  process.exit(130);
});

async function main(): Promise<void> {
  const started = Date.now();
  const options = parseOptions(process.argv.slice(2));
  useNestMajor(options.nest);
  const machine = describeMachine();
  const build = describeBuild();
  const affinity = pinProcesses();
  console.log(
    `nestjs-conditional benchmarks, ${options.mode} mode: ${options.runs} run(s) of ${options.durationSec} s per scenario, ` +
      `each after ${options.warmupSec} s of warm-up (${options.initialWarmupSec} s before the first), ` +
      `${options.connections} connections, pipelining 1`,
  );
  console.log(formatMachine(machine));
  console.log(formatBuild(build));
  console.log(
    `Load generator and servers share these ${machine.cores} cores. ${affinity.description}\n` +
      'The figures compare scenarios with each other; they are not what a server does on a machine of its own. Gen CPU is\n' +
      "the load generator's CPU: near 100% the row measures autocannon's ceiling rather than the server's.\n",
  );

  const guard = await guardCases();
  const micro = await runCoreBench(options.microTimeMs, guard.cases).finally(guard.close);
  console.log(`${formatMicro(micro)}\n`);

  // Every server is started and checked before any load, so a broken scenario fails the
  // run in seconds; they then stay up, idle while another is measured.
  const scenarios = SCENARIOS.filter((scenario) => options.only === undefined || options.only.includes(scenario.id));
  if (scenarios.length === 0)
    throw new Error(`--only names no scenario; the scenarios are ${SCENARIOS.map((s) => s.id).join(', ')}`);
  for (const scenario of scenarios) {
    for (const platform of scenario.platforms)
      running.push(await startServer(scenario, platform, affinity, options.nest));
  }
  for (const server of running) await warmUp(server, options);
  // Runs are interleaved (all scenarios once, then again) so that drift of the machine
  // spreads over every scenario instead of landing on whichever ran last, every other round in
  // reverse (see roundOrder).
  const measurements = new Map<RunningServer, Measurement[]>(running.map((server) => [server, []]));
  for (let run = 1; run <= options.runs; run++) {
    for (const server of roundOrder(running, run)) {
      const measurement = await measure(server, options);
      measurements.get(server)!.push(measurement);
      console.error(
        `run ${run}/${options.runs}  ${server.scenario.id} on ${server.platform}: ${Math.round(measurement.requestsPerSec)} req/s` +
          (measurement.serverCpuMicros === undefined
            ? ''
            : `, ${measurement.serverCpuMicros.toFixed(1)} us server CPU per request`),
      );
    }
  }
  stopAll();

  const rows = [...measurements].map(([{ scenario, platform }, runs]): Row => {
    const cpuPerRun = cpuRunsOf(runs);
    return {
      scenario,
      platform,
      runs: runs.map((m) => Math.round(m.requestsPerSec)),
      requestsPerSec: spread(runs.map((m) => m.requestsPerSec)),
      p50: spread(runs.map((m) => m.p50)).median,
      p99: spread(runs.map((m) => m.p99)).median,
      errors: runs.reduce((sum, m) => sum + m.errors, 0),
      generatorCpu: spread(runs.map((m) => m.generatorCpu)).median,
      serverCpuMicros: cpuPerRun === undefined ? undefined : spread(cpuPerRun),
      serverCpuRuns: cpuPerRun,
    };
  });
  const figures = new Map<Key, Spread>(rows.map((row) => [keyOf(row.scenario.id, row.platform), row.requestsPerSec]));
  const cpuRuns = new Map(rows.map((row) => [keyOf(row.scenario.id, row.platform), row.serverCpuRuns]));
  const ratios = RATIOS.filter((spec) => figures.has(spec.numerator) && figures.has(spec.denominator)).map((spec) =>
    evaluateRatio(spec, figures, cpuRuns),
  );

  console.log(`\n${formatScenarios(rows)}\n\n${formatRatios(ratios)}\n`);
  const elapsedSec = (Date.now() - started) / 1000;
  const file = join(__dirname, '..', options.resultFile);
  const resultRows = rows.map(({ scenario, ...row }) => ({
    id: scenario.id,
    title: scenario.title,
    status: scenario.status,
    ...row,
  }));
  saveResults(file, {
    date: new Date().toISOString(),
    elapsedSec,
    machine,
    build,
    options,
    rows: resultRows,
    ratios,
    micro,
  });
  console.log(`Done in ${elapsedSec.toFixed(0)} s; figures saved to bench/${options.resultFile}`);
}

/** Each run's server CPU per request, in the order run; `undefined` without /proc. */
function cpuRunsOf(runs: readonly Measurement[]): number[] | undefined {
  return runs.every((m) => m.serverCpuMicros !== undefined) ? runs.map((m) => m.serverCpuMicros!) : undefined;
}

main().catch((error) => {
  stopAll();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
