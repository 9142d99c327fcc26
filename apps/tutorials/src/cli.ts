#!/usr/bin/env node
import { basename, dirname } from 'node:path';
import {
  type BackendReport,
  DendriteError,
  formatBackendReport,
  InvalidArgumentError,
  type Platform,
  setPlatform,
  type TransferProgress,
} from '@dendrite/core';
import { useNodePlatform } from '@dendrite/node';
import { defaultCacheFolder } from '@dendrite/node/internal';
import { cacheFolderWarning, withoutCache } from './cache-folder.js';
import { checkWritableFolder } from './check-destination.js';
import { forCommandLine } from './cli-advice.js';
import { inapplicableOptions, integerOption, type ParsedCommand, parseCommandLine } from './cli-options.js';
import { defaultCatsFolder, defaultCoursePhoto } from './course-photo.js';
import { drawDownloads } from './download-bars.js';
import { errorReport } from './error-report.js';
import { runBasics } from './parts/basics.js';
import { runClassify, runCoursePart3 } from './parts/classify.js';
import { runExplain } from './parts/explain.js';
import { parseValidation, runCoursePart4, runTransfer, type TransferRule } from './parts/transfer.js';
import { usage } from './usage.js';
import { userPath } from './user-path.js';

interface CommandContext {
  readonly parsed: ParsedCommand;
  readonly backend: BackendReport;
  readonly platform: Platform;
  readonly print: (line: string) => void;
  readonly write: ((partialLine: string) => void) | undefined;
  /** Says something the user must see, in --json mode too (on stderr there). */
  readonly warn: (line: string) => void;
}

/** A command's result (the --json output), and `exitCode` when it is not 0. */
type CommandResult = Record<string, unknown> & { readonly exitCode?: number };
type Command = (context: CommandContext) => Promise<CommandResult>;

const basics: Command = async ({ parsed, print, write }) => ({
  part: 2,
  ...(await runBasics({ seed: parsed.common.seed, print, ...(write ? { write } : {}) })),
});

/** The options of part 3 that the command line sets, with download progress drawn as bars. */
function classifyOptions({ parsed, print }: CommandContext, onProgress: (event: TransferProgress) => void) {
  const { weights, labels } = parsed.values;
  return {
    ...(typeof weights === 'string' ? { weights: weights === 'imagenet' ? weights : userPath(weights) } : {}),
    ...(typeof labels === 'string' ? { labels: userPath(labels) } : {}),
    top: integerOption('top', parsed.values.top, 5),
    print,
    onProgress,
  };
}

const classify: Command = async (context) => {
  const { positionals } = context.parsed;
  if (positionals.length === 0) {
    throw new InvalidArgumentError(
      'classify',
      'no photo was given',
      'Pass one or more, as in: npm run tutorials -- classify path/to/photo.jpg',
    );
  }
  const downloads = drawDownloads((label, total) => context.platform.progress(label, total));
  try {
    const result = await runClassify({
      ...classifyOptions(context, downloads.onProgress),
      images: positionals.map((image) => userPath(image)),
    });
    return { part: 3, ...result, ...(result.failed > 0 ? { exitCode: 1 } : {}) };
  } finally {
    downloads.finish();
  }
};

