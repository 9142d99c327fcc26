import { copyFile, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPackCheck, type PackCheckResult } from './pack-check-run.js';
import { readmeConsumerTsconfig, readmeExample } from './readme-blocks.js';
import { childEnvironment, describeRun, repoRoot, runCommand, type CommandResult } from './repo.js';

// The published packages, proven the way a user meets them: packed with `npm pack`, installed from
// the tarballs into a fresh project outside the workspace with one `npm install`, as the README
// says (the registry is reachable for TensorFlow.js and the compilers; `--prefer-offline` reuses
// npm's cache when it has them), then type-checked and run there. A package that forgets a file, a
// dependency or an export fails here. Each test does its own work: the steps it needs run, once,
// inside the first test that needs them, so a failure is reported against tests, in any order.
const publicPackages = [
  '@dendrite/core',
  '@dendrite/data',
  '@dendrite/keras',
  '@dendrite/mobilenet',
  '@dendrite/mobilenet-embedded',
  '@dendrite/node',
  '@dendrite/web',
];
// What the consumer project adds itself: TensorFlow.js (a peer of every package), Node's types and
// the two TypeScript lines users have (5.x, and 7.x, the native compiler, under an alias).
const peers = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-layers@4.22.0'];
const tools = ['typescript@5.9.3', 'typescript7@npm:typescript@7.0.2', '@types/node@20.19.43'];
const compilers = { '5.9': 'node_modules/typescript/bin/tsc', '7.0': 'node_modules/typescript7/bin/tsc' } as const;
const photo = join(repoRoot, 'apps/tutorials/photos/boef.jpg');

/** Runs `work` once, the first time the returned function is called. */
function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= work());
}

// Our own declaration files are checked strictly (skipLibCheck false) in these two projects.
const ourDeclarationsChecked = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
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

const folder = once(() => mkdtemp(join(tmpdir(), 'dendrite-pack-install-')));
const packed = once(async (): Promise<PackCheckResult> => runPackCheck(join(await folder(), 'tarballs')));
const project = once(async () => {
  const dir = join(await folder(), 'consumer');
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(join(dir, 'readme', 'src'), { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'dendrite-consumer', private: true, type: 'module' }, null, 2));
  for (const file of ['node-consumer.ts', 'browser-consumer.ts']) await copyFile(join(repoRoot, 'apps/release-check/consumer', file), join(dir, 'src', file));
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...ourDeclarationsChecked, lib: ['ES2022'], types: ['node'], outDir: 'out' }, include: ['src/node-consumer.ts'] }));
  await writeFile(
    join(dir, 'tsconfig.browser.json'),
    JSON.stringify({
      compilerOptions: { ...ourDeclarationsChecked, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], noEmit: true },
      include: ['src/browser-consumer.ts'],
    }),
  );
  // The README's example with the README's tsconfig, exactly as a reader copies them.
  await writeFile(join(dir, 'readme', 'src', 'index.ts'), await readmeExample());
  await writeFile(join(dir, 'readme', 'tsconfig.json'), await readmeConsumerTsconfig());
  return dir;
});
const installed = once(async (): Promise<CommandResult> => {
  const tarballs = (await packed()).packages.flatMap((pkg) => (pkg.tarball === null ? [] : [pkg.tarball]));
  return runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs, ...peers, ...tools], {
    cwd: await project(),
    env: childEnvironment(),
    timeoutMs: 600_000,
  });
});
/** The project with the packages installed; fails the calling test when the install failed. */
async function installedProject(): Promise<string> {
  const install = await installed();
  expect(install.code, describeRun('npm install', install)).toBe(0);
  return project();
}
const tsc = async (version: keyof typeof compilers, args: readonly string[], cwd?: string): Promise<CommandResult> => {
  const dir = await installedProject();
  return runCommand(process.execPath, [join(dir, compilers[version]), ...args], { cwd: cwd ?? dir });
};
const readmeBuilt = once(async () => {
  const dir = await installedProject();
  // Built with 5.9 (the workspace's compiler); 7.0 type-checks the same files in its own test.
  const build = await tsc('5.9', ['-p', 'readme/tsconfig.json']);
  expect(build.stdout, describeRun('tsc 5.9 on the README example', build)).toBe('');
  return dir;
});

afterAll(async () => {
  await rm(await folder(), { recursive: true, force: true });
});

