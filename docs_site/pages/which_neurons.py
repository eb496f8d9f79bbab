"""Facts and figures of "Which neurons see a pixel?" (pixel -> neurons, coverage counts)."""

from __future__ import annotations

from convmap import figures, input_window, neurons_seeing, output_size, svg
from docs_site import pieces, presets
from docs_site.pages.common import page_lang

N, K, C, FILTERS = 64, 4, 3, 8  # the Q&A's layer: 64 x 64 x 3 input, W1 = [4, 4, 3, 8], SAME


def seeing(p: int, size: int = N, kernel: int = K, padding="same") -> list[int]:
    """Neurons (0-based) of one axis whose window holds pixel ``p``."""
    return neurons_seeing(p, size, kernel, 1, padding)


def count(r: int, c: int) -> int:
    """Neurons of one filter whose window holds pixel (r, c), 0-based."""
    return len(seeing(r)) * len(seeing(c))


def brute_count(r: int, c: int) -> int:
    """The same count by scanning every neuron's window (an independent check)."""
    out = output_size(N, K, 1, "same")
    rows = [i for i in range(out) if r in input_window(i, N, K, 1, "same")]
    cols = [j for j in range(out) if c in input_window(j, N, K, 1, "same")]
    return len(rows) * len(cols)


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    first, last = seeing(0), seeing(N - 1)
    assert first == [0, 1] and last == [61, 62, 63]
    places = {
        "top-left corner": (0, 0),
        "top edge": (0, 30),
        "middle": (30, 30),
        "bottom-right corner": (N - 1, N - 1),
    }
    counts = {name: count(*rc) for name, rc in places.items()}
    assert counts == {"top-left corner": 4, "top edge": 8, "middle": 16, "bottom-right corner": 9}
    assert all(counts[n] == brute_count(*places[n]) for n in places)
    pairs = sum(count(r, c) for r in range(N) for c in range(N))
    reads = sum(
        len([p for p in input_window(i, N, K, 1, "same") if 0 <= p < N])
        * len([p for p in input_window(j, N, K, 1, "same") if 0 <= p < N])
        for i in range(N)
        for j in range(N)
    )
    assert pairs == reads == 63_504
    small = [
        [len(neurons_seeing(r, 6, 3)) * len(neurons_seeing(c, 6, 3)) for c in range(6)]
        for r in range(6)
    ]
    assert small[0][0] == 1 and small[2][3] == 9 and sum(map(sum, small)) == 16 * 9
    return {
        "n": N,
        "k": K,
        "first_pixel": 1,
        "filters": FILTERS,
        "stride": 1,
        "first": len(first),
        "last": len(last),
        "first_words": ", ".join(str(i + 1) for i in first),
        "last_words": ", ".join(str(i + 1) for i in last),
        "corner_tl": counts["top-left corner"],
        "corner_br": counts["bottom-right corner"],
        "inner": counts["middle"],
        "inner_layer": counts["middle"] * FILTERS,
        "pairs": f"{pairs:,}",
        "no_pad_pairs": f"{N * N * K * K:,}",
        "cells": K * K,
        "pixels": f"{N * N:,}",
        "small_n": 6,
        "small_k": 3,
        "small_out": 4,
        "small_neurons": 16,
        "small_cells": 9,
        "small_sum": sum(map(sum, small)),
        "small_corner": small[0][0],
        "small_middle": small[2][3],
        "places": {name: (places[name], counts[name]) for name in places},
    }


def count_table(f: dict) -> str:
    """Markdown table: neurons per filter and per layer that see chosen pixels."""
    lines = [
        "| pixel (1-based row, column) | neurons per filter | in the whole layer "
        f"({f['filters']} filters) |",
        "|---|---:|---:|",
    ]
    for name, ((r, c), n) in f["places"].items():
        lines.append(f"| {name} ({r + 1}, {c + 1}) | {n} | {n * f['filters']} |")
    return "\n".join(lines)