const course: Command = async (context) => {
  const [photo, extra] = context.parsed.positionals;
  if (extra !== undefined) {
    throw new InvalidArgumentError(
      'course',
      `takes one photo, got ${context.parsed.positionals.length}`,
      'Pass one photo, and the cats with --cats, as in: npm run tutorials -- course path/to/photo.jpg --cats path/to/cats',
    );
  }
  const { cats } = context.parsed.values;
  const downloads = drawDownloads((label, total) => context.platform.progress(label, total));
  // Options are checked before part 2 runs, not after.
  const part3Options = {
    ...classifyOptions(context, downloads.onProgress),
    photo: photo === undefined ? defaultCoursePhoto() : userPath(photo),
  };
  const part4Options = {
    ...transferOptions(context, downloads.onProgress),
    folder: typeof cats === 'string' ? userPath(cats) : defaultCatsFolder(),
  };
  // The destinations are checked now, not after the training they would keep.
  await checkDestinations(part4Options);
  const failures: string[] = [];
  // A part that fails is reported and the next one runs; the exit code says that one failed.
  const attempt = async (part: number, runPart: () => Promise<object>): Promise<Record<string, unknown>> => {
    try {
      const result = (await runPart()) as Record<string, unknown>;
      const problem = partProblem(result);
      if (problem !== undefined) failures.push(`part ${part} (${problem})`);
      return { part, ...result };
    } catch (error) {
      if (!DendriteError.isInstance(error)) throw error;
      const message = forCommandLine(error.message);
      context.warn(`Error in part ${part}: ${message}`);
      failures.push(`part ${part} (${error.name})`);
      return { part, error: errorReport(error) };
    }
  };
  try {
    const part2 = await attempt(2, () => basics(context));
    context.print('');
    const part3 = await attempt(3, () => runCoursePart3(part3Options));
    context.print('');
    const part4 = await attempt(4, () => runCoursePart4(part4Options));
    if (failures.length === 0) return { parts: [part2, part3, part4] };
    context.print('');
    context.warn(
      `The course ran every part, but ${failures.length === 1 ? 'one failed' : `${failures.length} failed`}: ${failures.join(', ')}.`,
    );
    return { parts: [part2, part3, part4], failed: failures, exitCode: 1 };
  } finally {
    downloads.finish();
  }
};

/** Why a part's result counts as failed: it was skipped, or a photo could not be classified. */
function partProblem(result: Record<string, unknown>): string | undefined {
  if (typeof result['skipped'] === 'string') return `skipped: ${result['skipped'].split('\n', 1)[0]}`;
  const failed = result['failed'];
  if (typeof failed === 'number' && failed > 0) return `${failed} photo${failed === 1 ? '' : 's'} could not be classified`;
  return undefined;
}

/** Checks every folder the user named as a destination, before any long work. */
async function checkDestinations(options: { readonly save?: string; readonly plots?: string }): Promise<void> {
  if (options.save !== undefined) await checkWritableFolder(options.save, '--save');
  if (options.plots !== undefined) await checkWritableFolder(options.plots, '--plots');
}

/** The options of part 4 that the command line sets. */
function transferOptions(context: CommandContext, onProgress: (event: TransferProgress) => void) {
  const { parsed, print, write, platform } = context;
  const { values } = parsed;
  const rule = values.rule ?? 'course-cats';
  if (rule !== 'course-cats' && rule !== 'folders' && rule !== 'prefix') {
    throw new InvalidArgumentError(
      '--rule',
      `expected course-cats, folders or prefix, got '${String(rule)}'`,
      'Pass --rule course-cats (f01..f20, m01..m20), folders (one subfolder per class) or prefix (<class>_name.jpg).',
    );
  }
  if (values.fast === true && values['keras-way'] === true) {
    throw new InvalidArgumentError('--fast', 'and --keras-way were both given', 'Pass one of them (--fast is the default).');
  }
  const { weights, labels, save, plots } = values;
  return {
    ...(typeof plots === 'string' ? { plots: userPath(plots) } : {}),
    ...(typeof weights === 'string' ? { weights: weights === 'imagenet' ? weights : userPath(weights) } : {}),
    ...(typeof labels === 'string' ? { labels: userPath(labels) } : {}),
    ...(typeof save === 'string' ? { save: userPath(save) } : {}),
    rule: rule as TransferRule,
    epochs: integerOption('epochs', values.epochs, 20),
    batchSize: integerOption('batch-size', values['batch-size'], 32),
    validation: parseValidation(typeof values.validation === 'string' ? values.validation : undefined),
    mode: values['keras-way'] === true ? ('keras' as const) : ('fast' as const),
    ...(values.augment === true ? { augment: true } : {}),
    ...fineTuneOptions(values),
    seed: parsed.common.seed,
    print,
    ...(write ? { write } : {}),
    progress: (label: string, total: number) => platform.progress(label, total),
    onProgress,
  };
}

