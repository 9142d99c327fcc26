import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { chromiumPath, launchChromium } from './testing/chromium.js';
import { appRoot, serveApp } from './testing/serve-app.js';

// Part 4 in the browser closes the loop to Python: the model trained on the page downloads as a
// .keras file, and real Keras (where installed) loads it.

// The page's built-in weights and the course's photos that ship with the tutorials app: no ../shared.
const cats = resolve(appRoot, '../tutorials/photos/cats');
const ready = existsSync(chromiumPath);
const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';

describe.skipIf(!ready)(`the web app's .keras download${ready ? '' : ' (skipped: needs Chromium; apt-get install chromium)'}`, () => {
  it('downloads the model trained in part 4 as a .keras archive that Keras loads', async () => {
    const app = await serveApp();
    const browser = await launchChromium();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(app.url);
      await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
      expect(await page.isDisabled('#part4-download-keras')).toBe(true);
      await page.fill('#part4-class-1-name', 'female');
      await page.fill('#part4-class-2-name', 'male');
      await page.setInputFiles(
        '#part4-class-1-files',
        ['f01.jpg', 'f02.jpg', 'f03.jpg'].map((name) => join(cats, name)),
      );
      await page.setInputFiles(
        '#part4-class-2-files',
        ['m01.jpg', 'm02.jpg', 'm03.jpg'].map((name) => join(cats, name)),
      );
      await page.fill('#part4-validation', '1');
      await page.click('#part4-train');
      await page.waitForSelector('#part4[data-state="trained"], #part4[data-state="failed"]', { timeout: 180_000 });
      expect(await page.getAttribute('#part4', 'data-state')).toBe('trained');

      // The browser's download goes to a blob URL: keep the blob to read it here.
      await page.evaluate(() => {
        const original = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (blob: Blob | MediaSource) => {
          (window as unknown as { keptBlob: unknown }).keptBlob = blob;
          return original(blob);
        };
      });
      await page.waitForSelector('#part4-download-keras:not([disabled])');
      await page.click('#part4-download-keras');
      await page.waitForFunction(() => /Downloaded|error/i.test(document.querySelector('#part4-saved')?.textContent ?? ''), undefined, {
        timeout: 120_000,
      });
      expect(await page.textContent('#part4-saved')).toMatch(
        /Downloaded dendrite-new-classes\.keras \(\d+\.\d MB\).*output 0 is female, 1 is male/,
      );
      const bytes = Uint8Array.from(
        await page.evaluate(async () => Array.from(new Uint8Array(await (window as unknown as { keptBlob: Blob }).keptBlob.arrayBuffer()))),
      );
      // A zip (local header PK\x03\x04) naming Keras's three entries.
      expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
      for (const entry of ['config.json', 'metadata.json', 'model.weights.h5']) expect(Buffer.from(bytes).includes(entry)).toBe(true);

      const folder = mkdtempSync(join(tmpdir(), 'dendrite-web-keras-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const file = join(folder, 'dendrite-new-classes.keras');
      writeFileSync(file, bytes);
      if (spawnSync(python, ['-c', 'import keras'], { encoding: 'utf8' }).status !== 0) {
        console.log(`Keras check of the download skipped: '${python} -c "import keras"' failed; set DENDRITE_KERAS_PYTHON`);
        return;
      }
      const loaded = spawnSync(
        python,
        ['-c', 'import sys, keras; m = keras.saving.load_model(sys.argv[1]); print(m.count_params(), m.output_shape)', file],
        {
          encoding: 'utf8',
          env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
        },
      );
      expect(loaded.stdout.trim().split('\n').pop(), loaded.stderr).toBe('2260546 (None, 2)');
    } finally {
      await browser.close();
      await app.close();
    }
  }, 600_000);
});
