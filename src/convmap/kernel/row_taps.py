"""Row taps: a stride-1 convolution as sums of products on the padded input, no im2col.

At stride 1 and width dilation 1, row ``i`` of an output pixel's window is
``kw`` adjacent pixels of one padded row: ``kw * c`` values in a row of the
padded NHWC input. Take the output columns in ``kw`` *phases* (column ``ox``
in phase ``ox % kw``): the window rows of one phase then start ``kw * c``
values apart and never overlap, so for each kernel row ``i`` and phase ``p``
the padded input itself, seen through a strided view, is an im2col matrix
BLAS reads in place. A block of output rows is ``kh * kw`` such products of
``K = kw * c`` terms, summed per kernel row; nothing but the padding is
copied. The padded rows are ``q * kw`` pixels wide (zeros on the right), so
one view's rows step evenly through images, rows and column groups alike.

Each output still sums exactly its window's ``kh * kw * c`` terms (in
another order than plain im2col). The rows and columns that pay for the even
steps (the last ``kh - 1`` padded rows of an image, the columns past the
output's width) are computed from whatever the view meets and never written
out. Input holding NaN or infinity takes the im2col paths instead
(`convmap.kernel.conv2d_nhwc` checks): that cropped work could meet
``inf * 0`` and warn where `convmap.conv2d_loops` does not.

`use_row_taps` says when this is used: kernel rows of at least
``KernelSettings.row_taps_terms`` terms and at most ``row_taps_extra``
percent of cropped work. It is off by default (``row_taps_terms = 0``):
on the 2-core AMX Xeon the benchmark runs on it took longer than conv2d
without it on every layer where it applied (`KernelSettings` gives the
figures). ``use_settings(row_taps_terms=ROW_TAPS_TERMS)`` switches it on
with the rule it had when it was on by default. benchmarks/alternatives.py
times it forced on every stride-1 layer of the benchmark against conv2d.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from convmap.kernel.scratch import SCRATCH
from convmap.kernel.settings import KernelSettings

__all__ = ["ROW_TAPS_TERMS", "row_taps_conv", "use_row_taps"]

#: The shortest kernel row (kernel width times input channels) row taps took when they were
#: on by default: a 3 x 3 kernel on 64 channels.
ROW_TAPS_TERMS = 192


def use_row_taps(
    x_shape, w_shape, pads, out_hw, stride, dilation, itemsize: int, settings: KernelSettings
) -> bool:
    """Whether `row_taps_conv` computes this layer (stride 1, long products, little waste).

    The rules are `KernelSettings`'s ``row_taps_terms``, ``row_taps_bytes`` and
    ``row_taps_extra``; a forced tile or a layer small enough for one product
    (``direct_macs``) keeps the im2col paths.

    Examples:
        >>> same, one = ((1, 1), (1, 1)), (1, 1)
        >>> use_row_taps((2, 56, 56, 64), (3, 3, 64, 64), same, (56, 56), one, one, 4,
        ...              KernelSettings())  # off by default
        False
        >>> s = KernelSettings(row_taps_terms=ROW_TAPS_TERMS)
        >>> use_row_taps((2, 56, 56, 64), (3, 3, 64, 64), same, (56, 56), one, one, 4, s)
        True
        >>> use_row_taps((16, 32, 32, 32), (3, 3, 32, 64), same, (32, 32), one, one, 4, s)
        False
        >>> use_row_taps((8, 16, 16, 128), (3, 3, 128, 128), same, (16, 16), one, one, 4, s)
        False
    """
    n, c = x_shape[0], x_shape[3]
    (kh, kw, _, c_out), (oh, ow) = w_shape, out_hw
    if settings.tile is not None or not settings.row_taps_terms or kh * kw == 1:
        return False
    if tuple(stride) != (1, 1) or dilation[1] != 1 or kw * c < settings.row_taps_terms:
        return False
    if n * oh * ow * kh * kw * c * c_out <= settings.direct_macs:
        return False  # a tiny layer: one copy and one product cost less bookkeeping
    if _buffer_size(x_shape, w_shape, pads, dilation) * itemsize > settings.row_taps_bytes:
        return False
    hp, _, width = _layout(x_shape, w_shape, pads)
    return hp * width * 100 <= oh * ow * (100 + settings.row_taps_extra)  # cropped rows, columns


def _layout(x_shape, w_shape, pads) -> tuple[int, int, int]:
    """(padded rows, column groups ``q``, buffer row width ``q * kw``) of the padded input."""
    (top, bottom), (left, right) = pads
    kw = w_shape[1]
    hp, wp = x_shape[1] + top + bottom, x_shape[2] + left + right
    q = -(-wp // kw)
    return hp, q, q * kw


def _buffer_size(x_shape, w_shape, pads, dilation) -> int:
    """Values of the padded buffer, with a tail for the views' last (cropped) rows."""
    n, c = x_shape[0], x_shape[3]
    kh, kw = w_shape[:2]
    hp, _, width = _layout(x_shape, w_shape, pads)
    return (n * hp + (kh - 1) * dilation[0] + 1) * width * c + kw * c


