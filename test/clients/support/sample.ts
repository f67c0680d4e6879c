import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { type Platform, type RunningApp } from '../../e2e/support/platforms';
import { startSample as startSampleApp } from '../../sample/support/sample-app';
import { send } from './http';

/** The seeded entries' Last-Modified (their `updatedAt`), by id. */
export const SEEDED: Readonly<Record<number, string>> = {
  7: 'Mon, 12 Jan 2026 09:00:00 GMT',
  8: 'Tue, 13 Jan 2026 09:00:00 GMT',
  9: 'Wed, 14 Jan 2026 09:00:00 GMT',
  10: 'Thu, 15 Jan 2026 09:00:00 GMT',
  11: 'Fri, 16 Jan 2026 09:00:00 GMT',
};

/** `PUT /entries/:id` to `base` (the sample, or a cache in front of it) with an `If-Match`. */
export function putEntry(
  base: string,
  id: number,
  ifMatch: string | undefined,
  title: string,
  body = `Written by the test as ${title}.`,
) {
  return send(`${base}/entries/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(ifMatch === undefined ? {} : { 'If-Match': ifMatch }) },
    body: JSON.stringify({ title, body }),
  });
}

/** What the sample's HTTP server saw: every request line and header, and the status it answered. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface RunningSample extends RunningApp {
  /** Requests the server has finished answering, oldest first. */
  readonly seen: SeenRequest[];
  /** The GET requests for `path` seen since the `since`-th request. */
  getsOf(path: string, since?: number): SeenRequest[];
  /** `GET /stats`, asked directly (not through a browser or proxy). */
  stats(): Promise<Record<string, { requests: number; builds: number; buildsAvoided: number }>>;
}

/**
 * Starts the sample blog on `platform` (in-process, a real socket on 127.0.0.1, a freshly
 * seeded embedded database of its own) and records,
 * on the Node HTTP server under Express or Fastify, each request's headers and final status:
 * the server side of what a browser or a proxy sends.
 */
export async function startSample(platform: Platform): Promise<RunningSample> {
  const running = await startSampleApp(platform);
  const seen: SeenRequest[] = [];
  const server = running.app.getHttpServer() as Server;
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      seen.push({
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: { ...req.headers },
        status: res.statusCode,
      });
    });
  });
  return {
    ...running,
    seen,
    getsOf: (path, since = 0) =>
      seen.slice(since).filter((request) => request.method === 'GET' && request.path === path),
    stats: async () => JSON.parse((await send(`${running.url}/stats`)).body),
  };
}