/** --fine-tune-from N [--fine-tune-epochs 10] [--fine-tune-learning-rate 1e-5]: the tutorial's second phase. */
function fineTuneOptions(values: CommandContext['parsed']['values']) {
  const from = values['fine-tune-from'];
  if (from === undefined) {
    if (values['fine-tune-epochs'] !== undefined || values['fine-tune-learning-rate'] !== undefined) {
      throw new InvalidArgumentError(
        '--fine-tune-epochs',
        'was given without --fine-tune-from',
        'Pass --fine-tune-from 100 to fine-tune MobileNetV2 from layer 100, as the TensorFlow tutorial does.',
      );
    }
    return {};
  }
  const raw = values['fine-tune-learning-rate'];
  const learningRate = raw === undefined ? 1e-5 : Number(raw);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new InvalidArgumentError(
      '--fine-tune-learning-rate',
      `expected a positive number, got '${String(raw)}'`,
      'Pass for example --fine-tune-learning-rate 1e-5.',
    );
  }
  return {
    fineTune: {
      from: integerOption('fine-tune-from', from, 100, 0),
      epochs: integerOption('fine-tune-epochs', values['fine-tune-epochs'], 10),
      learningRate,
    },
  };
}

const transfer: Command = async (context) => {
  const { positionals } = context.parsed;
  if (positionals.length !== 1) {
    throw new InvalidArgumentError(
      'transfer',
      positionals.length === 0 ? 'no folder of photos was given' : 'takes one folder',
      'Pass a folder of photos, as in: npm run tutorials -- transfer apps/tutorials/photos/cats',
    );
  }
  const downloads = drawDownloads((label, total) => context.platform.progress(label, total));
  try {
    const options = transferOptions(context, downloads.onProgress);
    // The destinations are checked now, not after the training they would keep.
    await checkDestinations(options);
    return { part: 4, ...(await runTransfer({ ...options, folder: userPath(positionals[0] as string) })) };
  } finally {
    downloads.finish();
  }
};

const explain: Command = async (context) => {
  const { positionals, values } = context.parsed;
  if (positionals.length !== 1) {
    throw new InvalidArgumentError(
      'explain',
      positionals.length === 0 ? 'no photo was given' : 'takes one photo',
      'Pass one, as in: dendrite-tutorials explain path/to/photo.jpg --model path/to/saved-model',
    );
  }
  const image = userPath(positionals[0] as string);
  const out = typeof values.out === 'string' ? userPath(values.out) : `${basename(image).replace(/\.[^.]+$/, '')}-gradcam.png`;
  await checkWritableFolder(dirname(out), '--out');
  const downloads = drawDownloads((label, total) => context.platform.progress(label, total));
  try {
    const { weights, labels, model } = values;
    return {
      ...(await runExplain({
        image,
        out,
        ...(typeof model === 'string' ? { model: userPath(model) } : {}),
        ...(typeof weights === 'string' ? { weights: weights === 'imagenet' ? weights : userPath(weights) } : {}),
        ...(typeof labels === 'string' ? { labels: userPath(labels) } : {}),
        top: integerOption('top', values.top, 3),
        print: context.print,
        onProgress: downloads.onProgress,
      })),
    };
  } finally {
    downloads.finish();
  }
};

const commands: Record<string, Command> = { basics, classify, course, transfer, explain };

/** What ran, for the --json error report when it fails. */
const run: { command: string | undefined; json: boolean } = { command: undefined, json: false };

