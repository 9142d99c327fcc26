import { element } from './dom.js';

/** One row of {@link scoreBars}. */
export interface Score {
  readonly label: string;
  /** Small print after the label, such as the class index. */
  readonly detail?: string;
  /** Between 0 and 1. */
  readonly score: number;
}

/** A list of labelled scores, best first, each with its percentage as text and as a bar. */
export function scoreBars(scores: readonly Score[], caption: string): HTMLElement {
  return element(
    'ol',
    { class: 'scores', 'aria-label': caption },
    scores.map((entry, rank) => {
      const percent = Math.max(0, Math.min(100, entry.score * 100));
      return element('li', { class: rank === 0 ? 'score best' : 'score' }, [
        element('span', { class: 'score-label' }, [
          entry.label,
          ...(entry.detail === undefined ? [] : [element('small', { text: ` ${entry.detail}` })]),
        ]),
        element('span', { class: 'score-value', text: `${percent.toFixed(1)} %` }),
        element('span', { class: 'bar', 'aria-hidden': 'true' }, [
          element('span', { class: 'bar-fill', style: `width: ${percent.toFixed(1)}%` }),
        ]),
      ]);
    }),
  );
}
