"""The explorer's data: for each cell, the cells it lights and a sentence, computed here.

Python does all the geometry (`convmap.geometry.input_window` and
`convmap.geometry.neurons_seeing`, one axis at a time: a 2-D window is the
product of its row and column windows). The page's script only reads this
data. Two views:

* ``"cells"``: every cell is drawn; ``cells`` maps each cell's key
  (``"o:row,col"`` or ``"i:row,col"``, 0-based) to the keys it lights and its
  sentence. At most `MAX_CELLS` drawn cells.
* ``"compressed"``: for grids too large to draw cell by cell (the live page
  allows 512 x 512); ``axes`` holds, per axis and per index, the window or
  the neurons seeing it, the number words, and the slots of the detail view
  around it. A reader picks a neuron or pixel by number; the script lights the
  product of the row and column lists given here. At most `MAX_SIDE` positions
  per axis (padding included).
"""

from __future__ import annotations

from typing import Any

from convmap.figures.checks import as_count, as_pair, as_position, as_range
from convmap.figures.explorer_words import (
    input_name,
    input_sentence,
    neuron_name,
    neuron_sentence,
    texts_for_script,
)
from convmap.figures.messages import check_lang
from convmap.figures.numbering import NUMBERING
from convmap.geometry import input_window, layer_geometry, neurons_seeing

__all__ = [
    "MAX_CELLS",
    "MAX_SIDE",
    "MAX_STRIP",
    "Layer",
    "cell_key",
    "explorer_data",
    "resolve_layer",
]

#: Most cells (input with padding plus output) drawn one by one; above it the
#: ``"auto"`` view is compressed and ``view="cells"`` is refused.
MAX_CELLS = 6000
#: Most positions per axis (padded input or output) in the compressed view.
MAX_SIDE = 4096
#: Longest one-axis strip (padded input) the ``"auto"`` view draws cell by cell.
MAX_STRIP = 256


def cell_key(grid: str, row: int, col: int) -> str:
    """The data key of a cell: ``"o:r,c"`` (output) or ``"i:r,c"`` (input), 0-based.

    Examples:
        >>> cell_key("output", 0, 63), cell_key("input", -1, 0)
        ('o:0,63', 'i:-1,0')
    """
    return f"{grid[0]}:{row},{col}"


class Layer:
    """One layer's resolved geometry, per axis: windows and the neurons seeing each position.

    Attributes:
        one_axis: Whether the explorer shows one axis (``H = 1``).
        input: ``(H, W)``.
        kernel, stride, dilation: Pairs of ints.
        padding: ``(top, bottom, left, right)``.
        output: ``(oh, ow)``.
    """

    def __init__(self, geo: Any, one_axis: bool) -> None:
        self.one_axis = one_axis
        self.input = tuple(geo.input)
        self.kernel = tuple(geo.kernel)
        self.stride = tuple(geo.stride)
        self.dilation = tuple(geo.dilation)
        (top, bottom), (left, right) = geo.padding
        self.padding = (top, bottom, left, right)
        self.output = tuple(geo.output)
        self._axes = [
            (geo.input[a], geo.kernel[a], geo.stride[a], tuple(geo.padding[a]), geo.dilation[a])
            for a in range(2)
        ]

    def window(self, axis: int, index: int) -> list[int]:
        """Input positions (tap order) read by output ``index`` on ``axis`` (0 rows, 1 cols)."""
        return input_window(index, *self._axes[axis])

    def seeing(self, axis: int, position: int) -> list[int]:
        """Outputs on ``axis`` whose window contains input ``position``."""
        return neurons_seeing(position, *self._axes[axis])

    def padded(self, axis: int) -> range:
        """The input positions of ``axis``, padding included."""
        before, after = self.padding[2 * axis], self.padding[2 * axis + 1]
        return range(-before, self.input[axis] + after)

    def geometry(self) -> dict[str, list[int]]:
        """The resolved integers, as the root's data attributes state them."""
        return {
            "input": list(self.input),
            "kernel": list(self.kernel),
            "stride": list(self.stride),
            "dilation": list(self.dilation),
            "padding": list(self.padding),
            "output": list(self.output),
        }


def resolve_layer(input_size: Any, kernel: Any, stride: Any, padding: Any, dilation: Any) -> Layer:
    """Check the settings and resolve them: one int ``input_size`` means one axis.

    Examples:
        >>> resolve_layer(64, 4, 1, "same", 1).padding
        (0, 0, 1, 2)
        >>> resolve_layer((6, 5), 3, 2, "valid", 1).output
        (2, 2)
    """
    if isinstance(input_size, (list, tuple)) or getattr(input_size, "ndim", 0):
        size = as_pair("input_size", input_size)
        geo = layer_geometry(
            size,
            as_pair("kernel", kernel),
            as_pair("stride", stride),
            padding,
            as_pair("dilation", dilation),
        )
        return Layer(geo, one_axis=False)
    size = as_count("input_size", input_size)
    if isinstance(padding, list):
        padding = tuple(padding)
    geo = layer_geometry(
        (1, size),
        (1, as_count("kernel", kernel)),
        (1, as_count("stride", stride)),
        ((0, 0), padding),
        (1, as_count("dilation", dilation)),
    )
    return Layer(geo, one_axis=True)


