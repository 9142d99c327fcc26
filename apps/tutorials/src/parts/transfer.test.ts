import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { parseValidation, runCoursePart4, type TransferPartOptions } from './transfer.js';

beforeAll(async () => {
  await createNodePlatform({ output: { write: () => true } }).initBackend({ backend: 'cpu' });
});
afterEach(() => {
  clearPlatform();
});

function options(lines: string[]): Omit<TransferPartOptions, 'folder'> {
  return {
    seed: 1,
    print: (line) => lines.push(line),
    progress: () => ({ update: () => undefined, done: () => undefined }),
  };
}

describe('part 4 in the app', () => {
  it('reads --validation as first15 or a fraction', () => {
    expect(parseValidation(undefined)).toBe('first15');
    expect(parseValidation('first15')).toBe('first15');
    expect(parseValidation('0.25')).toBe(0.25);
    expect(() => parseValidation('1.5')).toThrow(InvalidArgumentError);
    expect(() => parseValidation('last5')).toThrow(/first15 or a fraction/);
  });

  it('is skipped in the course, saying how to supply the photos, when they are not found', async () => {
    const lines: string[] = [];
    const result = await runCoursePart4({ ...options(lines), folder: undefined });
    expect(result).toEqual({ skipped: 'The course cat photos were not found.' });
    expect(lines.join('\n')).toContain('npm run tutorials -- course --cats path/to/cats');
  });

  it("is skipped in the course, saying how to pass local copies, when Keras's weights cannot be downloaded", async () => {
    const root = mkdtempSync(join(tmpdir(), 'dendrite-part4-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    setPlatform(createNodePlatform({ offline: true, cacheDir: join(root, 'cache'), output: { write: () => true } }));
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const folder = join(root, 'cats');
    mkdirSync(folder);
    // Six a class: enough for the course's split, which is checked before the weights are loaded.
    for (const name of ['f01', 'f02', 'f03', 'f04', 'f05', 'f06', 'm01', 'm02', 'm03', 'm04', 'm05', 'm06']) {
      writeFileSync(join(folder, `${name}.jpg`), 'x');
    }
    const result = await runCoursePart4({ ...options(lines), weights: 'imagenet', folder });
    expect(result).toHaveProperty('skipped');
    expect(lines.join('\n')).toContain('npm run tutorials -- transfer path/to/cats');
    expect(lines.join('\n')).toMatch(/--weights path\/to\/model\.json/);
    expect(lines.join('\n')).toMatch(/Part 4 is skipped/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
