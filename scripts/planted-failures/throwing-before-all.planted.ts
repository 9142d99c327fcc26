import { beforeAll, expect, it } from 'vitest';

// The setup of these two tests throws: both must count as failed, not skipped.
beforeAll(() => {
  throw new Error('planted: the setup broke');
});

it('needs the setup (first)', () => {
  expect(true).toBe(true);
});

it('needs the setup (second)', () => {
  expect(true).toBe(true);
});
