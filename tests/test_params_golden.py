"""convmap's traces against Keras and PyTorch: output shapes and parameter counts.

``tests/golden/params.json`` was written by ``tests/golden/make_params.py`` with
the framework versions it records; the frameworks are not needed here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import trace

GOLDEN = json.loads((Path(__file__).parent / "golden" / "params.json").read_text())


def qa_net(bias: bool) -> list:
    return [
        Conv2D(8, 4, padding="same", bias=bias),
        ReLU(),
        MaxPool2D(8, padding="same"),
        Conv2D(16, 2, padding="same", bias=bias),
        ReLU(),
        MaxPool2D(4, padding="same"),
        Flatten(),
        Dense(6),
    ]


# name in params.json -> (convmap stack, convmap input shape, how to map an (H, W, C) shape
# to Keras' shape for that case)
CASES = {
    "qa_net_bias": (qa_net(True), (64, 64, 3), lambda s: s),
    "qa_net_no_conv_bias": (qa_net(False), (64, 64, 3), lambda s: s),
    # Conv1D on (500, 1) is a (1, 10) kernel on a 1 x 500 image: drop the H axis
    "conv1d_20_10": ([Conv2D(20, (1, 10))], (1, 500, 1), lambda s: s[1:]),
    "conv2d_64_5x100": ([Conv2D(64, (5, 100))], (5, 720, 1), lambda s: s),
    "lenet_like": (
        [Conv2D(3, 5), MaxPool2D(2), Conv2D(6, 5), MaxPool2D(2), Flatten(), Dense(100)],
        (32, 32, 1),
        lambda s: s,
    ),
}


def test_versions_recorded() -> None:
    versions = GOLDEN["versions"]
    assert versions["torch"].startswith("2.13.0")
    assert versions["keras"] and versions["tensorflow"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_keras(case: str) -> None:
    layers, input_shape, to_keras = CASES[case]
    gold = GOLDEN["keras"][case]
    records = trace(layers, input_shape)
    assert len(records) == len(gold["layers"])
    for rec, g in zip(records, gold["layers"], strict=True):
        shape = rec.output_shape if len(rec.output_shape) == 1 else to_keras(rec.output_shape)
        assert list(shape) == g["output_shape"], (rec.name, g)
        assert rec.params == g["params"], (rec.name, g)
    assert sum(r.params for r in records) == gold["total"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_torch(case: str) -> None:
    layers, input_shape, _ = CASES[case]
    gold = GOLDEN["torch"][case]
    records = trace(layers, input_shape)
    for rec, g in zip(records, gold["layers"], strict=True):
        s = rec.output_shape
        if len(s) == 3:  # NHWC -> NCHW; Conv1d has no H axis
            s = (s[2], s[1]) if case == "conv1d_20_10" else (s[2], s[0], s[1])
        assert list(s) == g["output_shape"], (rec.name, g)
        assert rec.params == g["params"], (rec.name, g)
    assert sum(r.params for r in records) == gold["total"]


def test_headline_totals() -> None:
    assert GOLDEN["keras"]["qa_net_no_conv_bias"]["total"] == 384 + 512 + 390 == 1286
    assert GOLDEN["keras"]["qa_net_bias"]["total"] == 392 + 528 + 390 == 1310


def test_tflite_fuses_relu_into_conv() -> None:
    # TFLite keeps a single CONV_2D op and records the ReLU as its fused activation
    for key, act in (("relu", "RELU"), ("relu6", "RELU6")):
        rec = GOLDEN["tflite"][key]
        assert rec["tflite_ops"] == ["CONV_2D"]
        assert rec["conv_fused_activation"] == act
        assert rec["max_abs_diff_vs_keras"] < 1e-5
