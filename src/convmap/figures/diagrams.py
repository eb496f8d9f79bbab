"""Concept diagrams for the Neurons and Kernels pages, drawn with `convmap.figures.svg`.

Three pictures, every marked cell computed by `convmap.geometry`:

* `fc_vs_conv_neuron_figure`: a fully connected neuron reads every input
  value; a convolution neuron reads one kernel-sized window (all channels);
* `depth_column_figure`: the depth column, one neuron per filter at one
  output position, all reading the same window;
* `w1_filters_figure`: what a weight tensor ``[kh, kw, c_in, c_out]``
  holds: ``c_out`` filters, each ``kh x kw x c_in``.

Each function returns an ``<svg>`` string (see `convmap.svg.document`)
whose cells carry the stable data attributes ``data-grid``, ``data-row``,
``data-col``, ``data-pad`` and ``data-role``, so tests can check exactly which
cells are marked. A long axis (the Q&A's 64 pixels) is drawn compressed, with
an ellipsis for each run of hidden positions.
"""

from __future__ import annotations

from typing import Any

from convmap.figures import svg
from convmap.figures.checks import as_count, as_pair, as_position
from convmap.figures.grid import draw_grid
from convmap.figures.messages import check_lang, message
from convmap.figures.numbering import NUMBERING, pixel_label
from convmap.figures.track import Track, track
from convmap.geometry import layer_geometry

__all__ = ["depth_column_figure", "fc_vs_conv_neuron_figure", "w1_filters_figure"]

_C = 18  # cell side of the compressed grids
_GAP = 8  # extra offset between channel layers


def _grid(
    x0: float,
    y0: float,
    rows: Track,
    cols: Track,
    *,
    grid: str,
    size: int,
    seen: set[tuple[int, int]] | None = None,
    role: str = "seen",
) -> str:
    """Cells of a compressed grid (the shared drawer); outside ``0..size-1`` is padding."""

    def make(x: float, y: float, r: int, c: int, pad: bool) -> str:
        marked = seen is None or (r, c) in seen
        return svg.cell(
            x, y, grid=grid, row=r, col=c, size=rows.size, pad=pad, role=role if marked else None
        )

    placed_rows = Track(rows.slots, y0 + rows.start, rows.size)
    placed_cols = Track(cols.slots, x0 + cols.start, cols.size)
    return draw_grid(placed_rows, placed_cols, make, (size, size), labels=False)


def _axis_track(size: int, before: int, after: int, keep: list[int]) -> Track:
    """Slots for one padded axis: padding, the image's first and last pixels, ``keep``."""
    wanted = sorted({-before, 0, size - 1, size + after - 1, *keep} | set(range(-before, 0)))
    wanted += [j for j in range(size, size + after) if j not in wanted]
    slots: list[int | None] = []
    for j in sorted(set(wanted)):
        if slots and slots[-1] is not None and j - slots[-1] == 2:
            slots.append(j - 1)
        elif slots and slots[-1] is not None and j - slots[-1] > 2:
            slots.append(None)
        slots.append(j)
    return Track(slots, 0, _C)


def _axis_labels(
    x0: float,
    y0: float,
    rows: Track,
    cols: Track,
    show: list[int],
    lift: float = 0,
    size: int = 0,
    lang: str = "en",
) -> str:
    """Row numbers left of the grid and column numbers above it (1-based; padding "pad")."""
    parts = []
    for r in show:
        if rows.shown(r):
            parts.append(
                svg.text(
                    x0 - 4,
                    y0 + rows.pos(r) + rows.size / 2,
                    pixel_label(r, size, lang),
                    "cm-muted",
                    "end",
                    9,
                )
            )
    for c in show:
        if cols.shown(c):
            parts.append(
                svg.text(
                    x0 + cols.pos(c) + cols.size / 2,
                    y0 - 7 - lift,
                    pixel_label(c, size, lang),
                    "cm-muted",
                    size=9,
                )
            )
    return "".join(parts)


def _ends(size: int, rows: list[int], cols: list[int]) -> list[int]:
    """Indices worth a label: the image's first and last pixel and the window's ends."""
    return sorted({0, size - 1, rows[0], rows[-1], cols[0], cols[-1]})


