import { DendriteError, ImageDecodeError } from '@dendrite/core';
import { ClassifierLoadError } from './classifier.js';
import { element } from './dom.js';

/** An error said for a learner: a short headline, what happened, and what to do. */
export interface FriendlyError {
  readonly title: string;
  readonly detail: string;
}

/**
 * Turns an error into words for the page. Dendrite's errors already say what happened and how to
 * fix it; the headline names the situation in plain words.
 *
 * @param error - what was thrown
 * @param subject - what was being worked on, such as a file name
 */
export function friendlyError(error: unknown, subject: string): FriendlyError {
  // Loading the model names the file that failed, whatever part asked for it.
  if (error instanceof ClassifierLoadError) return modelFileError(error.cause, error.file);
  if (error instanceof ImageDecodeError) {
    return {
      title: `${subject} is not a photo this browser can read`,
      detail: `${error.reason.charAt(0).toUpperCase()}${error.reason.slice(1)}. Pick a JPEG, PNG, GIF, BMP or WebP photo instead.`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (DendriteError.isInstance(error)) {
    const titles: Record<string, string> = {
      network: `Could not download ${subject}`,
      offline: `${subject} is not in this browser's cache, and the page is offline`,
      'checksum-mismatch': `The downloaded ${subject} is damaged`,
      'weights-file': `Could not read ${subject}`,
      'weights-mismatch': `These weights do not fit MobileNetV2`,
      'empty-dataset': 'There are no photos to learn from',
      'invalid-data': `Something is wrong with ${subject}`,
      'invalid-argument': 'A setting is out of range',
    };
    return { title: titles[error.code] ?? `Something went wrong with ${subject}`, detail: message };
  }
  return { title: `Something went wrong with ${subject}`, detail: message };
}

/** I/O failures, whose own advice (written for programs) a page user cannot follow. */
const pageAdvice: Record<string, string> = {
  network: 'Check your connection and reload the page.',
  offline: 'Connect to the network once, so that the browser can keep a copy.',
  'resource-not-found': 'Check the address under Settings.',
  'checksum-mismatch': 'Reload the page to download it again.',
};

/** The error of a model or class-names file, titled with the file's name. */
function modelFileError(cause: unknown, file: string): FriendlyError {
  const { title, detail } = friendlyError(cause, file);
  const code = DendriteError.isInstance(cause) ? cause.code : '';
  const advice = pageAdvice[code];
  if (advice === undefined) return { title, detail };
  // What happened, from the error's first sentence; then what the page user can do.
  const happened = detail.split(/(?<=\.) /)[0] ?? detail;
  return { title, detail: `${happened} ${advice}` };
}

/**
 * A visible error message, announced to screen readers.
 *
 * @param hint - what the page itself offers to fix it, added after the error's own advice
 */
export function errorElement(error: unknown, subject: string, hint?: string): HTMLElement {
  const { title, detail } = friendlyError(error, subject);
  return element('div', { class: 'error', role: 'alert' }, [
    element('strong', { text: title }),
    element('p', { text: detail }),
    ...(hint === undefined ? [] : [element('p', { text: hint })]),
  ]);
}

/** What the page offers when the model files cannot be had. */
export const modelFilesHint =
  'To go on: clear the weights and class names under Settings, at the top of the page, to use those built into the page, or pick your own model.json with its .bin files under "Your own weights".';
