import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeKerasModel } from '@dendrite/keras';
import { MobileNetV2 } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { chromiumPath } from './testing/chromium.js';
import { pageSession } from './testing/page-session.js';
import { appRoot } from './testing/serve-app.js';

// The page end to end, built and served by Vite, driven in headless Chromium by Playwright. It
// needs nothing beside the repository: the weights and class names are built into the page, and
// the course's photos are the tutorials app's (apps/tutorials/photos), served beside the page.

const hasChromium = existsSync(chromiumPath);
const screenshots = join(appRoot, '.test-results');
const cats = fileURLToPath(new URL('../../tutorials/photos/cats', import.meta.url));
const embeddedAssets = fileURLToPath(new URL('../../../packages/mobilenet-embedded/assets', import.meta.url));

describe.skipIf(!hasChromium)(
  `the web app in headless Chromium${hasChromium ? '' : ` (skipped: no Chromium at ${chromiumPath}; apt-get install chromium)`}`,
  () => {
    const session = pageSession(screenshots);
    const { problems } = session;
    let page: Page;
    const open = async (search?: string): Promise<void> => {
      page = await session.open(search);
    };
    const tensors = (): Promise<number> => session.tensors();
    const shoot = (name: string, selector = 'body'): Promise<Buffer> =>
      page.locator(selector).screenshot({ path: join(screenshots, `${name}.png`), animations: 'disabled' });
    /** Waits for part 3's answer about `name` and returns the item. */
    const part3Answer = async (name: string) => {
      const item = page.locator(`#part3-results li[data-file="${name}"]`).first();
      await item.locator('xpath=self::*[@data-state="done" or @data-state="failed"]').waitFor({ timeout: 120_000 });
      return item;
    };

    afterAll(() => session.close());

    it('loads, and shows which backend runs and why', async () => {
      await open();
      const backend = await page.getAttribute('#backend', 'data-backend');
      expect(['webgl', 'wasm']).toContain(backend);
      expect(await page.textContent('#backend-summary')).toMatch(/^Backend: (webgl|wasm) \(/);
      const rows = await page
        .locator('#backend-report tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')));
      expect(rows.map((row) => row[0]).sort()).toEqual(['cpu', 'wasm', 'webgl']);
      const webgl = rows.find((row) => row[0] === 'webgl')!;
      if (backend === 'webgl') {
        expect(webgl[1]).toBe('selected');
        expect(webgl[3]).toMatch(/^WebGL [12]/);
      } else {
        // Without a GPU, Chromium draws WebGL with SwiftShader, and wasm is picked first as the faster.
        expect(webgl[3]).toMatch(/SwiftShader|WebGL/);
      }
      expect(await page.locator('#backend-report').isVisible()).toBe(true);
      await shoot('page-start', 'body');
    }, 90_000);

    it('part 2: trains the basic network to accuracy >= 0.95 with curves, summary and predictions', async () => {
      await open();
      const before = await tensors();
      await page.click('#part2-train');
      await page.waitForSelector('#part2[data-state="done"], #part2[data-state="failed"]', { timeout: 120_000 });
      expect(await page.getAttribute('#part2', 'data-state')).toBe('done');
      expect(Number(await page.getAttribute('#part2', 'data-final-accuracy'))).toBeGreaterThanOrEqual(0.95);
      expect(await page.getAttribute('#part2-argmax', 'data-argmax')).toBe('0 0 0 0 0 1 1 1 1 1');
      // The data, the model and its optimizer are freed once the predictions are shown.
      expect(await tensors()).toBe(before);
      const summary = await page.textContent('#part2-summary');
      expect(summary).toContain('Total params: 34');
      const log = await page.textContent('#part2-log');
      expect(log).toMatch(/Epoch 10\/10\n\d+\/\d+ - .*val_accuracy: \d\.\d{4}/);
      // One row per epoch in the chart's table, and both curves drawn.
      expect(await page.locator('#part2-chart .chart-values tbody tr').count()).toBe(10);
      expect(await page.locator('#part2-chart polyline.line-validation').count()).toBe(2);
      await shoot('part2', '#part2');
    }, 150_000);

    it('a corrupt image gives a visible, friendly error', async () => {
      await open();
      const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]);
      await page.setInputFiles('#part3-files', [{ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: broken }]);
      const item = page.locator('#part3-results li[data-file="broken.jpg"]');
      await item.locator('xpath=self::*[@data-state="failed"]').waitFor({ timeout: 30_000 });
      const error = item.locator('[role="alert"]');
      expect(await error.isVisible()).toBe(true);
      expect(await error.textContent()).toMatch(/broken\.jpg is not a photo this browser can read.*JPEG/);
      await shoot('corrupt-image', '#part3');
    }, 60_000);

    it("part 3: the course's photo, one click away, is class 155 Shih-Tzu with the weights built into the page", async () => {
      await open();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      expect(await page.textContent('#part3-weights')).toMatch(
        /built into the page: ImageNet weights in 8 bits \(uint8\), derived from\s+Google's quantised TFLite/,
      );
      await page.click('#part3-course-photo');
      const item = await part3Answer('boef.jpg');
      expect(await item.getAttribute('data-state')).toBe('done');
      expect(await item.getAttribute('data-class-index')).toBe('155');
      expect(await item.getAttribute('data-class-name')).toBe('Shih-Tzu');
      expect(await item.locator('.score').count()).toBe(5);
      // Nothing came from another server, and no weights file was downloaded: they are in the page's code.
      const origin = new URL(page.url()).origin;
      expect(requests.filter((url) => /^https?:/.test(url) && new URL(url).origin !== origin)).toEqual([]);
      expect(requests.filter((url) => /\.(bin|h5)$|model\.json|class_index/.test(url))).toEqual([]);
      await shoot('part3', '#part3');
    }, 180_000);

    it('part 3: your own weights, a model.json picked with its shards, classify boef.jpg the same way', async () => {
      await open();
      await page.setInputFiles(
        '#own-weights-files',
        ['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin'].map((name) => join(embeddedAssets, name)),
      );
      expect(await page.textContent('#own-weights-status')).toContain('model.json, group1-shard1of2.bin, group1-shard2of2.bin');
      await page.click('#part3-course-photo');
      const item = await part3Answer('boef.jpg');
      expect(await item.getAttribute('data-class-index')).toBe('155');
    }, 180_000);

    it('part 3: a whole Keras .keras model picked as your own weights classifies boef.jpg as 155 (saved by real Keras where it is installed)', async () => {
      // The ImageNet model as a .keras file; where Python has Keras, Keras loads it and saves it again,
      // so the page reads a file Keras itself wrote.
      await useNodePlatform({ offline: true });
      const model = await MobileNetV2({ weights: 'imagenet-uint8' });
      const folder = mkdtempSync(join(tmpdir(), 'dendrite-keras-page-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const ours = join(folder, 'mobilenet_v2.keras');
      writeFileSync(ours, await encodeKerasModel(model, { format: 'keras' }));
      model.dispose();
      const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';
      const byKeras = join(folder, 'saved_by_keras.keras');
      const resave = spawnSync(python, ['-c', 'import sys, keras; keras.saving.load_model(sys.argv[1]).save(sys.argv[2])', ours, byKeras], {
        encoding: 'utf8',
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
      });
      // Where CI names a Python with Keras, the file must come from Keras; elsewhere Dendrite's own is read.
      if (process.env['DENDRITE_KERAS_PYTHON'] !== undefined) expect(resave.status, resave.stderr).toBe(0);
      const file = resave.status === 0 && existsSync(byKeras) ? byKeras : ours;
      await open();
      await page.setInputFiles('#own-weights-files', file);
      expect(await page.textContent('#own-weights-status')).toContain(file.slice(file.lastIndexOf('/') + 1));
      await page.click('#part3-course-photo');
      const item = await part3Answer('boef.jpg');
      expect(await item.getAttribute('data-class-index')).toBe('155');
    }, 300_000);

    it('part 3: a model.json picked without its shards fails with a title naming it and advice for the page', async () => {
      await open();
      await page.setInputFiles('#own-weights-files', [join(embeddedAssets, 'model.json')]);
      await page.click('#part3-course-photo');
      const item = await part3Answer('boef.jpg');
      expect(await item.getAttribute('data-state')).toBe('failed');
      const alert = page.locator('#part3-model-status [role="alert"]');
      expect(await alert.locator('strong').textContent()).toBe('Could not read model.json');
      expect(await alert.textContent()).toMatch(
        /lists group1-shard1of2\.bin, which was not picked.*Pick model\.json and all its \.bin files together/,
      );
    }, 120_000);

    it('part 3: a class-names file that cannot be had is named in the title, with advice a page user can follow', async () => {
      await open('labels=missing_class_index.json');
      await page.click('#part3-course-photo');
      await part3Answer('boef.jpg');
      const alert = page.locator('#part3-model-status [role="alert"]');
      const title = await alert.locator('strong').textContent();
      expect(title).toContain('missing_class_index.json');
      expect(title).not.toMatch(/weights/);
      // The page serves its index for unknown paths, so the "class names" are HTML: not valid JSON.
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain('missing_class_index.json: is not valid JSON');
      expect(text).toContain('clear the weights and class names under Settings');
      expect(text).not.toMatch(/local path/);
    }, 120_000);

    it("part 4: the course's 40 cats, one click away, train a two-class head that fits its training photos, predict, and are saved", async () => {
      await open();
      await page.click('#part4-course-cats');
      await expect
        .poll(() => page.locator('#part4-classes .count').allTextContents(), { timeout: 30_000 })
        .toEqual(['20 photos.', '20 photos.']);
      expect(await page.inputValue('#part4-validation')).toBe('5');
      await page.click('#part4-train');
      await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 240_000 });
      expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');
      const epochs = page.locator('#part4-chart .chart-values tbody tr');
      expect(await epochs.count()).toBe(20);
      const loss = async (row: number): Promise<number> => Number(await epochs.nth(row).locator('td').first().textContent());
      expect(await loss(19)).toBeLessThan(await loss(0));
      // 10 held-back photos: the accuracy is a whole number of tenths, and the page says the same.
      const validation = Number(await page.getAttribute('#part4', 'data-validation-accuracy'));
      expect(Math.abs(validation * 10 - Math.round(validation * 10))).toBeLessThan(1e-6);
      expect(validation).toBeLessThanOrEqual(1);
      const status = (await page.textContent('#part4-status')) ?? '';
      expect(status).toMatch(/Training accuracy (0\.9\d|1\.00) on 30 photos/);
      expect(status).toContain(`validation accuracy ${validation.toFixed(2)} on 10 held-back photos`);

      await page.setInputFiles('#part4-predict-files', [join(cats, 'f04.jpg'), join(cats, 'm04.jpg')]);
      const predicted = page.locator('#part4-results li[data-state="done"]');
      await expect.poll(() => predicted.count(), { timeout: 60_000 }).toBe(2);
      for (const name of await predicted.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.className))) {
        expect(['female', 'male']).toContain(name);
      }
      // Training again replaces the new layer and frees the old one with its optimizer.
      const before = await tensors();
      await page.evaluate(() => document.querySelector<HTMLElement>('#part4')!.removeAttribute('data-state'));
      await page.click('#part4-train');
      await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 240_000 });
      expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');
      expect(await tensors()).toBe(before);

      await page.click('#part4-save');
      await page.waitForFunction(() => document.querySelector('#part4')?.getAttribute('data-saved') === 'true', undefined, {
        timeout: 60_000,
      });
      expect(await page.textContent('#part4-saved')).toMatch(/Saved in this browser \(classes female, male\)/);
      await shoot('part4', '#part4');

      // After a reload the saved model predicts again.
      await open();
      await page.waitForSelector('#part4-load:not([hidden])', { timeout: 30_000 });
      await page.click('#part4-load');
      await page.waitForSelector('#part4[data-state="loaded"]', { timeout: 60_000 });
      expect(await page.textContent('#part4-saved')).toMatch(/Loaded the saved model: classes female, male/);
      await page.setInputFiles('#part4-predict-files', join(cats, 'm05.jpg'));
      const item = page.locator('#part4-results li[data-file="m05.jpg"]').first();
      await item.locator('xpath=self::*[@data-state="done"]').waitFor({ timeout: 60_000 });
      expect(['female', 'male']).toContain(await item.getAttribute('data-class-name'));
    }, 600_000);

    it('the benchmark page times MobileNetV2 on each backend', async () => {
      await open('bench=1');
      await page.waitForSelector('#bench[data-results]', { timeout: 120_000 });
      const results = JSON.parse((await page.getAttribute('#bench', 'data-results')) ?? '[]') as Array<{
        backend: string;
        detail: string;
        batch1Ms?: number;
        batch32ImagesPerSecond?: number;
        batch32Estimated?: boolean;
        note?: string;
      }>;
      console.log(
        [
          'MobileNetV2 1.0 224x224 in headless Chromium:',
          ...results.map(
            (result) =>
              `  ${result.backend.padEnd(6)} batch 1: ${result.batch1Ms === undefined ? 'failed' : `${result.batch1Ms.toFixed(0)} ms`}` +
              `, batch 32: ${result.batch32ImagesPerSecond === undefined ? '-' : `${result.batch32Estimated ? '~' : ''}${result.batch32ImagesPerSecond.toFixed(1)} images/s`}` +
              ` (${result.detail}${result.note ? `; ${result.note}` : ''})`,
          ),
        ].join('\n'),
      );
      expect(results.map((result) => result.backend)).toEqual(['webgl', 'wasm', 'cpu']);
      expect(results.filter((result) => result.batch1Ms !== undefined).length).toBeGreaterThanOrEqual(2);
      await shoot('bench', '#bench');
    }, 150_000);

    it('logged no console errors along the way', async () => {
      await session.start();
      // The one test that asks for a missing file expects the browser's 404 line for it.
      expect(problems.filter((problem) => !/404/.test(problem))).toEqual([]);
    });
  },
);
