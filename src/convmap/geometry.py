"""Geometry of one axis of a convolution or pooling layer.

Everything here is pure Python and works on one axis at a time: a 2-D layer is
the product of its row axis and its column axis. Coordinates are 0-based; a
padded position is an index outside ``0..size-1`` (``-1`` is the first zero
before the image, ``size`` the first zero after it).

``padding`` may be:

* ``"valid"``: no padding;
* ``"same"``: TensorFlow's rule: ``out = ceil(size / stride)``, the total
  padding is ``max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)``,
  ``before = total // 2`` and the odd extra zero goes *after* (bottom/right);
* ``"full"``: ``dilation * (kernel - 1)`` zeros on both sides, so every tap
  overlap is an output;
* an int ``p``: ``p`` zeros on both sides;
* a ``(before, after)`` pair.

Words are case-insensitive, so TensorFlow's ``"SAME"`` works too.
"""

from __future__ import annotations

import numbers
from typing import Any, NamedTuple

from convmap._checks import as_int, as_pair, padding_per_axis, padding_spec

Padding = str | int | tuple[int, int]


def _axis(size: Any, kernel: Any, stride: Any, dilation: Any) -> tuple[int, int, int, int]:
    return (
        as_int("size", size, 1),
        as_int("kernel", kernel, 1),
        as_int("stride", stride, 1),
        as_int("dilation", dilation, 1),
    )


