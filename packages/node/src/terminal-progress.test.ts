import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTerminalProgress, formatTerminalBar, formatPlainProgressLine, type ProgressStream } from './terminal-progress.js';

function recorder(isTTY: boolean, columns?: number): ProgressStream & { readonly text: string[] } {
  const text: string[] = [];
  return { text, isTTY, ...(columns === undefined ? {} : { columns }), write: (chunk: string) => text.push(chunk) };
}

describe('formatTerminalBar', () => {
  it('draws the bar with a head while unfinished and full when finished', () => {
    expect(formatTerminalBar(12, 40, 10, 'Features', 'f12.jpg')).toBe('Features [==>       ] 12/40 f12.jpg');
    expect(formatTerminalBar(0, 40, 10, 'Features', '')).toBe('Features [          ]  0/40');
    expect(formatTerminalBar(39, 40, 10, 'Features')).toBe('Features [========> ] 39/40');
    expect(formatTerminalBar(40, 40, 10, 'Features', 'done')).toBe('Features [==========] 40/40 done');
    expect(formatTerminalBar(6, 10, 10, 'x')).toBe('x [=====>    ]  6/10');
  });

  it('pads the count to the width of the total, and omits an empty label', () => {
    expect(formatTerminalBar(7, 1000, 4, '')).toBe('[    ]    7/1000');
    expect(formatTerminalBar(500, 1000, 4, '')).toBe('[=>  ]  500/1000');
  });

  it('keeps the bar inside its brackets for counts outside 0..total', () => {
    expect(formatTerminalBar(50, 40, 5, 'over')).toBe('over [=====] 50/40');
    expect(formatTerminalBar(-3, 40, 5, 'under')).toBe('under [     ] -3/40');
  });

  it('shows only the count when the total is unknown', () => {
    expect(formatTerminalBar(1234, 0, 5, 'Downloading', 'model.json')).toBe('Downloading [     ] 1234 model.json');
    expect(formatTerminalBar(3, Number.NaN, 3, 'n')).toBe('n [   ] 3');
  });
});

describe('formatPlainProgressLine', () => {
  it('writes the count and a rounded-down percentage', () => {
    expect(formatPlainProgressLine(12, 40, 'Features', 'f12.jpg')).toBe('Features 12/40 (30%) f12.jpg');
    expect(formatPlainProgressLine(1, 3, 'Epochs')).toBe('Epochs 1/3 (33%)');
    expect(formatPlainProgressLine(40, 40, 'Epochs')).toBe('Epochs 40/40 (100%)');
    expect(formatPlainProgressLine(5, 0, 'Bytes')).toBe('Bytes 5');
  });
});

describe('createTerminalProgress on a TTY', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws at once, redraws in place at most every 100 ms, always the last step, and ends the line', () => {
    const stream = recorder(true, 80);
    const progress = createTerminalProgress('Work', 40, stream);
    expect(stream.text).toEqual([`\r${formatTerminalBar(0, 40, 30, 'Work')}`]);

    progress.update(1);
    progress.update(2);
    expect(stream.text).toHaveLength(1);
    vi.advanceTimersByTime(100);
    progress.update(3, 'c.jpg');
    expect(stream.text.at(-1)).toBe(`\r${formatTerminalBar(3, 40, 30, 'Work', 'c.jpg')}`);
    progress.update(40);
    expect(stream.text.at(-1)).toBe(`\r${formatTerminalBar(40, 40, 30, 'Work', 'c.jpg')}`);
    progress.done('finished');
    expect(stream.text.slice(-2)).toEqual([`\r${formatTerminalBar(40, 40, 30, 'Work', 'finished')}`, '\n']);

    const count = stream.text.length;
    progress.update(41);
    progress.done();
    expect(stream.text).toHaveLength(count);
  });

  it('blanks what is left of a longer earlier line', () => {
    const stream = recorder(true, 80);
    const progress = createTerminalProgress('W', 10, stream);
    vi.advanceTimersByTime(100);
    progress.update(1, 'a long detail');
    vi.advanceTimersByTime(100);
    progress.update(2, 'short');
    const shorter = formatTerminalBar(2, 10, 30, 'W', 'short');
    expect(stream.text.at(-1)).toBe(`\r${shorter}${' '.repeat('a long detail'.length - 'short'.length)}`);
    expect(stream.text.at(-1)).toHaveLength(formatTerminalBar(1, 10, 30, 'W', 'a long detail').length + 1);
  });

  it('narrows the bar, then cuts the line, to fit a narrow terminal', () => {
    const stream = recorder(true, 40);
    createTerminalProgress('Downloading', 100, stream).update(50, 'model.json');
    // 40 columns less 'Downloading []   0/100' (22) and the cursor's column leave 17 for the bar.
    expect(stream.text[0]).toBe(`\r${formatTerminalBar(0, 100, 17, 'Downloading')}`);
    expect(stream.text[0]).toHaveLength(40);
    const tiny = recorder(true, 20);
    createTerminalProgress('Downloading weights', 100, tiny);
    expect(tiny.text[0]).toBe('\rDownloading weights');
  });

  it('assumes 80 columns when the terminal reports none or 0', () => {
    for (const columns of [undefined, 0]) {
      const stream = recorder(true, columns);
      createTerminalProgress('Downloading', 100, stream);
      expect(stream.text[0]).toBe(`\r${formatTerminalBar(0, 100, 30, 'Downloading')}`);
    }
  });
});

describe('createTerminalProgress without a TTY', () => {
  it('writes a start line, one per further tenth, and a done line', () => {
    const stream = recorder(false);
    const progress = createTerminalProgress('Features', 40, stream);
    for (let i = 1; i <= 40; i++) progress.update(i, `photo ${i}`);
    progress.done();
    expect(stream.text.join('')).toBe(
      [
        'Features 0/40 (0%)',
        'Features 4/40 (10%) photo 4',
        'Features 8/40 (20%) photo 8',
        'Features 12/40 (30%) photo 12',
        'Features 16/40 (40%) photo 16',
        'Features 20/40 (50%) photo 20',
        'Features 24/40 (60%) photo 24',
        'Features 28/40 (70%) photo 28',
        'Features 32/40 (80%) photo 32',
        'Features 36/40 (90%) photo 36',
        'Features 40/40 (100%) photo 40',
        '',
      ].join('\n'),
    );
  });

  it('skips tenths it jumps over, and writes only start and end for an unknown total', () => {
    const stream = recorder(false);
    const progress = createTerminalProgress('Bytes', 1000, stream);
    progress.update(550);
    progress.update(560);
    progress.done('ok');
    expect(stream.text).toEqual(['Bytes 0/1000 (0%)\n', 'Bytes 550/1000 (55%)\n', 'Bytes 560/1000 (56%) ok\n']);

    const unknown = recorder(false);
    const open = createTerminalProgress('Bytes', 0, unknown);
    open.update(10);
    open.update(20);
    open.done();
    expect(unknown.text).toEqual(['Bytes 0\n', 'Bytes 20\n']);
  });

  it('writes the last line once when the work ends on a tenth it already wrote (32, then 40 of 40)', () => {
    const stream = recorder(false);
    const progress = createTerminalProgress('Features', 40, stream);
    progress.update(32);
    progress.update(40);
    progress.done();
    expect(stream.text).toEqual(['Features 0/40 (0%)\n', 'Features 32/40 (80%)\n', 'Features 40/40 (100%)\n']);
  });

  it('uses process.stdout by default', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      createTerminalProgress('Default', 2).done();
      expect(write).toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});
