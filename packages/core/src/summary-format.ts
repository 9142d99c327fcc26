/**
 * One output shape, with `null` for an unknown size (the batch dimension): `[null, 8]`.
 *
 * @category Models
 */
export type ShapeSpec = readonly (number | null)[];

/**
 * A layer's output shape as the summary shows it: one shape written as a tuple (`(None, 8)`), a list
 * of shapes written as a list (`[(None, 224, 224, 3)]`, as Keras shows input layers and layers with
 * several outputs), or a word such as `'multiple'` written as is.
 *
 * @category Models
 */
export type SummaryShape =
  | {
      /** One shape, written as a tuple. */
      readonly shape: ShapeSpec;
    }
  | {
      /** Several shapes (or an input layer's one), written as a list. */
      readonly shapes: readonly ShapeSpec[];
    }
  | {
      /** A word written as is, such as `'multiple'` for a layer called with different shapes. */
      readonly text: string;
    };

/**
 * One layer of a model summary, as plain data.
 *
 * @category Models
 */
export interface SummaryRow {
  /** The layer's name. */
  readonly name: string;
  /** The layer's class, such as `'Dense'` or `'Conv2D'`. */
  readonly className: string;
  /** Its output shape. */
  readonly outputShape: SummaryShape;
  /** Its number of weights (trainable or not). */
  readonly params: number;
  /**
   * The layers it receives input from, written `name[node][tensor]` as Keras does
   * (`'block_13_project_BN[0][0]'`). Only shown when the table has a `Connected to` column.
   */
  readonly connections?: readonly string[];
  /** Whether training may change the layer's weights: Keras's `Trainable` column (`Y` or `N`). */
  readonly trainable?: boolean;
}

/**
 * Everything a model summary shows, as plain data, so that it can be formatted without a model (and
 * drawn in other ways, such as an HTML table).
 *
 * @category Models
 */
export interface SummaryTable {
  /** The model's name, shown as `Model: "name"`. */
  readonly modelName: string;
  /**
   * Whether the table has a `Connected to` column. Keras adds it for functional models that are not
   * a plain chain of layers (a layer with several inputs, a branch, a shared layer).
   */
  readonly connected: boolean;
  /** One row per layer, in the model's order. */
  readonly rows: readonly SummaryRow[];
  /** Weights that training updates. */
  readonly trainableParams: number;
  /** Weights that training leaves alone (frozen layers, batch-normalisation moving statistics). */
  readonly nonTrainableParams: number;
}

/**
 * Options for {@link formatSummary} and {@link summary}.
 *
 * @category Models
 */
export interface SummaryFormatOptions {
  /** Total width of the table. Default 65, or 98 with a `Connected to` column, as in Keras. */
  readonly lineLength?: number;
  /**
   * Where each column ends: fractions of `lineLength` (the last one 1) or absolute character
   * positions. Default `[0.45, 0.85, 1]`, or `[0.33, 0.55, 0.67, 1]` with a `Connected to` column.
   */
  readonly positions?: readonly number[];
  /** Add Keras's `Trainable` column (`Y` or `N` per layer), 11 characters wide, as `show_trainable=True`. */
  readonly showTrainable?: boolean;
}

const PLAIN_HEADERS = ['Layer (type)', 'Output Shape', 'Param #'];
const CONNECTED_HEADERS = [...PLAIN_HEADERS, 'Connected to'];

/**
 * Writes a model summary table exactly as Keras 2 (`tf.keras` 2.x) prints `model.summary()`: the
 * `Model: "name"` line, rules of `_` and `=`, one row per layer (a `Connected to` column for branched
 * functional models, with one extra row per further input), and the totals with thousands separators.
 * Cells too long for their column are cut, as Keras cuts them. Lines keep Keras's trailing spaces.
 *
 * @param table - the rows and totals, as from {@link summaryTable}
 * @param options - the table's width and column positions
 * @returns the lines of the summary, without line breaks
 * @category Models
 * @example
 * ```ts
 * const lines = formatSummary({
 *   modelName: 'sequential',
 *   connected: false,
 *   rows: [
 *     { name: 'dense', className: 'Dense', outputShape: { shape: [null, 8] }, params: 16 },
 *     { name: 'dense_1', className: 'Dense', outputShape: { shape: [null, 2] }, params: 18 },
 *   ],
 *   trainableParams: 34,
 *   nonTrainableParams: 0,
 * });
 * console.log(lines.join('\n')); // ... Total params: 34 ...
 * ```
 */
