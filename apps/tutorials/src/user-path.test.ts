import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userPath } from './user-path.js';

describe('userPath', () => {
  it('resolves a relative path from where npm was run', () => {
    expect(userPath('photos/boef.jpg', { INIT_CWD: '/home/ada/dendrite' })).toBe('/home/ada/dendrite/photos/boef.jpg');
    expect(userPath('photos/boef.jpg', {})).toBe(resolve('photos/boef.jpg'));
  });

  it('leaves absolute paths and URLs alone', () => {
    expect(userPath('/data/boef.jpg', { INIT_CWD: '/x' })).toBe('/data/boef.jpg');
    expect(userPath('http://127.0.0.1:8080/model.json', { INIT_CWD: '/x' })).toBe('http://127.0.0.1:8080/model.json');
    expect(userPath('file:///data/model.json', { INIT_CWD: '/x' })).toBe('file:///data/model.json');
  });
});
