"""The one grid drawer: cells on two tracks, 1-based labels, "pad" on padding, gap marks.

Every grid of every figure (the mapping and coverage figures, the concept
diagrams, the explorer's grids and its compressed view) is drawn by
`draw_grid`. The caller says how one cell looks (``make_cell``); the drawer
places the cells on the row and column `convmap.figures.track.Track`,
numbers real rows and columns from 1, labels padded ones "pad" / "填充", and
marks each hidden run with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from convmap.figures import svg
from convmap.figures.checks import as_range
from convmap.figures.numbering import pixel_label
from convmap.figures.svg import CELL
from convmap.figures.track import Track, track

__all__ = ["CellMaker", "bounding_outline", "draw_grid", "headed_grid", "is_pad", "view_track"]

#: ``make_cell(x, y, row, col, pad) -> markup`` for one cell.
CellMaker = Callable[[float, float, int, int, bool], str]


def is_pad(row: int, col: int, real: tuple[int, int]) -> bool:
    """Whether ``(row, col)`` is a padded position of a ``real = (H, W)`` grid.

    Examples:
        >>> is_pad(-1, 0, (3, 3)), is_pad(2, 2, (3, 3))
        (True, False)
    """
    return not (0 <= row < real[0] and 0 <= col < real[1])


def _labels(rows: Track, cols: Track, real: tuple[int, int], lang: str, font: float) -> list[str]:
    parts = []
    size = font if rows.size >= 20 else font * 0.8
    for c in cols.indices():
        label = pixel_label(c, real[1], lang)
        parts.append(
            svg.text(
                cols.pos(c) + cols.size / 2,
                rows.start - 8,
                label,
                "cm-text cm-muted",
                size=size * (0.8 if svg.text_width(label, 1) > 1.2 else 1),
            )
        )
    for r in rows.indices():
        label = pixel_label(r, real[0], lang)
        parts.append(
            svg.text(
                cols.start - 4,
                rows.pos(r) + rows.size / 2,
                label,
                "cm-text cm-muted",
                anchor="end",
                size=size * (0.8 if svg.text_width(label, 1) > 1.2 else 1),
            )
        )
    return parts


def _gaps(rows: Track, cols: Track) -> list[str]:
    """An ellipsis "…" in each column gap, "⋮" in each row gap (mid-grid), "⋱" where they meet."""

    def inside(at: float, gaps: list[float], size: float) -> bool:
        return any(g <= at < g + size for g in gaps)

    parts, mid_y, mid_x = [], rows.start + rows.length / 2, cols.start + cols.length / 2
    row_gaps, col_gaps = rows.gaps(), cols.gaps()
    for gx in col_gaps:
        mark = "⋱" if inside(mid_y, row_gaps, rows.size) else "…"
        parts.append(svg.text(gx + cols.size / 2, mid_y, mark, "cm-text cm-muted cm-gap"))
    for gy in row_gaps:
        if not (inside(mid_x, col_gaps, cols.size) and inside(mid_y, [gy], rows.size)):
            parts.append(svg.text(mid_x, gy + rows.size / 2, "⋮", "cm-text cm-muted cm-gap"))
    return parts


def draw_grid(
    rows: Track,
    cols: Track,
    make_cell: CellMaker,
    real: tuple[int, int],
    *,
    labels: bool = True,
    lang: str = "en",
    font: float = svg.FONT,
) -> str:
    """Draw one grid: a cell per shown (row, col), labels and ellipsis gaps.

    Args:
        rows: Row track (its ``start`` is the top edge, ``size`` the cell side).
        cols: Column track (its ``start`` is the left edge).
        make_cell: Returns the markup of one cell.
        real: ``(H, W)``: positions outside ``0..H-1`` / ``0..W-1`` are padding.
        labels: Number the rows (left) and columns (above), 1-based; padding "pad".
        lang: Language of the "pad" label.
        font: Label font size.

    Returns:
        The markup (labels first, then cells, then gap marks).

    Examples:
        >>> from convmap.figures.track import Track
        >>> cell = lambda x, y, r, c, pad: f"<c{r}{c}{'p' if pad else ''}/>"
        >>> out = draw_grid(Track([-1, 0], 20), Track([0], 20), cell, (1, 1))
        >>> "<c-10p/><c00/>" in out, ">pad</text>" in out, ">1</text>" in out
        (True, True, True)
    """
    parts = _labels(rows, cols, real, lang, font) if labels else []
    for r in rows.indices():
        for c in cols.indices():
            parts.append(make_cell(cols.pos(c), rows.pos(r), r, c, is_pad(r, c, real)))
    parts.extend(_gaps(rows, cols))
    return "".join(parts)


def headed_grid(
    x0: float,
    y0: float,
    rows: Track,
    cols: Track,
    make_cell: CellMaker,
    real: tuple[int, int],
    heading: str,
    lang: str = "en",
) -> tuple[str, float, float]:
    """A grid under a heading at ``(x0, y0)``; returns ``(markup, width, height)``.

    The tracks' slots are kept; their positions are moved under the heading.

    Examples:
        >>> markup, w, h = headed_grid(0, 0, Track([0, 1]), Track([0]), lambda *a: "", (2, 1), "x")
        >>> w, h
        (44.0, 78)
    """
    top, left = y0 + 34, x0 + 22.0
    rows = Track(rows.slots, top, svg.CELL)
    cols = Track(cols.slots, left, svg.CELL)
    markup = svg.text(x0, y0 + 8, heading, "cm-text cm-heading", anchor="start")
    markup += draw_grid(rows, cols, make_cell, real, lang=lang)
    width = max(22.0 + cols.length, svg.text_width(heading))
    return markup, width, 34 + rows.length


def view_track(view: Any, lo: int, hi: int, keep: set[int], name: str = "view") -> Track:
    """The slots of one axis: a requested half-open ``view`` range, or compressed around ``keep``.

    Examples:
        >>> view_track((0, 3), 0, 10, set()).slots
        [0, 1, 2, None]
    """
    if view is None:
        return track(lo, hi, keep, max_slots=16)
    a, b = as_range(name, view, lo, hi)
    slots: list[int | None] = list(range(a, b))
    if b < hi:
        slots.append(None)
    if a > lo:
        slots.insert(0, None)
    return Track(slots)


def bounding_outline(
    rows: Track, cols: Track, rs: Sequence[int], cs: Sequence[int], cls: str
) -> str:
    """Outline the cells ``rs`` x ``cs``: one block if contiguous and all shown, else each cell.

    Examples:
        >>> bounding_outline(Track([0, 1]), Track([0, 1]), [0, 1], [0, 1], "cm-outline")
        '<rect x="0" y="0" width="44" height="44" class="cm-outline" rx="3"/>'
    """
    rs_shown = [r for r in rs if rows.shown(r)]
    cs_shown = [c for c in cs if cols.shown(c)]
    if not rs_shown or not cs_shown:
        return ""
    contiguous = all(b - a == 1 for a, b in zip(rs, rs[1:], strict=False)) and all(
        b - a == 1 for a, b in zip(cs, cs[1:], strict=False)
    )
    if contiguous and len(rs_shown) == len(rs) and len(cs_shown) == len(cs):
        x, y = cols.pos(cs[0]), rows.pos(rs[0])
        return svg.outline(x, y, cols.pos(cs[-1]) + CELL - x, rows.pos(rs[-1]) + CELL - y, cls)
    return "".join(
        svg.outline(cols.pos(c) + 1, rows.pos(r) + 1, CELL - 2, CELL - 2, cls)
        for r in rs_shown
        for c in cs_shown
    )