def _output_ranges(layer: Layer, output_rows: Any, output_cols: Any) -> tuple[range, range]:
    oh, ow = layer.output
    rows = range(*as_range("output_rows", output_rows, 0, oh)) if output_rows else range(oh)
    cols = range(*as_range("output_cols", output_cols, 0, ow)) if output_cols else range(ow)
    return rows, cols


def _input_ranges(layer: Layer, out_r: range, out_c: range) -> tuple[range, range]:
    if len(out_r) == layer.output[0] and len(out_c) == layer.output[1]:
        return layer.padded(0), layer.padded(1)
    rows = [p for i in out_r for p in layer.window(0, i)]
    cols = [p for i in out_c for p in layer.window(1, i)]
    return range(min(rows), max(rows) + 1), range(min(cols), max(cols) + 1)


def _output_cells(layer: Layer, out_r: range, out_c: range, lang: str) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for r in out_r:
        wr = layer.window(0, r)
        for c in out_c:
            wc = layer.window(1, c)
            cells[cell_key("output", r, c)] = {
                "name": neuron_name(layer, r, c, lang),
                "say": neuron_sentence(layer, r, c, wr, wc, lang),
                "lit": [cell_key("input", i, j) for i in sorted(set(wr)) for j in sorted(set(wc))],
                "taps": [cell_key("input", i, j) for i in wr for j in wc],
                "pad": False,
            }
    return cells


def _input_cells(
    layer: Layer, in_r: range, in_c: range, shown: set[tuple[int, int]], lang: str
) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    (H, W) = layer.input
    for r in in_r:
        sr = layer.seeing(0, r)
        for c in in_c:
            sc = layer.seeing(1, c)
            lit = [cell_key("output", i, j) for i in sr for j in sc if (i, j) in shown]
            cells[cell_key("input", r, c)] = {
                "name": input_name(layer, r, c, lang),
                "say": input_sentence(layer, r, c, sr, sc, len(lit), lang),
                "lit": lit,
                "pad": not (0 <= r < H and 0 <= c < W),
            }
    return cells


def _choose_view(view: str, cells: int, layer: Layer) -> str:
    if view not in ("auto", "cells", "compressed"):
        raise ValueError(f"view must be 'auto', 'cells' or 'compressed', got {view!r}")
    if view == "auto":
        fits = len(layer.padded(1)) <= MAX_STRIP if layer.one_axis else cells <= MAX_CELLS
        view = "cells" if fits else "compressed"
    if view == "cells" and cells > MAX_CELLS:
        raise ValueError(
            f"view='cells' draws every cell and is limited to {MAX_CELLS} cells (input with "
            f"padding plus output); this layer has {cells}: use view='compressed' or a crop"
        )
    for axis, name in ((0, "rows"), (1, "columns")):
        longest = max(len(layer.padded(axis)), layer.output[axis])
        if view == "compressed" and longest > MAX_SIDE:
            raise ValueError(
                f"the compressed explorer is limited to {MAX_SIDE} positions per axis (padding "
                f"included); this layer has {longest} {name}"
            )
    return view


def _default_neuron(neuron: Any, layer: Layer, out_r: range, out_c: range) -> tuple[int, int]:
    if neuron is None:
        return out_r[0], out_c[0]
    if layer.one_axis and not isinstance(neuron, (list, tuple)):
        neuron = (0, neuron)
    what = f"the output shown is rows {out_r.start}..{out_r.stop - 1}, columns "
    what += f"{out_c.start}..{out_c.stop - 1}, 0-based"
    return as_position("neuron", neuron, out_r, out_c, what)


