import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from './errors.js';
import { defaultPrint } from './default-print.js';
import {
  formatSummary,
  type ShapeSpec,
  type SummaryFormatOptions,
  type SummaryRow,
  type SummaryShape,
  type SummaryTable,
} from './summary-format.js';

type Layer = LayersModel['layers'][number];
type LayerNode = Layer['inboundNodes'][number];
type Weight = LayersModel['trainableWeights'][number];

/**
 * Options for {@link summary}.
 *
 * @category Models
 */
export interface SummaryOptions extends SummaryFormatOptions {
  /**
   * Called with each line. Default: the platform's `print` when a platform is set, otherwise
   * `console.log`.
   */
  readonly print?: (line: string) => void;
  /**
   * Only the layers from the first whose name matches `layerRange[0]` to the last whose name
   * matches `layerRange[1]` (regular expressions matched at the start of the name, as Keras's
   * `layer_range`). The totals still count the whole model.
   */
  readonly layerRange?: readonly [string, string];
}

/** The rows Keras's `layer_range` keeps. */
function rowsInRange(table: SummaryTable, range: readonly [string, string]): SummaryTable {
  const matches = (pattern: string) => (row: SummaryRow) => new RegExp(pattern).exec(row.name)?.index === 0;
  const first = table.rows.findIndex(matches(range[0]));
  let last = table.rows.length - 1;
  while (last >= 0 && !matches(range[1])(table.rows[last] as SummaryRow)) last -= 1;
  if (first < 0 || last < first) {
    throw new InvalidArgumentError(
      'layerRange',
      `[${range.map((name) => `'${name}'`).join(', ')}] names no run of layers of ${table.modelName}`,
      `Pass the names of the first and last layers to show, such as ['${table.rows.at(-2)?.name ?? ''}', '${table.rows.at(-1)?.name ?? ''}'].`,
    );
  }
  return { ...table, rows: table.rows.slice(first, last + 1) };
}

/**
 * Prints a model's summary table as Keras 2 prints `model.summary()`, and returns it.
 *
 * The table lists each layer with its class, output shape (`None` for the batch dimension) and
 * number of weights; branched functional models get Keras's `Connected to` column. Totals count the
 * model's trainable and non-trainable weights, so frozen layers and batch-normalisation moving
 * statistics appear as non-trainable. Layer names are the model's own: tfjs-layers names layers
 * `dense_Dense1`, `dense_Dense2` where Keras says `dense`, `dense_1`; pass `name` to a layer to choose.
 *
 * @param model - a built tfjs-layers model (Sequential or functional)
 * @param options - table width, the `Trainable` column, a range of layers, and where to print
 * @returns the summary, lines joined with `\n`
 * @throws {@link InvalidArgumentError} when the model has no layers or is not built yet
 * @category Models
 * @example
 * ```ts
 * const model = tf.sequential();
 * model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [1] }));
 * model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
 * summary(model); // prints the table, ending with "Total params: 34"
 * ```
 */
export function summary(model: LayersModel, options: SummaryOptions = {}): string {
  const table = summaryTable(model);
  const lines = formatSummary(options.layerRange === undefined ? table : rowsInRange(table, options.layerRange), options);
  const print = options.print ?? defaultPrint();
  for (const line of lines) print(line);
  return lines.join('\n');
}

/**
 * Reads what a model summary shows from a tfjs-layers model: one row per layer (name, class, output
 * shape, weight count, and inbound connections), whether Keras would add the `Connected to` column,
 * and the trainable and non-trainable totals. {@link summary} prints it as Keras does; draw it
 * any other way (an HTML table, for instance).
 *
 * @param model - a built tfjs-layers model
 * @returns the table as plain data
 * @throws {@link InvalidArgumentError} when the model has no layers or is not built yet
 * @category Models
 * @example
 * ```ts
 * const table = summaryTable(model);
 * console.log(table.rows.map((row) => `${row.name}: ${row.params}`));
 * ```
 */
export function summaryTable(model: LayersModel): SummaryTable {
  const layers = model.layers;
  const unbuilt = layers.find((layer) => !layer.built);
  if (layers.length === 0 || unbuilt !== undefined) {
    const what = layers.length === 0 ? 'has no layers' : `is not built yet (layer '${unbuilt?.name}' has no weights)`;
    throw new InvalidArgumentError(
      'model',
      `${what}, so its output shapes and parameter counts are unknown`,
      'Add layers and give the first one an `inputShape` (for example `inputShape: [1]`), then call summary again.',
    );
  }
  const nodes = modelNodes(model);
  const connected = model.getClassName() !== 'Sequential' && !isChain(model, nodes);
  const rows = layers.map((layer): SummaryRow => {
    const row = {
      name: layer.name,
      className: kerasClassName(layer.getClassName()),
      outputShape: outputShapeOf(layer),
      params: layer.countParams(),
      trainable: layer.trainable,
    };
    return connected ? { ...row, connections: connectionsOf(layer, nodes) } : row;
  });
  return {
    modelName: model.name,
    connected,
    rows,
    trainableParams: countWeights(model.trainableWeights),
    nonTrainableParams: countWeights(model.nonTrainableWeights),
  };
}

/** Every node of the model's graph (empty for a Sequential model, whose graph tfjs keeps inside). */
function modelNodes(model: LayersModel): Set<LayerNode> {
  const nodes = new Set<LayerNode>();
  for (const depthNodes of Object.values(model.nodesByDepth ?? {})) {
    for (const node of depthNodes) nodes.add(node);
  }
  return nodes;
}

/**
 * Keras's test for a table without `Connected to`: one node per depth, none with several inputs, and
 * no layer used twice inside the model.
 */
function isChain(model: LayersModel, nodes: Set<LayerNode>): boolean {
  for (const depthNodes of Object.values(model.nodesByDepth ?? {})) {
    if (depthNodes.length > 1) return false;
    if (depthNodes.length === 1 && (depthNodes[0]?.inboundLayers.length ?? 0) > 1) return false;
  }
  return model.layers.every((layer) => layer.inboundNodes.filter((node) => nodes.has(node)).length <= 1);
}

function connectionsOf(layer: Layer, nodes: Set<LayerNode>): string[] {
  const connections: string[] = [];
  for (const node of layer.inboundNodes) {
    if (nodes.size > 0 && !nodes.has(node)) continue;
    node.inboundLayers.forEach((inbound, i) => {
      connections.push(`${inbound.name}[${node.nodeIndices[i] ?? 0}][${node.tensorIndices[i] ?? 0}]`);
    });
  }
  return connections;
}

function outputShapeOf(layer: Layer): SummaryShape {
  let shape: Layer['outputShape'];
  try {
    shape = layer.outputShape;
  } catch {
    // tfjs throws when a layer was called with different shapes; Keras writes 'multiple' then.
    return { text: 'multiple' };
  }
  const isList = shape.length > 0 && Array.isArray(shape[0]);
  const shapes = (isList ? shape : [shape]) as ShapeSpec[];
  // Keras 2 shows input layers' shapes as one-element lists: `[(None, 224, 224, 3)]`.
  if (isList || layer.getClassName() === 'InputLayer') return { shapes };
  return { shape: shapes[0] ?? [] };
}

/** tfjs calls a functional model's class `Model`; Keras 2.4 and later call it `Functional`. */
function kerasClassName(className: string): string {
  return className === 'Model' ? 'Functional' : className;
}

function countWeights(weights: readonly Weight[]): number {
  let total = 0;
  for (const weight of new Set(weights)) total += weight.shape.reduce<number>((product, size) => product * (size ?? 0), 1);
  return total;
}
