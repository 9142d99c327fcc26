import { DendriteError } from '@dendrite/core';

/**
 * A fatal error as `--json` prints it on stdout: `{"command": ..., "error": ErrorReport}`. The
 * schema is documented in the usage text (`--help`).
 */
export interface ErrorReport {
  /** The error's class, such as `'InvalidArgumentError'`, or `'Error'` for a bug. */
  readonly name: string;
  /** Its stable code, such as `'invalid-argument'`; `'unexpected'` for an error Dendrite did not mean to throw. */
  readonly code: string;
  /** The whole human message, as stderr shows it. */
  readonly message: string;
  /** The file, folder or URL at fault, when there is one. */
  readonly path: string | null;
  /** The command-line option at fault, when there is one (such as `'--validation'`). */
  readonly option: string | null;
  /** What to do about it: the message's closing advice. */
  readonly advice: string | null;
}

/** Context fields that name a file, folder or URL, most specific first. */
const pathFields = ['path', 'file', 'folder', 'cacheEntry', 'source', 'url', 'manifest', 'root'] as const;

const BUG_ADVICE = 'This is a bug in Dendrite; please report it (run with DENDRITE_DEBUG=1 to see where it happened).';

function field(error: object, name: string): string | undefined {
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function pathOf(error: DendriteError): string | null {
  for (const name of pathFields) {
    const value = field(error, name);
    if (value !== undefined) return value;
  }
  // An error about several files (the classifier's weights and labels) names the first.
  const assets = (error as { assets?: unknown }).assets;
  if (Array.isArray(assets) && typeof assets[0] === 'object' && assets[0] !== null) return field(assets[0], 'source') ?? null;
  return null;
}

function optionOf(error: DendriteError): string | null {
  const option = field(error, 'option') ?? field(error, 'argument');
  return option?.startsWith('-') === true ? option : null;
}

/** How advice starts in Dendrite's messages: a verb telling the user what to do. */
const advising =
  /^(Add|Build|Call|Check|Choose|Clear|Convert|Copy|Delete|Download|Give|Install|Keep|Leave|Make|Move|Name|Pass|Pick|Point|Put|Remove|Rename|Replace|Resize|Retry|Run|Save|Set|Start|To|Try|Use|Wait|Commands)\b/;

/**
 * The advice of a message that says what happened, then what to do: from the first sentence that
 * tells the user to do something (else every sentence after the first), and the lines after.
 */
function adviceOf(message: string): string | null {
  const [firstLine = '', ...moreLines] = message.split('\n');
  const sentences = firstLine.split(/(?<=\.)\s+(?=[A-Z(])/);
  const start = sentences.findIndex((sentence, i) => i > 0 && advising.test(sentence));
  const advice = [...sentences.slice(start > 0 ? start : 1), ...moreLines].join(' ').replace(/\s+/g, ' ').trim();
  return advice === '' ? null : advice;
}

/**
 * Describes a fatal error for `--json`: a Dendrite error by its own fields, anything else as a bug.
 *
 * @param error - what the command threw
 * @returns the error's name, code, message, the path and option at fault, and the advice
 * @internal
 * @example
 * ```ts
 * process.stdout.write(`${JSON.stringify({ command: 'classify', error: errorReport(error) })}\n`);
 * ```
 */
export function errorReport(error: unknown): ErrorReport {
  if (DendriteError.isInstance(error)) {
    return {
      name: error.name,
      code: error.code,
      message: error.message,
      path: pathOf(error),
      option: optionOf(error),
      advice: adviceOf(error.message),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    name: error instanceof Error ? error.name : 'Error',
    code: 'unexpected',
    message,
    path: null,
    option: null,
    advice: BUG_ADVICE,
  };
}
