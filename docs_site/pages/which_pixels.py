"""Facts and figures of "Which pixels does a neuron see?" (neuron -> pixels)."""

from __future__ import annotations

from convmap import figures, input_window, output_size, padding_amounts, svg
from convmap.figures.numbering import number, real_numbers
from convmap.geometry import Axis
from docs_site import pieces, presets
from docs_site.pages.common import page_lang

N, K, C, FILTERS = 64, 4, 3, 8  # the Q&A's layer: 64 x 64 x 3 input, W1 = [4, 4, 3, 8], SAME


def window(i: int, size: int = N, kernel: int = K, padding="same") -> list[int]:
    """The input positions (0-based) one neuron of an axis reads."""
    return input_window(i, size, kernel, 1, padding)


def corner_counts() -> dict[str, dict[str, int]]:
    """Real pixels and padded zeros in each corner neuron's window (the Q&A's layer)."""
    axis = Axis.of(N, K, 1, "same")
    last = axis.out - 1
    corners = {
        "top-left": (0, 0),
        "top-right": (0, last),
        "bottom-left": (last, 0),
        "bottom-right": (last, last),
    }
    out = {}
    for name, (r, c) in corners.items():
        rows, cols = axis.reads(r), axis.reads(c)
        real = len(rows) * len(cols)
        zero_cells = K * K - real
        out[name] = {
            "real": real,
            "zero_cells": zero_cells,
            "zero_values": zero_cells * C,
            "real_rows": len(rows),
            "real_cols": len(cols),
            "neuron_row": r + 1,
            "neuron_col": c + 1,
        }
    return out


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    same_out = output_size(N, K, 1, "same")
    assert same_out == N
    assert all(window(r) == [r - 1, r, r + 1, r + 2] for r in range(N))
    corners = corner_counts()
    # hand-derived: SAME pads 1 before and 2 after, so 3x3, 3x2, 2x3 and 2x2 real pixels
    assert [corners[k]["real"] for k in corners] == [9, 6, 6, 4]
    assert [corners[k]["zero_values"] for k in corners] == [21, 30, 30, 36]
    small = small_numbers()
    inner = window(30)
    assert inner == [29, 30, 31, 32]
    rows10 = window(9)
    return {
        "n": N,
        "k": K,
        "stride": 1,
        "first_index": 0,
        "last_index": N - 1,
        "c": C,
        "filters": FILTERS,
        "out": same_out,
        "cells": K * K,
        "taps": K * K * C,
        "before": -window(0)[0],
        "after": window(N - 1)[-1] - (N - 1),
        "corners": corners,
        "tl": corners["top-left"],
        "br": corners["bottom-right"],
        "small_n": small["n"],
        "small_k": small["k"],
        "small_real": small["real"],
        "small_zero": small["zeros"],
        "inner_neuron": 31,
        "inner_real": len(inner) ** 2,
        "inner_values": len(inner) ** 2 * C,
        "row10_neuron": 10,
        "row10_pixels": pieces.pixel_words(rows10, N),
    }


def corner_table(f: dict) -> str:
    """Markdown table: real pixels and zeros in each corner neuron's window."""
    lines = [
        "| corner neuron (1-based row, column) | real pixels | zero cells | zeros of the "
        f"{f['taps']} numbers |",
        "|---|---:|---:|---:|",
    ]
    for name, c in f["corners"].items():
        lines.append(
            f"| {name} ({c['neuron_row']}, {c['neuron_col']}) | {c['real_rows']} x "
            f"{c['real_cols']} = {c['real']} | {c['zero_cells']} | {c['zero_values']} |"
        )
    return "\n".join(lines)


SMALL_N, SMALL_K, SMALL_NEURON = 5, 3, (0, 0)  # the small figure's layer and neuron (0-based)
QA_NEURON = (0, 0)  # the Q&A corner figure's neuron (0-based)
QA_VIEWS = (((-1, 6), (-1, 6)), ((0, 6), (0, 6)))  # its input and output crops

# Titles and captions per language; the numbers are filled in from `small_numbers` and
# `qa_corner_numbers` (one computation for both languages).
SMALL_WORDS = {
    "en": (
        "{n} x {n} input, {k} x {k} kernel, SAME: neuron ({r}, {c})",
        "Input {n} x {n} with its ring of padded zeros (hatched, labelled pad) on the left, "
        "output {out} x {out} on the right; rows and columns numbered from 1. Neuron ({r}, {c}) "
        "reads a {k} x {k} window: {real} real pixels and {zeros} padded zeros.",
    ),
    "zh": (
        "{n} x {n} 的输入，{k} x {k} 的卷积核，SAME：神经元 ({r}, {c})",
        "左边是 {n} x {n} 的输入和一圈填充的零（带斜线，标注“填充”），右边是 {out} x {out} 的输出；"
        "行和列从 1 开始编号。神经元 ({r}, {c}) 读取一个 {k} x {k} 的窗口：{real} 个真实像素和 "
        "{zeros} 个填充的零。",
    ),
}

QA_CORNER_WORDS = {
    "en": (
        "The Q&A's layer: what neuron ({r}, {c}) reads",
        "Top-left corner of the {n} x {n} input (left, with the padded zero row and column, "
        "hatched) and of the {out} x {out} output (right). Numbers are 1-based, as in the Q&A. "
        "Neuron ({r}, {c}) reads a {k} x {k} window: one row and one column of zeros and pixels "
        "{first} to {last} in each direction.",
    ),
    "zh": (
        "原问答的层：神经元 ({r}, {c}) 读取什么",
        "{n} x {n} 输入的左上角（左，带斜线的是填充的一行零和一列零）和 {out} x {out} 输出的左上角"
        "（右）。编号与原问答一样从一开始。神经元 ({r}, {c}) 读取一个 {k} x {k} 的窗口："
        "一行零、一列零，以及每个方向上的像素 {first} 至 {last}。",
    ),
}