def _window_ends(size: int, rows: list[int], cols: list[int], lang: str) -> dict[str, str]:
    """The first and last row and column of a window, as labels (1-based, or "pad")."""
    return {
        "r0": pixel_label(rows[0], size, lang),
        "r1": pixel_label(rows[-1], size, lang),
        "c0": pixel_label(cols[0], size, lang),
        "c1": pixel_label(cols[-1], size, lang),
    }


def _layers(x0: float, y0: float, w: float, h: float, depth: int) -> str:
    """Offset outlines behind a grid, one per extra channel, to suggest depth."""
    return "".join(
        svg.rect(x0 + k * 5, y0 - k * 5, w, h, "cm-box cm-layer") for k in range(depth - 1, 0, -1)
    )


def _fc_panel(size: int, channels: int, lang: str) -> tuple[str, float]:
    """Top panel: a fully connected neuron joined to every input value; returns (markup, height)."""
    n_in = size * size * channels
    full = track(0, size, keep=[0, size - 1], context=2, max_slots=8, size=_C)
    gx, gy = 40, 64
    top = [
        svg.text(
            8,
            14,
            message("fc_head", lang),
            "cm-text cm-heading",
            "start",
        ),
        svg.text(
            8,
            32,
            message("fc_reads", lang, size=size, channels=channels, n_in=f"{n_in:,}"),
            "cm-muted",
            "start",
            11,
        ),
        _layers(gx, gy, full.length, full.length, channels),
        _grid(gx, gy, full, full, grid="input", size=size),
        _axis_labels(gx, gy, full, full, [0, size - 1], 5 * (channels - 1), size, lang),
        svg.text(
            gx + full.length / 2,
            gy + full.length + 14,
            message("fc_input", lang, size=size, channels=channels),
            size=11,
        ),
    ]
    nx, ny = 300, gy + full.length / 2 - _C / 2
    for k in range(5):
        yy = gy + k * full.length / 4
        top.append(
            svg.line(gx + full.length + 3 * (channels - 1), yy, nx, ny + _C / 2, "cm-link cm-c2")
        )
    top.append(svg.cell(nx, ny, grid="output", row=0, col=0, size=_C, role="neuron"))
    top.append(svg.text(nx + _C / 2, ny + _C + 14, message("one_neuron", lang), size=11))
    top_h = gy + full.length + 30
    return svg.element("g", "".join(top), data_panel="fc"), top_h


def _checked_neuron(
    size: int, kernel: int, neuron: Any, padding: Any
) -> tuple[Any, tuple[int, int]]:
    """A stride-1 square convolution's geometry and its checked output ``neuron`` (0-based)."""
    g = layer_geometry((size, size), (kernel, kernel), 1, padding)
    what = f"output {g.output[0]} x {g.output[1]}, 0-based"
    return g, as_position("neuron", neuron, range(g.output[0]), range(g.output[1]), what)


def _window(g: Any, neuron: tuple[int, int]) -> tuple[list[int], list[int]]:
    """The input rows and columns ``neuron`` reads, one per tap (0-based, padded ones included)."""
    return g.rows.window(neuron[0]), g.cols.window(neuron[1])


def _window_tracks(g: Any, rows_seen: list[int], cols_seen: list[int]) -> tuple[Track, Track, set]:
    """Row and column tracks that keep the window, and its set of ``(row, col)`` cells."""
    size = g.input[0]
    rows = _axis_track(size, *g.padding[0], rows_seen)
    cols = _axis_track(size, *g.padding[1], cols_seen)
    return rows, cols, {(r, c) for r in rows_seen for c in cols_seen}


