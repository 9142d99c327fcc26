"""Writes the configs Keras itself saves (config.json of .keras, model_config of .h5) for the example models of Dendrite's save tests
(src/testing/example-models.ts), same architectures and layer names, to src/save/fixtures/.
The tests compare the config Dendrite writes with these, so `npm test` needs no Python.

Run with Keras 3.15.1: python packages/keras/src/testing/make_save_fixtures.py
"""
import json
import os
import zipfile

import h5py

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras import layers  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "save", "fixtures")


def convolutional(name):
    image = keras.Input((8, 8, 3), name=f"{name}_image")
    x = layers.Rescaling(1 / 127.5, offset=-1, name=f"{name}_rescale")(image)
    x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"{name}_pad")(x)
    x = layers.Conv2D(4, 3, strides=2, padding="valid", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(epsilon=1e-3, momentum=0.999, name=f"{name}_bn")(x)
    x = layers.ReLU(6.0, name=f"{name}_relu")(x)
    branch = layers.DepthwiseConv2D(3, padding="same", name=f"{name}_depthwise")(x)
    x = layers.Add(name=f"{name}_add")([x, branch])
    x = layers.Activation("tanh", name=f"{name}_tanh")(x)
    pooled = layers.GlobalAveragePooling2D(name=f"{name}_pool")(x)
    flat = layers.Flatten(name=f"{name}_flatten")(x)
    reshaped = layers.Reshape((4, 4, 4), name=f"{name}_reshape")(flat)
    summed = layers.GlobalAveragePooling2D(name=f"{name}_pool_again")(reshaped)
    joined = layers.Add(name=f"{name}_join")([pooled, summed])
    dropped = layers.Dropout(0.2, name=f"{name}_dropout")(joined)
    output = layers.Dense(3, activation="softmax", name=f"{name}_dense")(dropped)
    return keras.Model(image, output, name=name)


def nested():
    inner = convolutional("base")
    features = keras.Model(inner.inputs[0], inner.get_layer("base_pool").output, name="features")
    features.trainable = False
    photo = keras.Input((8, 8, 3), name="photo")
    head = keras.Sequential(
        [keras.Input((4,), name="head_input"), layers.Dropout(0.5, name="head_dropout"), layers.Dense(2, activation="softmax", name="head_dense")],
        name="head",
    )
    return keras.Model(photo, head(features(photo)), name="nested_transfer")


def basic():
    return keras.Sequential(
        [keras.Input((1,), name="basic_network_input"), layers.Dense(8, activation="relu", name="hidden"), layers.Dense(2, activation="softmax", name="output")],
        name="basic_network",
    )


os.makedirs(out, exist_ok=True)
for name, model in [("basic", basic()), ("conv", convolutional("conv_base")), ("nested", nested())]:
    path = os.path.join(out, f"{name}.keras")
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    os.remove(path)
    with open(os.path.join(out, f"{name}.keras-config.json"), "w") as f:
        json.dump(config, f, indent=1, sort_keys=True)
        f.write("\n")
    legacy = os.path.join(out, f"{name}.h5")
    model.save(legacy)
    with h5py.File(legacy) as f:
        legacy_config = json.loads(f.attrs["model_config"])
    os.remove(legacy)
    with open(os.path.join(out, f"{name}.h5-config.json"), "w") as f:
        json.dump(legacy_config, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {name}.keras-config.json and {name}.h5-config.json (Keras {keras.__version__})")
