"""An im2col layout that wastes no multiplication, tried against conv2d and dropped.

conv2d's banded tiles multiply zeros of the banded weights: a tile of ``T``
outputs spans ``(T - 1) * sw + kw`` input columns and every output multiplies
all of them, where ``kw`` are needed (10 against 3 for ``T = 8`` on a 3 x 3
stride-1 layer). **Row phases** (`row_phases`) do exactly the needed
multiply-adds, one output column per matrix row, and write straight into the
output through strided views. ``m = ceil(kw / sw)`` *phases* of output columns
(column ``ox`` is in phase ``ox % m``) make every matrix row a plain step of
``m * sw`` columns through one buffer, so each phase is one strided GEMM with
no copy of its own. One copy of the input into ``R[n, y, col, i, c]`` = padded
input row ``y * sh + i * dh``, column ``col``, makes an output pixel's whole
window (``kw`` columns of ``kh * c`` values) contiguous, and each phase is a
single GEMM of ``K = kh * kw * c``.

The same phases on the padded input itself, with no copy, at stride 1 (one
product per kernel row and phase, summed) were "tap sums" here; they are now
conv2d's row taps (`convmap.kernel.row_taps`).

Row phases need width dilation 1 (a window's columns must be adjacent) and
raise ``ValueError`` otherwise. `alternatives.py` checks them against conv2d
and times them; the test checks them against conv2d_loops.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided


def _layout(w: np.ndarray, stride, dilation, out_hw) -> tuple[int, int, int]:
    """The phase count ``m``, the column groups ``q`` and the buffer width ``q * m * sw``."""
    sw, ow = stride[1], out_hw[1]
    if dilation[1] != 1:
        raise ValueError(f"dilation must be 1 along the width for this layout, got {dilation}")
    if ow < 1:
        raise ValueError(f"out_hw must be positive, got {out_hw}")
    kw = w.shape[1]
    m = -(-kw // sw)
    q = -(-((ow - 1) * sw + kw) // (m * sw))  # groups of m output columns covering ow
    return m, q, q * m * sw


def _phase_gemms(buf, weights, rows: int, row_step: int, start: int, out, m: int) -> None:
    """``out``'s phase ``p`` columns = (rows of ``buf`` from ``start + p * phase``) @ weights.

    ``out`` is (rows, m * c_out) seen as (rows * m, c_out); row ``r`` of phase ``p``
    begins ``r * row_step + p * row_step // m`` floats into ``buf`` after ``start``.
    """
    k, c_out = weights.shape
    it = buf.itemsize
    flat = out.reshape(-1)
    for p in range(m):
        offset = start + p * (row_step // m)
        a = as_strided(buf[offset:], (rows, k), (row_step * it, it), writeable=False)
        o = as_strided(flat[p * c_out :], (rows, c_out), (m * c_out * it, it))
        np.matmul(a, weights, out=o)


def _row_copy(x: np.ndarray, pads, stride, dilation, kh: int, dest: np.ndarray) -> None:
    """``dest[n, y, pl + col, i, c] = x[n, y * sh + i * dh - pt, col, c]`` where that row exists."""
    (pt, _), (pl, _) = pads
    (sh, _), (dh, _) = stride, dilation
    h, wd = x.shape[1:3]
    oh, width = dest.shape[1:3]
    cols = max(0, min(wd, width - pl))  # a stride can leave the last input columns unused
    for i in range(kh):
        y0 = max(0, -(-(pt - i * dh) // sh))
        y1 = min(oh, (h - 1 + pt - i * dh) // sh + 1)
        if y1 > y0:
            r0 = y0 * sh + i * dh - pt
            dest[:, y0:y1, pl : pl + cols, i] = x[:, r0 : r0 + (y1 - y0 - 1) * sh + 1 : sh, :cols]


def row_phases(x: np.ndarray, w: np.ndarray, pads, stride, dilation, out_hw) -> np.ndarray:
    """A float32 NHWC x HWIO convolution as one copy and ``ceil(kw / sw)`` strided GEMMs.

    Args:
        x: Input ``(n, h, w, c)``, float32.
        w: Weights ``(kh, kw, c, c_out)``, float32.
        pads: ``((top, bottom), (left, right))`` zeros added around ``x``.
        stride: ``(sh, sw)``.
        dilation: ``(dh, 1)``; the width dilation must be 1.
        out_hw: The output's ``(oh, ow)``.

    Returns:
        The output ``(n, oh, ow, c_out)``.
    """
    steps = row_phase_steps(x, w, pads, stride, dilation, out_hw)
    steps["one copy"]()
    steps["GEMMs alone"]()
    return steps["crop"]()


def row_phase_steps(x: np.ndarray, w: np.ndarray, pads, stride, dilation, out_hw) -> dict:
    """`row_phases` as its three steps on buffers made once, to be run (or timed) in order.

    Returns:
        ``{"one copy": ..., "GEMMs alone": ..., "crop": ...}``: callables taking no
        argument; ``crop`` returns the output.
    """
    n, _, _, c = x.shape
    kh, kw, _, c_out = w.shape
    m, q, width = _layout(w, stride, dilation, out_hw)
    size = n * out_hw[0] * width * kh * c
    buf = np.empty(size + kw * kh * c, np.float32)  # the tail: windows of cropped columns
    weights = np.ascontiguousarray(w.transpose(1, 0, 2, 3)).reshape(kw * kh * c, c_out)
    out = np.empty((n, out_hw[0], q * m, c_out), np.float32)
    rows = n * out_hw[0] * q

    def copy() -> None:
        buf.fill(0)
        _row_copy(x, pads, stride, dilation, kh, buf[:size].reshape(n, out_hw[0], width, kh, c))

    def gemms() -> None:
        _phase_gemms(buf, weights, rows, m * stride[1] * kh * c, 0, out.reshape(rows, -1), m)

    return {
        "one copy": copy,
        "GEMMs alone": gemms,
        "crop": lambda: np.ascontiguousarray(out[:, :, : out_hw[1]]),
    }
