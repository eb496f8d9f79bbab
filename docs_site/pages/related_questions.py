"""Facts of "Related questions": input layer, Keras shapes, LeNet-like stack, ReLU fusion."""

from __future__ import annotations

import contextlib
import io
import json
import re
import runpy
from pathlib import Path

from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D
from convmap.network import trace
from docs_site import pieces
from docs_site.qa_layer import CHANNELS, FILTERS, SIZE, shape

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden" / "params.json"
LENET = [Conv2D(3, 5), MaxPool2D(2), Conv2D(6, 5), MaxPool2D(2), Flatten(), Dense(100)]
LENET_INPUT = (32, 32, 1)  # H, W, C
#: The questions' Conv1D (filters, kernel size) on a signal of STEPS values and CHANNELS
C1D_FILTERS, C1D_KERNEL, C1D_STEPS, C1D_CHANNELS = 20, 10, 500, 1
#: The questions' Conv2D (filters, kernel H x W) on a 5 x 720 input with one channel
C2D_FILTERS, C2D_KERNEL, C2D_INPUT = 64, (5, 100), (5, 720, 1)
CHECK_STRIDE = 2  # the "Check yourself" Conv1D's stride
COMMENT_COLUMN = 43  # where the comments of the framework code start


def example_names(name: str) -> dict:
    """Run an example file quietly and return its global names."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(pieces.example_path(name)), run_name="__main__")


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    gold = json.loads(GOLDEN.read_text(encoding="utf-8"))
    c1d = trace([Conv2D(C1D_FILTERS, (1, C1D_KERNEL))], (1, C1D_STEPS, C1D_CHANNELS))[0]
    c2d = trace([Conv2D(C2D_FILTERS, C2D_KERNEL)], C2D_INPUT)[0]
    k1, k2 = (gold["keras"][n]["layers"][0] for n in ("conv1d_20_10", "conv2d_64_5x100"))
    assert tuple(k1["output_shape"]) == c1d.output_shape[1:] == (491, 20)
    assert k1["params"] == c1d.params == 220
    assert tuple(k2["output_shape"]) == c2d.output_shape == (1, 621, 64)
    assert k2["params"] == c2d.params == 32_064
    lenet = trace(LENET, LENET_INPUT)
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
    dense, conv1 = lenet[5], LENET[0]
    return {
        "q_inputs": f"{SIZE * SIZE * CHANNELS:,}",
        "channels": CHANNELS,
        "c1d_shape": f"({', '.join(map(str, c1d.output_shape[1:]))})",
        "c1d_params": c1d.params,
        "c1d_fits": C1D_STEPS - C1D_KERNEL + 1,
        "c2d_shape": f"({', '.join(map(str, c2d.output_shape))})",
        "c2d_params": f"{c2d.params:,}",
        "c2d_fits": C2D_INPUT[1] - C2D_KERNEL[1] + 1,
        "keras": gold["versions"]["keras"],
        "torch": gold["versions"]["torch"].split("+")[0],
        "tf": gold["versions"]["tensorflow"],
        "keras_c1d": f"(None, {', '.join(map(str, k1['output_shape']))})",
        "keras_c2d": f"(None, {', '.join(map(str, k2['output_shape']))})",
        "lenet_total": f"{total:,}",
        "lenet_28": (LENET_INPUT[0] - conv1.kernel[0]) // conv1.stride[0] + 1,
        "stride": conv1.stride[0],
        "dense_share": f"{round(100 * dense.params / total)}%",
        "flat": lenet[4].output_shape[0],
        "dense_units": LENET[5].units,
        "relu_op": lite["relu"]["tflite_ops"][0],
        "relu_fused": lite["relu"]["conv_fused_activation"],
        "relu6_fused": lite["relu6"]["conv_fused_activation"],
        "relu_diff": f"{diffs[0]:.1e}",
        "relu6_diff": f"{diffs[1]:.1e}",
        "saved": f"{SIZE * SIZE * FILTERS * np.dtype(np.float32).itemsize:,}",
    }


FRAMEWORKS = """**Keras**

