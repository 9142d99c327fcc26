import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment, describeRun, repoRoot, runCommand, type CommandResult } from './repo.js';

// `npm run version` (changeset version) rewrites versions and changelogs, so it runs on a copy of
// the workspace's manifests and changesets, never on the checkout.
interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const workspaceFolders = async (root: string) =>
  (await Promise.all(['packages', 'apps'].map(async (group) => (await readdir(join(root, group))).map((name) => join(group, name))))).flat().filter((folder) => existsSync(join(root, folder, 'package.json')));

const readManifest = async (root: string, folder: string) => JSON.parse(await readFile(join(root, folder, 'package.json'), 'utf8')) as Manifest;

describe('npm run version (changeset version), on a copy of the workspace', () => {
  let copy: string;
  let folders: string[];
  let pending: string[];
  let before: Map<string, Manifest>;
  let run: CommandResult;

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'dendrite-version-'));
    await copyFile(join(repoRoot, 'package.json'), join(copy, 'package.json'));
    await cp(join(repoRoot, '.changeset'), join(copy, '.changeset'), { recursive: true });
    folders = await workspaceFolders(repoRoot);
    for (const folder of folders) {
      await mkdir(join(copy, folder), { recursive: true });
      await copyFile(join(repoRoot, folder, 'package.json'), join(copy, folder, 'package.json'));
    }
    await symlink(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
    pending = (await readdir(join(copy, '.changeset'))).filter((name) => name.endsWith('.md') && name !== 'README.md');
    before = new Map(await Promise.all(folders.map(async (folder) => [folder, await readManifest(copy, folder)] as const)));
    run = await runCommand('npm', ['run', 'version'], { cwd: copy, env: childEnvironment() });
  });

  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('runs', () => {
    expect(run.code, describeRun('npm run version', run)).toBe(0);
  });

  it('consumes the changesets and releases the linked public packages together, with changelogs', async () => {
    expect((await readdir(join(copy, '.changeset'))).filter((name) => name.endsWith('.md') && name !== 'README.md')).toEqual([]);
    const published = folders.filter((folder) => before.get(folder)?.private !== true);
    // core, data, keras, mobilenet, mobilenet-embedded, node, web.
    expect(published.length).toBe(7);
    const versions = new Map<string, string>();
    for (const folder of published) {
      const after = await readManifest(copy, folder);
      versions.set(after.name, after.version);
      if (pending.length === 0) {
        expect(after.version).toBe(before.get(folder)?.version);
        continue;
      }
      expect(after.version, folder).not.toBe(before.get(folder)?.version);
      expect(await readFile(join(copy, folder, 'CHANGELOG.md'), 'utf8')).toContain(`## ${after.version}`);
    }
    expect(new Set(versions.values()).size, 'the linked packages share one version').toBe(1);

    // Every workspace package that depends on a released one now asks for the new version.
    for (const folder of folders) {
      const after = await readManifest(copy, folder);
      for (const [name, range] of Object.entries({ ...after.dependencies, ...after.devDependencies })) {
        if (versions.has(name)) expect(range, `${folder} → ${name}`).toBe(versions.get(name));
      }
    }
  });
});
