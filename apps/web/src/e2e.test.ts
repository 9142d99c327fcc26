import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from './testing/chromium.js';
import { appRoot, serveApp } from './testing/serve-app.js';

// The page end to end, built and served by Vite, driven in headless Chromium by Playwright.

const shared = resolve(appRoot, '../../../shared');
const hasShared = existsSync(join(shared, 'models')) && existsSync(join(shared, 'data', 'pythontutorials'));
const hasChromium = existsSync(chromiumPath);
const screenshots = join(appRoot, '.test-results');
const photos = join(shared, 'data', 'pythontutorials');
const cats = join(photos, 'cats');

/** The page with the shared weights and class names, served by the test server from ../shared. */
const query = new URLSearchParams({
  weights: '/models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json',
  labels: '/models/imagenet-labels/imagenet_class_index.json',
}).toString();

describe.skipIf(!hasChromium)(
  `the web app in headless Chromium${hasChromium ? '' : ` (skipped: no Chromium at ${chromiumPath}; apt-get install chromium)`}`,
  () => {
    let app: Awaited<ReturnType<typeof serveApp>>;
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let page: Page;
    const problems: string[] = [];

    const open = async (search: string): Promise<void> => {
      await page.goto(`${app.url}?${search}`);
      await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
      expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    };
    /** The page's count of live tensors (its footer refreshes it every 500 ms). */
    const tensors = async (): Promise<number> => {
      await page.waitForTimeout(600);
      return Number(await page.getAttribute('#memory', 'data-tensors'));
    };
    const shoot = (name: string, selector = 'body'): Promise<Buffer> =>
      page.locator(selector).screenshot({ path: join(screenshots, `${name}.png`), animations: 'disabled' });

    beforeAll(async () => {
      await mkdir(screenshots, { recursive: true });
      app = await serveApp();
      browser = await launchChromium();
      page = browser.context.pages()[0] ?? (await browser.context.newPage());
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it('loads, and shows which backend runs and why', async () => {
      await open(query);
      const backend = await page.getAttribute('#backend', 'data-backend');
      expect(['webgl', 'wasm']).toContain(backend);
      expect(await page.textContent('#backend-summary')).toMatch(/^Backend: (webgl|wasm) \(/);
      const rows = await page.locator('#backend-report tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')),
      );
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
      const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]);
      await page.setInputFiles('#part3-files', [{ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: broken }]);
      const item = page.locator('#part3-results li[data-file="broken.jpg"]');
      await item.locator('xpath=self::*[@data-state="failed"]').waitFor({ timeout: 30_000 });
      const error = item.locator('[role="alert"]');
      expect(await error.isVisible()).toBe(true);
      expect(await error.textContent()).toMatch(/broken\.jpg is not a photo this browser can read.*JPEG/);
      await shoot('corrupt-image', '#part3');
    }, 60_000);

    describe.skipIf(!hasShared)(`with the course's weights and photos${hasShared ? '' : ` (skipped: ${shared} is absent)`}`, () => {
      it('part 3: boef.jpg is classified as Shih-Tzu, after the weights download', async () => {
        // A slow connection, so that the download bar can be seen.
        const network = await browser.context.newCDPSession(page);
        await network.send('Network.enable');
        await network.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 3_000_000, uploadThroughput: -1 });
        await page.setInputFiles('#part3-files', join(photos, 'boef.jpg'));
        const bar = page.locator('#part3-model-status progress');
        await expect.poll(async () => Number((await bar.getAttribute('value', { timeout: 30_000 })) ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
        expect(await page.textContent('#part3-model-status')).toMatch(/Downloading .+: \d+\.\d MB so far/);
        await shoot('part3-downloading', '#part3');
        await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
        await network.detach();
        const item = page.locator('#part3-results li[data-file="boef.jpg"]');
        await item.locator('xpath=self::*[@data-state="done" or @data-state="failed"]').waitFor({ timeout: 90_000 });
        expect(await item.getAttribute('data-state')).toBe('done');
        expect(await item.getAttribute('data-class-index')).toBe('155');
        expect(await item.getAttribute('data-class-name')).toBe('Shih-Tzu');
        expect(await item.locator('.score').count()).toBe(5);
        // The first use downloaded the weights (drawn with a progress bar) and kept them.
        expect(await page.getAttribute('#part3-model-status .ready', 'data-from-cache')).toBe('false');
        expect(await page.evaluate(async () => (await (await caches.open('dendrite')).keys()).length)).toBeGreaterThanOrEqual(3);
        await shoot('part3', '#part3');
      }, 120_000);

      it('part 4: a two-class head trains on 3 + 3 cats, predicts, and is saved', async () => {
        await page.fill('#part4-class-1-name', 'female');
        await page.fill('#part4-class-2-name', 'male');
        await page.setInputFiles('#part4-class-1-files', ['f01.jpg', 'f02.jpg', 'f03.jpg'].map((name) => join(cats, name)));
        await page.setInputFiles('#part4-class-2-files', ['m01.jpg', 'm02.jpg', 'm03.jpg'].map((name) => join(cats, name)));
        await page.fill('#part4-validation', '1');
        await page.click('#part4-train');
        await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 120_000 });
        expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');
        const epochs = page.locator('#part4-chart .chart-values tbody tr');
        expect(await epochs.count()).toBe(20);
        const loss = async (row: number): Promise<number> => Number(await epochs.nth(row).locator('td').first().textContent());
        expect(await loss(19)).toBeLessThan(await loss(0));
        expect(Number(await page.getAttribute('#part4', 'data-validation-accuracy'))).toBeGreaterThanOrEqual(0);
        expect(await page.textContent('#part4-status')).toMatch(/Training accuracy \d\.\d\d on 4 photos.*validation accuracy \d\.\d\d on 2/);

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
        await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 120_000 });
        expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');
        expect(await tensors()).toBe(before);

        await page.click('#part4-save');
        await page.waitForFunction(() => document.querySelector('#part4')?.getAttribute('data-saved') === 'true', undefined, { timeout: 60_000 });
        expect(await page.textContent('#part4-saved')).toMatch(/Saved in this browser \(classes female, male\)/);
        await shoot('part4', '#part4');
      }, 180_000);

      it('after a reload: the saved model predicts again, and offline the weights come from the cache', async () => {
        await open(query);
        await page.waitForSelector('#part4-load:not([hidden])', { timeout: 30_000 });
        await page.click('#part4-load');
        await page.waitForSelector('#part4[data-state="loaded"]', { timeout: 60_000 });
        expect(await page.textContent('#part4-saved')).toMatch(/Loaded the saved model: classes female, male/);
        const predict = async (name: string): Promise<string | null> => {
          await page.setInputFiles('#part4-predict-files', join(cats, name));
          const item = page.locator(`#part4-results li[data-file="${name}"]`).first();
          await item.locator('xpath=self::*[@data-state="done"]').waitFor({ timeout: 60_000 });
          return item.getAttribute('data-class-name');
        };
        expect(['female', 'male']).toContain(await predict('m05.jpg'));
        // Predicting leaves no tensor behind: the footer's count is the same after another photo.
        const before = await tensors();
        expect(['female', 'male']).toContain(await predict('f05.jpg'));
        expect(await tensors()).toBe(before);
        await shoot('part4-reloaded', '#part4');

        // Without a network, the weights and class names come from the browser's cache.
        await browser.context.setOffline(true);
        try {
          await page.setInputFiles('#part3-files', join(photos, 'boef.jpg'));
          const again = page.locator('#part3-results li[data-file="boef.jpg"]');
          await again.locator('xpath=self::*[@data-state="done" or @data-state="failed"]').waitFor({ timeout: 60_000 });
          expect(await again.getAttribute('data-class-name')).toBe('Shih-Tzu');
          expect(await page.getAttribute('#part3-model-status .ready', 'data-from-cache')).toBe('true');
          const before = await tensors();
          await page.setInputFiles('#part3-files', join(cats, 'f06.jpg'));
          await page.locator('#part3-results li[data-file="f06.jpg"][data-state="done"]').waitFor({ timeout: 60_000 });
          expect(await tensors()).toBe(before);
        } finally {
          await browser.context.setOffline(false);
        }
      }, 150_000);
    });

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

    it('logged no console errors along the way', () => {
      expect(problems).toEqual([]);
    });
  },
);
