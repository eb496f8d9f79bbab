"""Kernels and filters (Q3): what W1 holds, channels add up, sharing, parameter counts."""

from __future__ import annotations

import numpy as np

from convmap import Conv2D, Dense, Flatten, diagrams, svg, trace
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import CHANNELS, FILTERS, KERNEL, SIZE, facts, shape

SHIFT = (3, 5)  # the sharing example moves the image up 3 rows and left 5 columns
SHIFTED_TO = (10, 20)  # 0-based position it compares
W2_KERNEL, W2_FILTERS = 2, 16  # the Q&A's W2 = [2, 2, 8, 16], on P1
P1_SIZE = 8  # P1 is 8 x 8 x 8: the 64 x 64 maps pooled 8 x 8
BIG = 256  # the "Check yourself" larger image


def _params(qa) -> dict[str, int]:
    """Parameter counts by formula, each checked against convmap's layer trace."""
    conv = trace([Conv2D(FILTERS, KERNEL, padding="same")], (SIZE, SIZE, CHANNELS))[0]
    dense = trace([Flatten(), Dense(qa.neurons)], (SIZE, SIZE, CHANNELS))[1]
    counts = {
        "conv": qa.weights,
        "conv_bias": qa.params,
        "fc": qa.inputs * qa.neurons,
        "fc_bias": qa.inputs * qa.neurons + qa.neurons,
    }
    assert (conv.params_no_bias, conv.params) == (counts["conv"], counts["conv_bias"])
    assert (dense.params_no_bias, dense.params) == (counts["fc"], counts["fc_bias"])
    assert qa.positions * qa.weights == 1_572_864
    assert counts == {
        "conv": 384,
        "conv_bias": 392,
        "fc": 402_653_184,
        "fc_bias": 402_685_952,
    }
    return counts


def _table(qa, counts: dict[str, int]) -> str:
    per = qa.kernel * qa.kernel * qa.channels
    rows = [
        ("conv layer, no bias", f"{shape(KERNEL, KERNEL, CHANNELS, FILTERS)}", counts["conv"]),
        ("conv layer with bias (Keras `use_bias=True`)", f"({per} + 1) x {FILTERS}",
         counts["conv_bias"]),
        ("no sharing (locally connected): own filters at each position, no bias",
         f"{qa.positions:,} x {qa.weights}", qa.positions * qa.weights),
        (f"fully connected, {qa.inputs:,} inputs to {qa.neurons:,} outputs, no bias",
         f"{qa.inputs:,} x {qa.neurons:,}", counts["fc"]),
        ("fully connected with bias", f"{qa.inputs:,} x {qa.neurons:,} + {qa.neurons:,}",
         counts["fc_bias"]),
    ]  # fmt: skip
    lines = ["| layer | formula | parameters |", "|---|---|---:|"]
    lines += [f"| {name} | {formula} | {value:,} |" for name, formula, value in rows]
    return "\n".join(lines) + "\n"


def _checks() -> None:
    shapes = pieces.example_globals("kernels/w1_shape.py")
    assert shapes["w1"].size == 384 and shapes["first_filter"].shape == (4, 4, 3)
    chans = pieces.example_globals("kernels/channels_add.py")
    assert np.allclose(chans["summed"][..., 0], chans["z1"][..., 0])
    shared = pieces.example_globals("kernels/sharing.py")
    (r, c), (dr, dc) = SHIFTED_TO, SHIFT
    assert np.allclose(shared["z1"][0, r + dr, c + dc], shared["z_shift"][0, r, c])


def _answers(env, qa) -> None:
    k, f = W2_KERNEL, W2_FILTERS
    w2 = trace([Conv2D(f, k, padding="same")], (P1_SIZE, P1_SIZE, FILTERS))[0].params
    assert w2 == (k * k * FILTERS + 1) * f == 528
    env.variables["kernels_w2"] = f"[{k}, {k}, {FILTERS}, {f}]"  # the Q&A's name of W2
    env.variables["kernels_answer_w2"] = (
        f"Each filter spans all {FILTERS} channels of P1: ({k} x {k} x {FILTERS} + 1) x {f} = {w2}."
    )
    big = trace([Conv2D(FILTERS, KERNEL, padding="same")], (BIG, BIG, CHANNELS))[0]
    assert big.params == qa.params
    env.variables["kernels_big_image"] = shape(BIG, BIG, CHANNELS)
    env.variables["kernels_answer_big"] = (
        f"Still {big.params}: the filters do not depend on the image size. Only the number of "
        f"neurons grows, to {big.neurons:,}."
    )
    env.variables["kernels_answer_filter"] = (
        f"{qa.patch} = {qa.patch_shape}: it reads all {CHANNELS} input channels and writes "
        "one feature map."
    )


def define(env) -> None:
    """Register the Kernels and filters page's facts, table and figure."""
    qa = facts()
    counts = _params(qa)
    _checks()
    _answers(env, qa)
    env.variables["kernels_params"] = counts
    env.variables["kernels_table"] = _table(qa, counts)
    env.variables["kernels_ratio"] = f"{round(counts['fc_bias'] / counts['conv_bias']):,}"
    (r, c), (dr, dc) = SHIFTED_TO, SHIFT
    env.variables["kernels_shift"] = (
        f"the neuron in row {r + 1}, column {c + 1} computes on the shifted image exactly what "
        f"the neuron in row {r + dr + 1}, column {c + dc + 1} computed on the original"
    )
    env.variables["kernels_shift_by"] = f"{dr} rows up and {dc} columns left"

    @env.macro
    def kernels_figure() -> str:
        lang = page_lang(env)
        captions = {
            "en": f"W1 holds {FILTERS} filters. Each is {qa.kernel_shape} weights in each of the "
            f"{CHANNELS} input channels (drawn stacked): {qa.patch} weights per filter, "
            f"{qa.weights} in all.",
            "zh": f"W1 包含 {FILTERS} 个卷积核。每个卷积核在 {CHANNELS} 个输入通道中各有 "
            f"{qa.kernel_shape} 个权重（叠在一起画）：每个卷积核 {qa.patch} 个权重，"
            f"共 {qa.weights} 个。",
        }
        return svg.figure(diagrams.w1_filters_figure(lang=lang), captions[lang])
