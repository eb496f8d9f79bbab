"""Old import path: the SVG primitives now live in `convmap.figures.svg`.

This module re-exports them (and `Track` / `track` from
`convmap.figures.track`), so ``from convmap import svg`` keeps working.
"""

from convmap.figures.svg import (
    CELL,
    FONT,
    OKABE_ITO,
    attrs,
    cell,
    document,
    element,
    escape,
    figure,
    hatch,
    legend,
    line,
    num,
    outline,
    rect,
    text,
)
from convmap.figures.track import Track, track

__all__ = [
    "CELL",
    "FONT",
    "OKABE_ITO",
    "Track",
    "attrs",
    "cell",
    "document",
    "element",
    "escape",
    "figure",
    "hatch",
    "legend",
    "line",
    "num",
    "outline",
    "rect",
    "text",
    "track",
]
