"""Layer descriptions for a stack: what each layer is, not what it computes.

A stack is a plain list of these frozen dataclasses, e.g. the Q&A's model:

    [Conv2D(8, 4, padding="same", bias=False), ReLU(), MaxPool2D(8, padding="same"),
     Conv2D(16, 2, padding="same", bias=False), ReLU(), MaxPool2D(4, padding="same"),
     Flatten(), Dense(6)]

Each constructor checks its arguments at once and raises a ``TypeError`` or
``ValueError`` that names the layer, the argument, the value and what is valid,
so a typo such as ``stride=0`` fails where it is written. Kernel, stride,
dilation and pool size are stored as ``(rows, columns)`` pairs; padding is
stored as given (words lower-cased) and resolved per layer input by
`convmap.geometry.layer_geometry`. `convmap.network` traces shapes,
parameters and receptive fields through a stack and runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convmap._checks import as_int, as_pair, padding_per_axis

__all__ = ["AvgPool2D", "Conv2D", "Dense", "Flatten", "Layer", "MaxPool2D", "ReLU"]


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


def _padding(layer: str, padding: Any) -> Any:
    padding_per_axis(f"{layer} padding", padding)  # raises with a clear message
    if isinstance(padding, str):
        return padding.lower()
    if isinstance(padding, list):
        return tuple(tuple(p) if isinstance(p, list) else p for p in padding)
    return padding


def _name(layer: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{layer} name must be a string or None, got {value!r}")
    return value


def _bool(layer: str, name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{layer} {name} must be True or False, got {value!r}")
    return value


@dataclass(frozen=True)
class Conv2D:
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", as_int("Conv2D filters", self.filters, 1))
        object.__setattr__(self, "kernel", _pair("Conv2D", "kernel", self.kernel))
        object.__setattr__(self, "stride", _pair("Conv2D", "stride", self.stride))
        object.__setattr__(self, "padding", _padding("Conv2D", self.padding))
        object.__setattr__(self, "dilation", _pair("Conv2D", "dilation", self.dilation))
        object.__setattr__(self, "bias", _bool("Conv2D", "bias", self.bias))
        _name("Conv2D", self.name)


@dataclass(frozen=True)
class _Pool2D:
    """Shared fields and checks of the two pooling layers."""

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
        object.__setattr__(self, "padding", _padding(kind, self.padding))
        _name(kind, self.name)


@dataclass(frozen=True)
class MaxPool2D(_Pool2D):
    """Max pooling over ``size`` windows, per channel; padded cells never win.

    Args:
        size: Pool window ``(h, w)`` or one int (>= 1).
        stride: ``(sh, sw)``, one int, or ``None`` for the pool size (the default
            in TensorFlow, Keras and PyTorch).
        padding: ``"valid"``, ``"same"``, an int, a ``(rows, columns)`` pair or
            ``((top, bottom), (left, right))``.
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


@dataclass(frozen=True)
class AvgPool2D(_Pool2D):
    """Average pooling; each window divides by its number of real (unpadded) cells.

    Args:
        size: Pool window ``(h, w)`` or one int (>= 1).
        stride: ``(sh, sw)``, one int, or ``None`` for the pool size.
        padding: ``"valid"``, ``"same"``, an int, a ``(rows, columns)`` pair or
            ``((top, bottom), (left, right))``.
        name: Optional label used in traces and error messages.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If an argument is out of range.

    Examples:
        >>> AvgPool2D(2)
        AvgPool2D(size=(2, 2), stride=(2, 2), padding='valid', name=None)
    """


@dataclass(frozen=True)
class ReLU:
    """Element-wise ``max(x, 0)``: same shape, no parameters, same receptive field.

    Examples:
        >>> ReLU()
        ReLU(name=None)
    """

    name: str | None = None

    def __post_init__(self) -> None:
        _name("ReLU", self.name)


@dataclass(frozen=True)
class Flatten:
    """Flatten ``(H, W, C)`` into ``H * W * C`` values in NHWC (row, column, channel) order.

    TensorFlow's ``reshape`` / Keras ``Flatten`` use this order; PyTorch's
    ``nn.Flatten`` on NCHW tensors uses (channel, row, column): same count,
    different order.

    Examples:
        >>> Flatten()
        Flatten(name=None)
    """

    name: str | None = None

    def __post_init__(self) -> None:
        _name("Flatten", self.name)


@dataclass(frozen=True)
class Dense:
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
    """

    units: int
    bias: bool = True
    name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", as_int("Dense units", self.units, 1))
        object.__setattr__(self, "bias", _bool("Dense", "bias", self.bias))
        _name("Dense", self.name)


Layer = Conv2D | MaxPool2D | AvgPool2D | ReLU | Flatten | Dense
"""Any one layer description."""