def explorer_data(
    input_size: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    one_based: bool = True,
    output_rows: tuple[int, int] | None = None,
    output_cols: tuple[int, int] | None = None,
    neuron: int | tuple[int, int] | None = None,
    view: str = "auto",
    lang: str = "en",
) -> dict[str, Any]:
    """The explorer's mapping: for each cell, the cells it lights and a sentence.

    Args:
        input_size: One int for a single axis (a 1 x n strip), or ``(H, W)``.
        kernel: Kernel length (one axis) or ``(kh, kw)``; one int means square.
        stride: Stride (one axis) or ``(sh, sw)``.
        padding: For one axis a one-axis padding (``"valid"``, ``"same"``,
            ``"full"``, an int or ``(before, after)``); for two axes anything
            `convmap.geometry.layer_geometry` accepts.
        dilation: Dilation (one axis) or ``(dh, dw)``.
        one_based: Kept for old callers; the numbers shown are always the
            Q&A's 1-based ones (the site's rule), so only ``True`` is valid.
        output_rows: Half-open range ``(first, stop)`` of output rows to show
            (a crop of a big layer); default all.
        output_cols: The same for output columns.
        neuron: The output cell highlighted on load, 0-based (an int on one
            axis, else ``(row, col)``); default the first one shown.
        view: ``"cells"`` (every cell drawn, at most `MAX_CELLS`),
            ``"compressed"`` (pick by number, at most `MAX_SIDE` per axis) or
            ``"auto"`` (cells when they fit: a one-axis strip up to
            `MAX_STRIP` positions).
        lang: ``"en"`` or ``"zh"``: the language of every sentence.

    Returns:
        A JSON-ready dict: ``geometry`` (resolved integers: ``input``,
        ``kernel``, ``stride``, ``dilation``, ``padding`` as top, bottom, left,
        right, ``output``), ``one_axis``, ``numbering`` (``"1-based"``),
        ``lang``, ``view``, ``cropped``, ``default`` (the key of the neuron
        shown on load), ``text`` (the words the script shows) and, for the
        ``"cells"`` view, ``shown`` (first and last row/column of each grid),
        ``cells`` (key -> ``lit``: keys of the other cells to light, ``say``:
        the sentence, ``pad``, and for outputs ``taps``) and ``order`` (the
        output keys in sliding order); for ``"compressed"``, ``axes`` (see
        `convmap.figures.explorer_axes.axis_table`).

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range, a crop range is empty or
            outside the output, the neuron is not shown, the grid is above the
            view's limit, or ``lang`` is unknown.

    Examples:
        >>> d = explorer_data(64, 4, padding="same")
        >>> d["geometry"]["padding"], d["geometry"]["output"], d["numbering"]
        ([0, 0, 1, 2], [1, 64], '1-based')
        >>> d["cells"]["o:0,63"]["say"]
        'Neuron 64 reads pixels 63-64 and 2 padded zeros (pad).'
        >>> d["cells"]["o:0,63"]["lit"]
        ['i:0,62', 'i:0,63', 'i:0,64', 'i:0,65']
        >>> d["cells"]["i:0,0"]["say"]
        'Pixel 1 is seen by 2 neurons: 1-2.'
        >>> explorer_data(64, 4, padding="same", lang="zh")["cells"]["i:0,0"]["say"]
        '像素 1 被 2 个神经元看到：1-2。'
    """
    lang = check_lang(lang)
    if one_based is not True and type(one_based).__name__ not in ("bool_",):
        raise ValueError(
            f"one_based must be True: figures use the site's 1-based pixel and neuron numbers "
            f"(0-based indices stay in data-row/data-col), got {one_based!r}"
        )
    layer = resolve_layer(input_size, kernel, stride, padding, dilation)
    out_r, out_c = _output_ranges(layer, output_rows, output_cols)
    in_r, in_c = _input_ranges(layer, out_r, out_c)
    cropped = len(out_r) < layer.output[0] or len(out_c) < layer.output[1]
    chosen = _choose_view(view, len(in_r) * len(in_c) + len(out_r) * len(out_c), layer)
    r0, c0 = _default_neuron(neuron, layer, out_r, out_c)
    data: dict[str, Any] = {
        "version": 2,
        "geometry": layer.geometry(),
        "one_axis": layer.one_axis,
        "one_based": True,
        "numbering": NUMBERING,
        "lang": lang,
        "view": chosen,
        "cropped": cropped,
        "default": cell_key("output", r0, c0),
        "text": texts_for_script(layer, lang),
    }
    if chosen == "compressed":
        from convmap.figures.explorer_axes import axis_table

        data["axes"] = {"row": axis_table(layer, 0, lang), "col": axis_table(layer, 1, lang)}
        return data
    shown = {(r, c) for r in out_r for c in out_c}
    cells = _output_cells(layer, out_r, out_c, lang)
    cells.update(_input_cells(layer, in_r, in_c, shown, lang))
    data["shown"] = {
        "input_rows": [in_r[0], in_r[-1]],
        "input_cols": [in_c[0], in_c[-1]],
        "output_rows": [out_r[0], out_r[-1]],
        "output_cols": [out_c[0], out_c[-1]],
    }
    data["cells"] = cells
    data["order"] = [cell_key("output", r, c) for r in out_r for c in out_c]
    return data
