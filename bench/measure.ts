import autocannon = require('autocannon');
import type { BenchOptions } from './options';
import type { RunningServer } from './servers';
import { cpuMillisOf } from './server-cpu';

/** One measured run of one scenario. */
export interface Measurement {
  readonly requestsPerSec: number;
  /** Latency percentiles, milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Socket errors, timeouts included: reported, not fatal (the status check is what guards). */
  readonly errors: number;
  /**
   * CPU time of this process (the load generator) per second of wall time, in percent of
   * one core, over the measured run. Near 100 the figure is the generator's ceiling, not
   * the server's.
   */
  readonly generatorCpu: number;
  /** The server's CPU time per request over the measured run, µs; `undefined` without /proc. */
  readonly serverCpuMicros: number | undefined;
}

/**
 * Drives the server with autocannon from this process, `warmupSec` of load first if given.
 * Every response must carry the scenario's status; one that does not fails the whole run,
 * since the figure would then belong to another code path.
 */
async function drive(server: RunningServer, options: BenchOptions, durationSec: number, warmupSec?: number) {
  const result = await autocannon({
    url: server.url,
    headers: server.headers,
    connections: options.connections,
    pipelining: 1,
    duration: durationSec,
    warmup: warmupSec === undefined ? undefined : { connections: options.connections, duration: warmupSec },
  });
  const name = `${server.scenario.id} on ${server.platform}`;
  const expected = String(server.scenario.status);
  const wrong = Object.entries(result.statusCodeStats).filter(([status]) => status !== expected);
  if (wrong.length > 0) {
    const counts = wrong.map(([status, { count }]) => `${count} x ${status}`).join(', ');
    throw new Error(`scenario ${name}: responses with the wrong status under load (${counts}); expected ${expected}`);
  }
  if (result.requests.total === 0) throw new Error(`scenario ${name}: no response at all under load`);
  return result;
}

/** The first load a server gets, so that its first measured run is not its coldest. */
export async function warmUp(server: RunningServer, options: BenchOptions): Promise<void> {
  await drive(server, options, options.initialWarmupSec);
}

export async function measure(server: RunningServer, options: BenchOptions): Promise<Measurement> {
  // The warm-up apart, so that the server's CPU is read around the measured requests alone.
  if (options.warmupSec > 0) await drive(server, options, options.warmupSec);
  const serverCpuStart = cpuMillisOf(server.pid);
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await drive(server, options, options.durationSec);
  const { user, system } = process.cpuUsage(cpuStart);
  const serverCpuEnd = cpuMillisOf(server.pid);
  return {
    requestsPerSec: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    generatorCpu: (user + system) / 10 / (performance.now() - wallStart),
    serverCpuMicros:
      serverCpuStart === undefined || serverCpuEnd === undefined
        ? undefined
        : ((serverCpuEnd - serverCpuStart) * 1000) / result.requests.total,
  };
}
