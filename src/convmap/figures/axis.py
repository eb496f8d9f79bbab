"""`axis_windows`: one axis of a layer, chosen neurons' windows, the output.

The input row is on top, padded zeros hatched and labelled "pad"; real pixels
are numbered from 1. Below, one lane per chosen neuron outlines its window
and marks each pixel it reads; a line joins each lane to its neuron in the
output row. Long axes are compressed (`convmap.figures.track`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmap.figures import svg
from convmap.figures.checks import as_count, as_flag, as_index
from convmap.figures.mapping import check_one_based
from convmap.figures.messages import check_lang, message
from convmap.figures.numbering import NUMBERING, pixel_label, pixels_in_words
from convmap.figures.svg import CELL, FONT
from convmap.figures.track import Track, track
from convmap.geometry import Axis, Padding

__all__ = ["MAX_AXIS", "axis_windows"]

_MARGIN = 8
#: Longest axis `axis_windows` draws (it asks `Axis.seeing` once per pixel).
MAX_AXIS = 100_000


def _text_width(words: str, size: float = FONT) -> float:
    return svg.text_width(words, size)


def _number(x: float, y: float, label: str) -> str:
    """An axis number: muted, a little smaller when wider than two digits ("pad", "填充")."""
    small = svg.text_width(label, 1) > 1.2
    return svg.text(x, y, label, "cm-text cm-muted", size=FONT * 0.8 if small else FONT)


class _Axis:
    """The settings of the one axis drawn, checked, and what the chosen neurons read."""

    def __init__(self, size, kernel, stride, padding, dilation, neurons, show_dropped) -> None:
        self.size = as_count("size", size)
        if self.size > MAX_AXIS:
            raise ValueError(f"size: axis_windows draws at most {MAX_AXIS} pixels, got {size}")
        self.kernel, self.stride = as_count("kernel", kernel), as_count("stride", stride)
        self.dilation = as_count("dilation", dilation)
        self.axis = Axis.of(self.size, self.kernel, self.stride, padding, self.dilation)
        self.out, (self.before, self.after) = self.axis.out, self.axis.padding
        self.chosen = self._choose(neurons)
        self.windows = {n: self.axis.window(n) for n in self.chosen}
        self.many = len(self.chosen) > 6
        if self.many and self.size + self.before + self.after > 40:
            raise ValueError(
                f"neurons: at most 6 neurons on an axis longer than 40 positions (padding "
                f"included), got {len(self.chosen)}"
            )
        self.dropped: list[int] = []
        if as_flag("show_dropped", show_dropped):
            start = self.axis.start(self.out)  # where one more window would start
            self.dropped = [start + t * self.dilation for t in range(self.kernel)]
        self.seen_any = {p for p in range(self.size) if self.axis.seeing(p)}

    def _choose(self, neurons: Any) -> list[int]:
        if isinstance(neurons, str):
            if neurons != "all":
                raise ValueError(
                    f"neurons must be a list of output indices or 'all', got {neurons!r}"
                )
            return list(range(self.out))
        if not isinstance(neurons, Sequence) and not hasattr(neurons, "tolist"):
            raise TypeError(
                f"neurons must be a list of 0-based output indices or 'all', got {neurons!r}"
            )
        values = neurons.tolist() if hasattr(neurons, "tolist") else list(neurons)
        what = f"this layer has {self.out} outputs, 0-based"
        return [as_index(f"neurons[{i}]", n, self.out, what=what) for i, n in enumerate(values)]

    def tracks(self) -> tuple[Track, Track]:
        keep = {p for w in self.windows.values() for p in w}
        keep |= {-self.before, self.size + self.after - 1} | set(self.dropped)
        hi = self.size + self.after
        if self.dropped:
            hi = max(hi, self.dropped[-1] + 1)
        return track(-self.before, hi, keep, start=_MARGIN), track(
            0, self.out, set(self.chosen), start=_MARGIN
        )


def _input_row(ax: _Axis, tin: Track, y: float, lang: str) -> list[str]:
    read_by: dict[int, list[int]] = {}
    for n in ax.chosen:
        for p in ax.windows[n]:
            read_by.setdefault(p, []).append(n)
    parts = [
        _number(tin.pos(p) + CELL / 2, y + 6, pixel_label(p, ax.size, lang))
        for p in tin.indices()
        if p < ax.size + ax.after
    ]
    y += 14
    for p in tin.indices():
        x, pad = tin.pos(p), not 0 <= p < ax.size
        if p >= ax.size + ax.after:  # beyond the padded input: only drawn for a dropped window
            parts.append(svg.rect(x, y, CELL, CELL, "cm-ghost"))
            continue
        role, extra = None, {}
        if p in read_by:
            role, extra = "window", {"data_neurons": " ".join(str(n) for n in read_by[p])}
        elif not pad and p not in ax.seen_any:
            role = "unseen"
        parts.append(svg.cell(x, y, grid="input", row=0, col=p, pad=pad, role=role, **extra))
        if role == "unseen":
            lo, hi = 6, CELL - 6
            d = f"M{x + lo} {y + lo}L{x + hi} {y + hi}M{x + hi} {y + lo}L{x + lo} {y + hi}"
            parts.append(svg.element("path", d=d, class_="cm-cross"))
    parts += [svg.text(gx + CELL / 2, y + CELL / 2, "…", "cm-text cm-muted") for gx in tin.gaps()]
    return parts


def _lanes(
    ax: _Axis, tin: Track, tout: Track, top: float, lang: str
) -> tuple[list[str], float, float]:
    lane_h, gap = CELL * 0.7, 4 if ax.many else 6
    n_lanes = len(ax.chosen) + (1 if ax.dropped else 0)
    out_y = top + n_lanes * (lane_h + gap) + 16
    links, lanes, right = [], [], 0.0
    for j, n in enumerate(ax.chosen):
        colour, ly, window = f"cm-c{j % 6 + 1}", top + j * (lane_h + gap), ax.windows[n]
        x_lo, x_hi = tin.pos(window[0]), tin.pos(window[-1]) + CELL
        lanes.append(
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
        lanes += [
            svg.rect(
                tin.pos(p) + (CELL - mark) / 2,
                ly + (lane_h - mark) / 2,
                mark,
                mark,
                f"cm-mark {colour}",
                data_tap=p,
            )
            for p in window
        ]
        if not ax.many:
            words = message("axis_neuron", lang, n=n + 1)
            if x_hi + 4 + _text_width(words) <= tin.start + tin.length + 72:
                lanes.append(svg.text(x_hi + 4, ly + lane_h / 2, words, anchor="start"))
                right = max(right, x_hi + 4 + _text_width(words))
            else:
                lanes.append(svg.text(x_lo - 4, ly + lane_h / 2, words, anchor="end"))
        ox = tout.pos(n) + CELL / 2
        links.append(svg.line((x_lo + x_hi) / 2, ly + lane_h, ox, out_y - 1, f"cm-link {colour}"))
    if ax.dropped:
        ly = top + len(ax.chosen) * (lane_h + gap)
        x_lo, x_hi = tin.pos(ax.dropped[0]), tin.pos(ax.dropped[-1]) + CELL
        lanes.append(svg.outline(x_lo + 1, ly, x_hi - x_lo - 2, lane_h, "cm-outline cm-dropped"))
        words = message("axis_dropped", lang)
        lanes.append(svg.text(x_hi + 4, ly + lane_h / 2, words, anchor="start"))
        right = max(right, x_hi + 4 + _text_width(words))
    return links + lanes, out_y, right


def _output_row(ax: _Axis, tout: Track, y: float) -> list[str]:
    parts = [_number(tout.pos(n) + CELL / 2, y + 6, str(n + 1)) for n in tout.indices()]
    colour_of = {n: f"cm-c{j % 6 + 1}" for j, n in enumerate(ax.chosen)}
    for n in tout.indices():
        chosen = n in colour_of
        parts.append(
            svg.cell(
                tout.pos(n),
                y + 14,
                grid="output",
                row=0,
                col=n,
                role="neuron" if chosen else None,
                classes=(colour_of[n],) if chosen else (),
            )
        )
    parts += [
        svg.text(gx + CELL / 2, y + 14 + CELL / 2, "…", "cm-text cm-muted") for gx in tout.gaps()
    ]
    return parts


def _description(ax: _Axis, pad_words: str, lang: str) -> str:
    sentences = [
        message(
            "axis_desc",
            lang,
            size=ax.size,
            kernel=ax.kernel,
            stride=ax.stride,
            dilation=ax.dilation,
            padding=pad_words,
            out=ax.out,
        ),
        message("numbering_note", lang),
    ]
    if not ax.many:
        sentences += [
            message(
                "axis_reads", lang, n=n + 1, pixels=pixels_in_words(ax.windows[n], ax.size, lang)
            )
            for n in ax.chosen
        ]
    unseen = [str(p + 1) for p in range(ax.size) if p not in ax.seen_any]
    if unseen:
        sentences.append(
            message("axis_unseen_desc", lang, pixels=message("list_sep", lang).join(unseen))
        )
    return " ".join(sentences)


def axis_windows(
    size: int,
    kernel: int,
    stride: int = 1,
    padding: Padding = "valid",
    dilation: int = 1,
    neurons: Sequence[int] | str = (0,),
    *,
    one_based: bool = True,
    show_dropped: bool = False,
    title: str | None = None,
    lang: str = "en",
) -> str:
    """One axis of a layer: the input, chosen neurons' windows, the output.

    The input row is on top, padded zeros hatched (``data-pad="true"``) and
    labelled "pad". Below it, one lane per chosen neuron outlines the span of
    its window and marks each pixel it reads (with dilation, the gaps show).
    A line joins each lane to its neuron in the output row at the bottom.
    Long axes are drawn compactly: only the positions near the windows and
    the two ends, with an ellipsis for each hidden run. Real pixels that no
    neuron reads are marked ``data-role="unseen"`` and crossed. Numbers are
    the Q&A's 1-based ones; the data attributes stay 0-based.

    Args:
        size: Input length.
        kernel: Kernel length.
        stride: Stride.
        padding: ``"valid"``, ``"same"``, ``"full"``, an int or a
            ``(before, after)`` pair.
        dilation: Dilation.
        neurons: 0-based output indices to show (up to 6), or ``"all"``.
        one_based: Kept for old callers; only ``True`` (the site's rule).
        show_dropped: Also draw, dashed, where one more window would start and
            why there is no neuron there (it would run past the padded input).
        title: Figure title; a default one names the layer.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        An ``<svg>`` string with ``data-numbering="1-based"``.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is invalid, a neuron index is out of range,
            more than 6 neurons are chosen on an axis longer than 40
            positions, or ``size`` is above `MAX_AXIS`.

    Examples:
        >>> from xml.etree import ElementTree as ET
        >>> fig = axis_windows(64, 4, 1, "same", neurons=[0, 63])
        >>> root = ET.fromstring(fig)
        >>> cells = root.iter("{http://www.w3.org/2000/svg}g")
        >>> sorted(int(g.get("data-col")) for g in cells
        ...        if g.get("data-grid") == "input" and g.get("data-role") == "window")
        [-1, 0, 1, 2, 62, 63, 64, 65]
    """
    lang = check_lang(lang)
    check_one_based(one_based)
    ax = _Axis(size, kernel, stride, padding, dilation, neurons, show_dropped)
    tin, tout = ax.tracks()
    pad_words = (
        message("padding_1d", lang, before=ax.before, after=ax.after)
        if ax.before or ax.after
        else message("no_padding", lang)
    )
    in_head = message("axis_input_head", lang, size=ax.size, padding=pad_words)
    parts = [svg.text(_MARGIN, 12, in_head, "cm-text cm-heading", anchor="start")]
    parts += _input_row(ax, tin, 24.0, lang)
    lanes, y, right = _lanes(ax, tin, tout, 24.0 + 14 + CELL + 6, lang)
    parts += lanes + _output_row(ax, tout, y)
    y += 14 + CELL + 4
    out_head = message("axis_output_head", lang, out=ax.out)
    parts.append(svg.text(_MARGIN, y + 8, out_head, "cm-text cm-heading", anchor="start"))
    y += 24
    width = max(
        max(tin.length, tout.length) + 2 * _MARGIN,
        _text_width(in_head) + 2 * _MARGIN,
        right + _MARGIN,
        200,
    )
    items = [("pad", message("padded_zero", lang))] if ax.before or ax.after else []
    every = len(ax.chosen) == ax.out
    items.append(("window", message("axis_read" if every else "axis_read_shown", lang)))
    if any(0 <= p < ax.size and p not in ax.seen_any for p in tin.indices()):
        items.append(("unseen", message("axis_unseen", lang)))
    legend, legend_h = svg.legend(_MARGIN, y, items, width - 2 * _MARGIN)
    default_title = message("axis_title", lang, size=ax.size, kernel=ax.kernel, stride=ax.stride)
    return svg.document(
        "".join(parts) + legend,
        width=width,
        height=y + legend_h + 4,
        title=title or default_title,
        desc=_description(ax, pad_words, lang),
        data_figure="axis-windows",
        data_numbering=NUMBERING,
        lang=lang,
    )
