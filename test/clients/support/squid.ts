import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, settlesWithin, waitForPort } from './http';

/** Debian's Squid (apt package `squid`). */
export const SQUID = process.env.SQUID_PATH ?? (existsSync('/usr/sbin/squid') ? '/usr/sbin/squid' : 'squid');

/**
 * The part of the config that matters, as docs/proxies.md shows it: Squid as a reverse proxy
 * (`accel`) in front of the app, a memory cache only. `mitigated` adds docs/proxies.md's
 * mitigation of the relabelling bug: no If-None-Match reaches the app.
 */
export function squidExample(mitigated: boolean): string {
  return `http_port 127.0.0.1:8080 accel defaultsite=sample no-vhost
cache_peer 127.0.0.1 parent 3000 0 no-query no-digest originserver name=sample
acl sample_site dstdomain sample
http_access allow sample_site
http_access deny all
cache_peer_access sample allow sample_site
never_direct allow all
${
  mitigated
    ? `
# Squid relabels an old copy with the newer ETag of a client's If-None-Match (RFC 9111 4.3.4):
# send no If-None-Match to the app, neither the clients' nor Squid's own.
request_header_access If-None-Match deny all
`
    : ''
}`;
}

/** The whole config the tests run: the example on the tests' ports, files in `dir`, nothing else on. */
export function squidConfig(options: {
  dir: string;
  listen: number;
  upstreamPort: number;
  mitigated: boolean;
}): string {
  const { dir, listen, upstreamPort, mitigated } = options;
  return `${squidExample(mitigated).replace('127.0.0.1:8080', `127.0.0.1:${listen}`).replace('parent 3000', `parent ${upstreamPort}`)}
cache_mem 16 MB
pid_filename ${dir}/squid.pid
access_log stdio:${dir}/access.log
cache_store_log none
cache_log ${dir}/cache.log
coredump_dir ${dir}
netdb_filename none
pinger_enable off
icp_port 0
htcp_port 0
snmp_port 0
dns_nameservers 127.0.0.1
shutdown_lifetime 0 seconds
logfile_rotate 0
`;
}

export interface RunningSquid {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  log(): Promise<string>;
  /** Stops Squid (SIGTERM to its process group, then SIGKILL if it has not exited in time) and removes its directory. */
  close(): Promise<void>;
}

/**
 * Starts a Squid of its own (not the system's) in the foreground (`-N`), its config, pid file
 * and logs in a fresh temporary directory (writable for the `proxy` user it drops root for),
 * on a free loopback port. A process group of its own, signalled by the group's id.
 */
export async function startSquid(upstream: string, options: { mitigated?: boolean } = {}): Promise<RunningSquid> {
  const dir = await mkdtemp(join(tmpdir(), 'nestjs-conditional-squid-'));
  await chmod(dir, 0o777);
  const port = await freePort();
  const config = join(dir, 'squid.conf');
  await writeFile(
    config,
    squidConfig({
      dir,
      listen: port,
      upstreamPort: Number(new URL(`http://${upstream}`).port),
      mitigated: options.mitigated ?? false,
    }),
  );
  let output = '';
  let exited: string | undefined;
  const child: ChildProcess = spawn(SQUID, ['-N', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `squid exited (${code ?? signal}): ${output}`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `squid did not start: ${error.message}`;
      resolve();
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // Should jest itself die, take Squid along rather than leave it listening.
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (exited === undefined) {
      signalGroup('SIGTERM');
      if (!(await settlesWithin(exit, 5_000))) {
        signalGroup('SIGKILL');
        await settlesWithin(exit, 5_000);
      }
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForPort(port, 15_000, () => exited);
  } catch (error) {
    const cacheLog = await readFile(join(dir, 'cache.log'), 'utf8').catch(() => '');
    await close();
    throw new Error(`${(error as Error).message}\n${cacheLog}`, { cause: error });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => readFile(join(dir, 'access.log'), 'utf8').catch(() => ''),
    close,
  };
}