```python
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=({h}, {w}, {c})),  # H, W, C
    layers.Conv2D({f1}, {k1}),  # stride {s1}, padding "valid"
    layers.MaxPooling2D({p1}),
    layers.Conv2D({f2}, {k2}),
    layers.MaxPooling2D({p2}),
    layers.Flatten(),
    layers.Dense({units}),
])
model.summary()  # Total params: {total}
```

**PyTorch**

```python
import torch
from torch import nn

model = nn.Sequential(  # input (N, {c}, {h}, {w}): channels first
    nn.Conv2d({c}, {f1}, {k1}),  # in channels are spelled out
    nn.MaxPool2d({p1}),
    nn.Conv2d({f1}, {f2}, {k2}),
    nn.MaxPool2d({p2}),
    nn.Flatten(),
    nn.Linear({flat}, {units}),  # {chw} = {flat}, from the trace
)
print(sum(p.numel() for p in model.parameters()))  # {total_plain}
```
"""


def frameworks() -> str:
    """The LeNet-like stack in Keras and PyTorch, its settings and counts read from `LENET`."""
    lenet = trace(LENET, LENET_INPUT)
    total = sum(t.params for t in lenet)
    conv1, pool1, conv2, pool2, _, dense = LENET
    (h, w, c), flat = LENET_INPUT, lenet[4].output_shape[0]
    assert conv1.stride == (1, 1) and conv1.padding == conv2.padding == "valid"
    chw = lenet[3].output_shape[-1:] + lenet[3].output_shape[:-1]  # channels first
    text = FRAMEWORKS.format(
        h=h, w=w, c=c, f1=conv1.filters, k1=conv1.kernel[0], s1=conv1.stride[0],
        p1=pool1.size[0], f2=conv2.filters, k2=conv2.kernel[0], p2=pool2.size[0],
        units=dense.units, chw=shape(*chw), flat=flat, total=f"{total:,}", total_plain=total,
    )  # fmt: skip
    # the comments start in one column (or three spaces after a longer line)
    return re.sub(
        r"^(.*?\S)  # ",
        lambda m: m[1] + " " * max(COMMENT_COLUMN - len(m[1]), 3) + "# ",
        text,
        flags=re.M,
    )


def checks() -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    f, k, n, s = C1D_FILTERS, C1D_KERNEL, C1D_STEPS, CHECK_STRIDE
    s2 = trace([Conv2D(f, (1, k), stride=s)], (1, n, C1D_CHANNELS))[0]
    (kh, kw), c = C2D_KERNEL, C2D_INPUT[-1]
    nb = trace([Conv2D(C2D_FILTERS, C2D_KERNEL, bias=False)], C2D_INPUT)[0]
    same = trace([Conv2D(3, 5, padding="same")] + LENET[1:], LENET_INPUT)
    sides = [LENET_INPUT[0]] + [t.output_shape[0] for t in same[:4]]
    flat, dense = same[4].output_shape[0], LENET[5]
    assert (s2.output_shape, nb.params) == ((1, 246, 20), 32_000)
    assert (sides, flat, same[5].params) == ([32, 32, 16, 12, 6], 216, 21_700)
    return [
        (
            f"What does Conv1D(filters={f}, kernel_size={k}, strides={s}) give on "
            f"({n}, {C1D_CHANNELS})?",
            f"floor(({n} - {k}) / {s}) + 1 = {s2.output_shape[1]} positions: "
            f"({s2.output_shape[1]}, {f}), still {s2.params} parameters (the stride changes "
            "positions, not weights).",
        ),
        (
            f"How many parameters does Conv2D({C2D_FILTERS}, ({kh}, {kw}), use_bias=False) have?",
            f"{kh} x {kw} x {c} x {C2D_FILTERS} = {nb.params:,}: the {C2D_FILTERS} biases are "
            "gone.",
        ),
        (
            "If the LeNet-like stack's first convolution used SAME padding, how many parameters "
            "would its dense layer have?",
            f"{' -> '.join(map(str, sides))}, so Flatten gives {shape(*same[3].output_shape)} = "
            f"{flat} values and the dense layer {flat} x {dense.units} + {dense.units} = "
            f"{same[5].params:,} parameters.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["related"] = f
    env.variables["related_checks"] = checks()
    env.macro(lambda: frameworks(), "related_frameworks")
