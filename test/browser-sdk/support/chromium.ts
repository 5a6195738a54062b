/**
 * Debian's Chromium (/usr/bin/chromium), driven by playwright-core, which
 * downloads no browser of its own. Headless, with the flags this closed
 * network needs (no background connections to Google's hosts), and a fresh
 * profile directory per start. When Chromium is missing or will not start,
 * the error says so and how to fix it: the suite fails, it never skips.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; CARAVAN_CHROMIUM points elsewhere (another machine's Chromium, or a path that fails on purpose). */
export const CHROMIUM = process.env.CARAVAN_CHROMIUM ?? '/usr/bin/chromium';

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

export interface Browser {
  readonly context: BrowserContext;
  /** As the browser reports it over the DevTools protocol, e.g. `Chrome/156.0.8078.108`. */
  readonly version: string;
  close(): Promise<void>;
}

export async function startChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, so the SDK cannot be tested in a browser. ` +
        'Install Debian\'s package: apt-get install chromium (test/harness/apt-packages.txt lists it; .ci/run installs it).',
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium at ${CHROMIUM} did not start, so the SDK cannot be tested in a browser: ${(e as Error).message}`, { cause: e });
  }
  // A persistent context has no Browser object to ask (`context.browser()` is null): ask over CDP.
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  const { product } = await cdp.send('Browser.getVersion');
  await cdp.detach();
  return {
    context,
    version: product,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
