import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { findChromium } from '../../scripts/find-chromium.mjs';

// The tests of @dendrite/web that need a real browser (`src/**/*.browser.test.ts`), run in headless
// Chromium through Playwright. Chromium is Debian's (`apt-get install chromium`); Playwright never
// downloads a browser here. It is found as .ci/run finds it (DENDRITE_CHROMIUM, else `chromium` on
// PATH, else /usr/bin/chromium). Without it the project runs nothing and says why; the repository's
// runner (scripts/run-tests.mjs) lists these tests without running them and counts them as skipped.
const chromium = findChromium();
if (!chromium.path) {
  console.warn(`@dendrite/web browser tests skipped: ${chromium.reason}`);
}
const hasChromium = chromium.path !== undefined;

export default defineConfig({
  // Fixed, so that the project runs the same from this folder or from the repository's root config.
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'web-browser',
    include: hasChromium ? ['src/**/*.browser.test.ts'] : [],
    passWithNoTests: true,
    testTimeout: 60_000,
    browser: {
      enabled: hasChromium,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        // launch() gives every run a fresh temporary profile (its own --user-data-dir).
        launchOptions: {
          executablePath: chromium.path,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-quic',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
