import { describe, expect, it } from 'vitest';
import {
  formatEpochHeader,
  formatEpochLine,
  formatEta,
  formatMetricValue,
  formatProgressBar,
  formatProgressFinalLine,
  formatProgressLine,
  formatStepTime,
} from './training-log-format.js';

describe('formatEpochHeader', () => {
  it('counts epochs from 1 as Keras shows them', () => {
    expect(formatEpochHeader(3, 10)).toBe('Epoch 3/10');
    expect(formatEpochHeader(1, 1)).toBe('Epoch 1/1');
  });
});

describe('formatEpochLine (verbose 2)', () => {
  it('writes steps, whole seconds and 4-decimal metrics, validation last', () => {
    expect(
      formatEpochLine({
        step: 313,
        steps: 313,
        seconds: 0.4,
        logs: { loss: 0.1234, accuracy: 0.9876, val_loss: 0.1111, val_accuracy: 0.99 },
      }),
    ).toBe('313/313 - 0s - loss: 0.1234 - accuracy: 0.9876 - val_loss: 0.1111 - val_accuracy: 0.9900');
  });

  it("rounds seconds as Python's %.0f does (ties to even)", () => {
    const line = (seconds: number) => formatEpochLine({ step: 4, steps: 4, seconds, logs: {} });
    expect(line(0.5)).toBe('4/4 - 0s');
    expect(line(0.51)).toBe('4/4 - 1s');
    expect(line(1.5)).toBe('4/4 - 2s');
    expect(line(2.5)).toBe('4/4 - 2s');
    expect(line(61.2)).toBe('4/4 - 61s');
  });

  it('pads the step count to the width of the total and writes zero and negatives in scientific notation', () => {
    expect(formatEpochLine({ step: 7, steps: 282, seconds: 1.2, logs: { loss: 0, accuracy: 1, delta: -0.5 } })).toBe(
      '  7/282 - 1s - loss: 0.0000e+00 - accuracy: 1.0000 - delta: -5.0000e-01',
    );
  });
});

describe('formatProgressLine (verbose 1, during an epoch)', () => {
  it('draws the bar with its head and an ETA', () => {
    expect(formatProgressLine({ step: 157, steps: 313, etaSeconds: 0.31, logs: { loss: 0.2345, accuracy: 0.95 } })).toBe(
      '157/313 [==============>...............] - ETA: 0s - loss: 0.2345 - accuracy: 0.9500',
    );
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a loss as Keras logs it, rounded to 4 digits, not ln 2
    expect(formatProgressLine({ step: 1, steps: 313, etaSeconds: 94.2, logs: { loss: 0.6931 } })).toBe(
      '  1/313 [..............................] - ETA: 1:34 - loss: 0.6931',
    );
  });

  it('writes negative metrics with 4 decimals, as the bar compares magnitudes', () => {
    expect(formatProgressLine({ step: 2, steps: 4, etaSeconds: 3, logs: { delta: -0.5 } })).toBe(
      '2/4 [==============>...............] - ETA: 3s - delta: -0.5000',
    );
  });
});

describe('formatProgressFinalLine (verbose 1, end of epoch)', () => {
  it('fills the bar and writes seconds and time per step', () => {
    expect(
      formatProgressFinalLine({
        steps: 313,
        seconds: 0.7,
        secondsPerStep: 0.0022,
        logs: { loss: 0.1234, accuracy: 0.9876, val_loss: 0.1111, val_accuracy: 0.99 },
      }),
    ).toBe(
      '313/313 [==============================] - 1s 2ms/step - loss: 0.1234 - accuracy: 0.9876 - val_loss: 0.1111 - val_accuracy: 0.9900',
    );
  });
});

describe('formatProgressBar', () => {
  it('grows by floor(30 * step / steps) and ends full', () => {
    expect(formatProgressBar(0, 4)).toBe('0/4 [..............................]');
    expect(formatProgressBar(1, 4)).toBe('1/4 [======>.......................]');
    expect(formatProgressBar(4, 4)).toBe('4/4 [==============================]');
    expect(formatProgressBar(10, 1000)).toBe('  10/1000 [..............................]');
    expect(formatProgressBar(999, 1000)).toBe(' 999/1000 [============================>.]');
  });
});

describe('formatEta', () => {
  it('writes seconds, minutes and hours as Keras does, cutting fractions', () => {
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(59.9)).toBe('59s');
    expect(formatEta(60)).toBe('60s');
    expect(formatEta(125.7)).toBe('2:05');
    expect(formatEta(3600)).toBe('60:00');
    expect(formatEta(3725.9)).toBe('1:02:05');
  });
});

describe('formatStepTime', () => {
  it('picks s, ms or us per step', () => {
    expect(formatStepTime(0)).toBe('0s/step');
    expect(formatStepTime(1.4)).toBe('1s/step');
    expect(formatStepTime(0.0022)).toBe('2ms/step');
    expect(formatStepTime(0.0025)).toBe('2ms/step');
    expect(formatStepTime(0.001)).toBe('1ms/step');
    expect(formatStepTime(0.00025)).toBe('250us/step');
  });
});

describe('formatMetricValue', () => {
  it("writes values as Python's %.4f and %.4e do, ties to even included", () => {
    const cases: [number, string][] = [
      [0.98765, '0.9877'],
      [0.03125, '0.0312'],
      [0.15625, '0.1562'],
      [0.40625, '0.4062'],
      [0.5, '0.5000'],
      [9.99995, '10.0000'],
      [123456.78125, '123456.7812'],
      [0.0009999999, '1.0000e-03'],
      [0.001, '1.0000e-03'],
      [0.00012345, '1.2345e-04'],
      [2.5e-5, '2.5000e-05'],
      [1e-30, '1.0000e-30'],
      [5e-324, '4.9407e-324'],
      [0, '0.0000e+00'],
      [-0.0001, '-1.0000e-04'],
      [Number.NaN, 'nan'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NEGATIVE_INFINITY, '-inf'],
    ];
    for (const [value, text] of cases) expect(formatMetricValue(value), String(value)).toBe(text);
    expect(formatMetricValue(-0.5)).toBe('-0.5000');
    expect(formatMetricValue(-0.5, 'signed')).toBe('-5.0000e-01');
    expect(formatMetricValue(1e22)).toBe('10000000000000000000000.0000');
  });
});
