/** One answer, with how long it took. */
export interface Answer {
  status: number;
  etag: string | null;
  body: any;
  ms: number;
}

/**
 * Sends one request (JSON body when `body` is given) and reads the whole answer; a request
 * that takes longer than `timeoutMs` fails the test rather than hanging it.
 */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(init.timeoutMs ?? 20_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, etag: response.headers.get('etag'), body, ms: Date.now() - started };
}

/** How many answers had each status, e.g. `{ 200: 1, 412: 49 }`. */
export function tally(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
