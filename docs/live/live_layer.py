"""Glue of the "Your own layer" page: a URL query in, everything the page shows out (JSON).

Runs in Pyodide in the page (and in CPython in the tests). Every number comes
from convmap's public functions (`trace`, `layer_geometry`, `input_window`,
`neurons_seeing`, the explorer generator); this module only parses the query,
picks what to draw and writes HTML text.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from live_common import explorer_html, ints, query_dict, runs

from convmap import Conv2D, input_window, layer_geometry, neurons_seeing, trace
from convmap.padding import torch_same_padding

MAX_SIDE = 512
DEFAULTS = {
    "input": "64,64",
    "channels": "3",
    "kernel": "4,4",
    "filters": "8",
    "stride": "1,1",
    "dilation": "1,1",
    "padding": "same",
    "bias": "1",
}
WORDS = ("valid", "same", "full", "torch-same")
#: The cell shown when none is picked, 1-based (row, column); the form's pick boxes start here.
PICK_DEFAULT = (1, 1)
#: The explicit-padding boxes' starting zeros (top, bottom, left, right), shown disabled.
EXPLICIT_DEFAULT = (0, 0, 0, 0)


def parse(query: str) -> dict[str, Any]:
    """The layer's settings from the URL query (missing ones take the defaults).

    Raises:
        ValueError: For a parameter the page cannot read (naming it and the value).
    """
    q = {**DEFAULTS, **{k: v for k, v in query_dict(query).items() if v != ""}}
    s: dict[str, Any] = {}
    s["input"] = ints("input", q["input"], 2, "two integers H,W (1 to 512), e.g. 64,64")
    for side, n in zip(("height", "width"), s["input"], strict=True):
        if not 1 <= n <= MAX_SIDE:
            raise ValueError(f"input {side} must be 1 to {MAX_SIDE} on this page, got {n}")
    s["channels"] = ints("channels", q["channels"], 1, "one integer >= 1, e.g. 3")[0]
    s["filters"] = ints("filters", q["filters"], 1, "one integer >= 1, e.g. 8")[0]
    for name in ("kernel", "stride", "dilation"):
        s[name] = ints(name, q[name], 2, f"two integers {name[0].upper()}H,{name[0].upper()}W")
    word = q["padding"].strip().lower()
    if word in WORDS:
        s["padding"] = word
    else:
        meaning = "valid, same, full, torch-same or four integers T,B,L,R (e.g. 1,2,1,2)"
        s["padding"] = ints("padding", word, 4, meaning)
    bias = q["bias"].strip().lower()
    if bias not in ("1", "0", "true", "false", "yes", "no"):
        raise ValueError(f"bias must be 1 (with bias) or 0 (without), got {q['bias']!r}")
    s["bias"] = bias in ("1", "true", "yes")
    return s


def query_of(s: dict[str, Any]) -> str:
    """The canonical query for settings (what the page writes back into the URL)."""
    pad = s["padding"] if isinstance(s["padding"], str) else ",".join(map(str, s["padding"]))
    items = {
        "input": "{},{}".format(*s["input"]),
        "channels": s["channels"],
        "kernel": "{},{}".format(*s["kernel"]),
        "filters": s["filters"],
        "stride": "{},{}".format(*s["stride"]),
        "dilation": "{},{}".format(*s["dilation"]),
        "padding": pad,
        "bias": 1 if s["bias"] else 0,
    }
    return "?" + urlencode(items, safe=",")


def convmap_padding(s: dict[str, Any]) -> Any:
    """The padding convmap takes for the page's padding setting.

    ``torch-same`` is PyTorch's ``padding="same"``: its zeros per side come
    from `convmap.padding.torch_same_padding`, which raises convmap's own
    message (naming the stride) when PyTorch refuses it, for any stride > 1.
    """
    p = s["padding"]
    if p == "torch-same":
        return tuple(
            torch_same_padding(s["input"][a], s["kernel"][a], s["stride"][a], s["dilation"][a])
            for a in (0, 1)
        )
    if isinstance(p, tuple):
        return ((p[0], p[1]), (p[2], p[3]))
    return p


# The page's computed words per language (the page passes its <html lang>).
TEXT = {
    "en": {
        "padding": "top {t}, bottom {b}, left {l}, right {r}",
        "neuron_reads": "Neuron ({r}, {c}) reads image rows {rows} and columns {cols}: "
        "{pixels} pixels",
        "zeros": " and {zeros} padded zeros",
        "taps": " of its {taps} kernel taps.",
        "pixel_seen": "Pixel ({r}, {c}) is seen by {count} neuron{s}",
        "seen_where": ": rows {rows}, columns {cols}.",
        "skipped": ": the stride skips it.",
        "title": "Your layer: {H} x {W} input, kernel {kh} x {kw}",
        "coverage_head": ("neurons (per filter) that see the pixel", "pixels"),
    },
    "zh": {
        "padding": "上 {t}，下 {b}，左 {l}，右 {r}",
        "neuron_reads": "神经元 ({r}, {c}) 读取图像的第 {rows} 行、第 {cols} 列：{pixels} 个像素",
        "zeros": "和 {zeros} 个填充的零",
        "taps": "，共 {taps} 个卷积核位置。",
        "pixel_seen": "像素 ({r}, {c}) 被 {count} 个神经元看到",
        "seen_where": "：第 {rows} 行、第 {cols} 列。",
        "skipped": "：步幅跳过了它。",
        "title": "你的层：{H} x {W} 的输入，{kh} x {kw} 的卷积核",
        "coverage_head": ("看到该像素的神经元数（每个卷积核）", "像素数"),
    },
}


def language(lang: str) -> str:
    """The glue's language for a page's ``<html lang>`` ("zh-Hans" -> "zh", else "en")."""
    return "zh" if str(lang).lower().startswith("zh") else "en"


def render(query: str, lang: str = "en") -> str:
    """Everything the page shows for a query, as JSON (``state`` is ``ready`` or ``error``).

    ``lang`` is the page's language (its ``<html lang>``); convmap's error messages stay
    English (they name the argument as code does).
    """
    lang = language(lang)
    try:
        s = parse(query)
    except ValueError as err:
        return json.dumps({"state": "error", "error": str(err), "query": None})
    try:
        result = compute(s, query_dict(query), lang)
    except (ValueError, TypeError) as err:  # convmap's own message for an impossible setting
        return json.dumps({"state": "error", "error": str(err), "query": query_of(s)})
    return json.dumps(result)


def compute(s: dict[str, Any], q: dict[str, str], lang: str = "en") -> dict[str, Any]:
    """The page's content for valid-looking settings (convmap raises if impossible)."""
    pad = convmap_padding(s)
    layer = Conv2D(s["filters"], s["kernel"], s["stride"], pad, s["dilation"], s["bias"])
    t = trace([layer], (s["input"][0], s["input"][1], s["channels"]))[0]
    geo = layer_geometry(s["input"], s["kernel"], s["stride"], pad, s["dilation"])
    (top, bottom), (left, right) = geo.padding
    oh, ow, f = t.output_shape
    values = {
        "output-shape": f"{oh} x {ow} x {f}",
        "padding": TEXT[lang]["padding"].format(t=top, b=bottom, l=left, r=right),
        "neurons": f"{t.neurons:,}",
        "params": f"{t.params:,}",
        "params-no-bias": f"{t.params_no_bias:,}",
        "per-map": f"{oh * ow:,}",
    }
    attrs = {
        "data-output": f"{oh},{ow},{f}",
        "data-padding": f"{top},{bottom},{left},{right}",
        "data-neurons": str(t.neurons),
        "data-params": str(t.params),
        "data-params-no-bias": str(t.params_no_bias),
    }
    view = explorer_view(geo, pick(q, geo), lang)
    return {
        "state": "ready",
        "query": query_of(s),
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in s.items()},
        "values": values,
        "attrs": attrs,
        "coverage": coverage_html(geo, pad, lang),
        "code": code_blocks(s, geo),
        **view,
    }


