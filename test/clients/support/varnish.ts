import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, settlesWithin, waitForPort } from './http';

/** Debian's Varnish (apt package `varnish`). */
export const VARNISHD =
  process.env.VARNISHD_PATH ?? (existsSync('/usr/sbin/varnishd') ? '/usr/sbin/varnishd' : 'varnishd');

/**
 * The VCL docs/proxies.md shows, with its backend on docs/proxies.md's port (the tests put the
 * sample's there). Two kinds of route, as for nginx:
 *
 * - pages a shared cache may keep (the entry page's `s-maxage=1`): stored for their TTL, then
 *   kept (`beresp.keep`) so that Varnish revalidates them with If-None-Match /
 *   If-Modified-Since from the stored ETag and Last-Modified; `grace` 0 s, so the first
 *   request after the copy expires waits for that revalidation instead of getting the
 *   stale copy.
 * - the `no-cache` JSON, the `no-cache` blog pages and the `private` per-user routes:
 *   `return (pass)`. The builtin VCL would never store them, and a cache lookup takes the
 *   client's If-None-Match / If-Modified-Since off the backend request, so the app could not
 *   answer 304.
 *
 * `X-Cache-Status` says what Varnish did: HIT (fresh copy), STALE (a copy past its TTL served
 * in grace), MISS (fetched, or revalidated, from the app) or PASS.
 */
export const VARNISH_EXAMPLE = `vcl 4.1;

backend sample {
  .host = "127.0.0.1";
  .port = "3000";
}

sub vcl_recv {
  # no-cache and private routes: pass. The builtin VCL never stores their responses, and a
  # cache lookup drops the client's If-None-Match / If-Modified-Since (Varnish sends its own,
  # from a stored copy), so the app could not answer the client's revalidation with a 304.
  if (req.url ~ "^/(blogs/[^/]+(/archive)?|entries(/[^/]+)?|me/.*|stats)$") {
    return (pass);
  }
}

sub vcl_hit {
  set req.http.X-Cache-Status = "HIT";
  if (obj.ttl <= 0s) {
    set req.http.X-Cache-Status = "STALE";
  }
}

sub vcl_miss {
  set req.http.X-Cache-Status = "MISS";
}

sub vcl_pass {
  set req.http.X-Cache-Status = "PASS";
}

sub vcl_backend_fetch {
  unset bereq.http.X-Cache-Status;
}

sub vcl_backend_response {
  # Keep a copy past its TTL: Varnish revalidates it with its ETag and Last-Modified, and the
  # app's 304 renews it without sending (or building) the page again.
  set beresp.keep = 1h;
  # No grace: once the copy has expired, the next request waits for the revalidation (a 304
  # is quick). With the default grace (10 s) it would get the stale copy at once while Varnish
  # revalidates in the background: right after an edit, that client sees the old page.
  set beresp.grace = 0s;
}

sub vcl_deliver {
  set resp.http.X-Cache-Status = req.http.X-Cache-Status;
}
`;

/**
 * Not in docs/proxies.md's example: variants under a path prefix (Varnish stores them apart,
 * the app sees the path without the prefix), each showing one trap:
 *
 * - `/through-the-cache/`: no pass for a `no-cache` route (the builtin VCL's behaviour);
 * - `/with-grace/`: the default grace of 10 s;
 * - `/stored-1ms/` and `/stored-0s/`: `no-cache` responses stored anyway, to be revalidated
 *   on every request, with a TTL of 1 ms and of 0 s.
 *
 * They come first: Varnish runs the bodies of a subroutine defined twice in order, and a
 * `return` here skips the example's (and the builtin VCL's) part.
 */
const VARIANTS = `
sub vcl_backend_fetch {
  if (bereq.url ~ "^/(through-the-cache|with-grace|stored-1ms|stored-0s|gzip)/") {
    set bereq.http.X-Variant = regsub(bereq.url, "^/([^/]+)/.*$", "\\1");
    set bereq.url = regsub(bereq.url, "^/[^/]+", "");
  }
}

sub vcl_backend_response {
  if (bereq.http.X-Variant == "with-grace") {
    set beresp.keep = 1h;
    return (deliver);
  }
  if (bereq.http.X-Variant == "gzip") {
    set beresp.do_gzip = true;
  }
  if (bereq.http.X-Variant == "stored-1ms") {
    set beresp.ttl = 1ms;
    set beresp.grace = 0s;
    set beresp.keep = 1h;
    return (deliver);
  }
  if (bereq.http.X-Variant == "stored-0s") {
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.keep = 1h;
    return (deliver);
  }
}
`;

/** The VCL the tests run: the example, its backend the sample, after the variants. */
export function testVcl(upstream: { host: string; port: number }): string {
  const example = VARNISH_EXAMPLE.replace('.host = "127.0.0.1";', `.host = "${upstream.host}";`).replace(
    '.port = "3000";',
    `.port = "${upstream.port}";`,
  );
  const [head, rest] = splitAfterBackend(example);
  return `${head}${VARIANTS}${rest}`;
}

function splitAfterBackend(vcl: string): [string, string] {
  const end = vcl.indexOf('}\n', vcl.indexOf('backend sample')) + 2;
  return [vcl.slice(0, end), vcl.slice(end)];
}

export interface RunningVarnish {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** What varnishd printed (its manager's log, -F). */
  output(): string;
  /** Stops Varnish (SIGTERM to its process group, then SIGKILL if it has not exited in time) and removes its directory. */
  close(): Promise<void>;
}

/**
 * Starts a Varnish of its own (not the system's): `varnishd -F` in the foreground, its
 * working directory (`-n`) a fresh temporary directory, a free loopback port, no management
 * port (`-T none`), no jail (`-j none`: as root it would switch to the `vcache` user, which
 * could not read the temporary VCL), a small malloc store.
 *
 * varnishd is a manager and a child process: started as a process group of its own, so that
 * both are signalled at once, by the group's id.
 */
export async function startVarnish(upstream: string): Promise<RunningVarnish> {
  const dir = await mkdtemp(join(tmpdir(), 'nestjs-conditional-varnish-'));
  const port = await freePort();
  const vcl = join(dir, 'test.vcl');
  const { hostname, port: upstreamPort } = new URL(`http://${upstream}`);
  await writeFile(vcl, testVcl({ host: hostname, port: Number(upstreamPort) }));
  let output = '';
  let exited: string | undefined;
  const child: ChildProcess = spawn(
    VARNISHD,
    [
      '-F',
      '-n',
      join(dir, 'work'),
      '-a',
      `127.0.0.1:${port}`,
      '-f',
      vcl,
      '-T',
      'none',
      '-j',
      'none',
      '-s',
      'malloc,32m',
      '-p',
      'thread_pools=1',
      '-p',
      'thread_pool_min=5',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `varnishd exited (${code ?? signal}): ${output}`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `varnishd did not start: ${error.message}`;
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
  // Should jest itself die, take Varnish (manager and child) along rather than leave it listening.
  const killOnExit = () => signalGroup('SIGKILL');
  process.once('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (exited === undefined) {
      signalGroup('SIGTERM');
      if (!(await settlesWithin(exit, 5_000))) {
        // The whole group: a killed manager would leave its child behind.
        signalGroup('SIGKILL');
        await settlesWithin(exit, 5_000);
      }
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForPort(port, 15_000, () => exited);
  } catch (error) {
    await close();
    throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, close };
}
