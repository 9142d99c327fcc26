import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { clearPlatform, setPlatform } from '@dendrite/core';
import { createNodePlatform } from '@dendrite/node';
import { startStaticFileServer, type StaticFileServer } from '@dendrite/node/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClassify, runCoursePart3, type ClassifiedImage, type FailedImage } from './classify.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const shared = resolve(repoRoot, '../shared');
const models = resolve(shared, 'models');
const boef = resolve(shared, 'data/pythontutorials/boef.jpg');
const weights = resolve(models, 'mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const labels = resolve(models, 'imagenet-labels/imagenet_class_index.json');
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = promisify(execFile);

async function tutorials(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

interface ClassifyJson {
  command: string;
  part: number;
  parameters: number;
  images: Array<ClassifiedImage & FailedImage>;
  failed: number;
}

describe.skipIf(!existsSync(models) || !existsSync(boef))(`course part 3: classify${!existsSync(models) || !existsSync(boef) ? ' (skipped: ../shared is absent)' : ''}`, () => {
  let folder: string;
  let server: StaticFileServer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-classify-'));
    server = await startStaticFileServer({ root: shared });
    const platform = createNodePlatform({ offline: true, cacheDir: join(folder, 'empty-cache') });
    await platform.initBackend();
    setPlatform(platform);
  });
  afterAll(async () => {
    clearPlatform();
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('puts The Boef in class 155, Shih-Tzu, showing the steps of the course, and reports unreadable photos', async () => {
    const notAPhoto = join(folder, 'notes.jpg');
    await writeFile(notAPhoto, 'shopping list: carrots\n');
    const missing = join(folder, 'missing.jpg');
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const result = await runClassify({ images: [boef, notAPhoto, missing], weights, labels, top: 3, print: (line) => lines.push(line) });
    expect(tf.memory().numTensors).toBe(before);

    expect(result.parameters).toBe(3_538_984);
    expect(result.failed).toBe(2);
    const [first, second, third] = result.images as Array<ClassifiedImage & FailedImage>;
    expect(first?.predictionShape).toEqual([1, 1000]);
    expect(first?.inputShape).toEqual([1, 224, 224, 3]);
    expect(first?.mostActive.classIndex).toBe(155);
    expect(first?.mostActive.score).toBe(first?.top[0]?.score);
    expect(first?.top.map((p) => p.classIndex)).toHaveLength(3);
    expect(first?.top[0]).toMatchObject({ classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu' });
    expect(second?.error).toMatchObject({ name: 'ImageDecodeError', code: 'image-decode' });
    expect(second?.error.message).toContain(notAPhoto);
    expect(third?.error).toMatchObject({ name: 'ResourceNotFoundError', code: 'resource-not-found' });
    expect(third?.error.message).toContain(missing);

    expect(lines).toContain('  model.predict(x).shape: (1, 1000)');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}most active output neuron: 155 \(score 0\.\d{4}\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}1 {4}155 {2}n02086240 {3}Shih-Tzu +0\.\d{4}$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Error: Nothing found at .*missing\.jpg/));
  });

  it('in the course, says how to supply the weights when they cannot be downloaded, and carries on', async () => {
    const lines: string[] = [];
    const result = await runCoursePart3({ photo: boef, print: (line) => lines.push(line) });
    expect(result).toHaveProperty('skipped');
    const text = lines.join('\n');
    expect(text).toMatch(/Cannot get MobileNetV2's ImageNet weights\. .*not in the cache and offline mode is on/);
    expect(text).toContain('--weights path/to/model.json');
    expect(text).toContain('--labels path/to/imagenet_class_index.json');
    expect(lines.at(-1)).toBe('Part 3 is skipped; the rest of the course goes on.');

    const noPhoto: string[] = [];
    expect(await runCoursePart3({ photo: undefined, weights, labels, print: (line) => noPhoto.push(line) })).toHaveProperty('skipped');
    expect(noPhoto.join('\n')).toContain('dendrite-tutorials course path/to/boef.jpg');
  });

  it('in the course, classifies The Boef with local weights', async () => {
    const lines: string[] = [];
    const result = await runCoursePart3({ photo: boef, weights, labels, top: 1, print: (line) => lines.push(line) });
    expect(result).toMatchObject({ failed: 0, images: [{ mostActive: { classIndex: 155 } }] });
    expect(lines.at(-1)).toBe('The course reports class 155, Shih-Tzu, for The Boef.');
  });

  it('downloads weights and class names over HTTP with --json, then works offline from the cache', async () => {
    const cacheDir = join(folder, 'http-cache');
    const model = `${server.url}/models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json`;
    const classes = `${server.url}/models/imagenet-labels/imagenet_class_index.json`;
    const args = ['classify', '--weights', model, '--labels', classes, boef, '--json', '--cache-dir', cacheDir, '--top', '5'];
    const online = await tutorials(...args);
    expect(online.stderr).toMatch(/Downloading group1-shard1of2\.bin .*2048\/2048 \(100%\) kB/);
    expect(online.code).toBe(0);
    const result = JSON.parse(online.stdout) as ClassifyJson;
    expect(result).toMatchObject({ command: 'classify', part: 3, parameters: 3_538_984, failed: 0 });
    expect(result.images[0]?.predictionShape).toEqual([1, 1000]);
    expect(result.images[0]?.top[0]).toMatchObject({ classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu' });
    expect(result.images[0]?.top).toHaveLength(5);
    expect(server.requests.filter((path) => path.startsWith('/models/'))).toHaveLength(4);
    // Four files, each with its recorded sha256 beside it.
    const cached = await readdir(cacheDir);
    expect(cached.filter((name) => !name.endsWith('.sha256'))).toHaveLength(4);
    expect(cached.filter((name) => name.endsWith('.sha256'))).toHaveLength(4);

    server.requests.length = 0;
    const offline = await tutorials(...args, '--offline');
    expect(offline.code).toBe(0);
    expect((JSON.parse(offline.stdout) as ClassifyJson).images[0]?.top).toEqual(result.images[0]?.top);
    expect(server.requests).toEqual([]);
  });

  it('without weights and offline, says so in plain words, how to pass local copies, and exits non-zero', async () => {
    const { code, stdout, stderr } = await tutorials('classify', boef, '--offline', '--cache-dir', join(folder, 'none'));
    expect(code).toBe(1);
    expect(stdout).not.toContain('most active');
    expect(stderr).toMatch(/^Error: Cannot get MobileNetV2's ImageNet weights\./);
    expect(stderr).toContain("Cannot get the ImageNet class names from https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json");
    expect(stderr).toContain('--weights path/to/model.json');
    expect(stderr).toContain('--weights path/to/weights.h5');
    expect(stderr).toContain('--labels path/to/imagenet_class_index.json');
  });

  it('names a missing photo and exits non-zero, and asks for a photo when none is given', async () => {
    const missing = join(folder, 'nowhere.jpg');
    const { code, stdout } = await tutorials('classify', missing, '--weights', weights, '--labels', labels);
    expect(code).toBe(1);
    expect(stdout).toContain(`Error: Nothing found at ${missing}`);

    const none = await tutorials('classify', '--weights', weights);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no photo was given.*classify path\/to\/photo\.jpg/);
  });
});
