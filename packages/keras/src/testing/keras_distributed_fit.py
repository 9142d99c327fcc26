"""Continues training a Keras file written by Dendrite with Keras's multi-device training, on two
CPU devices, for Dendrite's tests and its guide "Moving between Keras and Dendrite".

Usage: keras_distributed_fit.py MODEL_FILE jax|tensorflow
- jax: keras.distribution.DataParallel over two host devices (XLA_FLAGS splits the CPU in two);
- tensorflow: tf.distribute.MirroredStrategy over two logical CPU devices.
The data is the course's basic task (x uniform in [0, 1), label 1 where x >= 0.5). Prints one JSON
object: backend, devices, accuracy before and after two epochs.
"""
import json
import os
import sys

path, backend = sys.argv[1], sys.argv[2]
os.environ["KERAS_BACKEND"] = backend
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if backend == "jax":
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"

import numpy as np  # noqa: E402
import keras  # noqa: E402

rng = np.random.default_rng(7)
x = rng.random((4096, 1), dtype="float32")
y = (x[:, 0] >= 0.5).astype("int32")


def train(model):
    # Dendrite's files carry no optimizer: compile as the course does.
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    before = model.evaluate(x, y, verbose=0, return_dict=True)["accuracy"]
    model.fit(x, y, epochs=2, batch_size=64, verbose=0)
    after = model.evaluate(x, y, verbose=0, return_dict=True)["accuracy"]
    return float(before), float(after)


if backend == "jax":
    devices = keras.distribution.list_devices("cpu")
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
    model = keras.saving.load_model(path)
    before, after = train(model)
    kernel = model.layers[0].kernel.value
    placement = str(kernel.sharding)
else:
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    strategy = tf.distribute.MirroredStrategy([d.name for d in tf.config.list_logical_devices("CPU")])
    devices = list(strategy.extended.worker_devices)
    with strategy.scope():
        model = keras.saving.load_model(path)
        before, after = train(model)
    placement = f"{strategy.num_replicas_in_sync} replicas"

print(json.dumps({
    "backend": backend,
    "keras": keras.__version__,
    "devices": [str(d) for d in devices],
    "placement": placement,
    "accuracy_before": before,
    "accuracy_after": after,
}))
