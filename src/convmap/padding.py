"""The padding grammar: what a ``padding`` argument may say, parsed once.

Every public function and layer that takes ``padding`` passes it through
`parse_axis` (one axis) or `parse_2d` (rows and columns) exactly once; the
result, a `AxisPadding` per axis, is resolved to zeros per side by
`AxisPadding.amounts` when the axis's size, kernel, stride and dilation are
known. Pure Python.

One axis may say:

* ``"valid"``: no padding;
* ``"same"``: TensorFlow's rule: ``out = ceil(size / stride)``, the total
  padding is ``max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)``,
  ``before = total // 2`` and the odd extra zero goes *after* (bottom/right);
* ``"full"``: ``dilation * (kernel - 1)`` zeros on both sides, so every tap
  overlap is an output;
* an int ``p``: ``p`` zeros on both sides;
* a ``(before, after)`` pair of ints.

PyTorch's own ``padding="same"`` is not one of these words (it refuses any
stride > 1, where TensorFlow's SAME works): `torch_same_padding` gives the
zeros it adds, or its refusal.

Two axes may say a word or an int for both, a ``(rows, columns)`` pair of
one-axis paddings, or ``((top, bottom), (left, right))``. Words are
case-insensitive, so TensorFlow's ``"SAME"`` works too.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from convmap._checks import as_int

__all__ = ["PADDING_WORDS", "AxisPadding", "parse_2d", "parse_axis", "torch_same_padding"]

PADDING_WORDS = ("valid", "same", "full")


@dataclass(frozen=True)
class AxisPadding:
    """One axis's padding after parsing: a word, or explicit zeros per side.

    Attributes:
        word: ``"valid"``, ``"same"`` or ``"full"``, or ``None`` when explicit.
        before: Explicit zeros before index 0 (0 when ``word`` is set).
        after: Explicit zeros after the last index (0 when ``word`` is set).

    Examples:
        >>> parse_axis("padding", "SAME").amounts(64, 4, 1, 1)
        (1, 2)
        >>> parse_axis("padding", (0, 3)).amounts(64, 4, 1, 1)
        (0, 3)
    """

    word: str | None = None
    before: int = 0
    after: int = 0

    def amounts(self, size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
        """Resolve to ``(before, after)`` zeros for an axis with these settings."""
        if self.word == "same":
            out = -(-size // stride)
            total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
            return (total // 2, total - total // 2)
        if self.word == "full":
            return (dilation * (kernel - 1), dilation * (kernel - 1))
        return (self.before, self.after)

    @property
    def given(self) -> str | tuple[int, int]:
        """The padding as the user would write it: the word, or ``(before, after)``."""
        return self.word if self.word is not None else (self.before, self.after)


def _words_message(name: str, padding: Any, pair: str) -> str:
    return (
        f"{name} must be one of 'valid', 'same', 'full', an integer >= 0 or {pair}, got {padding!r}"
    )


def parse_axis(name: str, padding: Any) -> AxisPadding:
    """Parse a one-axis padding (a word, an int >= 0 or a ``(before, after)`` pair).

    Args:
        name: The argument's name, for error messages.
        padding: The value to parse; an `AxisPadding` passes through.

    Returns:
        The parsed `AxisPadding`.

    Raises:
        TypeError: If ``padding`` has the wrong type.
        ValueError: If it is an unknown word, a negative amount or a sequence
            that is not a pair.

    Examples:
        >>> parse_axis("padding", 2)
        AxisPadding(word=None, before=2, after=2)
        >>> parse_axis("padding", "Full").word
        'full'
    """
    if isinstance(padding, AxisPadding):
        return padding
    if isinstance(padding, str):
        word = padding.lower()
        if word not in PADDING_WORDS:
            raise ValueError(
                _words_message(name, padding, "a (before, after) pair of integers >= 0")
            )
        return AxisPadding(word=word)
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"{name} as a sequence must be a (before, after) pair, got {padding!r} "
                f"with {len(padding)} entries"
            )
        return AxisPadding(
            before=as_int(f"{name} before", padding[0], 0),
            after=as_int(f"{name} after", padding[1], 0),
        )
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral):
        raise TypeError(
            f"{name} must be 'valid', 'same', 'full', an integer >= 0 or a "
            f"(before, after) pair, got {padding!r} of type {type(padding).__name__}"
        )
    amount = as_int(name, padding, 0)
    return AxisPadding(before=amount, after=amount)


def parse_2d(name: str, padding: Any) -> tuple[AxisPadding, AxisPadding]:
    """Parse a 2-D padding into one `AxisPadding` for the rows and one for the columns.

    A word or an int applies to both axes; a pair gives ``(rows, columns)``,
    each entry itself a one-axis padding, so ``((top, bottom), (left, right))``
    and ``(1, 2)`` both work.

    Args:
        name: The argument's name, for error messages.
        padding: The value to parse; a pair of `AxisPadding` passes through.

    Returns:
        ``(rows, columns)`` paddings.

    Raises:
        TypeError: If an entry has the wrong type.
        ValueError: If an entry is invalid or a sequence is not a pair.

    Examples:
        >>> rows, cols = parse_2d("padding", ((1, 2), 0))
        >>> rows.given, cols.given
        ((1, 2), (0, 0))
    """
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"{name} must be 'valid', 'same', 'full', an int, an (rows, columns) "
                f"pair or ((top, bottom), (left, right)), got {padding!r} with "
                f"{len(padding)} entries"
            )
        return (
            parse_axis(f"{name}[0] (rows)", padding[0]),
            parse_axis(f"{name}[1] (columns)", padding[1]),
        )
    spec = parse_axis(name, padding)
    return (spec, spec)


def torch_same_padding(
    size: int, kernel: int, stride: int = 1, dilation: int = 1
) -> tuple[int, int]:
    """The ``(before, after)`` zeros PyTorch's ``padding="same"`` adds on one axis.

    PyTorch pads ``total = dilation * (kernel - 1)`` zeros, ``total // 2``
    before and the odd extra one after (bottom/right), so the output has
    ``size`` positions: the same split as TensorFlow's SAME for stride 1.
    For a stride > 1 PyTorch refuses ``padding="same"`` (``RuntimeError:
    padding='same' is not supported for strided convolutions``), and so does
    this function; TensorFlow's SAME (convmap's ``padding="same"``) works
    for any stride.

    Args:
        size: Input positions on the axis (>= 1).
        kernel: Kernel taps on the axis (>= 1).
        stride: The stride (>= 1); only 1 is accepted, as in PyTorch.
        dilation: The dilation (>= 1).

    Returns:
        ``(before, after)`` zeros.

    Raises:
        TypeError: If an argument is not an integer (booleans and floats refused).
        ValueError: If an argument is below 1, or ``stride`` is above 1.

    Examples:
        >>> torch_same_padding(64, 4)
        (1, 2)
        >>> torch_same_padding(9, 3, dilation=2)
        (2, 2)
        >>> torch_same_padding(9, 3, stride=2)
        Traceback (most recent call last):
        ...
        ValueError: stride must be 1 for PyTorch's padding='same', got 2: PyTorch refuses it for strided convolutions ("padding='same' is not supported for strided convolutions"); use TensorFlow's SAME (convmap's padding='same') or explicit zeros per side
    """  # noqa: E501
    size = as_int("size", size, 1)
    kernel = as_int("kernel", kernel, 1)
    stride = as_int("stride", stride, 1)
    dilation = as_int("dilation", dilation, 1)
    if stride != 1:
        raise ValueError(
            f"stride must be 1 for PyTorch's padding='same', got {stride}: PyTorch refuses it "
            "for strided convolutions (\"padding='same' is not supported for strided "
            "convolutions\"); use TensorFlow's SAME (convmap's padding='same') or explicit "
            "zeros per side"
        )
    total = dilation * (kernel - 1)
    return (total // 2, total - total // 2)
