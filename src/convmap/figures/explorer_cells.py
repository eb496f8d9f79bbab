"""The explorer's SVG grids, drawn with the shared primitives and grid drawer.

One explorer cell is a ``<g role="gridcell">`` with the stable hooks
(``data-grid``, ``data-row``, ``data-col``, ``data-pad``), a background
square, computed hatching when padded and a dot shown when lit. The cells of
the neuron shown on load carry ``data-default="true"`` (styled like lit cells
until the reader points somewhere, and in print).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmap.figures import svg
from convmap.figures.grid import draw_grid
from convmap.figures.messages import message
from convmap.figures.track import Track

__all__ = ["CELL_1D", "CELL_2D", "explorer_cell", "grid_group", "one_axis_svg", "two_axis_svgs"]

#: Side of one cell in viewBox units, for 2-D grids and for one-axis strips.
CELL_2D = 24
CELL_1D = 14


def explorer_cell(
    x: float, y: float, size: float, key: tuple[str, int, int], cell: dict[str, Any], state: Any
) -> str:
    """One explorer cell: background, hatching if padded, the lit dot, all hooks.

    Args:
        x: Left edge.
        y: Top edge.
        size: Side.
        key: ``(grid, row, col)``, 0-based.
        cell: The cell's data entry (``name``, ``pad``).
        state: Has ``first`` (a set of the cells that are a tab stop) and
            ``default`` (a set of the keys lit on load).

    Returns:
        A ``<g>`` element.
    """
    grid, r, c = key
    k = f"{grid[0]}:{r},{c}"
    inner = svg.rect(x, y, size, size, "cmx-bg")
    if cell["pad"]:
        inner += svg.hatch(x, y, size, size, step=size / 4)
    inner += svg.element(
        "circle", class_="cmx-dot", cx=x + size / 2, cy=y + size / 2, r=size * 0.16
    )
    return svg.element(
        "g",
        inner,
        role="gridcell",
        class_="cmx-cell cmx-pad" if cell["pad"] else "cmx-cell",
        tabindex=0 if k in state.first else -1,
        data_grid=grid,
        data_row=r,
        data_col=c,
        data_pad=bool(cell["pad"]),
        data_default=k in state.default,
        aria_label=cell["name"],
    )


def grid_group(label: str, rows: Sequence[str]) -> str:
    """An ARIA grid of rows of cells (``rows`` holds each row's cells' markup)."""
    body = "".join(svg.element("g", row, role="row") for row in rows)
    return svg.element("g", body, role="grid", class_="cmx-grid", aria_label=label)


def _cells_by_row(
    grid: str, rows: Track, cols: Track, data: dict[str, Any], state: Any
) -> list[str]:
    out = []
    for r in rows.indices():
        row = "".join(
            explorer_cell(
                cols.pos(c),
                rows.pos(r),
                rows.size,
                (grid, r, c),
                data["cells"][f"{grid[0]}:{r},{c}"],
                state,
            )
            for c in cols.indices()
        )
        out.append(row)
    return out


def _svg(uid: str, grid: str, name: str, width: float, height: float, content: str) -> str:
    return svg.element(
        "svg",
        svg.element("title", svg.escape(name), id=f"{uid}-{grid}-title") + content,
        class_=f"cmx-svg cmx-svg-{grid}",
        viewBox=f"0 0 {svg.num(width)} {svg.num(height)}",
        role="group",
        aria_labelledby=f"{uid}-{grid}-title",
        width=width,
        height=height,
    )


def _strip_labels(cols: Track, size: int, y: float, pad_y: float, lang: str) -> str:
    """Sparse 1-based labels on a long strip: 1, multiples of 8, the last; "pad" once per run.

    A "pad" label is wider than a cell and would cover the numbers next to it, so it
    goes on its own line under the strip (``pad_y``): a run before the image is
    labelled from its first cell on, a run after it up to its last cell, so neither
    label runs off the drawing.
    """
    parts, runs = [], []
    for c in cols.indices():
        if not 0 <= c < size:
            if runs and runs[-1][1] == c - 1:
                runs[-1][1] = c
            else:
                runs.append([c, c])
        elif c == 0 or c == size - 1 or (c + 1) % 8 == 0:
            if c == size - 1 or (size - 1 - c) >= 3:
                parts.append(svg.text(cols.pos(c) + cols.size / 2, y, c + 1, "cmx-index"))
    for first, last in runs:
        x, anchor = (cols.pos(first), "start") if first < 0 else (cols.pos(last) + cols.size, "end")
        parts.append(svg.text(x, pad_y, message("pad", lang), "cmx-pad-label", anchor))
    return "".join(parts)


def one_axis_svg(uid: str, title: str, data: dict[str, Any], state: Any, lang: str) -> str:
    """A one-axis explorer: the input strip on top, each neuron under its window."""
    C, lm, top = CELL_1D, 6.0, 42.0
    geo, shown = data["geometry"], data["shown"]
    W, ow = geo["input"][1], geo["output"][1]
    left, right = geo["padding"][2], geo["padding"][3]
    cols = Track(list(range(shown["input_cols"][0], shown["input_cols"][1] + 1)), lm, C)
    inputs = _cells_by_row("input", Track([0], top, C), cols, data, state)
    oy = top + C + 3.2 * C
    outs, places = [], {}
    for key in data["order"]:
        xs = [cols.pos(int(t.split(",")[1])) for t in data["cells"][key]["taps"]]
        c = int(key.split(",")[1])
        places[key] = ((min(xs) + max(xs)) / 2, oy)
        outs.append(
            explorer_cell(places[key][0], oy, C, ("output", 0, c), data["cells"][key], state)
        )
    state.boxes = {
        k: _box(data["cells"][k]["taps"], cols, Track([0], top, C)) for k in data["order"]
    }
    head = message(
        "ex_input_1d_pad" if left or right else "ex_input_1d", lang, w=W, left=left, right=right
    )
    out_head = message("ex_output_1d", lang, w=ow)
    if data.get("grid_names"):
        head = message("ex_named_axis", lang, name=data["grid_names"][0], w=W)
        out_head = message("ex_named_axis", lang, name=data["grid_names"][1], w=ow)
    labels = svg.text(lm, 15, head, "cmx-title", "start")
    labels += svg.text(lm, oy - 8, out_head, "cmx-title", "start")
    labels += _strip_labels(cols, W, top - 7, top + C + 10, lang)
    out_track = Track([int(k.split(",")[1]) for k in data["order"]], 0, C)
    for c in out_track.indices():
        if c == 0 or c == ow - 1 or ((c + 1) % 8 == 0 and ow - 1 - c >= 3):
            x = places[f"o:0,{c}"][0]
            labels += svg.text(x + C / 2, oy + C + 12, c + 1, "cmx-index")
    body = svg.element("g", labels, class_="cmx-labels", aria_hidden="true")
    body += grid_group(cells_label("input", data, title, lang), inputs)
    body += grid_group(cells_label("output", data, title, lang), ["".join(outs)])
    width, height = lm * 2 + cols.length, oy + C + 22
    return _svg(uid, "input", title, width, height, body + _overlays(state, C))


def _box(taps: Sequence[str], cols: Track, rows: Track) -> list[float]:
    rs = [int(t[2:].split(",")[0]) for t in taps]
    cs = [int(t.split(",")[1]) for t in taps]
    x0, y0 = cols.pos(min(cs)), rows.pos(min(rs))
    return [x0, y0, cols.pos(max(cs)) - x0 + cols.size, rows.pos(max(rs)) - y0 + rows.size]


def _overlays(state: Any, size: float, kernel: bool = True) -> str:
    """The kernel frame (shown on load at the default neuron) and the pointer ring."""
    out = ""
    if kernel:
        x, y, w, h = state.boxes.get(state.default_key, [0, 0, size, size])
        out += svg.rect(
            0,
            0,
            w,
            h,
            "cmx-kernel",
            rx=3,
            data_default=True,
            style=f"transform: translate({svg.num(x)}px, {svg.num(y)}px)",
        )
    return out + svg.rect(0, 0, size, size, "cmx-ring", hidden=True)


def two_axis_svgs(uid: str, title: str, data: dict[str, Any], state: Any, lang: str) -> str:
    """A 2-D explorer: the input grid and the output grid, two SVGs side by side."""
    C, lm, tm = CELL_2D, 30.0, 40.0
    geo, shown = data["geometry"], data["shown"]
    (H, W), (oh, ow) = geo["input"], geo["output"]
    extra = C if data["cropped"] else 0
    svgs, tracks = [], {}
    for grid, real in (("input", (H, W)), ("output", (oh, ow))):
        r0, r1 = shown[f"{grid}_rows"]
        c0, c1 = shown[f"{grid}_cols"]
        rows, cols = Track(list(range(r0, r1 + 1)), tm, C), Track(list(range(c0, c1 + 1)), lm, C)
        tracks[grid] = (rows, cols)
        labels = draw_grid(rows, cols, lambda *a: "", real, lang=lang, font=10)
        labels = svg.text(2, 14, _grid_head(grid, data, lang), "cmx-title", "start") + labels
        if data["cropped"]:
            labels += svg.text(lm + cols.length + 8, tm + rows.length / 2, "…", "cmx-more")
            labels += svg.text(lm + cols.length / 2, tm + rows.length + 12, "⋮", "cmx-more")
        cells = _cells_by_row(grid, rows, cols, data, state)
        body = svg.element("g", labels, class_="cmx-labels", aria_hidden="true")
        body += grid_group(cells_label(grid, data, title, lang), cells)
        width = lm + cols.length + 8 + extra
        if data.get("grid_names"):  # a caller's name can be longer than the grid
            width = max(width, 8 + svg.text_width(_grid_head(grid, data, lang), 11, 7 / 11))
        svgs.append((grid, real, body, width, tm + rows.length + 6 + extra))
    rows, cols = tracks["input"]
    state.boxes = {k: _box(data["cells"][k]["taps"], cols, rows) for k in data["order"]}
    out = ""
    for grid, _real, body, width, height in svgs:
        body += _overlays(state, C, kernel=grid == "input")
        out += _svg(
            uid,
            grid,
            cells_label(grid, data, title, lang),
            width,
            height,
            body,
        )
    return out


def cells_label(grid: str, data: dict[str, Any], title: str, lang: str) -> str:
    """The accessible name of a grid's cells: the caller's grid name, else input/output."""
    if data.get("grid_names"):
        name = data["grid_names"][0 if grid == "input" else 1]
        return message("ex_named_cells", lang, title=title, name=name)
    return message("ex_input_cells" if grid == "input" else "ex_output_cells", lang, title=title)


def _grid_head(grid: str, data: dict[str, Any], lang: str) -> str:
    geo = data["geometry"]
    h, w = geo[grid]
    if data.get("grid_names"):
        name = data["grid_names"][0 if grid == "input" else 1]
        return message("ex_named_grid", lang, name=name, h=h, w=w)
    if grid == "input":
        key = "ex_input_2d_crop" if data["cropped"] else "ex_input_2d"
        if not data["cropped"] and any(geo["padding"]):
            key = "ex_input_2d_pad"
    else:
        key = "ex_output_2d_crop" if data["cropped"] else "ex_output_2d"
    return message(key, lang, h=h, w=w)
