"""Padding (Q1): VALID, SAME, FULL, explicit; the Q&A's axis; what the frameworks do."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from convmap import conv2d, figures, input_window, layer_geometry, output_size, padding_amounts, svg
from convmap.figures.numbering import number
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import FILTERS, KERNEL, SIZE, facts, shape

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden"
QA_PAD = 1  # the Q&A's conv_forward(..., pad=1)
TABLE_CASES = [("VALID", "valid"), ("SAME", "same"), ("pad={p} (the Q&A's code)", QA_PAD)]


def _axis(padding, stride: int = 1):
    return output_size(SIZE, KERNEL, stride, padding), padding_amounts(
        SIZE, KERNEL, stride, padding
    )


def _words(neuron: int, padding) -> str:
    return pieces.pixel_words(input_window(neuron, SIZE, KERNEL, 1, padding), SIZE)


def _window_table() -> str:
    lines = ["| neuron | " + " | ".join(n.format(p=p) for n, p in TABLE_CASES) + " |"]
    lines.append("|---|" + "---|" * len(TABLE_CASES))
    for n in (1, 2, SIZE - 1, SIZE):
        cells = []
        for _, padding in TABLE_CASES:
            out = output_size(SIZE, KERNEL, 1, padding)
            cells.append(_words(n - 1, padding) if n <= out else f"no neuron {n}: only {out}")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _torch_same_strides() -> list[int]:
    """The strides PyTorch's ``padding='same'`` accepts, as the committed run recorded."""
    cases = json.loads((GOLDEN / "torch_shapes.json").read_text(encoding="utf-8"))["cases"]
    same = [c for c in cases if c["padding"] == "same"]
    ok = sorted({c["s"] for c in same if c["outcome"] == "ok"})
    assert ok and all(c["outcome"] == "error" for c in same if c["s"] not in ok)
    return ok


def _framework_rows() -> list[tuple]:
    """(name, convmap padding, TensorFlow, Keras, PyTorch, the Q&A's code) per padding."""

    def tf(rows, cols):  # tf.pad's paddings: none on the batch and channel axes
        return f"`{[[0, 0], list(rows), list(cols), [0, 0]]}`"

    none = 0  # PyTorch's and the Q&A's padding for VALID
    full = padding_amounts(SIZE, KERNEL, 1, "full")
    same = padding_amounts(SIZE, KERNEL, 1, "same")
    (s1,) = _torch_same_strides()
    assert full[0] == full[1] == KERNEL - 1 and same[0] != same[1]
    p, f, (b, a) = QA_PAD, full[0], same
    return [
        ("VALID", "valid", "`'VALID'`", "`'valid'`", f"`{none}` (the default)", f"`pad={none}`"),
        ("SAME", "same", "`'SAME'`", "`'same'`", f"`'same'` (stride {s1} only)", "impossible"),
        (f"{p} zero each side", p, tf((p, p), (p, p)), f"`ZeroPadding2D({p})` + `'valid'`",
         f"`{p}`", f"`pad={p}`"),
        ("FULL", "full", tf(full, full), f"`ZeroPadding2D({f})` + `'valid'`", f"`{f}`",
         f"`pad={f}`"),
        (f"{b} before, {a} after", (same, same), tf(same, same),
         f"`ZeroPadding2D({(same, same)})` + `'valid'`", f"`F.pad(x, {same + same})` + `{none}`",
         "impossible"),
    ]  # fmt: skip


def _framework_table() -> str:
    x = np.zeros((1, SIZE, SIZE, 3))
    w = np.zeros((KERNEL, KERNEL, 3, FILTERS))
    lines = ["| padding | output | TensorFlow | Keras | PyTorch | the Q&A's code |"]
    lines.append("|---|---|---|---|---|---|")
    for name, spec, tf, keras, torch, qa in _framework_rows():
        out = layer_geometry((SIZE, SIZE), KERNEL, 1, spec).output
        assert conv2d(x, w, padding=spec).shape == (1, *out, FILTERS)
        lines.append(f"| {name} | {shape(*out, FILTERS)} | {tf} | {keras} | {torch} | {qa} |")
    return "\n".join(lines) + "\n"


def _probe(case: dict) -> list[list[int]]:
    """Convmap's windows in the probe's numbering: 1-based pixels, 0 for a zero."""
    n, k, s, padding = case["n"], case["k"], case["s"], case["padding"]
    return [
        [p + 1 if 0 <= p < n else 0 for p in input_window(i, n, k, s, padding)]
        for i in range(output_size(n, k, s, padding))
    ]


