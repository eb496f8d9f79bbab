"""Glue of the "Your own network" page: a stack written one layer per line, traced by convmap.

Runs in Pyodide in the page (and in CPython in the tests). The stack syntax is
convmap's own constructor calls, one per line, with literal arguments only::

    Conv2D(8, 4, padding="same", bias=False)
    ReLU()
    MaxPool2D(8, padding="same")

Blank lines and ``#`` comments are skipped. `convmap.trace` gives the table,
`convmap.input_region` the region of any neuron; this module parses, formats
and draws.
"""

from __future__ import annotations

import ast
import json
from typing import Any
from urllib.parse import urlencode

from live_common import esc, ints, query_dict, runs

from convmap import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU, input_region, trace

LAYERS = {cls.__name__: cls for cls in (Conv2D, MaxPool2D, AvgPool2D, ReLU, Flatten, Dense)}
QA_STACK = """Conv2D(8, 4, padding="same", bias=False)
ReLU()
MaxPool2D(8, padding="same")
Conv2D(16, 2, padding="same", bias=False)
ReLU()
MaxPool2D(4, padding="same")
Flatten()
Dense(6)"""
DEFAULTS = {"input": "64,64,3", "stack": QA_STACK, "layer": "6", "neuron": "1,2"}
MAX_SIDE = 512
#: "pixels read" per layer is computed for every neuron when a layer has at most
#: this many rows plus columns (one `input_region` call per row and per column).
ALL_NEURONS = 160


def parse_line(number: int, line: str) -> Any:
    """One layer from one line of the stack, e.g. ``Conv2D(8, 4, padding="same")``.

    Raises:
        ValueError: Naming the line, what it says and what is valid.
    """
    valid = ", ".join(LAYERS)
    try:
        node = ast.parse(line.strip(), mode="eval").body
    except SyntaxError:
        node = None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise ValueError(
            f"line {number}: expected a layer such as Conv2D(8, 4), got {line.strip()!r}"
        )
    if node.func.id not in LAYERS:
        raise ValueError(f"line {number}: unknown layer {node.func.id!r}; the layers are {valid}")
    try:
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    except ValueError:
        raise ValueError(
            f"line {number}: arguments must be plain numbers, strings, True/False or tuples, "
            f"got {line.strip()!r}"
        ) from None
    try:
        return LAYERS[node.func.id](*args, **kwargs)
    except (TypeError, ValueError) as err:
        raise ValueError(f"line {number}: {err}") from None


def parse_stack(text: str) -> list[Any]:
    """Every layer of a stack, one per non-blank, non-comment line."""
    layers = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if code.strip():
            layers.append(parse_line(number, code))
    if not layers:
        raise ValueError("the stack is empty: write one layer per line, e.g. Conv2D(8, 4)")
    return layers


def parse(query: str) -> dict[str, Any]:
    """The network page's settings from its URL query."""
    given = query_dict(query)
    q = {**DEFAULTS, **{k: v for k, v in given.items() if v != "" or k == "stack"}}
    shape = ints("input", q["input"], 3, "three integers H,W,C, e.g. 64,64,3")
    for side, n in zip(("height", "width"), shape[:2], strict=True):
        if not 1 <= n <= MAX_SIDE:
            raise ValueError(f"input {side} must be 1 to {MAX_SIDE} on this page, got {n}")
    layer = ints("layer", q["layer"], 1, "the 1-based number of a layer in the table")[0]
    neuron = ints("neuron", q["neuron"], 2, "two 1-based numbers R,C, e.g. 1,1")
    return {"input": shape, "stack": q["stack"], "layer": layer, "neuron": neuron}


def query_of(s: dict[str, Any]) -> str:
    """The canonical query (what the page writes back into the URL)."""
    items = {
        "input": ",".join(map(str, s["input"])),
        "stack": s["stack"],
        "layer": s["layer"],
        "neuron": "{},{}".format(*s["neuron"]),
    }
    return "?" + urlencode(items, safe=",")


