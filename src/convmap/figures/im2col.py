"""Figures that explain why the vectorised convolution is fast.

* `im2col_svg`: *every window becomes a row*. A small padded input, a few
  kernel windows outlined in colour, and the im2col matrix whose rows are
  those windows, so that one matrix product with the flattened kernel gives
  every output at once.
* `band_svg`: the refinement `convmap.kernel` uses for few
  channels: ``T`` neighbouring windows share one row (the pixels they span),
  and a banded weight matrix, computed by
  `convmap.kernel.banded_weights`, gives their ``T`` outputs.

Both read the geometry from `convmap.geometry.input_window` and draw
with `convmap.figures.svg`, so the pictures and the code cannot disagree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmap.figures import svg
from convmap.figures.checks import as_count, as_position
from convmap.figures.messages import check_lang, message
from convmap.figures.numbering import NUMBERING
from convmap.geometry import Axis, output_size
from convmap.kernel import banded_weights, tile_span

__all__ = ["band_svg", "im2col_rows", "im2col_svg"]

C = svg.CELL
_COLOURS = ("cm-c1", "cm-c2", "cm-c3", "cm-c4", "cm-c5", "cm-c6")


def im2col_rows(size: int, kernel: int, padding="same") -> list[list[tuple[int, int]]]:
    """The im2col matrix of a square single-channel input, as pixel coordinates.

    Args:
        size: Input height and width.
        kernel: Kernel height and width.
        padding: Padding of both axes (as in `convmap.input_window`).

    Returns:
        One row per output pixel (row-major), each listing the ``(row, col)``
        input positions of its window in kernel-tap order; padded positions
        are out of ``0..size-1``.

    Examples:
        >>> rows = im2col_rows(4, 2, "same")
        >>> len(rows), rows[0], rows[-1]
        (16, [(0, 0), (0, 1), (1, 0), (1, 1)], [(3, 3), (3, 4), (4, 3), (4, 4)])
    """
    size, kernel = as_count("size", size), as_count("kernel", kernel)
    axis = Axis.of(size, kernel, 1, padding)  # both axes are the same
    windows = [axis.window(n) for n in range(axis.out)]
    return [[(i, j) for i in rs for j in cs] for rs in windows for cs in windows]


class _Im2col:
    """The three panels of `im2col_svg` for one setting (input, matrix, product)."""

    def __init__(self, size, kernel, rows, n_out, marked, lang) -> None:
        self.size, self.kernel, self.rows, self.n_out = size, kernel, rows, n_out
        self.marked, self.lang = marked, lang
        self.pad_label = message("pad", lang)
        self.taps = kernel * kernel
        coords = {p for row in rows for p in row}
        self.lo = min(min(p) for p in coords)
        self.hi = max(max(p) for p in coords)
        self.span = self.hi - self.lo + 1

    def pixel_cell(self, x: float, y: float, pixel: tuple[int, int], **where: Any) -> str:
        """A cell holding padded-input ``pixel``: its 1-based number, or hatched "pad"."""
        i, j = pixel
        real = 0 <= i < self.size and 0 <= j < self.size
        label = i * self.size + j + 1 if real else self.pad_label
        return svg.cell(x, y, pad=not real, label=label, **where)

    def input_panel(self, x0: float, y0: float) -> tuple[str, float]:
        """The padded input, pixels numbered row by row, marked windows outlined."""
        body = []
        # panel 1: the padded input, pixels numbered row-major
        body.append(
            svg.text(
                x0,
                14,
                message("im_input", self.lang, size=self.size),
                "cm-text cm-heading",
                anchor="start",
            )
        )
        body.append(
            svg.text(x0, 30, message("im_numbers", self.lang), "cm-muted", anchor="start", size=10)
        )
        for i in range(self.lo, self.hi + 1):
            for j in range(self.lo, self.hi + 1):
                x, y = x0 + (j - self.lo) * C, y0 + (i - self.lo) * C
                body.append(self.pixel_cell(x, y, (i, j), grid="input", row=i, col=j))
        for k, (r, c) in enumerate(self.marked):
            window = self.rows[r * self.n_out + c]
            (i0, j0), (i1, j1) = window[0], window[-1]
            body.append(
                svg.outline(
                    x0 + (j0 - self.lo) * C + 2 * k,
                    y0 + (i0 - self.lo) * C + 2 * k,
                    (j1 - j0 + 1) * C - 4 * k,
                    (i1 - i0 + 1) * C - 4 * k,
                    f"cm-outline {_COLOURS[k]}",
                )
            )
        return "".join(body), x0 + self.span * C + 50

    def matrix_panel(self, x0: float, y0: float) -> tuple[str, float]:
        """The im2col matrix, one row per output position."""
        body = []
        # panel 2: the im2col matrix, one row per output pixel
        mx = x0
        body.append(
            svg.text(
                mx,
                14,
                message("im_matrix", self.lang, rows=len(self.rows), taps=self.taps),
                "cm-text cm-heading",
                anchor="start",
            )
        )
        body.append(
            svg.text(mx, 30, message("im_row_each", self.lang), "cm-muted", anchor="start", size=10)
        )
        for r, window in enumerate(self.rows):
            y = y0 + r * C
            body.append(
                svg.text(
                    mx - 4,
                    y + C / 2,
                    f"({r // self.n_out + 1},{r % self.n_out + 1})",
                    "cm-muted",
                    "end",
                    10,
                )
            )
            for t, (i, j) in enumerate(window):
                body.append(self.pixel_cell(mx + t * C, y, (i, j), grid="im2col", row=r, col=t))
        for k, (r, c) in enumerate(self.marked):
            body.append(
                svg.outline(
                    mx, y0 + (r * self.n_out + c) * C, self.taps * C, C, f"cm-outline {_COLOURS[k]}"
                )
            )
        return "".join(body), mx + self.taps * C + 28

    def product_panel(self, x0: float, y0: float) -> tuple[str, float]:
        """Times the flattened kernel equals the outputs."""
        body = []
        # panel 3: times the flattened kernel equals the outputs
        wx = x0
        mid = y0 + len(self.rows) * C / 2
        body.append(svg.text(wx - 14, mid, "x", "cm-text cm-heading"))
        wy = mid - self.taps * C / 2
        body.append(svg.text(wx + C / 2, wy - 24, "w", "cm-text cm-heading"))
        body.append(svg.text(wx + C / 2, wy - 10, f"{self.taps} x 1", "cm-muted", size=10))
        for t in range(self.taps):
            body.append(
                svg.cell(
                    wx,
                    wy + t * C,
                    grid="weights",
                    row=t,
                    col=0,
                    label=f"w{t // self.kernel + 1}{t % self.kernel + 1}",
                )
            )
        ox = wx + C + 34
        body.append(svg.text(ox - 17, mid, "=", "cm-text cm-heading"))
        body.append(
            svg.text(
                ox + C, 14, message("im_output", self.lang), "cm-text cm-heading", anchor="end"
            )
        )
        body.append(
            svg.text(
                ox + C,
                30,
                f"{self.n_out * self.n_out} x 1 = {self.n_out} x {self.n_out}",
                "cm-muted",
                "end",
                10,
            )
        )
        for r in range(len(self.rows)):
            body.append(
                svg.cell(ox, y0 + r * C, grid="output", row=r // self.n_out, col=r % self.n_out)
            )
        for k, (r, c) in enumerate(self.marked):
            body.append(
                svg.outline(ox, y0 + (r * self.n_out + c) * C, C, C, f"cm-outline {_COLOURS[k]}")
            )
        return "".join(body), ox


def im2col_svg(
    size: int = 4,
    kernel: int = 2,
    padding="same",
    marked: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (3, 3)),
    *,
    qa_kernel: int = 4,
    qa_channels: int = 3,
    lang: str = "en",
) -> str:
    """Every window becomes a row: input, windows, im2col matrix and product.

    Args:
        size: Input height and width (one channel).
        kernel: Kernel height and width.
        padding: Padding of both axes.
        marked: Output positions (0-based) whose window and row are outlined in colour.
        qa_kernel: Kernel side of the Q&A's layer, whose im2col row the caption counts.
        qa_channels: Input channels of the Q&A's layer.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        An HTML ``<figure>`` holding the SVG and a caption.

    Examples:
        >>> html = im2col_svg()
        >>> html.count('data-grid="im2col"'), html.count('class="cm-outline cm-c1"')
        (64, 3)
    """
    lang = check_lang(lang)
    rows = im2col_rows(size, kernel, padding)
    n_out = output_size(size, kernel, 1, padding)
    if not isinstance(marked, (list, tuple)) or not 1 <= len(marked) <= len(_COLOURS):
        raise ValueError(
            f"marked must be a list of 1 to {len(_COLOURS)} output (row, col) pairs, got {marked!r}"
        )
    what = f"output {n_out} x {n_out}, 0-based"
    marked = [
        as_position(f"marked[{k}]", m, range(n_out), range(n_out), what)
        for k, m in enumerate(marked)
    ]
    fig = _Im2col(size, kernel, rows, n_out, marked, lang)
    taps = fig.taps
    y0 = 40
    first, mx = fig.input_panel(10, y0)
    second, wx = fig.matrix_panel(mx, y0)
    third, ox = fig.product_panel(wx, y0)
    body = [first, second, third]
    width = ox + C + 10
    height = y0 + len(rows) * C + 10
    marked_words = message("list_sep", lang).join(f"({r + 1}, {c + 1})" for r, c in marked)
    desc = message(
        "im_desc",
        lang,
        size=size,
        padding=padding,
        kernel=kernel,
        rows=len(rows),
        taps=taps,
        marked=marked_words,
    )
    desc += " " + message("numbering_note", lang)
    doc = svg.document(
        "".join(body),
        width=width,
        height=height,
        title=message("im_title", lang),
        desc=desc,
        scale=1.25,
        data_numbering=NUMBERING,
        lang=lang,
    )
    caption = _im2col_caption(size, kernel, taps, padding, (qa_kernel, qa_channels), lang)
    return svg.figure(doc, caption)


def _im2col_caption(
    size: int, kernel: int, taps: int, padding: Any, qa: tuple[Any, Any], lang: str
) -> str:
    """The caption of `im2col_svg`; ``qa`` is the Q&A layer's (kernel, channels), checked."""
    qa_kernel, qa_channels = as_count("qa_kernel", qa[0]), as_count("qa_channels", qa[1])
    return message(
        "im_caption", lang, size=size, kernel=kernel, taps=taps, padding=str(padding).upper(),
        qa_kernel=qa_kernel, qa_channels=qa_channels, qa_row=qa_kernel * qa_kernel * qa_channels,
    )  # fmt: skip


