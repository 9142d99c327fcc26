import sharp from 'sharp';

/** One class of the top list beside the heatmap. */
export interface ScoredClass {
  readonly className: string;
  readonly score: number;
}

/** Where each part of the explanation image is, in pixels. */
export interface ExplanationLayout {
  readonly width: number;
  readonly height: number;
  /** The photo as the model saw it. */
  readonly photo: { readonly left: number; readonly top: number; readonly size: number };
  /** The photo with its Grad-CAM heatmap laid over it. */
  readonly overlay: { readonly left: number; readonly top: number; readonly size: number };
}

const MARGIN = 16;
const PANEL = 300;
const TITLE = 28;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The layout of an explanation of a `size` x `size` photo: photo, overlay, then the classes. */
export function explanationLayout(size: number): ExplanationLayout {
  const top = MARGIN + TITLE;
  return {
    width: MARGIN * 4 + size * 2 + PANEL,
    height: top + size + MARGIN,
    photo: { left: MARGIN, top, size },
    overlay: { left: MARGIN * 2 + size, top, size },
  };
}

/**
 * The explanation as a PNG: the photo, the photo under its heatmap, and the top classes with
 * their scores as bars. Text and bars are SVG drawn by sharp (librsvg), the images raw RGB.
 *
 * @param photo - RGB bytes of the photo, `size` x `size`
 * @param overlay - RGB bytes of the overlay, `size` x `size`
 */
export async function explanationPng(photo: Uint8Array, overlay: Uint8Array, size: number, top: readonly ScoredClass[], explained: string): Promise<Buffer> {
  const layout = explanationLayout(size);
  const panelLeft = layout.overlay.left + size + MARGIN * 2;
  const rows = top
    .map((entry, i) => {
      const y = layout.photo.top + 20 + i * 44;
      const bar = Math.max(1, Math.round(entry.score * (PANEL - MARGIN * 2)));
      return (
        `<text x="${panelLeft}" y="${y}" font-family="sans-serif" font-size="14" fill="#222">${escapeXml(entry.className)}  ${(entry.score * 100).toFixed(1)} %</text>` +
        `<rect x="${panelLeft}" y="${y + 6}" width="${bar}" height="10" fill="${i === 0 ? '#d62728' : '#7f7f7f'}"/>`
      );
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}">` +
    `<text x="${MARGIN}" y="${MARGIN + 14}" font-family="sans-serif" font-size="15" fill="#222">Photo | Grad-CAM of '${escapeXml(explained)}' | top classes</text>` +
    `${rows}</svg>`;
  const raw = { raw: { width: size, height: size, channels: 3 as const } };
  const [photoPng, overlayPng] = await Promise.all([photo, overlay].map((bytes) => sharp(Buffer.from(bytes), raw).png().toBuffer()));
  return sharp({ create: { width: layout.width, height: layout.height, channels: 3, background: '#ffffff' } })
    .composite([
      { input: Buffer.from(svg), left: 0, top: 0 },
      { input: photoPng, left: layout.photo.left, top: layout.photo.top },
      { input: overlayPng, left: layout.overlay.left, top: layout.overlay.top },
    ])
    .png()
    .toBuffer();
}
