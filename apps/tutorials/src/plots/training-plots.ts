import type { ClassificationReport, History } from '@dendrite/core';
import type { TopLevelSpec } from 'vega-lite';

/**
 * The training curves as Keras's course draws them with matplotlib: one panel per metric (loss,
 * accuracy), the training and validation values per epoch. With `fineTuningFrom`, a dashed rule
 * before that epoch marks where the history goes on into fine-tuning.
 */
export function trainingCurvesSpec(history: History['history'], title: string, fineTuningFrom?: number): TopLevelSpec {
  const firstRow = "datum.epoch === 1 && datum.set === 'training'";
  const rows = Object.entries(history).flatMap(([name, values]) =>
    (values ?? []).map((value, epoch) => ({
      epoch: epoch + 1,
      value,
      metric: name.replace(/^val_/, ''),
      set: name.startsWith('val_') ? 'validation' : 'training',
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: 280,
      height: 200,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
            y: { field: 'value', type: 'quantitative', title: null },
            color: { field: 'set', type: 'nominal', title: null, scale: { domain: ['training', 'validation'] } },
          },
        },
        // Fine-tuning's first epoch: a dashed rule just before it, labelled, once in every panel
        // (drawn from the panel's one first-epoch training row).
        ...(fineTuningFrom === undefined
          ? []
          : [
              {
                transform: [{ filter: firstRow }],
                mark: { type: 'rule' as const, strokeDash: [4, 4], color: 'gray' },
                encoding: { x: { datum: fineTuningFrom - 0.5 } },
              },
              {
                transform: [{ filter: firstRow }],
                mark: {
                  type: 'text' as const,
                  text: 'fine-tuning',
                  align: 'left' as const,
                  dx: 3,
                  baseline: 'top' as const,
                  y: 2,
                  color: 'gray',
                },
                encoding: { x: { datum: fineTuningFrom - 0.5 } },
              },
            ]),
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** The confusion matrix as a heat grid with its counts: true classes down, predictions across. */
export function confusionMatrixSpec(report: ClassificationReport, title: string): TopLevelSpec {
  const cells = report.classNames.flatMap((trueClass, t) =>
    report.classNames.map((predicted, p) => ({ true: trueClass, predicted, count: report.confusionMatrix[t]?.[p] ?? 0 })),
  );
  const size = Math.max(120, 60 * report.classNames.length);
  const x = { field: 'predicted', type: 'nominal', sort: report.classNames, title: 'predicted class', axis: { labelAngle: 0 } } as const;
  const y = { field: 'true', type: 'nominal', sort: report.classNames, title: 'true class' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: cells },
    width: size,
    height: size,
    layer: [
      { mark: 'rect', encoding: { x, y, color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, title: 'photos' } } },
      {
        mark: { type: 'text', fontSize: 16 },
        encoding: {
          x,
          y,
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${Math.max(...cells.map((c) => c.count)) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
