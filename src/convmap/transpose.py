"""Transposed convolution ("deconvolution"), NHWC, weights ``(kh, kw, c_out, c_in)``.

Each input value adds its kernel, scaled by the value, into the output: input
pixel ``(i, j)`` of channel ``c`` adds ``x[n, i, j, c] * w[p, q, :, c]`` at
output pixel ``(i * sh + p * dh - top, j * sw + q * dw - left)`` for every
tap ``(p, q)``. Overlapping patches add up; the padding crops the painted
canvas (see `convmap.transpose_geometry` for every rule).

Weight layout, the same as ``tf.nn.conv2d_transpose``'s ``filters``:
``(kh, kw, c_out, c_in)``, with ``c_in`` = ``x.shape[3]`` *last*. It is also
exactly the HWIO weight ``(kh, kw, c_in', c_out')`` of the forward ``conv2d``
that goes the other way (its ``c_in'`` is our ``c_out``), which is why
``conv2d_transpose(g, w)`` is ``conv2d``'s input gradient with the very same
``w``. PyTorch's ``F.conv_transpose2d`` takes ``(c_in, c_out, kh, kw)``:
``w_torch = w.transpose(3, 2, 0, 1)`` (again the same array as the forward
``F.conv2d``'s ``(c_out', c_in', kh, kw)``), with ``x`` as NCHW.

Padding and output size:

* PyTorch ``padding=p, output_padding=op``: ``padding=p, output_padding=op``
  here; ``out = (n - 1) * s - 2 * p + d * (k - 1) + op + 1``;
* TensorFlow ``padding="VALID"`` or ``"SAME"`` with ``output_shape``:
  the same word and ``output_shape=(height, width)`` (or the 4-entry shape);
  without ``output_shape``, ``"same"`` gives ``n * s`` (like Keras) and
  ``"valid"`` gives ``(n - 1) * s + d * (k - 1) + 1 + output_padding``;
* TensorFlow explicit ``[[0, 0], [t, b], [l, r], [0, 0]]``: ``((t, b), (l, r))``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmap._arrays import as_bias, as_nhwc, result_dtype, same_channels
from convmap._checks import as_output_shape
from convmap.transpose_geometry import TransposeGeometry, transpose_geometry

__all__ = ["conv2d_transpose", "conv2d_transpose_loops"]

W_LAYOUT = "(kernel height, kernel width, out channels, in channels)"


def _operands(
    x: Any, w: Any, b: Any, settings: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.dtype, TransposeGeometry]:
    """Check the operands and resolve the geometry (``settings`` are the keywords)."""
    x = as_nhwc("x", x, "(batch, height, width, in channels) (NHWC)")
    w = as_nhwc("w", w, W_LAYOUT + " as in tf.nn.conv2d_transpose")
    if 0 in w.shape:
        raise ValueError(f"w must have every dimension >= 1, got shape {w.shape}")
    same_channels(x, w, 3, W_LAYOUT)
    b = None if b is None else as_bias(b, w.shape[2])
    shape = settings.pop("output_shape")
    if shape is not None:
        shape = as_output_shape(shape, x.shape[0], w.shape[2])
    geometry = transpose_geometry(x.shape[1:3], w.shape[:2], output_shape=shape, **settings)
    dtype = result_dtype(x, w, b)
    return x.astype(dtype, copy=False), w.astype(dtype, copy=False), b, dtype, geometry


def conv2d_transpose(
    x: Any,
    w: Any,
    b: Any = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    output_padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    output_shape: Any = None,
) -> np.ndarray:
    """Transposed convolution, vectorised: per kernel tap, one matrix product and one add.

    For each tap ``(p, q)``, ``x @ w[p, q].T`` gives what every input value
    paints with that tap, ``(batch, h, w, c_out)``, and it is added into a
    strided slice of the canvas (rows ``p * dh``, ``p * dh + sh``, ...); then
    the padding is cropped off. No Python loop over pixels.

    Args:
        x: Input, ``(batch, height, width, in_channels)`` (NHWC).
        w: Weights, ``(kh, kw, out_channels, in_channels)``, as in
            ``tf.nn.conv2d_transpose`` (PyTorch: ``w.transpose(3, 2, 0, 1)``).
        b: Optional bias, ``(out_channels,)``, added to every output pixel.
        stride: An int or ``(sh, sw)``.
        padding: ``"valid"``, ``"same"``, ``"full"``, an int (PyTorch's
            ``padding``: cropped from each side), ``(rows, columns)`` or
            ``((top, bottom), (left, right))``.
        output_padding: Rows and columns added at the bottom and right (an
            int or a pair); each smaller than the stride or the dilation.
        dilation: An int or ``(dh, dw)``.
        output_shape: TensorFlow's ``output_shape``, ``(height, width)`` or
            ``(batch, height, width, out_channels)``; only lengths TensorFlow
            accepts (`convmap.transpose_geometry.tf_transpose_output_sizes`).

    Returns:
        ``(batch, out_height, out_width, out_channels)``, float32 when every
        operand is float32, else the promoted floating type.

    Raises:
        TypeError: If an operand is not a real array or a setting has the wrong type.
        ValueError: If a shape or setting is invalid: not 4-D, channel
            mismatch, ``output_padding`` too large, an empty output or an
            ``output_shape`` TensorFlow would refuse. NaN and infinity are not
            refused: like ``conv2d`` and the frameworks, an input value's NaN
            reaches exactly the output pixels it paints.

    Examples:
        Two values paint two scaled copies of a 2 x 2 kernel, 1 apart (stride 1):
        where the copies overlap they add.

        >>> x = np.array([1.0, 10.0]).reshape(1, 1, 2, 1)
        >>> w = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1, 1)
        >>> print(conv2d_transpose(x, w)[0, :, :, 0])
        [[ 1. 12. 20.]
         [ 3. 34. 40.]]
        >>> conv2d_transpose(np.ones((1, 4, 4, 3)), np.ones((3, 3, 8, 3)), stride=2,
        ...                  padding=1, output_padding=1).shape
        (1, 8, 8, 8)
        >>> conv2d_transpose(np.ones((1, 4, 4, 3)), np.ones((3, 3, 8, 3)), stride=2,
        ...                  padding="same").shape
        (1, 8, 8, 8)
    """
    settings = dict(stride=stride, padding=padding, output_padding=output_padding)
    settings.update(dilation=dilation, output_shape=output_shape)
    x, w, b, dtype, g = _operands(x, w, b, settings)
    (mh, mw), (kh, kw), (sh, sw), (dh, dw) = g.input, g.kernel, g.stride, g.dilation
    rows, cols = g.axes()
    (top, _), (left, _) = g.padding
    (n_h, n_w), c_out = g.output, w.shape[2]
    canvas_h, canvas_w = max(rows.full, top + n_h), max(cols.full, left + n_w)
    canvas = np.zeros((x.shape[0], canvas_h, canvas_w, c_out), dtype)
    for p in range(kh):
        row_slice = slice(p * dh, p * dh + (mh - 1) * sh + 1, sh)
        for q in range(kw):
            col_slice = slice(q * dw, q * dw + (mw - 1) * sw + 1, sw)
            canvas[:, row_slice, col_slice] += x @ w[p, q].T  # (batch, mh, mw, c_out)
    y = np.ascontiguousarray(canvas[:, top : top + n_h, left : left + n_w])
    if b is not None:
        y += b.astype(dtype)
    return y


def conv2d_transpose_loops(
    x: Any,
    w: Any,
    b: Any = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    output_padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    output_shape: Any = None,
) -> np.ndarray:
    """Transposed convolution as a scatter, one input value at a time (slow, readable).

    Each input value adds its kernel, scaled, into the output: for every
    example, input row ``i``, input column ``j`` and input channel ``c``, the
    patch ``x[n, i, j, c] * w[:, :, :, c]`` is added at the output pixels that
    `TransposeAxis.painted` lists; cropped ones are dropped.

    Same arguments, results and errors as `conv2d_transpose`.

    Examples:
        >>> x = np.array([1.0, 10.0]).reshape(1, 1, 2, 1)
        >>> w = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1, 1)
        >>> print(conv2d_transpose_loops(x, w, stride=2)[0, :, :, 0])
        [[ 1.  2. 10. 20.]
         [ 3.  4. 30. 40.]]
    """
    settings = dict(stride=stride, padding=padding, output_padding=output_padding)
    settings.update(dilation=dilation, output_shape=output_shape)
    x, w, b, dtype, g = _operands(x, w, b, settings)
    rows, cols = g.axes()
    (n_h, n_w), c_out = g.output, w.shape[2]
    y = np.zeros((x.shape[0], n_h, n_w, c_out), dtype)
    for n in range(x.shape[0]):
        for i in range(g.input[0]):
            out_rows = rows.painted(i)
            for j in range(g.input[1]):
                out_cols = cols.painted(j)
                for c in range(x.shape[3]):
                    patch = x[n, i, j, c] * w[:, :, :, c]  # the kernel, scaled
                    for p, r in enumerate(out_rows):
                        for q, col in enumerate(out_cols):
                            if 0 <= r < n_h and 0 <= col < n_w:  # else cropped
                                y[n, r, col] += patch[p, q]
    if b is not None:
        y += b.astype(dtype)
    return y
