import { afterAll, expect, it } from 'vitest';

// The test passes but the check after it fails: the test must count as failed.
afterAll(() => {
  expect('leaked').toBe('nothing');
});

it('passes on its own', () => {
  expect(1 + 1).toBe(2);
});
