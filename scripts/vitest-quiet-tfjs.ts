// Loaded before every Node test file (vitest.config.ts, setupFiles). TensorFlow.js's pure-JS cpu
// backend prints a banner suggesting @tensorflow/tfjs-node the first time it stores a tensor, once per
// test file. The tests choose that backend on purpose; the banner only hides their output, so it
// alone is dropped. Every other warning still prints.
const banner = 'Hi, looks like you are running TensorFlow.js in Node.js';
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].includes(banner)) return;
  warn(...args);
};
