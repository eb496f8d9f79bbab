"""Helpers shared by the live pages' glue (run in Pyodide, and in CPython by the tests).

Nothing here computes geometry: that is convmap's job. These helpers parse the
URL query into Python values, describe numbers in words and escape HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import parse_qs

try:  # convmap.figures is the new home of the explorer; convmap.explorer the old one
    from convmap.figures import explorer_html
except ImportError:  # pragma: no cover - depends on the convmap version shipped
    from convmap.explorer import explorer_html

__all__ = ["esc", "explorer_html", "ints", "query_dict", "runs"]


def esc(value: object) -> str:
    """HTML-escape any value."""
    return html.escape(str(value), quote=True)


def query_dict(query: str) -> dict[str, str]:
    """``"?a=1&b=2"`` -> ``{"a": "1", "b": "2"}`` (last value wins, blanks kept)."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=True)
    return {key: values[-1] for key, values in parsed.items()}


def ints(name: str, text: str, count: int, meaning: str) -> tuple[int, ...]:
    """Parse ``"3,4"`` into ints; one value is repeated when ``count`` is 2.

    Raises:
        ValueError: Naming the URL parameter, the text received and what is valid.
    """
    parts = [p.strip() for p in str(text).split(",")]
    if count == 2 and len(parts) == 1:
        parts = parts * 2
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != count:
        raise ValueError(f"{name} must be {meaning}, got {text!r}")
    return values


def runs(values: Sequence[int], one_based: bool = True) -> str:
    """Integers as compact runs, e.g. ``[0, 1, 2, 5]`` -> ``"1-3, 6"`` (1-based)."""
    shift = 1 if one_based else 0
    values = sorted(set(values))
    parts = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        a, b = values[i] + shift, values[j] + shift
        parts.append(f"{a}-{b}" if j > i else f"{a}")
        i = j + 1
    return ", ".join(parts) if parts else "none"
