"""Facts and figures of "Which neurons see a pixel?" (pixel -> neurons, coverage counts)."""

from __future__ import annotations

from convmap import figures, input_window, neurons_seeing, output_size, padding_amounts, svg
from docs_site import pieces, presets
from docs_site.pages.common import page_lang

N, K, C, FILTERS = 64, 4, 3, 8  # the Q&A's layer: 64 x 64 x 3 input, W1 = [4, 4, 3, 8], SAME
CHECK_ROW = 9  # 0-based: the "Check yourself" pixel row (row 10)


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
        [len(neurons_seeing(r, HEAT_N, HEAT_K)) * len(neurons_seeing(c, HEAT_N, HEAT_K))
         for c in range(HEAT_N)] for r in range(HEAT_N)
    ]  # fmt: skip
    heat = heat_small_numbers()
    assert small[0][0] == 1 and small[2][3] == 9 and sum(map(sum, small)) == 16 * 9
    assert (heat["corner"], heat["top"]) == (small[0][0], small[2][3])
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
        "small_n": heat["n"],
        "small_k": heat["k"],
        "small_out": heat["out"],
        "small_neurons": heat["neurons"],
        "small_cells": heat["k"] ** 2,
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


SMALL_N, SMALL_K, SMALL_PIXEL = 5, 3, (2, 2)  # the small reverse figure (0-based pixel)
QA_PIXEL = (N - 1, N - 1)  # the Q&A reverse figure's pixel: the bottom-right corner
QA_REVERSE_VIEWS = (((60, 66), (60, 66)), ((60, 64), (60, 64)))  # its input and output crops
HEAT_N, HEAT_K = 6, 3  # the small heat map's layer (VALID)
QA_HEAT_VIEWS = (((0, 6), (0, 6)), ((N - 6, N), (N - 6, N)))  # the Q&A's two corners

# Titles and captions per language; the numbers come from the `*_numbers` functions below.
SMALL_REVERSE_WORDS = {
    "en": (
        "{n} x {n} input, {k} x {k} kernel, SAME: who sees pixel ({r}, {c})",
        "The centre pixel ({r}, {c}) of the {n} x {n} input (1-based) is read by the output "
        "neurons in rows {r0} to {r1} and columns {c0} to {c1}: {count} neurons.",
    ),
    "zh": (
        "{n} x {n} 的输入，{k} x {k} 的卷积核，SAME：谁看到像素 ({r}, {c})",
        "{n} x {n} 输入（编号从一开始）的中心像素 ({r}, {c}) 被第 {r0} 至 {r1} 行、第 {c0} 至 "
        "{c1} 列的输出神经元读取：共 {count} 个神经元。",
    ),
}
QA_REVERSE_WORDS = {
    "en": (
        "The Q&A's layer: who sees pixel ({r}, {c})",
        "Bottom-right corner of the {n} x {n} input (with its {after} padded rows and columns, "
        "hatched) and of the output. Numbers are 1-based. Pixel ({r}, {c}) is read by the "
        "{count} neurons in rows {r0} to {r1} and columns {c0} to {c1}.",
    ),
    "zh": (
        "原问答的层：谁看到像素 ({r}, {c})",
        "{n} x {n} 输入的右下角（带斜线的是填充的 {after} 行和列）和输出的右下角。编号从一开始。"
        "像素 ({r}, {c}) 被第 {r0} 至 {r1} 行、第 {c0} 至 {c1} 列的 {count} 个神经元读取。",
    ),
}
HEAT_SMALL_WORDS = {
    "en": (
        "{n} x {n} input, {k} x {k} kernel, VALID: neurons per pixel",
        "Each cell is a pixel of the {n} x {n} input (1-based) and shows how many of the "
        "{out} x {out} = {neurons} output neurons read it: {corner} at the corners, {top} in "
        "the middle.",
    ),
    "zh": (
        "{n} x {n} 的输入，{k} x {k} 的卷积核，VALID：每个像素的神经元数",
        "每个格子是 {n} x {n} 输入（编号从一开始）的一个像素，显示 {out} x {out} = {neurons} 个"
        "输出神经元中有多少个读取它：角上 {corner} 个，中间 {top} 个。",
    ),
}
QA_HEAT_WORDS = {
    "en": [
        (
            "The Q&A's layer, top-left corner: neurons per pixel",
            "Top-left {v} x {v} pixels of the {n} x {n} input (1-based): the corner pixel is "
            "read by {corner} neurons of each filter, pixels away from the edges by {inner}.",
        ),
        (
            "The Q&A's layer, bottom-right corner: neurons per pixel",
            "Bottom-right {v} x {v} pixels of the {n} x {n} input (1-based): the corner pixel "
            "({r}, {c}) is read by {corner} neurons of each filter.",
        ),
    ],
    "zh": [
        (
            "原问答的层，左上角：每个像素的神经元数",
            "{n} x {n} 输入左上角的 {v} x {v} 个像素（编号从一开始）：角上的像素被每个卷积核的 "
            "{corner} 个神经元读取，远离边缘的像素被 {inner} 个读取。",
        ),
        (
            "原问答的层，右下角：每个像素的神经元数",
            "{n} x {n} 输入右下角的 {v} x {v} 个像素（编号从一开始）：角上的像素 ({r}, {c}) "
            "被每个卷积核的 {corner} 个神经元读取。",
        ),
    ],
}


def spans(neurons: list[int]) -> tuple[int, int]:
    """The 1-based first and last neuron of a run of 0-based neuron indices."""
    assert neurons == list(range(neurons[0], neurons[-1] + 1))
    return neurons[0] + 1, neurons[-1] + 1


