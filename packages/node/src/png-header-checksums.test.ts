import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { badPngHeaderChunk } from './png-header-checksums.js';

/** A 2 x 2 PNG with a palette, so that there is a PLTE chunk between IHDR and IDAT. */
async function palettePng(): Promise<Uint8Array> {
  const pixels = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]);
  return new Uint8Array(
    await sharp(pixels, { raw: { width: 2, height: 2, channels: 3 } })
      .png({ palette: true })
      .toBuffer(),
  );
}

/** The offset of a chunk's length field. */
function chunkAt(png: Uint8Array, type: string): number {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; at += 12 + view.getUint32(at)) {
    if (String.fromCharCode(...png.subarray(at + 4, at + 8)) === type) return at;
  }
  throw new Error(`no ${type} chunk`);
}

describe('badPngHeaderChunk', () => {
  it('finds nothing wrong in a whole PNG', async () => {
    expect(badPngHeaderChunk(await palettePng())).toBeUndefined();
  });

  it('names the chunk before the image data whose checksum is wrong, as Pillow refuses it', async () => {
    const png = await palettePng();
    const plte = chunkAt(png, 'PLTE');
    const length = new DataView(png.buffer).getUint32(plte);
    png[plte + 8 + length] = (png[plte + 8 + length] ?? 0) ^ 1;
    expect(badPngHeaderChunk(png)).toBe('PLTE');
    const ihdr = await palettePng();
    ihdr[29] = (ihdr[29] ?? 0) ^ 0xff;
    expect(badPngHeaderChunk(ihdr)).toBe('IHDR');
  });

  it('leaves the image data and chunks cut short to the decoder', async () => {
    const png = await palettePng();
    const idat = chunkAt(png, 'IDAT');
    const length = new DataView(png.buffer).getUint32(idat);
    png[idat + 8 + length] = (png[idat + 8 + length] ?? 0) ^ 1;
    expect(badPngHeaderChunk(png)).toBeUndefined();
    expect(badPngHeaderChunk(png.subarray(0, chunkAt(png, 'PLTE') + 10))).toBeUndefined();
  });
});
