import { describe, expect, it } from 'vitest';
import { baseName, compareNames, isImageFileName } from './image-file-names.js';

describe('isImageFileName', () => {
  it('accepts the six image extensions in any letter case', () => {
    for (const name of ['a.jpg', 'b.JPEG', 'c.Png', 'd.bmp', 'e.GIF', 'f.webp', 'x.y.jpg']) expect(isImageFileName(name)).toBe(true);
  });

  it('rejects other files, hidden files and bare extensions', () => {
    for (const name of ['notes.txt', 'labels.json', '.DS_Store', 'Thumbs.db', 'COPYRIGHT', '.jpg', '._f01.jpg', 'a.jpg.txt', 'jpg']) {
      expect(isImageFileName(name)).toBe(false);
    }
  });
});

describe('baseName', () => {
  it('takes the last segment of POSIX and Windows paths', () => {
    expect(baseName('cats/f01.jpg')).toBe('f01.jpg');
    expect(baseName('C:\\cats\\m01.jpg')).toBe('m01.jpg');
    expect(baseName('f01.jpg')).toBe('f01.jpg');
    expect(baseName('cats/')).toBe('cats');
  });
});

describe('compareNames', () => {
  it('orders by code unit like Python, not by locale', () => {
    expect(['b', 'a10', 'B', 'a9', 'a'].sort(compareNames)).toEqual(['B', 'a', 'a10', 'a9', 'b']);
    expect(compareNames('x', 'x')).toBe(0);
  });
});
