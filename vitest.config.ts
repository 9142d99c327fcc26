import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One configuration for the whole repository: `npm test` at the root runs every package, and
// `npm test -w packages/<name>` runs one (its script points here with its own folder as root).
const repoRoot = fileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/, '');
// @dendrite/web's browser tests (headless Chromium) join runs started at the repository root;
// a package's own run keeps to its Node tests (packages/web runs its browser tests itself).
const browserProjects =
  process.cwd() === repoRoot ? [fileURLToPath(new URL('./packages/web/vitest.browser.config.ts', import.meta.url))] : [];

export default defineConfig({
  test: {
    // scripts/*.test.ts: the test runner's own test (its planted broken files are *.planted.ts, never run here).
    include: ['**/src/**/*.test.ts', 'scripts/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [{ extends: true, test: { name: 'node', setupFiles: [fileURLToPath(new URL('./scripts/vitest-quiet-tfjs.ts', import.meta.url))] } }, ...browserProjects],
  },
});
