import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummaryShape } from './summary-format.js';
import { summary, summaryTable } from './summary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(repoRoot, '../shared');
const topologyFile = path.join(shared, 'models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const referenceFile = path.join(shared, 'keras-mobilenetv2-summary.txt');

interface ReferenceRow {
  name: string;
  className: string;
  shape: string;
  params: number;
  connections: string[];
}

/** Rows of the Keras MobileNetV2 reference table: `  5  name (Type)   (None, ...)   128  a[0][0], b[0][0]`. */
function readReference(): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  for (const line of readFileSync(referenceFile, 'utf8').split('\n')) {
    const match = /^\s*\d+\s+(\S+) \((\w+)\)\s+(\([^)]*\))\s+(\d+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, name = '', className = '', shape = '', params = '0', connections = ''] = match;
    rows.push({ name, className, shape, params: Number(params), connections: connections ? connections.split(', ') : [] });
  }
  return rows;
}

describe.skipIf(!existsSync(topologyFile) || !existsSync(referenceFile))(
  'summary of MobileNetV2 (needs ../shared: the MobileNetV2 topology and the Keras reference table)',
  () => {
    let model: tfl.LayersModel;

    beforeAll(async () => {
      await tf.setBackend('cpu');
      // The topology alone: the model is built with random weights, which a summary does not need.
      const json = JSON.parse(readFileSync(topologyFile, 'utf8')) as tfl.ModelAndWeightsConfig;
      model = await tfl.models.modelFromJSON(json.modelTopology);
    });

    afterAll(() => model?.dispose());

    it("agrees with Keras's table row by row and in its totals", () => {
      const reference = readReference();
      expect(reference).toHaveLength(156);
      const table = summaryTable(model);
      expect(table.connected).toBe(true);
      const rows = new Map(table.rows.map((row) => [row.name, row]));
      for (const expected of reference) {
        const row = rows.get(expected.name);
        expect(row, expected.name).toBeDefined();
        if (!row) continue;
        expect(row.className, expected.name).toBe(expected.className);
        const shape = formatSummaryShape(row.outputShape);
        expect(shape, expected.name).toBe(row.className === 'InputLayer' ? `[${expected.shape}]` : expected.shape);
        expect(row.params, expected.name).toBe(expected.params);
        // This tfjs export is the older Keras variant with a Conv1_pad layer between input_1 and Conv1.
        if (expected.name !== 'Conv1') expect(row.connections, expected.name).toEqual(expected.connections);
      }
      expect(table.trainableParams).toBe(3_504_872);
      expect(table.nonTrainableParams).toBe(34_112);
    });

    it('prints the 157-layer table fast (in CPU time, which parallel load does not inflate), in the Keras 2 layout', () => {
      // Wall-clock limits fail under parallel load; this process's own CPU time does not grow with it.
      const start = process.cpuUsage();
      const lines = summary(model, { print: () => undefined }).split('\n');
      const { user, system } = process.cpuUsage(start);
      expect((user + system) / 1000).toBeLessThan(1000);
      expect(lines[0]).toBe('Model: "mobilenetv2_1.00_224"');
      expect(lines).toContain('input_1 (InputLayer)            [(None, 224, 224, 3) 0                                            ');
      expect(lines).toContain('expanded_conv_depthwise (Depthw (None, 112, 112, 32) 288         Conv1_relu[0][0]                 ');
      const add = lines.findIndex((line) => line.startsWith('block_14_add (Add)'));
      expect(lines.slice(add, add + 2)).toEqual([
        'block_14_add (Add)              (None, 7, 7, 160)    0           block_13_project_BN[0][0]        ',
        '                                                                 block_14_project_BN[0][0]        ',
      ]);
      expect(lines.slice(-4)).toEqual([
        'Total params: 3,538,984',
        'Trainable params: 3,504,872',
        'Non-trainable params: 34,112',
        '_'.repeat(98),
      ]);
    });
  },
);
