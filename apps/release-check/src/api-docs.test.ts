import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocProblems, apiCategories, type DocReflection } from './api-docs-rules.js';
import { describeRun, repoRoot, runCommand, type CommandResult } from './repo.js';

// typedoc reads the built packages' sources with their tsconfig; `npm test` builds them first.
describe('API documentation (typedoc, warnings are errors)', () => {
  let folder: string;
  let run: CommandResult;
  let project: DocReflection;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-api-docs-'));
    // JSON only: the HTML goes to docs/api through `npm run docs`, not from a test.
    run = await runCommand(process.execPath, [join(repoRoot, 'node_modules/typedoc/bin/typedoc'), '--json', join(folder, 'api.json')], { cwd: repoRoot });
    project = JSON.parse(await readFile(join(folder, 'api.json'), 'utf8').catch(() => '{}')) as DocReflection;
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('builds with no warnings', () => {
    expect(run.code, describeRun('typedoc', run)).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\[warning\]|\[error\]/);
  });

  it('documents all seven packages, grouped by the seven categories', () => {
    const modules = project.children ?? [];
    expect(modules.map((module) => module.name).sort()).toEqual([
      '@dendrite/core',
      '@dendrite/data',
      '@dendrite/keras',
      '@dendrite/mobilenet',
      '@dendrite/mobilenet-embedded',
      '@dendrite/node',
      '@dendrite/web',
    ]);
    const used = new Set(modules.flatMap((module) => (module.categories ?? []).map((category) => category.title)));
    expect([...used].sort()).toEqual([...apiCategories].sort());
  });

  it('gives every exported name a summary and a category, every function and class an @example, and their parameters and return values', () => {
    expect(apiDocProblems(project)).toEqual([]);
  });
});
