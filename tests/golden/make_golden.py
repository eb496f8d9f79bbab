"""Write the framework golden vectors in ``tests/golden/*.json``.

Run by a developer, never by CI or pytest, in an environment that already has
TensorFlow and PyTorch (this script installs nothing)::

    python -m venv /tmp/gold
    /tmp/gold/bin/pip install tensorflow-cpu torch==2.13.0
    /tmp/gold/bin/python tests/golden/make_golden.py

Only the frameworks produce the data: this script does not import convmap.
Every case stores its inputs, weights, bias, settings, the exact framework call
and the framework's output, so ``tests/test_golden.py`` can replay it through
convmap without any framework installed.

Conventions in the JSON:

* arrays are NHWC (inputs, outputs) and HWIO (weights) float32 values written
  as the shortest decimal that reads back as the same float32; PyTorch cases
  are converted to NCHW / OIHW for the call and back to NHWC for storage;
* random inputs and weights come from ``np.random.default_rng(crc32(case id))``
  rounded to 2 decimals, so the JSON stays small and exact;
* ``convmap`` in a case holds the equivalent convmap arguments (``stride``,
  ``padding``, ``dilation`` or the pool ``size``); ``call`` is the framework
  call, spelled with the keyword values actually passed;
* a case whose framework refused the setting or returned an empty tensor
  has ``outcome`` ``"error"`` / ``"empty"`` and the framework's message:
  convmap must refuse those settings with a ``ValueError``.

Files written (``params*.json`` in the same folder belong to another script):

* ``tf_conv2d.json``, ``tf_pool.json``: ``tf.nn.conv2d`` (+ ``tf.nn.bias_add``),
  ``tf.nn.max_pool2d`` / ``tf.nn.avg_pool2d``;
* ``torch_conv2d.json``, ``torch_pool.json``: ``F.conv2d`` (+ ``F.pad``),
  ``F.max_pool2d`` / ``F.avg_pool2d`` (``count_include_pad`` both ways);
* ``tf_shapes.json``, ``torch_shapes.json``: one-axis probes on a ``1 x n``
  input: output length and, per neuron, the 1-based input pixel each kernel
  tap reads (0 for a padded zero);
* ``qa_network.json``: the Q&A's Coursera model (conv 4x4x3x8 SAME, ReLU,
  max pool 8/8 SAME, conv 2x2x8x16 SAME, ReLU, max pool 4/4 SAME, flatten,
  dense 6) on a seeded 1 x 64 x 64 x 3 input that is not stored but
  regenerated from its seed.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import sys
import zlib
from pathlib import Path
from typing import Any

os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # plain float32 kernels, reproducible sums
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = Path(__file__).resolve().parent
COMMAND = "/tmp/gold/bin/python tests/golden/make_golden.py"
NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
QA_SEED = 20230314  # the Q&A's date


# ---------------------------------------------------------------- helpers


def f32(a: Any) -> Any:
    """Nested lists of the shortest decimals that read back as the same float32."""
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 0:
        return float(str(a[()]))
    return [f32(v) for v in a]


def rng_for(case_id: str) -> np.random.Generator:
    """A generator seeded by the case id, so cases do not depend on each other."""
    return np.random.default_rng(zlib.crc32(case_id.encode()))


def rand(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal values rounded to 2 decimals, as float32."""
    return np.round(rng.standard_normal(shape), 2).astype(np.float32)


def call_text(func: str, args: list[str], kwargs: dict[str, Any]) -> str:
    """Spell a call with the keyword values actually passed."""
    parts = args + [f"{key}={value!r}" for key, value in kwargs.items()]
    return f"{func}({', '.join(parts)})"


def pair(v: int | tuple[int, int] | list[int]) -> list[int]:
    return [int(v), int(v)] if isinstance(v, int) else [int(v[0]), int(v[1])]


def header(framework: str, version: str, kind: str, what: str) -> dict[str, Any]:
    return {
        "framework": framework,
        "framework_version": version,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
        "date_utc": NOW,
        "generator": "tests/golden/make_golden.py",
        "command": COMMAND,
        "environment": {"TF_ENABLE_ONEDNN_OPTS": os.environ["TF_ENABLE_ONEDNN_OPTS"]},
        "kind": kind,
        "contents": what,
        "layout": "x and y are NHWC, w is HWIO (kh, kw, c_in, c_out), b is (c_out,); "
        "float32 values written as shortest round-trip decimals",
        "random_data": "np.round(np.random.default_rng(zlib.crc32(case_id.encode()))"
        ".standard_normal(shape), 2).astype(np.float32), drawn x then w then b",
    }


def write(name: str, head: dict[str, Any], cases: list[dict[str, Any]]) -> None:
    """Write a header and one case per line, so diffs stay readable."""
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), f"duplicate case ids in {name}"
    head = dict(head, cases=len(cases))
    lines = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
    text = f'{{\n"header": {json.dumps(head, indent=2)},\n"cases": [\n{lines}\n]\n}}\n'
    (HERE / name).write_text(text)
    print(f"{name}: {len(cases)} cases, {len(text) / 1024:.0f} KiB")


def error_text(e: Exception) -> str:
    """The framework's message without TensorFlow's op-location prefix."""
    message = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", str(e))
    message = re.sub(r"\s*name:\s*$", "", message.strip())
    return f"{type(e).__name__}: {message}"[:400]


# ---------------------------------------------------------------- TensorFlow conv


def tf_padding(padding: Any) -> tuple[Any, Any]:
    """(TensorFlow padding argument, convmap padding) for a case's padding."""
    if isinstance(padding, str):
        return padding, padding.lower()
    (top, bottom), (left, right) = padding
    return [[0, 0], [top, bottom], [left, right], [0, 0]], [[top, bottom], [left, right]]


