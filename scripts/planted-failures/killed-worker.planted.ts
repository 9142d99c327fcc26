import { expect, it } from 'vitest';

// The worker running this file dies mid-test: neither test may count as passed or vanish.
it('kills its own worker', () => {
  process.kill(process.pid, 'SIGKILL');
});

it('never gets to run', () => {
  expect(true).toBe(true);
});
