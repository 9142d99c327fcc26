import '@tensorflow/tfjs-backend-cpu';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { imageDatasetFromDirectory, imageDatasetFromExamples, imageDatasetFromFiles, stratifiedSplit } from '@dendrite/data';
import { createNodePlatform } from '@dendrite/node';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { cliAdvice, forCommandLine } from './cli-advice.js';

const packages = fileURLToPath(new URL('../../../packages/', import.meta.url));

/** Every library source file (tests left out), read as one text. */
function librarySources(): string {
  const texts: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.test.')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const name of readdirSync(packages)) walk(join(packages, name, 'src'));
  return texts.join('\n');
}

afterEach(() => {
  clearPlatform();
});

/** What a call throws, as the command line shows it. */
async function cliMessageOf(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    return forCommandLine((error as Error).message);
  }
  throw new Error('expected the call to throw');
}

describe('CLI advice in place of library advice', () => {
  it.each(cliAdvice.map(([library, cli]) => [library, cli]))(
    'the library still says %j, and the command line says the flag instead',
    (library, cli) => {
      // A library message reworded would otherwise reach command-line users unmapped, silently.
      expect(librarySources()).toContain(library.replaceAll('`', '\\`'));
      expect(forCommandLine(`Something went wrong. ${library}`)).toBe(`Something went wrong. ${cli}`);
      expect(cli).toMatch(/--[a-z]|Remove or replace them\./);
      expect(cli).not.toMatch(/\b(classes|strict|validation|engine|labelOf): /);
    },
  );

  it("stratifiedSplit's advice becomes --validation advice", async () => {
    const tiny = imageDatasetFromExamples(
      [0, 0, 1, 1].map((label, i) => ({ source: new Uint8Array([i]), label, name: `${i}.png` })),
      { classNames: ['female', 'male'] },
    );
    expect(await cliMessageOf(() => stratifiedSplit(tiny, { validation: 0.99, seed: 1 }))).toMatch(
      /leaving none to train on\. Pass a smaller --validation fraction \(such as 0\.25\), or add photos to that class\.$/,
    );
    expect(await cliMessageOf(() => stratifiedSplit(tiny, { validation: 2 }))).toMatch(
      /Pass --validation first15 \(the course\) or a fraction such as --validation 0\.25\.$/,
    );
  });

  it('the folder errors of imageDatasetFromFiles and imageDatasetFromDirectory become --rule advice', async () => {
    setPlatform(createNodePlatform({ output: { write: () => true } }));
    const byFolder = mkdtempSync(join(tmpdir(), 'dendrite-cli-advice-'));
    onTestFinished(() => rmSync(byFolder, { recursive: true, force: true }));
    mkdirSync(join(byFolder, 'female'));
    writeFileSync(join(byFolder, 'female', 'a.jpg'), 'x');
    const byName = mkdtempSync(join(tmpdir(), 'dendrite-cli-advice-'));
    onTestFinished(() => rmSync(byName, { recursive: true, force: true }));
    writeFileSync(join(byName, 'photo.jpg'), 'x');
    const rule = { labelOf: (name: string) => (name.startsWith('f') ? 'female' : undefined) };

    expect(await cliMessageOf(() => imageDatasetFromFiles(byFolder, rule))).toMatch(
      /Pass the folder that holds the photos; for one subfolder per class, pass --rule folders\.$/,
    );
    expect(await cliMessageOf(() => imageDatasetFromFiles(byName, rule))).toMatch(/Name the photos as --rule expects/);
    expect(await cliMessageOf(() => imageDatasetFromDirectory(byName))).toMatch(
      /To label photos by their file names, pass --rule course-cats \(f01\.jpg female, m01\.jpg male\) or --rule prefix/,
    );
  });

  it('leaves a message without library advice as it is', () => {
    expect(forCommandLine('Invalid --top: expected a whole number. Pass for example --top 5.')).toBe(
      'Invalid --top: expected a whole number. Pass for example --top 5.',
    );
  });
});
