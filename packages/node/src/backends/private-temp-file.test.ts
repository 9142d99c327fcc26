import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePrivateTempFile } from './private-temp-file.js';

describe('writePrivateTempFile', () => {
  it('writes the whole file into a folder only this user can open, and removes both', async () => {
    const file = await writePrivateTempFile('script.cjs', 'console.log(1);\n');
    const folder = dirname(file.path);
    expect(readFileSync(file.path, 'utf8')).toBe('console.log(1);\n');
    expect(readdirSync(folder)).toEqual(['script.cjs']);
    if (process.platform !== 'win32') expect(statSync(folder).mode & 0o777).toBe(0o700);
    await file.remove();
    expect(existsSync(folder)).toBe(false);
    await file.remove();
  });
});
