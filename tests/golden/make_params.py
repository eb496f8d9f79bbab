"""Write tests/golden/params.json: output shapes and parameter counts from Keras and PyTorch.

Run by a developer in an environment with TensorFlow/Keras and PyTorch
(``pip install tensorflow-cpu torch==2.13.0 numpy``); never by the tests, which
only read the JSON this writes. Usage::

    python tests/golden/make_params.py            # writes tests/golden/params.json

Shapes are recorded without the batch axis: Keras as (H, W, C) / (units,),
PyTorch as (C, H, W) / (units,). Parameter counts are per layer, in order.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
import torch
from torch import nn

OUT = Path(__file__).with_name("params.json")


def keras_stack(name, input_shape, layers):
    inputs = keras.Input(shape=input_shape)
    x = inputs
    records = []
    for layer in layers:
        x = layer(x)
        records.append(
            {
                "layer": layer.__class__.__name__,
                "output_shape": list(x.shape[1:]),
                "params": int(layer.count_params()),
            }
        )
    model = keras.Model(inputs, x, name=name)
    return {"input_shape": list(input_shape), "layers": records, "total": int(model.count_params())}


def torch_stack(input_shape, modules):
    x = torch.zeros((1, *input_shape))
    records = []
    for module in modules:
        x = module(x)
        records.append(
            {
                "layer": module.__class__.__name__,
                "output_shape": list(x.shape[1:]),
                "params": int(sum(p.numel() for p in module.parameters())),
            }
        )
    return {
        "input_shape": list(input_shape),
        "layers": records,
        "total": sum(r["params"] for r in records),
    }


def qa_keras(bias):
    L = keras.layers
    return [
        L.Conv2D(8, 4, padding="same", use_bias=bias),
        L.ReLU(),
        L.MaxPooling2D(8, 8, padding="same"),
        L.Conv2D(16, 2, padding="same", use_bias=bias),
        L.ReLU(),
        L.MaxPooling2D(4, 4, padding="same"),
        L.Flatten(),
        L.Dense(6),
    ]


def qa_torch(bias):
    # PyTorch has no SAME for pooling; 8/8 on 64 and 4/4 on 8 need no padding.
    return [
        nn.Conv2d(3, 8, 4, padding="same", bias=bias),
        nn.ReLU(),
        nn.MaxPool2d(8, 8),
        nn.Conv2d(8, 16, 2, padding="same", bias=bias),
        nn.ReLU(),
        nn.MaxPool2d(4, 4),
        nn.Flatten(),
        nn.Linear(64, 6),
    ]


def lenet_keras():
    L = keras.layers
    return [
        L.Conv2D(3, 5),
        L.MaxPooling2D(2),
        L.Conv2D(6, 5),
        L.MaxPooling2D(2),
        L.Flatten(),
        L.Dense(100),
    ]


def lenet_torch():
    return [
        nn.Conv2d(1, 3, 5),
        nn.MaxPool2d(2),
        nn.Conv2d(3, 6, 5),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(150, 100),
    ]


def tflite_fusion(max_value):
    """Convert Conv2D + ReLU to TFLite; record its ops and the conv's fused activation."""
    from tensorflow.lite.python import schema_py_generated as schema

    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.Conv2D(4, 3, padding="same"),
            keras.layers.ReLU(max_value=max_value),
        ]
    )
    blob = tf.lite.TFLiteConverter.from_keras_model(model).convert()
    resolver = tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
    interpreter = tf.lite.Interpreter(model_content=blob, experimental_op_resolver_type=resolver)
    interpreter.allocate_tensors()
    ops = [d["op_name"] for d in interpreter._get_ops_details()]
    x = np.random.default_rng(0).standard_normal((1, 8, 8, 3)).astype(np.float32)
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
    interpreter.invoke()
    lite = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
    flat = schema.Model.GetRootAsModel(blob, 0)
    op = flat.Subgraphs(0).Operators(0)
    options = schema.Conv2DOptions()
    table = op.BuiltinOptions()
    options.Init(table.Bytes, table.Pos)
    names = {v: k for k, v in vars(schema.ActivationFunctionType).items() if not k.startswith("_")}
    return {
        "keras_layers": ["Conv2D", f"ReLU(max_value={max_value})"],
        "tflite_ops": ops,
        "conv_fused_activation": names[options.FusedActivationFunction()],
        "max_abs_diff_vs_keras": float(np.abs(lite - model(x).numpy()).max()),
    }


def main() -> None:
    torch.manual_seed(0)
    data = {
        "versions": {
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "torch": torch.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "keras": {
            "qa_net_bias": keras_stack("qa_bias", (64, 64, 3), qa_keras(True)),
            "qa_net_no_conv_bias": keras_stack("qa_nobias", (64, 64, 3), qa_keras(False)),
            "conv1d_20_10": keras_stack(
                "conv1d", (500, 1), [keras.layers.Conv1D(filters=20, kernel_size=10)]
            ),
            "conv2d_64_5x100": keras_stack(
                "conv2d", (5, 720, 1), [keras.layers.Conv2D(filters=64, kernel_size=(5, 100))]
            ),
            "lenet_like": keras_stack("lenet", (32, 32, 1), lenet_keras()),
        },
        "torch": {
            "qa_net_bias": torch_stack((3, 64, 64), qa_torch(True)),
            "qa_net_no_conv_bias": torch_stack((3, 64, 64), qa_torch(False)),
            "conv1d_20_10": torch_stack((1, 500), [nn.Conv1d(1, 20, 10)]),
            "conv2d_64_5x100": torch_stack((1, 5, 720), [nn.Conv2d(1, 64, (5, 100))]),
            "lenet_like": torch_stack((1, 32, 32), lenet_torch()),
        },
    }
    data["tflite"] = {"relu": tflite_fusion(None), "relu6": tflite_fusion(6.0)}
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
