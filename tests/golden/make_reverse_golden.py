"""Write the golden vectors of the reverse mapping: transposed convolution and backward pass.

Run by a developer, never by CI or pytest, in an environment that already has
TensorFlow and PyTorch (this script installs nothing)::

    python3 -m venv /work/venvs/gold
    /work/venvs/gold/bin/pip install tensorflow-cpu torch==2.13.0 numpy
    /work/venvs/gold/bin/python tests/golden/make_reverse_golden.py

Only the frameworks produce the data: this script does not import convmap.
``tests/test_reverse_golden.py`` replays every case through convmap.

Conventions in the JSON:

* arrays are NHWC; transposed-convolution weights are ``(kh, kw, c_out, c_in)``
  (``tf.nn.conv2d_transpose``'s layout), forward-convolution weights HWIO
  ``(kh, kw, c_in, c_out)``; PyTorch cases convert to NCHW and to
  ``(c_in, c_out, kh, kw)`` (``w.transpose(3, 2, 0, 1)``) for
  ``F.conv_transpose2d``, OIHW for ``F.conv2d``, and back for storage;
* random data: ``np.random.default_rng(crc32(data id))`` standard normal rounded
  to 2 decimals (the data id is the case id unless the case says ``data_from``,
  which then names the case whose x, w and b it reuses, to compare frameworks);
* outputs are float32 rounded to 6 significant digits (tests use tolerances);
* ``convmap`` holds the equivalent convmap keyword arguments;
* ``outcome`` is ``"ok"``, ``"error"`` (with the framework's message) or
  ``"empty"`` (PyTorch returned a tensor with a 0-length axis): convmap must
  refuse ``"error"`` and ``"empty"`` cases with a ``ValueError``.

Files written:

* ``tf_conv2d_transpose.json``: ``tf.nn.conv2d_transpose`` (+ ``tf.nn.bias_add``);
* ``torch_conv_transpose2d.json``: ``F.conv_transpose2d``;
* ``tf_conv2d_backward.json``: ``tf.GradientTape`` over ``tf.nn.conv2d`` +
  ``tf.nn.bias_add``, with ``tf.nn.conv2d_transpose(g, w, x.shape)`` beside it;
* ``torch_conv2d_backward.json``: autograd over ``F.conv2d``, with
  ``F.conv_transpose2d(g, w)`` beside it;
* ``tf_transpose_sizes.json``, ``torch_transpose_sizes.json``: one-axis probes
  of which output lengths each framework accepts or computes.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import platform
import re
import sys
import zlib
from pathlib import Path
from typing import Any

os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = Path(__file__).resolve().parent
GENERATOR = "tests/golden/make_reverse_golden.py"
COMMAND = f"/work/venvs/gold/bin/python {GENERATOR}"
NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- helpers


def rounded(a: Any) -> Any:
    """Nested lists of float32 values rounded to 6 significant digits."""
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 0:
        return float(f"{float(a):.6g}")
    return [rounded(v) for v in a]


def rand(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    return np.round(rng.standard_normal(shape), 2).astype(np.float32)


def operands(data_id: str, x_shape: Any, w_shape: Any, bias: bool, g_shape: Any = None) -> Any:
    """x, w, b (or None) and, if asked, an upstream gradient, from the data id's seed."""
    rng = np.random.default_rng(zlib.crc32(data_id.encode()))
    x, w = rand(rng, x_shape), rand(rng, w_shape)
    b = rand(rng, (w_shape[2],)) if bias else None  # transpose: c_out is w.shape[2]
    return x, w, b, rng


def pair(v: Any) -> list[int]:
    return [int(v), int(v)] if isinstance(v, int) else [int(v[0]), int(v[1])]


def call_text(func: str, args: list[str], kwargs: dict[str, Any]) -> str:
    return f"{func}({', '.join(args + [f'{k}={v!r}' for k, v in kwargs.items()])})"


def error_text(e: Exception) -> str:
    message = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", str(e))
    message = re.sub(r"\s*name:\s*$", "", message.strip())
    return f"{type(e).__name__}: {message}"[:300]


def header(framework: str, version: str, kind: str, what: str) -> dict[str, Any]:
    return {
        "framework": framework,
        "framework_version": version,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
        "date_utc": NOW,
        "generator": GENERATOR,
        "command": COMMAND,
        "environment": {"TF_ENABLE_ONEDNN_OPTS": os.environ["TF_ENABLE_ONEDNN_OPTS"]},
        "kind": kind,
        "contents": what,
        "layout": "x, y, g, dx are NHWC; transpose w is (kh, kw, c_out, c_in); forward w "
        "and dw are HWIO (kh, kw, c_in, c_out); b and db are (c_out,); float32 rounded "
        "to 6 significant digits",
        "random_data": "np.round(np.random.default_rng(zlib.crc32(data_id.encode()))"
        ".standard_normal(shape), 2).astype(np.float32), drawn x, w, b, then g",
    }


def write(name: str, head: dict[str, Any], cases: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), f"duplicate case ids in {name}"
    head = dict(head, cases=len(cases))
    lines = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
    text = f'{{\n"header": {json.dumps(head, indent=2)},\n"cases": [\n{lines}\n]\n}}\n'
    (HERE / name).write_text(text)
    print(f"{name}: {len(cases)} cases, {len(text) / 1024:.0f} KiB")


