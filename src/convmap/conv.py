"""2-D convolution (cross-correlation, as in every framework), NHWC x HWIO.

Two versions compute the same numbers:

* `conv2d_loops` reads like the Q&A's ``conv_forward``: loops over
  example, output row, output column and filter, each window taken from
  `convmap.geometry.Axis.window` (what `input_window` returns), so the loops and the site's pictures
  cannot disagree;
* `conv2d` is the fast one, with no Python loop over output positions.

NaN and infinity propagate as in NumPy arithmetic: a NaN pixel makes every
output whose window contains it NaN, and ``inf * 0`` gives NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmap._arrays import conv_operands
from convmap.geometry import LayerGeometry, _plain, layer_geometry
from convmap.kernel import conv2d_nhwc

__all__ = ["conv2d", "conv2d_loops"]

_CHECKED: dict[tuple, tuple[np.dtype, LayerGeometry]] = {}  # calls whose checks passed
_CHECKED_MAX = 512


def _pad(
    x: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]], dtype: np.dtype
) -> np.ndarray:
    (top, bottom), (left, right) = pads
    return np.pad(x.astype(dtype, copy=False), ((0, 0), (top, bottom), (left, right), (0, 0)))


def conv2d_loops(
    x: Any,
    w: Any,
    b: Any = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
) -> np.ndarray:
    """Convolve with plain loops, one neuron at a time (slow, readable).

    The loops are the Q&A's ``conv_forward``: for every example ``i``, output
    row ``h``, output column ``v`` and filter ``c``, take the input patch the
    neuron sees and compute ``np.sum(patch * w[..., c]) + b[c]``.

    Args:
        x: Input, shape ``(batch, height, width, in_channels)`` (NHWC).
        w: Weights, shape ``(kh, kw, in_channels, out_channels)`` (HWIO).
        b: Optional bias, shape ``(out_channels,)`` (or ``(1, 1, 1, out_channels)``
            as in the Q&A's ``conv_forward``).
        stride: An int or an ``(sh, sw)`` pair (>= 1).
        padding: ``"valid"``, ``"same"`` (TensorFlow's rule), ``"full"``, an
            int, a ``(rows, columns)`` pair or ``((top, bottom), (left, right))``.
        dilation: An int or a ``(dh, dw)`` pair (>= 1).

    Returns:
        Output of shape ``(batch, out_height, out_width, out_channels)``; float32
            when every operand is float32, else the promoted floating type.

    Raises:
        TypeError: If an operand or setting has the wrong type.
        ValueError: If a shape or setting is invalid (see `conv2d`).

    Examples:
        The Q&A's call ``conv_forward(x, W, b, pad=1, stride=1)`` gives 63 x 63,
        not the 64 x 64 of SAME:

        >>> x = np.ones((1, 64, 64, 3), np.float32)
        >>> w = np.ones((4, 4, 3, 8), np.float32)
        >>> conv2d_loops(x, w, padding=1).shape
        (1, 63, 63, 8)
        >>> conv2d_loops(x, w, padding="same").shape
        (1, 64, 64, 8)

        A corner neuron under SAME reads 1 zero row and 1 zero column, so it
        sums 3 x 3 x 3 ones:

        >>> float(conv2d_loops(x[:, :8, :8], w, padding="same")[0, 0, 0, 0])
        27.0
    """
    x, w, b, dtype = conv_operands(x, w, b)
    (m, n_h, n_w, _), (f_h, f_w, _, n_c) = x.shape, w.shape
    g = layer_geometry((n_h, n_w), (f_h, f_w), stride, padding, dilation)
    (top, _), (left, _) = g.padding
    x_pad = _pad(x, g.padding, dtype)
    w = w.astype(dtype, copy=False)
    bias = np.zeros(n_c, dtype) if b is None else b.astype(dtype, copy=False)
    z = np.zeros((m, *g.output, n_c), dtype)
    for i in range(m):
        for h in range(g.output[0]):
            rows = g.rows.window(h)
            for v in range(g.output[1]):
                cols = g.cols.window(v)
                patch = x_pad[i][np.ix_([r + top for r in rows], [q + left for q in cols])]
                for c in range(n_c):
                    z[i, h, v, c] = np.sum(patch * w[:, :, :, c]) + bias[c]
    return z


def conv2d(
    x: Any,
    w: Any,
    b: Any = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
) -> np.ndarray:
    """Convolve a batch of NHWC images with HWIO weights, vectorised.

    Same signature and results as `conv2d_loops`, without a Python loop
    over output positions: im2col in cache-sized blocks (every window, or a
    tile of neighbouring windows, becomes one row of a small reused matrix),
    each block multiplied by the weights straight into the output; see
    `convmap.kernel`.

    Args:
        x: Input, shape ``(batch, height, width, in_channels)`` (NHWC).
        w: Weights, shape ``(kh, kw, in_channels, out_channels)`` (HWIO).
        b: Optional bias, shape ``(out_channels,)`` (or ``(1, 1, 1, out_channels)``
            as in the Q&A's ``conv_forward``).
        stride: An int or an ``(sh, sw)`` pair (>= 1).
        padding: ``"valid"``, ``"same"`` (TensorFlow's rule), ``"full"``, an
            int, a ``(rows, columns)`` pair or ``((top, bottom), (left, right))``.
        dilation: An int or a ``(dh, dw)`` pair (>= 1).

    Returns:
        Output of shape ``(batch, out_height, out_width, out_channels)``; float32
            when every operand is float32, else the promoted floating type.

    Raises:
        TypeError: If an operand is not a real-valued array or a setting has the
            wrong type.
        ValueError: If ``x`` or ``w`` is not 4-D, their channels differ, ``b``
            is not ``(out_channels,)``, a setting is out of range, or the
            dilated kernel is larger than the padded input.

    Examples:
        >>> x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
        >>> w = np.ones((2, 2, 1, 1), np.float32)
        >>> print(conv2d(x, w)[0, :, :, 0])
        [[10. 14. 18.]
         [26. 30. 34.]
         [42. 46. 50.]]
        >>> conv2d(x, w, stride=2, padding="same").shape
        (1, 2, 2, 1)
        >>> conv2d(x, np.ones((2, 2, 3, 1)))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: channel mismatch: x has 1 channels (shape (1, 4, 4, 1)) but w expects 3 ...
    """
    key = _call_key(x, w, b, stride, padding, dilation)
    known = None if key is None else _CHECKED.get(key)
    if known is None:
        x, w, b, dtype = conv_operands(x, w, b)
        g = layer_geometry(x.shape[1:3], w.shape[:2], stride, padding, dilation)
        if key is not None:
            if len(_CHECKED) >= _CHECKED_MAX:
                _CHECKED.clear()
            _CHECKED[key] = (dtype, g)
    else:
        dtype, g = known
    return conv2d_nhwc(x, w, b, dtype, g.padding, g.output, g.stride, g.dilation)


def _call_key(x: Any, w: Any, b: Any, stride: Any, padding: Any, dilation: Any) -> tuple | None:
    """What `conv2d`'s checks and geometry depend on, or None when that is not just shapes.

    For NumPy arrays (not subclasses, not lists) with a 1-D or no bias, the checks read
    only shapes and dtypes, and settings made of plain ints and strings (``True`` and
    ``np.int64(1)`` hash like ``1``, so they are never keys) give one geometry: a call
    like one that passed before skips its checks, about 2 us of a small layer's time, and
    more on a large one (after a long product the checks' code runs from cold caches:
    6 us on a 1 x 1 64->64 layer of 8 x 32 x 32). Anything else is checked every time.
    """
    if type(x) is not np.ndarray or type(w) is not np.ndarray:
        return None
    if b is None:
        bias = None
    elif type(b) is np.ndarray and b.ndim == 1:
        bias = (b.shape, b.dtype)
    else:
        return None
    settings = (stride, padding, dilation)
    if not _plain(settings):
        return None
    return (x.shape, x.dtype, w.shape, w.dtype, bias, settings)
