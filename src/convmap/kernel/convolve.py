"""The blocked, banded im2col convolution behind `convmap.conv2d`.

The work is cut three ways:

* **Groups of images.** A small input is padded (or converted) once; a big
  one is padded per group of about ``pad_bytes``, in the thread that
  computes that group, so a big batch is never copied whole.
* **Passes.** The output columns are covered by tiles of ``T`` windows
  (`convmap.kernel.tiles`), plus one pass of single columns for a remainder.
* **Blocks.** Each pass fills a reused buffer of about ``block_bytes`` with
  the im2col rows of a few images, rows or tiles at a time and multiplies
  it straight into the matching slice of the output.

Blocks (or groups) are shared between threads (`convmap.kernel.threads`).

NaN and infinity: plain im2col multiplies exactly the terms of the loops, so
it gives NaN exactly where `convmap.conv2d_loops` does. A band's zeros would
also meet pixels outside a window (``inf * 0`` is NaN), so when the input
holds a non-finite value the kernel uses ``T = 1``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from convmap.kernel.plan import conv_plan
from convmap.kernel.row_taps import row_taps_conv
from convmap.kernel.scratch import SCRATCH
from convmap.kernel.settings import KernelSettings, current_settings
from convmap.kernel.space_to_depth import space_to_depth_operands
from convmap.kernel.threads import WORKERS, worker_count
from convmap.kernel.tiles import banded_weights
from convmap.kernel.views import fill_padded, window_view

__all__ = ["all_finite", "conv2d_nhwc", "direct_conv", "matmul_into"]


@dataclass(frozen=True)
class _Pass:
    """One sweep over the output columns ``col0 .. col0 + n_tiles * tile``.

    ``skip`` leading outputs of each tile are computed but not written: the
    last, overlapping tile of a row whose width the tile does not divide
    (those columns belong to the pass before).
    """

    col0: int
    tile: int
    n_tiles: int
    weights: np.ndarray
    bias: np.ndarray | None
    skip: int = 0


@dataclass(frozen=True)
class _Layer:
    """Everything a worker needs, resolved once per call."""

    x: np.ndarray
    out: np.ndarray
    dtype: np.dtype
    pads: tuple[tuple[int, int], tuple[int, int]]
    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    passes: tuple[_Pass, ...]
    settings: KernelSettings
    split_macs: int  # 0: one product per block


def all_finite(x: np.ndarray, chunk_bytes: int = 1 << 20) -> bool:
    """Whether every value of ``x`` is finite, checked elementwise in chunks.

    Never overflows or warns (no sum), and needs at most ``chunk_bytes / 4``
    bytes of temporaries.

    Examples:
        >>> all_finite(np.full((2, 3), 3e38, np.float32))
        True
        >>> all_finite(np.array([[1.0, np.nan]]))
        False
    """
    if x.dtype.kind != "f" or x.size == 0:
        return True
    if x.nbytes <= chunk_bytes:
        return bool(np.isfinite(x).all())
    per_image = max(1, x[:1].nbytes)
    step = max(1, chunk_bytes // per_image)
    return all(bool(np.isfinite(x[i : i + step]).all()) for i in range(0, x.shape[0], step))


def matmul_into(cols: np.ndarray, weights: np.ndarray, dest: np.ndarray, split_macs: int) -> None:
    """``dest[...] = cols @ weights``, optionally as a stack of small products.

    With ``split_macs > 0`` the rows are cut into products of at most that
    many multiply-adds: NumPy runs a stacked ``matmul`` as one BLAS call per
    matrix, and OpenBLAS runs small products on the calling thread.

    Examples:
        >>> a, b, d = np.ones((5, 3)), np.ones((3, 2)), np.empty((5, 2))
        >>> matmul_into(a, b, d, 6)
        >>> print(d[:, 0])
        [3. 3. 3. 3. 3.]
    """
    m, k = cols.shape
    width = weights.shape[1]
    rows = max(1, split_macs // (k * width)) if split_macs else m
    whole = m // rows * rows
    if rows < m and whole:
        np.matmul(
            cols[:whole].reshape(-1, rows, k), weights, out=dest[:whole].reshape(-1, rows, width)
        )
        if whole < m:
            np.matmul(cols[whole:], weights, out=dest[whole:])
    else:
        np.matmul(cols, weights, out=dest)


def conv2d_nhwc(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dtype: np.dtype,
    pads: tuple[tuple[int, int], tuple[int, int]],
    out_hw: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
    settings: KernelSettings | None = None,
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
        settings: How to split the work (default: `current_settings()`).

    Returns:
        C-contiguous output ``(batch, out_h, out_w, out)`` of ``dtype``.

    Examples:
        >>> x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
        >>> w = np.ones((2, 2, 1, 1), np.float32)
        >>> y = conv2d_nhwc(x, w, None, np.dtype(np.float32), ((0, 0), (0, 0)),
        ...                 (3, 3), (1, 1), (1, 1), KernelSettings(tile=2))
        >>> print(y[0, :, :, 0])
        [[10. 14. 18.]
         [26. 30. 34.]
         [42. 46. 50.]]
    """
    s = current_settings() if settings is None else settings
    plan = conv_plan(x.shape, w.shape, np.dtype(dtype), pads, out_hw, stride, dilation, s)
    if plan.empty:
        return np.empty((x.shape[0], *out_hw, w.shape[3]), dtype)
    w, dtype = w.astype(dtype, copy=False), np.dtype(dtype)
    finite = None  # all_finite(x), asked for only when a path needs it (a pass over x)
    if plan.space_to_depth or plan.row_taps:
        finite = all_finite(x)  # (extra taps or cropped work could meet inf * 0)
    if plan.space_to_depth and finite:
        xp = fill_padded(np.empty(_padded_shape(x, pads), dtype), x, pads)
        xs, ws = space_to_depth_operands(xp, w, stride, out_hw)
        del xp
        return conv2d_nhwc(xs, ws, b, dtype, ((0, 0), (0, 0)), out_hw, (1, 1), (1, 1), s)
    if plan.row_taps and finite:
        return row_taps_conv(x, w, b, dtype, pads, out_hw, dilation, s)
    if plan.direct:
        return direct_conv(x, w, b, dtype, pads, out_hw, stride, dilation, s)
    tile = plan.tile
    if tile > 1 and not (all_finite(x) if finite is None else finite):
        tile = 1  # a band's zeros times inf would give NaN outside the inf's windows
    # Allocated only now: a second live output-sized array before the direct path's own
    # would cost fresh pages (a page fault per 4 KiB) on every call.
    out = np.empty((x.shape[0], *out_hw, w.shape[3]), dtype)
    passes = _passes(w, b, dtype, tile, out_hw[1], stride[1], dilation[1])
    layer = _Layer(
        x, out, dtype, pads, w.shape[:2], stride, dilation, passes, s, plan.split_macs
    )  # fmt: skip
    _run(layer, plan.threads)
    return out


