"""Argument checks for the figure functions: clear errors, NumPy scalars accepted.

Pure Python (no NumPy import), built on the package's own rules
(`convmap._checks`): an integer is a Python or NumPy integer, never a bool or a
float, and a flag is a Python or NumPy bool. What this module adds is what
only figures take: indices into a grid, positions, ranges, and pairs given as
any sequence or NumPy array. Every error names the argument, the value
received and what is valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmap._checks import _is_bool, as_bool, as_int

__all__ = ["as_count", "as_flag", "as_index", "as_pair", "as_position", "as_range"]


def as_count(name: str, value: Any, minimum: int = 1) -> int:
    """An integer of at least ``minimum`` (a size, a kernel length, a stride).

    Args:
        name: The argument's name, for the message.
        value: A Python or NumPy integer (not a bool).
        minimum: The smallest valid value.

    Returns:
        The value as a Python ``int``.

    Raises:
        TypeError: If ``value`` is not an integer.
        ValueError: If it is below ``minimum``.

    Examples:
        >>> as_count("size", 5)
        5
        >>> as_count("size", 0)
        Traceback (most recent call last):
        ...
        ValueError: size must be an integer >= 1, got 0
        >>> as_count("size", True)
        Traceback (most recent call last):
        ...
        TypeError: size must be an integer >= 1, got True of type bool
    """
    return as_int(name, value, minimum)


def as_index(name: str, value: Any, stop: int, start: int = 0, what: str = "") -> int:
    """An integer index in ``start .. stop - 1``.

    Args:
        name: The argument's name.
        value: A Python or NumPy integer.
        stop: One past the largest valid index.
        start: The smallest valid index (negative for padded positions).
        what: Words for what the range is, e.g. ``"this layer has 61 outputs"``.

    Returns:
        The index as a Python ``int``.

    Raises:
        TypeError: If ``value`` is not an integer.
        ValueError: If it is out of range.

    Examples:
        >>> as_index("neuron", 3, 4)
        3
        >>> as_index("neuron", 4, 4, what="4 outputs")
        Traceback (most recent call last):
        ...
        ValueError: neuron must be an index in 0..3 (4 outputs), got 4
    """
    number = as_int(name, value, None)
    if not start <= number < stop:
        extra = f" ({what})" if what else ""
        raise ValueError(f"{name} must be an index in {start}..{stop - 1}{extra}, got {number}")
    return number


def as_pair(name: str, value: Any, minimum: int = 1) -> tuple[int, int]:
    """Two integers ``(rows, cols)``; one integer means a square ``(n, n)``.

    Args:
        name: The argument's name.
        value: An integer, or a sequence of exactly two integers.
        minimum: The smallest valid value of each.

    Returns:
        A tuple of two Python ints.

    Raises:
        TypeError: If it is neither an integer nor a sequence of integers.
        ValueError: If it has other than two entries or one is below ``minimum``.

    Examples:
        >>> as_pair("kernel", 3), as_pair("kernel", [2, 4])
        ((3, 3), (2, 4))
        >>> as_pair("kernel", (1, 2, 3))
        Traceback (most recent call last):
        ...
        ValueError: kernel must be one integer or a pair (rows, cols), got 3 entries: (1, 2, 3)
    """
    if getattr(value, "ndim", 0) and hasattr(value, "tolist"):  # a NumPy array
        return as_pair(name, value.tolist(), minimum)
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        if hasattr(value, "__index__") and not _is_bool(value):
            n = as_count(name, value, minimum)
            return n, n
        raise TypeError(f"{name} must be one integer or a pair (rows, cols), got {value!r}")
    if len(value) != 2:
        raise ValueError(
            f"{name} must be one integer or a pair (rows, cols), got {len(value)} entries: "
            f"{value!r}"
        )
    return as_count(f"{name}[0]", value[0], minimum), as_count(f"{name}[1]", value[1], minimum)


def as_position(name: str, value: Any, rows: range, cols: range, what: str = "") -> tuple[int, int]:
    """A ``(row, col)`` pair of indices inside ``rows`` x ``cols``.

    Args:
        name: The argument's name.
        value: A sequence of two integers.
        rows: The valid row indices (a ``range``).
        cols: The valid column indices.
        what: Words for what the grid is.

    Returns:
        ``(row, col)`` as Python ints.

    Raises:
        TypeError: If it is not a pair of integers.
        ValueError: If it has other than two entries or is outside the grid.

    Examples:
        >>> as_position("neuron", (1, 2), range(3), range(3))
        (1, 2)
        >>> as_position("neuron", (1, 3), range(3), range(3), "output 3 x 3")
        Traceback (most recent call last):
        ...
        ValueError: neuron[1] must be an index in 0..2 (output 3 x 3), got 3
    """
    if getattr(value, "ndim", 0) and hasattr(value, "tolist"):  # a NumPy array
        return as_position(name, value.tolist(), rows, cols, what)
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a (row, col) pair of integers, got {value!r}")
    if len(value) != 2:
        raise ValueError(f"{name} must be a (row, col) pair, got {len(value)} entries: {value!r}")
    r = as_index(f"{name}[0]", value[0], rows.stop, rows.start, what)
    c = as_index(f"{name}[1]", value[1], cols.stop, cols.start, what)
    return r, c


def as_range(name: str, value: Any, lo: int, hi: int) -> tuple[int, int]:
    """A half-open ``(first, stop)`` range with ``lo <= first < stop <= hi``.

    Args:
        name: The argument's name.
        value: A sequence of two integers.
        lo: The smallest valid ``first``.
        hi: The largest valid ``stop``.

    Returns:
        ``(first, stop)`` as Python ints.

    Raises:
        TypeError: If it is not a pair of integers.
        ValueError: If the range is empty or outside ``lo .. hi``.

    Examples:
        >>> as_range("output_rows", (0, 8), 0, 64)
        (0, 8)
        >>> as_range("output_rows", (8, 8), 0, 64)
        Traceback (most recent call last):
        ...
        ValueError: output_rows must be a half-open range (first, stop) with 0 <= first < stop <= 64, got (8, 8)
    """  # noqa: E501
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(f"{name} must be a (first, stop) pair of integers, got {value!r}")
    first, stop = as_int(f"{name}[0]", value[0], None), as_int(f"{name}[1]", value[1], None)
    if not lo <= first < stop <= hi:
        raise ValueError(
            f"{name} must be a half-open range (first, stop) with {lo} <= first < stop <= {hi}, "
            f"got {tuple(value)!r}"
        )
    return first, stop


def as_flag(name: str, value: Any) -> bool:
    """A Python or NumPy bool (`convmap._checks.as_bool`).

    Args:
        name: The argument's name.
        value: ``True``/``False`` or ``np.bool_``.

    Returns:
        The value as a Python ``bool``.

    Raises:
        TypeError: If it is not a bool.

    Examples:
        >>> as_flag("counts", True)
        True
        >>> as_flag("counts", 1)
        Traceback (most recent call last):
        ...
        TypeError: counts must be True or False, got 1 of type int
    """
    return as_bool(name, value)
