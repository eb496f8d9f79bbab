"""2-D max and average pooling over NHWC input, with TensorFlow's padding rules.

Padded cells never count: a max never picks one, and an average divides by
the number of real cells in its window (TensorFlow's behaviour; PyTorch's
``avg_pool2d`` counts padded zeros unless ``count_include_pad=False``).
The stride defaults to the pool size, as in TensorFlow and PyTorch.

The kernel (`convmap.kernel`) reduces one window tap at a time into the output
and skips padded cells per tap, so the input is never copied and no window
array is ever built.
NaN propagates as in NumPy: a window holding NaN gives NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmap._arrays import as_nhwc
from convmap.geometry import _plain, pool_geometry
from convmap.kernel import avg_pool_nhwc, max_pool_nhwc

__all__ = ["avg_pool2d", "max_pool2d"]

Resolved = tuple[tuple[int, int], tuple[int, int], tuple[tuple[int, int], tuple[int, int]],
                 tuple[int, int]]  # fmt: skip
_CHECKED: dict[tuple, Resolved] = {}  # pool calls whose checks passed
_CHECKED_MAX = 512


def max_pool2d(
    x: Any,
    size: int | tuple[int, int],
    *,
    stride: int | tuple[int, int] | None = None,
    padding: Any = "valid",
) -> np.ndarray:
    """Max pooling; padded cells never win.

    Args:
        x: Input, shape ``(batch, height, width, channels)`` (NHWC).
        size: Pool window, an int or an ``(h, w)`` pair (>= 1).
        stride: An int or an ``(sh, sw)`` pair; defaults to ``size``.
        padding: ``"valid"``, ``"same"`` (TensorFlow's rule), an int, a
            ``(rows, columns)`` pair or ``((top, bottom), (left, right))``.

    Returns:
        Array of shape ``(batch, out_height, out_width, channels)``, same dtype
            as ``x``.

    Raises:
        TypeError: If ``x`` is not real-valued or a setting has the wrong type.
        ValueError: If ``x`` is not 4-D, a setting is out of range, the window
            is larger than the padded input, or a window would hold only padding.

    Examples:
        The Q&A's P1, ``max_pool(ksize 8, strides 8, 'SAME')`` on 64 x 64:

        >>> max_pool2d(np.zeros((1, 64, 64, 8), np.float32), 8, padding="SAME").shape
        (1, 8, 8, 8)
        >>> x = -np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1) - 1
        >>> print(max_pool2d(x, 2, padding="same")[0, :, :, 0])
        [[-1. -3.]
         [-7. -9.]]
    """
    x, resolved = _checked(x, size, stride, padding)
    return max_pool_nhwc(x, *resolved)


def avg_pool2d(
    x: Any,
    size: int | tuple[int, int],
    *,
    stride: int | tuple[int, int] | None = None,
    padding: Any = "valid",
) -> np.ndarray:
    """Average pooling; each window divides by its number of real (unpadded) cells.

    Args:
        x: Input, shape ``(batch, height, width, channels)`` (NHWC).
        size: Pool window, an int or an ``(h, w)`` pair (>= 1).
        stride: An int or an ``(sh, sw)`` pair; defaults to ``size``.
        padding: ``"valid"``, ``"same"`` (TensorFlow's rule), an int, a
            ``(rows, columns)`` pair or ``((top, bottom), (left, right))``.

    Returns:
        Array of shape ``(batch, out_height, out_width, channels)``; float32 for
            float32 (or smaller) input, float64 for integer or float64 input.

    Raises:
        TypeError: If ``x`` is not real-valued or a setting has the wrong type.
        ValueError: If ``x`` is not 4-D, a setting is out of range, the window
            is larger than the padded input, or a window would hold only padding.

    Examples:
        >>> x = np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1)
        >>> print(avg_pool2d(x, 2, padding="same")[0, :, :, 0])
        [[3.  4.5]
         [7.5 9. ]]
    """
    x, resolved = _checked(x, size, stride, padding)
    return avg_pool_nhwc(x, *resolved)


def _checked(x: Any, size: Any, stride: Any, padding: Any) -> tuple[np.ndarray, Resolved]:
    """``x`` checked, and the pool's ``(size, stride, pads, output)``.

    The checks read only ``x``'s shape and dtype: for a NumPy array (not a subclass) and
    settings of plain ints and strings (see `convmap.geometry`), a call like one that
    passed is answered from memory, about 3 us of the Q&A's 25 us second pool.
    """
    settings = (size, int(stride is None), 0 if stride is None else stride, padding)
    key = (x.shape, x.dtype, settings) if type(x) is np.ndarray and _plain(settings) else None
    known = None if key is None else _CHECKED.get(key)
    if known is not None:
        return x, known
    x = as_nhwc("x", x)
    g = pool_geometry(x.shape[1:3], size, stride, padding)
    resolved = (g.kernel, g.stride, g.padding, g.output)
    if key is not None:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = resolved
    return x, resolved
