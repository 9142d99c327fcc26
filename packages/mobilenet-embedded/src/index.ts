// Data
export { EMBEDDED_WEIGHTS_DESCRIPTION, EMBEDDED_WEIGHTS_NAME, imagenetClassIndexJson, mobileNetV2Uint8Files } from './embedded-files.js';
export type { EmbeddedModelFiles } from './embedded-files.js';
