"""Which path `convmap.kernel.conv2d_nhwc` takes, decided from shapes once and remembered.

Every decision the kernel makes before it touches data depends only on the
operands' shapes, the result dtype, the resolved geometry and the settings:
whether space-to-depth or row taps may run, the tile, whether one im2col
matrix and one product beat blocks, how many kernel threads share the
layer. `conv_plan` makes those decisions into a `ConvPlan` and remembers it
for that layer and those settings, so a repeated layer (every call of a
network's forward pass) pays one dictionary lookup instead of the cost
model. On a 1 x 1 64->64 layer of 8 x 32 x 32, `conv2d_nhwc` took 5 us
longer than `direct_conv` (263 against 258 us) while deciding afresh, 2 us
with its plan remembered (40 interleaved rounds).

What depends on the data stays with the caller: space-to-depth, row taps
and tiles wider than one window run only on finite input (see
`convmap.kernel.convolve`). The thread count is read when a plan is made;
settings with another ``threads`` or ``max_threads`` get plans of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from convmap.kernel.row_taps import use_row_taps
from convmap.kernel.settings import KernelSettings
from convmap.kernel.space_to_depth import worth_space_to_depth
from convmap.kernel.threads import worker_count
from convmap.kernel.tiles import best_tile, tile_gain, weight_matrix_shape

__all__ = ["DIRECT_GAIN", "ConvPlan", "conv_plan"]

#: A tile the cost model finds at most this many times cheaper than plain im2col does not
#: pay for the blocked path's bookkeeping when the whole im2col matrix fits (direct_bytes).
DIRECT_GAIN = 1.6

_PLANS: dict[tuple, tuple[KernelSettings, ConvPlan]] = {}
_PLANS_MAX = 512


@dataclass(frozen=True)
class ConvPlan:
    """The path of one layer shape under one `KernelSettings`.

    Attributes:
        empty: The output has no values (nothing to compute).
        space_to_depth: Space-to-depth runs if the input is finite.
        row_taps: Otherwise row taps run if the input is finite.
        direct: Otherwise one im2col matrix and one product (`direct_conv`).
        tile: Otherwise the blocked path with this many windows per im2col row
            (one, if the input holds a non-finite value).
        threads: Kernel threads that share the blocked path's blocks.
        split_macs: The blocked path's products are cut into products of at
            most this many multiply-adds (0: one product per block).
    """

    empty: bool
    space_to_depth: bool
    row_taps: bool
    direct: bool
    tile: int
    threads: int
    split_macs: int


def conv_plan(x_shape, w_shape, dtype, pads, out_hw, stride, dilation,
              settings: KernelSettings) -> ConvPlan:  # fmt: skip
    """The `ConvPlan` of a layer, remembered per layer and settings object.

    Arguments as in `convmap.kernel.conv2d_nhwc`, with the operands' shapes
    for the operands; ``dtype`` is the result's `numpy.dtype`. A plan is kept
    for the settings object it was made with (compared by identity, which
    `use_settings` keeps when nothing changes); at most 512 are kept.

    Examples:
        The Q&A's second layer at batch 1 is small: one im2col matrix, one product.

        >>> import numpy as np
        >>> p = conv_plan((1, 8, 8, 8), (2, 2, 8, 16), np.dtype(np.float32),
        ...               ((0, 1), (0, 1)), (8, 8), (1, 1), (1, 1), KernelSettings())
        >>> p.direct, p.threads
        (True, 1)
        >>> conv_plan((1, 8, 8, 8), (2, 2, 8, 16), np.dtype(np.float32),
        ...           ((0, 1), (0, 1)), (8, 8), (1, 1), (1, 1), KernelSettings(tile=2)).tile
        2
    """
    key = (x_shape, w_shape, dtype, pads, out_hw, stride, dilation, id(settings))
    try:
        found = _PLANS.get(key)
    except TypeError:  # an unhashable argument (a list): decide every time
        return _decide(x_shape, w_shape, dtype, pads, out_hw, stride, dilation, settings)
    if found is not None and found[0] is settings:
        return found[1]
    plan = _decide(x_shape, w_shape, dtype, pads, out_hw, stride, dilation, settings)
    if len(_PLANS) >= _PLANS_MAX:
        _PLANS.clear()
    _PLANS[key] = (settings, plan)  # (the settings kept alive: their id is not reused)
    return plan


def _decide(x_shape, w_shape, dtype, pads, out_hw, stride, dilation, s) -> ConvPlan:
    """`conv_plan`'s decisions, made afresh."""
    n, (kh, kw, c_in, c_out), (oh, ow) = x_shape[0], w_shape, out_hw
    stride, dilation = tuple(stride), tuple(dilation)
    if n * oh * ow * c_out == 0:
        return ConvPlan(True, False, False, False, 1, 1, 0)
    s2d = _use_space_to_depth(x_shape, w_shape, pads, stride, dilation, dtype.itemsize, s)
    taps = use_row_taps(x_shape, w_shape, pads, out_hw, stride, dilation, dtype.itemsize, s)
    tile = min(s.tile or best_tile((kh, kw), c_in, c_out, stride, dilation, ow), ow)
    gain = tile_gain((kh, kw), c_in, c_out, stride, dilation, ow, tile)
    macs = n * oh * ow * kh * kw * c_in * c_out
    weights = weight_matrix_shape(w_shape, tile, stride[1], dilation[1])
    threads = _own_threads(macs, (kh, kw), stride, tile, weights, s)
    # Plain im2col (tile 1) in blocks on the kernel's threads took 1.03 to 1.63x the direct
    # path's time on 7 of 9 layers measured on 2 cores (0.81 and 0.84 on the other two),
    # and swung from round to round; the direct path stayed within 0.98 to 1.01x cs231n's.
    direct_ok = threads == 1 or tile == 1
    direct = direct_ok and _use_direct(n * oh * ow, kh * kw * c_in, c_out, gain, dtype.itemsize, s)
    split = s.product_macs if threads > 1 or macs < s.single_blas_macs else 0
    return ConvPlan(False, s2d, taps, direct, tile, threads, split)


