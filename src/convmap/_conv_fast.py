"""The fast convolution kernel behind `convmap.conv2d`: blocked, banded im2col.

The textbook way to vectorise a convolution is *im2col*: copy every window
of the padded input into one row of a matrix, then one matrix product with
the weights reshaped to ``(kh * kw * in, out)`` gives every output pixel at
once. Two things make that slow for the small layers of the Q&A (3 input
channels, 8 filters):

* the whole im2col matrix is ``kh * kw`` times the input (849 MB for the
  SIGNS training set), so it never fits in a cache, and
* a matrix product with only 8 output columns keeps the CPU's vector units
  mostly idle.

This module fixes both:

* **Blocks.** It fills a small reused buffer (about `BLOCK_BYTES`) with
  the rows of a few output lines at a time and multiplies it straight into
  the matching slice of the output (``np.matmul(..., out=...)``), so the
  temporaries stay a few megabytes whatever the batch size.
* **Tiles of windows.** In NHWC memory the ``kw`` pixels of one kernel row are
  contiguous, and so are the ``T`` overlapping windows of ``T`` neighbouring
  output pixels: together they span ``(T - 1) * sw + (kw - 1) * dw + 1``
  pixels. One row of the buffer holds that span for each kernel row (a few
  long copies instead of many short ones), and a *banded* weight matrix of
  shape ``(kh * span * in, T * out)`` computes all ``T`` outputs from it. The
  product does ``span / kw`` times the useful multiplications, but it is
  ``T`` times wider, and a wide product runs much faster on a vector unit.
  `choose_tile` picks ``T`` with a small cost model (``T = 1`` is plain
  im2col).

* **Threads.** A big layer's blocks are shared between threads (one per
  CPU, at most `MAX_THREADS`): each takes the next block, copies its
  rows and multiplies them into the output, with NumPy releasing the GIL.
  Each product is a stack of small ones that BLAS runs on the calling
  thread, so BLAS's own threads never wait for each other: on a busy
  machine a waiting thread costs milliseconds, and a thread here that falls
  behind simply takes fewer blocks.

* **Kept scratch buffers.** Small padded inputs and im2col buffers (up to
  `SCRATCH_BYTES` each, at most `SCRATCH_KEEP` of them) are kept for the next
  call: fresh memory costs a page fault per 4 KB page on first touch, which
  took as long as the arithmetic of the Q&A's second layer. The output is
  always a fresh array.

NaN and infinity: plain im2col multiplies exactly the terms of the loops, so
it gives NaN exactly where `convmap.conv2d_loops` does. A band's zeros
would also meet pixels outside a window (``inf * 0`` is NaN), so when the
input's sum is not finite the kernel falls back to ``T = 1``.
"""

from __future__ import annotations

import functools
import math
import os
import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = ["BLOCK_BYTES", "banded_weights", "choose_tile", "conv2d_nhwc", "tile_span"]

#: Target size in bytes of the reused im2col buffer (one block of rows).
BLOCK_BYTES = 1 << 22

#: From this many multiply-adds on, a layer is shared between threads.
SMALL_WORK = 16_000_000

#: At most this many threads work on one convolution.
MAX_THREADS = 8

#: Scratch arrays (padded input, im2col buffers) up to this many bytes are
#: kept for the next call: fresh memory from the operating system costs a
#: page fault on the first touch of every 4 KB page, which made small layers
#: up to twice as slow on the benchmark machine.
SCRATCH_BYTES = 1 << 20

#: At most this many scratch arrays are kept.
SCRATCH_KEEP = 8

_scratch: list[np.ndarray] = []  # free raw (uint8) buffers, reused by _take
_scratch_lock = threading.Lock()

#: Candidate tile widths (output pixels per im2col row).
_TILES = (1, 2, 3, 4, 6, 8, 12, 16)

# Cost model, in units of one multiply-add in a wide matrix product; the
# constants were measured on the benchmark machine (see benchmarks/RESULTS.md).
_COST_PER_COPY = 400.0  # one contiguous run copied into the buffer
_COST_PER_VALUE = 30.0  # one value copied
_WIDE = 32  # output columns from which a matrix product runs at full speed


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
    speed = min(1.0, tile * c_out / _WIDE)
    cost = runs * _COST_PER_COPY + values * _COST_PER_VALUE + macs / speed
    if ow % tile:
        cost *= 1.15  # the last columns need a second pass and a copy
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
    return _best_tile(tuple(kernel), c_in, c_out, tuple(stride), tuple(dilation), out_width)


