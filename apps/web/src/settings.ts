import { KERAS_IMAGENET_CLASS_INDEX_URL } from '@dendrite/mobilenet';

/** What the page's query string chooses. */
export interface PageSettings {
  /** `'imagenet'` (Keras's official weights), or the absolute URL of a model.json or .h5 file. */
  readonly weights: string;
  /** The absolute URL of an `imagenet_class_index.json`. */
  readonly labels: string;
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
  const weights = text('weights');
  return {
    weights: weights === undefined || weights === 'imagenet' ? 'imagenet' : new URL(weights, location.href).href,
    labels: new URL(text('labels') ?? KERAS_IMAGENET_CLASS_INDEX_URL, location.href).href,
    backend: text('backend'),
    bench: query.get('bench') === '1',
  };
}