def _golden(env) -> None:
    checked, cases = 0, {}
    for name in ("tf", "torch"):
        for case in json.loads((GOLDEN / f"{name}_shapes.json").read_text())["cases"]:
            cases[case["id"]] = case
            if case["outcome"] == "ok" and case["d"] == 1:
                assert case["probe"] == _probe(case), case["id"]
                checked += 1
    shown = pieces.example_globals("padding/golden.py")["case"]
    assert shown["probe"] == _probe(shown) and shown["probe"][-1][-2:] == [0, 0]
    refusal, tf_s2 = cases["torch-shape-same-n9-k3-s2-d1"], cases["tf-shape-same-n9-k3-s2-d1"]
    assert refusal["outcome"] == "error" and "strided" in refusal["error"]
    assert tf_s2["out"] == output_size(9, 3, 2, "same") == 5 and checked > 100
    env.variables["padding_golden_checked"] = checked
    env.variables["padding_golden_n"] = shown["n"]
    env.variables["padding_torch_error"] = refusal["error"]
    env.variables["padding_tf_s2"] = tf_s2["out"]
    env.variables["padding_s2_case"] = f"{tf_s2['n']} pixels, kernel {tf_s2['k']}"
    env.variables["padding_golden_last"] = pieces.pixel_words(
        input_window(shown["n"] - 1, shown["n"], shown["k"], 1, "same"), shown["n"]
    )


def _lopsided(env, qa) -> None:
    """Why SAME puts 1 zero before and 2 after: 64 windows of 4 need 67 places."""
    places = (qa.out - 1) * qa.stride + (KERNEL - 1) + 1
    total = max(places - SIZE, 0)
    assert (places, total) == (67, 3) and (total // 2, total - total // 2) == padding_amounts(
        SIZE, KERNEL, 1, "same"
    )
    same = output_size(SIZE, KERNEL, 1, "same")
    d, s = 1, qa.stride  # PyTorch's formula: floor((n + pads - d * (k - 1) - 1) / s) + 1
    formula = (
        f"floor(({SIZE} + {qa.pad_before} + {qa.pad_after} - {d} * {KERNEL - 1} - 1) / {s}) + 1"
    )
    assert (SIZE + qa.pad_before + qa.pad_after - d * (KERNEL - 1) - 1) // s + 1 == same
    env.variables["padding_same_formula"] = f"{formula} = {same}"
    env.variables["padding_places"] = places
    env.variables["padding_cover"] = f"{qa.out} + {KERNEL} - 1 = {places}"
    env.variables["padding_total"] = total
    env.variables["padding_extra"] = places - SIZE
    env.variables["padding_k3"] = padding_amounts(SIZE, 3, 1, "same")
    env.variables["padding_k5"] = padding_amounts(SIZE, 5, 1, "same")
    assert env.variables["padding_k3"] == (1, 1) and env.variables["padding_k5"] == (2, 2)
    assert padding_amounts(SHORT, KERNEL, 1, "same") == (1, 2)


def _qa_last(env, qa) -> None:
    """The Q&A's "62, 63, 64 and one padded zero" is neuron 63's window, not neuron 64's."""
    claimed = _words(qa.out - 2, "same")
    pad1_out = output_size(SIZE, KERNEL, 1, QA_PAD)
    assert claimed == "62, 63, 64, zero"  # the answer's words for the last neuron
    assert _words(qa.out - 1, "same") == "63, 64, zero, zero" != claimed
    assert claimed == _words(pad1_out - 1, QA_PAD)
    assert all(output_size(SIZE, KERNEL, 1, p) != SIZE for p in range(10))
    env.variables["padding_claimed"] = claimed
    env.variables["padding_claimed_neuron"] = qa.out - 1
    env.variables["padding_pad1_out"] = pad1_out


def _answers(env) -> None:
    k5 = padding_amounts(SIZE, 5, 1, "same")
    env.variables["padding_answer_k5"] = (
        f"{k5[0]} before and {k5[1]} after: an odd kernel needs an even number of zeros "
        f"({sum(k5)}), so SAME is symmetric, and the output stays "
        f"{output_size(SIZE, 5, 1, 'same')} wide."
    )
    full = output_size(SIZE, KERNEL, 1, "full")
    window = input_window(full - 1, SIZE, KERNEL, 1, "full")
    assert _words(full - 1, "full") == "64, zero, zero, zero"
    assert sum(0 <= i < SIZE for i in window) == 1  # "one real pixel and three zeros"
    env.variables["padding_answer_full"] = (
        f"Neuron {full} sees {_words(full - 1, 'full')}: one real pixel and three zeros. FULL "
        "keeps every window that touches at least one pixel."
    )
    from convmap import neurons_seeing

    v = [n + 1 for n in neurons_seeing(SIZE - 1, SIZE, KERNEL, 1, "valid")]
    s = [n + 1 for n in neurons_seeing(SIZE - 1, SIZE, KERNEL, 1, "same")]
    assert v == [61] and s == [62, 63, 64]
    env.variables["padding_answer_edge"] = (
        f"Under VALID only neuron {v[0]} sees it. Under SAME, {len(s)} neurons do: "
        f"{', '.join(map(str, s))}. Padding lets the edge pixels be seen more often."
    )


QA_NEURONS = [0, 1, SIZE - 2, SIZE - 1]  # the Q&A axis figure's neurons (0-based)
SHORT = 12  # the short axis figure's pixels

