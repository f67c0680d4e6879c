import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * The CPU time a server process has used, read from Linux's /proc/<pid>/stat (user + system,
 * its threads included). Divided by the requests of a run, it is what one request costs the
 * server, whether or not the server was saturated (a run held back by the load generator
 * shows a lower req/s, not a higher cost). On a saturated server it is close to 1/req/s and
 * as noisy: BENCHMARKS.md says how much.
 */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Milliseconds of CPU the process has used so far; `undefined` where /proc is not there. */
export function cpuMillisOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}
