/** The text `--help` prints. */
export const usage = `dendrite-tutorials: the introductory deep-learning course, part by part, on Dendrite.

Usage
  dendrite-tutorials <command> [options]
  npm run tutorials -- <command> [options]      (from the repository root)

Commands
  basics       Part 2: build, summarise, train and test a basic dense network.
  classify <image...>
               Part 3: classify photos with MobileNetV2 and ImageNet weights: per photo, the
               prediction shape, the most active output neuron and the top classes.
  course [photo]
               Every part in turn (what \`npm start\` runs). Part 3 classifies the course's
               photo, ../shared/data/pythontutorials/boef.jpg unless another is given.

Options
  --seed N         Seed for data, initial weights and shuffling (default 42).
  --backend NAME   Force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu.
  --json           Print one machine-readable JSON result on stdout instead of text.
  --offline        Never use the network; only local files and the cache.
  --cache-dir DIR  Where downloaded weights are cached (default ~/.cache/dendrite).
  -h, --help       Show this help.

Options of classify (and of part 3 in course)
  --weights W      imagenet (default: Keras's ImageNet weights, downloaded once and cached),
                   or the path or URL of a TensorFlow.js layers model.json or a Keras .h5 file.
  --labels L       Path or URL of Keras's imagenet_class_index.json (default: downloaded once).
  --top N          How many classes to show per photo (default 5).
  Without a network, pass local copies: --weights path/to/model.json --labels path/to/imagenet_class_index.json
`;
