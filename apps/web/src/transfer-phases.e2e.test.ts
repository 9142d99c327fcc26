import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { summaryTable, unfreeze } from '@dendrite/core';
import { buildMobileNetV2, transferModel } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPath } from './testing/chromium.js';
import { pageSession } from './testing/page-session.js';
import { appRoot } from './testing/serve-app.js';

// Part 4's two steps beyond the course (issue 15), end to end in headless Chromium: augmented copies
// of a photo, and both phases of TensorFlow's MobileNetV2 tutorial trained on the course's cats.

const hasChromium = existsSync(chromiumPath);
const screenshots = join(appRoot, '.test-results');
const cats = join(appRoot, '../tutorials/photos/cats');
// The Keras way runs every photo through MobileNetV2 every epoch (with augmentation the frozen base
// cannot be computed once), here for the course's 40 cats and one epoch per phase.

/**
 * The backend the training test forces: wasm, the one headless Chromium without a GPU picks.
 * TensorFlow.js's wasm backend has no convolution gradients of its own; Dendrite registers them when
 * it starts wasm, so the page fine-tunes there. `DENDRITE_PAGE_FINE_TUNE_BACKEND=webgl` (or cpu) picks another.
 */
const trainingBackend = process.env['DENDRITE_PAGE_FINE_TUNE_BACKEND'] ?? 'wasm';

/** What Keras's summary counts as trainable after unfreezing MobileNetV2's transfer model from layer 100. */
async function expectedTrainableParams(): Promise<number> {
  await useNodePlatform({ offline: true });
  const model = transferModel(buildMobileNetV2(), { classNames: ['female', 'male'], seed: 1 });
  try {
    unfreeze(model, { from: 100 });
    return summaryTable(model).trainableParams;
  } finally {
    model.dispose();
  }
}