def _conv_panel(
    g: Any, channels: int, neuron: tuple[int, int], y1: float, width: float, lang: str
) -> tuple[str, float]:
    """Bottom panel: a convolution neuron and its one window; returns (markup, height)."""
    size, kernel = g.input[0], g.kernel[0]
    r0, c0 = neuron
    rows_seen, cols_seen = _window(g, neuron)
    patch = kernel * kernel * channels
    rows, cols, seen = _window_tracks(g, rows_seen, cols_seen)
    gx2, gy2 = 40, y1 + 66
    (oh, ow) = g.output
    out_r = track(0, oh, keep=[r0], context=0, max_slots=6, size=_C)
    out_c = track(0, ow, keep=[c0], context=0, max_slots=6, size=_C)
    ox = width - out_c.length - 8
    oy = gy2 + (rows.length - out_r.length) / 2
    wx = gx2 + cols.pos(cols_seen[0])
    wy = gy2 + rows.pos(rows_seen[0])
    wlen = kernel * _C
    bottom = [
        svg.text(8, y1 + 14, message("conv_head", lang), "cm-text cm-heading", "start"),
        svg.text(
            8,
            y1 + 32,
            message("conv_reads", lang, kernel=kernel, channels=channels, patch=patch),
            "cm-muted",
            "start",
            11,
        ),
        _layers(gx2, gy2, cols.length, rows.length, channels),
        _grid(gx2, gy2, rows, cols, grid="input", size=size, seen=seen),
        svg.outline(wx, wy, wlen, wlen, "cm-outline cm-c2"),
        _axis_labels(
            gx2, gy2, rows, cols, _ends(size, rows_seen, cols_seen), 5 * (channels - 1), size, lang
        ),
        svg.text(
            gx2 + cols.length / 2,
            gy2 + rows.length + 14,
            message("conv_input", lang, size=size, channels=channels),
            size=11,
        ),
        svg.line(
            wx + wlen,
            wy + wlen / 2,
            ox + out_c.pos(c0),
            oy + out_r.pos(r0) + _C / 2,
            "cm-link cm-c2",
        ),
        _grid(ox, oy, out_r, out_c, grid="output", size=oh, seen={(r0, c0)}, role="neuron"),
        svg.outline(ox + out_c.pos(c0), oy + out_r.pos(r0), _C, _C, "cm-outline cm-c1"),
        svg.text(
            ox + out_c.length / 2,
            oy + out_r.length + 14,
            message("conv_output", lang, r=r0 + 1, c=c0 + 1),
            size=11,
        ),
    ]
    height = gy2 + rows.length + 30
    return svg.element("g", "".join(bottom), data_panel="conv"), height


def fc_vs_conv_neuron_figure(
    size: int = 64,
    channels: int = 3,
    kernel: int = 4,
    neuron: tuple[int, int] = (10, 20),
    padding: Any = "same",
    *,
    lang: str = "en",
) -> str:
    """A fully connected neuron next to a convolution neuron, as one SVG.

    Top panel: every input value feeds the fully connected neuron (every
    drawn input cell has ``data-role="seen"``). Bottom panel: the convolution
    neuron at output ``neuron`` (``data-role="neuron"`` on the output grid)
    reads only its ``kernel x kernel`` window (``data-role="seen"`` input cells,
    outlined), in all channels. The panels are ``<g data-panel="fc">`` and
    ``<g data-panel="conv">``.

    Args:
        size: Height and width of the square input (>= kernel).
        channels: Input channels (>= 1).
        kernel: Square kernel side (>= 1).
        neuron: ``(row, col)`` of the convolution neuron (stride 1).
        padding: Padding of the convolution (see `convmap.geometry`).
        lang: ``"en"`` or ``"zh"``.

    Returns:
        The ``<svg>`` markup.

    Raises:
        TypeError: If a size is not an integer.
        ValueError: If a size is out of range or ``neuron`` is not an output.

    Examples:
        >>> fig = fc_vs_conv_neuron_figure()
        >>> fig.count('data-panel="conv"'), "12,288" in fig, "48 values" in fig
        (1, True, True)
    """
    lang = check_lang(lang)
    size = as_count("size", size)
    channels = as_count("channels", channels)
    kernel = as_count("kernel", kernel)
    g, (r0, c0) = _checked_neuron(size, kernel, neuron, padding)
    rows_seen, cols_seen = _window(g, (r0, c0))
    n_in = size * size * channels
    patch = kernel * kernel * channels
    width = 360

    fc_panel, top_h = _fc_panel(size, channels, lang)
    conv_panel, height = _conv_panel(g, channels, (r0, c0), top_h + 16, width, lang)
    desc = (
        message(
            "fc_desc",
            lang,
            n_in=f"{n_in:,}",
            r=r0 + 1,
            c=c0 + 1,
            channels=channels,
            patch=patch,
            **_window_ends(size, rows_seen, cols_seen, lang),
        )
        + " "
        + message("numbering_note", lang)
    )
    return svg.document(
        fc_panel + conv_panel,
        width=width,
        height=height,
        title=message("fc_title", lang),
        data_numbering=NUMBERING,
        lang=lang,
        desc=desc,
    )