def _own_threads(macs: int, kernel, stride, tile: int, weights, s: KernelSettings) -> int:
    """How many kernel threads share a layer (1: the caller's thread, BLAS's threads or none).

    The kernel's threads take a layer of at least ``parallel_macs`` whose weight matrix
    (``weights``: its rows and columns) is smaller than ``blas_width`` entries and
    ``blas_columns`` columns, each running single-threaded BLAS products on its own
    blocks. A large matrix, or a layer with nothing to copy (a 1 x 1 kernel at stride 1,
    plain im2col), is one product after another on BLAS's threads.
    """
    if s.tile is None and tile == 1 and tuple(kernel) == (1, 1) and tuple(stride) == (1, 1):
        return 1
    rows, columns = weights
    if macs < s.parallel_macs or (s.blas_width and rows * columns >= s.blas_width):
        return 1
    if s.blas_columns and columns >= s.blas_columns:
        return 1
    return worker_count(s)


def _use_direct(rows: int, k: int, c_out: int, gain: float, itemsize: int, s: KernelSettings):
    """Whether one im2col matrix and one product beat blocks (see `direct_conv`).

    ``gain`` is how much cheaper the cost model finds the layer's tile than plain im2col
    (`convmap.kernel.tiles.tile_gain`): a band that gains little does not pay for blocks.
    The caller asks only for a layer on one thread or one the cost model gives plain
    im2col: a threaded band that gains little still won (5x5 16->32 VALID on 28x28, batch
    16: 0.82x cs231n's time with blocks, whose algorithm the direct path is).
    """
    if s.tile is not None:
        return False  # a forced tile asks for the blocked path
    if rows * k * c_out <= s.direct_macs:
        return True
    return gain <= DIRECT_GAIN and rows * k * itemsize <= s.direct_bytes


def _use_space_to_depth(x_shape, w_shape, pads, stride, dilation, itemsize: int,
                        s: KernelSettings) -> bool:  # fmt: skip
    """Whether space-to-depth pays off for these shapes (the caller checks the input is finite).

    Its padded, regrouped input must fit ``space_to_depth_bytes``.
    """
    if s.tile is not None or not worth_space_to_depth(w_shape[:2], x_shape[3], stride, dilation, s):
        return False
    (top, bottom), (left, right) = pads
    rows = x_shape[1] + top + bottom + stride[0]  # at most one cell more per axis
    cols = x_shape[2] + left + right + stride[1]
    return x_shape[0] * rows * cols * x_shape[3] * itemsize <= s.space_to_depth_bytes
