import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// The tests of @dendrite/web that need a real browser (`src/**/*.browser.test.ts`), run in headless
// Chromium through Playwright. Chromium is Debian's (`apt-get install chromium`); Playwright never
// downloads a browser here. Without it the project runs nothing and says why in one line.
const chromium = process.env.DENDRITE_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromium);
if (!hasChromium) {
  console.warn(`@dendrite/web browser tests skipped: no Chromium at ${chromium} (apt-get install chromium, or set DENDRITE_CHROMIUM)`);
}

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
          executablePath: chromium,
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
