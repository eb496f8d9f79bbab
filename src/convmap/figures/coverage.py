"""`coverage`: a heat map of how many neurons (of one filter) see each input pixel."""

from __future__ import annotations

from typing import Any

from convmap.figures import svg
from convmap.figures.checks import as_flag
from convmap.figures.grid import headed_grid, view_track
from convmap.figures.mapping import check_one_based, layer_of, padding_words
from convmap.figures.messages import check_lang, message
from convmap.figures.numbering import NUMBERING

__all__ = ["MAX_COVERAGE_SIDE", "coverage"]

#: Longest input side `coverage` counts (it asks `Axis.seeing` once per row and column).
MAX_COVERAGE_SIDE = 100_000


def _counts(g: Any) -> tuple[dict[int, int], dict[int, int]]:
    for a in range(2):
        if g.input[a] > MAX_COVERAGE_SIDE:
            raise ValueError(
                f"input_hw: coverage counts at most {MAX_COVERAGE_SIDE} pixels per side, got "
                f"{g.input[a]}"
            )
    per_row = {r: len(g.rows.seeing(r)) for r in range(g.input[0])}
    per_col = {c: len(g.cols.seeing(c)) for c in range(g.input[1])}
    return per_row, per_col


def coverage(
    input_hw: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    input_view: tuple[tuple[int, int], tuple[int, int]] | None = None,
    counts: bool = True,
    one_based: bool = True,
    title: str | None = None,
    lang: str = "en",
) -> str:
    """Heat map: how many neurons (of one filter) see each input pixel.

    A pixel at ``(r, c)`` is seen by ``len(neurons_seeing(r)) *
    len(neurons_seeing(c))`` neurons per filter (2-D windows are products of
    the row and column windows); multiply by the number of filters for the
    whole layer. Each cell carries ``data-count``, shows the count as text when
    ``counts`` is true, and is shaded in five steps; a pixel no neuron sees
    gets ``data-role="unseen"``. Rows and columns are numbered from 1.

    Args:
        input_hw: Input ``(height, width)`` or one int.
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int.
        padding: Any padding `convmap.layer_geometry` accepts.
        dilation: ``(dh, dw)`` or one int.
        input_view: Rows and columns of the input to draw, half-open
            ``((row_lo, row_hi), (col_lo, col_hi))`` in 0-based pixel indices;
            default all when small, else compressed around the corners.
        counts: Write each count in its cell.
        one_based: Kept for old callers; only ``True`` (the site's rule).
        title: Figure title.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        An ``<svg>`` string with ``data-numbering="1-based"``.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting or the view is invalid, or a side is above
            `MAX_COVERAGE_SIDE`.

    Examples:
        >>> from xml.etree import ElementTree as ET
        >>> cells = ET.fromstring(coverage(4, 2)).iter("{http://www.w3.org/2000/svg}g")
        >>> [int(g.get("data-count")) for g in cells if g.get("data-row") == "0"]
        [1, 2, 2, 1]
    """
    lang = check_lang(lang)
    check_one_based(one_based)
    counts = as_flag("counts", counts)
    g = layer_of(input_hw, kernel, stride, padding, dilation)
    per_row, per_col = _counts(g)
    if input_view is not None and (
        not isinstance(input_view, (list, tuple)) or len(input_view) != 2
    ):
        raise ValueError(
            f"input_view must be ((row_lo, row_hi), (col_lo, col_hi)), got {input_view!r}"
        )
    iv = input_view or (None, None)
    rows = view_track(iv[0], 0, g.input[0], {0, g.input[0] - 1}, "input_view[0]")
    cols = view_track(iv[1], 0, g.input[1], {0, g.input[1] - 1}, "input_view[1]")
    top_count = max(per_row.values()) * max(per_col.values())

    def make(x: float, y: float, r: int, c: int, pad: bool) -> str:
        n = per_row[r] * per_col[c]
        level = 0 if n == 0 else max(1, -(-n * 5 // top_count))
        return svg.cell(
            x,
            y,
            grid="input",
            row=r,
            col=c,
            role="unseen" if n == 0 else None,
            label=str(n) if counts else None,
            data_count=n,
            classes=(f"cm-heat-{level}",),
        )

    head = message("cov_head", lang, h=g.input[0], w=g.input[1])
    markup, w, h = headed_grid(8, 4.0, rows, cols, make, tuple(g.input), head, lang)
    width, y = w + 16, 4.0 + h + 8
    items = [
        ("heat-1", message("cov_few", lang)),
        ("heat-5", message("cov_most", lang, top=top_count)),
    ]
    legend, legend_h = svg.legend(8, y, items, width - 16)
    pads = (*g.padding[0], *g.padding[1])
    desc = message(
        "cov_desc",
        lang,
        h=g.input[0],
        w=g.input[1],
        kh=g.kernel[0],
        kw=g.kernel[1],
        sh=g.stride[0],
        sw=g.stride[1],
        padding=padding_words(pads, lang),
        corner=per_row[0] * per_col[0],
        top=top_count,
    )
    desc += " " + message("numbering_note", lang)
    return svg.document(
        markup + legend,
        width=width,
        height=y + legend_h + 4,
        title=title or message("cov_title", lang),
        desc=desc,
        data_figure="coverage",
        data_numbering=NUMBERING,
        lang=lang,
    )