def _depth_neurons(
    filters: int, neuron: tuple[int, int], start: tuple[float, float], cx: float, gy: float
) -> str:
    """One output cell per filter at the same position, each linked to the window."""
    r0, c0 = neuron
    parts = []
    for f in range(filters):
        y = gy + f * (_C + 4)
        parts.append(svg.line(start[0], start[1], cx, y + _C / 2, "cm-link cm-c2"))
        parts.append(
            svg.cell(
                cx,
                y,
                grid="output",
                row=r0,
                col=c0,
                size=_C,
                role="neuron",
                label=f + 1,
                data_filter=f,
            )
        )
        parts.append(
            svg.text(cx + _C + 6, y + _C / 2, f"W1[:, :, :, {f}]", "cm-muted", "start", 10)
        )
    return "".join(parts)


def depth_column_figure(
    size: int = 64,
    kernel: int = 4,
    filters: int = 8,
    neuron: tuple[int, int] = (10, 20),
    padding: Any = "same",
    *,
    lang: str = "en",
) -> str:
    """The depth column at one output position: one neuron per filter, one shared window.

    Left: the compressed input with the window of output ``neuron`` marked
    (``data-role="seen"``, outlined). Right: ``filters`` output cells
    (``data-grid="output"``, ``data-role="neuron"``, same ``data-row`` and
    ``data-col``, ``data-filter`` = 0 .. filters-1), each joined to the window.

    Args:
        size: Height and width of the square input.
        kernel: Square kernel side.
        filters: Number of filters (output channels).
        neuron: ``(row, col)`` of the output position (stride 1).
        padding: Padding of the convolution.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        The ``<svg>`` markup.

    Raises:
        TypeError: If a size is not an integer.
        ValueError: If a size is out of range or ``neuron`` is not an output.

    Examples:
        >>> fig = depth_column_figure(filters=8)
        >>> fig.count('data-filter='), "W1[:, :, :, 7]" in fig
        (8, True)
    """
    lang = check_lang(lang)
    size = as_count("size", size)
    kernel = as_count("kernel", kernel)
    filters = as_count("filters", filters)
    g, (r0, c0) = _checked_neuron(size, kernel, neuron, padding)
    rows_seen, cols_seen = _window(g, (r0, c0))
    rows, cols, seen = _window_tracks(g, rows_seen, cols_seen)
    gx, gy = 34, 66
    col_h = filters * (_C + 4)
    grid_top = gy + max(0.0, (col_h - rows.length) / 2)
    wx = gx + cols.pos(cols_seen[0])
    wy = grid_top + rows.pos(rows_seen[0])
    wlen = kernel * _C
    cx = 258
    parts = [
        svg.text(
            8,
            14,
            message("depth_head", lang, r=r0 + 1, c=c0 + 1, filters=filters),
            "cm-text cm-heading",
            "start",
        ),
        svg.text(
            8,
            32,
            message("depth_sub", lang, kernel=kernel, channels=3),
            "cm-muted",
            "start",
            11,
        ),
        _layers(gx, grid_top, cols.length, rows.length, 3),
        _grid(gx, grid_top, rows, cols, grid="input", size=size, seen=seen),
        svg.outline(wx, wy, wlen, wlen, "cm-outline cm-c2"),
        _axis_labels(gx, grid_top, rows, cols, _ends(size, rows_seen, cols_seen), 10, size, lang),
        svg.text(
            gx + cols.length / 2,
            grid_top + rows.length + 16,
            message("depth_input", lang, size=size, channels=3),
            size=11,
        ),
    ]
    parts.append(_depth_neurons(filters, (r0, c0), (wx + wlen + 2, wy + wlen / 2), cx, gy))
    height = gy + max(col_h, rows.length + 24) + 8
    desc = (
        message(
            "depth_desc",
            lang,
            filters=filters,
            r=r0 + 1,
            c=c0 + 1,
            channels=3,
            **_window_ends(size, rows_seen, cols_seen, lang),
        )
        + " "
        + message("numbering_note", lang)
    )
    return svg.document(
        "".join(parts),
        width=360,
        height=height,
        title=message("depth_title", lang, filters=filters),
        data_numbering=NUMBERING,
        lang=lang,
        desc=desc,
    )


