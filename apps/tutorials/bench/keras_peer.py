"""Real Keras's side of Dendrite's peer benchmark (apps/tutorials/src/bench/peer-benchmark.ts).

Measures one workload and prints one line `RESULT {json}`:
  inference  MobileNetV2 1.0/224 (weights=None: speed does not depend on the values), model.predict at
             batch 1 (median of the timed runs) and batch 32 (images per second, median of the runs)
  fit        the course's basic network: 10,000 samples, 10 epochs, batch 32, adam, sparse CE
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


if __name__ == "__main__":
    workload = sys.argv[1]
    result = inference(int(sys.argv[2]), int(sys.argv[3])) if workload == "inference" else fit()
    print("RESULT " + json.dumps(result), flush=True)
