import { defineConfig } from 'vitest/config';

// One configuration for the whole repository: `npm test` at the root runs every package, and
// `npm test -w packages/<name>` runs one (its script points here with its own folder as root).
export default defineConfig({
  test: {
    include: ['**/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
