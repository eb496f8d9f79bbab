"""The implementations conv2d is measured against, each a zero-argument callable.

* ``plain``: the im2col any tutorial writes: ``sliding_window_view`` then one
  ``tensordot`` (which copies every window into a matrix);
* ``cs231n``: ``as_strided`` windows, ``reshape`` (copy) and one GEMM;
* ``numpy_ml``: numpy-ml's fancy-index im2col (index arrays built per call,
  gathered with advanced indexing), then one GEMM;
* ``torch``: ``torch.nn.functional.conv2d`` on an NCHW copy made before
  timing (asymmetric SAME padding by ``F.pad`` inside the call), and
  ``max_pool2d`` on a channels_last tensor.

Only public convmap names are used (``padding_amounts`` for the pads).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from convmap import conv2d, max_pool2d, padding_amounts

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the torch column is n/a
    torch = None
    F = None


def pads_of(case) -> tuple[tuple[int, int], tuple[int, int]]:
    """``((top, bottom), (left, right))`` of a convolution case (TensorFlow's rules)."""
    kh, kw = case.w[:2]
    return (
        padding_amounts(case.x[1], kh, case.stride[0], case.padding, case.dilation[0]),
        padding_amounts(case.x[2], kw, case.stride[1], case.padding, case.dilation[1]),
    )


def _padded(x, pads):
    if pads == ((0, 0), (0, 0)):
        return x
    return np.pad(x, ((0, 0), *pads, (0, 0)))


def _out_hw(xp, w, stride, dilation):
    (kh, kw), (sh, sw), (dh, dw) = w.shape[:2], stride, dilation
    return (
        (xp.shape[1] - dh * (kh - 1) - 1) // sh + 1,
        (xp.shape[2] - dw * (kw - 1) - 1) // sw + 1,
    )


def plain(x, w, stride, pads, dilation):
    """sliding_window_view + tensordot."""
    (kh, kw), (sh, sw), (dh, dw) = w.shape[:2], stride, dilation
    xp = _padded(x, pads)
    oh, ow = _out_hw(xp, w, stride, dilation)
    win = sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(1, 2))
    win = win[:, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw, :, ::dh, ::dw]
    return np.tensordot(win, w, axes=([3, 4, 5], [2, 0, 1]))


def cs231n(x, w, stride, pads, dilation):
    """as_strided windows, one reshape (copy), one GEMM."""
    (kh, kw, c_in, c_out), (sh, sw), (dh, dw) = w.shape, stride, dilation
    xp = np.ascontiguousarray(_padded(x, pads))
    oh, ow = _out_hw(xp, w, stride, dilation)
    sn, s_h, s_w, sc = xp.strides
    cols = as_strided(
        xp, (xp.shape[0], oh, ow, kh, kw, c_in), (sn, s_h * sh, s_w * sw, s_h * dh, s_w * dw, sc)
    ).reshape(-1, kh * kw * c_in)
    return (cols @ w.reshape(-1, c_out)).reshape(xp.shape[0], oh, ow, c_out)


def numpy_ml(x, w, stride, pads, dilation):
    """numpy-ml's im2col: index arrays, then one fancy-indexed gather and a GEMM."""
    (kh, kw, c_in, c_out), (sh, sw), (dh, dw) = w.shape, stride, dilation
    xp = _padded(x, pads)
    oh, ow = _out_hw(xp, w, stride, dilation)
    rows = (np.arange(oh) * sh)[:, None] + (np.arange(kh) * dh)[None, :]  # (oh, kh)
    cols = (np.arange(ow) * sw)[:, None] + (np.arange(kw) * dw)[None, :]  # (ow, kw)
    gathered = xp[:, rows[:, None, :, None], cols[None, :, None, :], :]  # (n, oh, ow, kh, kw, c)
    matrix = gathered.reshape(-1, kh * kw * c_in)
    return (matrix @ w.reshape(-1, c_out)).reshape(xp.shape[0], oh, ow, c_out)


def conv_calls(case, x, w) -> dict:
    """Callables of every library for one convolution case (torch None if absent)."""
    pads = pads_of(case)
    args = (case.stride, pads, case.dilation)
    calls = {
        "convmap": lambda: conv2d(
            x, w, stride=case.stride, padding=case.padding, dilation=case.dilation
        ),
        "plain": lambda: plain(x, w, *args),
        "cs231n": lambda: cs231n(x, w, *args),
        "numpy_ml": lambda: numpy_ml(x, w, *args),
        "torch": _torch_conv(x, w, case.stride, pads, case.dilation),
    }
    return calls


def _torch_conv(x, w, stride, pads, dilation):
    if torch is None:
        return None
    (top, bottom), (left, right) = pads
    xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    wt = torch.from_numpy(np.ascontiguousarray(w.transpose(3, 2, 0, 1)))
    symmetric = top == bottom and left == right

    def run():
        with torch.no_grad():
            if symmetric:
                return F.conv2d(xt, wt, stride=stride, padding=(top, left), dilation=dilation)
            return F.conv2d(
                F.pad(xt, (left, right, top, bottom)), wt, stride=stride, dilation=dilation
            )

    return run


def as_nhwc(result) -> np.ndarray:
    """A library's result as an NHWC NumPy array (torch results are NCHW)."""
    if torch is not None and isinstance(result, torch.Tensor):
        return result.numpy().transpose(0, 2, 3, 1)
    return np.asarray(result)


def pool_calls(case, x) -> dict:
    """convmap's max_pool2d and PyTorch's on a channels_last tensor."""
    calls = {"convmap": lambda: max_pool2d(x, case.size, stride=case.stride, padding=case.padding)}
    calls["torch"] = None
    if torch is not None:
        # TensorFlow's SAME here pads only at the end: PyTorch's ceil_mode gives the same windows.
        n = x.shape[1]
        out = -(-n // case.stride)
        total = max((out - 1) * case.stride + case.size - n, 0)
        assert total // 2 == 0, "SAME with padding in front: not expressible with ceil_mode"
        xt = torch.from_numpy(x).permute(0, 3, 1, 2)  # NHWC memory = channels_last
        assert xt.is_contiguous(memory_format=torch.channels_last)

        def run():
            with torch.no_grad():
                return F.max_pool2d(xt, case.size, case.stride, 0, ceil_mode=total > 0)

        calls["torch"] = run
    return calls
