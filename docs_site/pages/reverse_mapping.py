"""Facts and figures of "The reverse mapping: backward pass and transposed convolution"."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from convmap import (
    conv2d_backward,
    conv2d_transpose,
    input_window,
    neurons_seeing,
    painted_pixels,
    painting_inputs,
    tf_transpose_output_sizes,
    torch_transpose_output_size,
    transpose_axis,
    transpose_geometry,
)
from convmap.figures import explorer_html

N, K, C, FILTERS = 64, 4, 3, 8  # the Q&A's layer: 64 x 64 x 3, W1 = [4, 4, 3, 8], SAME
GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden"

# The transposed convolutions drawn: (small input, kernel, stride, PyTorch padding, output_padding)
EXPLORERS = {
    "s1_odd": (4, 3, 1, 0, 0),
    "s1_even": (4, 2, 1, 0, 0),
    "s2_odd": (4, 3, 2, 1, 1),
    "s2_even": (4, 4, 2, 1, 0),
}
TWIN = {
    "en": "Drawn as the convolution that goes back from the large grid to the small one, so the "
    "settings below name the large grid its input and the hatched cells (pad) are the positions "
    "the transposed convolution paints and then crops.",
    "zh": "这里画的是从大网格回到小网格的卷积层，所以下面的设置把大网格称为输入；"
    "带斜线的格子（填充）是转置卷积画到后又裁掉的位置。",
}
NAMES = {
    "en": ("transposed-conv output (large)", "transposed-conv input (small)"),
    "zh": ("转置卷积的输出（大）", "转置卷积的输入（小）"),
}


def page_lang(env) -> str:
    """The page's language, read the way docs_site/pages/common.py reads it."""
    page = getattr(env, "page", None)
    locale = getattr(getattr(page, "file", None), "locale", None) if page else None
    return "zh" if str(locale or "").startswith("zh") else "en"


def _golden(name: str) -> dict:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def backward_facts() -> dict:
    """One Z1 neuron's gradient, and the gradient reaching each pixel, on the Q&A's layer."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, N, N, C))
    w = rng.uniform(0.5, 1.5, (K, K, C, FILTERS))  # no zero weight: a zero would hide a pixel
    r, c = 20, 30  # an inner neuron (0-based)
    g = np.zeros((1, N, N, FILTERS))
    g[0, r, c, 0] = 1.0
    dx = conv2d_backward(x, w, g, padding="same").dx[0]
    lit = np.argwhere(dx != 0)
    rows, cols = sorted({int(v) for v in lit[:, 0]}), sorted({int(v) for v in lit[:, 1]})
    assert rows == input_window(r, N, K, 1, "same") and cols == input_window(c, N, K, 1, "same")
    assert len(lit) == K * K * C
    ones = conv2d_backward(x, np.ones((K, K, C, FILTERS)), np.ones((1, N, N, FILTERS)),
                           padding="same").dx[0, :, :, 0]  # fmt: skip
    count = {p: len(neurons_seeing(p, N, K, 1, "same")) for p in (0, 1, 30, N - 1)}
    for p, q in ((30, 30), (0, 0), (0, 30), (N - 1, N - 1)):
        assert ones[p, q] == count[p] * count[q] * FILTERS
    corner = input_window(0, N, K, 1, "same")
    return {
        "neuron_row": r + 1, "neuron_col": c + 1, "lit": len(lit), "k": K, "c": C,
        "rows_first": rows[0] + 1, "rows_last": rows[-1] + 1,
        "cols_first": cols[0] + 1, "cols_last": cols[-1] + 1,
        "inner": int(ones[30, 30]), "first_corner": int(ones[0, 0]),
        "edge": int(ones[0, 30]), "last_corner": int(ones[N - 1, N - 1]),
        "inner_per_filter": count[30] ** 2, "filters": FILTERS, "n": N,
        "corner_pads": sum(1 for p in corner if p < 0),
        "first_seen": count[0], "last_seen": count[N - 1], "first": 1, "stride": 1,
    }  # fmt: skip


def relation_facts() -> dict:
    """conv2d_transpose(g, w) equals conv2d_backward's dx; painting map equals seeing map."""
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(2, 9, 8, 3)), rng.normal(size=(3, 4, 3, 5))
    settings = {"stride": 2, "padding": "same"}
    g = rng.normal(size=(2, 5, 4, 5))
    dx = conv2d_backward(x, w, g, **settings).dx
    t = conv2d_transpose(g, w, output_shape=x.shape, **settings)
    diff = float(np.abs(dx - t).max())
    assert diff < 1e-9
    checked = 0
    for m, k, s, p, op in EXPLORERS.values():
        axis = transpose_axis(m, k, s, p, op)
        for i in range(m):
            assert painted_pixels(i, m, k, s, p, op) == input_window(i, axis.output, k, s, (p, p))
            checked += 1
        for o in range(axis.output):
            assert painting_inputs(o, m, k, s, p, op) == neurons_seeing(o, axis.output, k, s, p)
            checked += 1
    return {"max_diff": f"{diff:.1e}", "checked": checked, "x_shape": "x".join(map(str, x.shape))}


