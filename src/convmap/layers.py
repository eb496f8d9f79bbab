"""Layers of a stack, each owning its behaviour: shapes, parameters, geometry, regions, forward.

A stack is a plain list of these frozen dataclasses, e.g. the Q&A's model:

    [Conv2D(8, 4, padding="same", bias=False), ReLU(), MaxPool2D(8, padding="same"),
     Conv2D(16, 2, padding="same", bias=False), ReLU(), MaxPool2D(4, padding="same"),
     Flatten(), Dense(6)]

Each constructor checks its arguments at once and raises a ``TypeError`` or
``ValueError`` that names the layer, the argument, the value and what is valid,
so a typo such as ``stride=0`` fails where it is written. Kernel, stride,
dilation and pool size are stored as ``(rows, columns)`` pairs; padding is
stored as given (words lower-cased) and parsed once, at construction.

Every layer answers the questions of the `Layer` protocol; `convmap.network`
loops over a stack asking them and never asks which kind a layer is. A new
layer kind is one new subclass of `Layer`. Everything but `Layer.forward`
(which imports NumPy when called) is pure Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from convmap._checks import as_bool, as_int, as_name, as_pair
from convmap.geometry import LayerGeometry, PoolPaddingError, pool_geometry
from convmap.padding import AxisPadding, parse_2d

__all__ = [
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Field",
    "Flatten",
    "Layer",
    "MaxPool2D",
    "ReLU",
    "Region",
]

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Region:
    """Values of one tensor that something depends on (batch and channel aside).

    Attributes:
        rows: Rows of a spatial ``(H, W, C)`` tensor, or ``None`` for a flat one.
        cols: Columns of a spatial tensor, or ``None`` for a flat one.
        units: Units of a flat ``(n,)`` tensor (a set, or a ``range`` for a run
            such as "every unit"), or ``None`` for a spatial one.

    A spatial region is the product ``rows x cols``: windows of a product
    are a product, so every region a stack maps back stays one.
    """

    rows: frozenset[int] | None = None
    cols: frozenset[int] | None = None
    units: frozenset[int] | range | None = None

    @property
    def spatial(self) -> bool:
        """Whether this is a region of a spatial tensor."""
        return self.units is None


@dataclass(frozen=True)
class Field:
    """Where a tensor's neurons sit in the input image, per axis ``(rows, cols)``.

    For a spatial tensor, neuron ``i`` covers input positions
    ``start + i * jump`` to ``start + i * jump + span - 1`` (padding
    included), the closed forms of Araujo, Norris and Sim (Distill, 2019).
    A flat tensor keeps the field of the last spatial tensor (``grid`` its
    ``(H, W)``) and says how many of its positions each unit depends on.

    After a transposed convolution with stride > 1 neighbouring neurons sit a
    *fraction* of an input pixel apart and neurons read windows of different
    sizes, so no closed form holds: ``span``, ``jump`` and ``start`` are
    ``None`` there and in every later layer (`Field.irregular`); what each
    neuron reads is then followed exactly through `Layer.back`.

    Attributes:
        span: Receptive field of one position of the last spatial tensor.
        jump: Distance in input pixels between neighbouring positions.
        start: Where position ``(0, 0)``'s region starts (negative: padding).
        grid: ``(H, W)`` of the last spatial tensor.
        flat: ``None`` for a spatial tensor; ``"one"`` when each unit is one
            grid position (Flatten); ``"all"`` when each unit depends on every
            grid position (Dense).
    """

    span: tuple[int, int] | None
    jump: tuple[int, int] | None
    start: tuple[int, int] | None
    grid: tuple[int, int]
    flat: str | None = None

    @classmethod
    def irregular(cls, grid: tuple[int, int]) -> Field:
        """A field without a closed form (after a transposed convolution)."""
        return cls(None, None, None, grid)

    @property
    def regular(self) -> bool:
        """Whether ``span``, ``jump`` and ``start`` hold (the closed form applies)."""
        return self.jump is not None

    @classmethod
    def image(cls, height: int, width: int) -> Field:
        """The field of the input image itself: each pixel covers itself."""
        return cls((1, 1), (1, 1), (0, 0), (height, width))

    def through(self, g: LayerGeometry) -> Field:
        """The field after a window layer with geometry ``g``."""
        if not self.regular:
            return Field.irregular(g.output)
        span = tuple(r + (a.kernel - 1) * a.dilation * j
                     for r, a, j in zip(self.span, g.axes, self.jump, strict=True))  # fmt: skip
        start = tuple(
            s - a.before * j for s, a, j in zip(self.start, g.axes, self.jump, strict=True)
        )
        jump = tuple(j * a.stride for j, a in zip(self.jump, g.axes, strict=True))
        return Field(span, jump, start, g.output)  # type: ignore[arg-type]

    def neuron_span(self) -> tuple[int, int] | None:
        """Receptive field of one neuron of this tensor, padding included (``None``: irregular)."""
        if not self.regular:
            return None
        if self.flat == "all":
            return tuple(
                r + (n - 1) * j for r, n, j in zip(self.span, self.grid, self.jump, strict=True)
            )  # type: ignore[return-value]  # noqa: E501
        return self.span


def _pair(layer: str, name: str, value: Any) -> tuple[int, int]:
    try:
        return as_pair(f"{layer} {name}", value, 1)
    except ValueError as err:
        if name == "stride" and "got 0" in str(err):
            raise ValueError(
                f"{err}; a stride of 0 would never move the window (stride 1 moves it "
                f"one pixel at a time)"
            ) from None
        raise


def _padding_as_given(padding: Any) -> Any:
    if isinstance(padding, str):
        return padding.lower()
    if isinstance(padding, list):
        return tuple(tuple(p) if isinstance(p, list) else p for p in padding)
    return padding


def _label(layer: Layer, label: str | None) -> str:
    return label if label is not None else type(layer).__name__


class Layer:
    """What every layer answers; subclass it to add a layer kind.

    The protocol (``label`` names the layer in error messages, ``source``
    names where its input comes from):

    * ``output_shape(input_shape, *, label=None, source="its input")``: the
      output shape, or a ``ValueError`` saying why the layer cannot take
      this input;
    * ``geometry(input_shape)``: a `convmap.geometry.LayerGeometry` for a
      layer that slides a window, else ``None``;
    * ``weight_shapes(input_shape)``: shapes of the trainable arrays, weights
      first, then the bias if any (``()`` for none);
    * ``fans(input_shape)``: ``(fan_in, fan_out)`` for Glorot initialisation;
    * ``field(field, input_shape)``: the receptive `Field` of the output;
    * ``back(region, input_shape)``: the `Region` of the input that a region
      of the output depends on (padding dropped);
    * ``forward(x, weights)``: the layer on a NumPy batch.

    Derived from these: ``params``, ``params_no_bias``, ``check_weights``,
    ``init_weights``.
    """

    kind: ClassVar[str] = "layer"
    name: str | None = None

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        raise NotImplementedError

    def geometry(self, input_shape: Shape) -> LayerGeometry | None:
        """The window geometry on ``input_shape``, or ``None`` for a layer without a window."""
        return None

    def weight_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """Shapes of the trainable arrays: weights first, then the bias if any."""
        return ()

    def fans(self, input_shape: Shape) -> tuple[int, int]:
        """``(fan_in, fan_out)`` for Glorot initialisation."""
        return (0, 0)

    def field(self, field: Field, input_shape: Shape) -> Field:
        """The receptive `Field` of the output, from the field of the input."""
        return field

    def back(self, region: Region, input_shape: Shape) -> Region:
        """The region of the input that a region of the output depends on (padding dropped)."""
        return region

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        raise NotImplementedError

    def params(self, input_shape: Shape) -> int:
        """Trainable parameters, bias included."""
        return sum(math.prod(s) for s in self.weight_shapes(input_shape))

    def params_no_bias(self, input_shape: Shape) -> int:
        """Parameters of the weights alone (the first array)."""
        shapes = self.weight_shapes(input_shape)
        return math.prod(shapes[0]) if shapes else 0

    def init_weights(self, input_shape: Shape, rng: Any) -> tuple[Any, ...] | None:
        """Glorot-uniform weights and zero bias (Keras' defaults), float32; ``None`` if none."""
        import numpy as np

        shapes = self.weight_shapes(input_shape)
        if not shapes:
            return None
        fan_in, fan_out = self.fans(input_shape)
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        w = rng.uniform(-limit, limit, shapes[0]).astype(np.float32)
        return (w, *(np.zeros(s, np.float32) for s in shapes[1:]))

    def check_weights(self, entry: Any, input_shape: Shape, label: str) -> tuple[Any, ...]:
        """Check one weights entry; return it as a tuple of real NumPy arrays."""
        from convmap._arrays import layer_weights

        shapes = self.weight_shapes(input_shape)
        return layer_weights(entry, shapes, label, self.describe_weights(input_shape))

    def describe_weights(self, input_shape: Shape) -> str:
        """The expected weight shape in words, for error messages."""
        shapes = self.weight_shapes(input_shape)
        return str(shapes[0]) if shapes else "no weights"


@dataclass(frozen=True)
class _WindowLayer(Layer):
    """A layer sliding a window over rows and columns (convolution, pooling)."""

    _specs: tuple[AxisPadding, AxisPadding] = field(init=False, repr=False, compare=False)
    _geometries: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def _window(self) -> tuple[Any, Any, Any, str]:
        """``(kernel, stride, dilation, name of the kernel)``."""
        raise NotImplementedError

    def _resolve_padding(self) -> None:
        kind = type(self).__name__
        object.__setattr__(self, "_specs", parse_2d(f"{kind} padding", self.padding))  # type: ignore[attr-defined]
        object.__setattr__(self, "padding", _padding_as_given(self.padding))  # type: ignore[attr-defined]

    def geometry(self, input_shape: Shape) -> LayerGeometry:
        """The window geometry on ``input_shape``, or ``None`` for a layer without a window."""
        key = tuple(input_shape[:2])
        if key not in self._geometries:  # layers are immutable: resolve once per input size
            self._geometries[key] = self._resolve_geometry(input_shape)
        return self._geometries[key]

    def _resolve_geometry(self, input_shape: Shape) -> LayerGeometry:
        kernel, stride, dilation, kernel_name = self._window()
        return LayerGeometry.of(input_shape[:2], kernel, stride, self._specs, dilation,
                                kernel_name=kernel_name)  # fmt: skip

    def _spatial(self, input_shape: Shape, label: str, source: str) -> LayerGeometry:
        if len(input_shape) != 3:
            raise ValueError(
                f"{label} needs an (H, W, C) input but gets the flat shape {input_shape} "
                f"from {source}; put convolution and pooling layers before Flatten"
            )
        try:
            return self.geometry(input_shape)
        except PoolPaddingError as err:
            raise ValueError(f"{label} on input shape {input_shape}: {err}") from None
        except ValueError as err:
            raise ValueError(
                f"{label} cannot work on input shape {input_shape}: its output would be "
                f"empty ({err})"
            ) from None

    def field(self, field: Field, input_shape: Shape) -> Field:
        """The receptive `Field` of the output, from the field of the input."""
        return field.through(self.geometry(input_shape))

    def back(self, region: Region, input_shape: Shape) -> Region:
        """The region of the input that a region of the output depends on (padding dropped)."""
        g = self.geometry(input_shape)
        rows = frozenset(p for i in region.rows or () for p in g.rows.reads(i))
        cols = frozenset(p for i in region.cols or () for p in g.cols.reads(i))
        return Region(rows=rows, cols=cols)


@dataclass(frozen=True)
class Conv2D(_WindowLayer):
    """A 2-D convolution layer: ``filters`` kernels of ``kernel`` pixels over all input channels.

    Args:
        filters: Number of filters, i.e. output channels (>= 1).
        kernel: Kernel ``(kh, kw)`` or one int for a square kernel.
        stride: ``(sh, sw)`` or one int (>= 1).
        padding: ``"valid"``, ``"same"`` (TensorFlow's rule), ``"full"``, an
            int, a ``(rows, columns)`` pair or ``((top, bottom), (left, right))``.
        dilation: ``(dh, dw)`` or one int (>= 1).
        bias: Whether each filter adds a bias (Keras ``use_bias``).
        name: Optional label used in traces and error messages.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If an argument is out of range (e.g. ``stride=0``).

    Examples:
        >>> Conv2D(8, 4, padding="SAME", bias=False)
        Conv2D(filters=8, kernel=(4, 4), stride=(1, 1), padding='same', dilation=(1, 1), bias=False, name=None)
        >>> Conv2D(8, 4).weight_shapes((64, 64, 3)), Conv2D(8, 4).params((64, 64, 3))
        (((4, 4, 3, 8), (8,)), 392)
        >>> Conv2D(3, 5, stride=0)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: Conv2D stride must be an integer >= 1, got 0; a stride of 0 would never move ...
    """  # noqa: E501

    filters: int
    kernel: Any
    stride: Any = 1
    padding: Any = "valid"
    dilation: Any = 1
    bias: bool = True
    name: str | None = None

    kind: ClassVar[str] = "conv"

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", as_int("Conv2D filters", self.filters, 1))
        object.__setattr__(self, "kernel", _pair("Conv2D", "kernel", self.kernel))
        object.__setattr__(self, "stride", _pair("Conv2D", "stride", self.stride))
        self._resolve_padding()
        object.__setattr__(self, "dilation", _pair("Conv2D", "dilation", self.dilation))
        object.__setattr__(self, "bias", as_bool("Conv2D bias", self.bias))
        object.__setattr__(self, "name", as_name("Conv2D name", self.name))

    def _window(self) -> tuple[Any, Any, Any, str]:
        return self.kernel, self.stride, self.dilation, "kernel"

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        g = self._spatial(input_shape, _label(self, label), source)
        return (*g.output, self.filters)

    def weight_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """Shapes of the trainable arrays: weights first, then the bias if any."""
        w = (*self.kernel, input_shape[-1], self.filters)
        return (w, (self.filters,)) if self.bias else (w,)

    def describe_weights(self, input_shape: Shape) -> str:
        """The expected weight shape in words, for error messages."""
        return (
            f"HWIO {self.weight_shapes(input_shape)[0]}: kernel {self.kernel}, "
            f"{input_shape[-1]} input channels (input shape {input_shape}), "
            f"{self.filters} filters"
        )

    def fans(self, input_shape: Shape) -> tuple[int, int]:
        """``(fan_in, fan_out)`` for Glorot initialisation."""
        area = self.kernel[0] * self.kernel[1]
        return (area * input_shape[-1], area * self.filters)

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        from convmap.conv import conv2d

        w, b = (weights[0], weights[1] if self.bias else None)
        return conv2d(x, w, b, stride=self.stride, padding=self._specs, dilation=self.dilation)


@dataclass(frozen=True)
class _Pool2D(_WindowLayer):
    """Shared fields, checks and rules of the two pooling layers."""

    size: Any
    stride: Any = None
    padding: Any = "valid"
    name: str | None = None

    def __post_init__(self) -> None:
        kind = type(self).__name__
        size = _pair(kind, "size", self.size)
        object.__setattr__(self, "size", size)
        stride = size if self.stride is None else _pair(kind, "stride", self.stride)
        object.__setattr__(self, "stride", stride)
        self._resolve_padding()
        object.__setattr__(self, "name", as_name(f"{kind} name", self.name))

    def _window(self) -> tuple[Any, Any, Any, str]:
        return self.size, self.stride, 1, "size"

    def _resolve_geometry(self, input_shape: Shape) -> LayerGeometry:
        return pool_geometry(input_shape[:2], self.size, self.stride, self._specs)

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        g = self._spatial(input_shape, _label(self, label), source)
        return (*g.output, input_shape[2])


@dataclass(frozen=True)
class MaxPool2D(_Pool2D):
    """Max pooling over ``size`` windows, per channel; padded cells never win.

    Args:
        size: Pool window ``(h, w)`` or one int (>= 1).
        stride: ``(sh, sw)``, one int, or ``None`` for the pool size (the default
            in TensorFlow, Keras and PyTorch).
        padding: ``"valid"``, ``"same"``, an int, a ``(rows, columns)`` pair or
            ``((top, bottom), (left, right))``; at most ``size - 1`` zeros a side.
        name: Optional label used in traces and error messages.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If an argument is out of range.

    Examples:
        >>> MaxPool2D(8, padding="SAME")
        MaxPool2D(size=(8, 8), stride=(8, 8), padding='same', name=None)
        >>> MaxPool2D((2, 3), stride=1).stride
        (1, 1)
    """

    kind: ClassVar[str] = "maxpool"

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        from convmap.pool import max_pool2d

        return max_pool2d(x, self.size, stride=self.stride, padding=self._specs)


@dataclass(frozen=True)
class AvgPool2D(_Pool2D):
    """Average pooling; each window divides by its number of real (unpadded) cells.

    Args:
        size: Pool window ``(h, w)`` or one int (>= 1).
        stride: ``(sh, sw)``, one int, or ``None`` for the pool size.
        padding: ``"valid"``, ``"same"``, an int, a ``(rows, columns)`` pair or
            ``((top, bottom), (left, right))``; at most ``size - 1`` zeros a side.
        name: Optional label used in traces and error messages.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If an argument is out of range.

    Examples:
        >>> AvgPool2D(2)
        AvgPool2D(size=(2, 2), stride=(2, 2), padding='valid', name=None)
    """

    kind: ClassVar[str] = "avgpool"

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        from convmap.pool import avg_pool2d

        return avg_pool2d(x, self.size, stride=self.stride, padding=self._specs)


@dataclass(frozen=True)
class ReLU(Layer):
    """Element-wise ``max(x, 0)``: same shape, no parameters, same receptive field.

    Examples:
        >>> ReLU()
        ReLU(name=None)
        >>> ReLU().output_shape((8, 8, 3))
        (8, 8, 3)
    """

    name: str | None = None

    kind: ClassVar[str] = "relu"

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", as_name("ReLU name", self.name))

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        return tuple(input_shape)

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        import numpy as np

        return np.maximum(x, 0)


@dataclass(frozen=True)
class Flatten(Layer):
    """Flatten ``(H, W, C)`` into ``H * W * C`` values in NHWC (row, column, channel) order.

    TensorFlow's ``reshape`` / Keras ``Flatten`` use this order; PyTorch's
    ``nn.Flatten`` on NCHW tensors uses (channel, row, column): same count,
    different order.

    Examples:
        >>> Flatten()
        Flatten(name=None)
        >>> Flatten().output_shape((2, 2, 16))
        (64,)
    """

    name: str | None = None

    kind: ClassVar[str] = "flatten"

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", as_name("Flatten name", self.name))

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        if len(input_shape) != 3:
            raise ValueError(
                f"{_label(self, label)} gets the already flat shape {input_shape} from "
                f"{source}; use Flatten once, after the last convolution or pooling layer"
            )
        return (math.prod(input_shape),)

    def field(self, field: Field, input_shape: Shape) -> Field:
        """The receptive `Field` of the output, from the field of the input."""
        return replace(field, flat="one")

    def back(self, region: Region, input_shape: Shape) -> Region:
        """The region of the input that a region of the output depends on (padding dropped)."""
        # Unit u is (row, col, channel) = divmod chain over (H, W, C), NHWC order.
        h, w, c = input_shape
        units = region.units or frozenset()
        if isinstance(units, range) and units.step == 1 and len(units) >= w * c:
            # a run of whole rows' worth of units covers every column (no unit loop)
            first, last = units[0] // (w * c), units[-1] // (w * c)
            return Region(rows=frozenset(range(first, last + 1)), cols=frozenset(range(w)))
        return Region(
            rows=frozenset(u // (w * c) for u in units),
            cols=frozenset((u // c) % w for u in units),
        )

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        return x.reshape(x.shape[0], math.prod(x.shape[1:]))


@dataclass(frozen=True)
class Dense(Layer):
    """A fully connected layer: every unit sees every value of its (flattened) input.

    Args:
        units: Number of output units (>= 1).
        bias: Whether each unit adds a bias.
        name: Optional label used in traces and error messages.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If ``units`` < 1.

    Examples:
        >>> Dense(6)
        Dense(units=6, bias=True, name=None)
        >>> Dense(6).weight_shapes((64,)), Dense(6, bias=False).params((64,))
        (((64, 6), (6,)), 384)
    """

    units: int
    bias: bool = True
    name: str | None = None

    kind: ClassVar[str] = "dense"

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", as_int("Dense units", self.units, 1))
        object.__setattr__(self, "bias", as_bool("Dense bias", self.bias))
        object.__setattr__(self, "name", as_name("Dense name", self.name))

    def output_shape(
        self, input_shape: Shape, *, label: str | None = None, source: str = "its input"
    ) -> Shape:
        """The output shape for ``input_shape``; ``ValueError`` naming ``label`` if none."""
        if len(input_shape) != 1:
            raise ValueError(
                f"{_label(self, label)} needs a flat input but gets shape {input_shape} "
                f"from {source}; add Flatten() before it (a Dense layer would see "
                f"{math.prod(input_shape)} values)"
            )
        return (self.units,)

    def weight_shapes(self, input_shape: Shape) -> tuple[Shape, ...]:
        """Shapes of the trainable arrays: weights first, then the bias if any."""
        w = (input_shape[0], self.units)
        return (w, (self.units,)) if self.bias else (w,)

    def describe_weights(self, input_shape: Shape) -> str:
        """The expected weight shape in words, for error messages."""
        shape = self.weight_shapes(input_shape)[0]
        return f"(inputs, units) = {shape} for the input shape {input_shape}"

    def fans(self, input_shape: Shape) -> tuple[int, int]:
        """``(fan_in, fan_out)`` for Glorot initialisation."""
        return (input_shape[0], self.units)

    def field(self, field: Field, input_shape: Shape) -> Field:
        """The receptive `Field` of the output, from the field of the input."""
        return replace(field, flat="all")

    def back(self, region: Region, input_shape: Shape) -> Region:
        """The region of the input that a region of the output depends on (padding dropped)."""
        return Region(units=range(input_shape[0]))  # every input unit, kept as a range

    def forward(self, x: Any, weights: tuple[Any, ...]) -> Any:
        """This layer on a NumPy batch (imports NumPy when called)."""
        out = x @ weights[0]
        return out + weights[1] if self.bias else out