async function main(argv: readonly string[]): Promise<number> {
  // Known before parsing, so that a command line that does not parse is reported as JSON too.
  run.json = argv.includes('--json');
  run.command = argv.find((argument) => Object.hasOwn(commands, argument));
  const parsed = parseCommandLine(argv);
  run.command = parsed.command;
  if (parsed.help || parsed.command === undefined || parsed.command === 'help') {
    process.stdout.write(usage);
    return parsed.command === undefined && !parsed.help ? 1 : 0;
  }
  const command = commands[parsed.command];
  if (command === undefined) {
    const commandList = `Commands: ${Object.keys(commands).join(', ')}. Run with --help for more.`;
    process.stderr.write(`Unknown command '${parsed.command}'. ${commandList}\n`);
    if (run.json) {
      const report = errorReport(new InvalidArgumentError('command', `'${parsed.command}' is not a command`, commandList));
      process.stdout.write(`${JSON.stringify({ command: null, error: report })}\n`);
    }
    return 2;
  }

  const { json } = parsed.common;
  // In --json mode stdout carries the one JSON result only; the story goes nowhere.
  const output = json ? process.stderr : process.stdout;
  const warn = (line: string) => output.write(`${forCommandLine(line)}\n`);
  inapplicableOptions(parsed).forEach(warn);
  const cacheFolder = parsed.common.cacheDir === undefined ? defaultCacheFolder() : userPath(parsed.common.cacheDir);
  const { platform: nodePlatform, backend } = await useNodePlatform({
    ...(parsed.common.backend !== undefined ? { backend: parsed.common.backend } : {}),
    engine: parsed.common.engine,
    cacheDir: cacheFolder,
    offline: parsed.common.offline,
    timeoutMs: parsed.common.timeoutSeconds * 1000,
    output,
  });
  // The cache folder is checked before any long work: one warning, then no cache, when it cannot be used.
  const cacheWarning = parsed.command === 'basics' ? undefined : await cacheFolderWarning(cacheFolder);
  if (cacheWarning !== undefined) warn(cacheWarning);
  const platform = forTheCommandLine(cacheWarning === undefined ? nodePlatform : withoutCache(nodePlatform, cacheFolder));
  setPlatform(platform);
  const print = json ? () => undefined : (line: string) => process.stdout.write(`${line}\n`);
  const write = !json && process.stdout.isTTY ? (partial: string) => process.stdout.write(`\r${partial}`) : undefined;
  print(formatBackendReport(backend));
  print('');

  const { exitCode = 0, ...result } = await command({ parsed, backend, platform, print, write, warn });
  if (json) process.stdout.write(`${JSON.stringify({ command: parsed.command, seed: parsed.common.seed, backend, ...result })}\n`);
  return exitCode;
}

/** The platform, with the warnings it prints (skipped photos, cache trouble) in command-line advice. */
function forTheCommandLine(platform: Platform): Platform {
  return Object.create(platform, {
    print: { value: (line: string) => platform.print(forCommandLine(line)), enumerable: true },
  }) as Platform;
}

/**
 * Reports a fatal error: the human message on stderr (a stack trace only with DENDRITE_DEBUG=1) and,
 * with --json, `{"command", "error": {name, code, message, path, option, advice}}` on stdout.
 */
function reportFailure(error: unknown): void {
  const report = errorReport(error);
  const message = forCommandLine(report.message);
  if (DendriteError.isInstance(error)) {
    process.stderr.write(`Error: ${message}\n`);
  } else {
    // A stack trace helps only a developer of Dendrite, who can ask for it.
    const detail =
      error instanceof Error ? (process.env['DENDRITE_DEBUG'] === '1' ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`Unexpected error: ${detail}\n${report.advice}\n`);
  }
  if (run.json) {
    const advice = report.advice === null ? null : forCommandLine(report.advice);
    process.stdout.write(`${JSON.stringify({ command: run.command ?? null, error: { ...report, message, advice } })}\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    reportFailure(error);
    process.exitCode = 1;
  },
);
