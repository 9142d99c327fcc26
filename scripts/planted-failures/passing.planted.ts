import { expect, it } from 'vitest';

// One honest pass, so the runner's passed count is seen to work too.
it('passes', () => {
  expect([1, 2, 3]).toHaveLength(3);
});

it.skip('is skipped with its reason in the name (skipped: planted reason)', () => {});
