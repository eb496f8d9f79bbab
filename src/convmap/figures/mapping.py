"""`grid_mapping`: a 2-D layer, input and output, one neuron's window or one pixel's neurons."""

from __future__ import annotations

from typing import Any

from convmap.figures import svg
from convmap.figures.checks import as_flag, as_pair, as_position
from convmap.figures.grid import bounding_outline, headed_grid, view_track
from convmap.figures.messages import check_lang, message, number_runs
from convmap.figures.numbering import NUMBERING, pixels_in_words
from convmap.figures.svg import FONT
from convmap.figures.track import Track
from convmap.geometry import layer_geometry

__all__ = ["check_one_based", "grid_mapping", "layer_of", "padding_words"]

_MARGIN = 8


def check_one_based(one_based: Any) -> None:
    """Refuse ``one_based=False``: every figure follows the site's 1-based numbering.

    Examples:
        >>> check_one_based(True)
        >>> check_one_based(False)
        Traceback (most recent call last):
        ...
        ValueError: one_based must be True: figures use the site's 1-based pixel and neuron numbers (0-based indices stay in data-row/data-col), got False
    """  # noqa: E501
    if not as_flag("one_based", one_based):
        raise ValueError(
            "one_based must be True: figures use the site's 1-based pixel and neuron numbers "
            f"(0-based indices stay in data-row/data-col), got {one_based!r}"
        )


def padding_words(pads: tuple[int, int, int, int], lang: str) -> str:
    """``"padding top 1, bottom 2, left 1, right 2"`` or ``"no padding"``, in ``lang``.

    Examples:
        >>> padding_words((0, 0, 0, 0), "zh")
        '无填充'
    """
    if not any(pads):
        return message("no_padding", lang)
    top, bottom, left, right = pads
    return message("padding_2d", lang, top=top, bottom=bottom, left=left, right=right)


def layer_of(input_hw: Any, kernel: Any, stride: Any, padding: Any, dilation: Any) -> Any:
    """The `LayerGeometry` of checked settings; one int means a square pair.

    Examples:
        >>> layer_of(5, 3, 1, "same", 1).output
        (5, 5)
    """
    return layer_geometry(
        as_pair("input_hw", input_hw),
        as_pair("kernel", kernel),
        as_pair("stride", stride),
        padding,
        as_pair("dilation", dilation),
    )


def _mark(g: Any, neuron: Any, pixel: Any, lang: str) -> dict[str, Any]:
    """What is marked: the neuron's window, or the pixel and the neurons seeing it."""
    (top, bottom), (left, right) = g.padding
    if neuron is not None:
        what = f"output {g.output[0]} x {g.output[1]}, 0-based"
        nr, nc = as_position("neuron", neuron, range(g.output[0]), range(g.output[1]), what)
        wr, wc = g.rows.window(nr), g.cols.window(nc)
        words = message(
            "map_reads",
            lang,
            r=nr + 1,
            c=nc + 1,
            rows=pixels_in_words(wr, g.input[0], lang),
            cols=pixels_in_words(wc, g.input[1], lang),
        )
        return {
            "neuron": (nr, nc),
            "pixel": None,
            "win": (wr, wc),
            "seen": ([], []),
            "words": words,
        }
    rows = range(-top, g.input[0] + bottom)
    cols = range(-left, g.input[1] + right)
    pr, pc = as_position("pixel", pixel, rows, cols, "padded input, 0-based")
    sr, sc = g.rows.seeing(pr), g.cols.seeing(pc)
    real = 0 <= pr < g.input[0] and 0 <= pc < g.input[1]
    words = message(
        "map_seen" if real else "map_pixel_pad",
        lang,
        r=pr + 1,
        c=pc + 1,
        count=len(sr) * len(sc),
        rows=number_runs([i + 1 for i in sr], lang),
        cols=number_runs([j + 1 for j in sc], lang),
    )
    return {"neuron": None, "pixel": (pr, pc), "win": ([], []), "seen": (sr, sc), "words": words}