describe('the packed packages, installed in a project outside the workspace', () => {
  it('packs every public package, each with only what users need (scripts/pack-check.mjs)', async () => {
    const result = await packed();
    expect(result.run.code, describeRun('scripts/pack-check.mjs', result.run)).toBe(0);
    expect(result.packages.map((pkg) => pkg.name).sort()).toEqual(publicPackages);
    for (const pkg of result.packages) {
      expect(pkg.problems, pkg.name).toEqual([]);
      expect(pkg.files, pkg.name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
      expect(pkg.files.filter((file) => /\.test\.|fixtures|\.map$|^src\//.test(file)), pkg.name).toEqual([]);
    }
    // Test helpers ship only where they are a public subpath.
    const files = (name: string) => result.packages.find((pkg) => pkg.name === name)?.files ?? [];
    expect(files('@dendrite/data').filter((file) => file.startsWith('dist/testing/'))).toEqual([]);
    expect(files('@dendrite/keras').filter((file) => file.startsWith('dist/testing/'))).toEqual([]);
    expect(files('@dendrite/mobilenet').filter((file) => file.startsWith('dist/testing/'))).toEqual([]);
    expect(files('@dendrite/node')).toContain('dist/testing/index.js');
    expect(files('@dendrite/core')).toContain('dist/testing/index.js');
    // The embedded weights carry where they come from and their licence notice.
    expect(files('@dendrite/mobilenet-embedded')).toEqual(expect.arrayContaining(['NOTICE', 'PROVENANCE.md', 'dist/generated/mobilenet-v2-uint8-files.js']));
  }, 600_000);

  it('installs from the tarballs with one npm install (registry reachable), outside the workspace, as copies', async () => {
    const dir = await installedProject();
    expect(relative(repoRoot, dir).startsWith('..'), 'the project must not be inside the workspace').toBe(true);
    for (const name of publicPackages) {
      const copy = join(dir, 'node_modules', name);
      expect((await lstat(copy)).isSymbolicLink(), `${name} is a link, not an installed copy`).toBe(false);
      const manifest = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8')) as { version: string };
      const workspace = JSON.parse(await readFile(join(repoRoot, 'packages', name.replace('@dendrite/', ''), 'package.json'), 'utf8')) as { version: string };
      expect(manifest.version).toBe(workspace.version);
    }
    // Optional native backends are peers the user opts into: never installed on their behalf.
    await expect(lstat(join(dir, 'node_modules/@tensorflow/tfjs-node'))).rejects.toThrow();
  }, 900_000);

  it('type-checks a Node consumer (strict, NodeNext, our declaration files included)', async () => {
    const result = await tsc('5.9', ['-p', 'tsconfig.json']);
    expect(ourTypeErrors(result.stdout), describeRun('tsc', result)).toEqual([]);
    // TensorFlow.js's own declaration errors do not stop the emit; the program must exist.
    await expect(lstat(join(await project(), 'out/node-consumer.js'))).resolves.toBeDefined();
  }, 900_000);

  it('type-checks a browser consumer of @dendrite/web (DOM library, bundler resolution)', async () => {
    const result = await tsc('5.9', ['-p', 'tsconfig.browser.json']);
    expect(ourTypeErrors(result.stdout), describeRun('tsc', result)).toEqual([]);
  }, 900_000);

  it.each(['5.9', '7.0'] as const)("compiles the README's example with the README's tsconfig under TypeScript %s: no error at all", async (version) => {
    const version_ = await tsc(version, ['--version']);
    expect(version_.stdout).toContain(`Version ${version}`);
    const result = await tsc(version, ['-p', 'readme/tsconfig.json', '--noEmit']);
    expect(result.stdout, describeRun(`tsc ${version}`, result)).toBe('');
    expect(result.code).toBe(0);
  }, 900_000);

  it('runs the consumer: the basic network trains to the course result, and boef.jpg is 155 Shih-Tzu with the built-in weights', async () => {
    const dir = await installedProject();
    const build = await tsc('5.9', ['-p', 'tsconfig.json']);
    expect(ourTypeErrors(build.stdout), describeRun('tsc', build)).toEqual([]);
    const run = await runCommand(process.execPath, ['out/node-consumer.js'], {
      cwd: dir,
      env: childEnvironment({ DENDRITE_CACHE_DIR: join(await folder(), 'cache'), DENDRITE_PHOTO: photo }),
      timeoutMs: 300_000,
    });
    expect(run.code, describeRun('the consumer', run)).toBe(0);
    const line = run.stdout.split('\n').find((text) => text.startsWith('RESULT '));
    expect(line, describeRun('the consumer', run)).toBeDefined();
    const consumer = JSON.parse((line ?? '').slice('RESULT '.length)) as {
      parameters: number;
      finalAccuracy: number;
      argmax: number[];
      leakedTensors: number;
      photo?: { classIndex: number; className: string; score: number };
    };
    expect(run.stdout).toContain('Epoch 10/10');
    expect(run.stdout + run.stderr).not.toContain('Hi, looks like you are running TensorFlow.js');
    expect(consumer.parameters).toBe(34);
    expect(consumer.finalAccuracy).toBeGreaterThan(0.95);
    expect(consumer.argmax).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(consumer.leakedTensors).toBe(0);
    expect(consumer.photo).toMatchObject({ classIndex: 155, className: 'Shih-Tzu' });
    expect(consumer.photo?.score).toBeCloseTo(0.87, 2);
  }, 900_000);

  it("runs the README's example: the same training lines and argmax as the course prints, and 155 Shih-Tzu", async () => {
    const dir = await readmeBuilt();
    const example = await runCommand(process.execPath, ['readme/dist/index.js', photo], { cwd: dir, env: childEnvironment(), timeoutMs: 300_000 });
    expect(example.code, describeRun('the README example', example)).toBe(0);
    const course = await runCommand(process.execPath, [join(repoRoot, 'apps/tutorials/dist/cli.js'), 'basics'], { cwd: repoRoot, env: childEnvironment({ CI: 'true' }), timeoutMs: 300_000 });
    expect(course.code, describeRun('npm run tutorials -- basics', course)).toBe(0);
    // Keras's verbose-2 lines of the first training, without their timing.
    const trainingLines = (text: string): string[] =>
      text
        .split('\n')
        .filter((line) => /^Epoch \d+\/10$|^313\/313 - /.test(line))
        .slice(0, 20)
        .map((line) => line.replace(/ - \d+m?s - /, ' - '));
    expect(trainingLines(example.stdout)).toHaveLength(20);
    expect(trainingLines(example.stdout)).toEqual(trainingLines(course.stdout));
    const argmax = (text: string) => text.split('\n').find((line) => line.startsWith('argmax over axis 1: '));
    expect(argmax(example.stdout)).toBe('argmax over axis 1: 0 0 0 0 0 1 1 1 1 1');
    expect(argmax(example.stdout)).toBe(argmax(course.stdout));
    expect(example.stdout).toContain('most active output neuron: 155 Shih-Tzu');
  }, 900_000);
});
