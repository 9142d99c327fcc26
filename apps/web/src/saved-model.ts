import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

/** Where part 4 keeps its model, through TensorFlow.js's IndexedDB handler. */
const savedUrl = 'indexeddb://dendrite-new-classes';

/** A trained transfer model with the names of its classes, in output order. */
export interface NamedModel {
  readonly model: LayersModel;
  readonly classNames: readonly string[];
}

/** What is known about the saved model without loading it. */
export interface SavedModelInfo {
  readonly savedAt: Date;
  readonly bytes: number;
}

/** Saves the model (its class names in the model's metadata) in this browser's IndexedDB. */
export async function saveInBrowser({ model, classNames }: NamedModel): Promise<void> {
  model.setUserDefinedMetadata({ classNames: [...classNames] });
  await model.save(savedUrl);
}

/** Offers the model as a download (model.json and weights.bin), for use elsewhere. */
export async function downloadModel({ model, classNames }: NamedModel): Promise<void> {
  model.setUserDefinedMetadata({ classNames: [...classNames] });
  await model.save('downloads://dendrite-new-classes');
}

/** The saved model's date and size, or undefined when there is none. */
export async function savedModelInfo(): Promise<SavedModelInfo | undefined> {
  const info = (await tf.io.listModels())[savedUrl];
  if (info === undefined) return undefined;
  return { savedAt: new Date(info.dateSaved), bytes: (info.weightDataBytes ?? 0) + (info.modelTopologyBytes ?? 0) };
}

/** Loads the saved model back from IndexedDB. */
export async function loadFromBrowser(): Promise<NamedModel> {
  const model = await tfl.loadLayersModel(savedUrl);
  const names = (model.getUserDefinedMetadata() as { classNames?: unknown } | undefined)?.classNames;
  const count = model.outputs[0]?.shape.at(-1) ?? 0;
  const classNames =
    Array.isArray(names) && names.length === count && names.every((name) => typeof name === 'string')
      ? (names as string[])
      : Array.from({ length: count }, (_, i) => `class ${i}`);
  return { model, classNames };
}

/** Removes the saved model. */
export async function deleteFromBrowser(): Promise<void> {
  await tf.io.removeModel(savedUrl);
}
