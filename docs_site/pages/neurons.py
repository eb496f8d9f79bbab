"""Neurons (Q2, Q4, Q5): what one neuron sees, depth columns, how many neurons."""

from __future__ import annotations

import numpy as np

from convmap import diagrams, input_window, layer_geometry, neurons_seeing, output_size, svg
from docs_site import pieces
from docs_site.qa_layer import CHANNELS, FILTERS, KERNEL, SIZE, facts, shape

NEURON = (10, 20)  # 0-based; the diagrams' default neuron


def _where() -> str:
    """The neuron and its window in the site's 1-based words."""
    rows = input_window(NEURON[0], SIZE, KERNEL, 1, "same")
    cols = input_window(NEURON[1], SIZE, KERNEL, 1, "same")
    return (
        f"row {NEURON[0] + 1}, column {NEURON[1] + 1} (1-based)",
        f"rows {rows[0] + 1} to {rows[-1] + 1} and columns {cols[0] + 1} to {cols[-1] + 1}",
    )


COUNT_CASES = [
    ("the Q&A's layer", {}),
    ("padding VALID", {"padding": "valid"}),
    ("padding 1 (the Q&A's `conv_forward`)", {"padding": 1}),
    ("input 32 x 32", {"n": 32}),
    ("kernel 5 x 5, SAME", {"k": 5}),
    ("kernel 5 x 5, VALID", {"k": 5, "padding": "valid"}),
    ("stride 2", {"s": 2}),
    ("dilation 2, VALID", {"d": 2, "padding": "valid"}),
    ("16 filters", {"filters": 16}),
]


def _count(n=SIZE, k=KERNEL, padding="same", s=1, d=1, filters=FILTERS):
    geom = layer_geometry((n, n), (k, k), s, padding, d)
    return (*geom.output, filters), geom.output[0] * geom.output[1] * filters


def _count_table() -> tuple[str, dict]:
    counts = {name: _count(**kw) for name, kw in COUNT_CASES}
    lines = ["| setting changed | Z1 shape | neurons |", "|---|---|---:|"]
    lines += [f"| {name} | {shape(*s)} | {n:,} |" for name, (s, n) in counts.items()]
    return "\n".join(lines) + "\n", counts


def _views_table(qa) -> str:
    return (
        '| view | a "neuron" is | neurons in Z1 (SAME) | outputs per neuron |\n'
        "|---|---|---|---|\n"
        f"| the Q&A's answer | one position (row, column), using all {qa.filters} filters "
        f"| {shape(qa.out, qa.out)} = {qa.positions:,} | {qa.filters} |\n"
        f"| usual (CS231n) | one output number: one position **and** one filter "
        f"| {qa.output_shape} = {qa.neurons:,} | 1 |\n"
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
    assert counts["the Q&A's layer"][1] == qa.neurons and counts["16 filters"][1] == 2 * qa.neurons
    assert counts["kernel 5 x 5, SAME"][1] == qa.neurons
    assert counts["padding 1 (the Q&A's `conv_forward`)"] == ((63, 63, 8), 31_752)
    assert counts["dilation 2, VALID"] == ((58, 58, 8), 26_912)
    env.variables["neurons_count_table"] = table
    env.variables["neurons_views_table"] = _views_table(qa)
    s2 = output_size(SIZE, KERNEL, 2, "same")
    assert s2 == 32
    env.variables["neurons_check_stride"] = 2
    env.variables["neurons_answer_stride"] = (
        f"ceil({SIZE} / 2) = {s2} positions per axis, so {shape(s2, s2, FILTERS)} = "
        f"{s2 * s2 * FILTERS:,} neurons."
    )
    env.variables["neurons_answer_input"] = (
        f"{qa.input_shape} = {qa.inputs:,} values; the {CHANNELS} are the colour channels, "
        "not neurons."
    )
    corner = neurons_seeing(0, SIZE, KERNEL, 1, "same")
    inner = neurons_seeing(30, SIZE, KERNEL, 1, "same")
    assert (len(corner), len(inner)) == (2, 4)
    env.variables["neurons_answer_corner"] = (
        f"Rows {', '.join(str(i + 1) for i in corner)} and the same columns, times {FILTERS} "
        f"filters: {shape(len(corner), len(corner), FILTERS)} = {len(corner) ** 2 * FILTERS} "
        f"neurons. A pixel away from the edges is seen by "
        f"{shape(len(inner), len(inner), FILTERS)} = {len(inner) ** 2 * FILTERS}."
    )
    _checks(env, qa)
    where, window = _where()
    env.variables["neurons_where"] = where
    env.variables["neurons_window"] = window

    @env.macro
    def neurons_fc_figure() -> str:
        return svg.figure(
            diagrams.fc_vs_conv_neuron_figure(),
            f"Top: a fully connected neuron is joined to all {qa.inputs:,} input values. "
            f"Bottom: the conv neuron in {where} reads input {window}, "
            f"all {qa.channels} channels: {qa.patch} values. "
            "Hatched cells are SAME's padded zeros.",
        )

    @env.macro
    def neurons_column_figure() -> str:
        return svg.figure(
            diagrams.depth_column_figure(),
            f"The {qa.filters} neurons in {where}, one per filter, all read "
            f"the same {qa.patch_shape} window: {window}.",
        )