def tf_conv_case(
    case_id: str,
    x_shape: tuple[int, int, int, int],
    w_shape: tuple[int, int, int, int],
    stride: Any = 1,
    padding: Any = "VALID",
    dilation: Any = 1,
    bias: bool = False,
    convmap_padding: Any = None,
    note: str = "",
) -> dict[str, Any]:
    rng = rng_for(case_id)
    x, w = rand(rng, x_shape), rand(rng, w_shape)
    b = rand(rng, (w_shape[3],)) if bias else None
    tf_pad, cm_pad = tf_padding(padding)
    if convmap_padding is not None:
        cm_pad = convmap_padding
    kwargs = {
        "strides": [1, *pair(stride), 1],
        "padding": tf_pad,
        "dilations": [1, *pair(dilation), 1],
    }
    call = call_text("tf.nn.conv2d", ["x", "w"], kwargs)
    case: dict[str, Any] = {
        "id": case_id,
        "op": "conv2d",
        "call": f"tf.nn.bias_add({call}, b)" if bias else call,
        "convmap": {"stride": pair(stride), "padding": cm_pad, "dilation": pair(dilation)},
        "x": f32(x),
        "w": f32(w),
        "b": None if b is None else f32(b),
    }
    if note:
        case["note"] = note
    try:
        y = tf.nn.conv2d(x, w, **kwargs)
        if bias:
            y = tf.nn.bias_add(y, b)
        y = y.numpy()
    except Exception as e:  # noqa: BLE001 - recorded, convmap must refuse too
        case.update(outcome="error", error=error_text(e), y=None)
        return case
    case.update(outcome="empty" if y.size == 0 else "ok", y_shape=list(y.shape), y=f32(y))
    return case


