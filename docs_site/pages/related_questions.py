"""Facts of "Related questions": input layer, Keras shapes, LeNet-like stack, ReLU fusion."""

from __future__ import annotations

import contextlib
import io
import json
import runpy
from pathlib import Path

from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D
from convmap.network import trace
from docs_site import pieces

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "params.json"
LENET = [Conv2D(3, 5), MaxPool2D(2), Conv2D(6, 5), MaxPool2D(2), Flatten(), Dense(100)]


def example_names(name: str) -> dict:
    """Run an example file quietly and return its global names."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(pieces.example_path(name)), run_name="__main__")


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    gold = json.loads(GOLDEN.read_text(encoding="utf-8"))
    c1d = trace([Conv2D(20, (1, 10))], (1, 500, 1))[0]
    c2d = trace([Conv2D(64, (5, 100))], (5, 720, 1))[0]
    k1, k2 = (gold["keras"][n]["layers"][0] for n in ("conv1d_20_10", "conv2d_64_5x100"))
    assert tuple(k1["output_shape"]) == c1d.output_shape[1:] == (491, 20)
    assert k1["params"] == c1d.params == 220
    assert tuple(k2["output_shape"]) == c2d.output_shape == (1, 621, 64)
    assert k2["params"] == c2d.params == 32_064
    lenet = trace(LENET, (32, 32, 1))
    chw = [t.output_shape[-1:] + t.output_shape[:-1] for t in lenet]
    assert chw == [(3, 28, 28), (3, 14, 14), (6, 10, 10), (6, 5, 5), (150,), (100,)]
    total = sum(t.params for t in lenet)
    kl = gold["keras"]["lenet_like"]
    assert [layer["params"] for layer in kl["layers"]] == [t.params for t in lenet]
    assert kl["total"] == gold["torch"]["lenet_like"]["total"] == total == 15_634
    try:
        Conv2D(3, 5, stride=0)
        raise AssertionError("stride=0 was accepted")
    except ValueError as err:
        assert str(err).startswith("Conv2D stride must be an integer >= 1, got 0")
    lite = gold["tflite"]
    assert lite["relu"]["tflite_ops"] == ["CONV_2D"] == lite["relu6"]["tflite_ops"]
    assert lite["relu"]["conv_fused_activation"] == "RELU"
    assert lite["relu6"]["conv_fused_activation"] == "RELU6"
    diffs = [lite[k]["max_abs_diff_vs_keras"] for k in ("relu", "relu6")]
    assert all(0 <= d < 1e-5 for d in diffs)
    fusion = example_names("related-questions/relu_fusion.py")
    import numpy as np

    assert np.array_equal(fusion["separate"], fusion["fused"])
    dense = lenet[5]
    return {
        "q_inputs": f"{64 * 64 * 3:,}",
        "channels": 3,
        "c1d_shape": f"({', '.join(map(str, c1d.output_shape[1:]))})",
        "c1d_params": c1d.params,
        "c1d_fits": 500 - 10 + 1,
        "c2d_shape": f"({', '.join(map(str, c2d.output_shape))})",
        "c2d_params": f"{c2d.params:,}",
        "c2d_fits": 720 - 100 + 1,
        "keras": gold["versions"]["keras"],
        "torch": gold["versions"]["torch"].split("+")[0],
        "tf": gold["versions"]["tensorflow"],
        "keras_c1d": f"(None, {', '.join(map(str, k1['output_shape']))})",
        "keras_c2d": f"(None, {', '.join(map(str, k2['output_shape']))})",
        "lenet_total": f"{total:,}",
        "lenet_28": (32 - 5) // 1 + 1,
        "stride": 1,
        "dense_share": f"{round(100 * dense.params / total)}%",
        "flat": lenet[4].output_shape[0],
        "dense_units": 100,
        "relu_op": lite["relu"]["tflite_ops"][0],
        "relu_fused": lite["relu"]["conv_fused_activation"],
        "relu6_fused": lite["relu6"]["conv_fused_activation"],
        "relu_diff": f"{diffs[0]:.1e}",
        "relu6_diff": f"{diffs[1]:.1e}",
        "saved": f"{64 * 64 * 8 * 4:,}",
    }


FRAMEWORKS = """**Keras**

```python
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(32, 32, 1)),        # H, W, C
    layers.Conv2D(3, 5),                   # stride 1, padding "valid"
    layers.MaxPooling2D(2),
    layers.Conv2D(6, 5),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(100),
])
model.summary()                            # Total params: {total}
```

**PyTorch**

```python
import torch
from torch import nn

model = nn.Sequential(                     # input (N, 1, 32, 32): channels first
    nn.Conv2d(1, 3, 5),                    # in channels are spelled out
    nn.MaxPool2d(2),
    nn.Conv2d(3, 6, 5),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear({flat}, 100),                  # 6 x 5 x 5 = {flat}, from the trace
)
print(sum(p.numel() for p in model.parameters()))   # {total_plain}
```
"""


def checks() -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    s2 = trace([Conv2D(20, (1, 10), stride=2)], (1, 500, 1))[0]
    nb = trace([Conv2D(64, (5, 100), bias=False)], (5, 720, 1))[0]
    same = trace([Conv2D(3, 5, padding="same")] + LENET[1:], (32, 32, 1))
    assert (s2.output_shape, nb.params) == ((1, 246, 20), 32_000)
    assert (same[4].output_shape, same[5].params) == ((216,), 21_700)
    return [
        (
            "What does Conv1D(filters=20, kernel_size=10, strides=2) give on (500, 1)?",
            f"floor((500 - 10) / 2) + 1 = {s2.output_shape[1]} positions: "
            f"({s2.output_shape[1]}, 20), still {s2.params} parameters (the stride changes "
            "positions, not weights).",
        ),
        (
            "How many parameters does Conv2D(64, (5, 100), use_bias=False) have?",
            f"5 x 100 x 1 x 64 = {nb.params:,}: the 64 biases are gone.",
        ),
        (
            "If the LeNet-like stack's first convolution used SAME padding, how many parameters "
            "would its dense layer have?",
            f"32 -> 32 -> 16 -> 12 -> 6, so Flatten gives 6 x 6 x 6 = {same[4].output_shape[0]} "
            f"values and the dense layer {same[4].output_shape[0]} x 100 + 100 = "
            f"{same[5].params:,} parameters.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["related"] = f
    env.variables["related_checks"] = checks()
    total = sum(t.params for t in trace(LENET, (32, 32, 1)))
    env.macro(
        lambda: FRAMEWORKS.format(total=f"{total:,}", total_plain=total, flat=f["flat"]),
        "related_frameworks",
    )
