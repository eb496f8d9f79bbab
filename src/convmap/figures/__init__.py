"""convmap's figures: SVG pictures and the interactive explorer, on one drawing stack.

Every function returns markup computed from `convmap.geometry` (never
re-derived), drawn with one set of primitives (`convmap.figures.svg`), one
grid drawer (`convmap.figures.grid`), one compressed-axis layout
(`convmap.figures.track`) and one numbering rule
(`convmap.figures.numbering`: 1-based numbers, padding "pad", and
``data-numbering="1-based"`` on every root). All words come from one message
table per language (`convmap.figures.messages`); every figure function takes
``lang="en"`` (default) or ``"zh"``.

Nothing here needs NumPy except `im2col_svg` and `band_svg` (they load
`convmap.figures.im2col` on first use), so the explorer generator also runs
in the browser under Pyodide.
"""

from __future__ import annotations

import importlib
from typing import Any

from convmap.figures.axis import axis_windows
from convmap.figures.coverage import coverage
from convmap.figures.diagrams import (
    depth_column_figure,
    fc_vs_conv_neuron_figure,
    w1_filters_figure,
)
from convmap.figures.explorer_data import MAX_CELLS, MAX_SIDE, explorer_data
from convmap.figures.explorer_markup import explorer_html
from convmap.figures.mapping import grid_mapping
from convmap.figures.messages import LANGUAGES, MESSAGES, message
from convmap.figures.network import region_figure

__all__ = [
    "LANGUAGES",
    "MAX_CELLS",
    "MAX_SIDE",
    "MESSAGES",
    "axis_windows",
    "band_svg",
    "coverage",
    "depth_column_figure",
    "explorer_data",
    "explorer_html",
    "fc_vs_conv_neuron_figure",
    "grid_mapping",
    "im2col_rows",
    "im2col_svg",
    "message",
    "region_figure",
    "w1_filters_figure",
]

_NEEDS_NUMPY = {"band_svg", "im2col_rows", "im2col_svg"}


def __getattr__(name: str) -> Any:
    if name in _NEEDS_NUMPY:
        return getattr(importlib.import_module("convmap.figures.im2col"), name)
    raise AttributeError(f"module 'convmap.figures' has no attribute {name!r}")
