"""Neurons (Q2, Q4, Q5): what one neuron sees, depth columns, how many neurons."""

from __future__ import annotations

import numpy as np

from convmap import diagrams, input_window, layer_geometry, neurons_seeing, output_size, svg
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import CHANNELS, FILTERS, KERNEL, SIZE, facts, shape

NEURON = (10, 20)  # 0-based; the diagrams' default neuron
CHECK_STRIDE = 2  # the "Check yourself" stride


def _where(lang: str = "en") -> tuple[str, str]:
    """The neuron and its window in the site's 1-based words, in ``lang``."""
    rows = input_window(NEURON[0], SIZE, KERNEL, 1, "same")
    cols = input_window(NEURON[1], SIZE, KERNEL, 1, "same")
    r, c = NEURON[0] + 1, NEURON[1] + 1
    r0, r1, c0, c1 = rows[0] + 1, rows[-1] + 1, cols[0] + 1, cols[-1] + 1
    if lang == "zh":
        return f"第 {r} 行、第 {c} 列（编号从一开始）", f"第 {r0} 至 {r1} 行、第 {c0} 至 {c1} 列"
    return f"row {r}, column {c} (1-based)", f"rows {r0} to {r1} and columns {c0} to {c1}"


#: The count table's rows: a key, the row's words (filled from its settings), the settings.
COUNT_CASES = [
    ("qa", "the Q&A's layer", {}),
    ("valid", "padding VALID", {"padding": "valid"}),
    ("pad1", "padding {padding} (the Q&A's `conv_forward`)", {"padding": 1}),
    ("input", "input {n} x {n}", {"n": 32}),
    ("k_same", "kernel {k} x {k}, SAME", {"k": 5}),
    ("k_valid", "kernel {k} x {k}, VALID", {"k": 5, "padding": "valid"}),
    ("stride", "stride {s}", {"s": 2}),
    ("dilation", "dilation {d}, VALID", {"d": 2, "padding": "valid"}),
    ("filters", "{filters} filters", {"filters": 2 * FILTERS}),
]


def _count(n=SIZE, k=KERNEL, padding="same", s=1, d=1, filters=FILTERS):
    geom = layer_geometry((n, n), (k, k), s, padding, d)
    return (*geom.output, filters), geom.output[0] * geom.output[1] * filters


def _count_table() -> tuple[str, dict]:
    counts = {key: _count(**kw) for key, _, kw in COUNT_CASES}
    lines = ["| setting changed | Z1 shape | neurons |", "|---|---|---:|"]
    for key, words, kw in COUNT_CASES:
        (s, n) = counts[key]
        lines.append(f"| {words.format(**kw)} | {shape(*s)} | {n:,} |")
    return "\n".join(lines) + "\n", counts


def _views_table(qa) -> str:
    outputs = qa.positions * qa.filters  # the numbers Z1 holds
    qa_view, usual = outputs // qa.positions, outputs // qa.neurons  # outputs per neuron
    assert (qa_view, usual) == (qa.filters, 1) and outputs == qa.neurons
    return (
        '| view | a "neuron" is | neurons in Z1 (SAME) | outputs per neuron |\n'
        "|---|---|---|---|\n"
        f"| the Q&A's answer | one position (row, column), using all {qa.filters} filters "
        f"| {shape(qa.out, qa.out)} = {qa.positions:,} | {qa_view} |\n"
        f"| usual (CS231n) | one output number: one position **and** one filter "
        f"| {qa.output_shape} = {qa.neurons:,} | {usual} |\n"
    )


def _checks(env, qa) -> None:
    """The nudge and depth-column examples show what the geometry predicts."""
    nudge = pieces.example_globals("neurons/nudge.py")
    rows, cols = (
        neurons_seeing(30, SIZE, KERNEL, 1, "same"),
        neurons_seeing(40, SIZE, KERNEL, 1, "same"),
    )
    assert (
        nudge["rows"] == rows and nudge["cols"] == cols and nudge["filters"] == list(range(FILTERS))
    )
    assert int(nudge["moved"].sum()) == len(rows) * len(cols) * FILTERS == 128
    env.variables["neurons_nudge_rows"] = f"{rows[0] + 1} to {rows[-1] + 1}"
    env.variables["neurons_nudge_cols"] = f"{cols[0] + 1} to {cols[-1] + 1}"
    env.variables["neurons_nudge_count"] = int(nudge["moved"].sum())
    env.variables["neurons_nudge_positions"] = len(rows) * len(cols)
    column = pieces.example_globals("neurons/depth_column.py")
    assert column["patch"].shape == (KERNEL, KERNEL, CHANNELS)
    assert np.allclose(column["column"], column["z1"][0, 10, 20, :])
    window = pieces.example_globals("neurons/window.py")
    assert window["rows"] == [9, 10, 11, 12] and window["cols"] == [19, 20, 21, 22]