def tf_padding(padding: Any) -> tuple[Any, Any]:
    """(TensorFlow padding argument, convmap padding)."""
    if isinstance(padding, str):
        return padding, padding.lower()
    (t, b), (left, r) = padding
    return [[0, 0], [t, b], [left, r], [0, 0]], [[t, b], [left, r]]


def nchw(a: np.ndarray) -> torch.Tensor:
    """NHWC -> NCHW with fresh row-major strides (see make_golden.py's ``fresh``)."""
    return torch.from_numpy(np.array(a.transpose(0, 3, 1, 2), np.float32, order="C"))


def kernel_t(w: np.ndarray) -> torch.Tensor:
    """(kh, kw, A, B) -> (B, A, kh, kw), fresh strides: transpose IOHW and forward OIHW."""
    return torch.from_numpy(np.array(w.transpose(3, 2, 0, 1), np.float32, order="C"))


def nhwc(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().transpose(0, 2, 3, 1)


# ---------------------------------------------------------------- TensorFlow transpose


def tf_transpose_call(kwargs: dict[str, Any], dilation: list[int]) -> tuple[str, Any]:
    """(call text, function of x and w) for a TensorFlow transposed convolution.

    TensorFlow's CPU ``Conv2DBackpropInput`` refuses dilation > 1, so dilated
    cases use ``tf.nn.atrous_conv2d_transpose`` (one rate, stride 1, a word
    padding) or, otherwise, the tape gradient of ``tf.nn.convolution`` with
    respect to its input (which is what a transposed convolution is).
    """
    if dilation == [1, 1]:
        call = call_text("tf.nn.conv2d_transpose", ["x", "w"], kwargs)
        return call, lambda x, w: tf.nn.conv2d_transpose(x, w, **kwargs)
    shape, padding = kwargs["output_shape"], kwargs["padding"]
    if dilation[0] == dilation[1] and isinstance(padding, str) and kwargs["strides"] == [1] * 4:
        args = {"output_shape": shape, "rate": dilation[0], "padding": padding}
        call = call_text("tf.nn.atrous_conv2d_transpose", ["x", "w"], args)
        return call, lambda x, w: tf.nn.atrous_conv2d_transpose(x, w, **args)
    conv = {"strides": kwargs["strides"][1:3], "padding": padding, "dilations": dilation}

    def run(x: np.ndarray, w: np.ndarray) -> Any:
        z = tf.Variable(tf.zeros(shape))
        with tf.GradientTape() as tape:
            y = tf.nn.convolution(z, w, **conv)
        return tape.gradient(y, z, output_gradients=tf.constant(x))

    call = "tape.gradient(y, z, output_gradients=x) for y = " + call_text(
        "tf.nn.convolution", [f"z = tf.Variable(tf.zeros({shape}))", "w"], conv
    )
    return call, run


def tf_tconv_case(
    case_id: str,
    x_shape: Any,
    w_shape: Any,
    out_hw: Any,
    stride: Any = 1,
    padding: Any = "VALID",
    dilation: Any = 1,
    bias: bool = False,
    out_batch_channels: Any = None,
    note: str = "",
) -> dict[str, Any]:
    x, w, b, _ = operands(case_id, x_shape, w_shape, bias)
    tf_pad, cm_pad = tf_padding(padding)
    n, c = out_batch_channels or (x_shape[0], w_shape[2])
    shape = [n, *pair(out_hw), c]
    kwargs = {
        "output_shape": shape,
        "strides": [1, *pair(stride), 1],
        "padding": tf_pad,
        "dilations": [1, *pair(dilation), 1],
    }
    call, run = tf_transpose_call(kwargs, pair(dilation))
    case: dict[str, Any] = {
        "id": case_id,
        "op": "conv2d_transpose",
        "call": f"tf.nn.bias_add({call}, b)" if bias else call,
        "convmap": {
            "stride": pair(stride),
            "padding": cm_pad,
            "dilation": pair(dilation),
            "output_shape": shape,
        },
        "x": rounded(x),
        "w": rounded(w),
        "b": None if b is None else rounded(b),
    }
    if note:
        case["note"] = note
    try:
        y = run(x, w)
        y = (tf.nn.bias_add(y, b) if bias else y).numpy()
    except Exception as e:  # noqa: BLE001 - recorded: convmap must refuse too
        return dict(case, outcome="error", error=error_text(e), y=None)
    return dict(case, outcome="ok", y_shape=list(y.shape), y=rounded(y))


def tf_tconv_cases() -> list[dict[str, Any]]:
    c = tf_tconv_case
    cases = [
        c("tf-tconv-valid-3x3-s1", (1, 3, 4, 2), (3, 3, 2, 2), (5, 6)),
        c("tf-tconv-valid-3x3-s2-full", (1, 3, 3, 2), (3, 3, 3, 2), (7, 7), stride=2),
        c(
            "tf-tconv-valid-3x3-s2-plus1",
            (1, 3, 3, 2),
            (3, 3, 3, 2),
            (8, 8),
            2,
            note="one more row",
        ),
        c("tf-tconv-valid-3x3-s2-mixed", (1, 3, 3, 1), (3, 3, 2, 1), (7, 8), stride=2),
        c("tf-tconv-valid-3x3-s3-0", (1, 2, 2, 1), (3, 3, 1, 1), (6, 6), stride=3),
        c("tf-tconv-valid-3x3-s3-1", (1, 2, 2, 1), (3, 3, 1, 1), (7, 7), stride=3),
        c("tf-tconv-valid-3x3-s3-2", (1, 2, 2, 1), (3, 3, 1, 1), (8, 8), stride=3),
        c("tf-tconv-valid-4x4-s2", (1, 3, 3, 2), (4, 4, 2, 2), (8, 8), stride=2),
        c("tf-tconv-valid-2x2-s2", (1, 3, 3, 2), (2, 2, 2, 2), (6, 6), stride=2),
        c("tf-tconv-valid-1x1-s2", (1, 3, 3, 1), (1, 1, 2, 1), (6, 6), stride=2, note="gaps"),
        c("tf-tconv-same-3x3-s1", (2, 4, 4, 2), (3, 3, 2, 2), (4, 4), padding="SAME"),
        c("tf-tconv-same-4x4-s1", (1, 4, 4, 2), (4, 4, 1, 2), (4, 4), padding="SAME"),
        c("tf-tconv-same-3x3-s2", (1, 3, 3, 2), (3, 3, 2, 2), (6, 6), stride=2, padding="SAME"),
        c("tf-tconv-same-3x3-s2-odd", (1, 3, 3, 2), (3, 3, 2, 2), (5, 5), stride=2, padding="SAME"),
        c("tf-tconv-same-4x4-s2", (1, 3, 3, 2), (4, 4, 2, 2), (6, 6), stride=2, padding="SAME"),
        c("tf-tconv-same-2x2-s2", (1, 3, 3, 2), (2, 2, 2, 2), (6, 6), stride=2, padding="SAME"),
        c("tf-tconv-same-5x5-s3-9", (1, 3, 3, 1), (5, 5, 2, 1), (9, 9), stride=3, padding="SAME"),
        c("tf-tconv-same-5x5-s3-8", (1, 3, 3, 1), (5, 5, 2, 1), (8, 8), stride=3, padding="SAME"),
        c("tf-tconv-same-5x5-s3-7", (1, 3, 3, 1), (5, 5, 2, 1), (7, 7), stride=3, padding="SAME"),
        c("tf-tconv-same-1x1-s3", (1, 2, 2, 1), (1, 1, 1, 1), (6, 6), stride=3, padding="SAME"),
        c("tf-tconv-same-2x3-s1x2", (1, 3, 3, 2), (2, 3, 2, 2), (3, 6), (1, 2), "SAME"),
        c("tf-tconv-valid-2x3-s2x3", (1, 3, 2, 2), (2, 3, 1, 2), (6, 7), (2, 3)),
        c("tf-tconv-same-4x3-s2x3", (1, 2, 3, 1), (4, 3, 2, 1), (4, 8), (2, 3), "SAME"),
        c("tf-tconv-valid-3x3-d2", (1, 3, 3, 1), (3, 3, 1, 1), (7, 7), dilation=2),
        c("tf-tconv-same-3x3-d2", (1, 4, 4, 1), (3, 3, 2, 1), (4, 4), padding="SAME", dilation=2),
        c("tf-tconv-valid-2x2-d1x2", (1, 3, 3, 1), (2, 2, 1, 1), (4, 5), dilation=(1, 2)),
        c("tf-tconv-explicit-1-2-0-1", (1, 4, 4, 1), (3, 3, 2, 1), (3, 5), 1, ((1, 2), (0, 1))),
        c("tf-tconv-explicit-s2", (1, 3, 3, 2), (3, 3, 1, 2), (5, 6), 2, ((1, 1), (0, 1))),
        c("tf-tconv-same-3x3-s2-bias", (1, 3, 3, 2), (3, 3, 2, 2), (6, 6), 2, "SAME", bias=True),
        c("tf-tconv-valid-2x2-bias", (2, 2, 3, 1), (2, 2, 3, 1), (3, 4), bias=True),
        # refusals
        c("tf-tconv-valid-too-long", (1, 3, 3, 1), (3, 3, 1, 1), (9, 9), stride=2),
        c("tf-tconv-valid-too-long-s1", (1, 3, 3, 1), (3, 3, 1, 1), (6, 5)),
        c("tf-tconv-valid-too-short", (1, 3, 3, 1), (3, 3, 1, 1), (6, 6), stride=2),
        c("tf-tconv-same-too-long", (1, 3, 3, 1), (3, 3, 1, 1), (7, 7), stride=2, padding="SAME"),
        c("tf-tconv-same-too-short", (1, 3, 3, 1), (3, 3, 1, 1), (4, 4), stride=2, padding="SAME"),
        c("tf-tconv-same-s1-wrong", (1, 3, 3, 1), (3, 3, 1, 1), (4, 3), padding="SAME"),
        c(
            "tf-tconv-channels-mismatch",
            (1, 3, 3, 2),
            (3, 3, 1, 3),
            (5, 5),
            note="w.shape[3] must be x's channels",
        ),
        c(
            "tf-tconv-out-channels-wrong",
            (1, 3, 3, 1),
            (3, 3, 2, 1),
            (5, 5),
            out_batch_channels=(1, 3),
        ),
        c(
            "tf-tconv-out-batch-wrong",
            (1, 3, 3, 1),
            (3, 3, 2, 1),
            (5, 5),
            out_batch_channels=(2, 2),
        ),
    ]
    return cases + tf_tconv_sweep()


def tf_tconv_sweep() -> list[dict[str, Any]]:
    """Seeded random settings, lengths drawn from the ones TensorFlow accepts."""
    cases = []
    c = tf_tconv_case
    sweep = np.random.default_rng(17)
    for i in range(30):
        m_h, m_w = (int(v) for v in sweep.integers(1, 5, size=2))
        kh, kw = (int(v) for v in sweep.integers(1, 5, size=2))
        sh, sw = (int(v) for v in sweep.integers(1, 4, size=2))
        dh, dw = (int(v) for v in sweep.integers(1, 3, size=2))
        if max(sh, sw) > 1:
            dh = dw = 1  # TensorFlow's CPU kernels do not do both
        mode = ["VALID", "SAME"][i % 2]
        if mode == "SAME":
            out = [(m - 1) * s + 1 + int(sweep.integers(0, s)) for m, s in ((m_h, sh), (m_w, sw))]
        else:
            out = [
                (m - 1) * s + d * (k - 1) + 1 + int(sweep.integers(0, s))
                for m, s, d, k in ((m_h, sh, dh, kh), (m_w, sw, dw, kw))
            ]
        shape_x = (int(sweep.integers(1, 3)), m_h, m_w, int(sweep.integers(1, 4)))
        shape_w = (kh, kw, int(sweep.integers(1, 4)), shape_x[3])
        cases.append(
            c(
                f"tf-tconv-sweep-{i:02d}",
                shape_x,
                shape_w,
                out,
                (sh, sw),
                mode,
                (dh, dw),
                i % 5 == 0,
            )
        )
    return cases


# ---------------------------------------------------------------- PyTorch transpose


def torch_tconv_case(
    case_id: str,
    x_shape: Any,
    w_shape: Any,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    dilation: Any = 1,
    bias: bool = False,
    data_from: str | None = None,
    note: str = "",
) -> dict[str, Any]:
    x, w, b, _ = operands(data_from or case_id, x_shape, w_shape, bias)
    kwargs = {
        "stride": stride,
        "padding": padding,
        "output_padding": output_padding,
        "dilation": dilation,
    }
    case: dict[str, Any] = {
        "id": case_id,
        "op": "conv2d_transpose",
        "call": call_text(
            "F.conv_transpose2d", ["x_nchw", "w_iohw", "b" if bias else "None"], kwargs
        ),
        "conversion": "x_nchw = x.transpose(0, 3, 1, 2); w_iohw = w.transpose(3, 2, 0, 1); "
        "y = out.permute(0, 2, 3, 1)",
        "convmap": {
            "stride": pair(stride),
            "padding": padding if isinstance(padding, int) else list(padding),
            "output_padding": pair(output_padding),
            "dilation": pair(dilation),
        },
        "x": rounded(x),
        "w": rounded(w),
        "b": None if b is None else rounded(b),
    }
    for key, value in (("data_from", data_from), ("note", note)):
        if value:
            case[key] = value
    bt = None if b is None else torch.from_numpy(b)
    try:
        try:
            y = nhwc(F.conv_transpose2d(nchw(x), kernel_t(w), bt, **kwargs))
        except RuntimeError as e:
            if "memory descriptor" not in str(e):
                raise
            # oneDNN fails before PyTorch's own checks; ask PyTorch's native kernel
            case["framework_note"] = f"oneDNN: {error_text(e)}; rerun with mkldnn disabled"
            with torch.backends.mkldnn.flags(enabled=False):
                y = nhwc(F.conv_transpose2d(nchw(x), kernel_t(w), bt, **kwargs))
    except RuntimeError as e:
        return dict(case, outcome="error", error=error_text(e), y=None)
    outcome = "empty" if y.size == 0 else "ok"  # PyTorch returns an empty tensor for 0
    return dict(case, outcome=outcome, y_shape=list(y.shape), y=rounded(y))


def torch_tconv_cases() -> list[dict[str, Any]]:
    c = torch_tconv_case
    cases = [
        c("torch-tconv-3x3-s1-p0", (1, 3, 4, 2), (3, 3, 2, 2)),
        c("torch-tconv-3x3-s1-p1", (2, 4, 4, 2), (3, 3, 2, 2), padding=1),
        c("torch-tconv-3x3-s2-p0", (1, 3, 3, 2), (3, 3, 3, 2), stride=2),
        c("torch-tconv-3x3-s2-p1", (1, 3, 3, 2), (3, 3, 2, 2), stride=2, padding=1),
        c("torch-tconv-3x3-s2-p1-op1", (1, 3, 3, 2), (3, 3, 2, 2), 2, 1, 1),
        c("torch-tconv-3x3-s3-p1-op2", (1, 2, 2, 1), (3, 3, 2, 1), 3, 1, 2),
        c("torch-tconv-4x4-s2-p1", (1, 3, 3, 2), (4, 4, 2, 2), stride=2, padding=1),
        c("torch-tconv-2x2-s2-p0", (1, 3, 3, 2), (2, 2, 2, 2), stride=2),
        c(
            "torch-tconv-1x1-s2-op1",
            (1, 3, 3, 1),
            (1, 1, 2, 1),
            2,
            0,
            1,
            note="gaps and a zero row",
        ),
        c("torch-tconv-5x5-s3-p2", (1, 3, 3, 1), (5, 5, 2, 1), stride=3, padding=2),
        c("torch-tconv-2x3-s1x2-p0x1", (1, 3, 3, 2), (2, 3, 2, 2), (1, 2), (0, 1), (0, 1)),
        c("torch-tconv-4x3-s2x3-p1x0", (1, 2, 3, 1), (4, 3, 2, 1), (2, 3), (1, 0), (1, 2)),
        c("torch-tconv-3x3-d2", (1, 3, 3, 1), (3, 3, 1, 1), dilation=2),
        c("torch-tconv-3x3-d2-p2", (1, 4, 4, 1), (3, 3, 2, 1), padding=2, dilation=2),
        c(
            "torch-tconv-2x2-s1-d2-op1",
            (1, 3, 3, 1),
            (2, 2, 1, 1),
            1,
            0,
            1,
            2,
            note="output_padding 1 = stride, allowed because it is smaller than the dilation",
        ),
        c("torch-tconv-3x3-s2-d2-p1-op1", (1, 3, 3, 2), (3, 3, 1, 2), 2, 1, 1, 2),
        c("torch-tconv-3x3-s2-p1-bias", (1, 3, 3, 2), (3, 3, 2, 2), 2, 1, 1, bias=True),
        c("torch-tconv-2x2-p0-bias", (2, 2, 3, 1), (2, 2, 3, 1), bias=True),
        c("torch-tconv-crop-to-1", (1, 2, 2, 1), (3, 3, 1, 1), padding=(1, 1)),
        # the same data as TensorFlow cases, to compare the frameworks
        c(
            "torch-tconv-pair-same-4x4-s2",
            (1, 3, 3, 2),
            (4, 4, 2, 2),
            2,
            1,
            data_from="tf-tconv-same-4x4-s2",
            note="TF SAME = PyTorch padding=1 here",
        ),
        c(
            "torch-tconv-pair-same-3x3-s2-p1-op1",
            (1, 3, 3, 2),
            (3, 3, 2, 2),
            2,
            1,
            1,
            data_from="tf-tconv-same-3x3-s2",
            note="not TF SAME: crops 1 at the top, TF 0",
        ),
        c(
            "torch-tconv-pair-same-3x3-s2-p0",
            (1, 3, 3, 2),
            (3, 3, 2, 2),
            2,
            0,
            data_from="tf-tconv-same-3x3-s2",
            note="TF SAME is this output minus its last row",
        ),
        c(
            "torch-tconv-pair-valid-3x3-s2-op1",
            (1, 3, 3, 2),
            (3, 3, 3, 2),
            2,
            0,
            1,
            data_from="tf-tconv-valid-3x3-s2-plus1",
            note="= TF VALID with output_shape 8",
        ),
        # refusals
        c("torch-tconv-op-equals-stride", (1, 3, 3, 1), (3, 3, 1, 1), 2, 1, 2),
        c("torch-tconv-op-1-stride-1", (1, 3, 3, 1), (3, 3, 1, 1), 1, 1, 1),
        c("torch-tconv-op-2-s2-d2", (1, 3, 3, 1), (3, 3, 1, 1), 2, 0, 2, 2),
        c("torch-tconv-output-empty", (1, 2, 2, 1), (3, 3, 1, 1), padding=2),
        c("torch-tconv-negative-padding", (1, 3, 3, 1), (3, 3, 1, 1), padding=-1),
        c("torch-tconv-channels-mismatch", (1, 3, 3, 2), (3, 3, 1, 3)),
    ]
    return cases + torch_tconv_sweep()


def torch_tconv_sweep() -> list[dict[str, Any]]:
    """Seeded random settings, output_padding below max(stride, dilation)."""
    cases = []
    c = torch_tconv_case
    sweep = np.random.default_rng(23)
    for i in range(30):
        m_h, m_w = (int(v) for v in sweep.integers(1, 5, size=2))
        kh, kw = (int(v) for v in sweep.integers(1, 5, size=2))
        sh, sw = (int(v) for v in sweep.integers(1, 4, size=2))
        dh, dw = (int(v) for v in sweep.integers(1, 3, size=2))
        ph, pw = (int(v) for v in sweep.integers(0, 3, size=2))
        oph, opw = int(sweep.integers(0, max(sh, dh))), int(sweep.integers(0, max(sw, dw)))
        shape_x = (int(sweep.integers(1, 3)), m_h, m_w, int(sweep.integers(1, 4)))
        shape_w = (kh, kw, int(sweep.integers(1, 4)), shape_x[3])
        cases.append(
            c(
                f"torch-tconv-sweep-{i:02d}",
                shape_x,
                shape_w,
                (sh, sw),
                (ph, pw),
                (oph, opw),
                (dh, dw),
                i % 5 == 0,
            )
        )
    return cases


# ---------------------------------------------------------------- backward passes


def forward_operands(case_id: str, x_shape: Any, w_shape: Any, y_shape: Any) -> Any:
    rng = np.random.default_rng(zlib.crc32(case_id.encode()))
    x, w, b = rand(rng, x_shape), rand(rng, w_shape), rand(rng, (w_shape[3],))
    g = rand(rng, y_shape) if y_shape is not None else None
    return x, w, b, g


def remainder(n: int, k: int, s: int, d: int, before: int, after: int) -> int:
    """Rows a strided conv skips at the end: the transpose's output_padding."""
    return (n + before + after - d * (k - 1) - 1) % s


def tf_backward_case(
    case_id: str,
    x_shape: Any,
    w_shape: Any,
    stride: Any = 1,
    padding: Any = "VALID",
    dilation: Any = 1,
    note: str = "",
) -> dict[str, Any]:
    tf_pad, cm_pad = tf_padding(padding)
    kwargs = {
        "strides": [1, *pair(stride), 1],
        "padding": tf_pad,
        "dilations": [1, *pair(dilation), 1],
    }
    # CPU Conv2DBackpropInput refuses dilation > 1: dilated cases differentiate
    # tf.nn.convolution instead, which goes through space_to_batch.
    conv = {"strides": pair(stride), "padding": tf_pad, "dilations": pair(dilation)}
    if pair(dilation) == [1, 1]:
        forward_name, forward_kwargs, forward = "tf.nn.conv2d", kwargs, tf.nn.conv2d
    else:
        forward_name, forward_kwargs, forward = "tf.nn.convolution", conv, tf.nn.convolution
    case: dict[str, Any] = {
        "id": case_id,
        "op": "conv2d_backward",
        "call": "tape.gradient(y, [x, w, b], output_gradients=g) for y = tf.nn.bias_add("
        + call_text(forward_name, ["x", "w"], forward_kwargs)
        + ", b)",
        "convmap": {"stride": pair(stride), "padding": cm_pad, "dilation": pair(dilation)},
    }
    if note:
        case["note"] = note
    x, w, b, _ = forward_operands(case_id, x_shape, w_shape, None)
    try:
        y_shape = forward(x, w, **forward_kwargs).shape
    except Exception as e:  # noqa: BLE001
        return dict(
            case, x=rounded(x), w=rounded(w), b=rounded(b), outcome="error", error=error_text(e)
        )
    x, w, b, g = forward_operands(case_id, x_shape, w_shape, tuple(y_shape))
    xv, wv, bv = tf.Variable(x), tf.Variable(w), tf.Variable(b)
    with tf.GradientTape() as tape:
        y = tf.nn.bias_add(forward(xv, wv, **forward_kwargs), bv)
    dx, dw, db = tape.gradient(y, [xv, wv, bv], output_gradients=tf.constant(g))
    t_kwargs = {"output_shape": list(x.shape), **kwargs}
    t_call, run = tf_transpose_call(t_kwargs, pair(dilation))
    via_t = run(g, w).numpy()
    return dict(
        case,
        x=rounded(x),
        w=rounded(w),
        b=rounded(b),
        g=rounded(g),
        outcome="ok",
        y=rounded(y.numpy()),
        dx=rounded(dx.numpy()),
        dw=rounded(dw.numpy()),
        db=rounded(db.numpy()),
        transpose_call=t_call.replace("(x, w", "(g, w"),
        transpose_minus_dx=float(np.abs(via_t - dx.numpy()).max()),
    )


def torch_backward_case(
    case_id: str,
    x_shape: Any,
    w_shape: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    f_pad: Any = None,
    note: str = "",
) -> dict[str, Any]:
    """``padding`` is F.conv2d's; ``f_pad`` = (left, right, top, bottom) applied first."""
    kwargs = {"stride": stride, "padding": padding, "dilation": dilation}
    x_arg = "x" if f_pad is None else f"F.pad(x, {f_pad!r})"
    if f_pad is not None:
        left, right, top, bottom = f_pad
        cm_pad: Any = [[top, bottom], [left, right]]
    else:
        cm_pad = padding if isinstance(padding, (int, str)) else list(padding)
    case: dict[str, Any] = {
        "id": case_id,
        "op": "conv2d_backward",
        "call": "y.backward(g) for y = " + call_text("F.conv2d", [x_arg, "w_oihw", "b"], kwargs),
        "convmap": {"stride": pair(stride), "padding": cm_pad, "dilation": pair(dilation)},
    }
    if note:
        case["note"] = note
    x, w, b, _ = forward_operands(case_id, x_shape, w_shape, None)
    xt, wt = nchw(x).requires_grad_(), kernel_t(w).requires_grad_()
    bt = torch.from_numpy(b).requires_grad_()
    try:
        y = F.conv2d(xt if f_pad is None else F.pad(xt, f_pad), wt, bt, **kwargs)
    except Exception as e:  # noqa: BLE001
        return dict(
            case, x=rounded(x), w=rounded(w), b=rounded(b), outcome="error", error=error_text(e)
        )
    _, _, _, g = forward_operands(case_id, x_shape, w_shape, tuple(nhwc(y).shape))
    y.backward(nchw(g))
    dx, dw, db = nhwc(xt.grad), wt.grad.numpy().transpose(2, 3, 1, 0), bt.grad.numpy()
    result = dict(
        case,
        x=rounded(x),
        w=rounded(w),
        b=rounded(b),
        g=rounded(g),
        outcome="ok",
        y=rounded(nhwc(y)),
        dx=rounded(dx),
        dw=rounded(dw),
        db=rounded(db),
    )
    if f_pad is None and isinstance(padding, (int, tuple)):
        p, s, d = pair(padding), pair(stride), pair(dilation)
        op = [remainder(x_shape[1 + a], w_shape[a], s[a], d[a], p[a], p[a]) for a in (0, 1)]
        t_kwargs = {
            "stride": stride,
            "padding": padding,
            "output_padding": tuple(op),
            "dilation": dilation,
        }
        via_t = nhwc(F.conv_transpose2d(nchw(g), kernel_t(w), None, **t_kwargs))
        result["transpose_call"] = call_text("F.conv_transpose2d", ["g_nchw", "w_oihw"], t_kwargs)
        result["transpose_minus_dx"] = float(np.abs(via_t - dx).max())
    return result


def tf_backward_cases() -> list[dict[str, Any]]:
    c = tf_backward_case
    cases = [
        c("tf-back-valid-3x3-s1", (2, 5, 5, 2), (3, 3, 2, 3)),
        c("tf-back-same-3x3-s1", (1, 5, 5, 2), (3, 3, 2, 2), padding="SAME"),
        c(
            "tf-back-same-4x4-s1",
            (1, 6, 6, 3),
            (4, 4, 3, 2),
            padding="SAME",
            note="the Q&A's kernel, pads 1/2",
        ),
        c("tf-back-same-3x3-s2-odd", (1, 7, 7, 2), (3, 3, 2, 2), 2, "SAME"),
        c("tf-back-same-3x3-s2-even", (1, 8, 8, 1), (3, 3, 1, 2), 2, "SAME"),
        c("tf-back-valid-3x3-s2-skip", (1, 8, 8, 1), (3, 3, 1, 2), 2, note="last row skipped"),
        c("tf-back-valid-2x2-s3", (1, 7, 8, 1), (2, 2, 1, 2), 3, note="pixels no neuron sees"),
        c("tf-back-same-5x5-s3", (1, 8, 8, 1), (5, 5, 1, 2), 3, "SAME"),
        c("tf-back-same-2x3-s1x2", (1, 5, 7, 2), (2, 3, 2, 2), (1, 2), "SAME"),
        c("tf-back-valid-4x2-s2x1", (1, 7, 5, 1), (4, 2, 1, 2), (2, 1)),
        c("tf-back-valid-3x3-d2", (1, 7, 7, 1), (3, 3, 1, 2), dilation=2),
        c("tf-back-same-3x3-d2", (1, 6, 6, 1), (3, 3, 1, 2), padding="SAME", dilation=2),
        c("tf-back-same-2x2-d1x2", (1, 5, 6, 1), (2, 2, 1, 1), padding="SAME", dilation=(1, 2)),
        c("tf-back-explicit", (1, 5, 6, 2), (3, 3, 2, 2), 2, ((1, 2), (0, 1))),
        c("tf-back-explicit-d2", (1, 6, 6, 1), (2, 3, 1, 2), 1, ((2, 0), (1, 3)), 2),
        c("tf-back-same-kernel-larger", (1, 3, 3, 1), (5, 5, 1, 1), padding="SAME"),
    ]
    return cases


def torch_backward_cases() -> list[dict[str, Any]]:
    c = torch_backward_case
    return [
        c("torch-back-p0-3x3", (2, 5, 5, 2), (3, 3, 2, 3)),
        c("torch-back-p1-3x3", (1, 5, 5, 2), (3, 3, 2, 2), padding=1),
        c(
            "torch-back-p1-4x4",
            (1, 6, 6, 3),
            (4, 4, 3, 2),
            padding=1,
            note="the Q&A's pad=1: 6 -> 5",
        ),
        c(
            "torch-back-same-4x4",
            (1, 6, 6, 3),
            (4, 4, 3, 2),
            padding="same",
            note="pads 1/2 like TF",
        ),
        c("torch-back-p1-3x3-s2-odd", (1, 7, 7, 2), (3, 3, 2, 2), 2, 1),
        c("torch-back-p1-3x3-s2-even", (1, 8, 8, 1), (3, 3, 1, 2), 2, 1, note="output_padding 1"),
        c("torch-back-p0-2x2-s3", (1, 7, 8, 1), (2, 2, 1, 2), 3),
        c("torch-back-p2-5x5-s3", (1, 8, 8, 1), (5, 5, 1, 2), 3, 2),
        c("torch-back-tuple-s2x1", (1, 7, 5, 1), (4, 2, 1, 2), (2, 1), (1, 0)),
        c("torch-back-d2", (1, 7, 7, 1), (3, 3, 1, 2), dilation=2),
        c("torch-back-d2-s2-p1", (1, 8, 7, 1), (3, 3, 1, 2), 2, 1, 2),
        c("torch-back-same-2x3-d1x2", (1, 5, 6, 1), (2, 3, 1, 1), padding="same", dilation=(1, 2)),
        c("torch-back-fpad-asym", (1, 5, 6, 2), (3, 3, 2, 2), 2, 0, f_pad=(0, 1, 1, 2)),
        c("torch-back-kernel-too-big", (1, 3, 3, 1), (4, 4, 1, 1)),
    ]


# ---------------------------------------------------------------- one-axis size probes


def tf_size_cases() -> list[dict[str, Any]]:
    """Which output lengths tf.nn.conv2d_transpose accepts, on a 1 x m input."""
    cases = []
    settings = itertools.product(range(1, 5), range(1, 5), range(1, 4), (1, 2), ("VALID", "SAME"))
    for m, k, s, d, padding in settings:
        if d > 1 and s > 1:
            continue  # TensorFlow's CPU kernels do not do both
        x, w = np.ones((1, 1, m, 1), np.float32), np.ones((1, k, 1, 1), np.float32)
        accepted, lengths = [], {}
        for n in range(1, m * s + d * (k - 1) + 3):
            try:
                if d == 1:
                    y = tf.nn.conv2d_transpose(x, w, [1, 1, n, 1], [1, 1, s, 1], padding)
                else:
                    y = tf.nn.atrous_conv2d_transpose(x, w, [1, 1, n, 1], d, padding)
            except Exception:  # noqa: BLE001 - a refused length
                continue
            accepted.append(n)
            lengths[n] = [int(v) for v in y.numpy()[0, 0, :, 0]]
        cases.append(
            {
                "id": f"tf-size-{padding.lower()}-m{m}-k{k}-s{s}-d{d}",
                "m": m,
                "k": k,
                "s": s,
                "d": d,
                "padding": padding.lower(),
                "accepted": accepted,
                "coverage": {str(n): v for n, v in lengths.items()},
            }
        )
    return cases


def torch_size_cases() -> list[dict[str, Any]]:
    """F.conv_transpose2d's output length (or refusal) on a 1 x m input."""
    cases = []
    for m, k, s, d, p, op in itertools.product(
        range(1, 5), range(1, 5), range(1, 4), (1, 2), range(3), range(3)
    ):
        x, w = torch.ones(1, 1, 1, m), torch.ones(1, 1, 1, k)
        case: dict[str, Any] = {
            "id": f"torch-size-m{m}-k{k}-s{s}-d{d}-p{p}-op{op}",
            "m": m,
            "k": k,
            "s": s,
            "d": d,
            "p": p,
            "op": op,
        }
        try:
            y = F.conv_transpose2d(x, w, None, (1, s), (0, p), (0, op), 1, (1, d))
        except Exception as e:  # noqa: BLE001
            cases.append(dict(case, outcome="error", error=error_text(e)[:130]))
            continue
        outcome = "empty" if y.shape[3] == 0 else "ok"
        cases.append(
            dict(case, outcome=outcome, out=int(y.shape[3]), coverage=[int(v) for v in y[0, 0, 0]])
        )
    return cases


# ---------------------------------------------------------------- main


def main() -> None:
    tfv, thv = tf.__version__, torch.__version__
    print(f"tensorflow {tfv}, torch {thv}, numpy {np.__version__}, python {sys.version.split()[0]}")
    torch.set_num_threads(1)
    write(
        "tf_conv2d_transpose.json",
        header(
            "tensorflow",
            tfv,
            "conv2d_transpose",
            "tf.nn.conv2d_transpose (and tf.nn.bias_add) cases",
        ),
        tf_tconv_cases(),
    )
    write(
        "torch_conv_transpose2d.json",
        header("pytorch", thv, "conv2d_transpose", "torch.nn.functional.conv_transpose2d cases"),
        torch_tconv_cases(),
    )
    write(
        "tf_conv2d_backward.json",
        header(
            "tensorflow",
            tfv,
            "conv2d_backward",
            "tf.GradientTape gradients of tf.nn.conv2d + tf.nn.bias_add, and "
            "tf.nn.conv2d_transpose(g, w, x.shape) beside dx",
        ),
        tf_backward_cases(),
    )
    write(
        "torch_conv2d_backward.json",
        header(
            "pytorch",
            thv,
            "conv2d_backward",
            "autograd gradients of F.conv2d, and F.conv_transpose2d(g, w) beside dx",
        ),
        torch_backward_cases(),
    )
    write(
        "tf_transpose_sizes.json",
        header(
            "tensorflow",
            tfv,
            "transpose_sizes",
            "one axis, x = ones(1, 1, m, 1), w = ones(1, k, 1, 1): every output length n in "
            "1..m*s+d*(k-1)+2 that tf.nn.conv2d_transpose accepts, and its output (how many "
            "patches cover each position)",
        ),
        tf_size_cases(),
    )
    write(
        "torch_transpose_sizes.json",
        header(
            "pytorch",
            thv,
            "transpose_sizes",
            "one axis, x = ones(1, 1, 1, m), w = ones(1, 1, 1, k): F.conv_transpose2d's output "
            "length and output (how many patches cover each position), or its refusal",
        ),
        torch_size_cases(),
    )


if __name__ == "__main__":
    main()
