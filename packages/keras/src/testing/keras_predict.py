"""Loads Keras files with real Keras and predicts, for Dendrite's round-trip tests.

Reads a JSON list of jobs from the file named by argv[1]: {"path": model file, "inputs": {"shape": [...],
"data": [...]}}. Prints one JSON object: the Keras version and, per job, the predictions (flat, with
their shape) or the error Keras raised.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402


def run(job):
    try:
        model = keras.saving.load_model(job["path"])
        x = np.asarray(job["inputs"]["data"], dtype="float32").reshape(job["inputs"]["shape"])
        y = np.asarray(model.predict(x, verbose=0))
        return {"shape": list(y.shape), "data": y.reshape(-1).tolist(), "layers": len(model.layers), "params": int(model.count_params())}
    except Exception as error:  # reported to the test, which fails with Keras's own message
        return {"error": f"{type(error).__name__}: {error}"}


with open(sys.argv[1]) as f:
    jobs = json.load(f)
print(json.dumps({"keras": keras.__version__, "results": [run(job) for job in jobs]}))
