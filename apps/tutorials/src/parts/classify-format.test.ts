import { describe, expect, it } from 'vitest';
import { formatClassification, formatTopClasses, formatTuple } from './classify-format.js';

// Formatting inputs. The two leading scores are, to the shown digits, real Keras's own for boef.jpg with
// the shared weights (0.871279, 0.094838: packages/mobilenet/src/testing/boef-keras-reference.json).
const top = [
  { classIndex: 155, wordnetId: 'n02086240', className: 'Shih-Tzu', score: 0.87129 },
  { classIndex: 154, wordnetId: 'n02086079', className: 'Pekinese', score: 0.09482 },
  { classIndex: 204, wordnetId: 'n02098413', className: 'Lhasa', score: 0.000004 },
];

describe('classify output', () => {
  it('writes shapes as Python tuples', () => {
    expect(formatTuple([1, 1000])).toBe('(1, 1000)');
    expect(formatTuple([7])).toBe('(7,)');
  });

  it('aligns the top classes in columns', () => {
    expect(formatTopClasses(top)).toEqual([
      '  #  class  WordNet id  name      score',
      '  1    155  n02086240   Shih-Tzu  0.8713',
      '  2    154  n02086079   Pekinese  0.0948',
      '  3    204  n02098413   Lhasa     0.0000',
    ]);
  });

  it("follows the course's steps for one image", () => {
    const lines = formatClassification({
      image: 'boef.jpg',
      inputShape: [1, 224, 224, 3],
      predictionShape: [1, 1000],
      mostActive: { classIndex: 155, score: 0.87129 },
      top: top.slice(0, 1),
    });
    expect(lines).toEqual([
      'boef.jpg',
      '  x: the photo resized to 224 x 224, batched as (1, 224, 224, 3), pixels scaled to -1..1 by preprocessInput',
      '  model.predict(x).shape: (1, 1000)',
      '  most active output neuron: 155 (score 0.8713)',
      '  decodePredictions(predictions, top=1):',
      '    #  class  WordNet id  name      score',
      '    1    155  n02086240   Shih-Tzu  0.8713',
    ]);
  });
});
