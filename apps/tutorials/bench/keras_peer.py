"""Real Keras's side of Dendrite's peer benchmark (apps/tutorials/src/bench/peer-benchmark.ts).

Measures one workload and prints one line `RESULT {json}`:
  inference  MobileNetV2 1.0/224 (weights=None: speed does not depend on the values), model.predict at
             batch 1 (median of the timed runs) and batch 32 (images per second, median of the runs)
  fit        the course's basic network: 10,000 samples, 10 epochs, batch 32, adam, sparse CE
  part4      the course's part 4 written the Keras way, from the cats folder: load_img at 224x224,
             preprocess_input, MobileNetV2 without weights (the speed does not depend on their values;
             Keras's own cannot be downloaded here), every base layer frozen, Dense(2, softmax) on the
             pooled features, 20 epochs on all 40 photos, then a fresh head on the first 15 of each
             class for 20 epochs with the last 5 of each class as validation data
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402


def inference(latency_runs: int, throughput_runs: int) -> dict:
    model = keras.applications.MobileNetV2(weights=None)
    rng = np.random.default_rng(1)
    batch = rng.uniform(-1, 1, (32, 224, 224, 3)).astype("float32")
    single = batch[:1]
    for _ in range(3):
        model.predict(single, verbose=0)
    model.predict(batch, verbose=0)
    latencies = []
    for _ in range(latency_runs):
        started = time.perf_counter()
        model.predict(single, verbose=0)
        latencies.append((time.perf_counter() - started) * 1000)
    durations = []
    for _ in range(throughput_runs):
        started = time.perf_counter()
        model.predict(batch, verbose=0)
        durations.append(time.perf_counter() - started)
    return {"latencyMs": statistics.median(latencies), "imagesPerSecond": 32 / statistics.median(durations)}


def fit() -> dict:
    rng = np.random.default_rng(42)
    x = rng.uniform(0, 1, (10_000, 1)).astype("float32")
    y = (x[:, 0] >= 0.5).astype("int32")
    keras.utils.set_random_seed(42)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    started = time.perf_counter()
    history = model.fit(x, y, epochs=10, batch_size=32, verbose=0)
    return {"seconds": time.perf_counter() - started, "accuracy": float(history.history["accuracy"][-1])}


def part4(folder: str) -> dict:
    started = time.perf_counter()
    names = sorted(name for name in os.listdir(folder) if name[0] in "fm" and name.endswith(".jpg"))
    pixels = np.stack([keras.utils.img_to_array(keras.utils.load_img(os.path.join(folder, name), target_size=(224, 224))) for name in names])
    x = keras.applications.mobilenet_v2.preprocess_input(pixels)
    y = np.array([0 if name.startswith("f") else 1 for name in names])
    base = keras.applications.MobileNetV2(weights=None)

    def fresh_head() -> keras.Model:
        keras.utils.set_random_seed(42)
        output = keras.layers.Dense(2, activation="softmax")(base.layers[-2].output)
        model = keras.Model(base.input, output)
        for layer in model.layers[:-1]:
            layer.trainable = False
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    fresh_head().fit(x, y, epochs=20, batch_size=32, verbose=0)
    index = np.arange(len(names))
    number = np.array([int(name[1:3]) for name in names])
    train, validation = index[number <= 15], index[number > 15]
    fresh_head().fit(x[train], y[train], epochs=20, batch_size=32, verbose=0, validation_data=(x[validation], y[validation]))
    return {"seconds": time.perf_counter() - started}


if __name__ == "__main__":
    workload = sys.argv[1]
    if workload == "inference":
        result = inference(int(sys.argv[2]), int(sys.argv[3]))
    elif workload == "part4":
        result = part4(sys.argv[2])
    else:
        result = fit()
    print("RESULT " + json.dumps(result), flush=True)
