// Reads the fixtures written by ../fixtures/make-fixtures.py (real Keras load_img + img_to_array).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Interpolation } from '../images/interpolation.js';

export interface ArrayDigest {
  readonly shape: [number, number, number];
  readonly sha256: string;
  readonly channelSums: number[];
  readonly raw?: string;
}

export interface KerasCase extends ArrayDigest {
  readonly size: [number, number];
  readonly interpolation: Interpolation;
  readonly keepAspectRatio: boolean;
}

export interface KerasSource {
  readonly file: string;
  readonly decoded: ArrayDigest;
  readonly cases: readonly KerasCase[];
}

export const fixtureFolder = fileURLToPath(new URL('../images/fixtures/', import.meta.url));

export const kerasFixtures: { keras: string; pillow: string; sources: KerasSource[] } = JSON.parse(
  readFileSync(`${fixtureFolder}expected.json`, 'utf8'),
);

export function readRaw(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${fixtureFolder}${name}`));
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function channelSums(data: Uint8Array | Float32Array, channels: number): number[] {
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < data.length; i += 1) sums[i % channels] = (sums[i % channels] as number) + (data[i] as number);
  return sums;
}

/** The largest |a - b| over all samples. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i += 1) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

export function caseLabel(source: KerasSource, c: KerasCase): string {
  return `${source.file} -> ${c.size.join('x')} ${c.interpolation}${c.keepAspectRatio ? ' keep_aspect_ratio' : ''}`;
}