def _tracks(g: Any, mark: dict[str, Any], input_view: Any, output_view: Any) -> list[Track]:
    (top, bottom), (left, right) = g.padding
    px = [{mark["pixel"][a]} if mark["pixel"] else set() for a in range(2)]
    nx = [{mark["neuron"][a]} if mark["neuron"] else set() for a in range(2)]
    iv = input_view if input_view is not None else (None, None)
    ov = output_view if output_view is not None else (None, None)
    for name, view in (("input_view", input_view), ("output_view", output_view)):
        if view is not None and (not isinstance(view, (list, tuple)) or len(view) != 2):
            raise ValueError(f"{name} must be ((row_lo, row_hi), (col_lo, col_hi)), got {view!r}")
    return [
        view_track(iv[0], -top, g.input[0] + bottom, set(mark["win"][0]) | px[0], "input_view[0]"),
        view_track(iv[1], -left, g.input[1] + right, set(mark["win"][1]) | px[1], "input_view[1]"),
        view_track(ov[0], 0, g.output[0], set(mark["seen"][0]) | nx[0], "output_view[0]"),
        view_track(ov[1], 0, g.output[1], set(mark["seen"][1]) | nx[1], "output_view[1]"),
    ]


def _cell_maker(grid: str, mark: dict[str, Any]) -> Any:
    win_r, win_c = set(mark["win"][0]), set(mark["win"][1])
    seen_r, seen_c = set(mark["seen"][0]), set(mark["seen"][1])

    def make(x: float, y: float, r: int, c: int, pad: bool) -> str:
        role = None
        if grid == "input" and mark["neuron"] and r in win_r and c in win_c:
            role = "window"
        elif grid == "input" and mark["pixel"] == (r, c):
            role = "pixel"
        elif grid == "output" and mark["neuron"] == (r, c):
            role = "neuron"
        elif grid == "output" and mark["pixel"] and r in seen_r and c in seen_c:
            role = "seen"
        return svg.cell(x, y, grid=grid, row=r, col=c, pad=pad, role=role)

    return make


def _outlines(mark: dict[str, Any], tin: tuple[Track, Track], tout: tuple[Track, Track]) -> str:
    if mark["neuron"]:
        (nr, nc), (wr, wc) = mark["neuron"], mark["win"]
        return bounding_outline(*tin, wr, wc, "cm-outline cm-c1") + bounding_outline(
            *tout, [nr], [nc], "cm-outline cm-c1"
        )
    (pr, pc), (sr, sc) = mark["pixel"], mark["seen"]
    return bounding_outline(*tin, [pr], [pc], "cm-outline cm-c2") + bounding_outline(
        *tout, sr, sc, "cm-outline cm-c2"
    )


def _draw(g: Any, mark: dict[str, Any], tracks: list[Track], stack: Any, lang: str) -> tuple:
    x0, y0 = _MARGIN, 4.0
    in_head = message("grid_input_head", lang, h=g.input[0], w=g.input[1])
    out_head = message("grid_output_head", lang, h=g.output[0], w=g.output[1])
    m_in, w_in, h_in = headed_grid(
        x0, y0, tracks[0], tracks[1], _cell_maker("input", mark), tuple(g.input), in_head, lang
    )
    _, w_out, h_out = headed_grid(
        0, 0, tracks[2], tracks[3], lambda *a: "", tuple(g.output), out_head, lang
    )
    gap = 36
    stack = w_in + gap + w_out + 2 * _MARGIN > 460 if stack is None else as_flag("stack", stack)
    if stack:
        x1, y1 = x0, y0 + h_in + gap
        arrow = svg.text(
            x0 + 22 + tracks[1].length / 2, y0 + h_in + gap / 2 + 2, "↓", size=FONT * 1.6
        )
    else:
        x1, y1 = x0 + w_in + gap, y0
        arrow = svg.text(x0 + w_in + gap / 2, y0 + 17 + min(h_in, h_out) / 2, "→", size=FONT * 1.6)
    m_out, _, _ = headed_grid(
        x1, y1, tracks[2], tracks[3], _cell_maker("output", mark), tuple(g.output), out_head, lang
    )
    tin = (Track(tracks[0].slots, y0 + 34), Track(tracks[1].slots, x0 + 22))
    tout = (Track(tracks[2].slots, y1 + 34), Track(tracks[3].slots, x1 + 22))
    markup = m_in + m_out + arrow + _outlines(mark, tin, tout)
    return markup, max(x0 + w_in, x1 + w_out) + _MARGIN, max(y0 + h_in, y1 + h_out) + 8


