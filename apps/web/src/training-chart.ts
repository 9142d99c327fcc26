import { element } from './dom.js';

const svgNamespace = 'http://www.w3.org/2000/svg';

/** One epoch's values under Keras's names (`loss`, `accuracy`, `val_loss`, `val_accuracy`). */
export type EpochValues = Readonly<Record<string, number | undefined>>;

interface Panel {
  readonly title: string;
  readonly metric: string;
  /** The accuracy panel always spans 0..1; the loss panel fits its values. */
  readonly fixedMax?: number;
}

const panels: readonly Panel[] = [
  { title: 'Loss', metric: 'loss' },
  { title: 'Accuracy', metric: 'accuracy', fixedMax: 1 },
];

const size = { width: 320, height: 210, left: 40, right: 12, top: 26, bottom: 30 };

/**
 * Live curves of a training run: loss and accuracy per epoch, training (solid) and validation
 * (dashed), redrawn as each epoch ends, with the values also in a table for screen readers.
 */
export class TrainingChart {
  private readonly history: EpochValues[] = [];
  private epochs = 1;
  /** Where a second phase begins: the epochs before it, and its name. */
  private phase: { readonly after: number; readonly label: string } | undefined;
  private readonly figure: HTMLDivElement;
  private readonly table: HTMLTableSectionElement;

  constructor(container: HTMLElement) {
    this.figure = element('div', { class: 'chart-panels' });
    this.table = element('tbody');
    const details = element('details', { class: 'chart-values' }, [
      element('summary', { text: 'Values per epoch' }),
      element('table', {}, [
        element('thead', {}, [
          element(
            'tr',
            {},
            ['Epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy'].map((name) => element('th', { scope: 'col', text: name })),
          ),
        ]),
        this.table,
      ]),
    ]);
    const legend = element('p', { class: 'chart-legend' }, [
      element('span', { class: 'legend-training', text: '━━ training' }),
      element('span', { class: 'legend-validation', text: '╍╍ validation' }),
    ]);
    container.replaceChildren(legend, this.figure, details);
    // Nothing to show before the first run.
    this.shell = container.closest('figure') ?? container;
    this.shell.hidden = true;
    this.draw();
  }

  private readonly shell: HTMLElement;

  /** Empties the chart for a run of `epochs` epochs, and shows it. */
  reset(epochs: number): void {
    this.shell.hidden = false;
    this.history.length = 0;
    this.phase = undefined;
    this.epochs = Math.max(1, epochs);
    this.table.replaceChildren();
    this.draw();
  }

  /**
   * Marks the start of a second phase (fine-tuning) after the epochs drawn so far: a line across
   * both panels, and the phase's name on the rows of its epochs in the table.
   */
  startPhase(label: string): void {
    this.phase = { after: this.history.length, label };
    this.draw();
  }

  /** Adds the values of one more epoch and redraws. */
  add(values: EpochValues): void {
    this.history.push(values);
    const cell = (name: string): HTMLTableCellElement => element('td', { text: format(values[name]) });
    const inPhase = this.phase !== undefined;
    this.table.append(
      element('tr', inPhase ? { 'data-phase': '2', title: this.phase?.label } : {}, [
        element('th', { scope: 'row', text: String(this.history.length) }),
        ...['loss', 'accuracy', 'val_loss', 'val_accuracy'].map(cell),
      ]),
    );
    this.draw();
  }

  private draw(): void {
    this.figure.replaceChildren(...panels.map((panel) => this.drawPanel(panel)));
  }

  private drawPanel(panel: Panel): SVGSVGElement {
    const series = [
      { name: 'training', key: panel.metric, className: 'line-training' },
      { name: 'validation', key: `val_${panel.metric}`, className: 'line-validation' },
    ].map((entry) => ({ ...entry, values: this.history.map((epoch) => epoch[entry.key]) }));
    const all = series.flatMap((entry) => entry.values).filter((value): value is number => value !== undefined && Number.isFinite(value));
    const max = panel.fixedMax ?? niceMax(Math.max(0, ...all));
    const plotWidth = size.width - size.left - size.right;
    const plotHeight = size.height - size.top - size.bottom;
    const x = (epoch: number): number => size.left + (this.epochs <= 1 ? plotWidth / 2 : ((epoch - 1) / (this.epochs - 1)) * plotWidth);
    const y = (value: number): number => size.top + plotHeight - (Math.min(value, max) / max) * plotHeight;

    const latest = this.history.at(-1);
    const label =
      latest === undefined
        ? `${panel.title}: no epochs yet`
        : `${panel.title} after epoch ${this.history.length}: training ${format(latest[panel.metric])}` +
          (latest[`val_${panel.metric}`] === undefined ? '' : `, validation ${format(latest[`val_${panel.metric}`])}`);
    const svg = svgElement('svg', { viewBox: `0 0 ${size.width} ${size.height}`, role: 'img', 'aria-label': label, class: 'chart' });
    svg.append(svgElement('text', { x: size.left, y: 15, class: 'chart-title' }, panel.title));
    for (const fraction of [0, 0.5, 1]) {
      const value = max * fraction;
      svg.append(
        svgElement('line', { x1: size.left, x2: size.width - size.right, y1: y(value), y2: y(value), class: 'grid' }),
        svgElement('text', { x: size.left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end' }, trimNumber(value)),
      );
    }
    const tickEvery = Math.max(1, Math.ceil(this.epochs / 10));
    for (let epoch = 1; epoch <= this.epochs; epoch += tickEvery) {
      svg.append(svgElement('text', { x: x(epoch), y: size.height - 12, class: 'tick', 'text-anchor': 'middle' }, String(epoch)));
    }
    svg.append(
      svgElement('text', { x: size.left + plotWidth / 2, y: size.height - 1, class: 'axis-label', 'text-anchor': 'middle' }, 'epoch'),
    );
    if (this.phase !== undefined && this.phase.after > 0) {
      // Halfway between the last epoch of the first phase and the first of the second.
      const at = (x(this.phase.after) + x(this.phase.after + 1)) / 2;
      svg.append(
        svgElement('line', { x1: at, x2: at, y1: size.top, y2: size.top + plotHeight, class: 'phase-line' }),
        svgElement('text', { x: at + 3, y: size.top + 10, class: 'tick phase-label' }, this.phase.label),
      );
    }
    for (const entry of series) {
      const points = entry.values
        .map((value, index) => (value === undefined || !Number.isFinite(value) ? undefined : `${x(index + 1)},${y(value)}`))
        .filter((point): point is string => point !== undefined);
      if (points.length === 0) continue;
      svg.append(svgElement('polyline', { points: points.join(' '), class: entry.className }));
      for (const point of points) {
        const [cx, cy] = point.split(',');
        svg.append(svgElement('circle', { cx: cx!, cy: cy!, r: 2.5, class: entry.className }));
      }
    }
    return svg;
  }
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round upper bound for the loss axis. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= value) ?? 10;
  return step * magnitude;
}

function trimNumber(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function format(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(4);
}
