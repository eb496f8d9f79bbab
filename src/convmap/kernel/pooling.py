"""Max and average pooling over NHWC input, one axis at a time, without padding copies.

A pooling window is the product of a row window and a column window, and
max and sum are associative, so a ``kh x kw`` pool is a ``kh x 1`` pool
followed by a ``1 x kw`` pool: ``kh + kw`` passes over the data instead of
``kh * kw``. Padded cells never count (TensorFlow's rule), so no padded
copy is made at all: each kernel tap only touches the outputs whose window
holds a real cell for that tap. The input is never copied; the only
temporary is the result of the row pass. Windows that tile the input exactly
(window = stride, no padding, as in the Q&A's pools) take the same two passes
on flat views, each tap a 2-D slice: on 8 x 8 x 16 images, about 0.1 ms
became about 0.065 ms per batch of 64 (benchmarks/bench_conv.py, pool "P2").
A big batch is shared between the kernel's threads (`convmap.kernel.threads`),
a run of images each.
"""

from __future__ import annotations

import numpy as np

from convmap.kernel.pool_columns import shifted_columns, shifting_pays
from convmap.kernel.settings import KernelSettings, current_settings
from convmap.kernel.threads import WORKERS, worker_count

__all__ = ["avg_pool_nhwc", "max_pool_nhwc", "real_cells"]


