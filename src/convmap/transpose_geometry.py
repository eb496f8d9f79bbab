"""Geometry of the transposed convolution, one axis at a time (pure Python).

A transposed convolution runs a convolution's picture backwards. In a
convolution each *output* neuron reads a kernel-sized window of the input; in
the transposed convolution each *input* value paints a kernel-sized patch of
the output: input ``i``'s tap ``t`` adds into output position
``i * stride + t * dilation - before``. Painting every input gives the *full*
output of length ``(size - 1) * stride + dilation * (kernel - 1) + 1``; the
padding then says how much of it is cropped:

* an int ``p`` (PyTorch's ``padding``): ``p`` positions are cropped from each
  end, so ``out = (size - 1) * stride - 2 * p + dilation * (kernel - 1) + 1
  + output_padding``;
* ``(before, after)``: ``before`` cropped at the start, ``after`` at the end
  (TensorFlow's explicit padding);
* ``"valid"``: nothing cropped (TensorFlow's ``VALID``, PyTorch's ``padding=0``);
* ``"full"``: ``dilation * (kernel - 1)`` cropped at each end;
* ``"same"``: TensorFlow's ``SAME``: the output has ``size * stride``
  positions (or the ``output_length`` asked for, any length whose ``SAME``
  convolution has ``size`` outputs), and the crop is the ``SAME`` padding of
  that convolution (the odd extra one at the end).

``output_padding`` (PyTorch) adds that many positions at the end, bottom or
right; they are the rows a strided convolution of the output would skip.
PyTorch refuses ``output_padding`` unless it is smaller than the stride or
the dilation, and so does convmap. TensorFlow has no ``output_padding``:
``tf.nn.conv2d_transpose`` takes the whole ``output_shape`` instead, and
accepts exactly the lengths `tf_transpose_output_sizes` lists.

The exact relation to the convolution: the transposed convolution is the
gradient of ``conv2d`` with respect to its input. The *forward twin* is the
convolution from the transposed convolution's output back to its input, with
kernel, stride, dilation and padding ``(before, after)``
(`TransposeAxis.padding`). Input ``i`` of the transpose paints exactly the
pixels that neuron ``i`` of the twin sees (`convmap.input_window`), and
output pixel ``o`` is painted by exactly the neurons of the twin that see
``o`` (`convmap.neurons_seeing`): the painting map of the transpose is the
seeing map of the twin. Coordinates are 0-based; a cropped position is an
index outside ``0..out-1``.
"""

from __future__ import annotations

import numbers
from typing import Any, NamedTuple

from convmap._checks import as_int, as_output_shape, as_pair
from convmap.geometry import (
    LayerGeometry,
    input_window,
    layer_geometry,
    neurons_seeing,
    output_size,
)
from convmap.padding import parse_2d, parse_axis

__all__ = [
    "TransposeAxis",
    "TransposeGeometry",
    "keras_transpose_output_size",
    "painted_pixels",
    "painting_inputs",
    "tf_transpose_output_sizes",
    "torch_transpose_output_size",
    "transpose_axis",
    "transpose_geometry",
    "transpose_output_size",
]

ROWS, COLUMNS = " on the rows (height)", " on the columns (width)"


class TransposeAxis(NamedTuple):
    """One axis of a transposed convolution, every setting resolved to integers.

    Attributes:
        size: Input length (the values that paint).
        kernel: Kernel length.
        stride: Step in the output between the patches of neighbouring inputs.
        dilation: Gap factor between the taps of one patch.
        padding: ``(before, after)``: the padding of the forward twin
            convolution; ``before`` positions are cropped from the start of the
            full output.
        output_padding: Positions added at the end (the rows the twin skips).
        output: Output length.
    """

    size: int
    kernel: int
    stride: int
    dilation: int
    padding: tuple[int, int]
    output_padding: int
    output: int

    @property
    def full(self) -> int:
        """Length of the output before any crop: every tap of every input."""
        return (self.size - 1) * self.stride + self.dilation * (self.kernel - 1) + 1

    @property
    def crop(self) -> tuple[int, int]:
        """Positions cropped from the full output, ``(start, end)``.

        The end value is negative when ``output_padding`` adds more positions
        than the padding removes: those positions hold zeros (plus the bias).
        """
        before, after = self.padding
        return (before, after - self.output_padding)

    def painted(self, index: int) -> list[int]:
        """Output positions input ``index`` paints, one per kernel tap, in tap order.

        Positions outside ``0..output-1`` are painted and then cropped.
        """
        index = _position("index", index, 0, self.size - 1, "an input position")
        return input_window(index, *self._twin())

    def painters(self, pixel: int) -> list[int]:
        """Input positions whose patch covers output position ``pixel``, ascending."""
        first, last = -self.crop[0], self.output - 1 + max(self.crop[1], 0)
        pixel = _position("pixel", pixel, first, last, "an output position (cropped ones too)")
        return [i for i in neurons_seeing(pixel, *self._twin()) if i < self.size]

    def _twin(self) -> tuple[int, int, int, tuple[int, int], int]:
        """The forward twin's one-axis arguments: size, kernel, stride, padding, dilation."""
        return (self.output, self.kernel, self.stride, self.padding, self.dilation)