def neurons_checks(qa) -> dict[str, str]:
    """The computed answers of the page's "Check yourself" (its questions are in the page)."""
    s2 = output_size(SIZE, KERNEL, CHECK_STRIDE, "same")
    assert s2 == 32
    corner = neurons_seeing(0, SIZE, KERNEL, 1, "same")
    inner = neurons_seeing(30, SIZE, KERNEL, 1, "same")
    assert (len(corner), len(inner)) == (2, 4)
    return {
        "neurons_answer_stride": f"ceil({SIZE} / {CHECK_STRIDE}) = {s2} positions per axis, so "
        f"{shape(s2, s2, FILTERS)} = {s2 * s2 * FILTERS:,} neurons.",
        "neurons_answer_input": f"{qa.input_shape} = {qa.inputs:,} values; the {CHANNELS} are "
        "the colour channels, not neurons.",
        "neurons_answer_corner": (
            f"Rows {', '.join(str(i + 1) for i in corner)} and the same columns, times "
            f"{FILTERS} filters: {shape(len(corner), len(corner), FILTERS)} = "
            f"{len(corner) ** 2 * FILTERS} neurons. A pixel away from the edges is seen by "
            f"{shape(len(inner), len(inner), FILTERS)} = {len(inner) ** 2 * FILTERS}."
        ),
    }


def define(env) -> None:
    """Register the Neurons page's facts, tables and figures."""
    qa = facts()
    valid = output_size(SIZE, KERNEL, 1, "valid")
    assert (qa.inputs, qa.patch, qa.neurons) == (12_288, 48, 32_768)
    env.variables["neurons_valid_out"] = valid
    env.variables["neurons_valid_neurons"] = valid * valid * FILTERS
    env.variables["neurons_valid_shape"] = shape(valid, valid, FILTERS)
    assert valid * valid * FILTERS == 29_768
    env.variables["neurons_share"] = f"{qa.patch / qa.inputs:.2%}"
    table, counts = _count_table()
    assert counts["qa"][1] == qa.neurons and counts["filters"][1] == 2 * qa.neurons
    assert counts["k_same"][1] == qa.neurons
    assert counts["pad1"] == ((63, 63, 8), 31_752)
    assert counts["dilation"] == ((58, 58, 8), 26_912)
    env.variables["neurons_count_table"] = table
    env.variables["neurons_views_table"] = _views_table(qa)
    env.variables["neurons_check_stride"] = CHECK_STRIDE
    env.variables.update(neurons_checks(qa))
    _checks(env, qa)
    where, window = _where()
    env.variables["neurons_where"] = where
    env.variables["neurons_window"] = window

    @env.macro
    def neurons_fc_figure() -> str:
        lang = page_lang(env)
        at, reads = _where(lang)
        captions = {
            "en": f"Top: a fully connected neuron is joined to all {qa.inputs:,} input values. "
            f"Bottom: the conv neuron in {at} reads input {reads}, "
            f"all {qa.channels} channels: {qa.patch} values. "
            "Hatched cells are SAME's padded zeros.",
            "zh": f"上：全连接神经元与全部 {qa.inputs:,} 个输入值相连。下：位于{at}的卷积神经元"
            f"读取输入的{reads}，包括全部 {qa.channels} 个通道：共 {qa.patch} 个值。"
            "带斜线的格子是 SAME 填充的零。",
        }
        return svg.figure(diagrams.fc_vs_conv_neuron_figure(lang=lang), captions[lang])

    @env.macro
    def neurons_column_figure() -> str:
        lang = page_lang(env)
        at, reads = _where(lang)
        captions = {
            "en": f"The {qa.filters} neurons in {at}, one per filter, all read "
            f"the same {qa.patch_shape} window: {reads}.",
            "zh": f"位于{at}的 {qa.filters} 个神经元，每个卷积核一个，读取同一个 "
            f"{qa.patch_shape} 窗口：{reads}。",
        }
        return svg.figure(diagrams.depth_column_figure(lang=lang), captions[lang])
