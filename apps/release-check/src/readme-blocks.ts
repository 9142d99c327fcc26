import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './repo.js';

/** The code block that follows `<!-- marker -->` in the README, without its fences. */
async function readmeBlock(marker: string): Promise<string> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (match === null) throw new Error(`README.md has no code block after <!-- ${marker} -->`);
  return match[1] ?? '';
}

/** The README's example program (it must equal apps/release-check/consumer/readme-example.ts). */
export function readmeExample(): Promise<string> {
  return readmeBlock('readme-example');
}

/** The tsconfig.json the README gives consumers. */
export function readmeConsumerTsconfig(): Promise<string> {
  return readmeBlock('consumer-tsconfig');
}