def reverse_numbers(pixel: tuple[int, int], size: int, kernel: int) -> dict[str, int]:
    """Who sees ``pixel`` (0-based) on a SAME layer: the neuron rows and columns, 1-based."""
    rows = neurons_seeing(pixel[0], size, kernel, 1, "same")
    cols = neurons_seeing(pixel[1], size, kernel, 1, "same")
    (r0, r1), (c0, c1) = spans(rows), spans(cols)
    return {"n": size, "k": kernel, "r": pixel[0] + 1, "c": pixel[1] + 1, "r0": r0, "r1": r1,
            "c0": c0, "c1": c1, "count": len(rows) * len(cols)}  # fmt: skip


def small_reverse_figure(lang: str = "en") -> str:
    """Figure: which neurons of a small SAME layer see its centre pixel."""
    values = reverse_numbers(SMALL_PIXEL, SMALL_N, SMALL_K)
    assert SMALL_PIXEL == ((SMALL_N - 1) // 2,) * 2 and values["count"] == SMALL_K**2  # centre
    title, caption = (w.format(**values) for w in SMALL_REVERSE_WORDS[lang])
    drawing = figures.grid_mapping(
        SMALL_N, SMALL_K, 1, "same", pixel=SMALL_PIXEL, one_based=True, title=title, lang=lang
    )
    return svg.figure(drawing, caption)


def qa_reverse_figure(lang: str = "en") -> str:
    """Figure: which neurons of the Q&A's layer see pixel (64, 64)."""
    values = reverse_numbers(QA_PIXEL, N, K)
    values["after"] = padding_amounts(N, K, 1, "same")[1]
    assert (values["count"], values["after"]) == (9, 2)  # hand-derived: 3 x 3, 2 zeros after
    title, caption = (w.format(**values) for w in QA_REVERSE_WORDS[lang])
    drawing = figures.grid_mapping(
        N, K, 1, "SAME", pixel=QA_PIXEL, one_based=True, input_view=QA_REVERSE_VIEWS[0],
        output_view=QA_REVERSE_VIEWS[1], title=title, lang=lang,
    )  # fmt: skip
    return svg.figure(drawing, caption)


def heat_small_numbers() -> dict[str, int]:
    """The small VALID heat map's numbers: neurons, and the counts at a corner and the middle."""
    counts = [
        [len(neurons_seeing(r, HEAT_N, HEAT_K)) * len(neurons_seeing(c, HEAT_N, HEAT_K))
         for c in range(HEAT_N)] for r in range(HEAT_N)
    ]  # fmt: skip
    last = HEAT_N - 1
    corners = {counts[0][0], counts[0][last], counts[last][0], counts[last][last]}
    assert len(corners) == 1 and counts[0][0] == min(map(min, counts))
    mid = HEAT_N // 2
    assert counts[mid][mid] == max(map(max, counts)) == HEAT_K * HEAT_K  # the middle: the most
    out = output_size(HEAT_N, HEAT_K, 1, "valid")
    return {"n": HEAT_N, "k": HEAT_K, "out": out, "neurons": out * out,
            "corner": counts[0][0], "top": counts[mid][mid]}  # fmt: skip


def heat_small(lang: str = "en") -> str:
    """Heat map of a small VALID layer: neurons per pixel."""
    title, caption = (w.format(**heat_small_numbers()) for w in HEAT_SMALL_WORDS[lang])
    drawing = figures.coverage(HEAT_N, HEAT_K, 1, "valid", one_based=True, title=title, lang=lang)
    return svg.figure(drawing, caption + HEAT_WORDS[lang])


def heat_qa_numbers() -> list[dict[str, int]]:
    """The numbers of the Q&A's two corner heat maps (top-left, then bottom-right)."""
    out = []
    for (rows, cols), corner in zip(QA_HEAT_VIEWS, ((0, 0), (N - 1, N - 1)), strict=True):
        v = rows[1] - rows[0]
        assert (v, corner[0] in range(*rows), corner[1] in range(*cols)) == (cols[1] - cols[0],
                                                                            True, True)  # fmt: skip
        out.append({"v": v, "n": N, "r": corner[0] + 1, "c": corner[1] + 1,
                    "corner": count(*corner)})  # fmt: skip
    # "pixels away from the edges": the view's pixels K - 2 or more rows and columns in
    (rows, cols), edge = QA_HEAT_VIEWS[0], K - 2
    inner = {count(r, c) for r in range(edge, rows[1]) for c in range(edge, cols[1])}
    assert count(edge - 1, edge) < count(edge, edge)  # nearer the edge, fewer neurons
    assert inner == {count(N // 2, N // 2)}
    out[0]["inner"] = inner.pop()
    return out


def heat_qa(lang: str = "en") -> str:
    """Heat maps of the Q&A's two image corners: neurons per pixel."""
    parts = []
    for view, values, words in zip(
        QA_HEAT_VIEWS, heat_qa_numbers(), QA_HEAT_WORDS[lang], strict=True
    ):
        title, caption = (w.format(**values) for w in words)
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
    rows10 = [n + 1 for n in seeing(CHECK_ROW)]
    assert rows10 == [8, 9, 10, 11]
    edge = count(0, 30)
    return [
        (
            "Under VALID padding, how many neurons of one filter see the top-left pixel?",
            f"{len(valid) ** 2}: only neuron ({valid[0] + 1}, {valid[0] + 1}). Without padding no "
            f"other window reaches the corner. Under SAME it is {f['corner_tl']}.\n\n"
            + show_corner(valid),
        ),
        (
            f"Which neuron rows (1-based) read pixel row {CHECK_ROW + 1}?",
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