def _filter_block(bx: float, by: float, kernel: tuple[int, int], channels: int, f: int) -> str:
    """One filter as stacked kernel grids, back channels first, channel 1 in front."""
    s, off = 10, 7  # weight cell side, channel layer offset
    kh, kw = kernel
    cells = []
    for ch in range(channels - 1, -1, -1):
        lx, ly = bx + ch * off, by + (channels - 1 - ch) * off
        for r in range(kh):
            for c in range(kw):
                cells.append(
                    svg.cell(
                        lx + c * s,
                        ly + r * s,
                        grid="weight",
                        row=r,
                        col=c,
                        size=s,
                        role="seen" if ch == 0 else None,
                        data_filter=f,
                        data_channel=ch,
                    )
                )
    return "".join(cells)


def w1_filters_figure(
    kernel: tuple[int, int] = (4, 4),
    in_channels: int = 3,
    filters: int = 8,
    per_row: int = 4,
    name: str = "W1",
    *,
    lang: str = "en",
) -> str:
    """What a weight tensor ``[kh, kw, in_channels, filters]`` holds, as one SVG.

    Each filter is drawn as ``in_channels`` stacked ``kh x kw`` grids (front
    layer channel 0). Every weight is a cell with ``data-grid="weight"``,
    ``data-filter``, ``data-channel``, ``data-row`` and ``data-col``, so the
    figure has exactly ``kh * kw * in_channels * filters`` weight cells.

    Args:
        kernel: ``(kh, kw)``.
        in_channels: Input channels each filter spans.
        filters: Number of filters (output channels).
        per_row: Filters drawn per row of the picture.
        name: The tensor's name in the heading and title.
        lang: ``"en"`` or ``"zh"``: the language of every word in the figure.

    Returns:
        The ``<svg>`` markup.

    Raises:
        TypeError: If a size is not an integer.
        ValueError: If a size is out of range.

    Examples:
        >>> fig = w1_filters_figure()
        >>> fig.count('data-grid="weight"'), "384 weights" in fig
        (384, True)
    """
    lang = check_lang(lang)
    kh, kw = as_pair("kernel", kernel)
    in_channels = as_count("in_channels", in_channels)
    filters = as_count("filters", filters)
    per_row = as_count("per_row", per_row)
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {name!r}")
    s = 10  # weight cell side
    off = 7  # channel layer offset
    box_w = kw * s + off * (in_channels - 1)
    box_h = kh * s + off * (in_channels - 1)
    slot_w = max(box_w + 26, 80)
    slot_h = box_h + 34
    n_rows = -(-filters // per_row)
    width = max(per_row * slot_w + 16, 340)
    total = kh * kw * in_channels * filters
    per_filter = kh * kw * in_channels
    parts = [
        svg.text(
            8,
            14,
            message("w_head", lang, name=name, kh=kh, kw=kw, cin=in_channels, filters=filters),
            "cm-text cm-heading",
            "start",
        ),
        svg.text(
            8,
            32,
            message(
                "w_sub",
                lang,
                kh=kh,
                kw=kw,
                cin=in_channels,
                per_filter=per_filter,
                filters=filters,
                total=total,
            ),
            "cm-muted",
            "start",
            11,
        ),
    ]
    top = 50
    for f in range(filters):
        bx = 8 + (f % per_row) * slot_w + (slot_w - box_w) / 2
        by = top + (f // per_row) * slot_h
        cells = [_filter_block(bx, by, (kh, kw), in_channels, f)]
        cells.append(
            svg.text(bx + box_w / 2, by + box_h + 12, message("w_filter", lang, f=f + 1), size=10)
        )
        parts.append(svg.element("g", "".join(cells), data_filter_box=f))
    height = top + n_rows * slot_h + 28
    parts.append(
        svg.text(
            8,
            height - 14,
            message("w_front", lang, cin=in_channels)
            if in_channels > 1
            else message("w_front_one", lang),
            "cm-muted",
            "start",
            10,
        )
    )
    desc = message(
        "w_desc",
        lang,
        filters=filters,
        cin=in_channels,
        kh=kh,
        kw=kw,
        per_filter=per_filter,
        total=total,
    )
    return svg.document(
        "".join(parts),
        width=width,
        height=height,
        title=message("w_title", lang, name=name, kh=kh, kw=kw, cin=in_channels, filters=filters),
        data_numbering=NUMBERING,
        lang=lang,
        desc=desc,
    )
