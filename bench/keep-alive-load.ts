import { Agent, get } from 'node:http';

/**
 * Sends `count` GETs over `concurrency` keep-alive connections, each as soon as the one before
 * it on its connection is answered, and fails on the first answer with another status than
 * `status`. For the instruction counts, where a fixed number of requests matters and speed does
 * not: autocannon's own connections would do, but it counts requests by time.
 */
export async function sendRequests(
  url: string,
  headers: Readonly<Record<string, string>>,
  count: number,
  status: number,
  name: string,
  concurrency = 4,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      get(url, { agent, headers }, (response) => {
        response.resume();
        response.once('end', () => {
          if (response.statusCode === status) resolve();
          else reject(new Error(`scenario ${name}: answered ${response.statusCode}, expected ${status}`));
        });
      }).once('error', reject);
    });
  const connection = async () => {
    while (sent < count) {
      sent++;
      await one();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, connection));
  } finally {
    agent.destroy();
  }
}
