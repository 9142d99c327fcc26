import { describe, expect, it } from 'vitest';
import { formatSummary, formatSummaryShape, formatThousands, type SummaryTable } from './summary-format.js';

const courseTable: SummaryTable = {
  modelName: 'sequential',
  connected: false,
  rows: [
    { name: 'dense', className: 'Dense', outputShape: { shape: [null, 8] }, params: 16 },
    { name: 'dense_1', className: 'Dense', outputShape: { shape: [null, 2] }, params: 18 },
  ],
  trainableParams: 34,
  nonTrainableParams: 0,
};

describe('formatSummary', () => {
  it("prints the course's 2-layer model exactly as Keras 2 does", () => {
    expect(formatSummary(courseTable).join('\n')).toBe(
      [
        'Model: "sequential"',
        '_________________________________________________________________',
        'Layer (type)                 Output Shape              Param #   ',
        '=================================================================',
        'dense (Dense)                (None, 8)                 16        ',
        '_________________________________________________________________',
        'dense_1 (Dense)              (None, 2)                 18        ',
        '=================================================================',
        'Total params: 34',
        'Trainable params: 34',
        'Non-trainable params: 0',
        '_________________________________________________________________',
      ].join('\n'),
    );
  });

  it('adds Connected to, one extra row per further input, cuts long cells, and groups thousands', () => {
    const table: SummaryTable = {
      modelName: 'mobilenetv2_1.00_224',
      connected: true,
      rows: [
        { name: 'input_1', className: 'InputLayer', outputShape: { shapes: [[null, 224, 224, 3]] }, params: 0, connections: [] },
        {
          name: 'expanded_conv_depthwise',
          className: 'DepthwiseConv2D',
          outputShape: { shape: [null, 112, 112, 32] },
          params: 288,
          connections: ['Conv1_relu[0][0]'],
        },
        {
          name: 'block_14_add',
          className: 'Add',
          outputShape: { shape: [null, 7, 7, 160] },
          params: 0,
          connections: ['block_13_project_BN[0][0]', 'block_14_project_BN[0][0]'],
        },
        {
          name: 'predictions',
          className: 'Dense',
          outputShape: { shape: [null, 1000] },
          params: 1281000,
          connections: ['global_average_pooling2d[0][0]'],
        },
      ],
      trainableParams: 3504872,
      nonTrainableParams: 34112,
    };
    const rule = '_'.repeat(98);
    const doubleRule = '='.repeat(98);
    expect(formatSummary(table)).toEqual([
      'Model: "mobilenetv2_1.00_224"',
      rule,
      'Layer (type)                    Output Shape         Param #     Connected to                     ',
      doubleRule,
      'input_1 (InputLayer)            [(None, 224, 224, 3) 0                                            ',
      rule,
      'expanded_conv_depthwise (Depthw (None, 112, 112, 32) 288         Conv1_relu[0][0]                 ',
      rule,
      'block_14_add (Add)              (None, 7, 7, 160)    0           block_13_project_BN[0][0]        ',
      '                                                                 block_14_project_BN[0][0]        ',
      rule,
      'predictions (Dense)             (None, 1000)         1281000     global_average_pooling2d[0][0]   ',
      doubleRule,
      'Total params: 3,538,984',
      'Trainable params: 3,504,872',
      'Non-trainable params: 34,112',
      rule,
    ]);
  });

  it('scales relative positions to lineLength and takes absolute ones as they are', () => {
    const narrow = formatSummary(courseTable, { lineLength: 40 });
    expect(narrow[1]).toBe('_'.repeat(40));
    // 40 * [0.45, 0.85, 1] = [18, 34, 40]
    expect(narrow[4]).toBe('dense (Dense)     (None, 8)       16    ');
    const absolute = formatSummary(courseTable, { lineLength: 30, positions: [16, 26, 30] });
    expect(absolute[6]).toBe('dense_1 (Dense) (None, 2) 18  ');
  });

  it('counts frozen weights as non-trainable in the totals', () => {
    const lines = formatSummary({ ...courseTable, trainableParams: 18, nonTrainableParams: 16 });
    expect(lines.slice(-4, -1)).toEqual(['Total params: 34', 'Trainable params: 18', 'Non-trainable params: 16']);
  });

  it('formats 156 rows quickly (in CPU time, which other processes on the machine do not inflate)', () => {
    const rows = Array.from({ length: 156 }, (_, i) => ({
      name: `block_${i}_expand`,
      className: 'Conv2D',
      outputShape: { shape: [null, 7, 7, 960] },
      params: 153600,
      connections: [`block_${i - 1}_add[0][0]`, `block_${i - 1}_project_BN[0][0]`],
    }));
    // Wall-clock limits fail under parallel load; this process's own CPU time does not grow with it.
    // The bound is generous: it catches a formatter gone quadratic (seconds), not a slow machine.
    const start = process.cpuUsage();
    const lines = formatSummary({ modelName: 'big', connected: true, rows, trainableParams: 1, nonTrainableParams: 0 });
    const { user, system } = process.cpuUsage(start);
    expect((user + system) / 1000).toBeLessThan(500);
    expect(lines).toHaveLength(4 + 156 * 3 + 4);
  });
});

describe('formatSummaryShape', () => {
  it('writes shapes as Python writes tuples and lists', () => {
    expect(formatSummaryShape({ shape: [null, 112, 112, 32] })).toBe('(None, 112, 112, 32)');
    expect(formatSummaryShape({ shape: [null] })).toBe('(None,)');
    expect(formatSummaryShape({ shape: [] })).toBe('()');
    expect(formatSummaryShape({ shapes: [[null, 8], [null, 2]] })).toBe('[(None, 8), (None, 2)]');
    expect(formatSummaryShape({ text: 'multiple' })).toBe('multiple');
  });
});

describe('formatThousands', () => {
  it('groups digits by three', () => {
    expect(formatThousands(0)).toBe('0');
    expect(formatThousands(999)).toBe('999');
    expect(formatThousands(1000)).toBe('1,000');
    expect(formatThousands(3538984)).toBe('3,538,984');
    expect(formatThousands(-1234567)).toBe('-1,234,567');
  });
});
