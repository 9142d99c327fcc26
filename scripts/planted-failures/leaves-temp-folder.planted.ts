import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// Passes, but leaves a folder in the temporary folder: the runner must count the leftover as failed.
it('leaves a folder behind', () => {
  expect(tmpdir()).toMatch(/dendrite-test-tmp-/);
  writeFileSync(join(mkdtempSync(join(tmpdir(), 'planted-leftover-')), 'left.txt'), 'never removed');
});
