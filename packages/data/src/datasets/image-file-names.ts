/** File extensions read as images when a folder or a list of files is turned into a dataset. */
const imageExtensions: readonly string[] = ['.jpg', '.jpeg', '.png', '.bmp', '.gif', '.webp'];

/**
 * Whether a file name has an image extension (JPEG, PNG, BMP, GIF, WebP, any letter case) and is not
 * hidden. Everything else in a photo folder (`.DS_Store`, `Thumbs.db`, notes, licences) is left out.
 *
 * @internal
 */
export function isImageFileName(name: string): boolean {
  if (name.startsWith('.')) return false;
  const lower = name.toLowerCase();
  return imageExtensions.some((extension) => lower.endsWith(extension) && lower.length > extension.length);
}

/**
 * The last segment of a path or URL path (`'cats/f01.jpg'` and `'C:\\cats\\f01.jpg'` give `'f01.jpg'`).
 *
 * @internal
 */
export function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return trimmed.slice(cut + 1);
}

/**
 * Orders names by UTF-16 code units, independently of the user's locale, as Python's `sorted`
 * (and so Keras) orders class folders and files: `'B' < 'a'`, `'f01' < 'f10' < 'f2'`.
 *
 * @internal
 */
export function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
