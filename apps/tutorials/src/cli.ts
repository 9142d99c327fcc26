#!/usr/bin/env node
import { DendriteError, formatBackendReport, type BackendReport } from '@dendrite/core';
import { useNodePlatform } from '@dendrite/node';
import { parseCommandLine, type ParsedCommand } from './cli-options.js';
import { runBasics } from './parts/basics.js';
import { usage } from './usage.js';

interface CommandContext {
  readonly parsed: ParsedCommand;
  readonly backend: BackendReport;
  readonly print: (line: string) => void;
  readonly write: ((partialLine: string) => void) | undefined;
}

type Command = (context: CommandContext) => Promise<Record<string, unknown>>;

const basics: Command = async ({ parsed, print, write }) => ({
  part: 2,
  ...(await runBasics({ seed: parsed.common.seed, print, ...(write ? { write } : {}) })),
});

const course: Command = async (context) => {
  const part2 = await basics(context);
  return { parts: [part2] };
};

const commands: Record<string, Command> = { basics, course };

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
  const { backend } = await useNodePlatform({
    ...(parsed.common.backend !== undefined ? { backend: parsed.common.backend } : {}),
    ...(parsed.common.cacheDir !== undefined ? { cacheDir: parsed.common.cacheDir } : {}),
    offline: parsed.common.offline,
    output,
  });
  const print = json ? () => undefined : (line: string) => process.stdout.write(`${line}\n`);
  const write = !json && process.stdout.isTTY ? (partial: string) => process.stdout.write(`\r${partial}`) : undefined;
  print(formatBackendReport(backend));
  print('');

  const result = await command({ parsed, backend, print, write });
  if (json) process.stdout.write(`${JSON.stringify({ command: parsed.command, seed: parsed.common.seed, backend, ...result })}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (DendriteError.isInstance(error)) {
      process.stderr.write(`Error: ${error.message}\n`);
    } else {
      process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
