"""Argument checks for the transposed convolution and its geometry (pure Python).

Each check returns a clean Python value or raises a ``TypeError`` /
``ValueError`` whose message names the argument, the value received and what
would be valid. NumPy integer scalars pass wherever a Python ``int`` does;
booleans, floats and strings never do.
"""

from __future__ import annotations

import numbers
from typing import Any

WORDS = ("valid", "same", "full")
GRAMMAR = (
    "'valid', 'same', 'full', an integer >= 0, a (before, after) pair, "
    "a (rows, columns) pair or ((top, bottom), (left, right))"
)


def as_int(name: str, value: Any, minimum: int) -> int:
    """Return ``value`` as a Python ``int`` that is at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer >= {minimum}, got {value!r} of type {type(value).__name__}"
        )
    if int(value) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {int(value)}")
    return int(value)


def as_pair(name: str, value: Any, minimum: int) -> tuple[int, int]:
    """Return an int or an ``(h, w)`` pair as a pair of checked ints."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"{name} must be an integer or an (h, w) pair, got {value!r} "
                f"with {len(value)} entries"
            )
        return (as_int(f"{name}[0]", value[0], minimum), as_int(f"{name}[1]", value[1], minimum))
    number = as_int(name, value, minimum)
    return (number, number)


def axis_padding(name: str, padding: Any) -> str | tuple[int, int]:
    """One axis's padding: a lower-case word or a ``(before, after)`` pair of ints."""
    if isinstance(padding, str):
        if padding.lower() not in WORDS:
            raise ValueError(f"{name} must be one of {GRAMMAR}, got {padding!r}")
        return padding.lower()
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"{name} as a sequence must be a (before, after) pair, got {padding!r} "
                f"with {len(padding)} entries"
            )
        return (as_int(f"{name} before", padding[0], 0), as_int(f"{name} after", padding[1], 0))
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral):
        raise TypeError(
            f"{name} must be {GRAMMAR}, got {padding!r} of type {type(padding).__name__}"
        )
    amount = as_int(name, padding, 0)
    return (amount, amount)


def padding_pair(name: str, padding: Any) -> tuple[Any, Any]:
    """Split a 2-D padding into the rows' and the columns' one-axis paddings."""
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"{name} must be {GRAMMAR}, got {padding!r} with {len(padding)} entries"
            )
        return (
            axis_padding(f"{name}[0] (rows)", padding[0]),
            axis_padding(f"{name}[1] (columns)", padding[1]),
        )
    spec = axis_padding(name, padding)
    return (spec, spec)


def output_shape_pair(value: Any, batch: int | None, channels: int | None) -> tuple[int, int]:
    """TensorFlow's ``output_shape``: ``(height, width)`` or ``(batch, height, width, channels)``.

    A 4-entry shape must agree with the known batch and output channels (when
    they are given), as ``tf.nn.conv2d_transpose`` requires.
    """
    if not isinstance(value, (tuple, list)) or len(value) not in (2, 4):
        raise TypeError(
            "output_shape must be a (height, width) pair or TensorFlow's "
            f"(batch, height, width, channels), got {value!r}"
        )
    if len(value) == 2:
        return as_pair("output_shape", tuple(value), 1)
    n, h, w, c = value
    known = {"batch": (n, batch), "channels": (c, channels)}
    for what, (given, actual) in known.items():
        if actual is not None and as_int(f"output_shape {what}", given, 0) != actual:
            raise ValueError(
                f"output_shape {what} must be {actual} (from x and w), got {given} "
                f"in output_shape {tuple(value)!r}"
            )
    return as_pair("output_shape", (h, w), 1)
