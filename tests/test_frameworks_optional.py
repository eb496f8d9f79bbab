"""Random cross-checks of convmap against PyTorch and TensorFlow, when installed.

The frameworks are never dependencies of convmap: each test skips when its
framework cannot be imported (as in CI). A developer with the frameworks runs::

    PYTHONPATH=src /tmp/gold/bin/python -m pytest tests/test_frameworks_optional.py -q

Each test draws 200 settings from a seeded generator (shapes up to 2 x 12 x 12
x 3, kernels 1-5, strides 1-3, dilations 1-3, every padding form). Where the
framework refuses a setting or returns an empty tensor, convmap must raise
``ValueError``; everywhere else the outputs must agree.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest

from convmap import avg_pool2d, conv2d, max_pool2d

N_SETTINGS = 200
RTOL, ATOL = 1e-5, 1e-4  # float32 sums of up to 75 products of N(0, 1) values


def _torch() -> Any:
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional)")
    torch.set_num_threads(1)
    return torch


def _tf() -> Any:
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return pytest.importorskip("tensorflow", reason="TensorFlow is not installed (optional)")


def _draw(rng: np.random.Generator, low: int, high: int, size: int = 2) -> tuple[int, ...]:
    return tuple(int(v) for v in rng.integers(low, high + 1, size=size))


def _check(ours: Any, run_framework: Any, setting: str) -> None:
    """Compare convmap with a framework run, or both refusing."""
    try:
        theirs = run_framework()
    except Exception as e:  # noqa: BLE001 - any framework refusal
        with pytest.raises(ValueError):
            ours()
        assert str(e)  # the framework said why
        return
    if theirs.size == 0:
        with pytest.raises(ValueError):
            ours()
        return
    got = ours()
    assert got.shape == theirs.shape, setting
    np.testing.assert_allclose(got, theirs, rtol=RTOL, atol=ATOL, err_msg=setting)


# ---------------------------------------------------------------- PyTorch


def _fresh(torch: Any, a: np.ndarray) -> Any:
    """A tensor with fresh row-major strides, also along size-1 axes.

    Not ``np.ascontiguousarray``: it keeps the permuted view of a 1-channel NHWC
    array, which PyTorch 2.13 then takes for channels-last, and its CPU conv2d
    gives wrong numbers for such an input with a stride > 1 along the width
    (e.g. x (2, 5, 5, 1), w (2, 5, 1, 3), stride (1, 3): errors of ~5).
    """
    return torch.from_numpy(np.array(a, dtype=np.float32, order="C", copy=True))


def _nchw(torch: Any, x: np.ndarray) -> Any:
    return _fresh(torch, x.transpose(0, 3, 1, 2))


def _nhwc(t: Any) -> np.ndarray:
    return t.detach().numpy().transpose(0, 2, 3, 1)


def test_conv2d_vs_torch_random() -> None:
    torch = _torch()
    functional = torch.nn.functional
    rng = np.random.default_rng(2026)
    for i in range(N_SETTINGS):
        n, c_in, c_out = _draw(rng, 1, 2, 1) + _draw(rng, 1, 3)
        h, w = _draw(rng, 1, 12)
        kh, kw = _draw(rng, 1, 5)
        stride, dilation = _draw(rng, 1, 3), _draw(rng, 1, 3)
        x = rng.standard_normal((n, h, w, c_in)).astype(np.float32)
        wt = rng.standard_normal((kh, kw, c_in, c_out)).astype(np.float32)
        b = rng.standard_normal(c_out).astype(np.float32) if i % 2 else None
        form = i % 4
        f_pad = (0, 0, 0, 0)
        if form == 0:  # int or per-axis symmetric padding
            torch_pad: Any = _draw(rng, 0, 2)
            ours_pad: Any = torch_pad
        elif form == 1:
            torch_pad = ours_pad = "valid"
        elif form == 2:  # 'same' (PyTorch: stride 1 only)
            stride = (1, 1)
            torch_pad, ours_pad = "same", "same"
        else:  # asymmetric, through F.pad (left, right, top, bottom)
            f_pad = _draw(rng, 0, 3, 4)
            torch_pad = 0
            ours_pad = ((f_pad[2], f_pad[3]), (f_pad[0], f_pad[1]))
        setting = (
            f"#{i}: x {x.shape} w {wt.shape} bias {b is not None} stride {stride} "
            f"dilation {dilation} torch padding {torch_pad!r} F.pad {f_pad} -> {ours_pad!r}"
        )

        def theirs(x=x, wt=wt, b=b, stride=stride, dilation=dilation, p=torch_pad, fp=f_pad):
            xt = functional.pad(_nchw(torch, x), fp)
            wo = _fresh(torch, wt.transpose(3, 2, 0, 1))
            bt = None if b is None else torch.from_numpy(b)
            return _nhwc(functional.conv2d(xt, wo, bt, stride=stride, padding=p, dilation=dilation))

        def ours(x=x, wt=wt, b=b, stride=stride, dilation=dilation, p=ours_pad):
            return conv2d(x, wt, b, stride=stride, padding=p, dilation=dilation)

        _check(ours, theirs, setting)


@pytest.mark.parametrize("op", ["max_pool2d", "avg_pool2d"])
def test_pool_vs_torch_random(op: str) -> None:
    torch = _torch()
    functional = torch.nn.functional
    rng = np.random.default_rng(2027 if op == "max_pool2d" else 2028)
    pool = {"max_pool2d": max_pool2d, "avg_pool2d": avg_pool2d}[op]
    for i in range(N_SETTINGS):
        n, ch = _draw(rng, 1, 2, 1) + _draw(rng, 1, 3, 1)
        h, w = _draw(rng, 1, 12)
        size, stride = _draw(rng, 1, 5), _draw(rng, 1, 3)
        pad = tuple(int(rng.integers(0, k // 2 + 1)) for k in size)  # PyTorch: pad <= k/2
        x = rng.standard_normal((n, h, w, ch)).astype(np.float32)
        kwargs: dict[str, Any] = {"kernel_size": size, "stride": stride, "padding": pad}
        if op == "avg_pool2d":
            kwargs["count_include_pad"] = False  # TensorFlow's (and convmap's) rule
        setting = f"#{i}: {op} x {x.shape} {kwargs}"

        def theirs(x=x, kwargs=kwargs):
            return _nhwc(getattr(functional, op)(_nchw(torch, x), **kwargs))

        def ours(x=x, size=size, stride=stride, pad=pad):
            return pool(x, size, stride=stride, padding=pad)

        _check(ours, theirs, setting)


# ---------------------------------------------------------------- TensorFlow


def test_conv2d_vs_tensorflow_random() -> None:
    tf = _tf()
    rng = np.random.default_rng(3026)
    for i in range(N_SETTINGS):
        n, c_in, c_out = _draw(rng, 1, 2, 1) + _draw(rng, 1, 3)
        h, w = _draw(rng, 1, 12)
        kh, kw = _draw(rng, 1, 5)
        stride, dilation = _draw(rng, 1, 3), _draw(rng, 1, 3)
        x = rng.standard_normal((n, h, w, c_in)).astype(np.float32)
        wt = rng.standard_normal((kh, kw, c_in, c_out)).astype(np.float32)
        b = rng.standard_normal(c_out).astype(np.float32) if i % 2 else None
        form = i % 3
        if form == 2:
            t, bo, le, r = _draw(rng, 0, 3, 4)
            tf_pad: Any = [[0, 0], [t, bo], [le, r], [0, 0]]
            ours_pad: Any = ((t, bo), (le, r))
        else:
            tf_pad = ("VALID", "SAME")[form]
            ours_pad = tf_pad
        setting = (
            f"#{i}: x {x.shape} w {wt.shape} bias {b is not None} stride {stride} "
            f"dilation {dilation} padding {tf_pad!r}"
        )

        def theirs(x=x, wt=wt, b=b, stride=stride, dilation=dilation, p=tf_pad):
            y = tf.nn.conv2d(x, wt, strides=[1, *stride, 1], padding=p, dilations=[1, *dilation, 1])
            return (y if b is None else tf.nn.bias_add(y, b)).numpy()

        def ours(x=x, wt=wt, b=b, stride=stride, dilation=dilation, p=ours_pad):
            return conv2d(x, wt, b, stride=stride, padding=p, dilation=dilation)

        _check(ours, theirs, setting)


@pytest.mark.parametrize("op", ["max_pool2d", "avg_pool2d"])
def test_pool_vs_tensorflow_random(op: str) -> None:
    tf = _tf()
    rng = np.random.default_rng(3027 if op == "max_pool2d" else 3028)
    pool = {"max_pool2d": max_pool2d, "avg_pool2d": avg_pool2d}[op]
    for i in range(N_SETTINGS):
        n, ch = _draw(rng, 1, 2, 1) + _draw(rng, 1, 3, 1)
        h, w = _draw(rng, 1, 12)
        size, stride = _draw(rng, 1, 5), _draw(rng, 1, 3)
        x = rng.standard_normal((n, h, w, ch)).astype(np.float32)
        if op == "max_pool2d" and i % 3 == 2:  # explicit padding, max pool only
            t, bo, le, r = _draw(rng, 0, 3, 4)
            tf_pad: Any = [[0, 0], [t, bo], [le, r], [0, 0]]
            ours_pad: Any = ((t, bo), (le, r))
        else:
            tf_pad = ours_pad = ("VALID", "SAME")[i % 2]
        setting = f"#{i}: {op} x {x.shape} size {size} stride {stride} padding {tf_pad!r}"

        def theirs(x=x, size=size, stride=stride, p=tf_pad):
            return getattr(tf.nn, op)(x, ksize=size, strides=stride, padding=p).numpy()

        def ours(x=x, size=size, stride=stride, p=ours_pad):
            return pool(x, size, stride=stride, padding=p)

        _check(ours, theirs, setting)
