"""Facts and figures of "Which pixels does a neuron see?" (neuron -> pixels)."""

from __future__ import annotations

from convmap import figures, input_window, output_size, svg
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
    small = window(0, 5, 3)
    small_real = [(r, c) for r in small for c in small if 0 <= r < 5 and 0 <= c < 5]
    assert small == [-1, 0, 1] and len(small_real) == 4
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
        "small_n": 5,
        "small_k": 3,
        "small_real": len(small_real),
        "small_zero": 9 - len(small_real),
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


SMALL_WORDS = {
    "en": (
        "5 x 5 input, 3 x 3 kernel, SAME: neuron (1, 1)",
        "Input 5 x 5 with its ring of padded zeros (hatched, labelled pad) on the left, output "
        "5 x 5 on the right; rows and columns numbered from 1. Neuron (1, 1) reads a 3 x 3 "
        "window: 4 real pixels and 5 padded zeros.",
    ),
    "zh": (
        "5 x 5 的输入，3 x 3 的卷积核，SAME：神经元 (1, 1)",
        "左边是 5 x 5 的输入和一圈填充的零（带斜线，标注“填充”），右边是 5 x 5 的输出；"
        "行和列从 1 开始编号。神经元 (1, 1) 读取一个 3 x 3 的窗口：4 个真实像素和 5 个填充的零。",
    ),
}

QA_CORNER_WORDS = {
    "en": (
        "The Q&A's layer: what neuron (1, 1) reads",
        "Top-left corner of the 64 x 64 input (left, with the padded zero row and column, "
        "hatched) and of the 64 x 64 output (right). Numbers are 1-based, as in the Q&A. "
        "Neuron (1, 1) reads a 4 x 4 window: one row and one column of zeros and pixels 1 to 3 "
        "in each direction.",
    ),
    "zh": (
        "原问答的层：神经元 (1, 1) 读取什么",
        "64 x 64 输入的左上角（左，带斜线的是填充的一行零和一列零）和 64 x 64 输出的左上角"
        "（右）。编号与原问答一样从一开始。神经元 (1, 1) 读取一个 4 x 4 的窗口："
        "一行零、一列零，以及每个方向上的像素 1 至 3。",
    ),
}


def small_figure(lang: str = "en") -> str:
    """Figure: what the corner neuron of a small SAME layer reads."""
    title, caption = SMALL_WORDS[lang]
    return svg.figure(
        figures.grid_mapping(
            5,
            3,
            1,
            "same",
            neuron=(0, 0),
            one_based=True,
            title=title,
            lang=lang,
        ),
        caption,
    )


def qa_corner_figure(lang: str = "en") -> str:
    """Figure: what neuron (1, 1) of the Q&A's layer reads."""
    title, caption = QA_CORNER_WORDS[lang]
    return svg.figure(
        figures.grid_mapping(
            N,
            K,
            1,
            "SAME",
            neuron=(0, 0),
            one_based=True,
            input_view=((-1, 6), (-1, 6)),
            output_view=((0, 6), (0, 6)),
            title=title,
            lang=lang,
        ),
        caption,
    )


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
