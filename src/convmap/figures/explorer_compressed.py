"""The compressed explorer: grids too large to draw cell by cell, picked by number.

The page shows number inputs (1-based, as every figure) for a neuron and for
a pixel, and a detail view: the rows and columns around the picked cell and
its window (or the neurons seeing it), hidden runs as ellipses. Python draws
the detail of the default neuron into the markup; when the reader picks
another cell, the page's script redraws the detail from the per-axis slots in
the data (`convmap.figures.explorer_axes.axis_table`) and lights the product
of the row and column lists given there.
"""

from __future__ import annotations

from typing import Any

from convmap.figures import svg
from convmap.figures.explorer_cells import CELL_2D, explorer_cell, grid_group
from convmap.figures.explorer_words import input_name, neuron_name, neuron_sentence
from convmap.figures.grid import draw_grid
from convmap.figures.messages import message
from convmap.figures.track import Track

__all__ = ["compressed_body", "detail_svg"]

_LM, _TM = 34.0, 40.0


class _Detail:
    def __init__(self, first: set[str], default: set[str]) -> None:
        self.first, self.default = first, default


def detail_svg(
    uid: str, grid: str, rows: list[Any], cols: list[Any], layer: Any, lit: set[str], lang: str
) -> str:
    """One detail grid (input or output) on the given slots, ``lit`` cells marked default.

    Args:
        uid: The explorer's id prefix.
        grid: ``"input"`` or ``"output"``.
        rows: Row slots (0-based indices, ``None`` for a gap).
        cols: Column slots.
        layer: The resolved layer (`convmap.figures.explorer_data.Layer`).
        lit: Keys (``"i:r,c"``) of the cells lit on load.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        An ``<svg>`` element whose cells carry the explorer's hooks.
    """
    real = layer.input if grid == "input" else layer.output
    rt, ct = Track(rows, _TM, CELL_2D), Track(cols, _LM, CELL_2D)
    first = {f"{grid[0]}:{rt.indices()[0]},{ct.indices()[0]}"}
    state = _Detail(first, lit)

    def cell(x: float, y: float, r: int, c: int, pad: bool) -> str:
        if grid == "input":
            name = input_name(layer, r, c, lang)
        else:
            name = neuron_name(layer, r, c, lang)
        return explorer_cell(x, y, CELL_2D, (grid, r, c), {"name": name, "pad": pad}, state)

    head = message("ex_input_2d" if grid == "input" else "ex_output_2d", lang, h=real[0], w=real[1])
    labels = svg.text(2, 14, head, "cmx-title", "start")
    labels += draw_grid(rt, ct, lambda *a: "", real, lang=lang, font=10)
    cells = draw_grid(rt, ct, cell, real, labels=False, lang=lang)
    key = "ex_input_cells" if grid == "input" else "ex_output_cells"
    body = svg.element("g", labels, class_="cmx-labels", aria_hidden="true")
    body += svg.element(
        "g",
        grid_group(message(key, lang, title=head), [cells]),
        class_="cmx-detail",
        data_detail=grid,
    )
    width, height = _LM + ct.length + 8, _TM + rt.length + 6
    return svg.element(
        "svg",
        body,
        class_=f"cmx-svg cmx-svg-{grid}",
        viewBox=f"0 0 {svg.num(width)} {svg.num(height)}",
        role="group",
        aria_label=head,
        width=width,
        height=height,
    )


def _number_input(uid: str, pick: str, label: str, stop: int, value: int) -> str:
    box = svg.element(
        "input",
        None,
        type="number",
        min=1,
        max=stop,
        step=1,
        value=value,
        data_pick=pick,
        id=f"{uid}-{pick}",
        inputmode="numeric",
    )
    return svg.element("label", svg.escape(label) + " " + box, class_="cmx-pick-field")


def _pick_form(uid: str, data: dict[str, Any], r: int, c: int, lang: str) -> str:
    (H, W), (oh, ow) = data["geometry"]["input"], data["geometry"]["output"]
    row, col = message("ex_row", lang), message("ex_col", lang)
    parts = []
    for what, (nr, nc), (vr, vc) in (
        ("neuron", (oh, ow), (r + 1, c + 1)),
        ("pixel", (H, W), (1, 1)),
    ):
        fields = svg.element(
            "span", svg.escape(message(f"ex_pick_{what}", lang)), class_="cmx-pick-name"
        )
        if not data["one_axis"]:
            fields += _number_input(uid, f"{what}-row", row, nr, vr)
        fields += _number_input(uid, f"{what}-col", col, nc, vc)
        fields += svg.element(
            "button",
            svg.escape(message("ex_show", lang)),
            type="button",
            class_="cmx-button",
            data_action=f"pick-{what}",
        )
        parts.append(svg.element("div", fields, class_="cmx-pick-row"))
    return svg.element(
        "div", "".join(parts), class_="cmx-pick", role="group", aria_label=message("ex_pick", lang)
    )


def compressed_body(uid: str, title: str, data: dict[str, Any], lang: str) -> tuple[str, str]:
    """The pick form and the detail of the default neuron; returns ``(markup, sentence)``."""
    from convmap.figures.explorer_data import resolve_layer

    geo = data["geometry"]
    one = data["one_axis"]
    layer = resolve_layer(
        geo["input"][1] if one else tuple(geo["input"]),
        geo["kernel"][1] if one else tuple(geo["kernel"]),
        geo["stride"][1] if one else tuple(geo["stride"]),
        tuple(geo["padding"][2:])
        if one
        else ((geo["padding"][0], geo["padding"][1]), (geo["padding"][2], geo["padding"][3])),
        geo["dilation"][1] if one else tuple(geo["dilation"]),
    )
    r, c = (int(v) for v in data["default"][2:].split(","))
    rows, cols = data["axes"]["row"]["neurons"][r], data["axes"]["col"]["neurons"][c]
    lit_in = {f"i:{i},{j}" for i in set(rows[0]) for j in set(cols[0])}
    svgs = detail_svg(uid, "input", rows[4], cols[4], layer, lit_in, lang)
    svgs += detail_svg(uid, "output", rows[5], cols[5], layer, {data["default"]}, lang)
    body = _pick_form(uid, data, r, c, lang)
    body += svg.element("div", svgs, class_="cmx-scroll", id=f"{uid}-svg")
    return body, neuron_sentence(layer, r, c, rows[0], cols[0], lang)