HEAT_WORDS = {
    "en": " The number in each cell is the count; the legend under the map shows the "
    "shade for few neurons and the shade for the most.",
    "zh": "每个格子里的数字就是计数；图下的图例给出神经元少时和最多时的颜色深浅。",
}


def spans(neurons: list[int]) -> tuple[int, int]:
    """The 1-based first and last neuron of a run of 0-based neuron indices."""
    assert neurons == list(range(neurons[0], neurons[-1] + 1))
    return neurons[0] + 1, neurons[-1] + 1


def small_reverse_figure(lang: str = "en") -> str:
    """Figure: which neurons of a small SAME layer see its centre pixel."""
    seen = neurons_seeing(2, 5, 3, 1, "same")
    a, b = spans(seen)
    words = {
        "en": (
            "5 x 5 input, 3 x 3 kernel, SAME: who sees pixel (3, 3)",
            f"The centre pixel (3, 3) of the 5 x 5 input (1-based) is read by the output neurons "
            f"in rows {a} to {b} and columns {a} to {b}: {len(seen) ** 2} neurons.",
        ),
        "zh": (
            "5 x 5 的输入，3 x 3 的卷积核，SAME：谁看到像素 (3, 3)",
            f"5 x 5 输入（编号从一开始）的中心像素 (3, 3) 被第 {a} 至 {b} 行、第 {a} 至 {b} 列的"
            f"输出神经元读取：共 {len(seen) ** 2} 个神经元。",
        ),
    }[lang]
    drawing = figures.grid_mapping(
        5, 3, 1, "same", pixel=(2, 2), one_based=True, title=words[0], lang=lang
    )
    return svg.figure(drawing, words[1])


def qa_reverse_figure(lang: str = "en") -> str:
    """Figure: which neurons of the Q&A's layer see pixel (64, 64)."""
    seen = seeing(N - 1)
    a, b = spans(seen)
    words = {
        "en": (
            "The Q&A's layer: who sees pixel (64, 64)",
            "Bottom-right corner of the 64 x 64 input (with its 2 padded rows and columns, "
            f"hatched) and of the output. Numbers are 1-based. Pixel (64, 64) is read by the "
            f"{len(seen) ** 2} neurons in rows {a} to {b} and columns {a} to {b}.",
        ),
        "zh": (
            "原问答的层：谁看到像素 (64, 64)",
            "64 x 64 输入的右下角（带斜线的是填充的 2 行和列）和输出的右下角。编号从一开始。"
            f"像素 (64, 64) 被第 {a} 至 {b} 行、第 {a} 至 {b} 列的 {len(seen) ** 2} 个神经元读取。",
        ),
    }[lang]
    drawing = figures.grid_mapping(
        N,
        K,
        1,
        "SAME",
        pixel=(63, 63),
        one_based=True,
        input_view=((60, 66), (60, 66)),
        output_view=((60, 64), (60, 64)),
        title=words[0],
        lang=lang,
    )
    return svg.figure(drawing, words[1])


def heat_small(lang: str = "en") -> str:
    """Heat map of a small VALID layer: neurons per pixel."""
    words = {
        "en": (
            "6 x 6 input, 3 x 3 kernel, VALID: neurons per pixel",
            "Each cell is a pixel of the 6 x 6 input (1-based) and shows how many of the "
            "4 x 4 = 16 output neurons read it: 1 at the corners, 9 in the middle.",
        ),
        "zh": (
            "6 x 6 的输入，3 x 3 的卷积核，VALID：每个像素的神经元数",
            "每个格子是 6 x 6 输入（编号从一开始）的一个像素，显示 4 x 4 = 16 个输出神经元中"
            "有多少个读取它：角上 1 个，中间 9 个。",
        ),
    }[lang]
    drawing = figures.coverage(6, 3, 1, "valid", one_based=True, title=words[0], lang=lang)
    return svg.figure(drawing, words[1] + HEAT_WORDS[lang])


