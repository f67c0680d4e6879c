import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, settlesWithin, waitForPort } from './http';

/** Debian's nginx (apt package `nginx`). */
export const NGINX = process.env.NGINX_PATH ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

/**
 * The caching reverse proxy in front of the sample: the config the tests run, which the
 * docs/proxies.md shows. Two kinds of route:
 *
 * - `location /`: responses a shared cache may keep (the entry page's `s-maxage=1`) are
 *   stored; `proxy_cache_revalidate on` makes nginx revalidate an expired copy with
 *   If-None-Match / If-Modified-Since (from the stored ETag and Last-Modified) instead of
 *   fetching it again. `X-Cache-Status` says what the cache did.
 * - the `no-cache` JSON and the `private` per-user routes go through without `proxy_cache`:
 *   nginx would not store them, and in a `proxy_cache` location it removes the client's own
 *   conditional headers (it sends its cache's instead), so the app could not answer 304.
 *
 * `gzip` compresses HTML (nginx's default `gzip_types`) for clients that accept it, which turns
 * its strong ETag weak; not the JSON API, whose ETags clients send back in `If-Match`.
 */
export function proxyConfig(options: { dir: string; listen: number; upstream: string }): string {
  const { dir, listen, upstream } = options;
  return `daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;

events {
  worker_connections 64;
}

http {
  log_format upstream '$request $status cache=$upstream_cache_status upstream=$upstream_status '
                      'if_none_match="$http_if_none_match" etag="$sent_http_etag"';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy_temp;
  fastcgi_temp_path ${dir}/fastcgi_temp;
  uwsgi_temp_path ${dir}/uwsgi_temp;
  scgi_temp_path ${dir}/scgi_temp;

${NGINX_EXAMPLE.replace('/var/cache/nginx/sample', `${dir}/cache`)
  .replace('127.0.0.1:3000', upstream)
  .replace('listen 127.0.0.1:8080', `listen 127.0.0.1:${listen}`)
  .replace('    # no-cache and private responses', THROUGH_THE_CACHE + '    # no-cache and private responses')}}
`;
}

/**
 * Not in docs/proxies.md's example: what goes wrong without the pass-through location. Any path
 * under /through-the-cache/ is the sample's, through `proxy_cache` whatever it says.
 */
const THROUGH_THE_CACHE = `    location /through-the-cache/ {
      proxy_pass http://sample/;
      proxy_cache sample;
      proxy_cache_revalidate on;
      add_header X-Cache-Status $upstream_cache_status always;
    }

`;

/**
 * The part of the config that matters, as docs/proxies.md shows it (an `http { }` block's
 * content): the paths and ports are the doc's, replaced by the tests' own.
 */
export const NGINX_EXAMPLE = `  proxy_cache_path /var/cache/nginx/sample levels=1:2 keys_zone=sample:10m max_size=1g inactive=10m use_temp_path=off;

  # HTML only (the default gzip_types): compressing turns an ETag weak, and a weak tag
  # never matches If-Match. Leave out the responses whose ETags clients write back with.
  gzip on;
  gzip_vary on;

  upstream sample {
    server 127.0.0.1:3000;
    keepalive 8;
  }

  server {
    listen 127.0.0.1:8080;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;

    # Cacheable pages (Cache-Control: max-age / s-maxage): stored, revalidated once stale.
    location / {
      proxy_pass http://sample;
      proxy_cache sample;
      proxy_cache_revalidate on;
      add_header X-Cache-Status $upstream_cache_status always;
    }

    # no-cache and private responses: not stored, and the client's If-None-Match /
    # If-Modified-Since must reach the app (a proxy_cache location would drop them).
    location ~ ^/(entries(/[^/]+)?|me/.*|stats)$ {
      proxy_pass http://sample;
    }
  }
`;

export interface RunningNginx {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  dir: string;
  log(): Promise<string>;
  /** Stops nginx (SIGQUIT, then SIGKILL if it has not exited in time) and removes its directory. */
  close(): Promise<void>;
}

/** Starts an nginx of its own (not the system's) with `proxyConfig`, in a fresh temporary directory. */
export async function startNginx(upstream: string): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'nestjs-conditional-nginx-'));
  // nginx's workers drop root for `nobody`: they must reach the cache and temp paths.
  await chmod(dir, 0o755);
  const port = await freePort();
  const config = join(dir, 'nginx.conf');
  await writeFile(config, proxyConfig({ dir, listen: port, upstream }));
  let output = '';
  let exited: string | undefined;
  const child: ChildProcess = spawn(NGINX, ['-e', join(dir, 'error.log'), '-p', dir, '-c', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `nginx exited (${code ?? signal}): ${output}`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `nginx did not start: ${error.message}`;
      resolve();
    });
  });
  // Should jest itself die, take nginx along rather than leave it listening.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (exited === undefined && child.pid !== undefined) {
      child.kill('SIGQUIT');
      if (!(await settlesWithin(exit, 5_000))) {
        child.kill('SIGKILL');
        await settlesWithin(exit, 5_000);
      }
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForPort(port, 10_000, () => exited);
  } catch (error) {
    const errorLog = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
    await close();
    throw new Error(`${(error as Error).message}\n${errorLog}`, { cause: error });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    log: () => readFile(join(dir, 'access.log'), 'utf8').catch(() => ''),
    close,
  };
}