def direct_conv(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dtype: np.dtype,
    pads: tuple[tuple[int, int], tuple[int, int]],
    out_hw: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
    settings: KernelSettings | None = None,
) -> np.ndarray:
    """Plain im2col in one go: pad, one strided view, one copy, one matrix product.

    The path of small layers (``KernelSettings.direct_macs``) and of layers
    with many channels whose whole im2col matrix is small enough
    (``direct_bytes``): no blocks or tiles; the padded copy and the im2col
    matrix come from the scratch pool. Kernel threads share only the copy of
    a matrix of at least ``parallel_copy_bytes``; the one product runs on
    BLAS's own threads, which is what BLAS threads best (a BLAS call after a
    copy on one thread, block after block, keeps waking and parking them),
    except below ``single_blas_macs``, where it is split so that it runs on
    the calling thread.
    Arguments as in `conv2d_nhwc` (``w`` already of ``dtype``).

    Examples:
        >>> x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
        >>> w = np.ones((2, 2, 1, 1), np.float32)
        >>> y = direct_conv(x, w, None, np.dtype(np.float32), ((0, 1), (0, 1)), (2, 2),
        ...                 (2, 2), (1, 1))
        >>> print(y[0, :, :, 0])
        [[10. 18.]
         [42. 50.]]
    """
    s = current_settings() if settings is None else settings
    kh, kw, c_in, c_out = w.shape
    kept = []  # scratch buffers (a small layer's copies are reused: no fresh pages per call)
    try:
        if pads == ((0, 0), (0, 0)) and x.dtype == dtype and x.flags.c_contiguous:
            xp = x
        else:
            xp, raw = SCRATCH.take(_padded_shape(x, pads), dtype, s)
            kept.append(raw)
            fill_padded(xp, x, pads)
        cols, copied = _im2col_matrix(xp, out_hw, (kh, kw), stride, dilation, s, kept)
        k = kh * kw * c_in
        out = np.empty((cols.shape[0], c_out), dtype)
        macs = cols.shape[0] * k * c_out
        split = s.product_macs if copied and macs < s.single_blas_macs else 0
        matmul_into(cols, w.reshape(k, c_out), out, split)
    finally:
        for raw in kept:
            SCRATCH.give(raw, s)
    if b is not None:
        out += b.astype(dtype, copy=False)
    return out.reshape(x.shape[0], *out_hw, c_out)