def tf_conv_cases() -> list[dict[str, Any]]:
    c = tf_conv_case
    cases = [
        c("tf-conv-valid-3x3-s1", (2, 7, 7, 3), (3, 3, 3, 4)),
        c("tf-conv-same-3x3-s1", (2, 7, 7, 3), (3, 3, 3, 4), padding="SAME"),
        c("tf-conv-valid-4x4-s1", (1, 8, 8, 3), (4, 4, 3, 4)),
        c(
            "tf-conv-same-4x4-s1",
            (1, 8, 8, 3),
            (4, 4, 3, 4),
            padding="SAME",
            note="even kernel: TensorFlow pads 1 before, 2 after",
        ),
        c("tf-conv-same-2x2-s1", (1, 6, 6, 2), (2, 2, 2, 3), padding="SAME"),
        c("tf-conv-same-1x1-s2-odd", (1, 7, 7, 2), (1, 1, 2, 2), stride=2, padding="SAME"),
        c("tf-conv-valid-1x1-s2-odd", (1, 7, 7, 2), (1, 1, 2, 2), stride=2),
        c("tf-conv-same-3x3-s2-odd", (2, 7, 7, 2), (3, 3, 2, 3), stride=2, padding="SAME"),
        c("tf-conv-same-3x3-s2-even", (2, 8, 8, 2), (3, 3, 2, 3), stride=2, padding="SAME"),
        c("tf-conv-valid-3x3-s2-odd", (2, 7, 7, 2), (3, 3, 2, 3), stride=2),
        c("tf-conv-valid-3x3-s2-even", (2, 8, 8, 2), (3, 3, 2, 3), stride=2),
        c("tf-conv-same-4x4-s2-even", (1, 8, 8, 3), (4, 4, 3, 2), stride=2, padding="SAME"),
        c("tf-conv-same-4x4-s2-odd", (1, 9, 9, 3), (4, 4, 3, 2), stride=2, padding="SAME"),
        c("tf-conv-same-2x2-s2", (1, 7, 7, 2), (2, 2, 2, 2), stride=2, padding="SAME"),
        c("tf-conv-same-5x5-s3", (1, 9, 9, 2), (5, 5, 2, 2), stride=3, padding="SAME"),
        c("tf-conv-valid-5x5-s3", (1, 9, 9, 2), (5, 5, 2, 2), stride=3),
        c("tf-conv-same-3x3-s3-8", (1, 8, 8, 2), (3, 3, 2, 2), stride=3, padding="SAME"),
        c("tf-conv-valid-2x2-s3-8", (1, 8, 8, 2), (2, 2, 2, 2), stride=3),
        c("tf-conv-same-3x3-s1x2", (1, 7, 8, 2), (3, 3, 2, 2), stride=(1, 2), padding="SAME"),
        c("tf-conv-valid-3x3-s3x1", (1, 9, 7, 2), (3, 3, 2, 2), stride=(3, 1)),
        c("tf-conv-same-4x3-s2x3", (1, 9, 9, 2), (4, 3, 2, 2), stride=(2, 3), padding="SAME"),
        c("tf-conv-valid-2x3-nonsquare", (1, 5, 9, 3), (2, 3, 3, 2)),
        c("tf-conv-same-2x3-nonsquare", (1, 5, 9, 3), (2, 3, 3, 2), padding="SAME"),
        c("tf-conv-same-1x4", (2, 4, 9, 1), (1, 4, 1, 3), padding="SAME"),
        c("tf-conv-valid-5x2", (1, 9, 4, 2), (5, 2, 2, 2)),
        c("tf-conv-same-5x2-s2", (1, 9, 4, 2), (5, 2, 2, 2), stride=2, padding="SAME"),
        c("tf-conv-explicit-1-2-0-3", (1, 6, 6, 2), (3, 3, 2, 2), padding=((1, 2), (0, 3))),
        c(
            "tf-conv-explicit-2-0-1-1-s2",
            (1, 7, 6, 2),
            (3, 2, 2, 3),
            stride=2,
            padding=((2, 0), (1, 1)),
        ),
        c(
            "tf-conv-explicit-sym1-4x4",
            (1, 8, 8, 3),
            (4, 4, 3, 2),
            padding=((1, 1), (1, 1)),
            convmap_padding=1,
            note="the Q&A's conv_forward(pad=1): 8 -> 7, not SAME's 8",
        ),
        c(
            "tf-conv-explicit-pairs-s1x2",
            (1, 6, 7, 2),
            (3, 3, 2, 2),
            stride=(1, 2),
            padding=((1, 1), (2, 2)),
            convmap_padding=[1, 2],
        ),
        c(
            "tf-conv-explicit-full-3x3",
            (1, 5, 5, 2),
            (3, 3, 2, 2),
            padding=((2, 2), (2, 2)),
            convmap_padding="full",
            note="convmap 'full' = explicit kernel - 1 zeros per side",
        ),
        c(
            "tf-conv-explicit-full-2x4-d2",
            (1, 5, 6, 1),
            (2, 4, 1, 2),
            padding=((2, 2), (6, 6)),
            dilation=2,
            convmap_padding="full",
        ),
        c("tf-conv-valid-3x3-d2", (1, 9, 9, 2), (3, 3, 2, 2), dilation=2),
        c("tf-conv-same-3x3-d2", (1, 9, 9, 2), (3, 3, 2, 2), dilation=2, padding="SAME"),
        c("tf-conv-same-2x2-d2", (1, 7, 7, 2), (2, 2, 2, 2), dilation=2, padding="SAME"),
        c("tf-conv-same-4x4-d2", (1, 9, 9, 1), (4, 4, 1, 2), dilation=2, padding="SAME"),
        c("tf-conv-same-3x2-d2x1", (1, 8, 7, 2), (3, 2, 2, 2), dilation=(2, 1), padding="SAME"),
        c("tf-conv-valid-2x3-d1x3", (1, 6, 9, 2), (2, 3, 2, 2), dilation=(1, 3)),
        c(
            "tf-conv-explicit-d2",
            (1, 7, 7, 2),
            (3, 3, 2, 2),
            dilation=2,
            padding=((1, 3), (0, 2)),
        ),
        c(
            "tf-conv-same-3x3-d2-s2",
            (1, 9, 9, 2),
            (3, 3, 2, 2),
            stride=2,
            dilation=2,
            padding="SAME",
            note="TensorFlow 2.21 accepts dilation with stride > 1 on CPU",
        ),
        c("tf-conv-valid-3x3-d2-s2", (1, 9, 9, 2), (3, 3, 2, 2), stride=2, dilation=2),
        c("tf-conv-same-3x3-bias", (2, 6, 6, 3), (3, 3, 3, 4), padding="SAME", bias=True),
        c("tf-conv-valid-4x4-s2-bias", (1, 9, 9, 3), (4, 4, 3, 2), stride=2, bias=True),
        c(
            "tf-conv-same-kernel-larger-5x5-on-3x3",
            (1, 3, 3, 2),
            (5, 5, 2, 3),
            padding="SAME",
            note="kernel larger than the input: SAME still gives ceil(n/s) outputs",
        ),
        c(
            "tf-conv-same-kernel-larger-4x6-on-2x4",
            (1, 2, 4, 1),
            (4, 6, 1, 2),
            padding="SAME",
        ),
        c(
            "tf-conv-same-kernel-larger-5x5-on-3x3-s2",
            (1, 3, 3, 2),
            (5, 5, 2, 2),
            stride=2,
            padding="SAME",
        ),
        c("tf-conv-valid-kernel-equals-input", (1, 4, 5, 2), (4, 5, 2, 3)),
        c(
            "tf-conv-valid-kernel-larger-by-1",
            (1, 3, 3, 1),
            (4, 3, 1, 1),
            note="TensorFlow returns an empty tensor; convmap refuses",
        ),
        c(
            "tf-conv-valid-kernel-larger-by-2",
            (1, 3, 3, 1),
            (5, 3, 1, 1),
            note="TensorFlow refuses",
        ),
        c(
            "tf-conv-valid-dilated-kernel-larger",
            (1, 4, 4, 1),
            (3, 3, 1, 1),
            dilation=2,
            note="dilated span 5 > 4",
        ),
    ]
    # A seeded sweep of random settings.
    sweep = np.random.default_rng(7)
    for i in range(40):
        n, c_in, c_out = (
            int(sweep.integers(1, 3)),
            int(sweep.integers(1, 4)),
            int(sweep.integers(1, 4)),
        )
        h, w = (int(v) for v in sweep.integers(1, 10, size=2))
        kh, kw = (int(v) for v in sweep.integers(1, 6, size=2))
        sh, sw = (int(v) for v in sweep.integers(1, 4, size=2))
        dh, dw = (int(v) for v in sweep.integers(1, 3, size=2))
        mode = ["VALID", "SAME", "explicit"][i % 3]
        if mode == "explicit":
            padding: Any = tuple(
                tuple(int(v) for v in sweep.integers(0, 3, size=2)) for _ in range(2)
            )
            ph, pw = sum(padding[0]), sum(padding[1])
        else:
            padding, ph, pw = mode, 0, 0
        if mode != "SAME" and (dh * (kh - 1) + 1 > h + ph or dw * (kw - 1) + 1 > w + pw):
            continue  # kernel does not fit; refusals are covered above
        cases.append(
            c(
                f"tf-conv-sweep-{i:02d}",
                (n, h, w, c_in),
                (kh, kw, c_in, c_out),
                stride=(sh, sw),
                padding=padding,
                dilation=(dh, dw),
                bias=bool(i % 2),
            )
        )
    return cases