def _band_cells(band: Any, bx: float, y0: float, names: str, kernel: int) -> str:
    """The banded weight matrix: tap names where a weight is, 0 elsewhere, bands outlined."""
    span, tile = band.shape
    body = []
    for p in range(span):
        for t in range(tile):
            v = int(band[p, t])
            body.append(
                svg.cell(
                    bx + t * C,
                    y0 + p * C,
                    grid="band",
                    row=p,
                    col=t,
                    label=names[v - 1] if v else "0",
                    classes=() if v else ("cm-zero",),
                )
            )
    for t in range(tile):
        body.append(svg.outline(bx + t * C, y0 + t * C, C, kernel * C, f"cm-outline {_COLOURS[t]}"))
    return "".join(body)


def band_svg(tile: int = 3, kernel: int = 3, *, lang: str = "en") -> str:
    """Neighbouring windows share a row: a span of pixels times a banded weight matrix.

    One kernel row of width ``kernel``, stride 1, ``tile`` neighbouring
    outputs. The banded matrix is the one the fast kernel builds
    (`convmap.kernel.banded_weights`).

    Args:
        tile: Windows per row ``T``.
        kernel: Kernel width (taps named a, b, c, ...).
        lang: ``"en"`` or ``"zh"``.

    Returns:
        An HTML ``<figure>`` holding the SVG and a caption.

    Examples:
        >>> html = band_svg(3, 3)
        >>> html.count('data-grid="band"'), html.count('data-grid="span"')
        (15, 5)
    """
    lang = check_lang(lang)
    tile, kernel = as_count("tile", tile), as_count("kernel", kernel)
    if kernel > 26 or tile > 26:
        raise ValueError(
            f"band_svg draws at most 26 taps and 26 windows, got kernel={kernel}, tile={tile}"
        )
    span = tile_span(tile, kernel, 1, 1)
    names = "abcdefghijklmnopqrstuvwxyz"[:kernel]
    w = np.arange(1, kernel + 1, dtype=float).reshape(1, kernel, 1, 1)
    band = banded_weights(w, tile, 1, 1)  # (span, tile); entry j + 1 means tap j
    body = []
    x0, y0 = 10, 46
    body.append(
        svg.text(x0, 14, message("band_row", lang, span=span), "cm-text cm-heading", anchor="start")
    )
    body.append(
        svg.text(
            x0,
            30,
            message("band_sub", lang, span=span, tile=tile),
            "cm-muted",
            anchor="start",
            size=10,
        )
    )
    by = y0 + C * 1.5
    for p in range(span):
        body.append(svg.cell(x0 + p * C, by, grid="span", row=0, col=p, label=f"x{p + 1}"))
    for t in range(tile):
        body.append(
            svg.outline(
                x0 + t * C + 1.5 * t,
                by - 3 - 4 * t,
                kernel * C - 3 * t,
                C + 6 + 8 * t,
                f"cm-outline {_COLOURS[t]}",
            )
        )
    bx = x0 + span * C + 40
    body.append(svg.text(bx - 20, by + C / 2, "x", "cm-text cm-heading"))
    body.append(
        svg.text(
            bx,
            14,
            message("band_weights", lang, span=span, tile=tile),
            "cm-text cm-heading",
            anchor="start",
        )
    )
    body.append(svg.text(bx, 30, message("band_col", lang), "cm-muted", anchor="start", size=10))
    body.append(_band_cells(band, bx, y0, names, kernel))
    ox = bx + tile * C + 40
    body.append(svg.text(ox - 20, by + C / 2, "=", "cm-text cm-heading"))
    body.append(
        svg.text(
            ox, 30, message("band_outputs", lang, tile=tile), "cm-muted", anchor="start", size=10
        )
    )
    for t in range(tile):
        body.append(svg.cell(ox + t * C, by, grid="output", row=0, col=t, label=f"y{t + 1}"))
        body.append(svg.outline(ox + t * C, by, C, C, f"cm-outline {_COLOURS[t]}"))
    width = ox + tile * C + 10
    height = y0 + span * C + 8
    desc = message("band_desc", lang, span=span, tile=tile, kernel=kernel)
    doc = svg.document(
        "".join(body),
        width=width,
        height=height,
        title=message("band_title", lang, tile=tile),
        desc=desc,
        scale=1.25,
        data_numbering=NUMBERING,
        lang=lang,
    )
    caption = message(
        "band_caption",
        lang,
        tile=tile,
        span=span,
        taps=", ".join(names),
        product=kernel * tile,
        ratio=f"{kernel * tile / span:.1f}",
    )
    return svg.figure(doc, caption)