@functools.lru_cache(maxsize=256)
def _best_tile(kernel, c_in, c_out, stride, dilation, out_width) -> int:
    """`choose_tile`, remembered: a small layer would spend microseconds on it every call."""
    (kh, kw), (_, sw), (_, dw) = kernel, stride, dilation
    if kh == kw == 1 and stride == (1, 1):
        return 1  # the input itself is the im2col matrix: nothing to copy
    tiles = [t for t in _TILES if t <= out_width] or [1]
    return min(tiles, key=lambda t: _cost(t, kh, kw, c_in, c_out, sw, dw, out_width))


def banded_weights(w: np.ndarray, tile: int, stride: int, dilation: int) -> np.ndarray:
    """The weight matrix that turns one im2col row of ``tile`` windows into ``tile`` outputs.

    Args:
        w: Weights ``(kh, kw, in, out)`` (HWIO).
        tile: Windows per row ``T``.
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
    for t in range(tile):
        for j in range(kw):
            band[:, t * stride + j * dilation, :, t, :] = w[:, j]
    return band.reshape(kh * span * c_in, tile * c_out)


def _take(shape: tuple[int, ...], dtype) -> tuple[np.ndarray, np.ndarray | None]:
    """An uninitialised array for this call, and the kept buffer under it (or None).

    Reuses the smallest kept buffer that is large enough; give the buffer
    back with `_give` once the array is no longer used.
    """
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > SCRATCH_BYTES:
        return np.empty(shape, dtype), None
    with _scratch_lock:
        fits = [i for i, raw in enumerate(_scratch) if raw.nbytes >= nbytes]
        raw = _scratch.pop(min(fits, key=lambda i: _scratch[i].nbytes)) if fits else None
    if raw is None:
        raw = np.empty(max(nbytes, 1), np.uint8)
    return raw[:nbytes].view(dtype).reshape(shape), raw


def _give(raw: np.ndarray | None) -> None:
    """Keep a buffer from `_take` for later calls (dropping the smallest if too many)."""
    if raw is None:
        return
    with _scratch_lock:
        _scratch.append(raw)
        if len(_scratch) > SCRATCH_KEEP:
            del _scratch[min(range(len(_scratch)), key=lambda i: _scratch[i].nbytes)]


def _padded(
    x: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]], dtype
) -> tuple[np.ndarray, np.ndarray | None]:
    """``x`` as a C-contiguous array of ``dtype`` with zero borders (one copy at most).

    Returns the array and its kept buffer (see `_take`; None for ``x`` itself).
    """
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return np.ascontiguousarray(x, dtype=dtype), None
    n, h, w, c = x.shape
    xp, raw = _take((n, h + top + bottom, w + left + right, c), dtype)
    xp[:, :top] = 0
    xp[:, top + h :] = 0
    xp[:, top : top + h, :left] = 0
    xp[:, top : top + h, left + w :] = 0
    xp[:, top : top + h, left : left + w] = x
    return xp, raw


def _windows(
    xp: np.ndarray,
    tile: int,
    col0: int,
    n_tiles: int,
    out_rows: int,
    kernel: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> np.ndarray:
    """A strided view whose rows are the im2col rows (no copy).

    Returns the view, shaped ``(batch, out_rows, n_tiles, kh, run)`` or, for
    plain im2col with dilated columns, ``(..., kh, kw, in)``.
    """
    n, _, _, c_in = xp.shape
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    s_n, s_h, s_w, s_c = xp.strides
    if tile == 1 and dw > 1:
        shape = (n, out_rows, n_tiles, kh, kw, c_in)
        strides = (s_n, s_h * sh, s_w * sw, s_h * dh, s_w * dw, s_c)
    else:
        run = tile_span(tile, kw, sw, dw) * c_in
        shape = (n, out_rows, n_tiles, kh, run)
        strides = (s_n, s_h * sh, s_w * sw * tile, s_h * dh, s_c)
    if not xp.flags.c_contiguous:
        view = as_strided(xp[:, :, col0 * sw :], shape, strides, writeable=False)
        return view
    # The same view, made directly (as_strided costs microseconds a small layer notices).
    view = np.ndarray(shape, xp.dtype, buffer=xp, offset=col0 * sw * s_w, strides=strides)
    view.flags.writeable = False
    return view


def conv2d_nhwc(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dtype: np.dtype,
    pads: tuple[tuple[int, int], tuple[int, int]],
    out_hw: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
    tile: int | None = None,
    block_bytes: int | None = None,
) -> np.ndarray:
    """Convolve checked operands with resolved geometry (no argument checks here).

    Args:
        x: Input ``(batch, h, w, in)``, any strides and real dtype.
        w: Weights ``(kh, kw, in, out)``.
        b: Bias ``(out,)`` or None.
        dtype: Result dtype (float32 or float64).
        pads: ``((top, bottom), (left, right))``.
        out_hw: Output ``(height, width)``.
        stride: ``(sh, sw)``.
        dilation: ``(dh, dw)``.
        tile: Windows per im2col row; None lets `choose_tile` decide.
        block_bytes: Target size of the reused im2col buffer; None means
            `BLOCK_BYTES` (read at call time).

    Returns:
        C-contiguous output ``(batch, out_h, out_w, out)`` of ``dtype``.

    Examples:
        >>> x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
        >>> w = np.ones((2, 2, 1, 1), np.float32)
        >>> y = conv2d_nhwc(x, w, None, np.dtype(np.float32), ((0, 0), (0, 0)),
        ...                 (3, 3), (1, 1), (1, 1), tile=2)
        >>> print(y[0, :, :, 0])
        [[10. 14. 18.]
         [26. 30. 34.]
         [42. 46. 50.]]
    """
    n = x.shape[0]
    kh, kw, c_in, c_out = w.shape
    oh, ow = out_hw
    out = np.empty((n, oh, ow, c_out), dtype)
    if out.size == 0:
        return out
    w = w.astype(dtype, copy=False)
    if tile is None:
        tile = choose_tile((kh, kw), c_in, c_out, stride, dilation, ow)
    tile = max(1, min(tile, ow))
    if tile > 1 and x.dtype.kind == "f" and not np.isfinite(np.sum(x, dtype=dtype)):
        tile = 1  # a band's zeros times inf would give NaN outside the inf's windows
    xp, raw = _padded(x, pads, dtype)
    if block_bytes is None:
        block_bytes = BLOCK_BYTES
    n_main = ow // tile
    passes = [(0, tile, n_main)] if n_main else []
    if ow - n_main * tile:
        passes.append((n_main * tile, ow - n_main * tile, 1))
    try:
        for col0, t, n_tiles in passes:
            if t == 1:
                weights = w.reshape(kh * kw * c_in, c_out)
            else:
                weights = banded_weights(w, t, stride[1], dilation[1])
            bias = None if b is None else np.tile(b.astype(dtype, copy=False), t)
            view = _windows(xp, t, col0, n_tiles, oh, (kh, kw), stride, dilation)
            _run_pass(view, weights, bias, out[:, :, col0 : col0 + n_tiles * t], block_bytes)
    finally:
        _give(raw)  # every thread that read xp has finished (_share joins them)
    return out


def _blocks(n: int, oh: int, n_tiles: int, row_bytes: int, block_bytes: int):
    """Split ``(image, output row, tile)`` into blocks of about ``block_bytes``.

    Yields ``(images, rows, tiles)`` slices: whole images when one fits, else
    runs of output rows of one image, else runs of tiles of one output row.
    """
    if oh * row_bytes <= block_bytes:
        step = max(1, block_bytes // (oh * row_bytes))
        for i in range(0, n, step):
            yield slice(i, min(i + step, n)), slice(0, oh), slice(0, n_tiles)
    elif row_bytes <= block_bytes:
        step = max(1, block_bytes // row_bytes)
        for i in range(n):
            for h in range(0, oh, step):
                yield slice(i, i + 1), slice(h, min(h + step, oh)), slice(0, n_tiles)
    else:
        step = max(1, block_bytes * n_tiles // row_bytes)
        for i in range(n):
            for h in range(oh):
                for t in range(0, n_tiles, step):
                    yield slice(i, i + 1), slice(h, h + 1), slice(t, min(t + step, n_tiles))


def _workers() -> int:
    """How many threads may work on one convolution (the CPUs this process may use)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_THREADS))


