"""The backward pass of `convmap.conv2d`: gradients for the input, weights and bias.

For ``y = conv2d(x, w, b)`` and an upstream gradient ``grad_out`` (the
derivative of some loss with respect to ``y``, the shape of ``y``):

* ``dx``: a neuron's gradient flows back to exactly the pixels it saw, each
  weighted by the tap that read it; a pixel's gradient sums over exactly the
  neurons that see it (`convmap.neurons_seeing`). Padded zeros receive
  gradient too, but they are not inputs, so it is dropped;
* ``dw[p, q, c, f]``: the sum, over every example and neuron of filter ``f``,
  of the neuron's gradient times the pixel of channel ``c`` that tap ``(p, q)``
  read;
* ``db[f]``: the sum of filter ``f``'s gradients.

``dx`` is the transposed convolution of ``grad_out`` with the same ``w``
(`convmap.transpose.conv2d_transpose`, ``output_shape=x.shape``); this module
computes it another way, as a stride-1 ``conv2d`` of the stride-spread
gradient with the kernel turned 180 degrees, so the tests can compare the two.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from convmap._arrays import as_nhwc, result_dtype, same_channels
from convmap.conv import conv2d
from convmap.geometry import LayerGeometry, input_window, layer_geometry

__all__ = ["ConvGradients", "conv2d_backward", "conv2d_backward_loops"]


class ConvGradients(NamedTuple):
    """Gradients of a loss with respect to a convolution's operands.

    Attributes:
        dx: Same shape as ``x``.
        dw: Same shape as ``w``.
        db: ``(out_channels,)``.
    """

    dx: np.ndarray
    dw: np.ndarray
    db: np.ndarray


def _operands(
    x: Any, w: Any, grad_out: Any, stride: Any, padding: Any, dilation: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, LayerGeometry]:
    x = as_nhwc("x", x, "(batch, height, width, in channels) (NHWC)")
    w = as_nhwc("w", w, "(kernel height, kernel width, in channels, out channels) (HWIO)")
    if 0 in w.shape:
        raise ValueError(f"w must have every dimension >= 1, got shape {w.shape}")
    same_channels(x, w, 2, "(kh, kw, in channels, out channels)")
    g = np.asarray(grad_out)
    geometry = layer_geometry(x.shape[1:3], w.shape[:2], stride, padding, dilation)
    expected = (x.shape[0], *geometry.output, w.shape[3])
    if g.dtype.kind in "iuf" and g.shape != expected:
        raise ValueError(
            f"grad_out must have the shape of conv2d's output, {expected} (batch, out "
            f"height, out width, out channels), got shape {g.shape}"
        )
    g = as_nhwc("grad_out", g, "(batch, out height, out width, out channels)")
    dtype = result_dtype(x, w, g)
    return x.astype(dtype), w.astype(dtype), g.astype(dtype), geometry


def _input_gradient(g: np.ndarray, w: np.ndarray, geo: LayerGeometry) -> np.ndarray:
    """``dx`` as a stride-1 conv2d of the spread gradient with the turned kernel."""
    (kh, kw), (sh, sw), (dh, dw) = geo.kernel, geo.stride, geo.dilation
    (mh, mw), batch = geo.output, g.shape[0]
    spread = np.zeros((batch, (mh - 1) * sh + 1, (mw - 1) * sw + 1, g.shape[3]), g.dtype)
    spread[:, ::sh, ::sw] = g  # a zero between neighbouring neurons' gradients
    turned = w[::-1, ::-1].transpose(0, 1, 3, 2)  # (kh, kw, out, in): HWIO from grad to x
    pads = ((dh * (kh - 1),) * 2, (dw * (kw - 1),) * 2)
    on_padded = conv2d(spread, turned, padding=pads, dilation=(dh, dw))
    (top, _), (left, _) = geo.padding
    (h, wd) = geo.input
    grown = np.zeros((batch, top + h, left + wd, w.shape[2]), g.dtype)
    rows, cols = min(on_padded.shape[1], top + h), min(on_padded.shape[2], left + wd)
    grown[:, :rows, :cols] = on_padded[:, :rows, :cols]  # skipped rows get no gradient
    return np.ascontiguousarray(grown[:, top:, left:])


def _weight_gradient(x: np.ndarray, g: np.ndarray, geo: LayerGeometry) -> np.ndarray:
    """``dw``: for each tap, the pixels it read (all neurons at once) times the gradients."""
    (kh, kw), (sh, sw), (dh, dw), (mh, mw) = geo.kernel, geo.stride, geo.dilation, geo.output
    padded = np.pad(x, ((0, 0), *geo.padding, (0, 0)))
    dw_ = np.empty((kh, kw, x.shape[3], g.shape[3]), g.dtype)
    for p in range(kh):
        for q in range(kw):
            rows = slice(p * dh, p * dh + (mh - 1) * sh + 1, sh)
            cols = slice(q * dw, q * dw + (mw - 1) * sw + 1, sw)
            read = padded[:, rows, cols]  # what tap (p, q) read, for every neuron
            dw_[p, q] = np.tensordot(read, g, axes=([0, 1, 2], [0, 1, 2]))
    return dw_


def conv2d_backward(
    x: Any,
    w: Any,
    grad_out: Any,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
) -> ConvGradients:
    """Gradients of ``conv2d(x, w, b, ...)`` given the gradient of its output, vectorised.

    Args:
        x: The forward input, ``(batch, height, width, in_channels)`` (NHWC).
        w: The forward weights, ``(kh, kw, in_channels, out_channels)`` (HWIO).
        grad_out: The gradient of the loss with respect to the output, of the
            forward output's shape ``(batch, out_height, out_width, out_channels)``.
        stride: As in `convmap.conv2d`.
        padding: As in `convmap.conv2d`.
        dilation: As in `convmap.conv2d`.

    Returns:
        `ConvGradients` ``(dx, dw, db)``; float32 when every operand is float32.

    Raises:
        TypeError: If an operand is not a real array or a setting has the wrong type.
        ValueError: If a shape or setting is invalid, ``grad_out`` does not have
            the forward output's shape. NaN and infinity are not refused: as in
            ``conv2d`` and the frameworks, a neuron's NaN gradient reaches
            exactly the pixels that neuron saw.

    Examples:
        One 2 x 2 filter of ones on a 3 x 3 image (stride 1, VALID): a gradient
        of 1 on every neuron reaches the centre pixel from all 4 neurons that
        see it, a corner from 1.

        >>> x = np.arange(9.0).reshape(1, 3, 3, 1)
        >>> grads = conv2d_backward(x, np.ones((2, 2, 1, 1)), np.ones((1, 2, 2, 1)))
        >>> print(grads.dx[0, :, :, 0])
        [[1. 2. 1.]
         [2. 4. 2.]
         [1. 2. 1.]]
        >>> print(grads.dw[:, :, 0, 0])
        [[ 8. 12.]
         [20. 24.]]
        >>> print(grads.db)
        [4.]
    """
    x, w, g, geo = _operands(x, w, grad_out, stride, padding, dilation)
    return ConvGradients(_input_gradient(g, w, geo), _weight_gradient(x, g, geo), g.sum((0, 1, 2)))


def conv2d_backward_loops(
    x: Any,
    w: Any,
    grad_out: Any,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
) -> ConvGradients:
    """`conv2d_backward` with plain loops, one neuron at a time (slow, readable).

    For every example, neuron ``(h, v)`` and filter ``f``: the neuron's gradient
    flows to exactly the pixels it saw (`convmap.input_window`), times the tap
    that read each one, and each tap's weight collects the gradient times the
    pixel it read. Taps on padded zeros add nothing. Same arguments, results
    and errors as `conv2d_backward`.

    Examples:
        >>> x = np.arange(9.0).reshape(1, 3, 3, 1)
        >>> grads = conv2d_backward_loops(x, np.ones((2, 2, 1, 1)), np.ones((1, 2, 2, 1)))
        >>> print(grads.dx[0, :, :, 0])
        [[1. 2. 1.]
         [2. 4. 2.]
         [1. 2. 1.]]
    """
    x, w, g, geo = _operands(x, w, grad_out, stride, padding, dilation)
    (h_in, w_in), (kh, kw) = geo.input, geo.kernel
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), np.zeros(w.shape[3], x.dtype)
    for n in range(x.shape[0]):
        for h in range(geo.output[0]):
            rows = input_window(h, h_in, kh, geo.stride[0], geo.padding[0], geo.dilation[0])
            for v in range(geo.output[1]):
                cols = input_window(v, w_in, kw, geo.stride[1], geo.padding[1], geo.dilation[1])
                for f in range(w.shape[3]):
                    grad = g[n, h, v, f]
                    db[f] += grad
                    for p, r in enumerate(rows):
                        for q, c in enumerate(cols):
                            if 0 <= r < h_in and 0 <= c < w_in:  # else a padded zero
                                dx[n, r, c] += grad * w[p, q, :, f]
                                dw[p, q, :, f] += grad * x[n, r, c]
    return ConvGradients(dx, dw, db)
