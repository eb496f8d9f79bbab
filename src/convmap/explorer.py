"""The interactive explorer: point at a neuron, see its pixels; point at a pixel, see its neurons.

Python does all the geometry. `explorer_data` asks
`convmap.geometry.input_window` and `convmap.geometry.neurons_seeing`
which input cells every output cell reads and which output cells see every
input cell, and writes a sentence for each cell. `explorer_html` draws
the two grids as SVG and embeds that mapping as JSON; the site's one small
script (``docs/javascripts/explorer.js``) only reads the JSON and toggles
``data-lit="true"`` on the cells it names, so the page shows exactly what
``convmap`` computed.

Stable hooks (tests rely on them):

* the root element has ``data-convmap="explorer"`` and states its geometry as
  resolved integers: ``data-input="H,W"``, ``data-kernel="kh,kw"``,
  ``data-stride="sh,sw"``, ``data-dilation="dh,dw"`` and
  ``data-padding="top,bottom,left,right"``; a one-axis explorer uses ``H = 1``,
  ``kh = 1`` and no row padding;
* every cell has ``data-grid="input"`` or ``data-grid="output"`` and 0-based
  integer ``data-row`` / ``data-col`` (one-axis explorers use ``data-row="0"``);
  padded input cells are drawn too, with out-of-range indices (``-1``, ``H``,
  ...) and ``data-pad="true"``;
* pointing at, focusing or tapping a cell sets ``data-lit="true"`` on it and on
  the cells the JSON maps it to; every other cell has no ``data-lit``;
* an ``aria-live="polite"`` paragraph says the same in words.

A *corner crop* (``output_rows`` / ``output_cols``) shows only some output
cells of a big layer, and the input cells their windows cover: the geometry
attributes and the mapping are still those of the whole layer, restricted to
the cells on the page.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any

from convmap._checks import as_int
from convmap.geometry import input_window, layer_geometry, neurons_seeing

__all__ = ["PRESETS", "explorer_data", "explorer_html"]

#: Side of one cell in viewBox units, for 2-D grids and for one-axis strips.
CELL_2D = 24
CELL_1D = 14
_FONT = 11

#: The explorers the site shows (``docs/snippets/explorer.md``), by name. Each
#: value holds the keyword arguments of `explorer_html`.
PRESETS: dict[str, dict[str, Any]] = {
    "axis-valid": dict(
        input_size=64,
        kernel=4,
        padding="valid",
        one_based=True,
        title="The Q&A's 64-pixel axis, kernel 4, stride 1, VALID",
    ),
    "axis-same": dict(
        input_size=64,
        kernel=4,
        padding="same",
        one_based=True,
        title="The Q&A's 64-pixel axis, kernel 4, stride 1, SAME",
    ),
    "axis-pad1": dict(
        input_size=64,
        kernel=4,
        padding=1,
        one_based=True,
        title="The Q&A's 64-pixel axis, kernel 4, stride 1, pad=1 (the Q&A's conv_forward)",
    ),
    "grid-valid": dict(
        input_size=(6, 6), kernel=3, padding="valid", title="6 x 6 input, 3 x 3 kernel, VALID"
    ),
    "grid-same": dict(
        input_size=(6, 6), kernel=3, padding="same", title="6 x 6 input, 3 x 3 kernel, SAME"
    ),
    "grid-same-even": dict(
        input_size=(6, 6),
        kernel=4,
        padding="same",
        title="6 x 6 input, 4 x 4 kernel (even), SAME",
    ),
    "grid-stride2": dict(
        input_size=(6, 6),
        kernel=3,
        stride=2,
        padding="valid",
        title="6 x 6 input, 3 x 3 kernel, stride 2, VALID",
    ),
    "grid-dilation2": dict(
        input_size=(6, 6),
        kernel=3,
        dilation=2,
        padding="valid",
        title="6 x 6 input, 3 x 3 kernel, dilation 2, VALID",
    ),
    "w1-corner": dict(
        input_size=(64, 64),
        kernel=4,
        padding="same",
        one_based=True,
        output_rows=(0, 8),
        output_cols=(0, 8),
        title="The Q&A's W1 (4 x 4, SAME) on the top-left corner of the 64 x 64 image",
    ),
}


# ---------------------------------------------------------------- words


def _runs(values: Sequence[int]) -> str:
    """Describe integers compactly: ``"3-6"``, ``"0, 2, 4"``, ``"-1 to 2"`` or ``"5"``.

    Examples:
        >>> _runs([3, 4, 5, 6]), _runs([0, 2, 4]), _runs([5]), _runs([1, 2, 5, 6, 7])
        ('3-6', '0, 2, 4', '5', '1-2, 5-7')
        >>> _runs([-1, 0, 1, 2])
        '-1 to 2'
    """
    values = sorted(set(values))
    parts: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        dash = "-" if values[i] >= 0 else " to "
        parts.append(f"{values[i]}{dash}{values[j]}" if j > i else str(values[i]))
        i = j + 1
    return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------- data


def _span(first: int, last: int) -> range:
    return range(first, last + 1)


def _key(grid: str, row: int, col: int) -> str:
    return f"{grid[0]}:{row},{col}"


def explorer_data(
    input_size: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    one_based: bool = False,
    output_rows: tuple[int, int] | None = None,
    output_cols: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The explorer's mapping: for each cell shown, the cells it lights and a sentence.

    Args:
        input_size: One int for a single axis (a 1 x n strip), or ``(H, W)``.
        kernel: Kernel length (one axis) or ``(kh, kw)``.
        stride: Stride (one axis) or ``(sh, sw)``.
        padding: For one axis a one-axis padding (``"valid"``, ``"same"``,
            ``"full"``, an int or ``(before, after)``); for two axes anything
            `convmap.geometry.layer_geometry` accepts.
        dilation: Dilation (one axis) or ``(dh, dw)``.
        one_based: Say pixel and neuron numbers 1-based (the Q&A's language)
            in the sentences and labels; the data attributes stay 0-based.
        output_rows: Half-open range ``(first, stop)`` of output rows to show
            (a crop of a big layer); default all.
        output_cols: The same for output columns.

    Returns:
        A JSON-ready dict with ``geometry`` (resolved integers), ``one_axis``,
        ``one_based``, ``shown`` (first and last row/column of each grid,
        inclusive), ``cells`` (key ``"o:r,c"`` or ``"i:r,c"`` -> ``lit``: the
        keys of the *other* cells to light, ``say``: the sentence, ``name``:
        the cell's short name, ``pad``: whether it is padding, and for output
        cells ``taps``: the kernel-tap cells in order) and ``order``: the
        output keys in the order the kernel slides.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range, or a crop range is empty or
            outside the output.

    Examples:
        >>> d = explorer_data(64, 4, padding="same", one_based=True)
        >>> d["geometry"]["padding"], d["geometry"]["output"]
        ([0, 0, 1, 2], [1, 64])
        >>> d["cells"]["o:0,63"]["say"]
        'Neuron 64 reads pixels 63-66; pixels 65-66 are padding (zeros).'
        >>> d["cells"]["o:0,63"]["lit"]
        ['i:0,62', 'i:0,63', 'i:0,64', 'i:0,65']
        >>> d["cells"]["i:0,0"]["say"]
        'Pixel 1 is seen by 2 neurons: 1-2.'
    """
    one_axis = not isinstance(input_size, (tuple, list))
    if one_axis:
        size = as_int("input_size", input_size, 1)
        k = as_int("kernel", kernel, 1)
        s = as_int("stride", stride, 1)
        d = as_int("dilation", dilation, 1)
        if isinstance(padding, list):
            padding = tuple(padding)
        geo = layer_geometry((1, size), (1, k), (1, s), ((0, 0), padding), (1, d))
    else:
        geo = layer_geometry(input_size, kernel, stride, padding, dilation)
    (H, W), (kh, kw), (sh, sw), (dh, dw) = geo.input, geo.kernel, geo.stride, geo.dilation
    (top, bottom), (left, right) = geo.padding
    oh, ow = geo.output
    axes = {
        "row": (H, kh, sh, (top, bottom), dh),
        "col": (W, kw, sw, (left, right), dw),
    }

    def window(axis: str, i: int) -> list[int]:
        n, k, s, pad, d = axes[axis]
        return input_window(i, n, k, s, pad, d)

    def seeing(axis: str, p: int) -> list[int]:
        n, k, s, pad, d = axes[axis]
        return neurons_seeing(p, n, k, s, pad, d)

    def out_range(name: str, rng: tuple[int, int] | None, n: int) -> range:
        if rng is None:
            return range(n)
        if not (isinstance(rng, (tuple, list)) and len(rng) == 2):
            raise ValueError(f"{name} must be a (first, stop) pair, got {rng!r}")
        first, stop = as_int(f"{name}[0]", rng[0], 0), as_int(f"{name}[1]", rng[1], 1)
        if not first < stop <= n:
            raise ValueError(
                f"{name} must satisfy 0 <= first < stop <= {n} (the output has {n}), got {rng!r}"
            )
        return range(first, stop)

    out_r = out_range("output_rows", output_rows, oh)
    out_c = out_range("output_cols", output_cols, ow)
    cropped = len(out_r) < oh or len(out_c) < ow
    if cropped:
        rows_read = [p for i in out_r for p in window("row", i)]
        cols_read = [p for i in out_c for p in window("col", i)]
        in_r = _span(min(rows_read), max(rows_read))
        in_c = _span(min(cols_read), max(cols_read))
    else:
        in_r = _span(-top, H + bottom - 1)
        in_c = _span(-left, W + right - 1)

    def num(i: int) -> int:
        return i + 1 if one_based else i

    def nums(values: Sequence[int]) -> str:
        return _runs([num(v) for v in values])

    cells: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for r in out_r:
        wr = window("row", r)
        pad_r = sorted({p for p in wr if not 0 <= p < H})
        for c in out_c:
            wc = window("col", c)
            pad_c = sorted({p for p in wc if not 0 <= p < W})
            taps = [_key("input", pr, pc) for pr in wr for pc in wc]
            lit = [_key("input", pr, pc) for pr in sorted(set(wr)) for pc in sorted(set(wc))]
            if one_axis:
                name = f"Neuron {num(c)}"
                say = f"{name} reads pixels {nums(sorted(set(wc)))}"
                if pad_c:
                    word = "pixel" if len(pad_c) == 1 else "pixels"
                    verb = "is" if len(pad_c) == 1 else "are"
                    say += f"; {word} {nums(pad_c)} {verb} padding (zeros)"
            else:
                name = f"Neuron ({num(r)}, {num(c)})"
                say = (
                    f"{name} reads rows {nums(sorted(set(wr)))}, "
                    f"columns {nums(sorted(set(wc)))} ({_plural(len(lit), 'cell')})"
                )
                parts = []
                if pad_r:
                    parts.append(("row " if len(pad_r) == 1 else "rows ") + nums(pad_r))
                if pad_c:
                    parts.append(("column " if len(pad_c) == 1 else "columns ") + nums(pad_c))
                if parts:
                    zeros = sum(1 for pr in wr for pc in wc if not (0 <= pr < H and 0 <= pc < W))
                    verb = "is" if len(pad_r) + len(pad_c) == 1 else "are"
                    say += f"; {' and '.join(parts)} {verb} padding, so {zeros} of them are zeros"
            key = _key("output", r, c)
            cells[key] = {"name": name, "say": say + ".", "lit": lit, "taps": taps, "pad": False}
            order.append(key)

    shown_out = {(r, c) for r in out_r for c in out_c}
    for r in in_r:
        for c in in_c:
            pad = not (0 <= r < H and 0 <= c < W)
            sr, sc = seeing("row", r), seeing("col", c)
            total = len(sr) * len(sc)
            lit = [_key("output", i, j) for i in sr for j in sc if (i, j) in shown_out]
            if one_axis:
                name = f"Padding zero {num(c)}" if pad else f"Pixel {num(c)}"
                who = nums(sc)
            else:
                name = f"{'Padding zero' if pad else 'Pixel'} ({num(r)}, {num(c)})"
                if total == 1:
                    who = f"neuron ({num(sr[0])}, {num(sc[0])})"
                else:
                    who = f"rows {nums(sr)}, columns {nums(sc)}"
            if total == 0:
                say = f"{name} is seen by no neuron: the stride skips it."
            else:
                say = f"{name} is seen by {_plural(total, 'neuron')}: {who}."
                if len(lit) < total:
                    say += f" {len(lit)} of them {'is' if len(lit) == 1 else 'are'} in this crop."
            cells[_key("input", r, c)] = {"name": name, "say": say, "lit": lit, "pad": pad}

    return {
        "geometry": {
            "input": [H, W],
            "kernel": [kh, kw],
            "stride": [sh, sw],
            "dilation": [dh, dw],
            "padding": [top, bottom, left, right],
            "output": [oh, ow],
        },
        "one_axis": one_axis,
        "one_based": one_based,
        "cropped": cropped,
        "shown": {
            "input_rows": [in_r[0], in_r[-1]],
            "input_cols": [in_c[0], in_c[-1]],
            "output_rows": [out_r[0], out_r[-1]],
            "output_cols": [out_c[0], out_c[-1]],
        },
        "cells": cells,
        "order": order,
    }