# ---------------------------------------------------------------- TensorFlow pool


def tf_pool_case(
    case_id: str,
    op: str,
    x_shape: tuple[int, int, int, int],
    size: Any,
    stride: Any = None,
    padding: Any = "VALID",
    note: str = "",
) -> dict[str, Any]:
    rng = rng_for(case_id)
    x = rand(rng, x_shape)
    stride_hw = pair(size) if stride is None else pair(stride)
    tf_pad, cm_pad = tf_padding(padding)
    kwargs = {"ksize": pair(size), "strides": stride_hw, "padding": tf_pad}
    func = {"max_pool2d": tf.nn.max_pool2d, "avg_pool2d": tf.nn.avg_pool2d}[op]
    case: dict[str, Any] = {
        "id": case_id,
        "op": op,
        "call": call_text(f"tf.nn.{op}", ["x"], kwargs),
        "convmap": {"size": pair(size), "stride": stride_hw, "padding": cm_pad},
        "x": f32(x),
    }
    if note:
        case["note"] = note
    try:
        y = func(x, **kwargs).numpy()
    except Exception as e:  # noqa: BLE001
        case.update(outcome="error", error=error_text(e), y=None)
        return case
    case.update(outcome="empty" if y.size == 0 else "ok", y_shape=list(y.shape), y=f32(y))
    return case


