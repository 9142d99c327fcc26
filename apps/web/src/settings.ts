/** The weights the page uses unless told otherwise: those built into the page (no download). */
export const EMBEDDED_WEIGHTS = 'imagenet-uint8';

/** What the page's query string chooses. */
export interface PageSettings {
  /**
   * `'imagenet-uint8'` (default: the weights built into the page), `'imagenet'` (Keras's official
   * weights, downloaded once), or the absolute URL of a model.json or .h5 file.
   */
  readonly weights: string;
  /** The absolute URL of an `imagenet_class_index.json`, or undefined for Keras's, built into the page. */
  readonly labels: string | undefined;
  /** A backend to force, or undefined for the fastest that works. */
  readonly backend: string | undefined;
  /** Whether the page runs the benchmark instead of the course. */
  readonly bench: boolean;
}

/**
 * Reads `?weights=`, `?labels=`, `?backend=` and `?bench=1`. Relative URLs are made absolute
 * against the page, so that downloads from the page's own server are cached like any other.
 */
export function readSettings(location: Pick<Location, 'search' | 'href'>): PageSettings {
  const query = new URLSearchParams(location.search);
  const text = (name: string): string | undefined => {
    const value = query.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const weights = text('weights') ?? EMBEDDED_WEIGHTS;
  const labels = text('labels');
  return {
    weights: weights === EMBEDDED_WEIGHTS || weights === 'imagenet' ? weights : new URL(weights, location.href).href,
    labels: labels === undefined ? undefined : new URL(labels, location.href).href,
    backend: text('backend'),
    bench: query.get('bench') === '1',
  };
}

/** The file name a weights or class-names setting points at, for messages. */
export function fileNameOf(source: string): string {
  if (source === EMBEDDED_WEIGHTS) return 'the weights built into the page';
  if (source === 'imagenet') return "Keras's ImageNet weights file";
  const path = source.replace(/[?#].*$/, '');
  return path.slice(path.lastIndexOf('/') + 1) || source;
}
