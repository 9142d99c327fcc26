import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';

// Makes a folder, then waits for the run to be stopped (SIGTERM to the runner): the runner must still
// remove its temporary folder. Runs only when the runner's test asks for it.
it.runIf(process.env.DENDRITE_PLANTED_STOP === '1')(
  'waits to be stopped with a folder in the temporary folder (skipped: runs only when asked to)',
  async () => {
    mkdtempSync(join(tmpdir(), 'planted-stopped-'));
    await new Promise((resolve) => setTimeout(resolve, 100_000));
  },
  120_000,
);
