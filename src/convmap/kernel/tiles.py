"""Tile choice: how many neighbouring output pixels share one im2col row.

In NHWC memory the ``kw`` pixels of one kernel row are contiguous, and so are
the ``T`` overlapping windows of ``T`` neighbouring output pixels: together
they span `tile_span` pixels. One im2col row holds that span for each kernel
row (a few long copies instead of many short ones), and the *banded* weight
matrix of `banded_weights` computes all ``T`` outputs from it. The product
does ``span / kw`` times the useful multiplications but is ``T`` times
wider, which a vector unit runs much faster when there are few filters.
`choose_tile` picks ``T`` with a small cost model (``T = 1`` is plain im2col).
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = [
    "TILE_CHOICES",
    "WIDE_PRODUCT",
    "banded_weights",
    "best_tile",
    "choose_tile",
    "tile_span",
    "weight_matrix_shape",
]

#: Candidate tile widths (output pixels per im2col row).
TILE_CHOICES = (1, 2, 3, 4, 6, 7, 8, 12, 14, 16)

# Cost model, in units of one multiply-add in a wide matrix product; the
# constants were measured on the benchmark machine (see benchmarks/RESULTS.md).
_COST_PER_COPY = 400.0  # one contiguous run copied into the buffer
_COST_PER_VALUE = 30.0  # one value copied
WIDE_PRODUCT = 32  # output columns from which a matrix product runs at full speed


def tile_span(tile: int, kernel: int, stride: int, dilation: int) -> int:
    """Input pixels along a row that ``tile`` neighbouring windows cover together.

    Args:
        tile: Number of neighbouring output pixels (>= 1).
        kernel: Kernel width.
        stride: Stride along the row.
        dilation: Dilation along the row.

    Returns:
        ``(tile - 1) * stride + (kernel - 1) * dilation + 1``.

    Examples:
        Eight neighbouring 4-wide windows at stride 1 cover 11 pixels:

        >>> tile_span(8, 4, 1, 1)
        11
    """
    return (tile - 1) * stride + (kernel - 1) * dilation + 1


def _cost(tile: int, kh: int, kw: int, c_in: int, c_out: int, sw: int, dw: int, ow: int) -> float:
    """Estimated cost per output pixel of one tile width (lower is better)."""
    if tile == 1:
        # Plain im2col: the kw taps of a kernel row are one run when dw == 1.
        runs, values, macs = (kh if dw == 1 else kh * kw), kh * kw * c_in, kh * kw * c_in * c_out
    else:
        span = tile_span(tile, kw, sw, dw)
        runs, values = kh / tile, kh * span * c_in / tile
        macs = kh * span * c_in * c_out
    speed = min(1.0, tile * c_out / WIDE_PRODUCT)
    cost = runs * _COST_PER_COPY + values * _COST_PER_VALUE + macs / speed
    if ow % tile:  # the last tile overlaps the one before: its first outputs are redone
        cost *= (ow // tile + 1) * tile / ow + 0.05
    return cost


def choose_tile(
    kernel: tuple[int, int],
    c_in: int,
    c_out: int,
    stride: tuple[int, int],
    dilation: tuple[int, int],
    out_width: int,
) -> int:
    """Pick how many neighbouring output pixels share one im2col row.

    Few channels favour wide tiles (long copies, a wide matrix product); many
    channels favour ``1`` (plain im2col, no wasted multiplications).

    Args:
        kernel: ``(kh, kw)``.
        c_in: Input channels.
        c_out: Output channels (filters).
        stride: ``(sh, sw)``.
        dilation: ``(dh, dw)``.
        out_width: Output width; the tile is never wider.

    Returns:
        The tile width ``T`` (>= 1).

    Examples:
        The Q&A's first layer (4 x 4 x 3 -> 8) gets 4 windows per row, a layer
        with 256 filters gets plain im2col:

        >>> choose_tile((4, 4), 3, 8, (1, 1), (1, 1), 64)
        4
        >>> choose_tile((3, 3), 128, 256, (1, 1), (1, 1), 32)
        1
    """
    return best_tile(
        tuple(int(k) for k in kernel),
        int(c_in),
        int(c_out),
        tuple(int(s) for s in stride),
        tuple(int(d) for d in dilation),
        int(out_width),
    )


@functools.lru_cache(maxsize=256)
def best_tile(
    kernel: tuple[int, int],
    c_in: int,
    c_out: int,
    stride: tuple[int, int],
    dilation: tuple[int, int],
    out_width: int,
) -> int:
    """`choose_tile` for Python ints and tuples, remembered (no conversions, no checks).

    A small layer would spend microseconds on the cost model every call.

    Examples:
        >>> best_tile((4, 4), 3, 8, (1, 1), (1, 1), 64)
        4
    """
    (kh, kw), (_, sw), (_, dw) = kernel, stride, dilation
    if kh == kw == 1 and stride == (1, 1):
        return 1  # the input itself is the im2col matrix: nothing to copy
    tiles = [t for t in TILE_CHOICES if t <= out_width] or [1]
    return min(tiles, key=lambda t: _cost(t, kh, kw, c_in, c_out, sw, dw, out_width))


@functools.lru_cache(maxsize=256)
def tile_gain(
    kernel: tuple[int, int],
    c_in: int,
    c_out: int,
    stride: tuple[int, int],
    dilation: tuple[int, int],
    out_width: int,
    tile: int,
) -> float:
    """How many times cheaper the cost model finds ``tile`` than plain im2col (``T = 1``).

    Examples:
        The Q&A's first layer gains much from its tile of 4, its second layer little:

        >>> round(tile_gain((4, 4), 3, 8, (1, 1), (1, 1), 64, 4), 2)
        2.69
        >>> round(tile_gain((2, 2), 8, 16, (1, 1), (1, 1), 8, 2), 2)
        1.47
    """
    (kh, kw), (_, sw), (_, dw) = kernel, stride, dilation
    plain = _cost(1, kh, kw, c_in, c_out, sw, dw, out_width)
    return plain / _cost(tile, kh, kw, c_in, c_out, sw, dw, out_width)


def weight_matrix_shape(w_shape, tile: int, stride: int, dilation: int) -> tuple[int, int]:
    """Shape of the weight matrix of ``tile`` windows per im2col row (see `banded_weights`).

    With ``tile`` 1 it is the plain reshape of ``w`` (no band, so no zeros
    between dilated taps).

    Examples:
        >>> weight_matrix_shape((4, 4, 3, 8), 4, 1, 1)  # the Q&A's conv1: 4 windows a row
        (84, 32)
        >>> weight_matrix_shape((3, 3, 32, 32), 1, 1, 2)
        (288, 32)
    """
    kh, kw, c_in, c_out = w_shape
    span = kw if tile == 1 else tile_span(tile, kw, stride, dilation)
    return kh * span * c_in, tile * c_out


def banded_weights(w: np.ndarray, tile: int, stride: int, dilation: int) -> np.ndarray:
    """The weight matrix that turns one im2col row of ``tile`` windows into ``tile`` outputs.

    Args:
        w: Weights ``(kh, kw, in, out)`` (HWIO).
        tile: Windows per row ``T`` (>= 1).
        stride: Stride along the row.
        dilation: Dilation along the row.

    Returns:
        Matrix of shape ``(kh * span * in, T * out)``: row ``(i, p, ci)`` holds,
        for output ``t`` of the tile, the weight ``w[i, j, ci, :]`` of the tap
        ``j`` that reads pixel ``p = t * stride + j * dilation`` of the span,
        and zero where no tap of output ``t`` reads pixel ``p``. With ``T = 1``
        and dilation 1 it is ``w`` reshaped to ``(kh * kw * in, out)``.

    Examples:
        >>> w = np.arange(1, 3, dtype=np.float32).reshape(1, 2, 1, 1)  # taps [1, 2]
        >>> print(banded_weights(w, 3, 1, 1))
        [[1. 0. 0.]
         [2. 1. 0.]
         [0. 2. 1.]
         [0. 0. 2.]]
    """
    kh, kw, c_in, c_out = w.shape
    span = tile_span(tile, kw, stride, dilation)
    band = np.zeros((kh, span, c_in, tile, c_out), w.dtype)
    t, j = np.divmod(np.arange(tile * kw), kw)  # every (output of the tile, tap) pair once
    # Advanced indices on axes 1 and 3 put the pair axis first: (pairs, kh, in, out).
    band[:, t * stride + j * dilation, :, t, :] = w[:, j].transpose(1, 0, 2, 3)
    return band.reshape(kh * span * c_in, tile * c_out)