def framework_facts() -> dict:
    """Where TensorFlow and PyTorch differ, read from the committed golden vectors."""
    tf_sizes, torch_sizes = (
        _golden("tf_transpose_sizes.json"),
        _golden("torch_transpose_sizes.json"),
    )
    tf_case = next(c for c in tf_sizes["cases"] if c["id"] == "tf-size-same-m4-k3-s2-d1")
    assert tf_case["accepted"] == tf_transpose_output_sizes(4, 3, 2, "same")
    torch_out = {
        c["op"]: c for c in torch_sizes["cases"] if c["id"].startswith("torch-size-m4-k3-s2-d1-p1-")
    }
    assert torch_out[0]["out"] == torch_transpose_output_size(4, 3, 2, 1, 0)
    assert torch_out[1]["out"] == torch_transpose_output_size(4, 3, 2, 1, 1)
    refused = [c for c in torch_sizes["cases"] if c["outcome"] != "ok" and c["op"] >= c["s"]
               and c["op"] >= c["d"]]  # fmt: skip
    assert refused and "output padding must be smaller" in refused[0]["error"]
    tf_t, torch_t = _golden("tf_conv2d_transpose.json"), _golden("torch_conv_transpose2d.json")
    tf_b, torch_b = _golden("tf_conv2d_backward.json"), _golden("torch_conv2d_backward.json")
    conversion = torch_t["cases"][0]["conversion"]
    assert "w.transpose(3, 2, 0, 1)" in conversion
    same = transpose_geometry(4, 3, 2, "same")
    assert same.output == (8, 8) and same.padding == ((0, 1), (0, 1))
    zeros = [float(c["transpose_minus_dx"]) for c in tf_b["cases"] + torch_b["cases"]
             if "transpose_minus_dx" in c]  # fmt: skip
    return {
        "tf_version": tf_t["header"]["framework_version"],
        "torch_version": torch_t["header"]["framework_version"],
        "tf_accepted": " or ".join(map(str, tf_case["accepted"])),
        "torch_p1_op0": torch_out[0]["out"], "torch_p1_op1": torch_out[1]["out"],
        "torch_refused": len(refused), "same_out": same.output[0],
        "cases": sum(len(d["cases"]) for d in (tf_t, torch_t, tf_b, torch_b)),
        "size_cases": len(tf_sizes["cases"]) + len(torch_sizes["cases"]),
        "m": 4, "k": 3, "s": 2,
        "relation_cases": len(zeros), "relation_max": f"{max(zeros):.1e}",
    }  # fmt: skip


def explorer_facts() -> dict:
    """Each drawn transposed convolution's settings and output length."""
    """Each drawn transposed convolution's settings and output length."""
    out = {}
    for key, (m, k, s, p, op) in EXPLORERS.items():
        axis = transpose_axis(m, k, s, p, op)
        out[key] = {"m": m, "k": k, "s": s, "p": p, "op": op, "out": axis.output,
                    "crop": axis.padding[0]}  # fmt: skip
    return out


def explorer(key: str, lang: str) -> str:
    """One transposed convolution drawn as its forward twin's explorer, grids named."""
    """One transposed convolution drawn as the explorer of its forward twin, grids named."""
    m, k, s, p, op = EXPLORERS[key]
    g = transpose_geometry(m, k, s, p, op)
    assert g.forward().output == (m, m)  # the twin conv maps the large grid back to the small one
    title = {
        "en": f"Transposed convolution, kernel {k}, stride {s}, padding {p}",
        "zh": f"转置卷积：卷积核 {k}，步幅 {s}，填充 {p}",
    }[lang]
    names, caption, uid = NAMES[lang], TWIN[lang], f"rm-{key}-{lang}"
    return explorer_html(g.output, k, s, g.padding, title=title, lang=lang,
                         grid_names=names, caption=caption, uid=uid)  # fmt: skip


def facts() -> dict:
    """Every fact of the page, computed and asserted."""
    """Every fact of the page, computed and asserted."""
    return {"back": backward_facts(), "rel": relation_facts(), "fw": framework_facts(),
            "ex": explorer_facts()}  # fmt: skip


def checks(f: dict) -> dict:
    """The answers of "Check yourself"."""
    """The answers of "Check yourself"."""
    b, ex = f["back"], f["ex"]
    assert ex["s2_odd"]["m"] == 4  # the question's "Four values"
    return {
        "corner": b["first_corner"], "edge": b["edge"], "s2_out": ex["s2_odd"]["out"],
        "s1_out": ex["s1_odd"]["out"], "lit": b["lit"], "patch": f"{K}x{K}x{C}",
        "corner_pixel": f"({b['first']}, {b['first']})", "s2": ex["s2_odd"],
    }  # fmt: skip


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["reverse_mapping"] = f
    env.variables["reverse_mapping_checks"] = checks(f)

    @env.macro
    def reverse_mapping_explorer(key: str) -> str:
        return explorer(key, page_lang(env))
