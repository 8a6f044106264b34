import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { UserError } from '../util/errors';
import { processAlive } from '../util/proc';

/**
 * The one place that finds and launches Chromium. Order: $SIM_CHROME, then $PUPPETEER_EXECUTABLE_PATH,
 * then the usual install paths of Debian's chromium and Google Chrome.
 */
const KNOWN_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export function resolveBrowserPath(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['SIM_CHROME', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = env[name];
    if (!value) continue;
    if (isExecutable(value)) return value;
    throw new UserError(
      `${name}=${value} is not an executable file; point it at a Chromium or Chrome binary`,
    );
  }
  const found = KNOWN_PATHS.find(isExecutable);
  if (found) return found;
  throw new UserError(
    'no Chromium or Chrome found; install one (Debian/Ubuntu: sudo apt-get install chromium) or set SIM_CHROME=/path/to/chrome',
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Flags for headless WebGL2 on machines without a GPU (SwiftShader) and without network. */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--js-flags=--expose-gc',
];

/**
 * A new profile folder under $TMPDIR/sim-chrome/, named after this process. Folders of processes
 * that are gone (killed before they could clean up) are removed on the way.
 */
async function freshProfileDir(): Promise<string> {
  const parent = join(tmpdir(), 'sim-chrome');
  await mkdir(parent, { recursive: true });
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (pid && !processAlive(pid)) await rm(join(parent, name), { recursive: true, force: true });
  }
  return mkdtemp(join(parent, `${process.pid}-`));
}

export interface LaunchedBrowser {
  browser: Browser;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile that `close()` removes again. */
export async function launchBrowser(opts: { extraArgs?: string[] } = {}): Promise<LaunchedBrowser> {
  const executablePath = resolveBrowserPath();
  const userDataDir = await freshProfileDir();
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    args: [...CHROME_FLAGS, ...(opts.extraArgs ?? [])],
    // Talk over a pipe, not a port: Chromium exits by itself when this process dies, even by SIGKILL.
    pipe: true,
    // Signals are the caller's to handle (`sim generate` stops cleanly on the first Ctrl-C).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    protocolTimeout: 120_000,
  });
  let closed = false;
  return {
    browser,
    async close() {
      if (closed) return;
      closed = true;
      const proc = browser.process();
      await browser.close().catch(() => proc?.kill('SIGKILL'));
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
