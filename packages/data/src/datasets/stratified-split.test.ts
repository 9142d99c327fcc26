import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, setPlatform } from '@dendrite/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { catsRule } from '../testing/cats-rule.js';
import { FakeFolderPlatform, fakeCatFiles } from '../testing/fake-folder-platform.js';
import { type ImageDataset, imageDatasetFromExamples } from './image-dataset.js';
import { imageDatasetFromFiles } from './image-dataset-from-files.js';
import { stratifiedSplit } from './stratified-split.js';

let platform: FakeFolderPlatform;
let cats: ImageDataset;

const names = (dataset: ImageDataset) => dataset.examples.map((example) => example.name.replace('cats/', '').replace('.jpg', ''));
const numbered = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);

beforeEach(async () => {
  platform = new FakeFolderPlatform(fakeCatFiles('cats'));
  setPlatform(platform);
  cats = await imageDatasetFromFiles('cats', catsRule);
});

describe('stratifiedSplit by position', () => {
  it("gives the course's split exactly: first 15 of each class train, last 5 validate", () => {
    const { train, validation } = stratifiedSplit(cats, { validation: { lastPerClass: 5 } });
    expect(names(train)).toEqual([...numbered('f', 1, 15), ...numbered('m', 1, 15)]);
    expect(names(validation)).toEqual([...numbered('f', 16, 20), ...numbered('m', 16, 20)]);
    expect(train.examples.map((example) => example.label)).toEqual([...Array(15).fill(0), ...Array(15).fill(1)]);
    expect(train.classNames).toEqual(['female', 'male']);
    expect(validation.classCounts()).toEqual([5, 5]);
    expect(train.length + validation.length).toBe(40);
    expect(platform.reads).toBe(0);
  });

  it('holds out the first n of each class with firstPerClass', () => {
    const { train, validation } = stratifiedSplit(cats, { validation: { firstPerClass: 2 } });
    expect(names(validation)).toEqual(['f01', 'f02', 'm01', 'm02']);
    expect(names(train)[0]).toBe('f03');
    expect(train.classCounts()).toEqual([18, 18]);
  });

  it('needs no seed and ignores one', () => {
    const a = stratifiedSplit(cats, { validation: { lastPerClass: 5 } });
    const b = stratifiedSplit(cats, { validation: { lastPerClass: 5 }, seed: 99 });
    expect(names(b.validation)).toEqual(names(a.validation));
  });
});

describe('stratifiedSplit at random', () => {
  it('takes the same fraction of every class, the same way for the same seed', () => {
    const one = stratifiedSplit(cats, { validation: 0.25, seed: 7 });
    const again = stratifiedSplit(cats, { validation: 0.25, seed: 7 });
    const other = stratifiedSplit(cats, { validation: 0.25, seed: 8 });
    expect(one.validation.classCounts()).toEqual([5, 5]);
    expect(one.train.classCounts()).toEqual([15, 15]);
    expect(names(again.validation)).toEqual(names(one.validation));
    expect(names(other.validation)).not.toEqual(names(one.validation));
    // Not simply the first or last five, and both parts keep file-name order.
    expect(names(one.validation)).not.toEqual([...numbered('f', 16, 20), ...numbered('m', 16, 20)]);
    expect(names(one.validation)).not.toEqual([...numbered('f', 1, 5), ...numbered('m', 1, 5)]);
    expect(names(one.train)).toEqual([...names(one.train)].sort());
    expect([...names(one.train), ...names(one.validation)].sort()).toEqual(names(cats));
  });

  it('rounds the fraction per class, and takes n per class with perClass', () => {
    const uneven = imageDatasetFromExamples(
      [
        ...Array.from({ length: 10 }, (_, i) => ({ source: `a${i}.png`, label: 0 })),
        ...['b0', 'b1', 'b2'].map((b) => ({ source: `${b}.png`, label: 1 })),
      ],
      { classNames: ['a', 'b'] },
    );
    expect(stratifiedSplit(uneven, { validation: 0.25, seed: 1 }).validation.classCounts()).toEqual([3, 1]);
    expect(stratifiedSplit(uneven, { validation: { perClass: 2 }, seed: 1 }).validation.classCounts()).toEqual([2, 2]);
  });
});

describe('stratifiedSplit checks', () => {
  it('asks for a seed for random splits', () => {
    expect(() => stratifiedSplit(cats, { validation: 0.2 })).toThrow(/seed: is missing/);
    expect(() => stratifiedSplit(cats, { validation: { perClass: 3 } })).toThrow(InvalidArgumentError);
  });

  it('rejects fractions outside (0, 1) and malformed choices', () => {
    for (const validation of [
      0,
      1,
      1.5,
      -0.1,
      Number.NaN,
      { perClass: 0 },
      { lastPerClass: 2.5 },
      { everyOther: 1 },
      { perClass: 1, lastPerClass: 1 },
      null,
      '0.2',
    ]) {
      expect(() => stratifiedSplit(cats, { validation: validation as never, seed: 1 })).toThrow(InvalidArgumentError);
    }
  });

  it('keeps at least one training example per class, naming the class that would lose them all', () => {
    expect(() => stratifiedSplit(cats, { validation: { lastPerClass: 20 } })).toThrow(
      /would take 20 of the 20 examples of class 'female', leaving none to train on/,
    );
    const tiny = imageDatasetFromExamples(
      [
        { source: 'a.png', label: 0 },
        { source: 'b.png', label: 1 },
        { source: 'c.png', label: 1 },
      ],
      { classNames: ['a', 'b'] },
    );
    expect(() => stratifiedSplit(tiny, { validation: 0.6, seed: 1 })).toThrow(/class 'a'/);
  });

  it('refuses a split that holds nothing out', () => {
    expect(() => stratifiedSplit(cats, { validation: 0.01, seed: 1 })).toThrow(/holds out no example \(classes of 20, 20 examples\)/);
  });
});
