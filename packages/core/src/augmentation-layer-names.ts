/**
 * Keras's class names of the image augmentation layers (the classes live in `@dendrite/keras`).
 * They change images only while training, so the frozen-prefix runner treats them as the end of
 * the part of a model it may compute once.
 *
 * @internal
 */
export const AUGMENTATION_LAYERS: ReadonlySet<string> = new Set([
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'RandomTranslation',
  'RandomContrast',
  'RandomBrightness',
]);
