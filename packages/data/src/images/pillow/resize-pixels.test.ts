import { describe, expect, it } from 'vitest';
import { caseLabel, channelSums, kerasFixtures, maxDifference, readRaw, sha256 } from '../../testing/keras-fixtures.js';
import { resizePixels } from './resize-pixels.js';

// The synthetic hard cases (strong downscale, upscale, odd sizes, keep_aspect_ratio, grayscale,
// RGBA, an EXIF-rotated JPEG), resized from Pillow's own decode, must equal real Keras's load_img
// byte for byte for every interpolation.
const withRawInput = kerasFixtures.sources.filter((source) => source.decoded.raw !== undefined);

describe("resizePixels against Keras's load_img (Pillow) on the synthetic hard cases", () => {
  it('has fixtures for every interpolation', () => {
    const interpolations = new Set(withRawInput.flatMap((source) => source.cases.map((c) => c.interpolation)));
    expect([...interpolations].sort()).toEqual(['bicubic', 'bilinear', 'box', 'hamming', 'lanczos', 'nearest']);
    expect(withRawInput.length).toBeGreaterThanOrEqual(4);
  });

  for (const source of withRawInput) {
    const [height, width, channels] = source.decoded.shape;
    const input = { data: readRaw(source.decoded.raw as string), height, width, channels };
    for (const c of source.cases) {
      it(`equals Keras byte for byte: ${caseLabel(source, c)}`, () => {
        const output = resizePixels(input, c.size, { interpolation: c.interpolation, keepAspectRatio: c.keepAspectRatio });
        expect([output.height, output.width, output.channels]).toEqual(c.shape);
        if (c.raw !== undefined) expect(maxDifference(output.data, readRaw(c.raw))).toBe(0);
        expect(channelSums(output.data, channels)).toEqual(c.channelSums);
        expect(sha256(output.data)).toBe(c.sha256);
      });
    }
  }
});