def tf_pool_cases() -> list[dict[str, Any]]:
    cases = []
    for op in ("max_pool2d", "avg_pool2d"):
        short = op[:3]

        def c(name: str, *args: Any, _op: str = op, _short: str = short, **kw: Any) -> None:
            cases.append(tf_pool_case(f"tf-{_short}-{name}", _op, *args, **kw))

        c("valid-2-s2-even", (2, 8, 8, 2), 2)
        c("valid-2-s2-odd", (1, 7, 7, 2), 2)
        c("same-2-s2-odd", (1, 7, 7, 2), 2, padding="SAME")
        c("valid-3-s2-odd", (1, 7, 7, 2), 3, 2)
        c("valid-3-s2-even", (1, 8, 8, 2), 3, 2)
        c("same-3-s2-odd", (2, 7, 7, 2), 3, 2, "SAME")
        c("same-3-s2-even", (2, 8, 8, 2), 3, 2, "SAME", note="pads (0, 1)")
        c("same-3-s1", (1, 6, 6, 2), 3, 1, "SAME")
        c("same-2-s1", (1, 5, 5, 2), 2, 1, "SAME")
        c("same-4-s1", (1, 6, 6, 1), 4, 1, "SAME")
        c("valid-3-s3", (1, 9, 9, 2), 3)
        c("same-3-s3-8", (1, 8, 8, 2), 3, padding="SAME")
        c("same-8-s8-12", (1, 12, 12, 2), 8, padding="SAME", note="the Q&A's P1 window")
        c("same-8-s8-9", (1, 9, 9, 2), 8, padding="SAME", note="second window mostly padding")
        c("same-8-s8-5", (1, 5, 5, 2), 8, padding="SAME", note="window larger than input")
        c("valid-8-s8-9", (1, 9, 9, 2), 8)
        c("same-4-s4-6", (1, 6, 6, 2), 4, padding="SAME", note="the Q&A's P2 window")
        c("same-2x3-s1x2", (1, 7, 8, 2), (2, 3), (1, 2), "SAME")
        c("valid-2x3-s1x2", (1, 7, 8, 2), (2, 3), (1, 2))
        c("same-3x1-s2x1", (1, 7, 5, 1), (3, 1), (2, 1), "SAME")
        c("same-5-s2-nonsquare", (1, 4, 9, 2), 5, 2, "SAME")
        c("valid-window-equals-input", (1, 4, 5, 2), (4, 5))
        c("valid-window-larger-by-1", (1, 4, 4, 1), 5, 1, note="TF returns an empty tensor")
        c("valid-window-larger-by-2", (1, 4, 4, 1), 6, 1, note="TF refuses")
    # Explicit padding: tf.nn.max_pool2d only (avg_pool2d takes a word).
    m = "max_pool2d"
    cases += [
        tf_pool_case("tf-max-explicit-1-s1", m, (1, 5, 5, 2), 3, 1, ((1, 1), (1, 1))),
        tf_pool_case("tf-max-explicit-1-2-0-1-s2", m, (1, 6, 7, 2), 3, 2, ((1, 2), (0, 1))),
        tf_pool_case(
            "tf-max-explicit-k-1",
            m,
            (1, 5, 5, 2),
            3,
            1,
            ((2, 2), (2, 2)),
            note="pad = k - 1: TF accepts it (PyTorch refuses pad > k/2)",
        ),
        tf_pool_case(
            "tf-max-explicit-k",
            m,
            (1, 5, 5, 1),
            3,
            1,
            ((3, 3), (3, 3)),
            note="pad = k: a window of padding only; TF refuses",
        ),
    ]
    sweep = np.random.default_rng(11)
    for i in range(40):
        op = ("max_pool2d", "avg_pool2d")[i % 2]
        n, ch = int(sweep.integers(1, 3)), int(sweep.integers(1, 4))
        h, w = (int(v) for v in sweep.integers(1, 10, size=2))
        kh, kw = (int(v) for v in sweep.integers(1, 5, size=2))
        sh, sw = (int(v) for v in sweep.integers(1, 4, size=2))
        padding = ("VALID", "SAME")[(i // 2) % 2]
        if padding == "VALID" and (kh > h or kw > w):
            continue
        cases.append(
            tf_pool_case(
                f"tf-{op[:3]}-sweep-{i:02d}", op, (n, h, w, ch), (kh, kw), (sh, sw), padding
            )
        )
    return cases


# ---------------------------------------------------------------- PyTorch conv


def fresh(a: np.ndarray) -> torch.Tensor:
    """A tensor with fresh row-major strides, also for size-1 dimensions.

    ``np.ascontiguousarray`` keeps a permuted view when only size-1 axes are out
    of order; PyTorch 2.13's CPU ``conv2d`` then treats a 1-channel NCHW view of
    NHWC data as channels-last and, with a stride > 1 along the width, returns
    wrong numbers (see tests/test_frameworks_optional.py).
    """
    t = torch.from_numpy(np.array(a, dtype=np.float32, order="C", copy=True))
    expected = tuple(int(np.prod(a.shape[i + 1 :], dtype=np.int64)) for i in range(a.ndim))
    assert t.stride() == expected, (t.stride(), expected)
    return t


def nchw(x: np.ndarray) -> torch.Tensor:
    return fresh(x.transpose(0, 3, 1, 2))


def oihw(w: np.ndarray) -> torch.Tensor:
    return fresh(w.transpose(3, 2, 0, 1))


def nhwc(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().transpose(0, 2, 3, 1)


def torch_conv_case(
    case_id: str,
    x_shape: tuple[int, int, int, int],
    w_shape: tuple[int, int, int, int],
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    bias: bool = False,
    f_pad: tuple[int, int, int, int] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """``padding`` is F.conv2d's; ``f_pad`` = (left, right, top, bottom) for F.pad first."""
    rng = rng_for(case_id)
    x, w = rand(rng, x_shape), rand(rng, w_shape)
    b = rand(rng, (w_shape[3],)) if bias else None
    kwargs = {"stride": stride, "padding": padding, "dilation": dilation}
    x_arg = "x_nchw" if f_pad is None else f"F.pad(x_nchw, {f_pad!r})"
    call = call_text("F.conv2d", [x_arg, "w_oihw", "b" if bias else "None"], kwargs)
    if f_pad is not None:
        left, right, top, bottom = f_pad
        cm_pad: Any = [[top, bottom], [left, right]]
    elif isinstance(padding, str):
        cm_pad = padding
    else:
        cm_pad = padding if isinstance(padding, int) else list(padding)
    case: dict[str, Any] = {
        "id": case_id,
        "op": "conv2d",
        "call": call,
        "conversion": "x_nchw = x.transpose(0, 3, 1, 2); w_oihw = w.transpose(3, 2, 0, 1); "
        "y = out.permute(0, 2, 3, 1)",
        "convmap": {"stride": pair(stride), "padding": cm_pad, "dilation": pair(dilation)},
        "x": f32(x),
        "w": f32(w),
        "b": None if b is None else f32(b),
    }
    if note:
        case["note"] = note
    xt = nchw(x) if f_pad is None else F.pad(nchw(x), f_pad)
    try:
        y = nhwc(F.conv2d(xt, oihw(w), None if b is None else torch.from_numpy(b), **kwargs))
    except Exception as e:  # noqa: BLE001
        case.update(outcome="error", error=error_text(e), y=None)
        return case
    case.update(outcome="empty" if y.size == 0 else "ok", y_shape=list(y.shape), y=f32(y))
    return case


def torch_conv_cases() -> list[dict[str, Any]]:
    c = torch_conv_case
    cases = [
        c("torch-conv-pad0-3x3", (2, 7, 7, 3), (3, 3, 3, 4)),
        c("torch-conv-pad1-3x3", (2, 7, 7, 3), (3, 3, 3, 4), padding=1),
        c(
            "torch-conv-pad1-4x4",
            (1, 8, 8, 3),
            (4, 4, 3, 2),
            padding=1,
            note="the Q&A's conv_forward(pad=1) with f=4: 8 -> 7",
        ),
        c("torch-conv-pad2-5x5-s2", (1, 9, 9, 2), (5, 5, 2, 2), stride=2, padding=2),
        c("torch-conv-pad-tuple-1-2", (1, 6, 7, 2), (3, 3, 2, 3), padding=(1, 2)),
        c(
            "torch-conv-pad-tuple-0-1-s2x1",
            (1, 8, 6, 2),
            (2, 3, 2, 2),
            stride=(2, 1),
            padding=(0, 1),
        ),
        c("torch-conv-same-3x3", (2, 7, 7, 2), (3, 3, 2, 3), padding="same"),
        c(
            "torch-conv-same-4x4",
            (1, 8, 8, 3),
            (4, 4, 3, 2),
            padding="same",
            note="even kernel: PyTorch pads 1 before, 2 after, like TensorFlow",
        ),
        c("torch-conv-same-2x2", (1, 5, 6, 2), (2, 2, 2, 2), padding="same"),
        c("torch-conv-same-2x3", (1, 6, 7, 2), (2, 3, 2, 2), padding="same"),
        c("torch-conv-same-3x3-d2", (1, 9, 9, 2), (3, 3, 2, 2), padding="same", dilation=2),
        c("torch-conv-same-4x2-d2x3", (1, 9, 9, 1), (4, 2, 1, 2), padding="same", dilation=(2, 3)),
        c("torch-conv-same-kernel-larger", (1, 3, 3, 2), (5, 4, 2, 2), padding="same"),
        c("torch-conv-valid-3x3", (1, 7, 6, 2), (3, 3, 2, 2), padding="valid"),
        c("torch-conv-valid-2x4-s2", (1, 8, 9, 2), (2, 4, 2, 2), stride=2, padding="valid"),
        c("torch-conv-s3", (1, 9, 9, 2), (3, 3, 2, 2), stride=3),
        c("torch-conv-s2x3-pad1", (1, 9, 8, 2), (3, 2, 2, 2), stride=(2, 3), padding=1),
        c("torch-conv-d2", (1, 9, 9, 2), (3, 3, 2, 2), dilation=2),
        c("torch-conv-d3-s2-pad2", (1, 9, 9, 1), (3, 3, 1, 2), stride=2, dilation=3, padding=2),
        c("torch-conv-d1x2-s2x1", (1, 8, 9, 2), (3, 3, 2, 2), stride=(2, 1), dilation=(1, 2)),
        c("torch-conv-d2-s3-pad1", (2, 9, 9, 2), (2, 2, 2, 2), stride=3, dilation=2, padding=1),
        c("torch-conv-bias-pad1", (2, 6, 6, 3), (3, 3, 3, 4), padding=1, bias=True),
        c("torch-conv-bias-same", (1, 7, 5, 2), (4, 3, 2, 3), padding="same", bias=True),
        c(
            "torch-conv-fpad-1-2-0-3",
            (1, 6, 6, 2),
            (3, 3, 2, 2),
            f_pad=(0, 3, 1, 2),
            note="F.pad order is (left, right, top, bottom)",
        ),
        c(
            "torch-conv-fpad-same-4x4",
            (1, 8, 8, 3),
            (4, 4, 3, 2),
            f_pad=(1, 2, 1, 2),
            note="F.pad by hand reproduces TensorFlow's SAME for an even kernel",
        ),
        c("torch-conv-fpad-2-0-1-1-s2", (1, 7, 6, 2), (3, 2, 2, 3), stride=2, f_pad=(1, 1, 2, 0)),
        c(
            "torch-conv-fpad-d2-s2",
            (1, 7, 8, 2),
            (3, 3, 2, 2),
            stride=2,
            dilation=2,
            f_pad=(0, 2, 3, 1),
        ),
        c(
            "torch-conv-same-s2-refused",
            (1, 7, 7, 1),
            (3, 3, 1, 1),
            stride=2,
            padding="same",
            note="PyTorch refuses padding='same' with stride > 1 (convmap follows TensorFlow)",
        ),
        c(
            "torch-conv-kernel-larger-refused",
            (1, 3, 3, 1),
            (4, 3, 1, 1),
            note="PyTorch refuses a kernel larger than the input",
        ),
    ]
    sweep = np.random.default_rng(13)
    for i in range(40):
        n, c_in, c_out = (
            int(sweep.integers(1, 3)),
            int(sweep.integers(1, 4)),
            int(sweep.integers(1, 4)),
        )
        h, w = (int(v) for v in sweep.integers(1, 10, size=2))
        kh, kw = (int(v) for v in sweep.integers(1, 6, size=2))
        sh, sw = (int(v) for v in sweep.integers(1, 4, size=2))
        dh, dw = (int(v) for v in sweep.integers(1, 4, size=2))
        ph, pw = (int(v) for v in sweep.integers(0, 3, size=2))
        if i % 4 == 3:  # padding='same' needs stride 1
            sh = sw = 1
            padding: Any = "same"
            ph = pw = 0
        else:
            padding = (ph, pw)
        if padding != "same" and (dh * (kh - 1) + 1 > h + 2 * ph or dw * (kw - 1) + 1 > w + 2 * pw):
            continue
        cases.append(
            c(
                f"torch-conv-sweep-{i:02d}",
                (n, h, w, c_in),
                (kh, kw, c_in, c_out),
                stride=(sh, sw),
                padding=padding,
                dilation=(dh, dw),
                bias=bool(i % 2),
            )
        )
    return cases


# ---------------------------------------------------------------- PyTorch pool


def torch_pool_case(
    case_id: str,
    op: str,
    x_shape: tuple[int, int, int, int],
    size: Any,
    stride: Any = None,
    padding: Any = 0,
    count_include_pad: bool | None = None,
    note: str = "",
) -> dict[str, Any]:
    rng = rng_for(case_id)
    x = rand(rng, x_shape)
    stride_hw = pair(size) if stride is None else pair(stride)
    kwargs: dict[str, Any] = {"kernel_size": size, "stride": stride_hw, "padding": padding}
    if count_include_pad is not None:
        kwargs["count_include_pad"] = count_include_pad
    func = {"max_pool2d": F.max_pool2d, "avg_pool2d": F.avg_pool2d}[op]
    pads = pair(padding)
    case: dict[str, Any] = {
        "id": case_id,
        "op": op,
        "call": call_text(f"F.{op}", ["x_nchw"], kwargs),
        "conversion": "x_nchw = x.transpose(0, 3, 1, 2); y = out.permute(0, 2, 3, 1)",
        "convmap": {
            "size": pair(size),
            "stride": stride_hw,
            "padding": [[pads[0], pads[0]], [pads[1], pads[1]]],
        },
        "count_include_pad": count_include_pad,
        "expect": "differs" if count_include_pad and any(pads) else "equal",
        "x": f32(x),
    }
    if note:
        case["note"] = note
    try:
        y = nhwc(func(nchw(x), **kwargs))
    except Exception as e:  # noqa: BLE001
        case.update(outcome="error", error=error_text(e), y=None)
        return case
    case.update(outcome="empty" if y.size == 0 else "ok", y_shape=list(y.shape), y=f32(y))
    return case


def torch_pool_cases() -> list[dict[str, Any]]:
    cases = []
    settings = [
        ("2-s2", (2, 8, 8, 2), 2, None, 0),
        ("3-s2-pad1-odd", (1, 7, 7, 2), 3, 2, 1),
        ("3-s2-pad1-even", (1, 8, 8, 2), 3, 2, 1),
        ("3-s1-pad1", (1, 5, 5, 2), 3, 1, 1),
        ("2-s2-pad1", (1, 7, 7, 2), 2, 2, 1),
        ("4-s2-pad2", (1, 8, 8, 1), 4, 2, 2),
        ("5-s3-pad2", (1, 9, 9, 2), 5, 3, 2),
        ("3x2-s2x1-pad1x0", (1, 7, 6, 2), (3, 2), (2, 1), (1, 0)),
        ("2x4-s1x3-pad0x2", (1, 5, 9, 2), (2, 4), (1, 3), (0, 2)),
        ("8-s8-pad4", (1, 9, 9, 1), 8, 8, 4),
    ]
    for name, shape, size, stride, padding in settings:
        cases.append(
            torch_pool_case(f"torch-max-{name}", "max_pool2d", shape, size, stride, padding)
        )
        for cip in (False, True):
            cases.append(
                torch_pool_case(
                    f"torch-avg-{name}-cip{int(cip)}",
                    "avg_pool2d",
                    shape,
                    size,
                    stride,
                    padding,
                    count_include_pad=cip,
                )
            )
    cases.append(
        torch_pool_case(
            "torch-max-3-s1-pad2-refused",
            "max_pool2d",
            (1, 5, 5, 1),
            3,
            1,
            2,
            note="PyTorch's rule: pad <= kernel/2 (TensorFlow accepts pad <= kernel - 1)",
        )
    )
    cases.append(
        torch_pool_case(
            "torch-avg-4-s1-pad3-refused",
            "avg_pool2d",
            (1, 5, 5, 1),
            4,
            1,
            3,
            count_include_pad=False,
            note="PyTorch's rule: pad <= kernel/2",
        )
    )
    return cases


# ---------------------------------------------------------------- one-axis probes


def probe_pixels(y: np.ndarray, n_out: int, k: int) -> list[list[int]]:
    """Per output, the 1-based input pixel each tap read (0 = padding)."""
    return [[int(round(float(y[i, t]))) for t in range(k)] for i in range(n_out)]


def first_before(probe: list[list[int]], s: int, d: int) -> int | None:
    """Zeros before the input, read off the first tap that saw a real pixel."""
    for i, taps in enumerate(probe):
        for t, v in enumerate(taps):
            if v:
                return i * s + t * d - (v - 1)
    return None


def shape_entry(
    framework: str, n: int, k: int, s: int, d: int, padding: str, run: Any
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{framework}-shape-{padding}-n{n}-k{k}-s{s}-d{d}",
        "n": n,
        "k": k,
        "s": s,
        "d": d,
        "padding": padding,
    }
    try:
        y = run()
    except Exception as e:  # noqa: BLE001
        entry.update(outcome="error", error=error_text(e))
        return entry
    out = int(y.shape[0])
    if out == 0:
        entry.update(outcome="empty", out=0)
        return entry
    probe = probe_pixels(y, out, k)
    before = first_before(probe, s, d)
    entry.update(outcome="ok", out=out, probe=probe, pad_before=before)
    if before is not None:
        # Zeros the last window reads after the input: all the padding "after" that matters.
        entry["pad_after_read"] = max(0, (out - 1) * s - before + (k - 1) * d - (n - 1))
    return entry


def probe_operands(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Input 1..n on a 1 x n image; k one-hot filters, filter t = tap t."""
    x = np.arange(1, n + 1, dtype=np.float32).reshape(1, 1, n, 1)
    w = np.zeros((1, k, 1, k), np.float32)
    for t in range(k):
        w[0, t, 0, t] = 1.0
    return x, w


def tf_shape_cases() -> list[dict[str, Any]]:
    cases = []
    for padding in ("SAME", "VALID"):
        for d in (1, 2):
            for s in (1, 2, 3):
                for k in range(1, 6):
                    for n in range(1, 18):
                        x, w = probe_operands(n, k)
                        kwargs = {
                            "strides": [1, 1, s, 1],
                            "padding": padding,
                            "dilations": [1, 1, d, 1],
                        }

                        def run(x=x, w=w, kwargs=kwargs) -> np.ndarray:
                            return tf.nn.conv2d(x, w, **kwargs).numpy()[0, 0]

                        cases.append(shape_entry("tf", n, k, s, d, padding.lower(), run))
    return cases


def torch_shape_cases() -> list[dict[str, Any]]:
    cases = []
    for padding in ("same", "valid"):
        for d in (1, 2):
            for s in (1, 2, 3) if padding == "valid" else (1,):
                for k in range(1, 6):
                    for n in range(1, 18):
                        x, w = probe_operands(n, k)

                        def run(x=x, w=w, s=s, d=d, padding=padding) -> np.ndarray:
                            y = F.conv2d(
                                nchw(x), oihw(w), stride=(1, s), padding=padding, dilation=(1, d)
                            )
                            return nhwc(y)[0, 0]

                        cases.append(shape_entry("torch", n, k, s, d, padding, run))
    for s in (2, 3):
        x, w = probe_operands(9, 3)

        def run(x=x, w=w, s=s) -> np.ndarray:
            return nhwc(F.conv2d(nchw(x), oihw(w), stride=(1, s), padding="same"))[0, 0]

        cases.append(shape_entry("torch", 9, 3, s, 1, "same", run))
    return cases


# ---------------------------------------------------------------- the Q&A's network


def qa_input() -> np.ndarray:
    """The seeded input; tests/test_golden.py regenerates it with the same line."""
    return np.random.default_rng(QA_SEED).standard_normal((1, 64, 64, 3)).astype(np.float32)


def qa_network() -> dict[str, Any]:
    x = qa_input()
    rng = rng_for("qa-network-weights")
    w1 = np.round(rng.standard_normal((4, 4, 3, 8)) * 0.3, 2).astype(np.float32)
    w2 = np.round(rng.standard_normal((2, 2, 8, 16)) * 0.3, 2).astype(np.float32)
    w3 = np.round(rng.standard_normal((64, 6)) * 0.2, 2).astype(np.float32)
    b3 = np.round(rng.standard_normal(6) * 0.1, 2).astype(np.float32)
    z1 = tf.nn.conv2d(x, w1, strides=[1, 1, 1, 1], padding="SAME")
    a1 = tf.nn.relu(z1)
    p1 = tf.nn.max_pool(a1, ksize=[1, 8, 8, 1], strides=[1, 8, 8, 1], padding="SAME")
    z2 = tf.nn.conv2d(p1, w2, strides=[1, 1, 1, 1], padding="SAME")
    a2 = tf.nn.relu(z2)
    p2 = tf.nn.max_pool(a2, ksize=[1, 4, 4, 1], strides=[1, 4, 4, 1], padding="SAME")
    flat = tf.reshape(p2, [1, -1])
    z3 = tf.matmul(flat, w3) + b3
    z1n = z1.numpy()
    positions = [(0, 0), (0, 63), (63, 0), (63, 63), (31, 31), (0, 31), (31, 63)]
    return {
        "id": "qa-network",
        "input": {
            "shape": [1, 64, 64, 3],
            "generate": f"np.random.default_rng({QA_SEED}).standard_normal((1, 64, 64, 3))"
            ".astype(np.float32)",
            "seed": QA_SEED,
            "check_first_pixel": f32(x[0, 0, 0]),
            "check_last_pixel": f32(x[0, 63, 63]),
            "check_sum_float64": float(x.astype(np.float64).sum()),
        },
        "weights": {"W1": f32(w1), "W2": f32(w2), "W3": f32(w3), "b3": f32(b3)},
        "calls": {
            "Z1": "tf.nn.conv2d(X, W1, strides=[1, 1, 1, 1], padding='SAME')",
            "A1": "tf.nn.relu(Z1)",
            "P1": "tf.nn.max_pool(A1, ksize=[1, 8, 8, 1], strides=[1, 8, 8, 1], padding='SAME')",
            "Z2": "tf.nn.conv2d(P1, W2, strides=[1, 1, 1, 1], padding='SAME')",
            "A2": "tf.nn.relu(Z2)",
            "P2": "tf.nn.max_pool(A2, ksize=[1, 4, 4, 1], strides=[1, 4, 4, 1], padding='SAME')",
            "F": "tf.reshape(P2, [1, -1])",
            "Z3": "tf.matmul(F, W3) + b3",
        },
        "shapes": {
            name: list(t.shape)
            for name, t in [("Z1", z1), ("P1", p1), ("Z2", z2), ("P2", p2), ("F", flat), ("Z3", z3)]
        },
        "Z1_samples": [{"row": r, "col": q, "values": f32(z1n[0, r, q])} for r, q in positions],
        "P1": f32(p1.numpy()),
        "Z2": f32(z2.numpy()),
        "P2": f32(p2.numpy()),
        "Z3": f32(z3.numpy()),
    }


# ---------------------------------------------------------------- main


def main() -> None:
    tfv, thv = tf.__version__, torch.__version__
    print(f"tensorflow {tfv}, torch {thv}, numpy {np.__version__}, python {sys.version.split()[0]}")
    torch.set_num_threads(1)
    write(
        "tf_conv2d.json",
        header("tensorflow", tfv, "conv2d", "tf.nn.conv2d (and tf.nn.bias_add) cases"),
        tf_conv_cases(),
    )
    write(
        "tf_pool.json",
        header("tensorflow", tfv, "pool", "tf.nn.max_pool2d / tf.nn.avg_pool2d cases"),
        tf_pool_cases(),
    )
    write(
        "torch_conv2d.json",
        header("pytorch", thv, "conv2d", "torch.nn.functional.conv2d (and F.pad) cases"),
        torch_conv_cases(),
    )
    write(
        "torch_pool.json",
        header(
            "pytorch",
            thv,
            "pool",
            "F.max_pool2d / F.avg_pool2d cases; count_include_pad=True documents "
            "PyTorch's default, which divides by the full window",
        ),
        torch_pool_cases(),
    )
    shapes_doc = (
        "one axis: tf.nn.conv2d / F.conv2d on x = 1..n (shape 1x1xnx1) with k one-hot "
        "filters (w[0, t, 0, t] = 1), so output channel t of neuron i is the 1-based pixel "
        "that tap t reads, 0 for a padded zero. pad_before is read off the first nonzero "
        "probe (null when no tap reads a real pixel); pad_after_read is the number of zeros "
        "the last window reads after the input"
    )
    write("tf_shapes.json", header("tensorflow", tfv, "shapes", shapes_doc), tf_shape_cases())
    write("torch_shapes.json", header("pytorch", thv, "shapes", shapes_doc), torch_shape_cases())
    write(
        "qa_network.json",
        header(
            "tensorflow",
            tfv,
            "qa_network",
            "the Q&A's Coursera model, TF1-style calls run eagerly in TF 2; the input is "
            "regenerated from its seed",
        ),
        [qa_network()],
    )


if __name__ == "__main__":
    main()
