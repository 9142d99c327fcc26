import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, InvalidDataError, setPlatform } from '@dendrite/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { catsRule } from '../testing/cats-rule.js';
import { FakeFolderPlatform, fakeCatFiles } from '../testing/fake-folder-platform.js';
import { FakePlatform, fakeImageBytes } from '../testing/fake-platform.js';
import { EmptyDatasetError } from './dataset-errors.js';
import { imageDatasetFromFiles } from './image-dataset-from-files.js';

const image = fakeImageBytes(4, 4);
const prefixRule = { labelOf: (fileName: string) => fileName.split('_')[0] };

function file(name: string, webkitRelativePath?: string) {
  return { name, size: 9, arrayBuffer: async () => image.slice().buffer, ...(webkitRelativePath ? { webkitRelativePath } : {}) };
}

let platform: FakeFolderPlatform;

beforeEach(() => {
  platform = new FakeFolderPlatform({
    ...fakeCatFiles('cats'),
    'cats/PROVENANCE.md': new Uint8Array(3),
    'cats/notes.txt': new Uint8Array(3),
    'cats/boef.jpg': image,
    'cats/extra/f99.jpg': image,
  });
  setPlatform(platform);
});

describe('imageDatasetFromFiles', () => {
  it("labels the course's 40 cats from their folder: female 0, male 1, in file-name order", async () => {
    const cats = await imageDatasetFromFiles('cats', catsRule);
    expect(cats.classNames).toEqual(['female', 'male']);
    expect(cats.length).toBe(40);
    expect(cats.classCounts()).toEqual([20, 20]);
    expect(cats.examples[0]).toEqual({ source: 'cats/f01.jpg', label: 0, name: 'cats/f01.jpg' });
    expect(cats.examples[19]?.name).toBe('cats/f20.jpg');
    expect(cats.examples[20]).toEqual({ source: 'cats/m01.jpg', label: 1, name: 'cats/m01.jpg' });
    expect(cats.examples.map((example) => example.name).every((name) => !name.includes('extra'))).toBe(true);
    expect(String(cats)).toBe('40 images in 2 classes: female 20, male 20');
    expect(platform.reads).toBe(0);
  });

  it('orders a list of paths by file name, whatever the order given', async () => {
    const paths = ['b/m02.jpg', 'a/f02.png', 'c/m01.jpeg', 'a/f01.bmp', 'notes.txt'];
    const dataset = await imageDatasetFromFiles(paths, catsRule);
    expect(dataset.examples.map((example) => [example.source, example.label])).toEqual([
      ['a/f01.bmp', 0],
      ['a/f02.png', 0],
      ['c/m01.jpeg', 1],
      ['b/m02.jpg', 1],
    ]);
  });

  it('takes browser Files and URLs, giving labelOf the file name and the path', async () => {
    setPlatform(new FakePlatform());
    const seen: string[][] = [];
    const files = [file('1.png', 'pets/dog/1.png'), file('2.png', 'pets/cat/2.png'), file('.DS_Store', 'pets/.DS_Store')];
    const dataset = await imageDatasetFromFiles(files, {
      labelOf: (fileName, path) => {
        seen.push([fileName, path]);
        return path.split('/')[1];
      },
    });
    expect(seen).toEqual([
      ['1.png', 'pets/dog/1.png'],
      ['2.png', 'pets/cat/2.png'],
    ]);
    expect(dataset.classNames).toEqual(['cat', 'dog']);
    expect(dataset.examples.map((example) => [example.name, example.label])).toEqual([
      ['pets/dog/1.png', 1],
      ['pets/cat/2.png', 0],
    ]);
    expect(dataset.examples[0]?.source).toBe(files[0]);

    const urls = [new URL('https://example.com/img/m%2001.jpg?v=2'), new URL('https://example.com/img/f01.jpg')];
    const fromUrls = await imageDatasetFromFiles(urls, { labelOf: (name) => name[0] });
    expect(fromUrls.examples.map((example) => [example.name, example.label])).toEqual([
      ['https://example.com/img/f01.jpg', 0],
      ['https://example.com/img/m%2001.jpg?v=2', 1],
    ]);
  });

  it('sorts the class names labelOf returns when classNames is not given', async () => {
    const dataset = await imageDatasetFromFiles(['hotdog_1.bmp', 'cat_1.bmp', 'dog_2.bmp', 'dog_1.bmp', 'COPYRIGHT'], prefixRule);
    expect(dataset.classNames).toEqual(['cat', 'dog', 'hotdog']);
    expect(dataset.examples.map((example) => example.label)).toEqual([0, 1, 1, 2]);
  });

  it('rejects a class outside classNames, and a class that gets no file', async () => {
    await expect(imageDatasetFromFiles(['cat_1.png', 'dog_1.png'], { ...prefixRule, classNames: ['cat'] })).rejects.toThrow(
      InvalidDataError,
    );
    const error = await imageDatasetFromFiles(['cat_1.png'], { ...prefixRule, classNames: ['cat', 'dog'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as EmptyDatasetError).className).toBe('dog');
    await expect(imageDatasetFromFiles(['a.png'], { labelOf: () => 3 as unknown as string })).rejects.toThrow(
      /labelOf: returned 3 for a.png/,
    );
  });

  it('fails with EmptyDatasetError when there is no image, or no image matches the rule', async () => {
    await expect(imageDatasetFromFiles(['a.txt', 'b.json'], prefixRule)).rejects.toThrow(EmptyDatasetError);
    await expect(imageDatasetFromFiles([], prefixRule)).rejects.toThrow(/Found no image files/);
    await expect(imageDatasetFromFiles('cats', { labelOf: () => undefined })).rejects.toThrow(
      /None of the 41 images in cats matched the labelling rule \(such as boef.jpg, f01.jpg, f02.jpg\)/,
    );
    platform = new FakeFolderPlatform({ 'only/notes.txt': new Uint8Array(1) });
    setPlatform(platform);
    await expect(imageDatasetFromFiles('only', catsRule)).rejects.toThrow(/no image files .* in only \(1 other file\)/);
  });

  it('asks for a rule, and for names it can apply it to', async () => {
    await expect(imageDatasetFromFiles('cats', {} as typeof prefixRule)).rejects.toThrow(/labelOf: is missing/);
    await expect(imageDatasetFromFiles([new Uint8Array(9)] as never, prefixRule)).rejects.toThrow(
      /files\[0\]: has no file name.*imageDatasetFromExamples/,
    );
  });

  it('tells a platform without folders to pass files', async () => {
    setPlatform(new FakePlatform());
    await expect(imageDatasetFromFiles('cats', catsRule)).rejects.toThrow(InvalidArgumentError);
    await expect(imageDatasetFromFiles('cats', catsRule)).rejects.toThrow(/cannot list folders/);
  });
});