def _run_pass(
    view: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray | None,
    target: np.ndarray,
    block_bytes: int,
) -> None:
    """Fill ``target`` ``(batch, out_h, n_tiles * T, out)`` block by block from ``view``.

    Big layers are shared between threads that each take the next block
    (copy its rows, multiply into the output) until none is left; NumPy
    releases the GIL in both steps. The blocks write disjoint output slices.
    """
    n, oh, n_tiles = view.shape[:3]
    k, width = weights.shape
    row_bytes = n_tiles * k * weights.dtype.itemsize
    work = n * oh * n_tiles * k * width
    threads = _workers() if work >= SMALL_WORK else 1
    if threads > 1:  # at least 4 blocks per thread, so that the threads finish together
        block_bytes = max(1 << 16, min(block_bytes, n * oh * row_bytes // (4 * threads)))
    blocks = list(_blocks(n, oh, n_tiles, row_bytes, block_bytes))
    first = blocks[0]
    biggest = (first[0].stop - first[0].start) * (first[1].stop - first[1].start)
    biggest *= first[2].stop - first[2].start
    if threads == 1 or len(blocks) < 2:
        _work(iter(blocks), view, weights, bias, target, biggest)
        return
    queue = iter(blocks)
    lock = threading.Lock()

    def next_blocks():
        while True:
            with lock:
                block = next(queue, None)
            if block is None:
                return
            yield block

    errors: list[BaseException] = []

    def run() -> None:
        try:
            _work(next_blocks(), view, weights, bias, target, biggest)
        except BaseException as error:  # noqa: BLE001 - re-raised in the calling thread
            errors.append(error)

    helpers = [threading.Thread(target=run, daemon=True) for _ in range(threads - 1)]
    for helper in helpers:
        helper.start()
    run()
    for helper in helpers:
        helper.join()
    if errors:
        raise errors[0]


def _work(blocks, view, weights, bias, target, biggest: int) -> None:
    """Compute the given blocks, with this thread's own buffers."""
    kept: list = []
    try:
        _work_blocks(blocks, view, weights, bias, target, biggest, kept)
    finally:
        for raw in kept:
            _give(raw)


def _work_blocks(blocks, view, weights, bias, target, biggest: int, kept: list) -> None:
    """The body of `_work`; buffers it takes are listed in ``kept``."""
    k, width = weights.shape
    per_tile = width // target.shape[3]
    buf = tmp = None
    for images, rows, tiles in blocks:
        block = view[images, rows, tiles]
        m = block.shape[0] * block.shape[1] * block.shape[2]
        if block.flags.c_contiguous:  # e.g. a 1 x 1 kernel: the input is the matrix
            cols = block.reshape(m, k)
        else:
            if buf is None:
                buf, raw = _take((biggest, k), weights.dtype)
                kept.append(raw)
            cols = buf[:m]
            np.copyto(cols.reshape(block.shape), block)
        part = target[images, rows, tiles.start * per_tile : tiles.stop * per_tile]
        direct = part.flags.c_contiguous  # write the product straight into the output
        if direct:
            dest = part.reshape(m, width)
        else:
            if tmp is None:
                tmp, raw = _take((biggest, width), weights.dtype)
                kept.append(raw)
            dest = tmp[:m]
        _product(cols, weights, dest)
        if bias is not None:
            dest += bias
        if not direct:
            np.copyto(part, dest.reshape(part.shape))


def _product(cols: np.ndarray, weights: np.ndarray, dest: np.ndarray) -> None:
    """``dest[...] = cols @ weights`` as a stack of small products, each on one thread.

    OpenBLAS splits a product over its own threads from about a quarter of a
    million multiply-adds on, and those threads wait for each other: on a busy
    machine one waiting thread can cost milliseconds. NumPy runs a stacked
    ``matmul`` as one BLAS call per matrix, so products of at most 262,144
    multiply-adds each stay on the calling thread (the threads of
    `_run_pass` give the parallelism instead). Small products also skip
    OpenBLAS's packing step and were faster on one thread than one big
    product in our measurements.
    """
    m, k = cols.shape
    width = weights.shape[1]
    rows = max(1, 262_144 // (k * width))
    whole = m // rows * rows
    if rows < m and whole:
        np.matmul(
            cols[:whole].reshape(-1, rows, k),
            weights,
            out=dest[:whole].reshape(-1, rows, width),
        )
        if whole < m:
            np.matmul(cols[whole:], weights, out=dest[whole:])
    else:
        np.matmul(cols, weights, out=dest)
