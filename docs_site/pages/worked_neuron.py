"""A worked neuron: one Z1 neuron number by number, for a strip of positions along the top edge.

The numbers come from the page's example file (a seeded image and W1); the tables for
every position are generated here at build time, and each result is asserted equal to
`conv2d`'s output. The page's script only switches which position is visible.
"""

from __future__ import annotations

import html
import re

import numpy as np

from convmap import conv2d, input_window
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import KERNEL, SIZE, facts

EXAMPLE = "worked_neuron/one_neuron.py"
ROW = 0  # the top edge (0-based)
COLUMNS = (0, 1, 2, 3, SIZE - 2, SIZE - 1)  # 0-based: the corner, its neighbours, the far end
FILTER = 0
CHANNELS = ("red", "green", "blue")
# The widget's words per language (numbers are filled in where the widget is built).
WORDS = {
    "en": {
        "channels": ("red", "green", "blue"),
        "pad": "pad",
        "table": "{channel}: pixel × weight = product",
        "corner": "row, col",
        "sum": "sum of the {channel} products",
        "bias": "bias of filter {filter}",
        "z": "Z1 = sums + bias",
        "conv2d": " at this position",
        "label": "row {row}, column {col}",
        "intro": "The neuron in {label} (filter {filter}) reads rows {rows} and columns "
        "{cols}: {values} values, of which {zeros} are padded zeros.",
        "prev": "Previous position",
        "next": "Next position",
        "status": "Position {k} of {n}: {label}",
    },
    "zh": {
        "channels": ("红色", "绿色", "蓝色"),
        "pad": "填充",
        "table": "{channel}通道：像素 × 权重 = 乘积",
        "corner": "行，列",
        "sum": "{channel}乘积之和",
        "bias": "卷积核 {filter} 的偏置",
        "z": "Z1 = 各通道之和 + 偏置",
        "conv2d": " 在这个位置的输出",
        "label": "第 {row} 行、第 {col} 列",
        "intro": "{label}的神经元（卷积核 {filter}）读取行 {rows} 和列 {cols}：共 {values} 个值，"
        "其中 {zeros} 个是填充的零。",
        "prev": "上一个位置",
        "next": "下一个位置",
        "status": "第 {k} 个位置（共 {n} 个）：{label}",
    },
}
SCRIPT = pieces.DOCS / "javascripts" / "worked-neuron.js"
STYLE = pieces.DOCS / "stylesheets" / "worked-neuron.css"


def _label(index: int, lang: str = "en") -> str:
    """A row or column header: its 1-based pixel number, or "pad" for a padded one."""
    return pieces.pixel_word(index, SIZE) if 0 <= index < SIZE else WORDS[lang]["pad"]


def _cell(value: float, weight: float, padded: bool) -> str:
    product = 0.0 if padded else value * weight
    shown = f"{value:g}" if padded else f"{value:.2f}"  # a padded value is zero
    cls = ' class="cm-pad" data-pad="true"' if padded else ""
    return f"<td{cls}><span>{shown} × {weight:.2f}</span><br><span>= {product:.4f}</span></td>"