QA_HEAT_WORDS = {
    "en": [
        (
            "The Q&A's layer, top-left corner: neurons per pixel",
            "Top-left 6 x 6 pixels of the 64 x 64 input (1-based): the corner pixel is read "
            "by 4 neurons of each filter, pixels away from the edges by 16.",
        ),
        (
            "The Q&A's layer, bottom-right corner: neurons per pixel",
            "Bottom-right 6 x 6 pixels of the 64 x 64 input (1-based): the corner pixel "
            "(64, 64) is read by 9 neurons of each filter.",
        ),
    ],
    "zh": [
        (
            "原问答的层，左上角：每个像素的神经元数",
            "64 x 64 输入左上角的 6 x 6 个像素（编号从一开始）：角上的像素被每个卷积核的 4 个"
            "神经元读取，远离边缘的像素被 16 个读取。",
        ),
        (
            "原问答的层，右下角：每个像素的神经元数",
            "64 x 64 输入右下角的 6 x 6 个像素（编号从一开始）：角上的像素 (64, 64) 被每个卷积核"
            "的 9 个神经元读取。",
        ),
    ],
}


def heat_qa(lang: str = "en") -> str:
    """Heat maps of the Q&A's two image corners: neurons per pixel."""
    parts = []
    for view, (title, caption) in zip(
        (((0, 6), (0, 6)), ((58, 64), (58, 64))), QA_HEAT_WORDS[lang], strict=True
    ):
        drawing = figures.coverage(
            N, K, 1, "SAME", input_view=view, one_based=True, title=title, lang=lang
        )
        parts.append(svg.figure(drawing, caption + HEAT_WORDS[lang]))
    return "\n".join(parts)


def show_corner(valid: list[int]) -> str:
    """The "show me" button of the VALID corner question: the VALID explorer's pixel (1, 1)."""
    key = "i:0,0"  # the top-left pixel, 0-based as the explorer data
    # the explorer is smaller than the Q&A's image, but its corner pixel has the same answer
    assert presets.preset_data("grid-valid")["cells"][key]["lit"] == [
        f"o:{r},{c}" for r in valid for c in valid
    ]
    uid = pieces.explorer_uid(presets.explorer("grid-valid"))
    return pieces.show_button(uid, key, pieces.SHOW_LABEL)


def checks(f: dict) -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    valid = neurons_seeing(0, N, K, 1, "valid")
    assert valid == [0]
    rows10 = [n + 1 for n in seeing(9)]
    assert rows10 == [8, 9, 10, 11]
    edge = count(0, 30)
    return [
        (
            "Under VALID padding, how many neurons of one filter see the top-left pixel?",
            f"{len(valid) ** 2}: only neuron (1, 1). Without padding no other window reaches the "
            f"corner. Under SAME it is {f['corner_tl']}.\n\n" + show_corner(valid),
        ),
        (
            "Which neuron rows (1-based) read pixel row 10?",
            f"Rows {', '.join(map(str, rows10))}: {len(rows10)} rows, because a window is "
            f"{f['k']} rows tall.",
        ),
        (
            "How many neurons of the whole layer see a pixel in the middle of the top edge?",
            f"{edge * f['filters']}: {len(seeing(0))} neuron rows x {len(seeing(30))} neuron "
            f"columns = {edge} per filter, times {f['filters']} filters.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["which_neurons"] = f
    env.variables["which_neurons_checks"] = checks(f)
    env.macro(lambda: count_table(f), "which_neurons_table")
    env.macro(lambda: small_reverse_figure(page_lang(env)), "which_neurons_small_figure")
    env.macro(lambda: qa_reverse_figure(page_lang(env)), "which_neurons_qa_figure")
    env.macro(lambda: heat_small(page_lang(env)), "which_neurons_heat_small")
    env.macro(lambda: heat_qa(page_lang(env)), "which_neurons_heat_qa")
    env.macro(lambda: presets.explorer("grid-valid", page_lang(env)), "which_neurons_explorer")
