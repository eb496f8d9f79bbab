"""Argument checks shared by every public function.

Each check either returns a clean Python value or raises a ``TypeError`` /
``ValueError`` whose message names the argument, the value received and what
would have been valid.
"""

from __future__ import annotations

import numbers
from typing import Any

PADDING_WORDS = ("valid", "same", "full")


def as_int(name: str, value: Any, minimum: int) -> int:
    """Return ``value`` as a Python ``int`` that is at least ``minimum``.

    Booleans and floats are refused even when they hold a whole number, so a
    typo such as ``stride=True`` or ``kernel=2.5`` never passes silently.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer >= {minimum}, got {value!r} of type {type(value).__name__}"
        )
    value = int(value)
    if value < minimum:
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


def padding_spec(name: str, padding: Any) -> str | tuple[int, int]:
    """Normalise a one-axis padding: a lower-case word or a ``(before, after)`` pair."""
    if isinstance(padding, str):
        word = padding.lower()
        if word not in PADDING_WORDS:
            raise ValueError(
                f"{name} must be one of 'valid', 'same', 'full', an integer >= 0 "
                f"or a (before, after) pair of integers >= 0, got {padding!r}"
            )
        return word
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"{name} as a sequence must be a (before, after) pair, got {padding!r} "
                f"with {len(padding)} entries"
            )
        return (as_int(f"{name} before", padding[0], 0), as_int(f"{name} after", padding[1], 0))
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral):
        raise TypeError(
            f"{name} must be 'valid', 'same', 'full', an integer >= 0 or a "
            f"(before, after) pair, got {padding!r} of type {type(padding).__name__}"
        )
    amount = as_int(name, padding, 0)
    return (amount, amount)


def padding_per_axis(name: str, padding: Any) -> tuple[Any, Any]:
    """Split a 2-D padding into one one-axis padding for rows and one for columns.

    A word or an int applies to both axes; a pair gives ``(rows, columns)``,
    where each entry is itself a one-axis padding (an int or a
    ``(before, after)`` pair, or a word), so ``((top, bottom), (left, right))``
    and ``(1, 2)`` both work.
    """
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"{name} must be 'valid', 'same', 'full', an int, an (rows, columns) "
                f"pair or ((top, bottom), (left, right)), got {padding!r} with "
                f"{len(padding)} entries"
            )
        return (
            padding_spec(f"{name}[0] (rows)", padding[0]),
            padding_spec(f"{name}[1] (columns)", padding[1]),
        )
    spec = padding_spec(name, padding)
    return (spec, spec)
