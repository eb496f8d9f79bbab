"""The explorer as one HTML ``<figure>``: controls, SVG grids, live text and mapping data.

Stable hooks (tests rely on them): the root has ``data-convmap="explorer"``,
``data-numbering="1-based"`` and states its geometry as resolved integers
(``data-input="H,W"``, ``data-kernel``, ``data-stride``, ``data-dilation``,
``data-padding="top,bottom,left,right"``); cells carry ``data-grid``,
0-based ``data-row`` / ``data-col`` and ``data-pad="true"`` when padded; the
page's script sets ``data-lit="true"`` on exactly the cells the data names;
an ``aria-live`` paragraph says the same in words. On load the default
neuron and its pixels carry ``data-default="true"`` and the live paragraph
says its sentence (so it shows without the script and in print).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from convmap.figures import svg
from convmap.figures.explorer_cells import one_axis_svg, two_axis_svgs
from convmap.figures.explorer_compressed import compressed_body
from convmap.figures.explorer_data import explorer_data
from convmap.figures.messages import message

__all__ = ["explorer_html"]


class _State:
    """What the drawing needs besides the data: tab stops, the default lit set, kernel boxes."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.default_key = data["default"]
        self.boxes: dict[str, list[float]] = {}
        cells = data.get("cells", {})
        lit = cells.get(self.default_key, {}).get("lit", [])
        self.default = {self.default_key, *lit}
        firsts = [k for k in cells if k.startswith("i:")][:1] + [data["order"][0]] if cells else []
        self.first = set(firsts)


def _caption(uid: str, title: str, caption: str, data: dict[str, Any], lang: str) -> str:
    geo = data["geometry"]
    (h, w), (kh, kw), (sh, sw), (dh, dw) = (
        geo[k] for k in ("input", "kernel", "stride", "dilation")
    )
    top, bottom, left, right = geo["padding"]
    oh, ow = geo["output"]
    fields = dict(
        h=h,
        w=w,
        kh=kh,
        kw=kw,
        sh=sh,
        sw=sw,
        dh=dh,
        dw=dw,
        top=top,
        bottom=bottom,
        left=left,
        right=right,
        oh=oh,
        ow=ow,
    )
    words = [svg.element("strong", svg.escape(title + "."), id=f"{uid}-name")]
    if caption:
        words.append(svg.escape(caption))
    key = "ex_settings_1d" if data["one_axis"] else "ex_settings_2d"
    words.append(svg.escape(message(key, lang, **fields)))
    if data["cropped"]:
        s = data["shown"]
        words.append(
            svg.escape(
                message(
                    "ex_crop_note",
                    lang,
                    h=h,
                    w=w,
                    oh=oh,
                    ow=ow,
                    r0=s["output_rows"][0] + 1,
                    r1=s["output_rows"][1] + 1,
                    c0=s["output_cols"][0] + 1,
                    c1=s["output_cols"][1] + 1,
                )
            )
        )
    if data["view"] == "compressed":
        words.append(svg.escape(message("ex_compressed_note", lang, h=h, w=w, oh=oh, ow=ow)))
    words.append(svg.escape(message("numbering_note", lang)))
    words.append(svg.escape(message("ex_how", lang, name=_default_name(data, lang))))
    return svg.element("figcaption", " ".join(words), id=f"{uid}-cap")


def _default_name(data: dict[str, Any], lang: str) -> str:
    r, c = (int(v) for v in data["default"][2:].split(","))
    if data["one_axis"]:
        return message("ex_neuron_1d", lang, n=c + 1)
    return message("ex_neuron_2d", lang, r=r + 1, c=c + 1)


def _controls(uid: str, lang: str) -> str:
    buttons = "".join(
        svg.element(
            "button",
            svg.escape(message(f"ex_{a}", lang)),
            type="button",
            class_="cmx-button",
            data_action=a,
            aria_controls=f"{uid}-svg",
        )
        for a in ("play", "pause", "step", "clear")
    )
    return svg.element(
        "div", buttons, class_="cmx-controls", role="group", aria_label=message("ex_controls", lang)
    )


def _payload(data: dict[str, Any], state: _State) -> str:
    if data["view"] == "compressed":
        keep = ("view", "one_axis", "geometry", "axes", "default", "text", "numbering")
        payload = {k: data[k] for k in keep}
    else:
        cells = {k: {"lit": v["lit"], "say": v["say"]} for k, v in data["cells"].items()}
        for key in data["order"]:
            cells[key]["box"] = state.boxes[key]
        payload = {
            "view": "cells",
            "cells": cells,
            "order": data["order"],
            "default": data["default"],
            "text": data["text"],
        }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")


def _root_attrs(uid: str, data: dict[str, Any]) -> dict[str, Any]:
    geo = data["geometry"]
    joined = {k: ",".join(str(v) for v in geo[k]) for k in geo}
    kind = "cmx-1d" if data["one_axis"] else "cmx-2d"
    return dict(
        class_=f"cmx-explorer {kind} cmx-view-{data['view']}",
        data_convmap="explorer",
        id=uid,
        data_input=joined["input"],
        data_kernel=joined["kernel"],
        data_stride=joined["stride"],
        data_dilation=joined["dilation"],
        data_padding=joined["padding"],
        data_numbering=data["numbering"],
        data_view=data["view"],
        data_resting="true",
        lang=data["lang"],
        aria_labelledby=f"{uid}-name",
        aria_describedby=f"{uid}-cap",
    )


