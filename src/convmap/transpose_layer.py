"""`Conv2DTranspose`: the transposed convolution as a layer of a stack (pure Python).

Its geometry is `convmap.transpose_geometry` (each input value paints a
kernel-sized patch of the output); its forward step is
`convmap.transpose.conv2d_transpose` (NumPy, imported when called).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from convmap._checks import as_bool, as_int, as_name, as_pair
from convmap.layers import Field, Layer, Region, Shape
from convmap.padding import parse_2d
from convmap.transpose_geometry import TransposeGeometry, transpose_geometry

__all__ = ["Conv2DTranspose"]


def _given(padding: Any) -> Any:
    """The padding as written (words lower-cased, lists as tuples), checked once."""
    rows, cols = parse_2d("Conv2DTranspose padding", padding)
    if isinstance(padding, str):
        return rows.word
    if rows == cols and not isinstance(padding, (tuple, list)):
        return padding
    return (rows.given, cols.given)


@dataclass(frozen=True)
class Conv2DTranspose(Layer):
    """A transposed convolution layer (Keras ``Conv2DTranspose``, PyTorch ``ConvTranspose2d``).

    Each input value paints its kernel, scaled, into the output; neighbouring
    values' patches sit ``stride`` output pixels apart and overlapping
    patches add. Weights ``(kh, kw, filters, in_channels)``, as
    ``tf.nn.conv2d_transpose`` takes them.

    In `convmap.trace` the neurons after this layer sit a fraction of an
    input pixel apart (for stride > 1) and read windows of different sizes,
    so ``span``, ``jump`` and ``start`` are ``None`` from here on; the pixels
    each neuron reads (``read_min``, ``read_max``, ``read_counts``,
    `convmap.input_region`) stay exact. The trace's ``padding`` is zeros:
    the layer adds no zeros to its input, it crops its output.

    Args:
        filters: Output channels (>= 1).
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int (>= 1).
        padding: ``"valid"``, ``"same"``, ``"full"``, an int (PyTorch's
            ``padding``), ``(rows, columns)`` or ``((top, bottom), (left, right))``:
            what is cropped from the painted output.
        output_padding: Rows and columns added at the bottom and right (an int
            or a pair), each smaller than the stride or the dilation.
        dilation: ``(dh, dw)`` or one int (>= 1).
        bias: Whether each filter adds a bias.
        name: Optional label used in traces and error messages.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If an argument is out of range.

    Examples:
        >>> up = Conv2DTranspose(8, 3, stride=2, padding="same")
        >>> up.output_shape((4, 5, 3)), up.weight_shapes((4, 5, 3))
        ((8, 10, 8), ((3, 3, 8, 3), (8,)))
        >>> sorted(up.back(Region(rows=frozenset({2}), cols=frozenset({0})), (4, 5, 3)).rows)
        [0, 1]
    """

    filters: int
    kernel: Any
    stride: Any = 1
    padding: Any = "valid"
    output_padding: Any = 0
    dilation: Any = 1
    bias: bool = True
    name: str | None = None

    kind: ClassVar[str] = "conv_transpose"
    _geometries: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        what = "Conv2DTranspose"
        object.__setattr__(self, "filters", as_int(f"{what} filters", self.filters, 1))
        for name, low in (("kernel", 1), ("stride", 1), ("output_padding", 0), ("dilation", 1)):
            object.__setattr__(self, name, as_pair(f"{what} {name}", getattr(self, name), low))
        object.__setattr__(self, "padding", _given(self.padding))
        object.__setattr__(self, "bias", as_bool(f"{what} bias", self.bias))
        object.__setattr__(self, "name", as_name(f"{what} name", self.name))
        for a, axis in enumerate(("rows", "columns")):
            op, s, d = self.output_padding[a], self.stride[a], self.dilation[a]
            if op >= s and op >= d:
                raise ValueError(
                    f"{what} output_padding on the {axis} must be smaller than the stride "
                    f"({s}) or the dilation ({d}), as in PyTorch, got {op}"
                )

    def transpose_geometry(self, input_shape: Shape) -> TransposeGeometry:
        """The resolved `convmap.transpose_geometry.TransposeGeometry` on ``input_shape``."""
        key = tuple(input_shape[:2])
        if key not in self._geometries:  # immutable: resolve once per input size
            self._geometries[key] = transpose_geometry(
                key, self.kernel, self.stride, self.padding, self.output_padding, self.dilation
            )
        return self._geometries[key]

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        label = label if label is not None else "Conv2DTranspose"
        if len(input_shape) != 3:
            raise ValueError(
                f"{label} needs an (H, W, C) input but gets the flat shape {input_shape} "
                f"from {source}; put transposed convolutions before Flatten"
            )
        try:
            g = self.transpose_geometry(input_shape)
        except ValueError as err:
            raise ValueError(f"{label} cannot work on input shape {input_shape}: {err}") from None
        return (*g.output, self.filters)

    def weight_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """``(kh, kw, filters, in_channels)``, then the bias ``(filters,)`` if any."""
        w = (*self.kernel, self.filters, input_shape[-1])
        return (w, (self.filters,)) if self.bias else (w,)

    def describe_weights(self, input_shape: Shape) -> str:
        """The expected weight shape in words, for error messages."""
        return (
            f"(kh, kw, filters, in channels) {self.weight_shapes(input_shape)[0]} as in "
            f"tf.nn.conv2d_transpose: kernel {self.kernel}, {self.filters} filters, "
            f"{input_shape[-1]} input channels (input shape {input_shape})"
        )

    def fans(self, input_shape: Shape) -> tuple[int, int]:
        """Keras' fans for the kernel ``(kh, kw, filters, in)``: ``(area * filters, area * in)``."""
        area = self.kernel[0] * self.kernel[1]
        return (area * self.filters, area * input_shape[-1])

    def field(self, field: Field, input_shape: Shape) -> Field:
        """Irregular: neurons a fraction of a pixel apart (see the class docstring)."""
        return Field.irregular(self.transpose_geometry(input_shape).output)

    def back(self, region: Region, input_shape: Shape) -> Region:
        """The input values whose patches cover the region's output pixels."""
        rows, cols = self.transpose_geometry(input_shape).axes()
        return Region(
            rows=frozenset(i for o in region.rows or () for i in rows.painters(o)),
            cols=frozenset(i for o in region.cols or () for i in cols.painters(o)),
        )

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        from convmap.transpose import conv2d_transpose

        b = weights[1] if self.bias else None
        return conv2d_transpose(
            x, weights[0], b, stride=self.stride, padding=self.padding,
            output_padding=self.output_padding, dilation=self.dilation,
        )  # fmt: skip
