// How a guide's code is found: fenced blocks in the Markdown.
// - ```ts                the Node program: every such block on a page, in order, is one module;
// - ```ts browser        the browser version: every such block on a page, in order, is one module;
// - ```sh                a command the reader types; `npm run tutorials -- ...` ones are run;
// - ```text output       what the block just before it printed: the whole Node program when that
//                        block is its last ```ts block, or the command when it is a ```sh block.
// In an output block, a line `...` stands for any number of lines left out.

/** One fenced block of a Markdown page. */
export interface FencedBlock {
  /** The language, the first word of the info string (`ts`, `sh`, `text`). */
  readonly language: string;
  /** The other words of the info string (`browser`, `output`). */
  readonly tags: readonly string[];
  readonly code: string;
  /** The 1-based line of the opening fence, for messages. */
  readonly line: number;
}

/** A command of the tutorials app shown in a guide, with the output shown under it. */
export interface TutorialsRun {
  /** The arguments after `npm run tutorials --`. */
  readonly args: readonly string[];
  readonly expected: string;
  readonly line: number;
}

/** The code of one guide page, as the test runs it. */
export interface GuideCode {
  readonly node: string;
  readonly nodeOutput: string | undefined;
  readonly browser: string;
  readonly tutorials: readonly TutorialsRun[];
  readonly problems: readonly string[];
}

/** Every fenced block (``` or ~~~) of a Markdown text, in order. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').trim().startsWith(fence)) {
      body.push((lines[j] ?? '').startsWith(indent) ? (lines[j] ?? '').slice(indent.length) : (lines[j] ?? ''));
      j++;
    }
    const [language = '', ...tags] = info
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '');
    blocks.push({ language, tags, code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

const typeScript = new Set(['ts', 'typescript']);

/** Splits a shell line into words, honouring simple quotes. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** The Node program, browser module, program output and tutorials runs of a guide page. */
export function guideCode(markdown: string): GuideCode {
  const blocks = fencedBlocks(markdown);
  const problems: string[] = [];
  const node: string[] = [];
  const browser: string[] = [];
  const tutorials: TutorialsRun[] = [];
  let nodeOutput: string | undefined;
  const isNode = (block: FencedBlock): boolean => typeScript.has(block.language) && !block.tags.includes('browser');
  const lastNodeIndex = blocks.reduce((last, block, index) => (isNode(block) ? index : last), -1);

  blocks.forEach((block, index) => {
    if (typeScript.has(block.language)) {
      (block.tags.includes('browser') ? browser : node).push(block.code);
      return;
    }
    if (!block.tags.includes('output')) return;
    const before = blocks[index - 1];
    if (before !== undefined && isNode(before)) {
      if (index - 1 !== lastNodeIndex) problems.push(`line ${block.line}: a program's output must follow the program's last ts block`);
      else nodeOutput = block.code;
    } else if (before !== undefined && before.language === 'sh') {
      const words = shellWords(before.code.trim());
      if (before.code.trim().includes('\n') || words.slice(0, 4).join(' ') !== 'npm run tutorials --') {
        problems.push(`line ${block.line}: only the output of one \`npm run tutorials -- ...\` command can be checked`);
      } else {
        tutorials.push({ args: words.slice(4), expected: block.code, line: block.line });
      }
    } else {
      problems.push(`line ${block.line}: an output block must follow a ts (Node) or sh block`);
    }
  });
  return { node: node.join('\n'), nodeOutput, browser: browser.join('\n'), tutorials, problems };
}