def small_numbers() -> dict[str, int]:
    """The small figure's numbers: its layer, its neuron and what that neuron reads (checked)."""
    rows = window(SMALL_NEURON[0], SMALL_N, SMALL_K)
    cols = window(SMALL_NEURON[1], SMALL_N, SMALL_K)
    real = sum(1 for r in rows for c in cols if 0 <= r < SMALL_N and 0 <= c < SMALL_N)
    out = output_size(SMALL_N, SMALL_K, 1, "same")
    # hand-derived: SAME keeps 5 x 5; the corner window (-1..1)^2 holds 2 x 2 real pixels
    assert (rows, out, real) == ([-1, 0, 1], 5, 4)
    r, c = (number(i) for i in SMALL_NEURON)
    return {"n": SMALL_N, "k": SMALL_K, "out": out, "r": r, "c": c, "real": real,
            "zeros": SMALL_K * SMALL_K - real}  # fmt: skip


def qa_corner_numbers() -> dict[str, int]:
    """The Q&A corner figure's numbers: neuron (1, 1)'s window on the Q&A's layer (checked)."""
    rows, cols = window(QA_NEURON[0]), window(QA_NEURON[1])
    assert rows == cols
    real = real_numbers(rows, N)
    # the caption says "one row and one column of zeros": SAME pads 1 before the image
    assert sum(1 for p in rows if p < 0) == 1 == padding_amounts(N, K, 1, "same")[0]
    assert real == list(range(real[0], real[-1] + 1))
    r, c = (number(i) for i in QA_NEURON)
    return {"n": N, "k": K, "out": output_size(N, K, 1, "same"), "r": r, "c": c,
            "first": real[0], "last": real[-1]}  # fmt: skip


def small_figure(lang: str = "en") -> str:
    """Figure: what the corner neuron of a small SAME layer reads."""
    title, caption = (w.format(**small_numbers()) for w in SMALL_WORDS[lang])
    drawing = figures.grid_mapping(
        SMALL_N, SMALL_K, 1, "same", neuron=SMALL_NEURON, one_based=True, title=title, lang=lang
    )
    return svg.figure(drawing, caption)


def qa_corner_figure(lang: str = "en") -> str:
    """Figure: what neuron (1, 1) of the Q&A's layer reads."""
    title, caption = (w.format(**qa_corner_numbers()) for w in QA_CORNER_WORDS[lang])
    drawing = figures.grid_mapping(
        N, K, 1, "SAME", neuron=QA_NEURON, one_based=True, input_view=QA_VIEWS[0],
        output_view=QA_VIEWS[1], title=title, lang=lang,
    )  # fmt: skip
    return svg.figure(drawing, caption)


def explorers(lang: str = "en") -> str:
    """The page's interactive explorers (HTML), from the site's presets."""
    return "\n".join(presets.explorer(name, lang) for name in ("axis-same", "w1-corner"))


def show_row10(f: dict) -> str:
    """The "show me" button of the row question: the axis explorer set to that neuron."""
    neuron = f["row10_neuron"] - 1  # 0-based, as the explorer data
    key = f"o:0,{neuron}"
    # what the button lights is the question's answer: the neuron's window
    assert presets.preset_data("axis-same")["cells"][key]["lit"] == [
        f"i:0,{p}" for p in window(neuron)
    ]
    uid = pieces.explorer_uid(presets.explorer("axis-same"))
    return pieces.show_button(uid, key, pieces.SHOW_LABEL)


def checks(f: dict) -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    br, tl = f["br"], f["tl"]
    valid_last = window(output_size(N, K, 1, "valid") - 1, padding="valid")
    assert valid_last == [60, 61, 62, 63]
    return [
        (
            f"Of the {f['taps']} numbers the bottom-right neuron ({br['neuron_row']}, "
            f"{br['neuron_col']}) multiplies by weights, how many are padded zeros?",
            f"**{br['zero_values']}**: its window has {br['real_rows']} x {br['real_cols']} = "
            f"{br['real']} real pixels and {br['zero_cells']} zero cells, {f['c']} channels each. "
            f"SAME puts {f['after']} zeros after the image, so this corner has more zeros than "
            f"the top-left one ({tl['zero_values']}).",
        ),
        (
            f"Which pixel rows does neuron row {f['row10_neuron']} read (1-based)?",
            f"Rows {f['row10_pixels']}: neuron row R reads pixel rows R - {f['before']} to "
            f"R + {f['after']}.\n\n" + show_row10(f),
        ),
        (
            "Under VALID padding, which pixels does the last neuron of a row read?",
            f"Pixels {pieces.pixel_words(valid_last, N)}: no zeros, because VALID adds none "
            f"(and there are only {output_size(N, K, 1, 'valid')} neurons per row).",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["which_pixels"] = f
    env.variables["which_pixels_checks"] = checks(f)

    @env.macro
    def which_pixels_corner_table() -> str:
        return corner_table(f)

    @env.macro
    def which_pixels_small_figure() -> str:
        return small_figure(page_lang(env))

    @env.macro
    def which_pixels_qa_figure() -> str:
        return qa_corner_figure(page_lang(env))

    @env.macro
    def which_pixels_explorers() -> str:
        return explorers(page_lang(env))
