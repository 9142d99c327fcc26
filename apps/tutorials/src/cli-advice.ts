/**
 * Library advice that names an API option, and what a command-line user changes instead. The
 * libraries keep their messages for library users; the command line rewrites the advice where it
 * reaches its users (errors, warnings, per-photo failures). Each entry is one whole sentence (or
 * clause) of a library message, matched exactly, so a reworded library message shows as it is
 * rather than half-rewritten; cli-advice.test.ts checks that every one still occurs in its package.
 */
export const cliAdvice: readonly (readonly [library: string, cli: string])[] = [
  // transferModel, on a folder whose photos give one class.
  [
    'Pass classes: 2 (or the class names).',
    'Give the photos two classes or more: with --rule course-cats, f01.jpg ... (female) and m01.jpg ... (male); with --rule prefix, <class>_name.jpg; with --rule folders, one subfolder per class.',
  ],
  // imageDatasetFromFiles, on a folder of subfolders (or of no images).
  [
    'Pass the folder that holds the images; for one subfolder per class, use imageDatasetFromDirectory.',
    'Pass the folder that holds the photos; for one subfolder per class, pass --rule folders.',
  ],
  // imageDatasetFromFiles, when no file name fits the rule.
  [
    'Check that labelOf returns a class name for these file names.',
    'Name the photos as --rule expects (course-cats: f01.jpg, m01.jpg; prefix: <class>_name.jpg), or pass the --rule that fits their names.',
  ],
  // imageDatasetFromDirectory, on a folder of photos side by side.
  [
    "To label images by their file names, use imageDatasetFromFiles(folder, { labelOf }) instead (for the course's cats: a rule on the first letter, f or m).",
    'To label photos by their file names, pass --rule course-cats (f01.jpg female, m01.jpg male) or --rule prefix (<class>_name.jpg) instead.',
  ],
  // Unreadable photos skipped while loading or extracting features: the command line has no strict mode.
  ['Remove or replace them, or pass strict: true to stop at the first one instead.', 'Remove or replace them.'],
  // stratifiedSplit.
  [
    'Pass validation: a fraction such as 0.25, or { perClass: n }, { firstPerClass: n } or { lastPerClass: n } with a whole n >= 1.',
    'Pass --validation first15 (the course) or a fraction such as --validation 0.25.',
  ],
  ['Hold out fewer examples per class.', 'Pass a smaller --validation fraction (such as 0.25), or add photos to that class.'],
  ['Use a larger fraction, or { perClass: n } with n >= 1.', 'Pass a larger --validation fraction, such as 0.25.'],
  // The ONNX Runtime engine asked for with --engine onnxruntime and not installed.
  [
    "Install onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node) and call useNodePlatform() first, or pass engine: 'auto'.",
    'Install onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node), or pass --engine auto (or leave --engine out).',
  ],
  [
    "(the variable skips its CUDA download), or pass engine: 'auto'.",
    '(the variable skips its CUDA download), or pass --engine auto (or leave --engine out).',
  ],
];

/**
 * A message as a command-line user should read it: library advice that names an API option
 * (`pass strict: true`, `use imageDatasetFromDirectory`) replaced by the flag to change.
 *
 * @param message - an error message or warning from the libraries
 * @returns the message with command-line advice
 * @internal
 * @example
 * ```ts
 * process.stderr.write(`Error: ${forCommandLine(error.message)}\n`);
 * ```
 */
export function forCommandLine(message: string): string {
  return cliAdvice.reduce((text, [library, cli]) => text.split(library).join(cli), message);
}