def grid_mapping(
    input_hw: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    neuron: tuple[int, int] | None = None,
    pixel: tuple[int, int] | None = None,
    input_view: tuple[tuple[int, int], tuple[int, int]] | None = None,
    output_view: tuple[tuple[int, int], tuple[int, int]] | None = None,
    one_based: bool = True,
    stack: bool | None = None,
    title: str | None = None,
    lang: str = "en",
) -> str:
    """A 2-D layer, input left (or top) and output right (or below), one mapping marked.

    Give exactly one of ``neuron`` (forward: the input cells that output reads
    get ``data-role="window"`` and one outline, the neuron gets ``"neuron"``)
    or ``pixel`` (reverse: the pixel gets ``"pixel"``, every output whose
    window contains it gets ``"seen"``). Padded rows and columns are drawn
    hatched and labelled "pad"; real ones are numbered from 1. Large grids
    are cropped with ``input_view`` / ``output_view`` (half-open
    ``((row_lo, row_hi), (col_lo, col_hi))`` in 0-based padded input or
    output coordinates) or compressed around the marked cells.

    Args:
        input_hw: Input ``(height, width)`` or one int (square).
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int.
        padding: Any padding `convmap.layer_geometry` accepts.
        dilation: ``(dh, dw)`` or one int.
        neuron: Output ``(row, col)``, 0-based, for the forward picture.
        pixel: Input ``(row, col)``, 0-based (padded positions allowed), for
            the reverse picture.
        input_view: Rows and columns of the padded input to draw.
        output_view: Rows and columns of the output to draw.
        one_based: Kept for old callers; only ``True`` (the site's rule).
        stack: Put the output below the input instead of to its right. By
            default the grids are stacked when side by side they would be
            wider than 460 units, so the figure stays readable on a phone.
        title: Figure title; a default one describes the mapping.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        An ``<svg>`` string with ``data-numbering="1-based"``.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is invalid, not exactly one of ``neuron`` and
            ``pixel`` is given, or it is out of range.

    Examples:
        >>> from xml.etree import ElementTree as ET
        >>> fig = grid_mapping(5, 3, 1, "valid", neuron=(1, 2))
        >>> cells = ET.fromstring(fig).iter("{http://www.w3.org/2000/svg}g")
        >>> sorted((int(g.get("data-row")), int(g.get("data-col"))) for g in cells
        ...        if g.get("data-role") == "window")[:4]
        [(1, 2), (1, 3), (1, 4), (2, 2)]
    """
    lang = check_lang(lang)
    check_one_based(one_based)
    if (neuron is None) == (pixel is None):
        raise ValueError("give exactly one of neuron=(row, col) or pixel=(row, col)")
    g = layer_of(input_hw, kernel, stride, padding, dilation)
    mark = _mark(g, neuron, pixel, lang)
    markup, width, y = _draw(g, mark, _tracks(g, mark, input_view, output_view), stack, lang)
    pads = (*g.padding[0], *g.padding[1])
    items = (
        [("window", message("map_legend_window", lang))]
        if mark["neuron"]
        else [("pixel", message("map_legend_pixel", lang))]
    )
    if any(pads):
        items.insert(0, ("pad", message("padded_zero", lang)))
    legend, legend_h = svg.legend(_MARGIN, y, items, width - 2 * _MARGIN)
    desc = message(
        "map_desc",
        lang,
        h=g.input[0],
        w=g.input[1],
        padding=padding_words(pads, lang),
        kh=g.kernel[0],
        kw=g.kernel[1],
        sh=g.stride[0],
        sw=g.stride[1],
        dh=g.dilation[0],
        dw=g.dilation[1],
        oh=g.output[0],
        ow=g.output[1],
    )
    desc += " " + message("numbering_note", lang) + " " + mark["words"]
    default = message("map_title_neuron" if mark["neuron"] else "map_title_pixel", lang)
    return svg.document(
        markup + legend,
        width=width,
        height=y + legend_h + 4,
        title=title or default,
        desc=desc,
        data_figure="grid-mapping",
        data_numbering=NUMBERING,
        lang=lang,
    )
