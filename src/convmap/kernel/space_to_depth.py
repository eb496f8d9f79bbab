"""Space-to-depth: a strided convolution with a large kernel as a stride-1 one.

With stride ``s``, cut the padded input into ``s x s`` cells and stack each
cell's pixels as channels: ``(n, H, W, c)`` becomes ``(n, H/s, W/s, s*s*c)``.
The kernel, zero-extended to a multiple of ``s``, is cut the same way, and
the convolution becomes a stride-1 one with a kernel ``s`` times smaller and
``s * s`` times more channels: the same outputs from a few long copies
instead of many short ones (the 11 x 11 / 4 layer copies 3 runs of 144
values per window instead of 11 runs of 33). The extra taps are zeros, so
the results are equal for finite input; the caller uses this only then.
"""

from __future__ import annotations

import numpy as np

from convmap.kernel.settings import KernelSettings

__all__ = ["space_to_depth_operands", "worth_space_to_depth"]


def worth_space_to_depth(
    kernel: tuple[int, int], c_in: int, stride: tuple[int, int], dilation: tuple[int, int],
    settings: KernelSettings,
) -> bool:  # fmt: skip
    """Whether a layer gains from `space_to_depth_operands` (few channels, big strided kernel).

    Examples:
        >>> on = KernelSettings(space_to_depth_bytes=1 << 24)  # off by default
        >>> worth_space_to_depth((11, 11), 3, (4, 4), (1, 1), on)
        True
        >>> worth_space_to_depth((3, 3), 32, (2, 2), (1, 1), on)
        False
        >>> worth_space_to_depth((11, 11), 3, (4, 4), (1, 1), KernelSettings())
        False
    """
    (kh, kw), (sh, sw) = kernel, stride
    if settings.space_to_depth_bytes == 0 or dilation != (1, 1) or sh * sw == 1:
        return False
    grown = (-(-kh // sh) * sh) * (-(-kw // sw) * sw) / (kh * kw)  # extra zero taps
    return c_in * sh * sw <= 64 and kh >= 2 * sh and kw >= 2 * sw and grown <= 1.35


def space_to_depth_operands(
    xp: np.ndarray, w: np.ndarray, stride: tuple[int, int], out_hw: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The stride-1 input and weights equal to convolving padded ``xp`` with ``w`` at ``stride``.

    Args:
        xp: Padded input ``(n, hp, wp, c)``.
        w: Weights ``(kh, kw, c, out)``.
        stride: ``(sh, sw)``.
        out_hw: Output ``(oh, ow)`` of the strided convolution.

    Returns:
        ``(xs, ws)``: ``xs`` is ``(n, H, W, sh * sw * c)`` and ``ws`` is
        ``(ceil(kh / sh), ceil(kw / sw), sh * sw * c, out)``; their stride-1,
        unpadded convolution, cut to ``out_hw``, equals the strided one.

    Examples:
        >>> xp = np.arange(8.0).reshape(1, 1, 8, 1)
        >>> w = np.array([1.0, 10.0, 100.0]).reshape(1, 3, 1, 1)
        >>> xs, ws = space_to_depth_operands(xp, w, (1, 2), (1, 3))
        >>> xs.shape, ws.shape
        ((1, 1, 4, 2), (1, 2, 2, 1))
    """
    n, hp, wp, c = xp.shape
    kh, kw, _, c_out = w.shape
    (sh, sw), (oh, ow) = stride, out_hw
    kh2, kw2 = -(-kh // sh), -(-kw // sw)  # kernel in cells
    rows, cols = oh - 1 + kh2, ow - 1 + kw2  # cells the outputs read
    grid = np.zeros((n, rows * sh, cols * sw, c), xp.dtype)
    take_h, take_w = min(hp, rows * sh), min(wp, cols * sw)
    grid[:, :take_h, :take_w] = xp[:, :take_h, :take_w]
    xs = grid.reshape(n, rows, sh, cols, sw, c).transpose(0, 1, 3, 2, 4, 5)
    xs = np.ascontiguousarray(xs).reshape(n, rows, cols, sh * sw * c)
    wz = np.zeros((kh2 * sh, kw2 * sw, c, c_out), w.dtype)
    wz[:kh, :kw] = w
    ws = wz.reshape(kh2, sh, kw2, sw, c, c_out).transpose(0, 2, 1, 3, 4, 5)
    return xs, np.ascontiguousarray(ws).reshape(kh2, kw2, sh * sw * c, c_out)
