import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

const MAIN = join(__dirname, '../../../sample/dist/main.js');

/** One running `node sample/dist/main.js`. */
export interface SampleProcess {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
}

/** Every sample process started here, killed when the test process exits, whatever happened. */
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/**
 * Starts `count` instances of the built sample (`npm run test:postgres` builds it first), each
 * on its own free port, all at the same moment, with `env` added to this environment. Resolves
 * once every one of them prints that it listens.
 */
export async function startSamples(count: number, env: Record<string, string>): Promise<SampleProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startSample(env)));
}

async function startSample(env: Record<string, string>): Promise<SampleProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`the sample exited (${child.exitCode}) while starting:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the sample did not start within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, child, output: () => output };
}

/** Stops the processes (SIGTERM: the sample closes its pool) and waits; SIGKILL after 5 s. */
export async function stopSamples(samples: readonly SampleProcess[]): Promise<void> {
  await Promise.all(
    samples.map(({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      return new Promise<void>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }),
  );
}
