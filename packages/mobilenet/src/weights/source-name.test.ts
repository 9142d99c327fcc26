import { describe, expect, it } from 'vitest';
import { baseName, sourceName } from './source-name.js';

describe('baseName and sourceName', () => {
  it('take the last segment and the text of a URL', () => {
    expect(baseName('https://host/a/b/file.h5?x=1')).toBe('file.h5');
    expect(baseName('file.json')).toBe('file.json');
    expect(sourceName({ href: 'https://host/x', protocol: 'https:' })).toBe('https://host/x');
    expect(sourceName('a/b')).toBe('a/b');
  });
});
