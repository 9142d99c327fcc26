import { describe, expect, it } from 'vitest';
import { baseName, resolveBeside, sourceName } from './source-name.js';

describe('resolveBeside', () => {
  it('puts a shard beside its model.json, for paths and URLs', () => {
    expect(resolveBeside('models/a/model.json', 'group1-shard1of2.bin')).toBe('models/a/group1-shard1of2.bin');
    expect(resolveBeside('https://host/m/model.json?v=2#x', 'w.bin')).toBe('https://host/m/w.bin');
    expect(resolveBeside('C:\\models\\model.json', 'w.bin')).toBe('C:\\models\\w.bin');
    expect(resolveBeside('model.json', 'w.bin')).toBe('w.bin');
  });

  it('keeps absolute URLs', () => {
    expect(resolveBeside('models/model.json', 'https://cdn/w.bin')).toBe('https://cdn/w.bin');
  });
});

describe('baseName and sourceName', () => {
  it('take the last segment and the text of a URL', () => {
    expect(baseName('https://host/a/b/file.h5?x=1')).toBe('file.h5');
    expect(baseName('file.json')).toBe('file.json');
    expect(sourceName({ href: 'https://host/x', protocol: 'https:' })).toBe('https://host/x');
    expect(sourceName('a/b')).toBe('a/b');
  });
});
