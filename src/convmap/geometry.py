"""Geometry of a convolution or pooling layer: one `Axis` per direction.

Everything here is pure Python. A 2-D layer is the product of its row axis
and its column axis (`LayerGeometry` holds both). Coordinates are 0-based; a
padded position is an index outside ``0..size-1`` (``-1`` is the first zero
before the image, ``size`` the first zero after it).

An `Axis` is built once from a layer's settings, with its padding parsed
once by `convmap.padding` (``"valid"``, ``"same"`` with TensorFlow's rule,
``"full"``, an int, or a ``(before, after)`` pair; words case-insensitive).
Output ``i`` starts at ``Axis.start(i) = i * stride - before``; that formula
lives in `Axis.start` alone, and every window, reverse mapping and figure is
derived from it. The four one-axis functions (`output_size`,
`padding_amounts`, `input_window`, `neurons_seeing`) are thin wrappers.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Any

from convmap._checks import as_int, as_pair
from convmap.padding import AxisPadding, parse_2d, parse_axis

__all__ = [
    "Axis",
    "LayerGeometry",
    "input_window",
    "layer_geometry",
    "neurons_seeing",
    "output_size",
    "padding_amounts",
    "pool_geometry",
    "PoolPaddingError",
]

Padding = str | int | tuple[int, int]

_ROWS, _COLS = " on the rows (height)", " on the columns (width)"


@dataclass(frozen=True)
class Axis:
    """One axis of a layer, every setting resolved to integers.

    Build it with `Axis.of` from the padding grammar, or directly from zeros
    per side. The constructor checks every value and refuses a kernel that
    does not fit the padded input.

    Attributes:
        size: Input length (>= 1).
        kernel: Kernel or pooling-window length (>= 1).
        stride: Step between neighbouring outputs (>= 1).
        dilation: Gap factor between kernel taps (>= 1).
        before: Zeros before index 0 (>= 0).
        after: Zeros after index ``size - 1`` (>= 0).
        out: Number of outputs, ``(size + before + after - span) // stride + 1``.

    Examples:
        >>> a = Axis.of(64, 4, 1, "same")
        >>> a.before, a.after, a.out, a.span
        (1, 2, 64, 4)
        >>> a.window(0), a.seeing(63), a.reads(63)
        ([-1, 0, 1, 2], [61, 62, 63], range(62, 64))
    """

    size: int
    kernel: int
    stride: int = 1
    dilation: int = 1
    before: int = 0
    after: int = 0
    out: int = field(init=False)

    def __post_init__(self) -> None:
        self._build("", "kernel")

    def _build(self, where: str, kernel_name: str) -> None:
        for attr, name in (("size", "size"), ("kernel", kernel_name), ("stride", "stride"),
                           ("dilation", "dilation")):  # fmt: skip
            object.__setattr__(self, attr, as_int(name, getattr(self, attr), 1))
        object.__setattr__(self, "before", as_int("padding before", self.before, 0))
        object.__setattr__(self, "after", as_int("padding after", self.after, 0))
        if self.span > self.padded:
            raise ValueError(self._too_long(where, kernel_name))
        object.__setattr__(self, "out", (self.padded - self.span) // self.stride + 1)

    def _too_long(self, where: str, kernel_name: str) -> str:
        sizes = f"({self.size} + {self.before} + {self.after} = {self.padded})"
        if kernel_name == "kernel":
            return (
                f"kernel {self.kernel} with dilation {self.dilation} spans {self.span} "
                f"positions{where}, more than the padded input {sizes}; use a kernel "
                f"spanning at most {self.padded} positions or more padding"
            )
        return (
            f"{kernel_name} {self.kernel}{where} is larger than the padded input {sizes}; "
            f"use a {kernel_name} of at most {self.padded} or more padding"
        )

    @classmethod
    def of(
        cls,
        size: int,
        kernel: int,
        stride: int = 1,
        padding: Padding | AxisPadding = "valid",
        dilation: int = 1,
        *,
        where: str = "",
        kernel_name: str = "kernel",
    ) -> Axis:
        """Build an axis from the padding grammar (see `convmap.padding`).

        Args:
            size: Input length (>= 1).
            kernel: Kernel length (>= 1).
            stride: Step between outputs (>= 1).
            padding: A word, an int, a ``(before, after)`` pair or an
                already parsed `convmap.padding.AxisPadding`.
            dilation: Gap factor between taps (>= 1).
            where: Text naming the axis in error messages (e.g. ``" on the rows"``).
            kernel_name: The kernel's name in error messages (``"size"`` for pools).

        Returns:
            The resolved `Axis`.

        Raises:
            TypeError: If a setting has the wrong type.
            ValueError: If a setting is out of range or the kernel does not fit.
        """
        size = as_int("size", size, 1)
        kernel = as_int(kernel_name, kernel, 1)
        stride = as_int("stride", stride, 1)
        dilation = as_int("dilation", dilation, 1)
        before, after = parse_axis("padding", padding).amounts(size, kernel, stride, dilation)
        axis = object.__new__(cls)
        for name, value in zip(
            ("size", "kernel", "stride", "dilation", "before", "after"),
            (size, kernel, stride, dilation, before, after),
            strict=True,
        ):
            object.__setattr__(axis, name, value)
        axis._build(where, kernel_name)
        return axis

    @property
    def span(self) -> int:
        """Positions one window covers, gaps included: ``dilation * (kernel - 1) + 1``."""
        return self.dilation * (self.kernel - 1) + 1

    @property
    def padded(self) -> int:
        """Length of the padded input, ``before + size + after``."""
        return self.before + self.size + self.after

    @property
    def padding(self) -> tuple[int, int]:
        """``(before, after)`` zeros."""
        return (self.before, self.after)

    def start(self, index: int) -> int:
        """First position output ``index`` reads: ``index * stride - before``."""
        return index * self.stride - self.before

    def _index(self, index: Any) -> int:
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise TypeError(f"index must be an integer in 0..{self.out - 1}, got {index!r}")
        if not 0 <= index < self.out:
            raise ValueError(
                f"index must be an output position in 0..{self.out - 1} (this layer has "
                f"{self.out} outputs), got {index}"
            )
        return int(index)

    def window(self, index: int) -> list[int]:
        """Positions output ``index`` reads, one per tap, padded ones included."""
        first = self.start(self._index(index))
        return list(range(first, first + self.span, self.dilation))

    def reads(self, index: int) -> range:
        """Real (unpadded) positions output ``index`` reads, ascending."""
        first = self.start(self._index(index))
        low = max(0, -(-(0 - first) // self.dilation))
        high = min(self.kernel - 1, (self.size - 1 - first) // self.dilation)
        if low > high:
            return range(0)
        return range(first + low * self.dilation, first + high * self.dilation + 1, self.dilation)

    def seeing(self, pixel: int) -> list[int]:
        """Outputs whose window holds position ``pixel`` (padded allowed), ascending.

        Closed form: output ``i`` reads ``pixel`` through tap ``t`` exactly when
        ``i * stride + t * dilation == pixel + before``, a linear equation whose
        solutions ``i`` step by ``dilation // gcd(stride, dilation)``; the cost
        grows with the number of outputs returned, not with the kernel.
        """
        low_pixel, high_pixel = -self.before, self.size + self.after - 1
        if isinstance(pixel, bool) or not isinstance(pixel, numbers.Integral):
            raise TypeError(f"pixel must be an integer in {low_pixel}..{high_pixel}, got {pixel!r}")
        if not low_pixel <= pixel <= high_pixel:
            raise ValueError(
                f"pixel must be a position of the padded input, {low_pixel}..{high_pixel} "
                f"(size {self.size}, padding ({self.before}, {self.after})), got {pixel}"
            )
        offset = int(pixel) + self.before  # position in the padded input, >= 0
        s, d = self.stride, self.dilation
        g = math.gcd(s, d)
        if offset % g:
            return []
        step = d // g
        residue = (offset // g) * pow(s // g, -1, step) % step if step > 1 else 0
        low = max(0, -(-(offset - (self.kernel - 1) * d) // s))
        high = min(self.out - 1, offset // s)
        first = low + (residue - low) % step
        return list(range(first, high + 1, step))


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
        ``(before, after)``, the zeros placed before index 0
            and after index ``size - 1``.

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
    return Axis.of(size, kernel, stride, padding, dilation).padding


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
    return Axis.of(size, kernel, stride, padding, dilation).out


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
    return Axis.of(size, kernel, stride, padding, dilation).window(index)


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
    input pixel that a stride larger than the kernel skips. The answer is
    computed in closed form (see `Axis.seeing`), so a huge kernel costs nothing.

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
        >>> neurons_seeing(0, 10**7, 10**7)         # instant: closed form
        [0]
    """
    return Axis.of(size, kernel, stride, padding, dilation).seeing(pixel)