def _uid(data: dict[str, Any], title: str, uid: str | None) -> str:
    if uid is not None:
        if not isinstance(uid, str) or not uid:
            raise TypeError(f"uid must be a non-empty string, got {uid!r}")
        return uid
    seed = json.dumps([data["geometry"], data.get("shown"), data["default"], title, data["lang"]])
    return "cmx-" + hashlib.sha1(seed.encode()).hexdigest()[:8]


def _grid_names(value: Any) -> tuple[str, str] | None:
    """Check ``grid_names``: ``None`` or two non-empty strings."""
    if value is None:
        return None
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise TypeError(
            "grid_names must be None or a (input grid name, output grid name) pair of "
            f"non-empty strings, got {value!r}"
        )
    return (str(value[0]), str(value[1]))


def explorer_html(
    input_size: int | tuple[int, int],
    kernel: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: Any = "valid",
    dilation: int | tuple[int, int] = 1,
    *,
    title: str,
    caption: str = "",
    one_based: bool = True,
    output_rows: tuple[int, int] | None = None,
    output_cols: tuple[int, int] | None = None,
    uid: str | None = None,
    neuron: int | tuple[int, int] | None = None,
    view: str = "auto",
    lang: str = "en",
    grid_names: tuple[str, str] | None = None,
) -> str:
    """The explorer as one HTML ``<figure>``: buttons, SVG grids, live text and mapping data.

    Args:
        input_size: One int for a single axis (drawn as a 1 x n strip), or ``(H, W)``.
        kernel: Kernel length or ``(kh, kw)``.
        stride: Stride or ``(sh, sw)``.
        padding: Padding, as in `convmap.figures.explorer_data`.
        dilation: Dilation or ``(dh, dw)``.
        title: A short title, shown in the caption and used as the figure's name.
        caption: More words for the caption (settings, the numbering rule and
            a reading hint are added in ``lang``).
        one_based: Kept for old callers; only ``True`` (the site's rule).
        output_rows: Half-open range of output rows to show (a corner crop).
        output_cols: Half-open range of output columns to show.
        uid: A page-unique id prefix; by default one is made from the settings.
        neuron: The neuron highlighted on load (0-based), default the first.
        view: ``"auto"``, ``"cells"`` or ``"compressed"`` (see `explorer_data`).
        lang: ``"en"`` or ``"zh"``.
        grid_names: Optional ``(name of the input grid, name of the output
            grid)`` shown above each grid and in its accessible name instead
            of "input" / "output" (already in ``lang``; cell-by-cell views), e.g. to draw a
            transposed convolution as its forward twin with
            ``("transposed-conv output (large)", "transposed-conv input (small)")``.

    Returns:
        HTML text (no blank lines), ready to be printed by a ``markdown-exec``
        block with ``html="true"``.

    Raises:
        TypeError: If a setting has the wrong type.
        ValueError: If a setting is out of range (see `explorer_data`).

    Examples:
        >>> page = explorer_html((5, 5), 3, padding="same", title="SAME")
        >>> 'data-convmap="explorer"' in page, 'data-padding="1,1,1,1"' in page
        (True, True)
        >>> page.count('data-grid="input"'), page.count('data-grid="output"')
        (49, 25)
        >>> page.count('data-pad="true"'), 'data-numbering="1-based"' in page
        (24, True)
        >>> named = explorer_html(4, 2, title="T", grid_names=("big", "small"))
        >>> "big: 4" in named, "small: 3" in named
        (True, True)
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {title!r}")
    if not isinstance(caption, str):
        raise TypeError(f"caption must be a string, got {caption!r}")
    data = explorer_data(
        input_size,
        kernel,
        stride,
        padding,
        dilation,
        one_based=one_based,
        output_rows=output_rows,
        output_cols=output_cols,
        neuron=neuron,
        view=view,
        lang=lang,
    )
    data["grid_names"] = _grid_names(grid_names)
    uid = _uid(data, title, uid)
    state = _State(data)
    if data["view"] == "compressed":
        body, intro = compressed_body(uid, title, data, lang)
    else:
        draw = one_axis_svg if data["one_axis"] else two_axis_svgs
        body = svg.element(
            "div", draw(uid, title, data, state, lang), class_="cmx-scroll", id=f"{uid}-svg"
        )
        intro = data["cells"][data["default"]]["say"]
    live = svg.element(
        "p", svg.escape(intro), class_="cmx-live", aria_live="polite", id=f"{uid}-live"
    )
    script = svg.element(
        "script", _payload(data, state), type="application/json", class_="cmx-data"
    )
    inner = _controls(uid, lang) + body + live + _caption(uid, title, caption, data, lang) + script
    return svg.element("figure", inner, **_root_attrs(uid, data))
