import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setPlatform } from '@dendrite/core';
import { clearPlatform } from '@dendrite/core/testing';
import { createNodePlatform } from '@dendrite/node';
import { startStaticFileServer, type StaticFileServer } from '@dendrite/node/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClassify, runCoursePart3, type ClassifiedImage, type FailedImage } from './classify.js';

// Everything these tests need is in the repository: the course's photo ships with the app, and the
// embedded weights' own files (served over HTTP below) are in @dendrite/mobilenet-embedded.
const boef = fileURLToPath(new URL('../../photos/boef.jpg', import.meta.url));
const assets = fileURLToPath(new URL('../../../../packages/mobilenet-embedded/assets', import.meta.url));
const weights = join(assets, 'model.json');
const labels = join(assets, 'imagenet_class_index.json');
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

describe('course part 3: classify', () => {
  let folder: string;
  let server: StaticFileServer;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dendrite-classify-'));
    server = await startStaticFileServer({ root: assets });
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

  it("in the course, says how to supply Keras's weights when they cannot be downloaded, and carries on", async () => {
    const lines: string[] = [];
    const result = await runCoursePart3({ photo: boef, weights: 'imagenet', print: (line) => lines.push(line) });
    expect(result).toHaveProperty('skipped');
    const text = lines.join('\n');
    expect(text).toMatch(/Cannot get Keras's ImageNet weights for MobileNetV2\. .*not in the cache and offline mode is on/);
    expect(text).toContain('leave out --weights and --labels');
    expect(text).toContain('--weights path/to/model.json');
    expect(text).toContain('--labels path/to/imagenet_class_index.json');
    expect(lines.at(-1)).toBe('Part 3 is skipped; the rest of the course goes on.');

    const noPhoto: string[] = [];
    expect(await runCoursePart3({ photo: undefined, weights, labels, print: (line) => noPhoto.push(line) })).toHaveProperty('skipped');
    expect(noPhoto.join('\n')).toContain('npm run tutorials -- course path/to/photo.jpg');
  });

  it('in the course, classifies The Boef with the embedded weights by default, offline, saying which weights they are', async () => {
    const lines: string[] = [];
    const result = await runCoursePart3({ photo: boef, top: 1, print: (line) => lines.push(line) });
    expect(result).toMatchObject({ weights: 'imagenet-uint8', failed: 0, images: [{ mostActive: { classIndex: 155 }, top: [{ classIndex: 155, className: 'Shih-Tzu' }] }] });
    expect(lines).toContainEqual(expect.stringMatching(/^The weights: 'imagenet-uint8', embedded \(no download\): 8-bit weights derived from Google's quantised TFLite/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}1 {4}155 {2}n02086240 {3}Shih-Tzu +0\.87\d\d$/));
  });

  it('in the course, classifies The Boef with local weights', async () => {
    const lines: string[] = [];
    const result = await runCoursePart3({ photo: boef, weights, labels, top: 1, print: (line) => lines.push(line) });
    expect(result).toMatchObject({ failed: 0, images: [{ mostActive: { classIndex: 155 } }] });
    expect(lines.at(-1)).toBe('The course reports class 155, Shih-Tzu, for The Boef.');
  });

  it('downloads weights and class names over HTTP with --json, then works offline from the cache', async () => {
    const cacheDir = join(folder, 'http-cache');
    const model = `${server.url}/model.json`;
    const classes = `${server.url}/imagenet_class_index.json`;
    const args = ['classify', '--weights', model, '--labels', classes, boef, '--json', '--cache-dir', cacheDir, '--top', '5'];
    const online = await tutorials(...args);
    expect(online.stderr).toMatch(/Downloading group1-shard1of2\.bin .*2048\/2048 \(100%\) kB/);
    expect(online.code).toBe(0);
    const result = JSON.parse(online.stdout) as ClassifyJson;
    expect(result).toMatchObject({ command: 'classify', part: 3, parameters: 3_538_984, failed: 0 });
    expect(result.images[0]?.predictionShape).toEqual([1, 1000]);
    expect(result.images[0]?.top[0]).toMatchObject({ classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu' });
    expect(result.images[0]?.top).toHaveLength(5);
    expect(server.requests).toHaveLength(4);
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

  it("without Keras's weights and offline, says so in plain words, what to do, and exits non-zero", async () => {
    const keras = ['--weights', 'imagenet', '--labels', 'https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json'];
    const { code, stdout, stderr } = await tutorials('classify', boef, ...keras, '--offline', '--cache-dir', join(folder, 'none'));
    expect(code).toBe(1);
    expect(stdout).not.toContain('most active');
    expect(stderr).toMatch(/^Error: Cannot get Keras's ImageNet weights for MobileNetV2\./);
    expect(stderr).toContain("Cannot get the ImageNet class names from https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json");
    expect(stderr).toContain('--weights path/to/model.json');
    expect(stderr).toContain('--weights path/to/weights.h5');
    expect(stderr).toContain('--labels path/to/imagenet_class_index.json');
    expect(stderr).toContain('npm run tutorials -- classify photo.jpg');
    expect(stderr).not.toContain('dendrite-tutorials');
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
