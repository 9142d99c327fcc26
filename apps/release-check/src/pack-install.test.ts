import { copyFile, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPackCheck, type PackCheckResult } from './pack-check-run.js';
import { childEnvironment, describeRun, hasShared, repoRoot, runCommand, sharedFolder, type CommandResult } from './repo.js';

// The published packages, proven the way a user meets them: packed with `npm pack`, installed from
// the tarballs into a fresh project outside the workspace (offline: the tarballs and npm's cache
// only, so nothing of the workspace can leak in), and used by a TypeScript program that is
// type-checked and run there. A package that forgets a file, a dependency or an export fails here.
const publicPackages = ['@dendrite/core', '@dendrite/data', '@dendrite/keras', '@dendrite/mobilenet', '@dendrite/node', '@dendrite/web'];
// What the consumer project adds itself: TensorFlow.js (a peer of every package), a compiler and
// Node's types, at the versions the workspace uses.
const consumerDependencies = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0', 'typescript@5.9.3', '@types/node@20.19.43'];

const strictOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  // Declaration files are checked too, so that a broken or missing .d.ts in a tarball fails.
  skipLibCheck: false,
  rootDir: 'src',
};

/** tsc's errors, without those inside TensorFlow.js's own declarations (not ours to fix). */
function ourTypeErrors(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .filter((line) => !/^node_modules\/(@tensorflow|@webgpu)\//.test(line));
}

interface ConsumerResult {
  backend: string;
  parameters: number;
  finalAccuracy: number;
  argmax: number[];
  leakedTensors: number;
  photo?: { classIndex: number; className: string; score: number };
}

describe('the packed packages, installed in a project outside the workspace', () => {
  let folder: string;
  let project: string;
  let packed: PackCheckResult;
  let install: CommandResult;
  let consumer: ConsumerResult | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-pack-install-'));
    project = join(folder, 'consumer');
    packed = await runPackCheck(join(folder, 'tarballs'));
    const tarballs = packed.packages.flatMap((pkg) => (pkg.tarball === null ? [] : [pkg.tarball]));

    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'dendrite-consumer', private: true, type: 'module' }, null, 2));
    for (const file of ['node-consumer.ts', 'browser-consumer.ts']) {
      await copyFile(join(repoRoot, 'apps/release-check/consumer', file), join(project, 'src', file));
    }
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...strictOptions, lib: ['ES2022'], types: ['node'], outDir: 'out' }, include: ['src/node-consumer.ts'] }),
    );
    await writeFile(
      join(project, 'tsconfig.browser.json'),
      JSON.stringify({
        compilerOptions: { ...strictOptions, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], noEmit: true },
        include: ['src/browser-consumer.ts'],
      }),
    );
    install = await runCommand('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs, ...consumerDependencies], {
      cwd: project,
      env: childEnvironment(),
      timeoutMs: 240_000,
    });
  });

  afterAll(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it('packs every public package, each with only what users need (scripts/pack-check.mjs)', () => {
    expect(packed.run.code, describeRun('scripts/pack-check.mjs', packed.run)).toBe(0);
    expect(packed.packages.map((pkg) => pkg.name).sort()).toEqual(publicPackages);
    for (const pkg of packed.packages) {
      expect(pkg.problems, pkg.name).toEqual([]);
      expect(pkg.files, pkg.name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(pkg.files.filter((file) => /\.test\.|fixtures|\.map$|^src\//.test(file)), pkg.name).toEqual([]);
    }
    // Test helpers ship only where they are a public subpath.
    const helpers = (name: string) => packed.packages.find((pkg) => pkg.name === name)?.files.filter((file) => file.startsWith('dist/testing/')) ?? [];
    expect(helpers('@dendrite/data')).toEqual([]);
    expect(helpers('@dendrite/keras')).toEqual([]);
    expect(helpers('@dendrite/mobilenet')).toEqual([]);
    expect(helpers('@dendrite/node')).toContain('dist/testing/index.js');
    expect(helpers('@dendrite/core')).toContain('dist/testing/index.js');
  });

  it('installs offline from the tarballs and npm cache alone, outside the workspace', async () => {
    expect(install.code, describeRun('npm install --offline', install)).toBe(0);
    expect(relative(repoRoot, project).startsWith('..'), 'the project must not be inside the workspace').toBe(true);
    for (const name of publicPackages) {
      const installed = join(project, 'node_modules', name);
      expect((await lstat(installed)).isSymbolicLink(), `${name} is a link, not an installed copy`).toBe(false);
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { version: string };
      const workspace = JSON.parse(await readFile(join(repoRoot, 'packages', name.replace('@dendrite/', ''), 'package.json'), 'utf8')) as { version: string };
      expect(manifest.version).toBe(workspace.version);
    }
    // Optional native backends are peers the user opts into: never installed on their behalf.
    await expect(lstat(join(project, 'node_modules/@tensorflow/tfjs-node'))).rejects.toThrow();
  });

  it('type-checks a Node consumer (strict, NodeNext, declaration files included)', async () => {
    const tsc = await runCommand(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project });
    expect(ourTypeErrors(tsc.stdout), describeRun('tsc', tsc)).toEqual([]);
    // TensorFlow.js's own declaration errors do not stop the emit; the program must exist.
    await expect(lstat(join(project, 'out/node-consumer.js'))).resolves.toBeDefined();
  });

  it('type-checks a browser consumer of @dendrite/web (DOM library, bundler resolution)', async () => {
    const tsc = await runCommand(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.browser.json'], { cwd: project });
    expect(ourTypeErrors(tsc.stdout), describeRun('tsc', tsc)).toEqual([]);
  });

  it('runs the consumer: the basic network trains to the course result', async () => {
    const cache = join(folder, 'cache');
    const run = await runCommand(process.execPath, ['out/node-consumer.js'], {
      cwd: project,
      env: childEnvironment({ DENDRITE_CACHE_DIR: cache, ...(hasShared ? { DENDRITE_SHARED: sharedFolder } : {}) }),
    });
    expect(run.code, describeRun('the consumer', run)).toBe(0);
    const line = run.stdout.split('\n').find((text) => text.startsWith('RESULT '));
    expect(line, describeRun('the consumer', run)).toBeDefined();
    consumer = JSON.parse((line ?? '').slice('RESULT '.length)) as ConsumerResult;
    expect(run.stdout).toContain('Epoch 10/10');
    expect(consumer.parameters).toBe(34);
    expect(consumer.finalAccuracy).toBeGreaterThan(0.95);
    expect(consumer.argmax).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(consumer.leakedTensors).toBe(0);
  });

  it.skipIf(!hasShared)(`classifies boef.jpg as Shih-Tzu with the shared weights${hasShared ? '' : ' (skipped: ../shared is absent)'}`, () => {
    expect(consumer?.photo).toMatchObject({ classIndex: 155, className: 'Shih-Tzu' });
    expect(consumer?.photo?.score).toBeCloseTo(0.87, 2);
  });
});
