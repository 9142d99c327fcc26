import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { runTutorials as tutorials } from './testing/run-tutorials.js';

// What a careless user meets on the command line (the built one, dist/): each mistake is named, with
// the flag to change, before any long work, and --json gets the error as JSON on stdout.
const photos = fileURLToPath(new URL('../photos/', import.meta.url));
const cats = join(photos, 'cats');
const scratch = mkdtempSync(join(tmpdir(), 'dendrite-cli-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const aFile = join(scratch, 'a-file');
writeFileSync(aFile, 'not a folder');

/** Four of the course's cats, two photos its rule does not take, and a broken link. */
function smallCatsFolder(): string {
  const folder = mkdtempSync(join(scratch, 'cats-'));
  for (const name of ['f01', 'f02', 'm01', 'm02']) copyFileSync(join(cats, `${name}.jpg`), join(folder, `${name}.jpg`));
  copyFileSync(join(cats, 'f03.jpg'), join(folder, 'photo.jpg'));
  copyFileSync(join(cats, 'f04.jpg'), join(folder, 'female_03.jpg'));
  symlinkSync(join(folder, 'gone.jpg'), join(folder, 'f05.jpg'));
  writeFileSync(join(folder, 'm03.jpg'), 'not a jpeg');
  return folder;
}

describe('--json and a fatal error', () => {
  it('the error as JSON on stdout (name, code, message, path, option, advice), the human message on stderr, the same exit code', async () => {
    const missing = join(scratch, 'nowhere', 'model.json');
    const args = ['classify', join(photos, 'boef.jpg'), '--weights', missing, '--offline'];
    const plain = await tutorials(args);
    const json = await tutorials([...args, '--json']);
    expect(plain.code).toBe(1);
    expect(json.code).toBe(plain.code);
    const { command, error } = JSON.parse(json.stdout) as { command: string; error: Record<string, unknown> };
    expect(command).toBe('classify');
    expect(error).toMatchObject({ name: 'AssetsUnavailableError', code: 'assets-unavailable', path: missing, option: null });
    expect(error['message']).toMatch(`Nothing found at ${missing}`);
    expect(error['advice']).toMatch(/^Check the path .*--weights path\/to\/model\.json/);
    expect(json.stderr).toMatch(/^Error: Cannot get MobileNetV2's weights from /m);
    expect(json.stderr).toContain(plain.stderr.slice(plain.stderr.indexOf('Error: ')));
  });

  it('a command line that does not parse is JSON too', async () => {
    const { code, stdout, stderr } = await tutorials(['basics', '--json', '--seed', 'abc']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ command: 'basics', error: { name: 'InvalidArgumentError', option: '--seed' } });
    expect(stderr).toMatch(/^Error: Invalid --seed/m);
  });
});

describe('empty values and options that do not apply', () => {
  it('--weights "" says the option is empty, not that the folder is a directory; --cache-dir "" is refused', async () => {
    const weights = await tutorials(['classify', join(photos, 'boef.jpg'), '--weights', '']);
    expect(weights.code).toBe(1);
    expect(weights.stderr).toMatch(/^Error: Invalid --weights: the value is empty\. /m);
    expect(weights.stderr).not.toMatch(/directory/i);
    const cache = await tutorials(['classify', join(photos, 'boef.jpg'), '--cache-dir', '']);
    expect(cache.code).toBe(1);
    expect(cache.stderr).toMatch(/^Error: Invalid --cache-dir: the value is empty\. /m);
    expect(cache.stdout).toBe('');
  });

  it('an option the command does not take: one warning naming it, and the command runs', async () => {
    const { code, stdout } = await tutorials(['basics', '--backend', 'cpu', '--epochs', '3', '--cats', 'x']);
    expect(code).toBe(0);
    expect(stdout.match(/^Warning: .*$/gm)).toEqual([
      'Warning: --epochs does not apply to basics and is ignored; it is taken by transfer and course.',
      'Warning: --cats does not apply to basics and is ignored; it is taken by course.',
    ]);
    expect(stdout).toMatch(/Epoch 10\/10/);
  });
});

describe('transfer: the folder, the split and the cache, checked before the work', () => {
  it('--validation 0.99 is refused with the numbers before any photo runs through the model', async () => {
    const { code, stdout, stderr } = await tutorials(['transfer', cats, '--validation', '0.99']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Error: Invalid --validation: --validation 0\.99 would hold out 20 of the 20 photos of class 'female', leaving none to train on \(photos per class: female 20, male 20\)\. Pass --validation 0\.25, or add photos\.$/m,
    );
    expect(stdout).not.toMatch(/Features|Epoch/);
  });

  it('a class of one photo under the course split is refused before training, saying first15 needs 6 per class', async () => {
    const folder = mkdtempSync(join(scratch, 'one-male-'));
    for (const name of ['f01', 'f02', 'f03', 'f04', 'f05', 'f06', 'm01'])
      copyFileSync(join(cats, `${name}.jpg`), join(folder, `${name}.jpg`));
    const { code, stdout, stderr } = await tutorials(['transfer', folder, '--json']);
    expect(code).toBe(1);
    const { error } = JSON.parse(stdout) as { error: { option: string; message: string; advice: string } };
    expect(error.option).toBe('--validation');
    expect(error.message).toMatch(
      /would hold out 1 of the 1 photo of class 'male', leaving none to train on \(photos per class: female 6, male 1\)/,
    );
    expect(error.advice).toBe('Pass --validation 0.25 (--validation first15 needs 6 photos or more per class), or add photos.');
    expect(stderr).not.toMatch(/Epoch/);
  });

  it('photos of one subfolder per class under the file-name rule: advice names --rule folders, not the library function', async () => {
    const folder = mkdtempSync(join(scratch, 'by-folder-'));
    mkdirSync(join(folder, 'female'));
    copyFileSync(join(cats, 'f01.jpg'), join(folder, 'female', 'f01.jpg'));
    const { code, stderr } = await tutorials(['transfer', folder]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/for one subfolder per class, pass --rule folders\.$/m);
    expect(stderr).not.toMatch(/imageDatasetFrom/);
  });

  it('a cache under a file: one warning, the work goes on without a cache; the photos the rule skips are named', async () => {
    const folder = smallCatsFolder();
    const { code, stdout, stderr } = await tutorials([
      'transfer',
      folder,
      '--epochs',
      '1',
      '--validation',
      '0.5',
      '--cache-dir',
      join(aFile, 'cache'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.match(/^Warning: .*$/gm)?.slice(0, 2)).toEqual([
      `Warning: the cache folder cannot be used (${aFile}, above ${join(aFile, 'cache')}, is a file, not a folder); going on without a cache, so downloads and photo features are not kept for next time. Pass --cache-dir with a folder you can write to, to keep them.`,
      `Warning: 3 files in ${folder} were left out:`,
    ]);
    expect(stdout).toContain(`  f05.jpg: a broken link (its target ${join(folder, 'gone.jpg')} does not exist)\n`);
    expect(stdout).toContain(
      '  female_03.jpg: its name is not f or m then a number (as f01.jpg or m20.jpg), which --rule course-cats needs\n',
    );
    expect(stdout).toContain('  photo.jpg: its name is not f or m then a number');
    // The photo that cannot be decoded: the advice fits the command line, which has no strict mode.
    expect(stdout).toMatch(
      /^Warning: 1 of 5 images could not be read or decoded and was left out: .*m03\.jpg.*\. Remove or replace them\.$/m,
    );
    expect(stdout).not.toMatch(/strict/);
    expect(stdout).toMatch(/Proper validation: \d photos train, \d validate/);
  });

  it('photos of one class under --rule prefix: the advice is about the photos and --rule, not classes: 2', async () => {
    const folder = mkdtempSync(join(scratch, 'one-class-'));
    for (const name of ['f01', 'f02', 'f03']) copyFileSync(join(cats, `${name}.jpg`), join(folder, `cat_${name}.jpg`));
    const { code, stderr } = await tutorials(['transfer', folder, '--rule', 'prefix', '--validation', '0.5']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Error: Invalid classes: must be a whole number of at least 2, got 1\. Give the photos two classes or more: .*--rule prefix, <class>_name\.jpg/m,
    );
    expect(stderr).not.toMatch(/Pass classes: 2/);
  });
});

describe('a read-only cache folder', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'classify as an unprivileged user: one warning naming the folder, then the photo is classified (tests run as root)',
    () => {
      // Root writes anywhere, so the command runs as user "nobody", in a folder it may read but not write.
      const root = mkdtempSync(join(tmpdir(), 'dendrite-cli-read-only-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const readOnly = join(root, 'cache');
      mkdirSync(readOnly);
      chmodSync(root, 0o755);
      chmodSync(readOnly, 0o555);
      // A temporary folder "nobody" may write (the run's own belongs to root): the threaded wasm backend
      // writes its worker script there.
      const childTmp = join(root, 'tmp');
      mkdirSync(childTmp);
      chownSync(childTmp, 65534, 65534);
      const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
      const run = spawnSync(
        process.execPath,
        [cli, 'classify', join(photos, 'boef.jpg'), '--top', '1', '--cache-dir', join(readOnly, 'inner')],
        {
          encoding: 'utf8',
          uid: 65534,
          gid: 65534,
          cwd: root,
          env: { ...process.env, CI: 'true', TMPDIR: childTmp },
        },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.match(/^Warning: .*$/gm)).toEqual([
        `Warning: the cache folder cannot be used (${join(readOnly, 'inner')} cannot be written: ${readOnly} does not accept new files (EACCES)); going on without a cache, so downloads and photo features are not kept for next time. Pass --cache-dir with a folder you can write to, to keep them.`,
      ]);
      expect(run.stdout).toMatch(/Shih-Tzu/);
      // Its temporary folder was usable: no backend gave up for want of one.
      expect(run.stdout).not.toMatch(/EACCES: permission denied, mkdtemp/);
    },
  );
});

describe('destinations, checked before any long work', () => {
  it('--plots under a file, and explain --out under a file: refused at once, naming the file', async () => {
    const plots = await tutorials(['transfer', cats, '--plots', join(aFile, 'plots')]);
    expect(plots.code).toBe(1);
    expect(plots.stderr).toMatch(`Error: Invalid --plots: ${aFile}, above ${join(aFile, 'plots')}, is a file, not a folder.`);
    expect(plots.stdout).not.toMatch(/Features|Epoch/);
    const out = await tutorials(['explain', join(photos, 'boef.jpg'), '--out', join(aFile, 'boef.png')]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(`Error: Invalid --out: ${aFile} is a file, not a folder.`);
    expect(out.stdout).not.toMatch(/Grad-CAM|Top/);
  });
});

describe('course', () => {
  it('a part that fails does not stop the others; the course ends naming what failed, exit 1', async () => {
    const broken = join(scratch, 'broken.jpg');
    writeFileSync(broken, 'not a jpeg');
    const empty = mkdtempSync(join(scratch, 'no-cats-'));
    const { code, stdout, stderr } = await tutorials(['course', broken, '--cats', empty, '--backend', 'cpu']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/Epoch 10\/10/);
    expect(stdout).toMatch(/Part 3 · Classifying images/);
    expect(stdout).toMatch(/Part 4 · Transfer learning/);
    expect(stdout).toMatch(/^Error in part 4: Found no image files .* for one subfolder per class, pass --rule folders\.$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'The course ran every part, but 2 failed: part 3 (1 photo could not be classified), part 4 (EmptyDatasetError).',
    );
    expect(stderr).toBe('');
  });

  it('with --json the failed parts are listed in the result, and the exit code is 1', async () => {
    const broken = join(scratch, 'broken-too.jpg');
    writeFileSync(broken, 'not a jpeg');
    const empty = mkdtempSync(join(scratch, 'no-cats-'));
    const { code, stdout, stderr } = await tutorials(['course', broken, '--cats', empty, '--backend', 'cpu', '--json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as { failed: string[]; parts: { part: number; error?: { name: string; path: string } }[] };
    expect(result.failed).toEqual(['part 3 (1 photo could not be classified)', 'part 4 (EmptyDatasetError)']);
    expect(result.parts.map((part) => part.part)).toEqual([2, 3, 4]);
    expect(result.parts[2]?.error).toMatchObject({ name: 'EmptyDatasetError', path: empty });
    expect(stderr).toMatch(/^The course ran every part, but 2 failed/m);
  });
});
