"""Argument checks shared by every public function (pure Python).

Each check either returns a clean Python value or raises a ``TypeError`` /
``ValueError`` whose message names the argument, the value received and what
would have been valid. NumPy scalars (``np.int64``, ``np.bool_``) pass
wherever a Python ``int`` or ``bool`` does, without importing NumPy.
"""

from __future__ import annotations

import numbers
from typing import Any


def as_int(name: str, value: Any, minimum: int | None) -> int:
    """Return ``value`` as a Python ``int`` that is at least ``minimum`` (None: any integer).

    Booleans and floats are refused even when they hold a whole number, so a
    typo such as ``stride=True`` or ``kernel=2.5`` never passes silently.
    """
    if type(value) is not int:  # fast path for plain ints; NumPy integers pass below
        if _is_bool(value) or not isinstance(value, numbers.Integral):
            wanted = "an integer" if minimum is None else f"an integer >= {minimum}"
            raise TypeError(
                f"{name} must be {wanted}, got {value!r} of type {type(value).__name__}"
            )
        value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def as_pair(name: str, value: Any, minimum: int) -> tuple[int, int]:
    """Return an int or an ``(h, w)`` pair as a pair of checked ints."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"{name} must be an integer or an (h, w) pair, got {value!r} "
                f"with {len(value)} entries"
            )
        return (as_int(f"{name}[0]", value[0], minimum), as_int(f"{name}[1]", value[1], minimum))
    return (as_int(name, value, minimum), as_int(name, value, minimum))


def _is_bool(value: Any) -> bool:
    """True for ``bool`` and NumPy's ``bool_`` (recognised without importing NumPy)."""
    kind = type(value)
    return kind is bool or (kind.__name__ == "bool" and kind.__module__ == "numpy")


def as_bool(name: str, value: Any) -> bool:
    """Return ``True``/``False`` for a Python or NumPy boolean; refuse anything else."""
    if not _is_bool(value):
        raise TypeError(
            f"{name} must be True or False, got {value!r} of type {type(value).__name__}"
        )
    return bool(value)


def as_name(name: str, value: Any) -> str | None:
    """Return an optional label: a string or ``None``."""
    if value is not None and not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string or None, got {value!r} of type {type(value).__name__}"
        )
    return None if value is None else str(value)


def as_seed(name: str, value: Any) -> int | None:
    """Return a random seed: an integer >= 0, or ``None`` for fresh randomness."""
    if value is None:
        return None
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer >= 0 or None (fresh randomness), got {value!r} "
            f"of type {type(value).__name__}"
        )
    if value < 0:
        raise ValueError(
            f"{name} must be an integer >= 0 or None (fresh randomness), got {int(value)}"
        )
    return int(value)


def as_output_shape(value: Any, batch: int | None, channels: int | None) -> tuple[int, int]:
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
        checked = as_int(f"output_shape {what}", given, 0)
        if actual is not None and checked != actual:
            raise ValueError(
                f"output_shape {what} must be {actual} (from x and w), got {given} "
                f"in output_shape {tuple(value)!r}"
            )
    return as_pair("output_shape", (h, w), 1)