def _im2col_matrix(xp: np.ndarray, out_hw, kernel, stride, dilation, s: KernelSettings,
                   kept: list) -> tuple[np.ndarray, bool]:  # fmt: skip
    """Plain im2col's matrix of the C-contiguous padded input ``xp``, and whether it is a copy.

    A 1 x 1 kernel at stride 1 reads every pixel once in order: ``xp`` itself, reshaped
    (no view to build: a strided view cost about 4 us a call on the 1 x 1 64->64 layer).
    Anything else is copied into a scratch buffer, appended to ``kept`` for the caller
    to give back.
    """
    k = kernel[0] * kernel[1] * xp.shape[3]
    if tuple(kernel) == (1, 1) and tuple(stride) == (1, 1):
        return xp.reshape(-1, k), False
    oh, ow = out_hw
    windows = window_view(xp, 1, 0, ow, oh, kernel, stride, dilation)
    cols, raw = SCRATCH.take((windows.size // k, k), xp.dtype, s)
    kept.append(raw)
    _copy_windows(cols.reshape(windows.shape), windows, s)
    return cols, True


def _copy_windows(dest: np.ndarray, windows: np.ndarray, s: KernelSettings) -> None:
    """``dest[...] = windows``, shared between kernel threads when it is big."""
    threads = worker_count(s) if dest.nbytes >= s.parallel_copy_bytes else 1
    if threads <= 1:
        np.copyto(dest, windows)
        return
    n, oh = windows.shape[:2]
    if n >= 2 * threads:
        step = -(-n // (2 * threads))
        parts = [(slice(i, i + step), slice(0, oh)) for i in range(0, n, step)]
    else:
        step = max(1, -(-oh * n // (2 * threads)))
        parts = [
            (slice(i, i + 1), slice(r, r + step)) for i in range(n) for r in range(0, oh, step)
        ]

    def copy(items) -> None:
        for images, rows in items:
            np.copyto(dest[images, rows], windows[images, rows])

    WORKERS.share(copy, parts, min(threads, len(parts)))


def _padded_shape(x: np.ndarray, pads) -> tuple[int, int, int, int]:
    (top, bottom), (left, right) = pads
    return (x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right, x.shape[3])


def _passes(w, b, dtype, tile: int, ow: int, sw: int, dw: int) -> tuple[_Pass, ...]:
    """The sweeps over the output columns: full tiles, then one last tile ending at ``ow``.

    The last tile overlaps the one before it and writes only its new columns,
    so a width the tile does not divide costs one more wide product per row
    instead of a pass of narrow single-column products.
    """
    kh, kw, c_in, c_out = w.shape
    n_main = ow // tile  # the caller makes tile <= ow, so n_main >= 1
    rest = ow - n_main * tile
    weights = w.reshape(kh * kw * c_in, c_out) if tile == 1 else banded_weights(w, tile, sw, dw)
    bias = None if b is None else b.astype(dtype, copy=False)
    if bias is not None and tile > 1:
        bias = np.tile(bias, tile)
    passes = [_Pass(0, tile, n_main, weights, bias)]
    if rest:
        passes.append(_Pass(ow - tile, tile, 1, weights, bias, skip=tile - rest))
    return tuple(passes)


def _run(layer: _Layer, threads: int) -> None:
    """Pad once and share blocks, or share groups of images that each pad their own."""
    x, s = layer.x, layer.settings
    n = x.shape[0]
    (top, bottom), (left, right) = layer.pads
    hp, wp = x.shape[1] + top + bottom, x.shape[2] + left + right
    image_bytes = hp * wp * x.shape[3] * layer.dtype.itemsize
    as_is = layer.pads == ((0, 0), (0, 0)) and x.dtype == layer.dtype and x.flags.c_contiguous
    if as_is or n * image_bytes <= s.pad_bytes or n == 1:
        xp, raw = (x, None) if as_is else _padded_images(x, layer, slice(0, n))
        try:
            blocks = [(p, blk) for p in layer.passes for blk in _pass_blocks(layer, xp, p, threads)]
            WORKERS.share(lambda items: _work(layer, xp, items), blocks, min(threads, len(blocks)))
        finally:
            SCRATCH.give(raw, s)  # every thread that read xp has finished (share waits)
        return
    step = max(1, s.pad_bytes // image_bytes)
    groups = [slice(i, min(i + step, n)) for i in range(0, n, step)]
    WORKERS.share(lambda items: _work_groups(layer, items), groups, min(threads, len(groups)))


def _padded_images(x: np.ndarray, layer: _Layer, images: slice):
    """A padded copy of some images, from the scratch pool; returns (array, raw buffer)."""
    xp, raw = SCRATCH.take(_padded_shape(x[images], layer.pads), layer.dtype, layer.settings)
    return fill_padded(xp, x[images], layer.pads), raw


def _work_groups(layer: _Layer, groups) -> None:
    """Pad each group of images into this thread's buffer and compute all its blocks."""
    for images in groups:
        xp, raw = _padded_images(layer.x, layer, images)
        try:
            out = layer.out[images]
            sub = dataclasses.replace(layer, out=out)
            blocks = [(p, blk) for p in layer.passes for blk in _pass_blocks(sub, xp, p, 1)]
            _work(sub, xp, blocks)
        finally:
            SCRATCH.give(raw, layer.settings)


def _pass_blocks(layer: _Layer, xp: np.ndarray, p: _Pass, threads: int) -> list:
    """The blocks of one pass over ``xp``, as ``(images, rows, tiles)`` slices."""
    n, oh = xp.shape[0], layer.out.shape[1]
    row_bytes = p.n_tiles * p.weights.shape[0] * p.weights.dtype.itemsize
    block_bytes = layer.settings.block_bytes
    if threads > 1:  # at least 4 blocks per thread, so that the threads finish together
        block_bytes = max(1 << 16, min(block_bytes, n * oh * row_bytes // (4 * threads)))
    return list(_blocks(n, oh, p.n_tiles, row_bytes, block_bytes))


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


def _work(layer: _Layer, xp: np.ndarray, items) -> None:
    """Compute ``(pass, block)`` items with this thread's own buffers."""
    kept: dict = {}
    try:
        for p, block in items:
            _block(layer, xp, p, block, kept)
    finally:
        for _, raw in kept.values():
            SCRATCH.give(raw, layer.settings)


def _buffer(kept: dict, name: str, rows: int, cols: int, layer: _Layer) -> np.ndarray:
    """This thread's buffer ``name`` with at least ``rows x cols`` values (grown as needed)."""
    have = kept.get(name)
    if have is None or have[0].size < rows * cols:
        if have is not None:
            SCRATCH.give(have[1], layer.settings)
        kept[name] = SCRATCH.take((rows * cols,), layer.dtype, layer.settings)
    return kept[name][0][: rows * cols].reshape(rows, cols)


def _block(layer: _Layer, xp: np.ndarray, p: _Pass, block, kept: dict) -> None:
    """Copy one block's im2col rows, multiply them into the output, add the bias."""
    images, rows, tiles = block
    view = window_view(
        xp, p.tile, p.col0, p.n_tiles, layer.out.shape[1], layer.kernel, layer.stride,
        layer.dilation,
    )  # fmt: skip
    part_view = view[images, rows, tiles]
    m = part_view.shape[0] * part_view.shape[1] * part_view.shape[2]
    k, width = p.weights.shape
    if part_view.flags.c_contiguous:  # e.g. a 1 x 1 kernel: the input is the matrix
        cols = part_view.reshape(m, k)
    else:
        cols = _buffer(kept, "cols", m, k, layer)
        np.copyto(cols.reshape(part_view.shape), part_view)
    c0 = p.col0 + tiles.start * p.tile
    part = layer.out[images, rows, c0 + p.skip : c0 + (tiles.stop - tiles.start) * p.tile]
    direct = part.flags.c_contiguous and not p.skip  # the product straight into the output
    dest = part.reshape(m, width) if direct else _buffer(kept, "dest", m, width, layer)
    matmul_into(cols, p.weights, dest, layer.split_macs)
    if p.bias is not None:
        dest += p.bias
    if not direct:
        whole = dest.reshape(*part.shape[:2], -1, part.shape[3])
        np.copyto(part, whole[:, :, p.skip :])