export function formatSummary(table: SummaryTable, options: SummaryFormatOptions = {}): string[] {
  let lineLength = options.lineLength ?? (table.connected ? 98 : 65);
  const relative = options.positions ?? (table.connected ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1]);
  const last = relative[relative.length - 1] ?? 1;
  const positions = last <= 1 ? relative.map((p) => Math.floor(lineLength * p)) : [...relative];
  const headers = table.connected ? [...CONNECTED_HEADERS] : [...PLAIN_HEADERS];
  const showTrainable = options.showTrainable === true;
  if (showTrainable) {
    // As Keras: the column is added after the others, 11 characters wide.
    lineLength += 11;
    positions.push(lineLength);
    headers.push('Trainable');
  }
  const trainableCell = (row: SummaryRow): string[] => (showTrainable ? [row.trainable === false ? 'N' : 'Y'] : []);
  const rule = '_'.repeat(lineLength);
  const doubleRule = '='.repeat(lineLength);

  const lines = [`Model: "${table.modelName}"`, rule];
  lines.push(formatRow(headers, positions), doubleRule);
  table.rows.forEach((row, index) => {
    const cells = [`${row.name} (${row.className})`, formatSummaryShape(row.outputShape), String(row.params)];
    if (table.connected) {
      const [first = '', ...others] = row.connections ?? [];
      lines.push(formatRow([...cells, first, ...trainableCell(row)], positions));
      for (const connection of others) lines.push(formatRow(['', '', '', connection], positions));
    } else {
      lines.push(formatRow([...cells, ...trainableCell(row)], positions));
    }
    lines.push(index === table.rows.length - 1 ? doubleRule : rule);
  });
  lines.push(
    `Total params: ${formatThousands(table.trainableParams + table.nonTrainableParams)}`,
    `Trainable params: ${formatThousands(table.trainableParams)}`,
    `Non-trainable params: ${formatThousands(table.nonTrainableParams)}`,
    rule,
  );
  return lines;
}

/**
 * Writes an output shape as Python writes Keras's shape tuples: `(None, 8)`, `(None,)` for one
 * dimension, `[(None, 224, 224, 3)]` for a list of shapes.
 *
 * @param shape - the shape, list of shapes or word
 * @returns the shape as text
 * @category Models
 * @example
 * ```ts
 * formatSummaryShape({ shape: [null, 112, 112, 32] }); // '(None, 112, 112, 32)'
 * ```
 */
export function formatSummaryShape(shape: SummaryShape): string {
  if ('text' in shape) return shape.text;
  if ('shapes' in shape) return `[${shape.shapes.map(formatTuple).join(', ')}]`;
  return formatTuple(shape.shape);
}

/**
 * Writes a whole number with a comma every three digits, as Python's `'{:,}'` does.
 *
 * @param value - a whole number
 * @returns the number as text, such as `'3,538,984'`
 * @category Models
 * @example
 * ```ts
 * formatThousands(3538984); // '3,538,984'
 * ```
 */
export function formatThousands(value: number): string {
  const digits = String(Math.abs(value));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

function formatTuple(shape: ShapeSpec): string {
  const dims = shape.map((dim) => (dim === null ? 'None' : String(dim)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/**
 * Keras's row layout: each cell starts where the previous column ends (the previous cell's last
 * character giving way to a space), is cut at its column's end and padded to it.
 */
function formatRow(cells: readonly string[], positions: readonly number[]): string {
  let line = '';
  cells.forEach((cell, i) => {
    const end = positions[i] ?? line.length + cell.length;
    if (i > 0) line = `${line.slice(0, -1)} `;
    line = (line + cell).slice(0, end);
    line += ' '.repeat(Math.max(0, end - line.length));
  });
  return line;
}
