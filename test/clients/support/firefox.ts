import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { freePort, settlesWithin, sleep } from './http';

/** Debian's Firefox ESR (apt package `firefox-esr`); puppeteer-core drives it and downloads nothing. */
export const FIREFOX =
  process.env.FIREFOX_PATH ?? (existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : 'firefox-esr');

/** One request as it went over the wire: the headers Firefox sent and the status it got. */
export interface FirefoxExchange {
  url: string;
  requestHeaders: Record<string, string>;
  status: number;
  fromCache: boolean;
}

export interface RunningFirefox {
  browser: Browser;
  /** Every request Firefox completed, oldest first (WebDriver BiDi `network.responseCompleted`). */
  readonly wire: FirefoxExchange[];
  /** Waits (bounded) until Firefox has completed `count` requests for `url`; returns the last of them. */
  exchangeFor(url: string, count: number): Promise<FirefoxExchange>;
  /** Closes the browser (killing its process group if it does not close in time) and removes its profile. */
  close(): Promise<void>;
}

/** The part of puppeteer's WebDriver BiDi connection used here: its events, by method name. */
interface BidiEvents {
  on(method: 'network.responseCompleted', handler: (event: BidiResponseCompleted) => void): unknown;
}

interface BidiResponseCompleted {
  request: { url: string; headers: { name: string; value: { type: string; value: string } }[] };
  response: { status: number; fromCache: boolean };
}

/**
 * A fresh Firefox (headless, a fresh profile: an empty HTTP cache, in a temporary directory),
 * driven over WebDriver BiDi. Beyond puppeteer's own preferences (which point Firefox's
 * services at a dummy host), every proxy setting names a loopback port nobody listens on:
 * whatever Firefox might fetch by itself goes nowhere, and 127.0.0.1 is never proxied.
 *
 * The wire: the request headers in BiDi's `network.beforeRequestSent` (what puppeteer's
 * `request.headers()` shows) lack the conditional headers Firefox's cache adds; the ones in
 * `network.responseCompleted` have them, with the status as received (304).
 */
export async function launchFirefox(): Promise<RunningFirefox> {
  const profile = await mkdtemp(join(tmpdir(), 'nestjs-conditional-firefox-'));
  const deadEnd = await freePort();
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      timeout: 30_000,
      protocolTimeout: 15_000,
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': deadEnd,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': deadEnd,
        'network.proxy.share_proxy_settings': true,
        'network.proxy.allow_hijacking_localhost': false,
        'network.dns.disabled': true,
        'network.http.speculative-parallel-limit': 0,
      },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const wire: FirefoxExchange[] = [];
  const connection = (browser as unknown as { connection: BidiEvents }).connection;
  connection.on('network.responseCompleted', ({ request, response }) => {
    const requestHeaders: Record<string, string> = {};
    for (const { name, value } of request.headers) requestHeaders[name.toLowerCase()] = value.value;
    wire.push({ url: request.url, requestHeaders, status: response.status, fromCache: response.fromCache });
  });
  // puppeteer starts Firefox as a process group of its own: kill the group, by its id.
  const pid = browser.process()?.pid;
  const killGroup = () => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killGroup);
  return {
    browser,
    wire,
    async exchangeFor(url, count) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const matching = wire.filter((exchange) => exchange.url === url);
        if (matching.length >= count) return matching[count - 1];
        if (Date.now() > deadline)
          throw new Error(`Firefox completed ${matching.length} requests for ${url}, expected ${count}`);
        await sleep(20);
      }
    },
    async close() {
      process.removeListener('exit', killGroup);
      if (!(await settlesWithin(browser.close(), 10_000))) killGroup();
      await rm(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