# The page's computed words per language (the page passes its <html lang>).
TEXT = {
    "en": {
        "head": (
            "layer",
            "output shape",
            "neurons",
            "parameters",
            "without bias",
            "padding (top, bottom, left, right)",
            "receptive field (span, padding included)",
            "jump",
            "pixels read of the real image",
        ),
        "caption": "The stack on a {shape} input, traced by convmap",
        "first": " (neuron 1, 1)",
        "every": " (every neuron)",
        "unit": "unit {n}",
        "neuron": "neuron ({r}, {c})",
        "depends": "{layer}: {name}, {who} depends on image rows {rows} and columns {cols}: "
        "{pixels} pixels per channel. Its span (receptive field, padding included) is "
        "{h} x {w}",
        "padded": ", of which {rows} and {cols} are padding.",
        "end": ".",
    },
    "zh": {
        "head": (
            "层",
            "输出形状",
            "神经元数",
            "参数数",
            "不含偏置",
            "填充（上，下，左，右）",
            "感受野（跨度，含填充）",
            "跳距",
            "读取的真实图像像素",
        ),
        "caption": "这个层栈在 {shape} 输入上的情况，由 convmap 追踪",
        "first": "（神经元 1, 1）",
        "every": "（每个神经元）",
        "unit": "单元 {n}",
        "neuron": "神经元 ({r}, {c})",
        "depends": "{layer}：{name}，{who} 依赖图像的第 {rows} 行、第 {cols} 列：每个通道 "
        "{pixels} 个像素。它的跨度（感受野，含填充）是 {h} x {w}",
        "padded": "，其中 {rows}和 {cols}是填充。",
        "end": "。",
    },
}


def render(query: str, lang: str = "en") -> str:
    """Everything the page shows, as JSON (``state`` is ``ready`` or ``error``).

    ``lang`` is the page's language (its ``<html lang>``); convmap's error messages stay
    English (they name the argument as code does).
    """
    lang = "zh" if str(lang).lower().startswith("zh") else "en"
    try:
        s = parse(query)
        layers = parse_stack(s["stack"])
        records = trace(layers, s["input"])
    except (ValueError, TypeError) as err:
        return json.dumps({"state": "error", "error": str(err)})
    result = {
        "state": "ready",
        "query": query_of(s),
        "settings": {"input": ",".join(map(str, s["input"])), "stack": s["stack"]},
        "layers": [f"{t.index + 1}: {t.name}" for t in records],
        "table": table_html(layers, s["input"], records, lang),
    }
    try:
        result.update(region_view(layers, s["input"], records, s["layer"], s["neuron"], lang))
    except (ValueError, TypeError) as err:
        result.update(region_error=str(err), region="")
    return json.dumps(result)


def _count(n: int, word: str, lang: str = "en") -> str:
    if lang == "zh":
        return f"{n} {'行' if word == 'row' else '列'}"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _shape(shape: tuple[int, ...]) -> str:
    return " x ".join(map(str, shape))


def _pixels_read(layers: list[Any], shape: tuple[int, int, int], t: Any, lang: str = "en") -> str:
    """Pixels one neuron reads, for neuron (1, 1), or the fewest and most over the layer."""
    if len(t.output_shape) != 3:
        r = input_region(layers, shape, t.index, 0, 0)
        return f"{len(r.rows_read)} x {len(r.cols_read)}"
    oh, ow = t.output_shape[:2]
    if oh + ow > ALL_NEURONS:
        r = input_region(layers, shape, t.index, 0, 0)
        return f"{len(r.rows_read)} x {len(r.cols_read)}" + TEXT[lang]["first"]
    rows = {len(input_region(layers, shape, t.index, i, 0).rows_read) for i in range(oh)}
    cols = {len(input_region(layers, shape, t.index, 0, j).cols_read) for j in range(ow)}
    if len(rows) == 1 and len(cols) == 1:
        return f"{rows.pop()} x {cols.pop()}" + TEXT[lang]["every"]
    return f"{min(rows)}-{max(rows)} x {min(cols)}-{max(cols)}"


