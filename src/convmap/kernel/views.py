"""Strided views: padded copies of images and the im2col rows as a view (no copy)."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from convmap.kernel.tiles import tile_span

__all__ = ["fill_padded", "window_view"]

#: Up to this size a padded copy is zeroed whole, then filled: one assignment instead of four
#: border slices (7.1 -> 1.7 us on the Q&A's conv2 at batch 1, 9 x 9 x 8 values).
ZERO_WHOLE_BYTES = 1 << 16


def fill_padded(dest: np.ndarray, x: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]]):
    """Write ``x`` with zero borders into ``dest`` (converting its dtype); returns ``dest``.

    Args:
        dest: ``(n, h + top + bottom, w + left + right, c)``, written in full.
        x: ``(n, h, w, c)``, any strides and real dtype.
        pads: ``((top, bottom), (left, right))``.

    Returns:
        ``dest``.

    Examples:
        >>> out = fill_padded(np.empty((1, 3, 4, 1)), np.ones((1, 1, 2, 1)), ((1, 1), (1, 1)))
        >>> print(out[0, :, :, 0])
        [[0. 0. 0. 0.]
         [0. 1. 1. 0.]
         [0. 0. 0. 0.]]
    """
    (top, _), (left, _) = pads
    _, h, w, _ = x.shape
    if dest.nbytes <= ZERO_WHOLE_BYTES:
        dest.fill(0)
        dest[:, top : top + h, left : left + w] = x
        return dest
    dest[:, :top] = 0
    dest[:, top + h :] = 0
    dest[:, top : top + h, :left] = 0
    dest[:, top : top + h, left + w :] = 0
    dest[:, top : top + h, left : left + w] = x
    return dest


def window_view(
    xp: np.ndarray,
    tile: int,
    col0: int,
    n_tiles: int,
    out_rows: int,
    kernel: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> np.ndarray:
    """A read-only strided view of ``xp`` whose rows are the im2col rows (no copy).

    Args:
        xp: Padded input ``(n, hp, wp, c)``.
        tile: Windows per row ``T``.
        col0: First output column covered.
        n_tiles: Number of tiles along the row.
        out_rows: Output rows.
        kernel: ``(kh, kw)``.
        stride: ``(sh, sw)``.
        dilation: ``(dh, dw)``.

    Returns:
        The view, shaped ``(n, out_rows, n_tiles, kh, run)`` with
        ``run = tile_span(...) * c`` or, for plain im2col with dilated
        columns, ``(n, out_rows, n_tiles, kh, kw, c)``.

    Examples:
        >>> xp = np.arange(6.0).reshape(1, 1, 6, 1)
        >>> v = window_view(xp, 2, 0, 2, 1, (1, 2), (1, 1), (1, 1))
        >>> print(v[0, 0, :, 0])
        [[0. 1. 2.]
         [2. 3. 4.]]
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
        return as_strided(xp[:, :, col0 * sw :], shape, strides, writeable=False)
    # The same view, made directly (as_strided costs microseconds a small layer notices).
    view = np.ndarray(shape, xp.dtype, buffer=xp, offset=col0 * sw * s_w, strides=strides)
    view.flags.writeable = False
    return view
