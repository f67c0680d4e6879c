import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { settlesWithin } from './http';

/** Debian's Chromium (apt package `chromium`); playwright-core drives it and downloads nothing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (CI runs as root), and nothing that talks to the network by itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningChromium {
  context: BrowserContext;
  /** Closes the browser (killing it if it does not close in time) and removes its profile. */
  close(): Promise<void>;
}

/** A fresh Chromium with a fresh profile (an empty HTTP cache) in a temporary directory. */
export async function launchChromium(): Promise<RunningChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'nestjs-conditional-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  return {
    context,
    async close() {
      if (!(await settlesWithin(context.close(), 10_000))) await killProcessesOf(profile);
      await rm(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * The fallback when Chromium does not close: SIGKILL the processes started with this
 * profile (its path is unique: a fresh mkdtemp directory), found by id in /proc.
 */
async function killProcessesOf(profile: string): Promise<void> {
  const ids = await readdir('/proc').catch(() => [] as string[]);
  for (const id of ids.filter((name) => /^\d+$/.test(name))) {
    const commandLine = await readFile(`/proc/${id}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.split('\0').includes(`--user-data-dir=${profile}`)) {
      try {
        process.kill(Number(id), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
