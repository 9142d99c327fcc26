import type { LayersModel } from '@tensorflow/tfjs-layers';

type AnyLayer = LayersModel['layers'][number];
type CallArguments = Parameters<AnyLayer['call']>;

function childLayers(layer: AnyLayer): readonly AnyLayer[] {
  const layers = (layer as Partial<Pick<LayersModel, 'layers'>>).layers;
  return Array.isArray(layers) ? layers : [];
}

/**
 * Makes every frozen BatchNormalization layer of `model` (its own `trainable` false, or inside a
 * frozen model) run in inference mode while the model is called with `training: true`, as Keras 2+
 * does: a frozen layer normalises with its moving statistics and leaves them unchanged, so a
 * fine-tuned head sees the same features as at prediction time. Returns the function that undoes
 * it.
 *
 * @internal
 */
export function freezeBatchNormStatistics(model: LayersModel): () => void {
  const restores: Array<() => void> = [];
  const visit = (layer: AnyLayer, insideFrozen: boolean): void => {
    const frozen = insideFrozen || !layer.trainable;
    if (frozen && layer.getClassName() === 'BatchNormalization') {
      const hadOwn = Object.hasOwn(layer, 'call');
      const original = layer.call;
      layer.call = function (this: AnyLayer, inputs: CallArguments[0], kwargs: CallArguments[1]) {
        return original.call(this, inputs, { ...kwargs, training: false });
      };
      restores.push(() => {
        if (hadOwn) layer.call = original;
        else delete (layer as Partial<AnyLayer>).call;
      });
    }
    for (const child of childLayers(layer)) visit(child, frozen);
  };
  for (const layer of model.layers) visit(layer, !model.trainable);
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}
