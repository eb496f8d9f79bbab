"""Figures for a whole stack: the input region of every neuron of a small layer.

`region_figure` draws, for each spatial position of a layer with few
positions (the Q&A's 2 x 2 last pooling layer), one small panel: the input
image, the padding around it (hatched) and that neuron's region (filled and
outlined), plus a small output grid saying which panel is which neuron. Every
number comes from `convmap.network.input_region`; the panels are
separate SVGs in a wrapping grid, so they stay readable at phone width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmap.figures import svg
from convmap.figures.checks import as_count, as_index
from convmap.figures.messages import check_lang, message
from convmap.figures.numbering import NUMBERING
from convmap.network import input_region, trace

__all__ = ["GUIDE_EVERY", "region_figure"]

#: The input panels draw a faint guide line every this many pixels.
GUIDE_EVERY = 8

_COLOURS = ("cm-c1", "cm-c2", "cm-c3", "cm-c4", "cm-c5", "cm-c6")
_DASHES = (None, "7 3", "2 2", "9 3 2 3", None, "4 4")


def _real_span(span: range, size: int) -> tuple[int, int]:
    """The 1-based first and last real pixel of a span that may reach into padding."""
    return max(span.start, 0) + 1, min(span.stop, size)


def _image_with_padding(
    x: Any, y: Any, extent: tuple[range, range], image: tuple[int, int], cell: float
) -> str:
    """The padded extent hatched, the image drawn over it, faint lines every few pixels."""
    rows, cols = extent
    h, w = image
    body = []
    # padding: the whole extent hatched, the image drawn over it
    ext_w, ext_h = len(cols) * cell, len(rows) * cell
    pad = svg.rect(x(cols.start), y(rows.start), ext_w, ext_h, "cm-box") + svg.hatch(
        x(cols.start), y(rows.start), ext_w, ext_h, step=6
    )
    body.append(svg.element("g", pad, class_="cm-cell cm-pad"))
    body.append(svg.rect(x(0), y(0), w * cell, h * cell, "cm-box"))
    # faint lines every GUIDE_EVERY pixels help read positions
    for k in range(GUIDE_EVERY, max(h, w), GUIDE_EVERY):
        if k < w:
            body.append(svg.line(x(k), y(0), x(k), y(h), "cm-link", opacity=0.35))
        if k < h:
            body.append(svg.line(x(0), y(k), x(w), y(k), "cm-link", opacity=0.35))
    return "".join(body)


def _panel(
    region: Any, extent: tuple[range, range], colour: str, dash: str | None, lang: str
) -> str:
    cell = 3.0
    left, top = 36.0, 44.0
    rows, cols = extent
    width = left + len(cols) * cell + 10
    height = top + len(rows) * cell + 26
    h, w = region.image_shape

    def x(col: float) -> float:
        return left + (col - cols.start) * cell

    def y(row: float) -> float:
        return top + (row - rows.start) * cell

    body = []
    name = message(
        "reg_name", lang, layer=region.name, r=region.neuron[0] + 1, c=region.neuron[1] + 1
    )
    (r0, r1), (c0, c1) = _real_span(region.rows, h), _real_span(region.cols, w)
    body.append(svg.text(4, 12, name, "cm-text cm-heading", anchor="start", size=13))
    body.append(
        svg.text(
            4,
            30,
            message("reg_span", lang, r0=r0, r1=r1, c0=c0, c1=c1),
            anchor="start",
            size=12,
        )
    )
    body.append(_image_with_padding(x, y, extent, (h, w), cell))
    rx, ry = x(region.cols.start), y(region.rows.start)
    rw, rh = len(region.cols) * cell, len(region.rows) * cell
    body.append(svg.rect(rx, ry, rw, rh, f"cm-mark {colour}", fill_opacity=0.35))
    body.append(svg.outline(rx, ry, rw, rh, f"cm-outline {colour}", stroke_dasharray=dash))
    # ticks: first and last image row/column
    body.append(svg.text(left - 4, y(0.5), "1", anchor="end", size=11))
    body.append(svg.text(left - 4, y(h - 0.5), str(h), anchor="end", size=11))
    base = y(rows.stop) + 12
    body.append(svg.text(x(0.5), base, "1", size=11))
    body.append(svg.text(x(w - 0.5), base, str(w), size=11))
    desc = message(
        "reg_desc",
        lang,
        h=h,
        w=w,
        name=name,
        r0=r0,
        r1=r1,
        c0=c0,
        c1=c1,
        rh=region.size[0],
        rw=region.size[1],
        pr=len(region.padded_rows),
        pc=len(region.padded_cols),
    )
    return svg.document(
        "".join(body),
        width=width,
        height=height,
        title=name,
        desc=desc,
        data_numbering=NUMBERING,
        lang=lang,
    )


def _output_grid(name: str, shape: tuple[int, ...], image: tuple[int, ...], lang: str) -> str:
    oh, ow, channels = shape
    size = 40.0
    left, top = 8.0, 30.0
    body = [
        svg.text(
            4,
            12,
            message("reg_out_head", lang, layer=name, oh=oh, ow=ow, channels=channels),
            anchor="start",
            size=13,
        )
    ]
    for i in range(oh):
        for j in range(ow):
            k = (i * ow + j) % len(_COLOURS)
            x0, y0 = left + j * size, top + i * size
            body.append(
                svg.element(
                    "g",
                    svg.rect(x0, y0, size, size, "cm-box")
                    + svg.rect(
                        x0 + 3,
                        y0 + 3,
                        size - 6,
                        size - 6,
                        f"cm-mark {_COLOURS[k]}",
                        fill_opacity=0.35,
                    )
                    + svg.text(x0 + size / 2, y0 + size / 2, f"{i + 1},{j + 1}", size=12),
                    class_="cm-cell",
                    data_grid="output",
                    data_row=i,
                    data_col=j,
                )
            )
    lx = left + ow * size + 16
    legend, _ = svg.legend(
        lx,
        top,
        [
            ("pad", message("reg_out_pad", lang)),
            ("outline:cm-c1", message("reg_out_region", lang)),
        ],
        width=230,
    )
    body.append(legend)
    body.append(
        svg.text(
            lx,
            top + 2 * svg.CELL + 12,
            message("reg_out_input", lang, shape=" x ".join(map(str, image))),
            anchor="start",
            size=12,
        )
    )
    width = lx + 240
    height = max(top + oh * size + 6, top + 3 * svg.CELL + 6)
    desc = message("reg_out_desc", lang, oh=oh, ow=ow, layer=name, channels=channels)
    return svg.document(
        "".join(body),
        width=width,
        height=height,
        title=message("reg_out_title", lang, layer=name),
        desc=desc,
        data_numbering=NUMBERING,
        lang=lang,
    )


def region_figure(
    layers: Sequence[Any],
    input_shape: tuple[int, int, int],
    layer_index: int,
    max_panels: int = 16,
    *,
    lang: str = "en",
) -> str:
    """HTML: one panel per neuron position of a small layer, showing its input region.

    Args:
        layers: A list of `convmap.layers` descriptions.
        input_shape: ``(height, width, channels)`` of one input image.
        layer_index: A spatial layer (conv, pool or ReLU) of the stack; negative
            counts from the end.
        max_panels: Refuse layers with more positions than this.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        A ``<div class="cm-region-grid">`` holding the output grid and one
        ``<svg>`` per position (each with a ``<title>`` and ``<desc>``).

    Raises:
        ValueError: If the layer is flat (Flatten, Dense) or has more than
            ``max_panels`` positions, or the stack cannot work.

    Examples:
        >>> from convmap.layers import Conv2D, MaxPool2D
        >>> html = region_figure([Conv2D(1, 3), MaxPool2D(3)], (9, 9, 1), -1)
        >>> html.count("<svg"), "rows 1-5, cols 4-8" in html
        (5, True)
    """
    lang = check_lang(lang)
    max_panels = as_count("max_panels", max_panels)
    records = trace(layers, input_shape)
    index = as_index(
        "layer_index",
        layer_index,
        len(records),
        -len(records),
        f"the stack has {len(records)} layers; negative counts from the end",
    )
    rec = records[index]
    if len(rec.output_shape) != 3:
        raise ValueError(
            f"layer_index {layer_index} is '{rec.name}' with flat output {rec.output_shape}; "
            f"choose a convolution, pooling or ReLU layer"
        )
    oh, ow, _ = rec.output_shape
    if oh * ow > max_panels:
        raise ValueError(
            f"layer '{rec.name}' has {oh} x {ow} = {oh * ow} positions, more than "
            f"max_panels={max_panels}"
        )
    regions = [
        input_region(layers, input_shape, rec.index, i, j) for i in range(oh) for j in range(ow)
    ]
    h, w = input_shape[:2]
    extent = (
        range(min(0, *(r.rows.start for r in regions)), max(h, *(r.rows.stop for r in regions))),
        range(min(0, *(r.cols.start for r in regions)), max(w, *(r.cols.stop for r in regions))),
    )
    key = _output_grid(rec.name, rec.output_shape, tuple(input_shape), lang)
    foot = f'<div class="cm-region-key" style="max-width:30rem;margin-top:0.6rem">{key}</div>'
    panels = [
        _panel(r, extent, _COLOURS[k % 6], _DASHES[k % 6], lang) for k, r in enumerate(regions)
    ]
    cells = "".join(f'<div class="cm-region-cell">{p}</div>' for p in panels)
    style = (
        "display:grid;grid-template-columns:"
        "repeat(auto-fit,minmax(min(100%,15rem),1fr));"
        f"gap:0.8rem 1.2rem;align-items:start;max-width:{ow * 17 + 2}rem"
    )
    return f'<div class="cm-region-grid"><div style="{style}">{cells}</div>{foot}</div>'
