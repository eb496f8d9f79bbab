"""Figures for the site: SVG pictures of which pixels each neuron sees.

Each function returns one ``<svg>`` string, computed from
`convmap.geometry` (never re-derived), drawn with `convmap.svg`:

* `axis_windows`: one axis (e.g. the Q&A's 64 pixels), the padded zeros
  hatched, and for chosen neurons the window of pixels each one reads;
* `grid_mapping`: a 2-D layer, input left and output right, either one
  neuron's window on the input (forward) or the neurons that see one pixel
  (reverse);
* `coverage`: how many neurons (per filter) see each input pixel.

Every cell carries the stable hooks ``data-grid``, ``data-row``,
``data-col``, ``data-pad="true"`` for padding, and ``data-role`` for its part
in the picture: ``"window"`` (read by a chosen neuron), ``"neuron"`` (a chosen
output), ``"pixel"`` (the chosen input pixel), ``"seen"`` (an output that sees
it), ``"unseen"`` (a real pixel no neuron reads).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmap import svg
from convmap._checks import as_int, as_pair
from convmap.geometry import (
    Padding,
    input_window,
    layer_geometry,
    neurons_seeing,
    output_size,
    padding_amounts,
)
from convmap.svg import CELL, FONT

__all__ = ["axis_windows", "coverage", "grid_mapping"]

_MARGIN = 8
_CHAR = FONT * 0.6  # rough width of one character


def _text_width(words: str, size: float = FONT) -> float:
    return len(words) * size * 0.6


def _number(x: float, y: float, label: str, anchor: str = "middle") -> str:
    """An axis number: muted, a little smaller when it has three digits or more."""
    size = FONT if len(label) <= 2 else FONT * 0.8
    return svg.text(x, y, label, "cm-text cm-muted", anchor=anchor, size=size)


def _padding_words(before: int, after: int, what: str = "before", other: str = "after") -> str:
    if before == after == 0:
        return "no padding"
    return f"padding {before} {what}, {after} {other}"


def _label(index: int, size: int, one_based: bool) -> str | None:
    if not 0 <= index < size:
        return None
    return str(index + 1 if one_based else index)


def _name(index: int, one_based: bool) -> str:
    return str(index + 1 if one_based else index)


def _pixels_in_words(window: Sequence[int], size: int, one_based: bool) -> str:
    return ", ".join(_name(p, one_based) if 0 <= p < size else "a padded zero" for p in window)


def axis_windows(
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Padding = "valid",
    dilation: int = 1,
    neurons: Sequence[int] | str = (0,),
    *,
    one_based: bool = False,
    show_dropped: bool = False,
    title: str | None = None,
) -> str:
    """One axis of a layer: the input, chosen neurons' windows, the output.

    The input row is on top, padded zeros hatched (``data-pad="true"``). Below
    it, one lane per chosen neuron outlines the span of its window and marks
    each pixel it reads (with dilation, the gaps show). A line joins each lane
    to its neuron in the output row at the bottom. Long axes are drawn
    compactly: only the positions near the windows and the two ends, with an
    ellipsis for each hidden run. Real pixels that no neuron reads (a stride
    longer than the kernel) are marked ``data-role="unseen"`` and crossed.

    Args:
        size: Input length.
        kernel: Kernel length.
        stride: Stride.
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair.
        dilation: Dilation.
        neurons: 0-based output indices to show (up to 6), or ``"all"``.
        one_based: Label pixels and neurons from 1, as the Q&A does (the
            data attributes stay 0-based).
        show_dropped: Also draw, dashed, where one more window would start and
            why there is no neuron there (it would run past the padded input).
        title: Figure title; a default one names the layer.

    Returns:
        An ``<svg>`` string.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is invalid, a neuron index is out of range, or
            more than 6 neurons are chosen on an axis longer than 40 positions.

    Examples:
        >>> from xml.etree import ElementTree as ET
        >>> fig = axis_windows(64, 4, 1, "same", neurons=[0, 63], one_based=True)
        >>> root = ET.fromstring(fig)
        >>> cells = root.iter("{http://www.w3.org/2000/svg}g")
        >>> sorted(int(g.get("data-col")) for g in cells
        ...        if g.get("data-grid") == "input" and g.get("data-role") == "window")
        [-1, 0, 1, 2, 62, 63, 64, 65]
    """
    size = as_int("size", size, 1)
    out = output_size(size, kernel, stride, padding, dilation)
    before, after = padding_amounts(size, kernel, stride, padding, dilation)
    if isinstance(neurons, str):
        if neurons != "all":
            raise ValueError(f"neurons must be a list of output indices or 'all', got {neurons!r}")
        chosen = list(range(out))
    else:
        chosen = [as_int("neurons[]", n, 0) for n in neurons]
    for n in chosen:
        if n >= out:
            raise ValueError(
                f"neurons must be output indices in 0..{out - 1} (this layer has {out} "
                f"outputs), got {n}"
            )
    windows = {n: input_window(n, size, kernel, stride, padding, dilation) for n in chosen}
    many = len(chosen) > 6
    if many and size + before + after > 40:
        raise ValueError(
            f"neurons: at most 6 neurons on an axis longer than 40 positions (padding "
            f"included), got {len(chosen)}"
        )

    dropped: list[int] = []
    if show_dropped:
        start = out * stride - before
        dropped = [start + t * dilation for t in range(kernel)]

    keep_in = {p for w in windows.values() for p in w} | {-before, size + after - 1} | set(dropped)
    in_hi = size + after
    if dropped:
        in_hi = max(in_hi, dropped[-1] + 1)
    in_track = svg.track(-before, in_hi, keep_in, start=_MARGIN)
    out_track = svg.track(0, out, set(chosen), start=_MARGIN)

    seen_any = {
        p for p in range(size) if neurons_seeing(p, size, kernel, stride, padding, dilation)
    }
    read_by: dict[int, list[int]] = {}
    for n in chosen:
        for p in windows[n]:
            read_by.setdefault(p, []).append(n)

    parts: list[str] = []
    y = 4.0
    pad_words = _padding_words(before, after)
    in_head = f"input: {size} pixels, {pad_words}"
    parts.append(svg.text(_MARGIN, y + 8, in_head, "cm-text cm-heading", anchor="start"))
    y += 20
    # column numbers
    for p in in_track.indices():
        label = _label(p, size, one_based)
        if label is not None:
            parts.append(_number(in_track.pos(p) + CELL / 2, y + 6, label))
    y += 14
    for p in in_track.indices():
        pad = not 0 <= p < size
        if p >= size + after:  # beyond the padded input: only drawn for a dropped window
            parts.append(svg.rect(in_track.pos(p), y, CELL, CELL, "cm-ghost"))
            continue
        role = None
        extra: dict[str, Any] = {}
        if p in read_by:
            role = "window"
            extra["data_neurons"] = " ".join(str(n) for n in read_by[p])
        elif not pad and p not in seen_any:
            role = "unseen"
        parts.append(
            svg.cell(in_track.pos(p), y, grid="input", row=0, col=p, pad=pad, role=role, **extra)
        )
        if role == "unseen":
            x0 = in_track.pos(p)
            parts.append(
                svg.element(
                    "path",
                    d=f"M{x0 + 6} {y + 6}L{x0 + CELL - 6} {y + CELL - 6}"
                    f"M{x0 + CELL - 6} {y + 6}L{x0 + 6} {y + CELL - 6}",
                    class_="cm-cross",
                )
            )
    for gx in in_track.gaps():
        parts.append(svg.text(gx + CELL / 2, y + CELL / 2, "…", "cm-text cm-muted"))
    y += CELL + 6

    lane_h = CELL * 0.7
    lane_gap = 4 if many else 6
    lanes_top = y
    lane_parts: list[str] = []
    right_edge = 0.0
    link_parts: list[str] = []
    n_lanes = len(chosen) + (1 if dropped else 0)
    out_nums_y = lanes_top + n_lanes * (lane_h + lane_gap) + 16
    for j, n in enumerate(chosen):
        colour = f"cm-c{j % 6 + 1}"
        ly = lanes_top + j * (lane_h + lane_gap)
        window = windows[n]
        x_lo = in_track.pos(window[0])
        x_hi = in_track.pos(window[-1]) + CELL
        lane_parts.append(
            svg.outline(
                x_lo + 1,
                ly,
                x_hi - x_lo - 2,
                lane_h,
                f"cm-outline {colour}",
                data_grid="lane",
                data_neuron=n,
            )
        )
        mark = lane_h * 0.5
        for p in window:
            lane_parts.append(
                svg.rect(
                    in_track.pos(p) + (CELL - mark) / 2,
                    ly + (lane_h - mark) / 2,
                    mark,
                    mark,
                    f"cm-mark {colour}",
                    data_tap=p,
                )
            )
        if not many:
            words = f"neuron {_name(n, one_based)}"
            label_w = _text_width(words)
            if x_hi + 4 + label_w <= in_track.start + in_track.length + 72:
                lane_parts.append(svg.text(x_hi + 4, ly + lane_h / 2, words, anchor="start"))
                right_edge = max(right_edge, x_hi + 4 + label_w)
            else:
                lane_parts.append(svg.text(x_lo - 4, ly + lane_h / 2, words, anchor="end"))
        ox = out_track.pos(n) + CELL / 2
        link_parts.append(
            svg.line((x_lo + x_hi) / 2, ly + lane_h, ox, out_nums_y - 1, f"cm-link {colour}")
        )
    if dropped:
        ly = lanes_top + len(chosen) * (lane_h + lane_gap)
        x_lo = in_track.pos(dropped[0])
        x_hi = in_track.pos(dropped[-1]) + CELL
        lane_parts.append(
            svg.outline(x_lo + 1, ly, x_hi - x_lo - 2, lane_h, "cm-outline cm-dropped")
        )
        words = "no neuron: past the end"
        lane_parts.append(svg.text(x_hi + 4, ly + lane_h / 2, words, anchor="start"))
        right_edge = max(right_edge, x_hi + 4 + _text_width(words))
    parts.extend(link_parts)
    parts.extend(lane_parts)

    y = out_nums_y
    for n in out_track.indices():
        label = _name(n, one_based)
        parts.append(_number(out_track.pos(n) + CELL / 2, y + 6, label))
    y += 14
    colour_of = {n: f"cm-c{j % 6 + 1}" for j, n in enumerate(chosen)}
    for n in out_track.indices():
        role = "neuron" if n in colour_of else None
        classes = (colour_of[n],) if n in colour_of else ()
        parts.append(
            svg.cell(out_track.pos(n), y, grid="output", row=0, col=n, role=role, classes=classes)
        )
    for gx in out_track.gaps():
        parts.append(svg.text(gx + CELL / 2, y + CELL / 2, "…", "cm-text cm-muted"))
    y += CELL + 4
    out_head = f"output: {out} neurons"
    parts.append(svg.text(_MARGIN, y + 8, out_head, "cm-text cm-heading", anchor="start"))
    y += 24

    width = max(in_track.length, out_track.length) + 2 * _MARGIN
    width = max(width, _text_width(in_head) + 2 * _MARGIN, right_edge + _MARGIN, 200)
    items: list[tuple[str, str]] = []
    if before or after:
        items.append(("pad", "padded zero"))
    every = len(chosen) == out
    items.append(("window", "read by a neuron" if every else "read by a neuron shown"))
    if any(0 <= p < size and p not in seen_any for p in in_track.indices()):
        items.append(("unseen", "read by no neuron"))
    legend, legend_h = svg.legend(_MARGIN, y, items, width - 2 * _MARGIN)
    parts.append(legend)
    y += legend_h + 4

    numbering = "1-based" if one_based else "0-based"
    sentences = [
        f"One axis of {size} input pixels, kernel {kernel}, stride {stride}, "
        f"dilation {dilation}, {pad_words}; {out} output neurons. "
        f"Numbers are {numbering}."
    ]
    if not many:
        for n in chosen:
            sentences.append(
                f"Neuron {_name(n, one_based)} reads "
                f"{_pixels_in_words(windows[n], size, one_based)}."
            )
    unseen = [_name(p, one_based) for p in range(size) if p not in seen_any]
    if unseen:
        sentences.append(f"Pixels read by no neuron: {', '.join(unseen)}.")
    default_title = f"Windows on a {size}-pixel axis, kernel {kernel}, stride {stride}"
    return svg.document(
        "".join(parts),
        width=width,
        height=y,
        title=title or default_title,
        desc=" ".join(sentences),
        data_figure="axis-windows",
    )


def _grid(
    parts: list[str],
    x0: float,
    y0: float,
    rows: svg.Track,
    cols: svg.Track,
    *,
    grid: str,
    real: tuple[int, int],
    one_based: bool,
    style: Any,
    heading: str,
) -> tuple[float, float]:
    """Draw a labelled grid; return its (width, height) from ``(x0, y0)``."""
    label_w = 22.0
    parts.append(svg.text(x0, y0 + 8, heading, "cm-text cm-heading", anchor="start"))
    top = y0 + 20 + 14
    left = x0 + label_w
    rows = svg.Track(rows.slots, top, CELL)
    cols = svg.Track(cols.slots, left, CELL)
    for c in cols.indices():
        label = _label(c, real[1], one_based)
        if label is not None:
            parts.append(_number(cols.pos(c) + CELL / 2, top - 8, label))
    for r in rows.indices():
        label = _label(r, real[0], one_based)
        if label is not None:
            parts.append(_number(left - 4, rows.pos(r) + CELL / 2, label, anchor="end"))
    for r in rows.indices():
        for c in cols.indices():
            pad = not (0 <= r < real[0] and 0 <= c < real[1])
            role, label, extra = style(r, c)
            parts.append(
                svg.cell(
                    cols.pos(c),
                    rows.pos(r),
                    grid=grid,
                    row=r,
                    col=c,
                    pad=pad,
                    role=role,
                    label=label,
                    **extra,
                )
            )
    for gx in cols.gaps():
        parts.append(svg.text(gx + CELL / 2, top + rows.length / 2, "…", "cm-text cm-muted"))
    for gy in rows.gaps():
        parts.append(svg.text(left + cols.length / 2, gy + CELL / 2, "⋮", "cm-text cm-muted"))
    width = label_w + cols.length
    width = max(width, _text_width(heading))
    return width, 20 + 14 + rows.length


def _view_track(view: tuple[int, int] | None, lo: int, hi: int, keep: set[int]) -> svg.Track:
    if view is None:
        return svg.track(lo, hi, keep, max_slots=16)
    a, b = view
    if not (lo <= a < b <= hi):
        raise ValueError(f"view must be a range inside {lo}..{hi} (half-open), got {view!r}")
    slots: list[int | None] = list(range(a, b))
    if b < hi:
        slots.append(None)
    if a > lo:
        slots.insert(0, None)
    return svg.Track(slots)


def _bounding_outline(
    rows: svg.Track, cols: svg.Track, rs: Sequence[int], cs: Sequence[int], cls: str
) -> str:
    """Outline one block if contiguous on screen, else each cell."""
    rs_shown = [r for r in rs if rows.shown(r)]
    cs_shown = [c for c in cs if cols.shown(c)]
    if not rs_shown or not cs_shown:
        return ""
    contiguous = all(b - a == 1 for a, b in zip(rs, rs[1:], strict=False)) and all(
        b - a == 1 for a, b in zip(cs, cs[1:], strict=False)
    )
    if contiguous and len(rs_shown) == len(rs) and len(cs_shown) == len(cs):
        x = cols.pos(cs[0])
        y = rows.pos(rs[0])
        return svg.outline(x, y, cols.pos(cs[-1]) + CELL - x, rows.pos(rs[-1]) + CELL - y, cls)
    return "".join(
        svg.outline(cols.pos(c) + 1, rows.pos(r) + 1, CELL - 2, CELL - 2, cls)
        for r in rs_shown
        for c in cs_shown
    )


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
    one_based: bool = False,
    stack: bool | None = None,
    title: str | None = None,
) -> str:
    """A 2-D layer, input left (or top) and output right (or below), one mapping marked.

    Give exactly one of ``neuron`` (forward: the input cells that output reads
    get ``data-role="window"`` and one outline, the neuron gets ``"neuron"``)
    or ``pixel`` (reverse: the pixel gets ``"pixel"``, every output whose
    window contains it gets ``"seen"``). Padded rows and columns are drawn
    hatched. Large grids are cropped with ``input_view`` / ``output_view``
    (half-open ``((row_lo, row_hi), (col_lo, col_hi))`` in padded input or
    output coordinates) or compressed around the marked cells.

    Args:
        input_hw: Input ``(height, width)`` or one int.
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int.
        padding: Any padding `convmap.layer_geometry` accepts.
        dilation: ``(dh, dw)`` or one int.
        neuron: Output ``(row, col)``, 0-based, for the forward picture.
        pixel: Input ``(row, col)``, 0-based (padded positions allowed), for
            the reverse picture.
        input_view: Rows and columns of the padded input to draw.
        output_view: Rows and columns of the output to draw.
        one_based: Label rows and columns from 1 (data attributes stay 0-based).
        stack: Put the output below the input instead of to its right. By
            default the grids are stacked when side by side they would be
            wider than 460 units, so the figure stays readable on a phone.
        title: Figure title; a default one describes the mapping.

    Returns:
        An ``<svg>`` string.

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
    if (neuron is None) == (pixel is None):
        raise ValueError("give exactly one of neuron=(row, col) or pixel=(row, col)")
    g = layer_geometry(input_hw, kernel, stride, padding, dilation)
    (top, bottom), (left, right) = g.padding
    axes = []
    for a in range(2):
        pads = g.padding[a]
        axes.append(
            dict(
                size=g.input[a],
                kernel=g.kernel[a],
                stride=g.stride[a],
                padding=pads,
                dilation=g.dilation[a],
            )
        )

    window_rows: list[int] = []
    window_cols: list[int] = []
    seen_rows: list[int] = []
    seen_cols: list[int] = []
    if neuron is not None:
        nr, nc = as_pair("neuron", neuron, 0)
        window_rows = input_window(nr, **axes[0])
        window_cols = input_window(nc, **axes[1])
        words_mark = (
            f"Output neuron ({_name(nr, one_based)}, {_name(nc, one_based)}) reads input rows "
            f"{_pixels_in_words(window_rows, g.input[0], one_based)} and columns "
            f"{_pixels_in_words(window_cols, g.input[1], one_based)}."
        )
    else:
        pr, pc = pixel  # type: ignore[misc]
        for name, value in (("pixel[0]", pr), ("pixel[1]", pc)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer, got {value!r}")
        seen_rows = neurons_seeing(pr, **axes[0])
        seen_cols = neurons_seeing(pc, **axes[1])
        count = len(seen_rows) * len(seen_cols)
        words_mark = (
            f"Input pixel ({_name(pr, one_based)}, {_name(pc, one_based)}) is seen by {count} "
            f"output neurons per filter: rows "
            f"{', '.join(_name(r, one_based) for r in seen_rows) or 'none'}, columns "
            f"{', '.join(_name(c, one_based) for c in seen_cols) or 'none'}."
        )

    in_rows = _view_track(
        input_view[0] if input_view else None,
        -top,
        g.input[0] + bottom,
        set(window_rows) | ({pixel[0]} if pixel else set()),
    )
    in_cols = _view_track(
        input_view[1] if input_view else None,
        -left,
        g.input[1] + right,
        set(window_cols) | ({pixel[1]} if pixel else set()),
    )
    out_rows = _view_track(
        output_view[0] if output_view else None,
        0,
        g.output[0],
        set(seen_rows) | ({neuron[0]} if neuron else set()),
    )
    out_cols = _view_track(
        output_view[1] if output_view else None,
        0,
        g.output[1],
        set(seen_cols) | ({neuron[1]} if neuron else set()),
    )
    win_r, win_c = set(window_rows), set(window_cols)

    def in_style(r: int, c: int) -> tuple[str | None, None, dict[str, Any]]:
        if neuron is not None and r in win_r and c in win_c:
            return "window", None, {}
        if pixel is not None and (r, c) == tuple(pixel):
            return "pixel", None, {}
        return None, None, {}

    def out_style(r: int, c: int) -> tuple[str | None, None, dict[str, Any]]:
        if neuron is not None and (r, c) == tuple(neuron):
            return "neuron", None, {}
        if pixel is not None and r in seen_rows and c in seen_cols:
            return "seen", None, {}
        return None, None, {}

    parts: list[str] = []
    x0, y0 = _MARGIN, 4.0
    pad_words = (
        f"padding top {top}, bottom {bottom}, left {left}, right {right}"
        if (top, bottom, left, right) != (0, 0, 0, 0)
        else "no padding"
    )
    in_parts: list[str] = []
    w_in, h_in = _grid(
        in_parts,
        x0,
        y0,
        in_rows,
        in_cols,
        grid="input",
        real=g.input,
        one_based=one_based,
        style=in_style,
        heading=f"input {g.input[0]} × {g.input[1]}",
    )
    parts.extend(in_parts)
    gap = 36
    # the output grid's size does not depend on where it goes: measure it first
    w_out, h_out = _grid(
        [],
        0,
        0,
        out_rows,
        out_cols,
        grid="output",
        real=g.output,
        one_based=one_based,
        style=out_style,
        heading=f"output {g.output[0]} × {g.output[1]}",
    )
    if stack is None:
        stack = w_in + gap + w_out + 2 * _MARGIN > 460
    if stack:
        x1, y1 = x0, y0 + h_in + gap
        arrow = (x0 + 22 + in_cols.length / 2, y0 + h_in + gap / 2 + 2, "↓")
    else:
        x1, y1 = x0 + w_in + gap, y0
        arrow = (x0 + w_in + gap / 2, y0 + 34 + min(h_in, h_out) / 2 - 17, "→")
    out_parts: list[str] = []
    _grid(
        out_parts,
        x1,
        y1,
        out_rows,
        out_cols,
        grid="output",
        real=g.output,
        one_based=one_based,
        style=out_style,
        heading=f"output {g.output[0]} × {g.output[1]}",
    )
    parts.extend(out_parts)
    parts.append(svg.text(arrow[0], arrow[1], arrow[2], "cm-text", size=FONT * 1.6))
    # outlines on top of the cells
    rows_in = svg.Track(in_rows.slots, y0 + 34, CELL)
    cols_in = svg.Track(in_cols.slots, x0 + 22, CELL)
    rows_out = svg.Track(out_rows.slots, y1 + 34, CELL)
    cols_out = svg.Track(out_cols.slots, x1 + 22, CELL)
    if neuron is not None:
        parts.append(
            _bounding_outline(rows_in, cols_in, window_rows, window_cols, "cm-outline cm-c1")
        )
        parts.append(
            _bounding_outline(rows_out, cols_out, [neuron[0]], [neuron[1]], "cm-outline cm-c1")
        )
        items = [("window", "the neuron and the pixels it reads")]
    else:
        parts.append(
            _bounding_outline(rows_in, cols_in, [pixel[0]], [pixel[1]], "cm-outline cm-c2")
        )
        parts.append(
            _bounding_outline(rows_out, cols_out, seen_rows, seen_cols, "cm-outline cm-c2")
        )
        items = [("pixel", "the pixel and the neurons that see it")]
    if top or bottom or left or right:
        items.insert(0, ("pad", "padded zero"))
    width = max(x0 + w_in, x1 + w_out) + _MARGIN
    y = max(y0 + h_in, y1 + h_out) + 8
    legend, legend_h = svg.legend(_MARGIN, y, items, width - 2 * _MARGIN)
    parts.append(legend)
    y += legend_h + 4
    numbering = "1-based" if one_based else "0-based"
    desc = (
        f"Input {g.input[0]} by {g.input[1]} ({pad_words}), kernel {g.kernel[0]} by "
        f"{g.kernel[1]}, stride {g.stride[0]} by {g.stride[1]}, dilation {g.dilation[0]} by "
        f"{g.dilation[1]}; output {g.output[0]} by {g.output[1]}. Numbers are {numbering}. "
        + words_mark
    )
    default = "Which input pixels one neuron sees" if neuron else "Which neurons see one pixel"
    return svg.document(
        "".join(parts),
        width=width,
        height=y,
        title=title or default,
        desc=desc,
        data_figure="grid-mapping",
    )


def coverage(
    input_hw: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    input_view: tuple[tuple[int, int], tuple[int, int]] | None = None,
    counts: bool = True,
    one_based: bool = False,
    title: str | None = None,
) -> str:
    """Heat map: how many neurons (of one filter) see each input pixel.

    A pixel at ``(r, c)`` is seen by ``len(neurons_seeing(r)) *
    len(neurons_seeing(c))`` neurons per filter (2-D windows are products of
    the row and column windows); multiply by the number of filters for the
    whole layer. Each cell carries ``data-count``, shows the count as text when
    ``counts`` is true, and is shaded in five steps; a pixel no neuron sees
    gets ``data-role="unseen"``.

    Args:
        input_hw: Input ``(height, width)`` or one int.
        kernel: ``(kh, kw)`` or one int.
        stride: ``(sh, sw)`` or one int.
        padding: Any padding `convmap.layer_geometry` accepts.
        dilation: ``(dh, dw)`` or one int.
        input_view: Rows and columns of the input to draw, half-open
            ``((row_lo, row_hi), (col_lo, col_hi))`` in real pixel coordinates;
            default all when small, else compressed around the corners.
        counts: Write each count in its cell.
        one_based: Label rows and columns from 1.
        title: Figure title.

    Returns:
        An ``<svg>`` string.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting or the view is invalid.

    Examples:
        >>> from xml.etree import ElementTree as ET
        >>> cells = ET.fromstring(coverage(4, 2)).iter("{http://www.w3.org/2000/svg}g")
        >>> [int(g.get("data-count")) for g in cells if g.get("data-row") == "0"]
        [1, 2, 2, 1]
    """
    g = layer_geometry(input_hw, kernel, stride, padding, dilation)
    axes = [
        dict(
            size=g.input[a],
            kernel=g.kernel[a],
            stride=g.stride[a],
            padding=g.padding[a],
            dilation=g.dilation[a],
        )
        for a in range(2)
    ]
    per_row = {r: len(neurons_seeing(r, **axes[0])) for r in range(g.input[0])}
    per_col = {c: len(neurons_seeing(c, **axes[1])) for c in range(g.input[1])}
    rows = _view_track(input_view[0] if input_view else None, 0, g.input[0], {0, g.input[0] - 1})
    cols = _view_track(input_view[1] if input_view else None, 0, g.input[1], {0, g.input[1] - 1})
    top_count = max(per_row.values()) * max(per_col.values())

    def style(r: int, c: int) -> tuple[str | None, str | None, dict[str, Any]]:
        n = per_row[r] * per_col[c]
        level = 0 if n == 0 else max(1, -(-n * 5 // top_count))
        return (
            "unseen" if n == 0 else None,
            str(n) if counts else None,
            {"data_count": n, "classes": (f"cm-heat-{level}",)},
        )

    parts: list[str] = []
    w, h = _grid(
        parts,
        _MARGIN,
        4.0,
        rows,
        cols,
        grid="input",
        real=g.input,
        one_based=one_based,
        style=style,
        heading=f"input {g.input[0]} × {g.input[1]}: neurons per pixel",
    )
    width = w + 2 * _MARGIN
    y = 4.0 + h + 8
    items = [("heat-1", "few neurons"), ("heat-5", f"most ({top_count})")]
    legend, legend_h = svg.legend(_MARGIN, y, items, width - 2 * _MARGIN)
    parts.append(legend)
    y += legend_h + 4
    (top, bottom), (left, right) = g.padding
    corner = per_row[0] * per_col[0]
    desc = (
        f"Input {g.input[0]} by {g.input[1]}, kernel {g.kernel[0]} by {g.kernel[1]}, stride "
        f"{g.stride[0]} by {g.stride[1]}, padding top {top}, bottom {bottom}, left {left}, "
        f"right {right}. Each cell shows how many output neurons of one filter see that "
        f"pixel: the top-left corner pixel is seen by {corner}, the most-seen pixels by "
        f"{top_count}."
    )
    return svg.document(
        "".join(parts),
        width=width,
        height=y,
        title=title or "How many neurons see each pixel",
        desc=desc,
        data_figure="coverage",
    )
