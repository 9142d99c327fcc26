import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@dendrite/core';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWritableFolder } from './check-destination.js';

describe('checkWritableFolder', () => {
  const root = mkdtempSync(join(tmpdir(), 'dendrite-destination-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a folder that exists or can be made, creating nothing', async () => {
    await checkWritableFolder(root, '--save');
    await checkWritableFolder(join(root, 'new', 'deeper'), '--save');
    expect(existsSync(join(root, 'new'))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses an existing file, or a path under a file, naming the path and the option', async () => {
    const file = join(root, 'model.json');
    writeFileSync(file, '{}');
    for (const path of [file, join(file, 'sub')]) {
      const error = await checkWritableFolder(path, '--save').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain('--save');
      expect((error as Error).message).toContain(`${file}`);
      expect((error as Error).message).toContain('is a file, not a folder');
    }
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a read-only folder, checked as an unprivileged user (tests run as root)', () => {
    // Root writes anywhere, so the check runs in a child process that drops to user "nobody".
    const readOnly = join(root, 'read-only');
    mkdirSync(readOnly);
    chmodSync(root, 0o755);
    chmodSync(readOnly, 0o555);
    // Node 20 cannot run TypeScript: the module is transpiled into a folder "nobody" can read, beside
    // a link to the repository's node_modules (for @dendrite/core).
    const runner = join(root, 'runner');
    mkdirSync(runner);
    const source = readFileSync(fileURLToPath(new URL('./check-destination.ts', import.meta.url)), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(runner, 'check-destination.mjs'), outputText);
    const coreManifest = createRequire(import.meta.url).resolve('@dendrite/core/package.json');
    symlinkSync(`${dirname(dirname(dirname(realpathSync(coreManifest))))}/node_modules`, join(runner, 'node_modules'), 'junction');
    const module = join(runner, 'check-destination.mjs');
    const script = `
      const { checkWritableFolder } = await import(${JSON.stringify(module)});
      try { await checkWritableFolder(${JSON.stringify(join(readOnly, 'model'))}, '--save'); console.log('accepted'); }
      catch (error) { console.log(error.name + ': ' + error.message); }
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      uid: 65534,
      gid: 65534,
      cwd: tmpdir(),
    });
    expect(run.stdout, run.stderr).toContain('InvalidArgumentError: Invalid --save:');
    expect(run.stdout).toContain(`${readOnly} does not accept new files (EACCES)`);
  });
});