def _tap_ranges(size: int, kernel: int, stride: int, before: int, out: int):
    """For each tap ``j``: (first output, last output + 1, first input) where it is real.

    Output ``o``'s tap ``j`` reads input ``o * stride - before + j``.
    """
    for j in range(kernel):
        first = max(0, -((j - before) // stride))  # ceil((before - j) / stride)
        last = min(out, (size - 1 + before - j) // stride + 1)
        if first < last:
            yield first, last, first * stride - before + j


def _reduce_axis(x: np.ndarray, axis: int, geometry: tuple[int, int, int, int], ufunc, fill,
                 dtype, dest: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """Pool ``x`` along one axis (1 = rows, 2 = columns) into ``dest`` or a new ``dtype`` array.

    ``geometry`` is ``(kernel, stride, before, out)``; taps are combined with
    ``ufunc``. The first two taps that reach every output make the result
    (no fill pass); ``fill`` is used only when no tap reaches every output.
    """
    kernel, stride, before, out = geometry

    def along(array: np.ndarray, part: slice) -> np.ndarray:
        index = [slice(None)] * 4
        index[axis] = part
        return array[tuple(index)]

    def tap(first: int, last: int, start: int):
        return along(x, slice(start, start + stride * (last - first - 1) + 1, stride))

    taps = list(_tap_ranges(x.shape[axis], kernel, stride, before, out))
    full = [t for t in taps if t[:2] == (0, out)]
    rest = [t for t in taps if t[:2] != (0, out)]
    if len(full) >= 2 and np.dtype(dtype) == x.dtype:  # (a dtype= argument is slow)
        result = ufunc(tap(*full[0]), tap(*full[1]), out=dest)
        rest = full[2:] + rest
    elif full and np.dtype(dtype) == x.dtype:
        result = tap(*full[0]).copy() if dest is None else _filled(dest, tap(*full[0]))
        rest = full[1:] + rest
    else:
        shape = list(x.shape)
        shape[axis] = out
        result = np.full(shape, fill, dtype) if dest is None else _filled(dest, fill)
        rest = taps
    for first, last, start in rest:
        target = along(result, slice(first, last))
        ufunc(target, tap(first, last, start), out=target)
    return result


def _filled(dest: np.ndarray, value) -> np.ndarray:
    dest[...] = value
    return dest


def _reduce_rows_then_columns(x: np.ndarray, size, stride, pads, out_hw, ufunc, fill,
                              dtype) -> np.ndarray:  # fmt: skip
    """A ``kh x kw`` pool as a ``kh x 1`` pass then a ``1 x kw`` pass (see `_reduce_axis`).

    A big batch is shared between the kernel's threads, a run of images each
    (``KernelSettings.parallel_pool_bytes``); NumPy's ufuncs release the GIL.
    """
    s, n = current_settings(), x.shape[0]
    if x.nbytes < s.parallel_pool_bytes or n < 2:
        return _pool_images(x, size, stride, pads, out_hw, ufunc, fill, dtype, s)
    out = np.empty((n, *out_hw, x.shape[3]), dtype)
    # Runs of images small enough to keep a run's row pass in cache, big enough that each of
    # the kh + kw ufunc calls of a run handles about pool_call_bytes (calls cost microseconds).
    (kh, kw), image = size, max(1, x[:1].nbytes)
    step = max(1, min(-(-s.pool_call_bytes * (kh + kw) // image), -(-n // worker_count(s))))
    parts = [slice(i, i + step) for i in range(0, n, step)]

    def work(items) -> None:
        for images in items:
            _pool_images(x[images], size, stride, pads, out_hw, ufunc, fill, dtype, s, out[images])

    WORKERS.share(work, parts, min(worker_count(s), len(parts)))
    return out


def _pool_images(x: np.ndarray, size, stride, pads, out_hw, ufunc, fill, dtype, s: KernelSettings,
                 dest: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """The two passes of `_reduce_rows_then_columns` on one run of images (into ``dest``)."""
    (kh, kw), (sh, sw), ((top, _), (left, _)), (oh, ow) = size, stride, pads, out_hw
    if _exact_tiling(x, size, stride, pads, out_hw, dtype, dest):
        return _pool_tiles(x, size, ufunc, s, dest)
    rows = _reduce_axis(x, 1, (kh, sh, top, oh), ufunc, fill, dtype)
    return _columns(rows, (kw, sw, left, ow), ufunc, fill, s, dest)


def _columns(rows: np.ndarray, geometry, ufunc, fill, s: KernelSettings,
             dest: np.ndarray | None) -> np.ndarray:  # fmt: skip
    """The column pass: shifted whole-row operations when they pay, else tap by tap."""
    contiguous = rows.flags.c_contiguous and (dest is None or dest.flags.c_contiguous)
    if contiguous and shifting_pays(geometry[0], geometry[1], rows.shape[3], ufunc, s):
        return shifted_columns(rows, geometry, ufunc, dest, s.pool_call_bytes)
    return _reduce_axis(rows, 2, geometry, ufunc, fill, rows.dtype, dest)


def _exact_tiling(x: np.ndarray, size, stride, pads, out_hw, dtype, dest) -> bool:
    """Whether the windows tile ``x`` exactly (window = stride, no padding, none left over)."""
    (kh, kw), (oh, ow) = size, out_hw
    return (
        tuple(size) == tuple(stride)
        and kh > 1
        and kw > 1
        and pads == ((0, 0), (0, 0))
        and x.shape[1:3] == (oh * kh, ow * kw)
        and np.dtype(dtype) == x.dtype
        and x.flags.c_contiguous
        and (dest is None or dest.flags.c_contiguous)
    )


def _pool_tiles(x: np.ndarray, size, ufunc, s: KernelSettings,
                dest: np.ndarray | None) -> np.ndarray:  # fmt: skip
    """An exactly tiling pool on flat views: each tap is one 2-D slice (fewer iterator steps).

    Rows: ``x`` as (image rows of windows, kh, w * c), tap ``j`` the ``j``-th row of each
    window. Columns: that result as (windows, kw, c), tap ``j`` a window's ``j``-th column,
    or shifted whole rows when that pays (`convmap.kernel.pool_columns`).
    """
    (kh, kw), (n, h, w, c) = size, x.shape
    groups = x.reshape(n * (h // kh), kh, w * c)
    rows = ufunc(groups[:, 0], groups[:, 1])
    for j in range(2, kh):
        ufunc(rows, groups[:, j], out=rows)
    if shifting_pays(kw, kw, c, ufunc, s):  # (rows is new, dest contiguous: _exact_tiling)
        rows = rows.reshape(n, h // kh, w, c)
        return shifted_columns(rows, (kw, kw, 0, w // kw), ufunc, dest, s.pool_call_bytes)
    cells = rows.reshape(-1, kw, c)
    flat = None if dest is None else dest.reshape(-1, c)
    out = ufunc(cells[:, 0], cells[:, 1], out=flat)
    for j in range(2, kw):
        ufunc(out, cells[:, j], out=out)
    return out.reshape(n, h // kh, w // kw, c) if dest is None else dest


def max_pool_nhwc(
    x: np.ndarray,
    size: tuple[int, int],
    stride: tuple[int, int],
    pads: tuple[tuple[int, int], tuple[int, int]],
    out_hw: tuple[int, int],
) -> np.ndarray:
    """Max pooling with resolved geometry; padded cells never win.

    Every window must hold at least one real cell (the caller checks).

    Args:
        x: Input ``(n, h, w, c)``, real dtype.
        size: Window ``(kh, kw)``.
        stride: ``(sh, sw)``.
        pads: ``((top, bottom), (left, right))``.
        out_hw: Output ``(oh, ow)``.

    Returns:
        ``(n, oh, ow, c)`` of ``x``'s dtype.

    Examples:
        >>> x = -np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1) - 1
        >>> print(max_pool_nhwc(x, (2, 2), (2, 2), ((0, 1), (0, 1)), (2, 2))[0, :, :, 0])
        [[-1. -3.]
         [-7. -9.]]
    """
    fill = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    return _reduce_rows_then_columns(x, size, stride, pads, out_hw, np.maximum, fill, x.dtype)


def real_cells(size: int, kernel: int, stride: int, before: int, out: int) -> np.ndarray:
    """Number of unpadded cells in each window along one axis.

    Examples:
        >>> print(real_cells(3, 2, 2, 0, 2))
        [2 1]
    """
    starts = np.arange(out) * stride - before
    return np.minimum(starts + kernel, size) - np.maximum(starts, 0)


def avg_pool_nhwc(
    x: np.ndarray,
    size: tuple[int, int],
    stride: tuple[int, int],
    pads: tuple[tuple[int, int], tuple[int, int]],
    out_hw: tuple[int, int],
) -> np.ndarray:
    """Average pooling with resolved geometry; each window divides by its real cells.

    Args:
        x: Input ``(n, h, w, c)``, real dtype.
        size: Window ``(kh, kw)``.
        stride: ``(sh, sw)``.
        pads: ``((top, bottom), (left, right))``.
        out_hw: Output ``(oh, ow)``.

    Returns:
        ``(n, oh, ow, c)``; float32 for float32 (or smaller) input, float64 for
        integer or float64 input.

    Examples:
        >>> x = np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1)
        >>> print(avg_pool_nhwc(x, (2, 2), (2, 2), ((0, 1), (0, 1)), (2, 2))[0, :, :, 0])
        [[3.  4.5]
         [7.5 9. ]]
    """
    dtype = np.result_type(x.dtype, np.float32) if x.dtype.kind == "f" else np.float64
    (kh, kw), (sh, sw), ((top, _), (left, _)), (oh, ow) = size, stride, pads, out_hw
    out = _reduce_rows_then_columns(x, size, stride, pads, out_hw, np.add, 0, dtype)
    counts = np.multiply.outer(
        real_cells(x.shape[1], kh, sh, top, oh), real_cells(x.shape[2], kw, sw, left, ow)
    )
    out /= counts.astype(dtype)[None, :, :, None]
    return out