# ---------------------------------------------------------------- markup


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _n(value: float) -> str:
    """A coordinate without a useless ``.0``."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _hidden(labels: list[str]) -> str:
    """Axis labels, hidden from screen readers: every cell's name says its place."""
    return '<g class="cmx-labels" aria-hidden="true">' + "".join(labels) + "</g>"


def _sparse_labels(positions: Sequence[int], shown: Sequence[int], every: int) -> list[int]:
    """Positions to label on a long strip: the ends and the multiples of ``every``."""
    wanted = [shown[0], shown[-1]] + [p for p in shown if p % every == 0]
    chosen: list[int] = []
    for p in sorted(set(wanted), key=lambda p: (p not in (shown[0], shown[-1]), p)):
        if all(abs(positions.index(p) - positions.index(q)) >= 3 for q in chosen):
            chosen.append(p)
    return sorted(chosen)


def explorer_html(
    input_size: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    title: str,
    caption: str = "",
    one_based: bool = False,
    output_rows: tuple[int, int] | None = None,
    output_cols: tuple[int, int] | None = None,
    uid: str | None = None,
) -> str:
    """The explorer as one HTML ``<figure>``: buttons, SVG grids, live text and mapping data.

    Args:
        input_size: One int for a single axis (drawn as a 1 x n strip), or ``(H, W)``.
        kernel: Kernel length or ``(kh, kw)``.
        stride: Stride or ``(sh, sw)``.
        padding: Padding, as in `explorer_data`.
        dilation: Dilation or ``(dh, dw)``.
        title: A short title, shown in the caption and used as the figure's name.
        caption: More words for the caption (the settings and a reading hint
            are added automatically).
        one_based: Number pixels and neurons from 1, as the Q&A does; the
            caption then says so. The ``data-row`` / ``data-col`` hooks stay 0-based.
        output_rows: Half-open range of output rows to show (a corner crop).
        output_cols: Half-open range of output columns to show.
        uid: A page-unique id prefix; by default one is made from the settings
            and the title.

    Returns:
        HTML text (no blank lines), ready to be printed by a ``markdown-exec``
        block with ``html="true"``.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range (see `explorer_data`).

    Examples:
        >>> page = explorer_html((5, 5), 3, padding="same", title="SAME")
        >>> 'data-convmap="explorer"' in page, 'data-padding="1,1,1,1"' in page
        (True, True)
        >>> page.count('data-grid="input"'), page.count('data-grid="output"')
        (49, 25)
        >>> page.count('data-pad="true"')
        24
    """
    data = explorer_data(
        input_size,
        kernel,
        stride,
        padding,
        dilation,
        one_based=one_based,
        output_rows=output_rows,
        output_cols=output_cols,
    )
    geo = data["geometry"]
    one_axis = data["one_axis"]
    if uid is None:
        seed = json.dumps([geo, title, output_rows, output_cols, one_based], default=str)
        uid = "cmx-" + hashlib.sha1(seed.encode()).hexdigest()[:8]
    H, W = geo["input"]
    oh, ow = geo["output"]
    top, bottom, left, right = geo["padding"]
    shown = data["shown"]
    in_r = list(_span(*shown["input_rows"]))
    in_c = list(_span(*shown["input_cols"]))
    out_r = list(_span(*shown["output_rows"]))
    out_c = list(_span(*shown["output_cols"]))

    def num(i: int) -> int:
        return i + 1 if one_based else i

    # -- layout: the (x, y) of every cell's top-left corner, in its SVG. A
    # one-axis explorer is one SVG (input strip above, each output centred
    # under its window); a 2-D explorer is two SVGs, input and output, that
    # sit side by side on a wide screen and stack on a phone.
    pos: dict[str, tuple[float, float]] = {}
    labels: dict[str, list[str]] = {"input": [], "output": []}
    size: dict[str, tuple[float, float]] = {}
    if one_axis:
        C = CELL_1D
        lm, tm = 6.0, 42.0
        gap = 3.2 * C
        for c in in_c:
            pos[_key("input", 0, c)] = (lm + (c - in_c[0]) * C, tm)
        oy = tm + C + gap
        for c in out_c:
            taps = data["cells"][_key("output", 0, c)]["taps"]
            xs = [pos[t][0] for t in taps]
            pos[_key("output", 0, c)] = ((min(xs) + max(xs)) / 2, oy)
        size["input"] = (lm * 2 + len(in_c) * C, oy + C + 26)
        out = labels["input"]
        out.append(
            f'<text class="cmx-title" x="{_n(lm)}" y="15">input: {W} pixels'
            f"{f', padding {left} + {right}' if left or right else ''}</text>"
        )
        out.append(
            f'<text class="cmx-title" x="{_n(lm)}" y="{_n(oy - 8)}">output: {ow} neurons</text>'
        )
        real = [c for c in in_c if 0 <= c < W]
        for c in _sparse_labels(in_c, real, 8):
            x, _ = pos[_key("input", 0, c)]
            out.append(
                f'<text class="cmx-index" x="{_n(x + C / 2)}" y="{_n(tm - 5)}">{num(c)}</text>'
            )
        for c in _sparse_labels(out_c, out_c, 8):
            x, _ = pos[_key("output", 0, c)]
            out.append(
                f'<text class="cmx-index" x="{_n(x + C / 2)}" y="{_n(oy + C + 17)}">{num(c)}</text>'
            )
    else:
        C = CELL_2D
        lm, tm = 26.0, 40.0
        extra = C if data["cropped"] else 0
        in_name = f"input {H} x {W}" + (" + padding" if any(geo["padding"]) else "")
        if data["cropped"]:
            in_name = f"input {H} x {W}, top-left corner"
        out_name = f"output {oh} x {ow}" + (", top-left corner" if data["cropped"] else "")
        for grid, rows, cols, name in (
            ("input", in_r, in_c, in_name),
            ("output", out_r, out_c, out_name),
        ):
            for r in rows:
                for c in cols:
                    pos[_key(grid, r, c)] = (lm + (c - cols[0]) * C, tm + (r - rows[0]) * C)
            size[grid] = (lm + len(cols) * C + 8 + extra, tm + len(rows) * C + 6 + extra)
            out = labels[grid]
            out.append(f'<text class="cmx-title" x="2" y="14">{_esc(name)}</text>')
            for c in cols:
                x, y = pos[_key(grid, rows[0], c)]
                out.append(
                    f'<text class="cmx-index" x="{_n(x + C / 2)}" y="{_n(y - 5)}">{num(c)}</text>'
                )
            for r in rows:
                x, y = pos[_key(grid, r, cols[0])]
                out.append(
                    f'<text class="cmx-index cmx-row-index" x="{_n(x - 4)}" '
                    f'y="{_n(y + C / 2 + 4)}">{num(r)}</text>'
                )
            if data["cropped"]:
                x, y = pos[_key(grid, rows[-1], cols[-1])]
                out.append(
                    f'<text class="cmx-more" x="{_n(x + C + 3)}" y="{_n(y + C / 2 + 4)}">'
                    "\u2026</text>"
                )
                out.append(
                    f'<text class="cmx-more" x="{_n(x + C / 2)}" y="{_n(y + C + 14)}">\u2026</text>'
                )

    # -- kernel boxes for the animation: the bounding box of each output's taps
    for key in data["order"]:
        taps = data["cells"][key]["taps"]
        xs = [pos[t][0] for t in taps]
        ys = [pos[t][1] for t in taps]
        data["cells"][key]["box"] = [min(xs), min(ys), max(xs) - min(xs) + C, max(ys) - min(ys) + C]

    # -- cells, grouped as ARIA grid > row > gridcell
    hatch = f"{uid}-hatch"
    body: dict[str, list[str]] = {"input": [], "output": []}
    for grid, rows, cols in (("input", in_r, in_c), ("output", out_r, out_c)):
        gname = "input pixels" if grid == "input" else "output neurons"
        out = body[grid]
        out.append(f'<g role="grid" class="cmx-grid" aria-label="{_esc(title)}: {gname}">')
        first = True
        for r in rows:
            out.append('<g role="row">')
            for c in cols:
                key = _key(grid, r, c)
                cell = data["cells"][key]
                x, y = pos[key]
                pad = ' data-pad="true"' if cell["pad"] else ""
                cls = "cmx-cell cmx-pad" if cell["pad"] else "cmx-cell"
                parts = [
                    f'<g role="gridcell" class="{cls}" tabindex="{0 if first else -1}" '
                    f'data-grid="{grid}" data-row="{r}" data-col="{c}"{pad} '
                    f'aria-label="{_esc(cell["name"])}">',
                    f'<rect class="cmx-bg" x="{_n(x)}" y="{_n(y)}" width="{C}" height="{C}"/>',
                ]
                if cell["pad"]:
                    parts.append(
                        f'<rect class="cmx-hatch" x="{_n(x)}" y="{_n(y)}" width="{C}" '
                        f'height="{C}" fill="url(#{hatch})"/>'
                        f'<rect class="cmx-hatch-lit" x="{_n(x)}" y="{_n(y)}" width="{C}" '
                        f'height="{C}" fill="url(#{hatch}-lit)"/>'
                    )
                parts.append(
                    f'<circle class="cmx-dot" cx="{_n(x + C / 2)}" cy="{_n(y + C / 2)}" '
                    f'r="{_n(C * 0.16)}"/></g>'
                )
                out.append("".join(parts))
                first = False
            out.append("</g>")
        out.append("</g>")

    # -- words
    settings = (
        f"kernel {geo['kernel'][1]}, stride {geo['stride'][1]}, dilation {geo['dilation'][1]}, "
        f"padding {left} before and {right} after"
        if one_axis
        else f"kernel {geo['kernel'][0]} x {geo['kernel'][1]}, "
        f"stride {geo['stride'][0]} x {geo['stride'][1]}, "
        f"dilation {geo['dilation'][0]} x {geo['dilation'][1]}, padding top {top}, "
        f"bottom {bottom}, left {left}, right {right}"
    )
    words = (
        [f'<strong id="{uid}-name">{_esc(title)}.</strong>', _esc(caption)]
        if caption
        else [f'<strong id="{uid}-name">{_esc(title)}.</strong>']
    )
    words.append(
        _esc(
            f"{'Input' if not one_axis else 'Input axis'} {H if not one_axis else ''}"
            f"{' x ' if not one_axis else ''}{W}, {settings}: output "
            f"{f'{oh} x {ow}' if not one_axis else ow}."
        ).replace("Input axis ", "Input axis of ")
    )
    if data["cropped"]:
        words.append(
            _esc(
                f"This is a corner crop of the real {H} x {W} geometry: output rows "
                f"{num(out_r[0])}-{num(out_r[-1])} and columns {num(out_c[0])}-{num(out_c[-1])} "
                f"of {oh} x {ow}, and the input cells their windows read. Counts of neurons "
                "are for the whole layer."
            )
        )
    if one_based:
        pads = sorted(
            {num(c) for c in in_c if not 0 <= c < W} | {num(r) for r in in_r if not 0 <= r < H}
        )
        note = "Pixel and neuron numbers are 1-based, as in the Q&A: pixel 1 is index 0"
        if pads:
            note += f"; the padded zeros are numbered {_runs(pads)}"
        words.append(_esc(note + "."))
    words.append(
        "Hatched cells are padding (zeros). Point at, tap or focus (Tab, then arrow keys) a cell: "
        "the cell turns green, the cells it maps to turn orange (input) or blue (output), "
        "and all of them get a thick outline and a dot; Escape clears."
    )
    intro = "Point at, tap or focus a cell to see its mapping."

    payload = {"cells": {k: {"lit": v["lit"], "say": v["say"]} for k, v in data["cells"].items()}}
    for key in data["order"]:
        payload["cells"][key]["box"] = data["cells"][key]["box"]
    payload["order"] = data["order"]
    blob = json.dumps(payload, separators=(",", ":")).replace("<", "\\u003c")

    defs = (
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line class="cmx-hatch-line" x1="0" y1="0" x2="0" '
        f'y2="6"/></pattern>'
        f'<pattern id="{hatch}-lit" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line class="cmx-hatch-line-lit" x1="0" y1="0" x2="0" '
        f'y2="6"/></pattern></defs>'
    )
    kernel_box = f'<rect class="cmx-kernel" x="0" y="0" width="{C}" height="{C}" rx="3" hidden/>'
    # drawn last, so the ring around the cell pointed at is never covered by a neighbour
    ring = f'<rect class="cmx-ring" x="0" y="0" width="{C}" height="{C}" hidden/>'

    def svg_doc(grid: str, name: str, content: str) -> str:
        w, h = size[grid]
        return (
            f'<svg class="cmx-svg cmx-svg-{grid}" viewBox="0 0 {_n(w)} {_n(h)}" role="group" '
            f'aria-labelledby="{uid}-{grid}-title" width="{_n(w)}" height="{_n(h)}">'
            f'<title id="{uid}-{grid}-title">{_esc(name)}</title>{content}</svg>'
        )

    if one_axis:
        svg = svg_doc(
            "input",
            title,
            defs
            + _hidden(labels["input"])
            + "".join(body["input"])
            + "".join(body["output"])
            + kernel_box
            + ring,
        )
    else:
        svg = svg_doc(
            "input",
            f"{title}: input",
            defs + _hidden(labels["input"]) + "".join(body["input"]) + kernel_box + ring,
        ) + svg_doc(
            "output", f"{title}: output", _hidden(labels["output"]) + "".join(body["output"]) + ring
        )
    attrs = (
        f'data-convmap="explorer" id="{uid}" '
        f'data-input="{H},{W}" data-kernel="{geo["kernel"][0]},{geo["kernel"][1]}" '
        f'data-stride="{geo["stride"][0]},{geo["stride"][1]}" '
        f'data-dilation="{geo["dilation"][0]},{geo["dilation"][1]}" '
        f'data-padding="{top},{bottom},{left},{right}"'
    )
    kind = "cmx-1d" if one_axis else "cmx-2d"
    return (
        f'<figure class="cmx-explorer {kind}" {attrs} aria-labelledby="{uid}-name" '
        f'aria-describedby="{uid}-cap">'
        f'<div class="cmx-controls" role="group" aria-label="Kernel animation">'
        f'<button type="button" class="cmx-button" data-action="play" aria-controls="{uid}-svg">'
        "Play</button>"
        f'<button type="button" class="cmx-button" data-action="pause">Pause</button>'
        f'<button type="button" class="cmx-button" data-action="step">Step</button>'
        f'<button type="button" class="cmx-button" data-action="clear">Clear</button>'
        "</div>"
        f'<div class="cmx-scroll" id="{uid}-svg">{svg}</div>'
        f'<p class="cmx-live" aria-live="polite" id="{uid}-live">{_esc(intro)}</p>'
        f'<figcaption id="{uid}-cap">{" ".join(words)}</figcaption>'
        f'<script type="application/json" class="cmx-data">{blob}</script>'
        "</figure>"
    )
