// Loads one file in a fresh process (started by a safety test) and prints, as JSON, how the load
// ended, how long it took and the process's peak resident memory. Needs @dendrite/keras built.
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { loadKerasModel, readKerasH5Weights } from '@dendrite/keras';

const [kind, file] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
const start = performance.now();
let outcome = 'loaded';
let code;
try {
  if (kind === 'model') (await loadKerasModel(bytes, { name: file })).dispose();
  else readKerasH5Weights(bytes, { source: file });
} catch (error) {
  outcome = error.name;
  code = error.code;
}
const ms = performance.now() - start;
console.log(JSON.stringify({ outcome, code, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
