import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Deliberately broken test files for scripts/run-tests.test.ts: the runner must count each as failed.
// Named *.planted.ts so that the repository's own run (which takes **/src/**/*.test.ts) never picks them up.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { include: ['*.planted.ts'], pool: 'forks' },
});
