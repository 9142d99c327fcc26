import type { KerasWeightsInfo } from '@dendrite/keras';

/** Output channels of `block_16_project` for each alpha Keras publishes: make_divisible(320 * alpha, 8). */
const alphaByProjectChannels: ReadonlyMap<number, number> = new Map([
  [112, 0.35],
  [160, 0.5],
  [240, 0.75],
  [320, 1.0],
  [416, 1.3],
  [448, 1.4],
]);

/** What a weights file says about the MobileNetV2 it was saved from. @internal */
export interface ArchitectureFromWeights {
  readonly alpha?: number;
  readonly includeTop: boolean;
  readonly classes?: number;
}

/**
 * Reads alpha, includeTop and classes from the weight shapes of a MobileNetV2 file: alpha from the
 * channels of the last projection (`block_16_project`), the top and its classes from the
 * `predictions` (or Keras's earliest `Logits`) kernel. Unknown shapes leave alpha undefined.
 *
 * @internal
 */
export function architectureFromWeights(info: KerasWeightsInfo): ArchitectureFromWeights {
  const shapes = new Map(info.layers.map((layer) => [layer.name.slice(layer.name.lastIndexOf('/') + 1), layer.shapes]));
  const project = shapes.get('block_16_project')?.[0];
  const alpha = project === undefined ? undefined : alphaByProjectChannels.get(project[project.length - 1] ?? 0);
  const top = shapes.get('predictions') ?? shapes.get('Logits');
  const classes = top?.[0]?.[1];
  return { ...(alpha === undefined ? {} : { alpha }), includeTop: top !== undefined, ...(classes === undefined ? {} : { classes }) };
}