# ---------------------------------------------------------------- explorer


def pick(q: dict[str, str], geo: Any) -> tuple[str, int, int]:
    """The cell the reader picked by number (1-based ``neuron=R,C`` or ``pixel=R,C``)."""
    for grid, limit in (("neuron", geo.output), ("pixel", geo.input)):
        if q.get(grid):
            r, c = ints(grid, q[grid], 2, f"two 1-based numbers R,C, e.g. {grid}=1,1")
            for axis, n, size in (("row", r, limit[0]), ("column", c, limit[1])):
                if not 1 <= n <= size:
                    raise ValueError(f"{grid} {axis} must be 1 to {size}, got {n}")
            return (grid, r - 1, c - 1)
    return ("neuron", PICK_DEFAULT[0] - 1, PICK_DEFAULT[1] - 1)


def axis_args(geo: Any, axis: int) -> tuple[int, int, int, tuple[int, int], int]:
    """One axis as ``(size, kernel, stride, (before, after), dilation)``, for the 1-D functions."""
    return (
        geo.input[axis],
        geo.kernel[axis],
        geo.stride[axis],
        geo.padding[axis],
        geo.dilation[axis],
    )


def pick_sentence(geo: Any, grid: str, r: int, c: int, lang: str = "en") -> tuple[str, int, int]:
    """Words for the picked cell (1-based) and the neuron the explorer shows first (0-based).

    For a pixel that neuron is the middle one of those that see it (so the
    pixel is drawn in the compressed view's detail), or the nearest one when
    the stride skips the pixel.
    """
    words = TEXT[lang]
    (rows, cols) = [axis_args(geo, a) for a in (0, 1)]
    if grid == "neuron":
        wr, wc = input_window(r, *rows), input_window(c, *cols)
        real_r = [p for p in wr if 0 <= p < geo.input[0]]
        real_c = [p for p in wc if 0 <= p < geo.input[1]]
        zeros = len(wr) * len(wc) - len(real_r) * len(real_c)
        say = (
            words["neuron_reads"].format(
                r=r + 1, c=c + 1, rows=runs(real_r), cols=runs(real_c),
                pixels=len(real_r) * len(real_c),
            )
            + (words["zeros"].format(zeros=zeros) if zeros else "")
            + words["taps"].format(taps=len(wr) * len(wc))
        )  # fmt: skip
        return say, r, c
    sr, sc = neurons_seeing(r, *rows), neurons_seeing(c, *cols)
    count = len(sr) * len(sc)
    say = words["pixel_seen"].format(r=r + 1, c=c + 1, count=count, s="s" if count != 1 else "")
    say += words["seen_where"].format(rows=runs(sr), cols=runs(sc)) if count else words["skipped"]
    center_r = sr[len(sr) // 2] if sr else min(r // geo.stride[0], geo.output[0] - 1)
    center_c = sc[len(sc) // 2] if sc else min(c // geo.stride[1], geo.output[1] - 1)
    return say, center_r, center_c


def explorer_view(geo: Any, picked: tuple[str, int, int], lang: str = "en") -> dict[str, Any]:
    """convmap's explorer for the layer and the pick's sentence.

    `convmap.figures.explorer_html` picks the view itself (``view="auto"``):
    every cell when the layer is small enough, else its compressed view, in
    which any neuron or pixel can be picked by number. The picked neuron (or
    one that sees the picked pixel) is the one highlighted on load.
    """
    grid, r, c = picked
    say, neuron_r, neuron_c = pick_sentence(geo, grid, r, c, lang)
    (H, W), (kh, kw) = geo.input, geo.kernel
    page = explorer_html(
        geo.input,
        geo.kernel,
        geo.stride,
        geo.padding,
        geo.dilation,
        title=TEXT[lang]["title"].format(H=H, W=W, kh=kh, kw=kw),
        uid="cmx-live",
        neuron=(neuron_r, neuron_c),
        view="auto",
        lang=lang,
    )
    view = "compressed" if 'data-view="compressed"' in page else "cells"
    focus = {"grid": "output" if grid == "neuron" else "input", "row": r, "col": c}
    return {"explorer": page, "mode": view, "pick": say, "focus": focus}


# ---------------------------------------------------------------- coverage and code


def axis_coverage(geo: Any, axis: int) -> dict[int, int]:
    """How many outputs of one axis see each real input position: count -> positions."""
    args = axis_args(geo, axis)
    hist: dict[int, int] = {}
    for p in range(geo.input[axis]):
        n = len(neurons_seeing(p, *args))
        hist[n] = hist.get(n, 0) + 1
    return hist


def coverage_html(geo: Any, pad: Any, lang: str = "en") -> str:
    """A table: how many neurons (per filter) see a pixel, and how many pixels that is."""
    hist_r, hist_c = axis_coverage(geo, 0), axis_coverage(geo, 1)
    counts: dict[int, int] = {}
    for nr, pr in hist_r.items():
        for nc, pc in hist_c.items():
            counts[nr * nc] = counts.get(nr * nc, 0) + pr * pc
    body = "".join(
        f'<tr data-neurons="{n}"><td>{n:,}</td><td>{counts[n]:,}</td></tr>' for n in sorted(counts)
    )
    first, second = TEXT[lang]["coverage_head"]
    return (
        '<table data-convmap="coverage" tabindex="0"><thead><tr><th scope="col">'
        f'{first}</th><th scope="col">{second}</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _tf_padding(s: dict[str, Any], geo: Any) -> str:
    (t, b), (lf, r) = geo.padding
    if s["padding"] in ("valid", "same", "torch-same"):
        return '"SAME"' if s["padding"] != "valid" else '"VALID"'
    return f"[[0, 0], [{t}, {b}], [{lf}, {r}], [0, 0]]"


def code_blocks(s: dict[str, Any], geo: Any) -> dict[str, str]:
    """TensorFlow, Keras and PyTorch code for this layer, with its output shape."""
    (H, W), C, F = s["input"], s["channels"], s["filters"]
    (kh, kw), (sh, sw), (dh, dw) = s["kernel"], s["stride"], s["dilation"]
    (t, b), (lf, r) = geo.padding
    oh, ow = geo.output
    bias = s["bias"]
    warn = ""
    if max(sh, sw) > 1 and max(dh, dw) > 1:
        warn = "# Note: TensorFlow and Keras refuse stride > 1 together with dilation > 1.\n"
    tf = (
        f"{warn}import tensorflow as tf\n\n"
        f"x = tf.zeros([1, {H}, {W}, {C}])  # NHWC\n"
        f"w = tf.zeros([{kh}, {kw}, {C}, {F}])  # HWIO\n"
        f"z = tf.nn.conv2d(x, w, strides=[1, {sh}, {sw}, 1], padding={_tf_padding(s, geo)},\n"
        f"                 dilations=[1, {dh}, {dw}, 1])\n"
        + (f"z = z + tf.zeros([{F}])  # the bias, one per filter\n" if bias else "")
        + f"print(z.shape)  # (1, {oh}, {ow}, {F})\n"
    )
    conv = (
        f"keras.layers.Conv2D({F}, ({kh}, {kw}), strides=({sh}, {sw}), padding={{pad}}, "
        f"dilation_rate=({dh}, {dw}), use_bias={bias})"
    )
    if s["padding"] in ("valid", "same", "torch-same"):
        layers = (
            "    " + conv.format(pad='"same"' if s["padding"] != "valid" else '"valid"') + ",\n"
        )
    else:
        layers = (
            f"    keras.layers.ZeroPadding2D((({t}, {b}), ({lf}, {r}))),\n"
            + "    "
            + conv.format(pad='"valid"')
            + ",\n"
        )
    keras = (
        f"{warn}import keras\n\n"
        f"model = keras.Sequential([\n    keras.Input(({H}, {W}, {C})),\n{layers}])\n"
        f"print(model.output_shape)  # (None, {oh}, {ow}, {F})\n"
    )
    torch_pad, pre = "0", ""
    if s["padding"] == "torch-same":
        torch_pad = '"same"'
    elif t == b and lf == r:
        torch_pad = f"({t}, {lf})"
    else:
        pre = f"torch.nn.ZeroPad2d(({lf}, {r}, {t}, {b})),  # left, right, top, bottom\n    "
    torch = (
        "import torch\n\n"
        f"layer = torch.nn.Sequential(\n    {pre}torch.nn.Conv2d({C}, {F}, ({kh}, {kw}), "
        f"stride=({sh}, {sw}), padding={torch_pad},\n"
        f"                    dilation=({dh}, {dw}), bias={bias}),\n)\n"
        f"x = torch.zeros(1, {C}, {H}, {W})  # NCHW\n"
        f"print(layer(x).shape)  # torch.Size([1, {F}, {oh}, {ow}])\n"
    )
    return {"tensorflow": tf, "keras": keras, "pytorch": torch}