def _channel_table(x, w, rows, cols, ch: int, lang: str = "en") -> str:
    words = WORDS[lang]
    head = "".join(f'<th scope="col">{_label(c, lang)}</th>' for c in cols)
    body = []
    for i, r in enumerate(rows):
        cells = "".join(
            _cell(float(x[r, c, ch]) if 0 <= r < SIZE and 0 <= c < SIZE else 0.0,
                  float(w[i, j, ch]), not (0 <= r < SIZE and 0 <= c < SIZE))
            for j, c in enumerate(cols)
        )  # fmt: skip
        body.append(f'<tr><th scope="row">{_label(r, lang)}</th>{cells}</tr>')
    caption = words["table"].format(channel=words["channels"][ch])
    return (
        f'<table class="cm-worked-grid"><caption>{caption}'
        f'</caption><thead><tr><th scope="col">{words["corner"]}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _position(ex: dict, col: int, lang: str = "en") -> tuple[str, dict]:
    """The tables of one position, and its numbers (asserted against conv2d)."""
    words = WORDS[lang]
    x, w1, b1 = ex["x"][0], ex["w1"], ex["b1"]
    rows = input_window(ROW, SIZE, KERNEL, 1, "same")
    cols = input_window(col, SIZE, KERNEL, 1, "same")
    w = w1[:, :, :, FILTER]
    patch = np.array([[[x[r, c, ch] if 0 <= r < SIZE and 0 <= c < SIZE else 0.0
                        for ch in range(3)] for c in cols] for r in rows])  # fmt: skip
    per_channel = (patch * w).sum(axis=(0, 1))
    z = float(per_channel.sum() + b1[FILTER])
    expected = float(ex["z1"][0, ROW, col, FILTER])
    assert np.isclose(z, expected, atol=1e-12), (col, z, expected)
    assert np.isclose(z, conv2d(ex["x"], w1, b1, padding="same")[0, ROW, col, FILTER])
    zeros = sum(1 for r in rows for c in cols if not (0 <= r < SIZE and 0 <= c < SIZE)) * 3
    label = words["label"].format(row=ROW + 1, col=col + 1)
    tables = "".join(_channel_table(x, w, rows, cols, ch, lang) for ch in range(3))
    sums = "".join(
        f'<tr><th scope="row">{words["sum"].format(channel=words["channels"][ch])}</th>'
        f"<td>{per_channel[ch]:.4f}</td></tr>" for ch in range(3)
    )  # fmt: skip
    bias = words["bias"].format(filter=FILTER + 1)
    summary = (
        f'<table class="cm-worked-sum"><tbody>{sums}'
        f'<tr><th scope="row">{bias}</th><td>{b1[FILTER]:.2f}</td></tr>'
        f'<tr><th scope="row">{words["z"]}</th><td><strong>{z:.4f}</strong></td></tr>'
        f'<tr><th scope="row"><code>conv2d</code>{words["conv2d"]}</th>'
        f"<td>{expected:.4f}</td></tr></tbody></table>"
    )
    intro = (
        "<p>"
        + words["intro"].format(
            label=label,
            filter=FILTER + 1,
            rows=pieces.pixel_words(rows, SIZE, lang),
            cols=pieces.pixel_words(cols, SIZE, lang),
            values=len(rows) * len(cols) * 3,
            zeros=zeros,
        )
        + "</p>"
    )
    return intro + tables + summary, {"label": label, "z": z, "zeros": zeros}


def _widget(ex: dict, lang: str = "en") -> tuple[str, list[dict]]:
    words = WORDS[lang]
    steps, facts_ = [], []
    for k, col in enumerate(COLUMNS):
        body, info = _position(ex, col, lang)
        facts_.append(info)
        steps.append(
            f'<section class="cm-worked-step" data-step="{k}" tabindex="0" '
            f'aria-label="{html.escape(info["label"])}" '
            f'data-label="{html.escape(info["label"])}">{body}</section>'
        )
    controls = (
        '<div class="cm-worked-controls" hidden>'
        f'<button type="button" class="md-button" data-action="prev">{words["prev"]}</button>'
        f'<span class="cm-worked-status" aria-live="polite" '
        f'data-status="{html.escape(words["status"])}"></span>'
        f'<button type="button" class="md-button" data-action="next">{words["next"]}</button></div>'
    )
    style = f"<style>{STYLE.read_text(encoding='utf-8')}</style>"
    script = f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>"
    root = (
        f'<div class="cm-worked" data-convmap="worked-neuron" data-numbering="1-based">'
        f"{controls}{''.join(steps)}</div>"
    )
    return style + root + script, facts_


def define(env) -> None:
    """Register the worked neuron's numbers and its widget."""
    qa = facts()
    ex = pieces.example_globals(EXAMPLE)
    assert (ex["r"], ex["c"], ex["f"]) == (ROW, COLUMNS[0], FILTER)
    assert np.isclose(ex["z"], ex["z1"][0, ROW, COLUMNS[0], FILTER])
    widget, info = _widget(ex)
    widgets = {"en": widget, "zh": _widget(ex, "zh")[0]}
    assert [i["zeros"] for i in info] == [21, 12, 12, 12, 21, 30]
    env.variables["worked_first"] = info[0]
    env.variables["worked_positions"] = len(info)
    env.variables["worked_labels"] = ", ".join(i["label"] for i in info)
    env.variables["worked_corner_zeros"] = info[0]["zeros"]
    env.variables["worked_right_zeros"] = info[-1]["zeros"]
    env.variables["worked_products"] = qa.patch
    seed = re.search(r"default_rng\((\d+)\)", pieces.example_path(EXAMPLE).read_text())
    env.variables["worked_seed"] = int(seed.group(1))
    env.variables["worked_filter"] = FILTER + 1
    env.variables["worked_row_zeros"] = info[1]["zeros"]
    k, ch = KERNEL, len(CHANNELS)
    cells = k + k - 1
    assert cells * ch == info[0]["zeros"] and k * ch == info[1]["zeros"]
    env.variables["worked_answer_mults"] = (
        f"{qa.patch} ({qa.patch_shape}), one per value of the patch. The layer has "
        f"{qa.neurons:,} neurons, so {qa.neurons:,} x {qa.patch} = {qa.neurons * qa.patch:,} "
        "multiplications, many of them by padded zeros at the edges."
    )
    env.variables["worked_answer_corner"] = (
        f"The padded top row has {k} positions and the padded left column {k}; they share the "
        f"corner, so {cells} positions of the {qa.kernel_shape} patch are padding, in each of "
        f"the {ch} channels: {cells} x {ch} = {cells * ch}."
    )
    env.variables["worked_answer_depth"] = (
        f"The same {qa.patch} values (the depth column shares its patch), but filter "
        f"{FILTER + 2}'s weights, `W1[:, :, :, {FILTER + 1}]` in 0-based code, and its own bias: "
        "a different number."
    )

    @env.macro
    def worked_neuron() -> str:
        return widgets[page_lang(env)]
