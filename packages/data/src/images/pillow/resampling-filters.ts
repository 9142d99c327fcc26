import type { Interpolation } from '../interpolation.js';

/**
 * A resampling filter: its weight at a distance (in input pixels at scale 1) and how far it reaches.
 *
 * @internal
 */
export interface ResamplingFilter {
  readonly weight: (distance: number) => number;
  readonly support: number;
}

// Pillow writes the Hamming window's constants as C floats, so they carry float32 rounding.
const hammingA = Math.fround(0.54);
const hammingB = Math.fround(0.46);
// Keys' cubic convolution with a = -0.5, the bicubic Pillow uses.
const cubicA = -0.5;

function sinc(x: number): number {
  if (x === 0) return 1;
  const angle = x * Math.PI;
  return Math.sin(angle) / angle;
}

/**
 * The five convolution filters of Pillow's resampling, by Keras's interpolation names. Each keeps
 * Pillow's edge conventions (the box is open on the left and closed on the right, Lanczos is cut
 * at [-3, 3)), because a pixel centre that falls exactly on an edge decides which input counts.
 *
 * @internal
 */
export const resamplingFilters: Readonly<Record<Exclude<Interpolation, 'nearest'>, ResamplingFilter>> = {
  box: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: {
    support: 1,
    weight: (x) => {
      const d = Math.abs(x);
      return d < 1 ? 1 - d : 0;
    },
  },
  hamming: {
    support: 1,
    weight: (x) => {
      const d = Math.abs(x);
      if (d === 0) return 1;
      if (d >= 1) return 0;
      const angle = d * Math.PI;
      return (Math.sin(angle) / angle) * (hammingA + hammingB * Math.cos(angle));
    },
  },
  bicubic: {
    support: 2,
    weight: (x) => {
      const d = Math.abs(x);
      if (d < 1) return ((cubicA + 2) * d - (cubicA + 3)) * d * d + 1;
      if (d < 2) return (((d - 5) * d + 8) * d - 4) * cubicA;
      return 0;
    },
  },
  lanczos: { support: 3, weight: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};