def _pads(size: int, kernel: int, stride: int, padding: Any, dilation: int) -> tuple[int, int]:
    spec = padding_spec("padding", padding)
    if spec == "valid":
        return (0, 0)
    if spec == "full":
        return (dilation * (kernel - 1), dilation * (kernel - 1))
    if spec == "same":
        out = -(-size // stride)
        total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
        return (total // 2, total - total // 2)
    return spec


def _out(
    size: int,
    kernel: int,
    stride: int,
    before: int,
    after: int,
    dilation: int,
    where: str = "",
    name: str = "kernel",
) -> int:
    span = dilation * (kernel - 1) + 1
    padded = size + before + after
    if span > padded:
        if name == "kernel":
            raise ValueError(
                f"kernel {kernel} with dilation {dilation} spans {span} positions{where}, more "
                f"than the padded input ({size} + {before} + {after} = {padded}); use a "
                f"kernel spanning at most {padded} positions or more padding"
            )
        raise ValueError(
            f"{name} {kernel}{where} is larger than the padded input ({size} + {before} + "
            f"{after} = {padded}); use a {name} of at most {padded} or more padding"
        )
    return (padded - span) // stride + 1


def padding_amounts(
    size: int, kernel: int, stride: int = 1, padding: Padding = "same", dilation: int = 1
) -> tuple[int, int]:
    """Zeros added before and after one axis of the input.

    Args:
        size: Input length along the axis (>= 1).
        kernel: Kernel (or pooling window) length (>= 1).
        stride: Step between neighbouring outputs (>= 1).
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair (see the module docstring).
        dilation: Gap factor between kernel taps (>= 1; 1 means no gap).

    Returns:
        ``(before, after)``: the number of zeros placed before index 0 and after
        index ``size - 1``.

    Raises:
        TypeError: If an argument is not an integer or padding has the wrong type.
        ValueError: If an argument is out of range, padding is an unknown word, or
            the (dilated) kernel is longer than the padded input.

    Examples:
        The Q&A's axis: 64 pixels, kernel 4, stride 1. TensorFlow's SAME puts
        one zero before and two after, because 4 - 1 = 3 is odd:

        >>> padding_amounts(64, 4, 1, "same")
        (1, 2)
        >>> padding_amounts(64, 3, 1, "same")
        (1, 1)
        >>> padding_amounts(7, 3, 2, "SAME")
        (1, 1)
        >>> padding_amounts(8, 3, 2, "same")
        (0, 1)
        >>> padding_amounts(64, 4, 1, "valid"), padding_amounts(64, 4, 1, "full")
        ((0, 0), (3, 3))
        >>> padding_amounts(64, 4, padding=(0, 3))
        (0, 3)
    """
    size, kernel, stride, dilation = _axis(size, kernel, stride, dilation)
    before, after = _pads(size, kernel, stride, padding, dilation)
    _out(size, kernel, stride, before, after, dilation)  # refuse a layer that cannot exist
    return before, after


def output_size(
    size: int, kernel: int, stride: int = 1, padding: Padding = "valid", dilation: int = 1
) -> int:
    """Number of outputs (neurons per filter) along one axis.

    The formula is ``floor((size + before + after - dilation * (kernel - 1) - 1)
    / stride) + 1``: a window is only placed where it fits entirely inside the
    padded input, so the floor drops a last, incomplete step.

    Args:
        size: Input length along the axis (>= 1).
        kernel: Kernel (or pooling window) length (>= 1).
        stride: Step between neighbouring outputs (>= 1).
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair.
        dilation: Gap factor between kernel taps (>= 1).

    Returns:
        The number of window positions, at least 1.

    Raises:
        TypeError: If an argument is not an integer or padding has the wrong type.
        ValueError: If an argument is out of range, or the (dilated) kernel is
            longer than the padded input.

    Examples:
        >>> output_size(64, 4, 1, "valid")
        61
        >>> output_size(64, 4, 1, "same")
        64
        >>> output_size(64, 4, 1, 1)   # the Q&A's conv_forward with pad=1
        63
        >>> output_size(64, 4, 1, "full")
        67
        >>> output_size(7, 3, 2, "same"), output_size(7, 3, 2, "valid")
        (4, 3)
        >>> output_size(7, 3, 1, "valid", dilation=2)
        3
        >>> output_size(3, 4)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: kernel 4 with dilation 1 spans 4 positions, more than the padded input ...
    """
    size, kernel, stride, dilation = _axis(size, kernel, stride, dilation)
    before, after = _pads(size, kernel, stride, padding, dilation)
    return _out(size, kernel, stride, before, after, dilation)


def input_window(
    index: int,
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Padding = "valid",
    dilation: int = 1,
) -> list[int]:
    """Input positions read by one output (neuron), in kernel-tap order.

    Output ``index`` reads, for tap ``t = 0 .. kernel-1``, the input position
    ``index * stride - before + t * dilation``. Positions outside
    ``0..size-1`` are padding (zeros for a convolution).

    Args:
        index: 0-based output position (``0 <= index < output_size(...)``).
        size: Input length along the axis (>= 1).
        kernel: Kernel length (>= 1).
        stride: Step between neighbouring outputs (>= 1).
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair.
        dilation: Gap factor between kernel taps (>= 1).

    Returns:
        ``kernel`` input positions, one per tap, padded ones included.

    Raises:
        TypeError: If an argument is not an integer or padding has the wrong type.
        ValueError: If an argument is out of range or ``index`` is not an output
            of this layer.

    Examples:
        The Q&A's axis under SAME (pads 1 before, 2 after). Neuron 0 starts on
        the padded zero at -1; the last neuron, 63, reads two padded zeros:

        >>> input_window(0, 64, 4, 1, "same")
        [-1, 0, 1, 2]
        >>> input_window(63, 64, 4, 1, "same")
        [62, 63, 64, 65]
        >>> input_window(60, 64, 4, 1, "valid")
        [60, 61, 62, 63]
        >>> input_window(2, 9, 3, stride=2, dilation=2)
        [4, 6, 8]
    """
    size, kernel, stride, dilation = _axis(size, kernel, stride, dilation)
    before, after = _pads(size, kernel, stride, padding, dilation)
    out = _out(size, kernel, stride, before, after, dilation)
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        raise TypeError(f"index must be an integer in 0..{out - 1}, got {index!r}")
    if not 0 <= index < out:
        raise ValueError(
            f"index must be an output position in 0..{out - 1} (this layer has "
            f"{out} outputs), got {index}"
        )
    start = int(index) * stride - before
    return [start + t * dilation for t in range(kernel)]


def neurons_seeing(
    pixel: int,
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Padding = "valid",
    dilation: int = 1,
) -> list[int]:
    """Outputs (neurons) whose window contains one input position, ascending.

    This is the inverse of `input_window`: ``i in neurons_seeing(p, ...)``
    exactly when ``p in input_window(i, ...)``. The list can be empty, for an
    input pixel that a stride larger than the kernel skips.

    Args:
        pixel: 0-based input position. Padded positions (``-before .. -1`` and
            ``size .. size + after - 1``) are allowed, so a figure can ask which
            neurons read a given zero.
        size: Input length along the axis (>= 1).
        kernel: Kernel length (>= 1).
        stride: Step between neighbouring outputs (>= 1).
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair.
        dilation: Gap factor between kernel taps (>= 1).

    Returns:
        The 0-based output positions that read ``pixel``, ascending.

    Raises:
        TypeError: If an argument is not an integer or padding has the wrong type.
        ValueError: If an argument is out of range or ``pixel`` lies outside the
            padded input.

    Examples:
        >>> neurons_seeing(0, 64, 4, 1, "same")     # first pixel: 2 neurons
        [0, 1]
        >>> neurons_seeing(64, 64, 4, 1, "same")    # the first padded zero after
        [62, 63]
        >>> neurons_seeing(63, 64, 4, 1, "same")    # last pixel: 3 neurons
        [61, 62, 63]
        >>> neurons_seeing(0, 64, 4, 1, "valid")    # a corner pixel: one neuron
        [0]
        >>> neurons_seeing(1, 5, 1, stride=2)       # skipped by the stride
        []
    """
    size, kernel, stride, dilation = _axis(size, kernel, stride, dilation)
    before, after = _pads(size, kernel, stride, padding, dilation)
    out = _out(size, kernel, stride, before, after, dilation)
    if isinstance(pixel, bool) or not isinstance(pixel, numbers.Integral):
        raise TypeError(f"pixel must be an integer in {-before}..{size + after - 1}, got {pixel!r}")
    if not -before <= pixel < size + after:
        raise ValueError(
            f"pixel must be a position of the padded input, {-before}..{size + after - 1} "
            f"(size {size}, padding ({before}, {after})), got {pixel}"
        )
    seen = set()
    for tap in range(kernel):
        offset = int(pixel) + before - tap * dilation
        if offset >= 0 and offset % stride == 0 and offset // stride < out:
            seen.add(offset // stride)
    return sorted(seen)


class LayerGeometry(NamedTuple):
    """A 2-D layer's geometry with every setting resolved to integers.

    Attributes:
        input: ``(height, width)`` of the input.
        kernel: ``(kh, kw)``.
        stride: ``(sh, sw)``.
        dilation: ``(dh, dw)``.
        padding: ``((top, bottom), (left, right))`` in zeros.
        output: ``(out_height, out_width)``.
    """

    input: tuple[int, int]
    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[tuple[int, int], tuple[int, int]]
    output: tuple[int, int]


def layer_geometry(
    input_size: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
) -> LayerGeometry:
    """Resolve a 2-D layer's settings: padding per side and output size per axis.

    Args:
        input_size: Input ``(height, width)``, or one int for a square input.
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int.
        padding: ``"valid"``, ``"same"``, ``"full"``, an int, a
            ``(rows, columns)`` pair, or ``((top, bottom), (left, right))``.
        dilation: ``(dh, dw)`` or one int.

    Returns:
        A `LayerGeometry` of plain integers.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range or the kernel does not fit.

    Examples:
        The Q&A's first layer, W1 = [4, 4, 3, 8] with SAME on 64 x 64:

        >>> g = layer_geometry((64, 64), (4, 4), 1, "SAME")
        >>> g.padding, g.output
        (((1, 2), (1, 2)), (64, 64))
        >>> layer_geometry((5, 720), (5, 100)).output
        (1, 621)
    """
    return _layer_geometry(input_size, kernel, stride, padding, dilation, "kernel")


def _layer_geometry(
    input_size: Any, kernel: Any, stride: Any, padding: Any, dilation: Any, kernel_name: str
) -> LayerGeometry:
    """`layer_geometry`, with the kernel argument's name for error messages."""
    size_hw = as_pair("input_size", input_size, 1)
    kernel_hw = as_pair(kernel_name, kernel, 1)
    stride_hw = as_pair("stride", stride, 1)
    dilation_hw = as_pair("dilation", dilation, 1)
    specs = padding_per_axis("padding", padding)
    pads = []
    outs = []
    for axis, where in enumerate((" on the rows (height)", " on the columns (width)")):
        n, k, s, d = size_hw[axis], kernel_hw[axis], stride_hw[axis], dilation_hw[axis]
        before, after = _pads(n, k, s, specs[axis], d)
        pads.append((before, after))
        outs.append(_out(n, k, s, before, after, d, where, kernel_name))
    return LayerGeometry(
        size_hw, kernel_hw, stride_hw, dilation_hw, (pads[0], pads[1]), (outs[0], outs[1])
    )
