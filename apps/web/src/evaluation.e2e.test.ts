import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from './testing/chromium.js';
import { appRoot, serveApp } from './testing/serve-app.js';
import { watchedPage } from './testing/watched-page.js';

// Part 4's confusion matrix and heatmaps, end to end in headless Chromium (issue 16).

// The page's built-in weights and the course's photos that ship with the tutorials app: no ../shared.
const ready = existsSync(chromiumPath);
const why = `no Chromium at ${chromiumPath}; apt-get install chromium`;
const cats = resolve(appRoot, '../tutorials/photos/cats');
const screenshots = join(appRoot, '.test-results');

describe.skipIf(!ready)(`what the model learned, on the page${ready ? '' : ` (skipped: ${why})`}`, () => {
  let app: Awaited<ReturnType<typeof serveApp>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const problems: string[] = [];
  const tensors = async (): Promise<number> => {
    await page.waitForTimeout(600);
    return Number(await page.getAttribute('#memory', 'data-tensors'));
  };

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    app = await serveApp();
    browser = await launchChromium();
    page = await watchedPage(browser.context, problems);
    await page.goto(app.url);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('after training, a confusion matrix of the held-back photos whose cells show their photos', async () => {
    await page.fill('#part4-class-1-name', 'female');
    await page.fill('#part4-class-2-name', 'male');
    await page.setInputFiles(
      '#part4-class-1-files',
      ['f01.jpg', 'f02.jpg', 'f03.jpg', 'f04.jpg'].map((name) => join(cats, name)),
    );
    await page.setInputFiles(
      '#part4-class-2-files',
      ['m01.jpg', 'm02.jpg', 'm03.jpg', 'm04.jpg'].map((name) => join(cats, name)),
    );
    await page.fill('#part4-validation', '2');
    await page.click('#part4-train');
    await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 150_000 });
    expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');

    const cells = page.locator('#part4-evaluation .confusion-matrix button.cell');
    expect(await cells.count()).toBe(4);
    const counts = await cells.evaluateAll((buttons) => buttons.map((b) => Number((b as HTMLElement).dataset.count)));
    // Two held-back photos per class: each row sums to 2.
    expect([(counts[0] ?? 0) + (counts[1] ?? 0), (counts[2] ?? 0) + (counts[3] ?? 0)]).toEqual([2, 2]);
    // The matrix agrees with the validation accuracy Keras's log reported.
    const accuracy = Number(await page.getAttribute('#part4', 'data-validation-accuracy'));
    expect(((counts[0] ?? 0) + (counts[3] ?? 0)) / 4).toBeCloseTo(accuracy, 5);
    expect(await page.textContent('#part4-evaluation pre.report')).toMatch(/precision\s+recall\s+f1-score\s+support/);

    // Each cell lists its photos: the row's class, out of the held-back ones (the last 2 of each class).
    for (let index = 0; index < 4; index += 1) {
      await cells.nth(index).click();
      expect(await cells.nth(index).getAttribute('aria-pressed')).toBe('true');
      const shown = await page
        .locator('#part4-evaluation .cell-photos li')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.file));
      expect(shown).toHaveLength(counts[index] ?? -1);
      const heldBack = index < 2 ? ['f03.jpg', 'f04.jpg'] : ['m03.jpg', 'm04.jpg'];
      for (const name of shown) expect(heldBack).toContain(name);
    }
    await page.locator('#part4-evaluation').screenshot({ path: join(screenshots, 'part4-confusion-matrix.png') });
  }, 200_000);

  it('every prediction has a heatmap toggle that draws Grad-CAM over the photo and keeps no tensor', async () => {
    await page.setInputFiles('#part4-predict-files', [join(cats, 'f05.jpg'), join(cats, 'm05.jpg')]);
    const predicted = page.locator('#part4-results li[data-state="done"]');
    await expect.poll(() => predicted.count(), { timeout: 60_000 }).toBe(2);
    expect(await page.locator('#part4-results li .heatmap-toggle').count()).toBe(2);
    const before = await tensors();
    const box = page.locator('#part4-results li[data-file="m05.jpg"] .heatmap-box');
    await box.locator('.heatmap-toggle').click();
    await box.locator('xpath=self::*[@data-state="shown" or @data-state="failed"]').waitFor({ timeout: 60_000 });
    expect(await box.getAttribute('data-state')).toBe('shown');
    const canvas = box.locator('canvas.heatmap');
    expect(await canvas.isVisible()).toBe(true);
    // The canvas holds the 224 x 224 overlay: hot (red over blue) at the heatmap's hottest cell.
    const row = Number(await box.getAttribute('data-hot-row'));
    const column = Number(await box.getAttribute('data-hot-column'));
    const [red, blue] = await canvas.evaluate(
      (element, [r, c]) => {
        const pixel = (element as HTMLCanvasElement)
          .getContext('2d')!
          .getImageData(Math.floor((c + 0.5) * 32), Math.floor((r + 0.5) * 32), 1, 1).data;
        return [pixel[0] ?? 0, pixel[2] ?? 0];
      },
      [row, column] as const,
    );
    expect(red).toBeGreaterThan(blue);
    expect(await tensors()).toBe(before);
    await page.locator('#part4-results li[data-file="m05.jpg"]').screenshot({ path: join(screenshots, 'part4-heatmap.png') });
    await box.locator('.heatmap-toggle').click();
    expect(await box.getAttribute('data-state')).toBe('hidden');
    expect(await canvas.isVisible()).toBe(false);
  }, 120_000);

  it("part 3's ImageNet predictions have the heatmap toggle too", async () => {
    await page.setInputFiles('#part3-files', join(cats, 'f06.jpg'));
    const item = page.locator('#part3-results li[data-file="f06.jpg"]');
    await item.locator('xpath=self::*[@data-state="done"]').waitFor({ timeout: 90_000 });
    const before = await tensors();
    const box = item.locator('.heatmap-box');
    await box.locator('.heatmap-toggle').click();
    await box.locator('xpath=self::*[@data-state="shown" or @data-state="failed"]').waitFor({ timeout: 60_000 });
    expect(await box.getAttribute('data-state')).toBe('shown');
    expect(await box.locator('canvas.heatmap').isVisible()).toBe(true);
    expect(await tensors()).toBe(before);
    await item.screenshot({ path: join(screenshots, 'part3-heatmap.png') });
  }, 150_000);

  it('shows class names from the user as text, never as markup (issue 17)', async () => {
    // A name that would run code if the page ever put it in as HTML.
    const hostile = '<img src="x" onerror="document.body.dataset.injected = 1">';
    await page.fill('#part4-class-1-name', hostile);
    await page.fill('#part4-class-2-name', '<b>male</b>');
    await page.click('#part4-train');
    await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 150_000 });
    expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');
    await page.setInputFiles('#part4-predict-files', [join(cats, 'f07.jpg')]);
    await expect.poll(() => page.locator('#part4-results li[data-file="f07.jpg"][data-state="done"]').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.textContent('#part4-evaluation pre.report')).toContain(hostile);
    expect(await page.textContent('#part4-results')).toMatch(/<img src="x"|<b>male<\/b>/);
    expect(await page.locator('#part4 img[src="x"], #part4 b').count()).toBe(0);
    expect(await page.evaluate(() => document.body.dataset['injected'])).toBeUndefined();
  }, 200_000);

  it('logged no console errors along the way', () => {
    expect(problems).toEqual([]);
  });
});
