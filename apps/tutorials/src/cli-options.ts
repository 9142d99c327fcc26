import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@dendrite/core';

/** Options every subcommand takes. */
export interface CommonOptions {
  readonly seed: number;
  readonly backend: string | undefined;
  readonly engine: 'auto' | 'tfjs' | 'onnxruntime';
  readonly json: boolean;
  readonly offline: boolean;
  readonly cacheDir: string | undefined;
  /** Seconds without a byte before a download gives up. */
  readonly timeoutSeconds: number;
}

/** A parsed command line: the subcommand, its positional arguments and its options. */
export interface ParsedCommand {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly common: CommonOptions;
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly help: boolean;
}

const optionSpec = {
  seed: { type: 'string' },
  backend: { type: 'string' },
  engine: { type: 'string' },
  json: { type: 'boolean', default: false },
  offline: { type: 'boolean', default: false },
  'cache-dir': { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  weights: { type: 'string' },
  labels: { type: 'string' },
  cats: { type: 'string' },
  top: { type: 'string' },
  epochs: { type: 'string' },
  rule: { type: 'string' },
  validation: { type: 'string' },
  fast: { type: 'boolean' },
  'keras-way': { type: 'boolean' },
  save: { type: 'string' },
  'batch-size': { type: 'string' },
  augment: { type: 'boolean' },
  'fine-tune-from': { type: 'string' },
  'fine-tune-epochs': { type: 'string' },
  'fine-tune-learning-rate': { type: 'string' },
  plots: { type: 'string' },
  model: { type: 'string' },
  out: { type: 'string' },
} as const;

/** Parses a whole number option, failing with a clear message. */
export function integerOption(name: string, raw: string | boolean | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(
      `--${name}`,
      `expected a whole number >= ${min}, got '${String(raw)}'`,
      `Pass for example --${name} ${Math.max(min, fallback)}.`,
    );
  }
  return value;
}

const engines = ['auto', 'tfjs', 'onnxruntime'] as const;

/** Parses --engine: which engine optimised models run on. */
function engineOption(raw: string | undefined): CommonOptions['engine'] {
  if (raw === undefined) return 'auto';
  const engine = engines.find((name) => name === raw);
  if (engine === undefined)
    throw new InvalidArgumentError('--engine', `expected one of ${engines.join(', ')}, got '${raw}'`, 'Pass for example --engine tfjs.');
  return engine;
}

type ParsedArgs = ReturnType<typeof parseArgs<{ args: string[]; options: typeof optionSpec; allowPositionals: true; strict: true }>>;

/** Parses `argv` (without node and the script) into a command and its options. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...argv], options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's own wording suggests `--` for positionals, which no command here takes.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const problem = unknown === null ? message.replace(/\.$/, '') : `'${unknown[1]}' is not an option of dendrite-tutorials`;
    throw new InvalidArgumentError('command line', problem, 'Run with --help to see the options.');
  }
  const { values, positionals } = parsed;
  checkNoEmptyValue(values);
  const [command, ...rest] = positionals;
  return {
    command,
    positionals: rest,
    help: values.help ?? false,
    values,
    common: {
      seed: integerOption('seed', values.seed, 42, 0),
      backend: values.backend,
      engine: engineOption(values.engine),
      json: values.json ?? false,
      offline: values.offline ?? false,
      cacheDir: values['cache-dir'],
      timeoutSeconds: integerOption('timeout', values.timeout, 60),
    },
  };
}

/** What each option that takes a value expects, for the advice when it is given empty. */
const emptyValueAdvice: Readonly<Record<string, string>> = {
  'cache-dir': 'Pass a folder, as in --cache-dir ~/.cache/dendrite, or leave --cache-dir out for that default.',
  weights:
    'Pass imagenet, imagenet-uint8, or the path or URL of a model.json or Keras file, or leave --weights out for the embedded weights.',
  labels: "Pass the path or URL of a class index, or leave --labels out for Keras's, embedded.",
  cats: 'Pass the folder of cat photos, or leave --cats out for apps/tutorials/photos/cats.',
  save: 'Pass a file (cats.keras, cats.h5) or a folder, or leave --save out.',
  plots: 'Pass a folder for the SVG images, or leave --plots out.',
  model: 'Pass a folder saved by transfer --save or a .keras or .h5 file, or leave --model out for the ImageNet classifier.',
  out: 'Pass the PNG file to write, or leave --out out for <photo>-gradcam.png.',
};

/**
 * An empty value (`--cache-dir ""`) would otherwise become the current folder, or a number 0; it is
 * refused, naming the option, whatever the option.
 */
function checkNoEmptyValue(values: Readonly<Record<string, string | boolean | undefined>>): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string' || value.trim() !== '') continue;
    throw new InvalidArgumentError(
      `--${name}`,
      'the value is empty',
      emptyValueAdvice[name] ?? `Pass a value after --${name}, or leave --${name} out for its default (see --help).`,
    );
  }
}

/** Options that every command takes. */
const everyCommand = new Set(['seed', 'backend', 'json', 'help']);
const imagenetCommands = ['classify', 'transfer', 'explain', 'course'] as const;
const transferCommands = ['transfer', 'course'] as const;

/** The commands that take each option (others are ignored by them, and warned about). */
const commandsOf: Readonly<Record<string, readonly string[]>> = {
  engine: imagenetCommands,
  offline: imagenetCommands,
  'cache-dir': imagenetCommands,
  timeout: imagenetCommands,
  weights: imagenetCommands,
  labels: imagenetCommands,
  top: ['classify', 'explain', 'course'],
  cats: ['course'],
  epochs: transferCommands,
  rule: transferCommands,
  validation: transferCommands,
  fast: transferCommands,
  'keras-way': transferCommands,
  save: transferCommands,
  'batch-size': transferCommands,
  augment: transferCommands,
  'fine-tune-from': transferCommands,
  'fine-tune-epochs': transferCommands,
  'fine-tune-learning-rate': transferCommands,
  plots: transferCommands,
  model: ['explain'],
  out: ['explain'],
};

/**
 * One warning per option given to a command that does not use it (such as `basics --epochs 5`),
 * naming the option, the command and the commands that take it. Unknown options are errors instead
 * ({@link parseCommandLine}), since they are most likely typing mistakes.
 *
 * @param parsed - the parsed command line
 * @returns the warnings, one line each; none for an unknown command
 */
export function inapplicableOptions(parsed: ParsedCommand): string[] {
  const { command } = parsed;
  if (command === undefined || command === 'help') return [];
  return Object.entries(parsed.values).flatMap(([name, value]) => {
    const takers = commandsOf[name];
    if (value === undefined || value === false || everyCommand.has(name) || takers === undefined || takers.includes(command)) return [];
    const list = takers.length === 1 ? (takers[0] as string) : `${takers.slice(0, -1).join(', ')} and ${takers.at(-1)}`;
    return [`Warning: --${name} does not apply to ${command} and is ignored; it is taken by ${list}.`];
  });
}
