/** The course's cats by class, as the app serves them (apps/tutorials/photos/cats). */
export const courseCats = {
  female: Array.from({ length: 20 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.jpg`),
  male: Array.from({ length: 20 }, (_, i) => `m${String(i + 1).padStart(2, '0')}.jpg`),
} as const;

/**
 * Fetches one of the course's photos that the app serves beside the page (boef.jpg, cats/f01.jpg, ...)
 * as a File, as if the user had picked it.
 *
 * @param path - the photo's path under the app's photos, such as `boef.jpg` or `cats/f01.jpg`
 */
export async function coursePhoto(path: string): Promise<File> {
  const response = await fetch(new URL(path, document.baseURI));
  if (!response.ok) throw new Error(`The course's photo ${path} is not served by this page (HTTP ${response.status}). Pick a photo of your own instead.`);
  return new File([await response.blob()], path.slice(path.lastIndexOf('/') + 1), { type: 'image/jpeg' });
}