# Titles and captions per language; the numbers come from `_qa_numbers` / `_short_numbers`.
QA_WORDS = {
    "en": (
        "Neurons {a}, {b}, {c} and {d} under SAME padding",
        "One axis of the Q&A's image under SAME padding, kernel {k}, stride {s}. "
        "Pixel and neuron numbers are 1-based, as in the Q&A. Hatched cells are the "
        "padded zeros: {before} before pixel {first}, {after} after pixel {last}. Each bar is one "
        "neuron's window; its squares mark the pixels it reads.",
    ),
    "zh": (
        "SAME 填充下的神经元 {a}、{b}、{c} 和 {d}",
        "原问答图像的一条轴，SAME 填充，卷积核 {k}，步幅 {s}。像素和神经元的编号与原问答"
        "一样从一开始。带斜线的格子是填充的零：像素 {first} 之前 {before} 个，像素 {last} "
        "之后 {after} 个。每一条是一个神经元的窗口，其中的方块标出它读取的像素。",
    ),
}
SHORT_WORDS = {
    "en": (
        "SAME, kernel {k}, {n} pixels: {before} zero before, {after} after",
        "A short axis of {n} pixels with the Q&A's kernel {k} under SAME "
        "(1-based numbers). The first neuron reads one zero, the last reads two: the "
        "padding is lopsided.",
    ),
    "zh": (
        "SAME，卷积核 {k}，{n} 个像素：前面 {before} 个零，后面 {after} 个",
        "一条只有 {n} 个像素的短轴，使用原问答的卷积核 {k}，SAME 填充（编号从一开始）。"
        "第一个神经元读到一个零，最后一个读到两个：填充是不对称的。",
    ),
}


def _qa_numbers(qa) -> dict[str, int]:
    """The Q&A axis figure's numbers: its neurons (1-based) and SAME's zeros."""
    a, b, c, d = (number(i) for i in QA_NEURONS)
    return {"a": a, "b": b, "c": c, "d": d, "k": KERNEL, "s": qa.stride, "first": number(0),
            "last": number(SIZE - 1), "before": qa.pad_before, "after": qa.pad_after}  # fmt: skip


def _short_numbers() -> dict[str, int]:
    """The short axis figure's numbers; its caption's "one zero ... two" checked."""
    before, after = padding_amounts(SHORT, KERNEL, 1, "same")
    first = input_window(0, SHORT, KERNEL, 1, "same")
    last = input_window(output_size(SHORT, KERNEL, 1, "same") - 1, SHORT, KERNEL, 1, "same")
    zeros = [sum(1 for p in w if not 0 <= p < SHORT) for w in (first, last)]
    assert zeros == [before, after] == [1, 2]
    return {"n": SHORT, "k": KERNEL, "before": before, "after": after}


def define(env) -> None:
    """Register the Padding page's facts, tables and figures."""
    qa = facts()
    for name, padding in [("valid", "valid"), ("same", "same"), ("full", "full"), ("pad1", 1)]:
        out, (before, after) = _axis(padding)
        env.variables[f"padding_{name}_out"] = out
        env.variables[f"padding_{name}_zeros"] = (before, after)
        env.variables[f"padding_{name}_shape"] = shape(out, out, FILTERS)
    assert [env.variables[f"padding_{n}_out"] for n in ("valid", "same", "full", "pad1")] == [
        61, 64, 67, 63
    ]  # fmt: skip
    env.variables["padding_first_words"] = _words(0, "same")
    env.variables["padding_last_words"] = _words(qa.out - 1, "same")
    env.variables["padding_window_table"] = _window_table()
    env.variables["padding_framework_table"] = _framework_table()
    out2, zeros2 = _axis("same", 2)
    assert zeros2 == (1, 1) and out2 == output_size(SIZE, KERNEL, 2, 1) == 32
    env.variables["padding_s2"] = 2
    env.variables["padding_s2_zeros"] = zeros2
    env.variables["padding_s2_out"] = out2
    _lopsided(env, qa)
    _qa_last(env, qa)
    _golden(env)
    _answers(env)
    last = pieces.example_globals("padding/last_window.py")
    assert last["input_window"](SIZE - 1, SIZE, KERNEL, 1, "same") == [62, 63, 64, 65]

    @env.macro
    def padding_figure(which: str = "qa") -> str:
        lang = page_lang(env)
        if which == "qa":
            title, caption = (w.format(**_qa_numbers(qa)) for w in QA_WORDS[lang])
            drawing = figures.axis_windows(
                SIZE, KERNEL, qa.stride, "same", neurons=QA_NEURONS, one_based=True,
                title=title, lang=lang,
            )  # fmt: skip
        else:
            title, caption = (w.format(**_short_numbers()) for w in SHORT_WORDS[lang])
            drawing = figures.axis_windows(
                SHORT, KERNEL, 1, "same", neurons=[0, SHORT - 1], one_based=True, title=title,
                lang=lang,
            )  # fmt: skip
        return svg.figure(drawing, caption)
