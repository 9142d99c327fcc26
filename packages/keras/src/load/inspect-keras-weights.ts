import { strFromU8 } from 'fflate';
import { readKerasArchive } from '../archive/read-keras-archive.js';
import type { KerasArchiveLimits } from '../archive/read-keras-archive.js';
import { KerasConfigError } from '../config/errors.js';
import { asObject } from '../config/layer-config.js';
import { checkHdf5Header } from '../h5/check-hdf5-header.js';
import { type Hdf5Group, openHdf5 } from '../h5/hdf5-tree.js';
import { readKerasH5Layout } from '../h5/keras-h5-layout.js';
import { isKeras3WeightsLayout } from './keras3-weights.js';
import { sniffFormat } from './read-source.js';

/**
 * The kind of Keras or TensorFlow.js file some bytes are.
 *
 * @category Weights
 * @example
 * ```ts
 * const format: KerasFileFormat = inspectKerasWeights(bytes).format; // 'keras'
 * ```
 */
export type KerasFileFormat = 'keras' | 'h5-model' | 'h5-weights' | 'keras3-weights' | 'tfjs-model-json';

/**
 * What {@link inspectKerasWeights} found: the file's kind and each layer's weight shapes.
 *
 * @category Weights
 * @example
 * ```ts
 * const { format, layers } = inspectKerasWeights(bytes, { name: 'cats.keras' });
 * console.log(format, layers.find((layer) => layer.name === 'predictions')?.shapes); // 'keras' [[1280, 2], [2]]
 * ```
 */
export interface KerasWeightsInfo {
  /** Which kind of Keras file the bytes are, read from the bytes rather than the name. */
  readonly format: KerasFileFormat;
  /** The layers that hold weights, by name (or, for old Keras 3 weights files, by path), in file order. */
  readonly layers: ReadonlyArray<{ readonly name: string; readonly shapes: readonly (readonly number[])[] }>;
}

/**
 * Options of {@link inspectKerasWeights}.
 *
 * @category Weights
 * @example
 * ```ts
 * const options: InspectKerasWeightsOptions = { name: 'cats.keras' };
 * ```
 */
export interface InspectKerasWeightsOptions {
  /** Names the file in error messages. */
  readonly name?: string;
  /** Safety limits on `.keras` archives. */
  readonly limits?: KerasArchiveLimits;
}

function keras3Layers(group: Hdf5Group, path: string, out: Array<{ name: string; shapes: number[][] }>): void {
  const vars = group.find('vars');
  if (vars?.kind === 'group') {
    const datasets = vars.keys.filter((key) => /^\d+$/.test(key)).sort((a, b) => Number(a) - Number(b)).map((key) => vars.find(key));
    const shapes = datasets.flatMap((found) => (found?.kind === 'dataset' ? [[...found.shape]] : []));
    const name = vars.attributes['name'];
    if (shapes.length > 0) out.push({ name: typeof name === 'string' ? name.replace(/\0+$/, '') : path, shapes });
  }
  const layers = group.find('layers');
  if (layers?.kind === 'group') {
    for (const key of layers.keys) {
      const child = layers.find(key);
      if (child?.kind === 'group') keras3Layers(child, `${path}${path ? '/' : ''}layers/${key}`, out);
    }
  }
}

function byLayer(entries: ReadonlyArray<{ key: string; shape: readonly number[] }>): Array<{ name: string; shapes: number[][] }> {
  const out: Array<{ name: string; shapes: number[][] }> = [];
  for (const { key, shape } of entries) {
    const name = key.slice(0, Math.max(0, key.lastIndexOf('/')));
    const last = out.at(-1);
    if (last?.name === name) last.shapes.push([...shape]);
    else out.push({ name, shapes: [[...shape]] });
  }
  return out;
}

/**
 * Lists the layers and weight shapes a Keras file (`.keras`, `.h5`, `.weights.h5`) or a TF.js
 * model.json holds, without reading weight values or building a model: use it to tell what
 * architecture a file was saved from (MobileNetV2 reads its alpha and classes this way).
 *
 * @category Weights
 * @param bytes - the whole file
 * @param options - a name for messages, archive limits
 * @returns the file's kind and its layers' weight shapes
 * @throws KerasArchiveError, KerasH5FormatError, KerasConfigError when the bytes are none of these files
 * @example
 * ```ts
 * const bytes = await getPlatform().readBytes('mobilenet.weights.h5');
 * const project = inspectKerasWeights(bytes).layers.find((layer) => layer.name === 'block_16_project');
 * console.log(project?.shapes[0]); // [1, 1, 336, 112] for alpha 0.35
 * ```
 */
export function inspectKerasWeights(bytes: Uint8Array, options: InspectKerasWeightsOptions = {}): KerasWeightsInfo {
  const name = options.name ?? 'the given bytes';
  const format = sniffFormat(bytes);
  if (format === 'keras') {
    const archive = readKerasArchive(bytes, name, options.limits);
    const out: Array<{ name: string; shapes: number[][] }> = [];
    keras3Layers(openHdf5(archive.weights, `${name} (model.weights.h5)`), '', out);
    return { format: 'keras', layers: out };
  }
  if (format === 'h5') {
    const root = openHdf5(bytes, name);
    if (isKeras3WeightsLayout(root)) {
      const out: Array<{ name: string; shapes: number[][] }> = [];
      keras3Layers(root, '', out);
      return { format: 'keras3-weights', layers: out };
    }
    const layout = readKerasH5Layout(bytes, name);
    const entries = layout.layers.flatMap((layer) => layer.weights.map((weight) => ({ key: weight.key, shape: weight.dataset.shape })));
    return { format: layout.kind === 'model' ? 'h5-model' : 'h5-weights', layers: byLayer(entries) };
  }
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(strFromU8(bytes));
    } catch (cause) {
      throw new KerasConfigError(name, 'it starts like JSON but is not valid JSON', { cause });
    }
    const manifest = asObject(parsed)?.['weightsManifest'];
    if (!Array.isArray(manifest)) throw new KerasConfigError(name, 'it is JSON but not a TensorFlow.js model.json (no weightsManifest)');
    const entries = manifest.flatMap((group: unknown) => {
      const weights = asObject(group)?.['weights'];
      return Array.isArray(weights)
        ? weights.map((weight: unknown) => ({ key: String(asObject(weight)?.['name']).replace(/:\d+$/, ''), shape: (asObject(weight)?.['shape'] ?? []) as number[] }))
        : [];
    });
    return { format: 'tfjs-model-json', layers: byLayer(entries) };
  }
  checkHdf5Header(bytes, name);
  throw new KerasConfigError(name, 'it is neither a .keras archive, an HDF5 file nor a model.json');
}
