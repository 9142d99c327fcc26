import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, ResourceNotFoundError, setPlatform } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { FakeFolderPlatform } from '../testing/fake-folder-platform.js';
import { FakePlatform, fakeImageBytes } from '../testing/fake-platform.js';
import { EmptyDatasetError } from './dataset-errors.js';
import { imageDatasetFromDirectory } from './image-dataset-from-directory.js';

const image = fakeImageBytes(4, 4);
const text = new Uint8Array([1, 2, 3]);

function usePlatform(files: Record<string, Uint8Array>, emptyFolders: string[] = []): FakeFolderPlatform {
  const platform = new FakeFolderPlatform(files, { emptyFolders });
  setPlatform(platform);
  return platform;
}

describe('imageDatasetFromDirectory', () => {
  it('makes one class per subfolder, sorted, and labels each image with its class index', async () => {
    const platform = usePlatform({
      'pets/dog/b.png': image,
      'pets/dog/a.PNG': image,
      'pets/cat/x.jpg': image,
      'pets/cat/nested/y.JPEG': image,
      'pets/cat/notes.txt': text,
      'pets/cat/.DS_Store': text,
      'pets/cat/labels.json': text,
      'pets/top.png': image,
      'pets/.hidden/z.png': image,
    });
    const dataset = await imageDatasetFromDirectory('pets');
    expect(dataset.classNames).toEqual(['cat', 'dog']);
    expect(dataset.examples.map((example) => [example.name, example.label])).toEqual([
      ['pets/cat/x.jpg', 0],
      ['pets/cat/nested/y.JPEG', 0],
      ['pets/dog/a.PNG', 1],
      ['pets/dog/b.png', 1],
    ]);
    expect(dataset.examples[0]?.source).toBe('pets/cat/x.jpg');
    expect(dataset.classCounts()).toEqual([2, 2]);
    expect(platform.reads).toBe(0);
  });

  it('sorts class names by code unit, as Python does, not by locale', async () => {
    usePlatform({ 'd/b/1.png': image, 'd/B/1.png': image, 'd/a/1.png': image, 'd/a10/1.png': image, 'd/a9/1.png': image });
    const dataset = await imageDatasetFromDirectory('d/');
    expect(dataset.classNames).toEqual(['B', 'a', 'a10', 'a9', 'b']);
  });

  it('takes only the classes named in classNames, in that order', async () => {
    usePlatform({ 'd/cat/1.png': image, 'd/dog/1.png': image, 'd/fox/1.png': image });
    const dataset = await imageDatasetFromDirectory('d', { classNames: ['fox', 'cat'] });
    expect(dataset.classNames).toEqual(['fox', 'cat']);
    expect(dataset.examples.map((example) => [example.name, example.label])).toEqual([
      ['d/fox/1.png', 0],
      ['d/cat/1.png', 1],
    ]);
    await expect(imageDatasetFromDirectory('d', { classNames: ['cow'] })).rejects.toThrow(
      /classNames: names 'cow', but d has no subfolder.*'cat', 'dog', 'fox'/,
    );
    await expect(imageDatasetFromDirectory('d', { classNames: ['cat', 'cat'] })).rejects.toThrow(InvalidArgumentError);
  });

  it('fails on an empty folder with an EmptyDatasetError', async () => {
    usePlatform({}, ['empty']);
    const error = await imageDatasetFromDirectory('empty').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as EmptyDatasetError).source).toBe('empty');
    expect((error as EmptyDatasetError).className).toBeUndefined();
    expect((error as Error).message).toMatch(/empty is empty: it has no class subfolders and no images/);
  });

  it('points to imageDatasetFromFiles when the images sit directly in the folder', async () => {
    usePlatform({ 'cats/f01.jpg': image, 'cats/m01.jpg': image });
    await expect(imageDatasetFromDirectory('cats')).rejects.toThrow(
      /cats holds 2 images but no class subfolders.*imageDatasetFromFiles\(folder, \{ labelOf \}\)/,
    );
  });

  it('names a class folder that holds no images', async () => {
    usePlatform({ 'd/cat/1.png': image, 'd/dog/readme.txt': text }, ['d/fox']);
    const error = await imageDatasetFromDirectory('d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyDatasetError);
    expect((error as EmptyDatasetError).className).toBe('dog');
    expect((error as Error).message).toMatch(/class folder d\/dog holds no images/);
    await expect(imageDatasetFromDirectory('d', { classNames: ['cat', 'fox'] })).rejects.toThrow(/d\/fox holds no images/);
  });

  it("passes on the platform's error for a missing folder", async () => {
    usePlatform({ 'd/cat/1.png': image });
    await expect(imageDatasetFromDirectory('nowhere')).rejects.toThrow(ResourceNotFoundError);
  });

  it('tells a platform without folders (a browser) to pass files instead', async () => {
    setPlatform(new FakePlatform({ 'd/cat/1.png': image }));
    const error = await imageDatasetFromDirectory('d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/'fake' platform cannot list folders.*Pass the files instead: imageDatasetFromFiles/);
  });
});
