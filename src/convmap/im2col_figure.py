"""Figures that explain why the vectorised convolution is fast.

* `im2col_svg`: *every window becomes a row*. A small padded input, a few
  kernel windows outlined in colour, and the im2col matrix whose rows are
  those windows, so that one matrix product with the flattened kernel gives
  every output at once.
* `band_svg`: the refinement `convmap._conv_fast` uses for few
  channels: ``T`` neighbouring windows share one row (the pixels they span),
  and a banded weight matrix, computed by
  `convmap._conv_fast.banded_weights`, gives their ``T`` outputs.

Both read the geometry from `convmap.geometry.input_window` and draw
with `convmap.svg`, so the pictures and the code cannot disagree.
"""

from __future__ import annotations

import numpy as np

from convmap import svg
from convmap._conv_fast import banded_weights, tile_span
from convmap.geometry import input_window, output_size

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
    n_out = output_size(size, kernel, 1, padding)
    rows = []
    for r in range(n_out):
        for c in range(n_out):
            rs, cs = (
                input_window(r, size, kernel, 1, padding),
                input_window(c, size, kernel, 1, padding),
            )
            rows.append([(i, j) for i in rs for j in cs])
    return rows


def im2col_svg(
    size: int = 4,
    kernel: int = 2,
    padding="same",
    marked: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (3, 3)),
) -> str:
    """Every window becomes a row: input, windows, im2col matrix and product.

    Args:
        size: Input height and width (one channel).
        kernel: Kernel height and width.
        padding: Padding of both axes.
        marked: Output positions whose window and row are outlined in colour.

    Returns:
        An HTML ``<figure>`` holding the SVG and a caption.

    Examples:
        >>> html = im2col_svg()
        >>> html.count('data-grid="im2col"'), html.count('class="cm-outline cm-c1"')
        (64, 3)
    """
    rows = im2col_rows(size, kernel, padding)
    n_out = output_size(size, kernel, 1, padding)
    taps = kernel * kernel
    coords = {p for row in rows for p in row}
    lo = min(min(p) for p in coords)
    hi = max(max(p) for p in coords)
    span = hi - lo + 1
    body = []
    # panel 1: the padded input, pixels numbered row-major
    x0, y0 = 10, 40
    body.append(svg.text(x0, 14, f"input {size} x {size}", "cm-text cm-heading", anchor="start"))
    body.append(svg.text(x0, 30, "numbers = pixel index", "cm-muted", anchor="start", size=10))
    for i in range(lo, hi + 1):
        for j in range(lo, hi + 1):
            real = 0 <= i < size and 0 <= j < size
            body.append(
                svg.cell(
                    x0 + (j - lo) * C,
                    y0 + (i - lo) * C,
                    grid="input",
                    row=i,
                    col=j,
                    pad=not real,
                    label=i * size + j if real else "0",
                )
            )
    for k, (r, c) in enumerate(marked):
        window = rows[r * n_out + c]
        (i0, j0), (i1, j1) = window[0], window[-1]
        body.append(
            svg.outline(
                x0 + (j0 - lo) * C + 2 * k,
                y0 + (i0 - lo) * C + 2 * k,
                (j1 - j0 + 1) * C - 4 * k,
                (i1 - i0 + 1) * C - 4 * k,
                f"cm-outline {_COLOURS[k]}",
            )
        )
    # panel 2: the im2col matrix, one row per output pixel
    mx = x0 + span * C + 50
    body.append(
        svg.text(mx, 14, f"im2col: {len(rows)} x {taps}", "cm-text cm-heading", anchor="start")
    )
    body.append(svg.text(mx, 30, "one row per window", "cm-muted", anchor="start", size=10))
    for r, window in enumerate(rows):
        y = y0 + r * C
        body.append(
            svg.text(mx - 4, y + C / 2, f"({r // n_out},{r % n_out})", "cm-muted", "end", 10)
        )
        for t, (i, j) in enumerate(window):
            real = 0 <= i < size and 0 <= j < size
            body.append(
                svg.cell(
                    mx + t * C,
                    y,
                    grid="im2col",
                    row=r,
                    col=t,
                    pad=not real,
                    label=i * size + j if real else "0",
                )
            )
    for k, (r, c) in enumerate(marked):
        body.append(
            svg.outline(mx, y0 + (r * n_out + c) * C, taps * C, C, f"cm-outline {_COLOURS[k]}")
        )
    # panel 3: times the flattened kernel equals the outputs
    wx = mx + taps * C + 28
    mid = y0 + len(rows) * C / 2
    body.append(svg.text(wx - 14, mid, "x", "cm-text cm-heading"))
    wy = mid - taps * C / 2
    body.append(svg.text(wx + C / 2, wy - 24, "w", "cm-text cm-heading"))
    body.append(svg.text(wx + C / 2, wy - 10, f"{taps} x 1", "cm-muted", size=10))
    for t in range(taps):
        body.append(
            svg.cell(
                wx, wy + t * C, grid="weights", row=t, col=0, label=f"w{t // kernel}{t % kernel}"
            )
        )
    ox = wx + C + 34
    body.append(svg.text(ox - 17, mid, "=", "cm-text cm-heading"))
    body.append(svg.text(ox + C, 14, "output", "cm-text cm-heading", anchor="end"))
    body.append(
        svg.text(ox + C, 30, f"{n_out * n_out} x 1 = {n_out} x {n_out}", "cm-muted", "end", 10)
    )
    for r in range(len(rows)):
        body.append(svg.cell(ox, y0 + r * C, grid="output", row=r // n_out, col=r % n_out))
    for k, (r, c) in enumerate(marked):
        body.append(svg.outline(ox, y0 + (r * n_out + c) * C, C, C, f"cm-outline {_COLOURS[k]}"))
    width = ox + C + 10
    height = y0 + len(rows) * C + 10
    desc = (
        f"A {size} x {size} input with {padding} padding (padded cells hatched, value 0) and a "
        f"{kernel} x {kernel} kernel. Each of the {len(rows)} windows is copied into one row of "
        f"a {len(rows)} x {taps} matrix; multiplying it by the {taps} kernel weights gives all "
        f"{len(rows)} outputs in one matrix product. Outlined: the windows of outputs "
        + ", ".join(f"({r}, {c})" for r, c in marked)
        + " and their rows."
    )
    doc = svg.document(
        "".join(body),
        width=width,
        height=height,
        title="im2col: every window becomes a row",
        desc=desc,
        scale=1.25,
    )
    caption = (
        f"im2col for a {size} x {size} single-channel input, {kernel} x {kernel} kernel, "
        f"{str(padding).upper()} padding (hatched cells are padded zeros; numbers are 0-based "
        f"pixel indices, row-major). Each window, outlined in colour, becomes the row of the "
        f"same colour; one matrix product with the {taps} weights gives every output. With "
        f"C channels each entry is C numbers: a row of the Q&A's layer holds 4 x 4 x 3 = 48."
    )
    return svg.figure(doc, caption)


def band_svg(tile: int = 3, kernel: int = 3) -> str:
    """Neighbouring windows share a row: a span of pixels times a banded weight matrix.

    One kernel row of width ``kernel``, stride 1, ``tile`` neighbouring
    outputs. The banded matrix is the one the fast kernel builds
    (`convmap._conv_fast.banded_weights`).

    Args:
        tile: Windows per row ``T``.
        kernel: Kernel width (taps named a, b, c, ...).

    Returns:
        An HTML ``<figure>`` holding the SVG and a caption.

    Examples:
        >>> html = band_svg(3, 3)
        >>> html.count('data-grid="band"'), html.count('data-grid="span"')
        (15, 5)
    """
    span = tile_span(tile, kernel, 1, 1)
    names = "abcdefghijklmnopqrstuvwxyz"[:kernel]
    w = np.arange(1, kernel + 1, dtype=float).reshape(1, kernel, 1, 1)
    band = banded_weights(w, tile, 1, 1)  # (span, tile); entry j + 1 means tap j
    body = []
    x0, y0 = 10, 46
    body.append(svg.text(x0, 14, f"one row: {span} pixels", "cm-text cm-heading", anchor="start"))
    body.append(
        svg.text(
            x0, 30, f"x{0}..x{span - 1} (T = {tile} windows)", "cm-muted", anchor="start", size=10
        )
    )
    by = y0 + C * 1.5
    for p in range(span):
        body.append(svg.cell(x0 + p * C, by, grid="span", row=0, col=p, label=f"x{p}"))
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
        svg.text(bx, 14, f"banded weights {span} x {tile}", "cm-text cm-heading", anchor="start")
    )
    body.append(svg.text(bx, 30, "column t = output t", "cm-muted", anchor="start", size=10))
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
    ox = bx + tile * C + 40
    body.append(svg.text(ox - 20, by + C / 2, "=", "cm-text cm-heading"))
    body.append(svg.text(ox, 30, f"{tile} outputs", "cm-muted", anchor="start", size=10))
    for t in range(tile):
        body.append(svg.cell(ox + t * C, by, grid="output", row=0, col=t, label=f"y{t}"))
        body.append(svg.outline(ox + t * C, by, C, C, f"cm-outline {_COLOURS[t]}"))
    width = ox + tile * C + 10
    height = y0 + span * C + 8
    desc = (
        f"{tile} neighbouring windows of a {kernel}-wide kernel cover {span} pixels. The row "
        f"x0 to x{span - 1} times a {span} x {tile} matrix whose column t holds the taps "
        f"{', '.join(names)} shifted down by t (zeros elsewhere) gives the {tile} outputs y0 to "
        f"y{tile - 1}: y_t = " + " + ".join(f"{n} x{{t+{j}}}" for j, n in enumerate(names)) + "."
    )
    doc = svg.document(
        "".join(body),
        width=width,
        height=height,
        title="Neighbouring windows share a row",
        desc=desc,
        scale=1.25,
    )
    caption = (
        f"For few channels, the fast kernel puts {tile} neighbouring windows in one row: "
        f"the {span} pixels they span, times a banded matrix (column t = the kernel taps "
        f"{', '.join(names)}, shifted down by t). The row is {kernel * tile}/{span} = "
        f"{kernel * tile / span:.1f} times shorter than {tile} im2col rows, the product "
        f"{tile} times wider."
    )
    return svg.figure(doc, caption)