def row_taps_conv(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dtype: np.dtype,
    pads: tuple[tuple[int, int], tuple[int, int]],
    out_hw: tuple[int, int],
    dilation: tuple[int, int],
    settings: KernelSettings,
) -> np.ndarray:
    """Convolve at stride 1 and width dilation 1 by row taps (see the module's text).

    Args:
        x: Input ``(batch, h, w, in)``, any strides and real dtype.
        w: Weights ``(kh, kw, in, out)`` of ``dtype``.
        b: Bias ``(out,)`` or None.
        dtype: Result dtype (float32 or float64).
        pads: ``((top, bottom), (left, right))``.
        out_hw: Output ``(height, width)``.
        dilation: ``(dh, 1)``.
        settings: ``block_bytes`` sets the rows per block.

    Returns:
        C-contiguous output ``(batch, out_h, out_w, out)`` of ``dtype``.

    Examples:
        >>> x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
        >>> w = np.ones((2, 2, 1, 1), np.float32)
        >>> y = row_taps_conv(x, w, None, np.dtype(np.float32), ((0, 0), (0, 0)), (3, 3),
        ...                   (1, 1), KernelSettings())
        >>> print(y[0, :, :, 0])
        [[10. 14. 18.]
         [26. 30. 34.]
         [42. 46. 50.]]
    """
    n, h, wd, c = x.shape
    kh, kw, _, c_out = w.shape
    hp, q, width = _layout(x.shape, w.shape, pads)
    blocks = _blocks(n * hp, q, kw * c_out, dtype.itemsize, settings.block_bytes)
    block_shape = ((blocks[0][1] - blocks[0][0]) * q, kw * c_out)
    kept = []
    try:
        flat = _scratch(kept, (_buffer_size(x.shape, w.shape, pads, dilation),), dtype, settings)
        flat.fill(0)
        (top, _), (left, _) = pads
        flat[: n * hp * width * c].reshape(n, hp, width, c)[:, top : top + h, left : left + wd] = x
        sums = [_scratch(kept, block_shape, dtype, settings) for _ in range(min(kh, 2))]
        out = np.empty((n, *out_hw, c_out), dtype)
        taps = [w[i].reshape(kw * c, c_out) for i in range(kh)]
        for first, last in blocks:
            rows = (last - first) * q
            wide = _block_products(flat, taps, first, [a[:rows] for a in sums], (q, width, c),
                                   dilation[0])  # fmt: skip
            _crop_into(out, wide.reshape(last - first, width, c_out), first, hp)
    finally:
        for raw in kept:
            SCRATCH.give(raw, settings)
    if b is not None:
        out += b.astype(dtype, copy=False)
    return out


def _scratch(kept: list, shape, dtype, settings: KernelSettings) -> np.ndarray:
    """A scratch array whose buffer goes on ``kept`` (given back by the caller)."""
    array, raw = SCRATCH.take(shape, dtype, settings)
    if raw is not None:
        kept.append(raw)
    return array


def _blocks(rows: int, q: int, row_values: int, itemsize: int, block_bytes: int) -> list:
    """Runs ``(first, last)`` of padded rows whose block of products is about ``block_bytes``."""
    step = max(1, block_bytes // (q * row_values * itemsize))
    return [(first, min(rows, first + step)) for first in range(0, rows, step)]


def _block_products(flat, taps, first: int, sums: list, layout, dh: int) -> np.ndarray:
    """Padded rows from ``first``, every output column group, summed over kernel rows.

    ``sums`` holds one or two ``(rows * q, kw * c_out)`` buffers: the sum, and the
    product of each further kernel row. Returns the sum: row ``(r, g)`` holds the
    outputs of columns ``g * kw .. g * kw + kw - 1`` of padded row ``first + r``
    (phase ``p`` in the ``p``-th ``c_out`` columns).
    """
    q, width, c = layout
    kw = taps[0].shape[0] // c
    wide = sums[0]
    for i, tap in enumerate(taps):
        start = (first + i * dh) * width * c
        _phase_products(flat, tap, wide.shape[0], start, wide if i == 0 else sums[1], kw)
        if i:
            wide += sums[1]
    return wide


def _phase_products(flat, tap, rows: int, start: int, dest: np.ndarray, kw: int) -> None:
    """``dest``'s phase ``p`` columns = (window rows from ``start + p * c``) @ ``tap``."""
    k, c_out = tap.shape
    c, it = k // kw, flat.itemsize
    assert start + (kw - 1) * c + rows * k <= flat.size, "a view would read past the buffer"
    assert dest.flags.c_contiguous  # its flat view is the array itself (no copy)
    for p in range(kw):
        a = as_strided(flat[start + p * c :], (rows, k), (k * it, it), writeable=False)
        o = as_strided(dest.reshape(-1)[p * c_out :], (rows, c_out), (kw * c_out * it, it))
        np.matmul(a, tap, out=o)


def _crop_into(out: np.ndarray, wide: np.ndarray, first: int, hp: int) -> None:
    """Copy the real outputs of padded rows ``first ..`` (``wide``) into ``out``."""
    n, oh, ow, _ = out.shape
    last = first + wide.shape[0]
    for image in range(first // hp, min(n, -(-last // hp))):
        r0, r1 = max(first - image * hp, 0), min(last - image * hp, oh)
        if r1 > r0:
            base = image * hp - first
            out[image, r0:r1] = wide[base + r0 : base + r1, :ow]
