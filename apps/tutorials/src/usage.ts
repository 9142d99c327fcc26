/** The text `--help` prints. */
export const usage = `The introductory deep-learning course, part by part, on Dendrite.

Usage (from the repository root)
  npm start                                 the whole course (npm run tutorials -- course)
  npm run tutorials -- <command> [options]

Commands
  basics       Part 2: build, summarise, train and test a basic dense network.
  classify <image...>
               Part 3: classify photos with MobileNetV2 and ImageNet weights: per photo, the
               prediction shape, the most active output neuron and the top classes.
  transfer <folder>
               Part 4: transfer learning, female vs male cats. Sanity check (each photo's top
               ImageNet class), a new Dense softmax head on MobileNetV2's pooled features with
               the rest frozen, 20 epochs on all photos, then a fresh head on 30 photos
               validated on the other 10: overfitting, shown plainly.
  explain <photo>
               Which classes the model sees in a photo and where it found the top one:
               Grad-CAM on the last feature map, written as a PNG of the photo, the photo
               under its heatmap, and the top classes (--out FILE, default
               <photo>-gradcam.png). --model explains a folder saved by transfer --save or a .keras file;
               without it, the ImageNet classifier (--weights, --labels as for classify).
  course [photo] [--cats DIR]
               Every part in turn (what \`npm start\` runs). Part 3 classifies the course's
               photo, apps/tutorials/photos/boef.jpg, unless another is given; part 4 trains on
               the cats in apps/tutorials/photos/cats, or in DIR. The photos ship with the app
               (CC BY 3.0, see apps/tutorials/photos/NOTICE). A part that fails is reported and
               the next one runs; the course then exits 1, naming the parts that failed.

Options
  --seed N         Seed for data, initial weights and shuffling (default 42).
  --backend NAME   Force a TensorFlow.js backend: tensorflow-gpu, tensorflow, wasm or cpu.
  --engine E       Engine of the optimised MobileNetV2: auto (default: ONNX Runtime when
                   onnxruntime-node is installed, else TensorFlow.js), tfjs or onnxruntime.
  --json           Print one machine-readable JSON result on stdout instead of text. When a
                   command fails, stdout gets {"command", "error": {"name", "code", "message",
                   "path", "option", "advice"}} instead (path and option null when none is at
                   fault), stderr keeps the message, and the exit code is the same.
  --offline        Never use the network; only local files and the cache.
  --cache-dir DIR  Where downloaded weights and photo features are cached (default
                   ~/.cache/dendrite). A folder that cannot be used (a file in the way, read-only)
                   gives one warning, and the command runs without a cache.
  --timeout SEC    Give up on a download after SEC seconds without a byte (default 60).
  -h, --help       Show this help.
  An unknown option is an error; an option the command does not take gives a warning and is
  ignored. Destinations (--save, --plots, --out, the cache) are checked before any long work.

Options of classify (and of part 3 in course)
  --weights W      imagenet-uint8 (default: ImageNet weights embedded in the packages, no
                   download; 8-bit, derived from Google's quantised TFLite MobileNetV2, so scores
                   differ from Keras's by a few percent), imagenet (Keras's own float weights,
                   downloaded once and cached), or the path or URL of a TensorFlow.js layers
                   model.json or a Keras file (.keras, .h5 or .weights.h5, Keras 2 or 3); alpha,
                   top and classes come from the file.
  --labels L       Path or URL of a class index in Keras's imagenet_class_index.json form
                   (default: Keras's, embedded in the packages).
  --top N          How many classes to show per photo (default 5).

Options of transfer (and of part 4 in course); --weights and --labels as above (the full classifier)
  --cats DIR       (course only) The folder of photos for part 4 (default apps/tutorials/photos/cats).
  --rule R         How photos get their class: course-cats (default: f01..f20 female, m01..m20
                   male), folders (one subfolder per class) or prefix (<class>_name.jpg).
                   Photos the rule does not take, and broken links, are listed in a warning.
  --epochs N       Epochs of each training run (default 20).
  --batch-size N   Photos per training step (default 32).
  --validation V   first15 (default: the first 15 photos of each class train, the last 5
                   validate) or a fraction of each class, such as 0.25, drawn with the seed.
                   Checked against the photos per class before anything trains.
  --fast           Run the frozen base once per photo and train the head on its features
                   (default; features are cached on disk by weights and file content).
  --keras-way      Run every photo through the whole model every epoch, as Keras's fit does.
  --augment        Train with RandomFlip('horizontal') and RandomRotation(0.2) in front of the model
                   (the Keras way: cached features cannot be augmented).
  --fine-tune-from N   Then unfreeze the base from layer N (100 in the TensorFlow tutorial), BatchNorm
                   kept frozen, and train on: --fine-tune-epochs (10), --fine-tune-learning-rate (1e-5).
                   Same result, about 20 times the work.
  --save PATH      Save the model trained on all photos: cats.keras or cats.h5 for Keras 3
                   (keras.saving.load_model), or a folder for TensorFlow.js (model.json,
                   weights.bin, class names; loaded back to check its predictions).
  --plots DIR      Also draw the training curves and the validation confusion matrix as SVG
                   images in DIR (training-curves.svg, confusion-matrix.svg).

Options of explain; --weights and --labels as for classify (without --model)
  --model M        A model saved by transfer --save (a folder), or a Keras .keras or .h5 file.
  --out FILE       Where the PNG goes (default <photo name>-gradcam.png in this folder).
  --top N          How many classes to list beside the heatmap (default 3).
`;
