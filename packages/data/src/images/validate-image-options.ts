import { InvalidArgumentError } from '@dendrite/core';
import type { ImageSize, ResizeMode } from './image-options.js';
import { validateInterpolation, type Interpolation } from './interpolation.js';
import type { ResizePixelsOptions } from './pillow/resize-pixels.js';

const resizeModes: readonly ResizeMode[] = ['stretch', 'center-crop'];

/**
 * Checks a `size` option: `undefined`, or two positive integers `[height, width]`.
 *
 * @internal
 */
export function validateImageSize(size: unknown): ImageSize | undefined {
  if (size === undefined) return undefined;
  const ok =
    Array.isArray(size) && size.length === 2 && size.every((n: unknown) => Number.isInteger(n) && (n as number) > 0);
  if (!ok) {
    throw new InvalidArgumentError(
      'size',
      `must be [height, width], two positive whole numbers of pixels, but got ${describe(size)}`,
      'Pass, for example, size: [224, 224].',
    );
  }
  return [size[0] as number, size[1] as number];
}

/**
 * Checks a `resizeMode` option and applies the default, `'stretch'`.
 *
 * @internal
 */
export function validateResizeMode(mode: unknown): ResizeMode {
  if (mode === undefined) return 'stretch';
  if (!resizeModes.includes(mode as ResizeMode)) {
    throw new InvalidArgumentError(
      'resizeMode',
      `must be 'stretch' or 'center-crop', but got ${describe(mode)}`,
      "Use 'stretch' to squeeze the whole image (as the course does) or 'center-crop' to keep proportions.",
    );
  }
  return mode as ResizeMode;
}

/**
 * Checks the resize options (`interpolation`, `keepAspectRatio` or its other names) and applies the
 * defaults: `fallback` interpolation, and the whole image stretched.
 *
 * @internal
 */
export function validateResize(
  options: { readonly interpolation?: unknown; readonly resizeMode?: unknown },
  fallback: Interpolation,
  keep: { readonly name: string; readonly value: unknown },
): ResizePixelsOptions {
  const interpolation = validateInterpolation(options.interpolation, fallback);
  const mode = options.resizeMode === undefined ? undefined : validateResizeMode(options.resizeMode);
  if (keep.value !== undefined && typeof keep.value !== 'boolean') {
    throw new InvalidArgumentError(keep.name, `must be true or false, but got ${describe(keep.value)}`, `Pass ${keep.name}: true to keep proportions, or leave it out.`);
  }
  if (keep.value !== undefined && mode !== undefined && keep.value !== (mode === 'center-crop')) {
    throw new InvalidArgumentError(
      'resizeMode',
      `says '${mode}' but ${keep.name} says ${String(keep.value)}`,
      `Pass only ${keep.name} (resizeMode is its older spelling).`,
    );
  }
  return { interpolation, keepAspectRatio: (keep.value as boolean | undefined) ?? mode === 'center-crop' };
}

/**
 * Checks a `batchSize` option and applies the default, 32.
 *
 * @internal
 */
export function validateBatchSize(batchSize: unknown): number {
  if (batchSize === undefined) return 32;
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1) {
    throw new InvalidArgumentError(
      'batchSize',
      `must be a positive whole number, but got ${describe(batchSize)}`,
      'Pass, for example, batchSize: 32.',
    );
  }
  return batchSize as number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
