import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GuideCode, guideCode } from './guide-blocks.js';
import { outputDifference } from './output-match.js';
import { type CommandResult, childEnvironment, describeRun, hasShared, repoRoot, runCommand, sharedFolder } from './repo.js';

// Every TypeScript block of docs/guides is compiled against the built packages (`npm test` builds
// them first) and the Node programs are run; what they print must match the output the guide shows.
// Browser blocks are type-checked with the DOM library but not run: that needs a bundler and a
// browser. Commands of the tutorials app shown with their output are run too.
// The outputs pasted in the guides are Dendrite's own: these checks pin regressions, not correctness.
// The outside basis lives in tests against Keras itself: boef.jpg's scores
// (packages/mobilenet/src/boef-keras.integration.test.ts), summaries (Keras's own listing in
// build-mobilenet-v2.integration.test.ts and summary.integration.test.ts).
const guidesFolder = join(repoRoot, 'docs/guides');
const pages = readdirSync(guidesFolder)
  .filter((name) => name.endsWith('.md'))
  .sort();
const guides = new Map<string, GuideCode>(pages.map((page) => [page, guideCode(readFileSync(join(guidesFolder, page), 'utf8'))]));
const usesShared = (code: string) => /DENDRITE_SHARED|\.\.\/shared/.test(code);
const skipReason = ' (skipped: ../shared, with the course photos and weights, is absent)';

const compilerOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  skipLibCheck: true,
  rootDir: '.',
};

describe('guides', () => {
  let folder: string;
  let nodeCheck: CommandResult;
  let browserCheck: CommandResult;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-guides-'));
    // The packages resolve as a reader's project would find them, through node_modules.
    await symlink(join(repoRoot, 'node_modules'), join(folder, 'node_modules'), 'dir');
    await writeFile(join(folder, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    for (const [page, code] of guides) {
      const stem = page.replace(/\.md$/, '');
      await mkdir(join(folder, stem), { recursive: true });
      await writeFile(join(folder, stem, 'node.ts'), `${code.node}\nexport {};\n`);
      await writeFile(join(folder, stem, 'browser.ts'), `${code.browser}\nexport {};\n`);
    }
    await writeFile(
      join(folder, 'tsconfig.node.json'),
      JSON.stringify({ compilerOptions: { ...compilerOptions, lib: ['ES2022'], types: ['node'], outDir: 'out' }, include: ['*/node.ts'] }),
    );
    await writeFile(
      join(folder, 'tsconfig.browser.json'),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          noEmit: true,
        },
        include: ['*/browser.ts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    [nodeCheck, browserCheck] = await Promise.all([
      runCommand(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: folder }),
      runCommand(process.execPath, [tsc, '-p', 'tsconfig.browser.json'], { cwd: folder }),
    ]);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('has one page per course part, one after part 4 and one on Keras files, each with a Node program, its output and a browser version', () => {
    expect(pages).toEqual([
      '1-concepts.md',
      '2-basic-network.md',
      '3-classifying-images.md',
      '4-transfer-learning.md',
      '5-augmentation-and-fine-tuning.md',
      'moving-between-keras-and-dendrite.md',
    ]);
    for (const [page, code] of guides) {
      expect(code.problems, page).toEqual([]);
      expect(code.node, `${page} has no Node program`).not.toBe('');
      expect(code.nodeOutput, `${page} shows no output of its Node program`).toBeDefined();
      expect(code.browser, `${page} has no browser version`).not.toBe('');
    }
  });

  it('type-checks every Node program (strict, NodeNext)', () => {
    expect(nodeCheck.code, describeRun('tsc (Node programs)', nodeCheck)).toBe(0);
  });

  it('type-checks every browser version (strict, DOM library, bundler resolution)', () => {
    expect(browserCheck.code, describeRun('tsc (browser versions)', browserCheck)).toBe(0);
  });

  for (const page of pages) {
    const stem = page.replace(/\.md$/, '');
    const needsShared = usesShared(guides.get(page)?.node ?? '');

    it.skipIf(needsShared && !hasShared)(
      `${stem}: the Node program runs and prints the output shown${needsShared && !hasShared ? skipReason : ''}`,
      async () => {
        expect(nodeCheck.code, 'the Node programs did not compile').toBe(0);
        const code = guides.get(page) as GuideCode;
        const cache = await mkdtemp(join(folder, 'cache-'));
        const run = await runCommand(process.execPath, [join(folder, 'out', stem, 'node.js')], {
          cwd: folder,
          env: childEnvironment({
            DENDRITE_SHARED: sharedFolder,
            DENDRITE_PHOTOS: join(repoRoot, 'apps/tutorials/photos'),
            DENDRITE_CACHE_DIR: cache,
          }),
        });
        expect(run.code, describeRun(`${stem}'s Node program`, run)).toBe(0);
        expect(
          outputDifference(run.stdout, code.nodeOutput ?? ''),
          `${page}: what the program printed differs from the guide`,
        ).toBeUndefined();
      },
    );
  }

  // The tutorials app prints full paths; the guides shorten them to ../shared, or to the checkout's own.
  const shortenPaths = (text: string) =>
    text
      .split(repoRoot)
      .join('')
      .split(`${dirname(sharedFolder)}/`)
      .join('../');
  for (const page of pages) {
    for (const { args, expected, line } of guides.get(page)?.tutorials ?? []) {
      const needsShared = args.some((arg) => arg.includes('../shared'));
      it.skipIf(needsShared && !hasShared)(
        `${page}:${line}: npm run tutorials -- ${args[0] ?? ''} prints the output shown${needsShared && !hasShared ? skipReason : ''}`,
        async () => {
          const cache = await mkdtemp(join(folder, 'cache-'));
          const run = await runCommand('npm', ['run', '--silent', 'tutorials', '--', ...args], {
            cwd: repoRoot,
            env: childEnvironment({ INIT_CWD: repoRoot, DENDRITE_CACHE_DIR: cache, CI: 'true' }),
          });
          expect(run.code, describeRun(`npm run tutorials -- ${args.join(' ')}`, run)).toBe(0);
          expect(
            outputDifference(shortenPaths(run.stdout), expected),
            `${page}:${line}: what the app printed differs from the guide`,
          ).toBeUndefined();
        },
        // Part 4 with fine-tuning trains MobileNetV2's top for ten epochs: half a minute on a quiet machine.
        600_000,
      );
    }
  }
});