def table_html(
    layers: list[Any], shape: tuple[int, int, int], records: list[Any], lang: str = "en"
) -> str:
    """The trace table: one row per layer, computed by `convmap.trace` and `input_region`."""
    head = TEXT[lang]["head"]
    rows = []
    for t in records:
        pad = "-" if t.padding is None else "{}, {}, {}, {}".format(*t.padding[0], *t.padding[1])
        jump = "-" if t.jump is None else f"{t.jump[0]} x {t.jump[1]}"
        cells = (
            f"{t.index + 1}: {esc(t.name)}",
            _shape(t.output_shape),
            f"{t.neurons:,}",
            f"{t.params:,}",
            f"{t.params_no_bias:,}",
            pad,
            f"{t.receptive_field[0]} x {t.receptive_field[1]}",
            jump,
            _pixels_read(layers, shape, t, lang),
        )
        fields = (
            "layer",
            "shape",
            "neurons",
            "params",
            "params-no-bias",
            "padding",
            "rf",
            "jump",
            "read",
        )
        tds = "".join(
            f'<td data-field="{f}">{c}</td>' if i else f'<th scope="row" data-field="{f}">{c}</th>'
            for i, (f, c) in enumerate(zip(fields, cells, strict=True))
        )
        rows.append(f'<tr data-layer="{t.index}">{tds}</tr>')
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    caption = TEXT[lang]["caption"].format(shape=_shape(shape))
    return (
        f'<table data-convmap="trace" tabindex="0"><caption>{caption}</caption>'
        f"<thead><tr>{ths}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def region_view(
    layers: list[Any],
    shape: tuple[int, int, int],
    records: list[Any],
    layer: int,
    neuron: tuple[int, int],
    lang: str = "en",
) -> dict[str, Any]:
    """The picked neuron's input region: words and an SVG of the input (1-based numbers)."""
    n = len(records)
    if not 1 <= layer <= n:
        raise ValueError(f"layer must be 1 to {n} (the stack has {n} layers), got {layer}")
    t = records[layer - 1]
    flat = len(t.output_shape) != 3
    if flat and neuron[1] != 1:
        raise ValueError(
            f"{t.name} is flat: its neurons are numbered 1 to {t.output_shape[0]}, column 1"
        )
    r = input_region(layers, shape, layer - 1, neuron[0] - 1, neuron[1] - 1)
    pads = len(r.padded_rows) + len(r.padded_cols)
    words = TEXT[lang]
    if flat:
        who = words["unit"].format(n=neuron[0])
    else:
        who = words["neuron"].format(r=neuron[0], c=neuron[1])
    say = words["depends"].format(
        layer=layer, name=t.name, who=who, rows=runs(r.rows_read), cols=runs(r.cols_read),
        pixels=f"{r.pixels:,}", h=r.size[0], w=r.size[1],
    ) + (
        words["padded"].format(
            rows=_count(len(r.padded_rows), "row", lang),
            cols=_count(len(r.padded_cols), "column", lang),
        )
        if pads
        else words["end"]
    )  # fmt: skip
    return {"region": region_svg(r, say), "region_say": say}


def _segments(values: tuple[int, ...]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted integers as ``(first, count)``."""
    out: list[tuple[int, int]] = []
    for v in values:
        if out and v == out[-1][0] + out[-1][1]:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((v, 1))
    return out


def region_svg(r: Any, say: str) -> str:
    """The input image with the region's span outlined and the pixels it reads filled."""
    H, W = r.image_shape
    y0, y1 = min(r.rows[0], 0), max(r.rows[-1] + 1, H)
    x0, x1 = min(r.cols[0], 0), max(r.cols[-1] + 1, W)
    scale = min(8.0, 360 / max(y1 - y0, x1 - x0))
    m = 4

    def rect(y: int, x: int, h: int, w: int, cls: str) -> str:
        return (
            f'<rect class="{cls}" x="{(x - x0) * scale + m:.2f}" y="{(y - y0) * scale + m:.2f}" '
            f'width="{w * scale:.2f}" height="{h * scale:.2f}"/>'
        )

    read = "".join(
        rect(ry, cx, rh, cw, "live-rg-read")
        for ry, rh in _segments(r.rows_read)
        for cx, cw in _segments(r.cols_read)
    )
    hooks = (
        f'data-span="{r.rows[0]},{r.rows[-1]},{r.cols[0]},{r.cols[-1]}" '
        f'data-rows-read="{",".join(map(str, r.rows_read))}" '
        f'data-cols-read="{",".join(map(str, r.cols_read))}"'
    )
    return (
        f'<svg class="live-region" data-convmap="region" data-numbering="1-based" {hooks} '
        f'viewBox="0 0 {(x1 - x0) * scale + 2 * m:.2f} {(y1 - y0) * scale + 2 * m:.2f}" '
        f'role="img" aria-labelledby="live-region-title">'
        f'<title id="live-region-title">{esc(say)}</title>'
        + rect(r.rows[0], r.cols[0], len(r.rows), len(r.cols), "live-rg-span-fill")
        + rect(0, 0, H, W, "live-rg-image")
        + read
        + rect(r.rows[0], r.cols[0], len(r.rows), len(r.cols), "live-rg-span")
        + "</svg>"
    )
