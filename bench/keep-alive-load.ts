import { Agent, get } from 'node:http';

/** The connections every request of one count goes over: made by the warm-up, reused by the counted window. */
export function keepAliveAgent(concurrency = 4): Agent {
  return new Agent({ keepAlive: true, maxSockets: concurrency });
}

/**
 * Sends `count` GETs over the agent's keep-alive connections, each as soon as the one before it
 * on its connection is answered, and fails on the first answer with another status than
 * `status`. For the instruction counts, where a fixed number of requests matters and speed does
 * not: autocannon counts requests by time.
 */
export async function sendRequests(
  agent: Agent,
  url: string,
  headers: Readonly<Record<string, string>>,
  count: number,
  status: number,
  name: string,
): Promise<void> {
  const concurrency = agent.maxSockets;
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
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, connection));
}