def _position(name: str, value: Any, first: int, last: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer in {first}..{last}, got {value!r} of type "
            f"{type(value).__name__}"
        )
    if not first <= value <= last:
        raise ValueError(f"{name} must be {what} in {first}..{last}, got {int(value)}")
    return int(value)


def _pads(spec: Any, kernel: int, dilation: int) -> tuple[int, int]:
    """Crop for a padding that does not depend on the output length."""
    if spec == "valid":
        return (0, 0)
    if spec == "full":
        return (dilation * (kernel - 1), dilation * (kernel - 1))
    return spec


def _same(m: int, s: int, full: int, n: int, where: str) -> tuple[tuple[int, int], int]:
    """TensorFlow's SAME crop and the resulting output_padding for output length n."""
    if not (m - 1) * s + 1 <= n <= m * s:
        raise ValueError(
            f"output length {n}{where} is not possible with padding 'same', input {m} and "
            f"stride {s}: SAME gives ceil(out / {s}) = {m} only for out in "
            f"{(m - 1) * s + 1}..{m * s}"
        )
    total = max(full - n, 0)
    return (total // 2, total - total // 2), n + total - full


def _resolve(
    m: int, k: int, s: int, d: int, spec: Any, op: int, n: int | None, where: str = ""
) -> TransposeAxis:
    """Resolve one axis from checked integers (``n`` is a requested output length)."""
    if op >= s and op >= d:
        raise ValueError(
            f"output_padding{where} must be smaller than the stride ({s}) or the dilation "
            f"({d}), as in PyTorch, got {op}"
        )
    full = (m - 1) * s + d * (k - 1) + 1
    if n is not None and op:
        raise ValueError(
            f"give output_padding ({op}) or an output length ({n}), not both: the output "
            "length decides the output padding"
        )
    if spec == "same":
        if op:
            raise ValueError(
                f"output_padding{where} must be 0 with padding 'same' (the output is input "
                f"x stride = {m * s}), got {op}; ask for another length with output_shape"
            )
        pads, op = _same(m, s, full, m * s if n is None else n, where)
        return TransposeAxis(m, k, s, d, pads, op, full - sum(pads) + op)
    pads = _pads(spec, k, d)
    shortest = full - pads[0] - pads[1]
    if n is not None:
        if not max(shortest, 1) <= n <= shortest + s - 1:
            raise ValueError(
                f"output length {n}{where} is not possible with padding {pads}, input {m}, "
                f"kernel {k}, stride {s} and dilation {d}: TensorFlow accepts "
                f"{max(shortest, 1)}..{shortest + s - 1} (the lengths whose convolution "
                f"has {m} outputs)"
            )
        op = n - shortest
    if shortest + op < 1:
        raise ValueError(
            f"padding {pads}{where} crops the whole output: input {m}, kernel {k}, stride "
            f"{s}, dilation {d} paint {full} positions, {sum(pads)} are cropped and "
            f"output_padding adds {op}, leaving {shortest + op}; use less padding"
        )
    return TransposeAxis(m, k, s, d, pads, op, shortest + op)


def transpose_axis(
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Any = "valid",
    output_padding: int = 0,
    dilation: int = 1,
    output_length: int | None = None,
) -> TransposeAxis:
    """Resolve one axis of a transposed convolution.

    Args:
        size: Input length (>= 1).
        kernel: Kernel length (>= 1).
        stride: Stride (>= 1).
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair: what is cropped (module docstring).
        output_padding: Positions added at the end (>= 0, smaller than the
            stride or the dilation).
        dilation: Gap factor between taps (>= 1).
        output_length: TensorFlow's ``output_shape`` entry for this axis
            (``None``: from the padding). Decides ``output_padding``, so it
            cannot be given together with a nonzero one.

    Returns:
        A `TransposeAxis`.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range, the output would be empty or
            ``output_length`` is a length TensorFlow refuses.

    Examples:
        >>> transpose_axis(4, 3, 2, 1, output_padding=1)
        TransposeAxis(size=4, kernel=3, stride=2, dilation=1, padding=(1, 1), output_padding=1, output=8)
        >>> a = transpose_axis(4, 3, 2, "same")
        >>> a.output, a.padding, a.crop
        (8, (0, 1), (0, 1))
        >>> transpose_axis(4, 3, 2, "same", output_length=7).padding
        (1, 1)
    """  # noqa: E501
    return _resolve(
        as_int("size", size, 1),
        as_int("kernel", kernel, 1),
        as_int("stride", stride, 1),
        as_int("dilation", dilation, 1),
        parse_axis("padding", padding).given,
        as_int("output_padding", output_padding, 0),
        None if output_length is None else as_int("output_length", output_length, 1),
    )


def transpose_output_size(
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Any = "valid",
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """Output length of one axis of `convmap.transpose.conv2d_transpose`.

    Examples:
        The Q&A's first layer run backwards: 64 values, kernel 4, stride 1.

        >>> transpose_output_size(64, 4), transpose_output_size(64, 4, padding="same")
        (67, 64)
        >>> transpose_output_size(5, 3, 2), transpose_output_size(5, 3, 2, 1, 1)
        (11, 10)
    """
    return transpose_axis(size, kernel, stride, padding, output_padding, dilation).output


def torch_transpose_output_size(
    size: int,
    kernel: int,
    stride: int = 1,
    padding: int = 0,
    output_padding: int = 0,
    dilation: int = 1,
) -> int:
    """PyTorch's rule for ``ConvTranspose2d`` / ``F.conv_transpose2d``, one axis.

    ``(size - 1) * stride - 2 * padding + dilation * (kernel - 1) +
    output_padding + 1``, with PyTorch's refusals: ``output_padding`` must be
    smaller than the stride or the dilation, and the result must be >= 1.

    Examples:
        >>> torch_transpose_output_size(4, 3, stride=2, padding=1, output_padding=1)
        8
        >>> torch_transpose_output_size(4, 4, stride=2, padding=1)
        8
    """
    m, k = as_int("size", size, 1), as_int("kernel", kernel, 1)
    s, d = as_int("stride", stride, 1), as_int("dilation", dilation, 1)
    p, op = as_int("padding", padding, 0), as_int("output_padding", output_padding, 0)
    return _resolve(m, k, s, d, (p, p), op, None).output


def tf_transpose_output_sizes(
    size: int, kernel: int, stride: int = 1, padding: Any = "valid", dilation: int = 1
) -> list[int]:
    """Every ``output_shape`` length that ``tf.nn.conv2d_transpose`` accepts, one axis.

    TensorFlow accepts an output length exactly when ``tf.nn.conv2d`` of that
    length, with the same kernel, stride, padding and dilation, has ``size``
    outputs. This function asks `convmap.output_size` that question for every
    candidate, so it is the definition, not a formula: ``stride`` lengths
    (fewer when the smallest would be < 1).

    Examples:
        >>> tf_transpose_output_sizes(4, 3, 2, "same")
        [7, 8]
        >>> tf_transpose_output_sizes(4, 3, 2, "valid")
        [9, 10]
        >>> tf_transpose_output_sizes(4, 3, 3, "valid")
        [12, 13, 14]
    """
    m, k = as_int("size", size, 1), as_int("kernel", kernel, 1)
    s, d = as_int("stride", stride, 1), as_int("dilation", dilation, 1)
    parse_axis("padding", padding)
    longest = m * s + d * (k - 1)  # no longer length can give m outputs
    found = []
    for n in range(1, longest + 1):
        try:
            if output_size(n, k, s, padding, d) == m:
                found.append(n)
        except ValueError:  # the kernel does not fit that length
            continue
    return found


def keras_transpose_output_size(
    size: int, kernel: int, stride: int = 1, padding: str = "valid", dilation: int = 1
) -> int:
    """The length Keras's ``Conv2DTranspose`` picks without ``output_padding``.

    ``"same"``: ``size * stride``; ``"valid"``: ``size * stride +
    max(dilated kernel - stride, 0)``. It is one of `tf_transpose_output_sizes`.

    Examples:
        >>> keras_transpose_output_size(4, 3, 2, "same"), keras_transpose_output_size(4, 3, 2)
        (8, 9)
        >>> keras_transpose_output_size(4, 1, 2)
        8
    """
    m, k = as_int("size", size, 1), as_int("kernel", kernel, 1)
    s, d = as_int("stride", stride, 1), as_int("dilation", dilation, 1)
    if not isinstance(padding, str) or padding.lower() not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same' (Keras), got {padding!r}")
    span = d * (k - 1) + 1
    return m * s if padding.lower() == "same" else m * s + max(span - s, 0)


def painted_pixels(
    index: int,
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Any = "valid",
    output_padding: int = 0,
    dilation: int = 1,
) -> list[int]:
    """Output positions input ``index`` paints, one per kernel tap, in tap order.

    Positions outside ``0..out-1`` are painted and then cropped. It is the
    forward twin's `convmap.input_window`.

    Examples:
        Stride 2, kernel 3, PyTorch's ``padding=1, output_padding=1`` (4 -> 8):
        neighbouring patches overlap in one pixel; input 0's first tap is cropped.

        >>> [painted_pixels(i, 4, 3, 2, 1, 1) for i in range(4)]
        [[-1, 0, 1], [1, 2, 3], [3, 4, 5], [5, 6, 7]]
    """
    return transpose_axis(size, kernel, stride, padding, output_padding, dilation).painted(index)


def painting_inputs(
    pixel: int,
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Any = "valid",
    output_padding: int = 0,
    dilation: int = 1,
) -> list[int]:
    """Input positions whose patch covers output position ``pixel``, ascending.

    It is the forward twin's `convmap.neurons_seeing`: the inputs that paint a
    pixel are the neurons that see it in the convolution the other way.

    Examples:
        >>> [painting_inputs(o, 4, 3, 2, 1, 1) for o in range(8)]
        [[0], [0, 1], [1], [1, 2], [2], [2, 3], [3], [3]]
    """
    axis = transpose_axis(size, kernel, stride, padding, output_padding, dilation)
    return axis.painters(pixel)


class TransposeGeometry(NamedTuple):
    """A 2-D transposed convolution's geometry, every setting resolved to integers.

    Attributes:
        input: ``(height, width)`` of the input (the painting values).
        kernel: ``(kh, kw)``.
        stride: ``(sh, sw)``.
        dilation: ``(dh, dw)``.
        padding: ``((top, bottom), (left, right))``: the forward twin's padding.
        output_padding: ``(rows, columns)`` added at the bottom and right.
        output: ``(out_height, out_width)``.
    """

    input: tuple[int, int]
    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: tuple[tuple[int, int], tuple[int, int]]
    output_padding: tuple[int, int]
    output: tuple[int, int]

    def axes(self) -> tuple[TransposeAxis, TransposeAxis]:
        """The rows' and the columns' `TransposeAxis`."""
        return tuple(  # type: ignore[return-value]
            TransposeAxis(*(field[a] for field in self)) for a in (0, 1)
        )

    def forward(self) -> LayerGeometry:
        """The forward twin: ``conv2d`` from this output shape back to this input.

        Its output equals this input (larger when ``output_padding`` >= stride,
        which PyTorch allows for dilation > stride).
        """
        return layer_geometry(self.output, self.kernel, self.stride, self.padding, self.dilation)


def transpose_geometry(
    input_size: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    output_padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
    output_shape: Any = None,
) -> TransposeGeometry:
    """Resolve a 2-D transposed convolution's settings.

    Args:
        input_size: ``(height, width)`` of the input, or one int.
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int.
        padding: ``"valid"``, ``"same"``, ``"full"``, an int, a ``(rows,
            columns)`` pair or ``((top, bottom), (left, right))``.
        output_padding: An int or ``(rows, columns)``.
        dilation: ``(dh, dw)`` or one int.
        output_shape: TensorFlow's ``output_shape``: ``(height, width)`` or
            ``(batch, height, width, channels)``; ``None`` to use the padding.

    Returns:
        A `TransposeGeometry`.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range or the output would be empty.

    Examples:
        >>> g = transpose_geometry((4, 5), 3, stride=2, padding="same")
        >>> g.output, g.padding, g.output_padding
        ((8, 10), ((0, 1), (0, 1)), (0, 0))
        >>> g.forward().output
        (4, 5)
    """
    m = as_pair("input_size", input_size, 1)
    k, s = as_pair("kernel", kernel, 1), as_pair("stride", stride, 1)
    d = as_pair("dilation", dilation, 1)
    op = as_pair("output_padding", output_padding, 0)
    specs = tuple(axis.given for axis in parse_2d("padding", padding))
    n = (None, None) if output_shape is None else as_output_shape(output_shape, None, None)
    rows, cols = (
        _resolve(m[a], k[a], s[a], d[a], specs[a], op[a], n[a], where)
        for a, where in enumerate((ROWS, COLUMNS))
    )
    return TransposeGeometry(*((r, c) for r, c in zip(rows, cols, strict=True)))
