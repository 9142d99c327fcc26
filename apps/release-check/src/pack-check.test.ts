import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackCheckResult, runPackCheck } from './pack-check-run.js';

// scripts/pack-check.mjs on a small made-up workspace: one package packs cleanly, the other forgets
// a file, a dependency and an export target and ships a test, a source map and stale output. The
// release dry run must pass the first and name every fault of the second.
const manifest = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: '1.0.0',
  license: 'Apache-2.0',
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20' },
  exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
  files: ['dist', 'README.md', 'LICENSE'],
  peerDependencies: { '@tensorflow/tfjs-core': '4.22.0', '@tensorflow/tfjs-layers': '4.22.0' },
  ...extra,
});

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe('scripts/pack-check.mjs (the release dry run)', () => {
  let folder: string;
  let result: PackCheckResult;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-pack-check-'));
    const common = { 'README.md': '# x\n', LICENSE: 'Apache-2.0\n' };
    await writeFiles(join(folder, 'workspace/packages/good'), {
      ...common,
      'package.json': JSON.stringify(manifest('@fake/good', { dependencies: { '@fake/broken': '1.0.0' } })),
      'src/index.ts': '',
      // (Split so that the import rules check does not take this text for an import of the test's.)
      'dist/index.js': 'import { helper } ' + "from '@fake/broken';\nexport const good = helper;\n",
      'dist/index.d.ts': 'export declare const good: number;\n',
    });
    await writeFiles(join(folder, 'workspace/packages/broken'), {
      ...common,
      'package.json': JSON.stringify(
        manifest('@fake/broken', {
          exports: {
            '.': { import: './dist/index.js', types: './dist/index.d.ts' },
            './extra': { types: './dist/extra.d.ts', import: './dist/extra.js' },
          },
          files: ['dist', '!dist/helper.js', 'README.md', 'LICENSE'],
          dependencies: { 'left-pad': '1.3.0', '@fake/good': '0.9.0' },
        }),
      ),
      'src/index.ts': '',
      'src/helper.ts': '',
      'src/index.test.ts': '',
      'dist/index.js': "export { helper } from './helper.js';\nimport 'chalk';\n",
      'dist/index.d.ts': 'export declare const helper: number;\n',
      'dist/helper.js': 'export const helper = 1;\n',
      'dist/index.test.js': '',
      'dist/index.js.map': '{}',
      'dist/removed.js': '',
    });
    result = await runPackCheck(join(folder, 'tarballs'), join(folder, 'workspace'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('fails the release and packs both packages without publishing', () => {
    expect(result.run.code).toBe(1);
    expect(result.packages.map((pkg) => pkg.name).sort()).toEqual(['@fake/broken', '@fake/good']);
    for (const pkg of result.packages) expect(pkg.tarball).toMatch(/\.tgz$/);
  });

  it('passes a package that ships what it needs', () => {
    expect(result.packages.find((pkg) => pkg.name === '@fake/good')?.problems).toEqual([]);
  });

  it('names every fault of the broken package', () => {
    const problems = result.packages.find((pkg) => pkg.name === '@fake/broken')?.problems ?? [];
    expect(problems).toEqual(
      expect.arrayContaining([
        'depends on @fake/good 0.9.0 but the workspace releases 1.0.0',
        'dist/extra.js is missing',
        'dist/extra.d.ts is missing',
        "exports['.'] lists 'import' before 'types'",
        "dist/index.js imports './helper.js', which is not in the tarball",
        "dist/index.js imports 'chalk' but chalk is not a dependency or peer dependency",
        'dependency left-pad is never imported: drop it, or say why it is needed',
        'dist/index.test.js is a test or fixture',
        'dist/index.js.map is not something users need (only dist/**/*.js and *.d.ts, README.md, LICENSE, CHANGELOG.md)',
        'dist/removed.js has no source file src/removed.ts: stale output (delete dist and rebuild)',
      ]),
    );
  });
});
