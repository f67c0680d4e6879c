import { type ChildProcess, spawn } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Affinity } from './affinity';
import { type NestMajor, nodeArgsFor } from './nest-major';
import type { Scenario, ServerPlatform } from './scenarios/catalogue';

/** A scenario server running in its own process, checked and ready to measure. */
export interface RunningServer {
  readonly scenario: Scenario;
  readonly platform: ServerPlatform;
  readonly url: string;
  /** What every measured request sends: If-None-Match for the revalidating scenarios. */
  readonly headers: Record<string, string>;
  /** The server's process (taskset execs node, so the pid is node's). */
  readonly pid: number | undefined;
  /**
   * Resolves once the server prints `expected` on a line of its own, other lines skipped
   * (bench:instructions' "collected"); rejects if its output closes first or time runs out.
   */
  awaitLine(expected: string, timeoutMs: number): Promise<void>;
  stop(): void;
}

const START_TIMEOUT_MS = 30_000;

/** Starts `node server.js <scenario> <platform>` and resolves with the port it prints. */
function spawnServer(
  scenario: Scenario,
  platform: ServerPlatform,
  affinity: Affinity,
  nest: NestMajor,
  startTimeoutMs: number,
): Promise<{ child: ChildProcess; port: number; lines: Interface }> {
  const [command, args] = affinity.serverCommand([
    ...nodeArgsFor(nest),
    join(__dirname, 'server.js'),
    scenario.id,
    platform,
  ]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const name = `${scenario.id} on ${platform}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server ${name} did not print its port within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server ${name} exited before listening (code ${code}, signal ${signal})`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const port = Number(line);
      if (Number.isInteger(port) && port > 0) {
        resolve({ child, port, lines });
        return;
      }
      child.kill();
      reject(new Error(`server ${name} printed "${line}" instead of its port`));
    });
  });
}

function request(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response));
    }).once('error', reject);
  });
}

/**
 * The one functional check before any load: the scenario answers what it claims to. A
 * revalidating scenario must first give a 200 with an ETag, then a 304 for that ETag;
 * otherwise the measurement would time the wrong path.
 */
async function check(scenario: Scenario, platform: ServerPlatform, url: string): Promise<Record<string, string>> {
  const name = `${scenario.id} on ${platform}`;
  let headers: Record<string, string> = { ...scenario.requestHeaders };
  if (scenario.revalidate) {
    const first = await request(url, {});
    const etag = first.headers.etag;
    if (first.statusCode !== 200 || etag === undefined) {
      throw new Error(
        `scenario ${name}: a plain GET gave ${first.statusCode} with ETag ${etag}; expected 200 with an ETag`,
      );
    }
    headers = { ...headers, 'if-none-match': etag };
  }
  const answer = await request(url, headers);
  if (answer.statusCode !== scenario.status) {
    throw new Error(
      `scenario ${name}: answered ${answer.statusCode}, expected ${scenario.status} (request headers ${JSON.stringify(headers)})`,
    );
  }
  return headers;
}

/** `startTimeoutMs`: how long the server may take to listen (longer under valgrind). */
export async function startServer(
  scenario: Scenario,
  platform: ServerPlatform,
  affinity: Affinity,
  nest: NestMajor,
  startTimeoutMs = START_TIMEOUT_MS,
): Promise<RunningServer> {
  const { child, port, lines } = await spawnServer(scenario, platform, affinity, nest, startTimeoutMs);
  const name = `${scenario.id} on ${platform}`;
  const awaitLine = (expected: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        lines.off('line', onLine);
        lines.off('close', onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onLine = (line: string) => {
        if (line === expected) settle();
      };
      const onClose = () => settle(new Error(`server ${name} closed its output before printing "${expected}"`));
      const timer = setTimeout(
        () => settle(new Error(`server ${name} did not print "${expected}" within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      lines.on('line', onLine);
      lines.once('close', onClose);
    });
  // From here on, an exit is a crash under load: the measurement then fails on its own.
  child.removeAllListeners('exit');
  const stop = () => void child.kill('SIGTERM');
  const url = `http://127.0.0.1:${port}${scenario.path ?? '/'}`;
  try {
    const headers = await check(scenario, platform, url);
    return { scenario, platform, url, headers, pid: child.pid, awaitLine, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
