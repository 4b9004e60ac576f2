import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's chromium package; playwright-core drives it, nothing is downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * describe() for suites that need a real browser. Without chromium the suite is skipped with
 * a message on a developer machine, and fails under CI, where a skipped browser suite would
 * hide a broken report.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  const missing = `${name} needs Debian's chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (inCi()) {
    describe(name, () => {
      it('has chromium installed', () => {
        throw new Error(missing);
      });
    });
    return;
  }
  console.warn(`skipping: ${missing}`);
  describe.skip(name, body);
}
