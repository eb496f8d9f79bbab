"""2-D max and average pooling over NHWC input, with TensorFlow's padding rules.

Padded cells never count: a max never picks one, and an average divides by
the number of real cells in its window (TensorFlow's behaviour; PyTorch's
``avg_pool2d`` counts padded zeros unless ``count_include_pad=False``).
The stride defaults to the pool size, as in TensorFlow and PyTorch.

Each function copies the input at most once (to pad it) and then reduces one
window tap at a time into the output, so no window array is ever built.
NaN propagates as in NumPy: a window holding NaN gives NaN.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmap._arrays import as_nhwc
from convmap._checks import as_pair
from convmap.geometry import LayerGeometry, _layer_geometry
from convmap.kernel import avg_pool_nhwc, max_pool_nhwc

__all__ = ["avg_pool2d", "max_pool2d"]


def _pool_geometry(x: np.ndarray, size: Any, stride: Any, padding: Any) -> LayerGeometry:
    size_hw = as_pair("size", size, 1)
    stride_hw = size_hw if stride is None else as_pair("stride", stride, 1)
    g = _layer_geometry(x.shape[1:3], size_hw, stride_hw, padding, 1, "size")
    for axis, name in enumerate(("rows", "columns")):
        k, pads = g.kernel[axis], g.padding[axis]
        if max(pads) >= k:
            raise ValueError(
                f"padding {pads} on the {name} is too large for a pooling window of "
                f"size {k}: a window that holds only padding would have no value "
                f"(TensorFlow refuses it too); use at most {k - 1} zeros per side"
            )
    return g


def _taps(x_pad: np.ndarray, g: LayerGeometry):
    (oh, ow), (sh, sw) = g.output, g.stride
    for i in range(g.kernel[0]):
        for j in range(g.kernel[1]):
            yield x_pad[:, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw]


def _real_cells(g: LayerGeometry, axis: int) -> np.ndarray:
    """Number of unpadded cells in each window along one axis."""
    n, k, s, (before, _) = g.input[axis], g.kernel[axis], g.stride[axis], g.padding[axis]
    starts = np.arange(g.output[axis]) * s - before
    return np.minimum(starts + k, n) - np.maximum(starts, 0)


def _padded(x: np.ndarray, g: LayerGeometry, fill: Any) -> np.ndarray:
    if g.padding == ((0, 0), (0, 0)):
        return x
    return np.pad(x, ((0, 0), *g.padding, (0, 0)), constant_values=fill)


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
    x = as_nhwc("x", x)
    g = _pool_geometry(x, size, stride, padding)
    return max_pool_nhwc(x, g.kernel, g.stride, g.padding, g.output)


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
    x = as_nhwc("x", x)
    g = _pool_geometry(x, size, stride, padding)
    return avg_pool_nhwc(x, g.kernel, g.stride, g.padding, g.output)
