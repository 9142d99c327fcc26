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
    throw new InvalidArgumentError('command line', message.replace(/\.$/, ''), 'Run with --help to see the options.');
  }
  const { values, positionals } = parsed;
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