@dataclass(frozen=True, init=False)
class LayerGeometry:
    """A 2-D layer's geometry: its row `Axis` and its column `Axis`.

    Attributes:
        rows: The row (height) axis.
        cols: The column (width) axis.

    The pairs ``input``, ``kernel``, ``stride``, ``dilation``, ``padding``
    (``((top, bottom), (left, right))``) and ``output`` read both axes at once.

    Examples:
        >>> g = layer_geometry((5, 7), 3, (1, 2), "same")
        >>> g.output, g.padding, g.cols.window(0)
        ((5, 4), ((1, 1), (1, 1)), [-1, 0, 1])
    """

    rows: Axis
    cols: Axis

    def __init__(self, rows: Axis, cols: Axis, *legacy: Any) -> None:
        if legacy:  # the old NamedTuple form: input, kernel, stride, dilation, padding, output
            rows, cols = self._from_pairs(rows, cols, *legacy)
        for name, axis in (("rows", rows), ("cols", cols)):
            if not isinstance(axis, Axis):
                raise TypeError(f"LayerGeometry {name} must be an Axis, got {axis!r}")
            object.__setattr__(self, name, axis)

    @staticmethod
    def _from_pairs(*pairs: Any) -> tuple[Axis, Axis]:
        if len(pairs) != 6:
            raise TypeError(
                "LayerGeometry takes (rows, cols) axes, or the six pairs input, kernel, "
                f"stride, dilation, padding, output; got {len(pairs)} arguments"
            )
        size, kernel, stride, dilation, padding, output = pairs
        axes = tuple(
            Axis(size[a], kernel[a], stride[a], dilation[a], *padding[a]) for a in range(2)
        )
        if (axes[0].out, axes[1].out) != tuple(output):
            raise ValueError(
                f"LayerGeometry output {tuple(output)} does not follow from the settings, "
                f"which give {(axes[0].out, axes[1].out)}"
            )
        return axes[0], axes[1]

    @classmethod
    def of(
        cls,
        input_size: Any,
        kernel: Any,
        stride: Any = 1,
        padding: Any = "valid",
        dilation: Any = 1,
        *,
        kernel_name: str = "kernel",
    ) -> LayerGeometry:
        """`layer_geometry`, with the kernel's name for error messages (``"size"`` for pools).

        ``padding`` may also be an already parsed pair from
        `convmap.padding.parse_2d`, which is then not parsed again. Settings
        made only of plain ``int``/``str`` values (and tuples of them) are
        resolved once and remembered: a small layer would otherwise spend
        more time here than in its arithmetic. Anything else (NumPy integers,
        lists, booleans, which must be refused) takes the full path every time.
        """
        key = (input_size, kernel, stride, padding, dilation, kernel_name)
        return _remembered(
            _KNOWN,
            key,
            lambda: cls._resolve(input_size, kernel, stride, padding, dilation, kernel_name),
        )

    @classmethod
    def _resolve(cls, input_size, kernel, stride, padding, dilation, kernel_name) -> LayerGeometry:
        """Check and resolve the settings (the uncached body of `of`)."""
        size_hw = as_pair("input_size", input_size, 1)
        kernel_hw = as_pair(kernel_name, kernel, 1)
        stride_hw = as_pair("stride", stride, 1)
        dilation_hw = as_pair("dilation", dilation, 1)
        specs = parse_2d("padding", padding)
        axes = [
            Axis.of(
                size_hw[a],
                kernel_hw[a],
                stride_hw[a],
                specs[a],
                dilation_hw[a],
                where=where,
                kernel_name=kernel_name,
            )  # fmt: skip
            for a, where in enumerate((_ROWS, _COLS))
        ]
        return cls(axes[0], axes[1])

    def __iter__(self) -> Any:
        """Unpack as ``input, kernel, stride, dilation, padding, output`` (the old tuple)."""
        return iter(
            (self.input, self.kernel, self.stride, self.dilation, self.padding, self.output)
        )

    @property
    def axes(self) -> tuple[Axis, Axis]:
        """``(rows, cols)``."""
        return (self.rows, self.cols)

    @property
    def input(self) -> tuple[int, int]:
        """``(height, width)`` of the input."""
        return (self.rows.size, self.cols.size)

    @property
    def kernel(self) -> tuple[int, int]:
        """``(kh, kw)``."""
        return (self.rows.kernel, self.cols.kernel)

    @property
    def stride(self) -> tuple[int, int]:
        """``(sh, sw)``."""
        return (self.rows.stride, self.cols.stride)

    @property
    def dilation(self) -> tuple[int, int]:
        """``(dh, dw)``."""
        return (self.rows.dilation, self.cols.dilation)

    @property
    def padding(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """``((top, bottom), (left, right))`` in zeros."""
        return (self.rows.padding, self.cols.padding)

    @property
    def output(self) -> tuple[int, int]:
        """``(out_height, out_width)``."""
        return (self.rows.out, self.cols.out)


_KNOWN: dict[tuple, LayerGeometry] = {}  # resolved plain settings (LayerGeometry is frozen)
_KNOWN_POOLS: dict[tuple, LayerGeometry] = {}  # the same for pool_geometry
_KNOWN_MAX = 512


def _remembered(cache: dict, key: tuple, resolve) -> LayerGeometry:
    """``resolve()``, remembered in ``cache`` under ``key`` when the key is `_plain`.

    Errors are never remembered (``resolve`` raises before anything is stored).
    """
    if not _plain(key):
        return resolve()
    found = cache.get(key)
    if found is None:
        found = resolve()
        if len(cache) >= _KNOWN_MAX:
            cache.clear()
        cache[key] = found
    return found


def _plain(value: Any) -> bool:
    """Whether ``value`` is an ``int`` or ``str`` (exactly), or a tuple of such values.

    Only such keys are remembered: ``True == 1`` and ``np.int64(1) == 1``
    hash alike, but must not share a cached answer.

    Examples:
        >>> _plain(((64, 64), 4, "same")), _plain((True, 1)), _plain([1, 2])
        (True, False, False)
    """
    kind = type(value)
    if kind is int or kind is str:
        return True
    if kind is not tuple:
        return False
    for item in value:
        kind = type(item)
        if kind is not int and kind is not str and not (kind is tuple and _plain(item)):
            return False
    return True


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
        The two resolved axes.

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
    return LayerGeometry.of(input_size, kernel, stride, padding, dilation)


class PoolPaddingError(ValueError):
    """A pooling padding of the window size or more on some side (TensorFlow refuses it)."""


def pool_geometry(input_hw: Any, size: Any, stride: Any, padding: Any) -> LayerGeometry:
    """A pooling layer's geometry, with TensorFlow's pooling-padding rule.

    TensorFlow refuses a padding of ``size`` or more zeros on any side (``Top
    padding 3 needs to be smaller than the window size 3``): such a window
    could hold only padding and have no value. The rule is the same for
    ``max_pool2d``, ``avg_pool2d`` and the pooling layers in a trace.

    Args:
        input_hw: ``(height, width)`` of the input.
        size: Pool window, an int or ``(h, w)``.
        stride: An int or ``(sh, sw)``; ``None`` means ``size``.
        padding: Any 2-D padding (see `convmap.padding`).

    Returns:
        The resolved geometry (dilation 1).

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range, the window does not fit, or a
            side has ``size`` or more zeros.

    Examples:
        >>> pool_geometry((64, 64), 8, None, "same").output
        (8, 8)
        >>> pool_geometry((4, 4), 2, 3, ((0, 2), (0, 2)))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        convmap.geometry.PoolPaddingError: padding (0, 2) on the rows is too large for ...
    """
    key = (input_hw, size, int(stride is None), 0 if stride is None else stride, padding)
    return _remembered(_KNOWN_POOLS, key, lambda: _resolve_pool(input_hw, size, stride, padding))


def _resolve_pool(input_hw: Any, size: Any, stride: Any, padding: Any) -> LayerGeometry:
    """`pool_geometry` without the memory of earlier answers."""
    size_hw = as_pair("size", size, 1)
    stride_hw = size_hw if stride is None else as_pair("stride", stride, 1)
    g = LayerGeometry.of(input_hw, size_hw, stride_hw, padding, 1, kernel_name="size")
    for axis, word in zip(g.axes, ("rows", "columns"), strict=True):
        if max(axis.padding) >= axis.kernel:
            raise PoolPaddingError(
                f"padding {axis.padding} on the {word} is too large for a pooling window "
                f"of size {axis.kernel}: a window that holds only padding would have no value "
                f"(TensorFlow refuses a side of {axis.kernel} or more zeros); use at most "
                f"{axis.kernel - 1} zeros per side"
            )
    return g
