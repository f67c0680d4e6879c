import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** The newest Debian `postgresql` server binaries (`/usr/lib/postgresql/<major>/bin`). */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  const major = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (major === undefined || !existsSync(join(root, major, 'bin', 'initdb'))) {
    throw new Error(
      'No PostgreSQL server found under /usr/lib/postgresql/*/bin: install Debian\'s "postgresql" package (.ci/run does).',
    );
  }
  return join(root, major, 'bin');
}

/**
 * PostgreSQL refuses to run as root, and CI runs the tests as root: the cluster then runs as
 * the `postgres` system user the Debian package creates (or `nobody`). As another user, the
 * cluster runs as that user.
 */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const found = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (found.status === 0) {
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid: Number(found.stdout.trim()), gid };
    }
  }
  throw new Error('Running as root, and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as.');
}

/** Every cluster this process started and has not stopped: killed on exit, whatever happened. */
const running = new Set<ChildProcess>();
let exitHandlersInstalled = false;
function killAllOnExit(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
}

/**
 * A private PostgreSQL cluster: `initdb` into a temporary directory, listening on loopback on
 * a free port and on a Unix socket in that directory, with trust authentication for the
 * `postgres` role. `stop()` and `start()` stop and start the same cluster (its data kept);
 * `destroy()` stops it and removes its directory.
 */
export class PostgresCluster {
  private server: ChildProcess | undefined;
  private log = '';

  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  static async create(): Promise<PostgresCluster> {
    killAllOnExit();
    const bin = postgresBin();
    const user = clusterUser();
    const dir = mkdtempSync(join(tmpdir(), 'nestjs-conditional-pg-'));
    mkdirSync(join(dir, 'socket'));
    if (user !== undefined) {
      chownSync(dir, user.uid, user.gid);
      chownSync(join(dir, 'socket'), user.uid, user.gid);
    }
    const cluster = new PostgresCluster(bin, dir, await freePort(), user);
    const init = spawnSync(
      join(bin, 'initdb'),
      ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
      {
        encoding: 'utf8',
        ...user,
      },
    );
    if (init.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
    }
    await cluster.start();
    return cluster;
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.server !== undefined) throw new Error('the cluster is already running');
    const server = spawn(
      join(this.bin, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-k',
        join(this.dir, 'socket'),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        // A test cluster: losing it in a crash is fine, waiting for disks is not.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...this.user },
    );
    this.server = server;
    running.add(server);
    server.stdout!.on('data', (chunk) => (this.log += chunk));
    server.stderr!.on('data', (chunk) => (this.log += chunk));
    server.once('exit', () => {
      running.delete(server);
      if (this.server === server) this.server = undefined;
    });
    const deadline = Date.now() + 30_000;
    while (!this.log.includes('database system is ready to accept connections')) {
      if (this.server !== server) throw new Error(`PostgreSQL exited while starting:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start within 30 s:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.log = '';
  }

  /** Stops the server ("fast" shutdown: open connections are closed); SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGINT');
    const killer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  /** What the server has logged since it last started (errors included: log_min_messages is warning). */
  serverLog(): string {
    return this.log;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
