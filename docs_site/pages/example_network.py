"""Facts of "The example network": shapes, parameters, receptive fields, pixels read."""

from __future__ import annotations

import contextlib
import io
import math
import runpy

from convmap import svg
from convmap.figures.network import GUIDE_EVERY
from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import input_region, trace
from convmap.network_figure import region_figure
from docs_site import pieces
from docs_site.pages.common import page_lang

IMAGE = (64, 64, 3)
TF_NAMES = ["Z1", "A1", "P1", "Z2", "A2", "P2", "F", "Z3"]
P2_INDEX = 5
ORIGIN = (0, 0)  # the neuron whose span start the geometry table shows (0-based)
PIXEL = (35, 5)  # 0-based: the "Check yourself" pixel


def qa_model(bias: bool = False) -> list:
    """The Q&A's model as a convmap stack (conv biases optional)."""
    return [
        Conv2D(8, 4, padding="SAME", bias=bias),
        ReLU(),
        MaxPool2D(8, stride=8, padding="SAME"),
        Conv2D(16, 2, padding="SAME", bias=bias),
        ReLU(),
        MaxPool2D(4, stride=4, padding="SAME"),
        Flatten(),
        Dense(6),
    ]


def example_names(name: str) -> dict:
    """Run an example file quietly and return its global names."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(pieces.example_path(name)), run_name="__main__")


def shape(s) -> str:
    """A shape as prose writes it: ``64 x 64 x 8``."""
    return " x ".join(map(str, s))


def split(t) -> str:
    """Padding as ``top/bottom, left/right`` (a dash for layers without it)."""
    if t.padding is None:
        return "—"
    (a, b), (c, d) = t.padding
    return f"{a}/{b}, {c}/{d}"


def tables(layers, keras) -> str:
    """Markdown table: shape, neurons and parameters of every layer."""
    rows = [
        "| step | layer | output shape | neurons | parameters (TF1) | parameters (Keras, bias) |",
        "|---|---|---|--:|--:|--:|",
    ]
    for name, t, k in zip(TF_NAMES, layers, keras, strict=True):
        rows.append(
            f"| {name} | `{t.name}` | {shape(t.output_shape)} | {t.neurons:,} | "
            f"{t.params:,} | {k.params:,} |"
        )
    rows.append(
        f"| total | | | | **{sum(t.params for t in layers):,}** | "
        f"**{sum(k.params for k in keras):,}** |"
    )
    return "\n".join(rows)


def geometry_table(layers) -> str:
    """Markdown table: padding, span, jump and start of every layer."""
    rows = [
        "| step | padding top/bottom, left/right | receptive field (span) | jump | "
        f"neuron ({ORIGIN[0]}, {ORIGIN[1]})'s span starts at (0-based) |",
        "|---|---|---|---|---|",
    ]
    for name, t in zip(TF_NAMES, layers, strict=True):
        rf = shape(t.receptive_field) + ("" if t.jump else " (all)")
        rows.append(
            f"| {name} | {split(t)} | {rf} | {shape(t.jump) if t.jump else '—'} | "
            f"{t.start if t.start else '—'} |"
        )
    return "\n".join(rows)


def regions() -> dict:
    """Input regions of the four P2 positions (span and pixels read, asserted)."""
    model = qa_model()
    out = {}
    for i in range(2):
        for j in range(2):
            reg = input_region(model, IMAGE, P2_INDEX, i, j)
            out[(i, j)] = reg
    # the span is 43 x 43 (padding included); the pixels read are fewer (hand-derived:
    # 42 rows for the first position, -1..41 minus the zero at -1; 33 for the second, 31..63)
    assert all(r.size == (43, 43) for r in out.values())
    read = {k: (len(r.rows_read), len(r.cols_read)) for k, r in out.items()}
    assert read == {(0, 0): (42, 42), (0, 1): (42, 33), (1, 0): (33, 42), (1, 1): (33, 33)}
    return out


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    layers, keras = trace(qa_model(), IMAGE), trace(qa_model(bias=True), IMAGE)
    shown = example_names("example-network/model.py")["layers"]
    assert [t.output_shape for t in shown] == [t.output_shape for t in layers]
    assert [t.output_shape for t in layers] == [
        (64, 64, 8),
        (64, 64, 8),
        (8, 8, 8),
        (8, 8, 16),
        (8, 8, 16),
        (2, 2, 16),
        (64,),
        (6,),
    ]
    tf1, kp = [t.params for t in layers if t.params], [t.params for t in keras if t.params]
    assert (tf1, sum(tf1), kp, sum(kp)) == ([384, 512, 390], 1286, [392, 528, 390], 1310)
    p2 = layers[P2_INDEX]
    rf = example_names("example-network/receptive_field.py")
    assert (rf["r"], rf["jump"], rf["start"]) == (p2.receptive_field[0], p2.jump[0], p2.start[0])
    assert (p2.receptive_field, p2.jump, p2.start) == ((43, 43), (32, 32), (-1, -1))
    regs = regions()
    sizes = [f"{len(r.rows_read)} x {len(r.cols_read)}" for r in regs.values()]
    second = regs[(1, 1)]
    assert second.rows == range(31, 74) and second.padded_rows == tuple(range(64, 74))
    nudge = example_names("example-network/forward.py")
    # a nudged pixel moves only P2 positions whose pixels-read hold it (never more)
    for row, col in [(10, 10), (50, 20), (36, 36)]:
        allowed = {k for k, r in regs.items() if row in r.rows_read and col in r.cols_read}
        assert allowed, (row, col)
    assert {k for k, r in regs.items() if 36 in r.rows_read and 36 in r.cols_read} == set(regs)
    assert nudge["where"] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    overlap = len(set(regs[(0, 0)].rows_read) & set(regs[(1, 0)].rows_read))
    assert overlap == 42 + 33 - 64 == 11
    pad_after = [r for r in second.padded_rows]
    model = qa_model()
    strides = [layer.stride[0] for layer in model if hasattr(layer, "stride")]
    convs = [layer.filters for layer in model if isinstance(layer, Conv2D)]
    assert (strides, convs) == ([1, 8, 1, 4], [8, 16]) and math.prod(strides) == p2.jump[0]
    return {
        "tf1": f"{sum(tf1):,}",
        "keras": f"{sum(kp):,}",
        "span": p2.receptive_field[0],
        "jump": p2.jump[0],
        "positions": shape(p2.output_shape[:2]),
        "read_sizes": ", ".join(sizes[:-1]) + " and " + sizes[-1],
        "read_sizes_zh": "、".join(sizes[:-1]) + " 和 " + sizes[-1],
        "before_image": -p2.start[0],
        "pool1": layers[2].layer.size[0],
        "read_big": len(regs[(0, 0)].rows_read),
        "read_small": len(second.rows_read),
        "second_first": second.rows.start + 1,
        "second_last": second.rows.stop,
        "second_read_last": second.rows_read[-1] + 1,
        "past_edge": len(pad_after),
        "conv1_zeros": layers[0].padding[0][1],
        "conv2_zeros": len(pad_after) - layers[0].padding[0][1],
        "overlap": overlap,
        "dense_units": model[-1].units,
        "strides": " x ".join(map(str, strides)),
        "w1": 4 * 4 * 3 * 8,
        "w2": 2 * 2 * 8 * 16,
        "dense_w": 64 * 6,
        "dense_b": 6,
        "bias_conv": f"{convs[0]} and {convs[1]}",
        "layers": layers,
        "keras_layers": keras,
    }


def checks(f: dict) -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    model = qa_model()
    conv1, pool1 = model[0], model[2]
    k, pool = conv1.kernel[0], pool1.size[0]
    p1 = input_region(model, IMAGE, 2, *ORIGIN)
    assert p1.size == (11, 11) == (pool + k - 1,) * 2 and len(p1.rows_read) == 10
    regs = regions()
    row, col = PIXEL  # 0-based
    who = sorted(key for key, r in regs.items() if row in r.rows_read and col in r.cols_read)
    assert who == [(0, 0), (1, 0)]  # "both rows of positions, ... only the first column"
    valid = trace([Conv2D(conv1.filters, k, padding="valid", bias=False)] + model[1:], IMAGE)
    assert valid[P2_INDEX].output_shape == (2, 2, 16) and valid[0].output_shape == (61, 61, 8)
    v1 = valid[0].output_shape[0]
    assert valid[2].output_shape[0] == math.ceil(v1 / pool1.stride[0])
    return [
        (
            f"How many pixels (per channel) does neuron ({ORIGIN[0] + 1}, {ORIGIN[1] + 1}) of P1 "
            "read, and how many positions does its span cover?",
            f"It reads {len(p1.rows_read)} x {len(p1.cols_read)} = {p1.pixels} pixels; its span is "
            f"{p1.size[0]} x {p1.size[1]} (the {pool} x {pool} pool window widened by the "
            f"{k}-wide kernel: {pool} + {k} - 1 = {p1.size[0]}), one row and one column of it "
            "conv1's padded zero.",
        ),
        (
            f"Which P2 positions depend on pixel ({row + 1}, {col + 1}) (1-based)?",
            f"{', '.join(f'({i + 1}, {j + 1})' for i, j in who)}: row {row + 1} is read by both "
            f"rows of positions, column {col + 1} only by the first column.",
        ),
        (
            "If conv1 used VALID padding, what shape would P2 have?",
            f"Still {shape(valid[P2_INDEX].output_shape)}: conv1 gives "
            f"{shape(valid[0].output_shape[:2])}, and P1 (SAME) still makes "
            f"ceil({v1} / {pool1.stride[0]}) = {valid[2].output_shape[0]} windows per axis.",
        ),
    ]


REGION_WORDS = {
    "en": "The four positions of P2 and the region of each on the {n} x {n} input. Each span is "
    "{span} x {span} positions. The spans of the first row and column start one position before "
    "the image (in the padding); those of the second row and column run {past} positions past "
    "the image's edge (hatched). The pixels really read are {read}. Faint lines every {guide} "
    "pixels mark the {pool} x {pool} pooling cells of P1. Rows and columns are numbered from 1, "
    "as everywhere on the site.",
    "zh": "P2 的四个位置，以及每个位置在 {n} x {n} 输入上的区域。每个跨度都是 {span} x {span} "
    "个位置。第一行和第一列的跨度从图像之前一个位置开始（在填充里）；第二行和第二列的跨度超出"
    "图像边缘 {past} 个位置（带斜线）。真正读取的像素是 {read}。每隔 {guide} 个像素的淡线标出 "
    "P1 的 {pool} x {pool} 池化格。行和列与全站一样从 1 开始编号。",
}
READ_JOIN = {"en": (", ", " and "), "zh": ("、", " 和 ")}


def region_numbers(lang: str = "en") -> dict[str, object]:
    """The numbers of the region figure's caption, from `regions` and the model (checked)."""
    regs = regions()
    (span,) = {r.size[0] for r in regs.values()} | {r.size[1] for r in regs.values()}
    first, second = regs[(0, 0)], regs[(1, 1)]
    # "start one position before the image": the first row's and column's spans
    assert all(r.rows.start == -1 for (i, _), r in regs.items() if i == 0)
    assert all(r.cols.start == -1 for (_, j), r in regs.items() if j == 0)
    assert first.rows == first.cols and second.rows == second.cols
    past = second.rows.stop - IMAGE[0]
    assert past == len(second.padded_rows) == len(second.padded_cols)
    pool = qa_model()[2].size
    assert pool[0] == pool[1] == GUIDE_EVERY  # the guide lines are P1's pooling cells
    sep, last = READ_JOIN[lang]
    sizes = [f"{len(r.rows_read)} x {len(r.cols_read)}" for r in regs.values()]
    return {"n": IMAGE[0], "span": span, "past": past, "guide": GUIDE_EVERY, "pool": pool[0],
            "read": sep.join(sizes[:-1]) + last + sizes[-1]}  # fmt: skip


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["net"] = f
    env.variables["net_checks"] = checks(f)
    env.macro(lambda: tables(f["layers"], f["keras_layers"]), "net_table")
    env.macro(lambda: geometry_table(f["layers"]), "net_geometry_table")

    @env.macro
    def net_region_figure() -> str:
        lang = page_lang(env)
        caption = REGION_WORDS[lang].format(**region_numbers(lang))
        return region_figure(qa_model(), IMAGE, P2_INDEX, lang=lang) + (
            '<p class="cm-caption">' + svg.escape(caption) + "</p>"
        )
