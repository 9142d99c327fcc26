import { describe, expect, it } from 'vitest';
import { fencedBlocks, guideCode } from './guide-blocks.js';

const page = [
  '# A guide',
  '```ts',
  'const a = 1;',
  '```',
  'Some words.',
  '```ts',
  'console.log(a);',
  '```',
  '```text output',
  '1',
  '```',
  '```ts browser',
  'document.title = "x";',
  '```',
  '```sh',
  'npm run tutorials -- classify --top 3 "my photo.jpg"',
  '```',
  '```text output',
  'Part 3',
  '```',
].join('\n');

describe('fencedBlocks', () => {
  it('reads the language, the tags, the code and the line of each block', () => {
    const blocks = fencedBlocks(page);
    expect(blocks.map((block) => [block.language, block.tags.join(' '), block.line])).toEqual([
      ['ts', '', 2],
      ['ts', '', 6],
      ['text', 'output', 9],
      ['ts', 'browser', 12],
      ['sh', '', 15],
      ['text', 'output', 18],
    ]);
    expect(blocks[1]?.code).toBe('console.log(a);');
  });
});

describe('guideCode', () => {
  it('joins the Node blocks and the browser blocks, and pairs outputs with what printed them', () => {
    const code = guideCode(page);
    expect(code.node).toBe('const a = 1;\nconsole.log(a);');
    expect(code.nodeOutput).toBe('1');
    expect(code.browser).toBe('document.title = "x";');
    expect(code.tutorials).toEqual([{ args: ['classify', '--top', '3', 'my photo.jpg'], expected: 'Part 3', line: 18 }]);
    expect(code.problems).toEqual([]);
  });

  it('reports an output that belongs to nothing it can run', () => {
    const code = guideCode('```ts\nx;\n```\n```text output\n1\n```\n```ts\ny;\n```\n```sh\nls\n```\n```text output\n2\n```');
    expect(code.problems).toEqual([
      "line 4: a program's output must follow the program's last ts block",
      'line 13: only the output of one `npm run tutorials -- ...` command can be checked',
    ]);
  });
});
