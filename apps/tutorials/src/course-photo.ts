import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the app keeps the course's photos: apps/tutorials/photos (one folder above src and dist). */
const photos = new URL('../photos/', import.meta.url);

/**
 * The course's photo of The Boef, shipped with the app in apps/tutorials/photos (CC BY 3.0, see the
 * NOTICE there).
 *
 * @returns the path when the file exists, else undefined
 */
export function defaultCoursePhoto(): string | undefined {
  const path = fileURLToPath(new URL('boef.jpg', photos));
  return existsSync(path) ? path : undefined;
}

/**
 * The course's 40 cat photos (f01..f20 female, m01..m20 male), shipped with the app in
 * apps/tutorials/photos/cats (CC BY 3.0, see the NOTICE there).
 *
 * @returns the folder when it exists, else undefined
 */
export function defaultCatsFolder(): string | undefined {
  const folder = fileURLToPath(new URL('cats', photos));
  return existsSync(folder) ? folder : undefined;
}