describe.skipIf(!hasChromium)(
  `augmentation and fine-tuning on the page${hasChromium ? '' : ` (skipped: no Chromium at ${chromiumPath}; apt-get install chromium)`}`,
  () => {
    const session = pageSession(screenshots);
    const { problems } = session;
    let page: Page;
    const open = async (search?: string): Promise<void> => {
      page = await session.open(search);
    };
    const tensors = (): Promise<number> => session.tensors();
    /** Every canvas of the preview row as RGBA bytes, the photo first. */
    const previewPixels = (): Promise<number[][]> =>
      page.locator('#augment-copies canvas').evaluateAll((canvases) =>
        canvases.map((canvas) => {
          const c = canvas as HTMLCanvasElement;
          return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
        }),
      );
    const meanDifference = (a: readonly number[], b: readonly number[]): number => {
      let sum = 0;
      for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
      return sum / a.length;
    };
    const train = async (): Promise<void> => {
      await page.evaluate(() => document.querySelector<HTMLElement>('#part4')!.removeAttribute('data-state'));
      await page.click('#part4-train');
      await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 900_000 });
      expect(await page.getAttribute('#part4', 'data-state'), (await page.textContent('#part4-status')) ?? '').toBe('trained');
    };

    afterAll(() => session.close());

    it('draws six augmented copies of a photo, each flipped or turned, new ones on request', async () => {
      await open();
      await page.click('#augment-new');
      await page.waitForSelector('#augment-copies[data-seed="1"]', { timeout: 30_000 });
      const first = await previewPixels();
      expect(first).toHaveLength(7);
      const [photo, ...copies] = first as [number[], ...number[][]];
      // The photo as loaded is a photo, not a blank canvas.
      expect(new Set(photo.filter((_, i) => i % 4 === 0)).size).toBeGreaterThan(50);
      for (const copy of copies) expect(meanDifference(copy, photo)).toBeGreaterThan(5);
      for (let i = 1; i < copies.length; i += 1) expect(meanDifference(copies[i]!, copies[0]!)).toBeGreaterThan(1);

      await page.click('#augment-new');
      await page.waitForSelector('#augment-copies[data-seed="2"]', { timeout: 30_000 });
      const second = await previewPixels();
      expect(second[0]).toEqual(photo);
      expect(meanDifference(second[1]!, copies[0]!)).toBeGreaterThan(1);
      await page.locator('#augment-preview').screenshot({ path: join(screenshots, 'augmentation-preview.png') });
    }, 120_000);

    it('says which way it trains, and offers fine-tuning on wasm, which has convolution gradients through Dendrite', async () => {
      await open('backend=wasm');
      expect(await page.textContent('#part4-way')).toMatch(/^The fast way/);
      await page.check('#part4-augment');
      expect(await page.textContent('#part4-way')).toMatch(
        /^The Keras way\. The fast way \(features computed once per photo\) cannot be used, since augmentation changes every photo/,
      );
      await page.check('#part4-fine-tune');
      // TensorFlow.js's wasm backend lacks Conv2DBackpropFilter and the depthwise gradients; Dendrite registers them.
      expect(await page.textContent('#part4-way')).not.toMatch(/lacks/);
      expect(await page.textContent('#part4-way')).toMatch(/^The Keras way/);
    }, 120_000);

    it(`trains both phases on the course's 40 cats (augmented, then fine-tuned from layer 100, on ${trainingBackend}), and the shared MobileNetV2 is left as it was`, async () => {
      await open(`backend=${trainingBackend}`);
      expect(await page.getAttribute('#backend', 'data-backend')).toBe(trainingBackend);
      await page.click('#part4-course-cats');
      await expect
        .poll(() => page.locator('#part4-classes .count').allTextContents(), { timeout: 30_000 })
        .toEqual(['20 photos.', '20 photos.']);
      // A fast run first: its count of live tensors is what any run that replaced it must come back to.
      await page.fill('#part4-epochs', '2');
      await train();
      expect(await page.getAttribute('#part4', 'data-way')).toBe('fast');
      const afterFastRun = await tensors();

      // The tutorial's two phases, with 1 epoch each to keep the test short.
      await page.fill('#part4-epochs', '1');
      await page.check('#part4-augment');
      await page.check('#part4-fine-tune');
      expect(await page.inputValue('#part4-fine-tune-from')).toBe('100');
      expect(await page.inputValue('#part4-fine-tune-epochs')).toBe('10');
      expect(Number(await page.inputValue('#part4-fine-tune-learning-rate'))).toBe(1e-5);
      await page.fill('#part4-fine-tune-epochs', '1');
      await train();
      expect(await page.getAttribute('#part4', 'data-way')).toBe('keras');
      expect(await page.getAttribute('#part4', 'data-phases')).toBe('2');
      const trainable = await expectedTrainableParams();
      expect(Number(await page.getAttribute('#part4', 'data-trainable-params'))).toBe(trainable);
      const status = (await page.textContent('#part4-status')) ?? '';
      expect(status).toContain(`Fine-tuning trained ${trainable.toLocaleString('en-US')} parameters`);
      expect(status).toMatch(/Training accuracy \d\.\d\d on 30 photos, (but )?validation accuracy \d\.\d\d on 10 held-back photos/);
      const log = (await page.textContent('#part4-log')) ?? '';
      expect(log).toMatch(/Phase 1: the new layer trains on the frozen MobileNetV2, 1 epoch\(s\), each photo flipped and rotated anew/);
      expect(log).toMatch(/Phase 2, fine-tuning: MobileNetV2 from layer 100 on trains too .* epochs 2 to 2\./);
      // Keras's verbose 2 lines (no header for a run of one epoch, as Keras 3): the second phase
      // continues the epochs of the first.
      expect(log).toMatch(/anew.*\n1\/1 - .*val_accuracy: \d\.\d{4}\n[\s\S]*\nEpoch 2\/2\n1\/1 - .*val_accuracy: \d\.\d{4}\n/);
      // One chart, both phases: epoch 2 is the fine-tuning one, after the line that marks it.
      const rows = page.locator('#part4-chart .chart-values tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(1).getAttribute('data-phase')).toBe('2');
      expect(await rows.nth(0).getAttribute('data-phase')).toBeNull();
      expect(await page.locator('#part4-chart svg .phase-line').count()).toBe(2);
      expect(await page.locator('#part4-chart polyline.line-validation').count()).toBe(2);
      for (const cell of await rows.locator('td').allTextContents()) expect(Number.isFinite(Number(cell))).toBe(true);
      await page.locator('#part4').screenshot({ path: join(screenshots, 'part4-fine-tuned.png') });

      // The fine-tuned model predicts.
      await page.setInputFiles('#part4-predict-files', join(cats, 'f05.jpg'));
      const predicted = page.locator('#part4-results li[data-file="f05.jpg"]').first();
      await predicted.locator('xpath=self::*[@data-state="done"]').waitFor({ timeout: 120_000 });
      expect(['female', 'male']).toContain(await predicted.getAttribute('data-class-name'));

      // A fast run replaces the fine-tuned model: its copy of MobileNetV2, optimizer and photos are all freed.
      await page.uncheck('#part4-augment');
      await page.uncheck('#part4-fine-tune');
      await page.fill('#part4-epochs', '2');
      await train();
      expect(await page.getAttribute('#part4', 'data-way')).toBe('fast');
      expect(await tensors()).toBe(afterFastRun);

      // Fine-tuning trained a copy: part 3's MobileNetV2, which part 4 shares, still says 155 for boef.jpg.
      await page.click('#part3-course-photo');
      const classified = page.locator('#part3-results li[data-file="boef.jpg"]').first();
      await classified.locator('xpath=self::*[@data-state="done" or @data-state="failed"]').waitFor({ timeout: 120_000 });
      expect(await classified.getAttribute('data-class-index')).toBe('155');
    }, 1_500_000);

    it('logged no console errors along the way', async () => {
      await session.start();
      expect(problems).toEqual([]);
    });
  },
);
