import { DendriteError, ImageDecodeError } from '@dendrite/core';
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
      'weights-file': `Could not read the weights file`,
      'weights-mismatch': `These weights do not fit MobileNetV2`,
      'empty-dataset': 'There are no photos to learn from',
      'invalid-data': `Something is wrong with ${subject}`,
      'invalid-argument': 'A setting is out of range',
    };
    return { title: titles[error.code] ?? `Something went wrong with ${subject}`, detail: message };
  }
  return { title: `Something went wrong with ${subject}`, detail: message };
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
export const modelFilesHint = 'Under Settings, at the top of the page, you can point it at another copy of the weights and class names.';
