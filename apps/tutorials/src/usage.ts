/** The text `--help` prints. */
export const usage = `dendrite-tutorials: the introductory deep-learning course, part by part, on Dendrite.

Usage
  dendrite-tutorials <command> [options]
  npm run tutorials -- <command> [options]      (from the repository root)

Commands
  basics       Part 2: build, summarise, train and test a basic dense network.
  course       Every part in turn (what \`npm start\` runs).

Options
  --seed N         Seed for data, initial weights and shuffling (default 42).
  --backend NAME   Force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu.
  --json           Print one machine-readable JSON result on stdout instead of text.
  --offline        Never use the network; only local files and the cache.
  --cache-dir DIR  Where downloaded weights are cached (default ~/.cache/dendrite).
  -h, --help       Show this help.
`;
