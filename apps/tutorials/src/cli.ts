#!/usr/bin/env node
import { basename } from 'node:path';
import {
  type BackendReport,
  DendriteError,
  formatBackendReport,
  InvalidArgumentError,
  type Platform,
  type TransferProgress,
} from '@dendrite/core';
import { useNodePlatform } from '@dendrite/node';
import { checkWritableFolder } from './check-destination.js';
import { integerOption, type ParsedCommand, parseCommandLine } from './cli-options.js';
import { defaultCatsFolder, defaultCoursePhoto } from './course-photo.js';
import { drawDownloads } from './download-bars.js';
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
  try {
    const part2 = await basics(context);
    context.print('');
    const part3 = await runCoursePart3(part3Options);
    context.print('');
    const part4 = await runCoursePart4(part4Options);
    return { parts: [part2, { part: 3, ...part3 }, { part: 4, ...part4 }] };
  } finally {
    downloads.finish();
  }
};

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
    // The save folder is checked now, not after the training it would keep.
    if (options.save !== undefined) await checkWritableFolder(options.save, '--save');
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

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.help || parsed.command === undefined || parsed.command === 'help') {
    process.stdout.write(usage);
    return parsed.command === undefined && !parsed.help ? 1 : 0;
  }
  const command = commands[parsed.command];
  if (command === undefined) {
    process.stderr.write(`Unknown command '${parsed.command}'. Commands: ${Object.keys(commands).join(', ')}. Run with --help for more.\n`);
    return 2;
  }

  const { json } = parsed.common;
  // In --json mode stdout carries the one JSON result only; the story goes nowhere.
  const output = json ? process.stderr : process.stdout;
  const { platform, backend } = await useNodePlatform({
    ...(parsed.common.backend !== undefined ? { backend: parsed.common.backend } : {}),
    engine: parsed.common.engine,
    ...(parsed.common.cacheDir !== undefined ? { cacheDir: parsed.common.cacheDir } : {}),
    offline: parsed.common.offline,
    timeoutMs: parsed.common.timeoutSeconds * 1000,
    output,
  });
  const print = json ? () => undefined : (line: string) => process.stdout.write(`${line}\n`);
  const write = !json && process.stdout.isTTY ? (partial: string) => process.stdout.write(`\r${partial}`) : undefined;
  print(formatBackendReport(backend));
  print('');

  const { exitCode = 0, ...result } = await command({ parsed, backend, platform, print, write });
  if (json) process.stdout.write(`${JSON.stringify({ command: parsed.command, seed: parsed.common.seed, backend, ...result })}\n`);
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (DendriteError.isInstance(error)) {
      process.stderr.write(`Error: ${error.message}\n`);
    } else {
      // A stack trace helps only a developer of Dendrite, who can ask for it.
      const detail =
        error instanceof Error ? (process.env['DENDRITE_DEBUG'] === '1' ? (error.stack ?? error.message) : error.message) : String(error);
      process.stderr.write(
        `Unexpected error: ${detail}\nThis is a bug in Dendrite; please report it (run with DENDRITE_DEBUG=1 to see where it happened).\n`,
      );
    }
    process.exitCode = 1;
  },
);
