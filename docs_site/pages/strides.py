"""Strides and dilation: skipped pixels, floor vs ceil, non-square settings, dilation."""

from __future__ import annotations

from convmap import (
    figures,
    input_window,
    layer_geometry,
    neurons_seeing,
    output_size,
    padding_amounts,
    svg,
)
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.pages.example_network import qa_model
from docs_site.qa_layer import KERNEL, SIZE

LOST = dict(kernel=2, stride=3)  # the "Check yourself" setting that loses pixels
DILATED = dict(size=20, kernel=3, dilation=3)  # the "Check yourself" dilated kernel


def _span(window: list[int]) -> str:
    """A run of 0-based pixels in the site's 1-based words: ``"4 to 6"``."""
    return f"{window[0] + 1} to {window[-1] + 1}"


def _settings(name: str, *keys: str) -> tuple:
    """Settings of the axis figure ``name`` (`AXES`), so the prose and the figure agree."""
    return tuple(AXES[name][key] for key in keys)


def _skipped(env) -> None:
    n, k, s = _settings("skipped", "size", "kernel", "stride")
    windows = [input_window(i, n, k, s) for i in range(output_size(n, k, s))]
    skipped = pieces.example_globals("strides/skipped.py")["skipped"]
    assert skipped == [p for p in range(n) if all(p not in w for w in windows)] == [2, 5, 8, 9]
    gaps = [p for p in skipped if p < windows[-1][-1]]
    tail = [p for p in skipped if p > windows[-1][-1]]
    env.variables["strides_skip"] = {"n": n, "k": k, "s": s, "out": len(windows)}
    env.variables["strides_skip_windows"] = ", ".join(_span(w) for w in windows)
    env.variables["strides_skip_gaps"] = " and ".join(str(p + 1) for p in gaps)
    env.variables["strides_skip_tail"] = " and ".join(str(p + 1) for p in tail)
    tiled = [p for p in range(SIZE) if not neurons_seeing(p, SIZE, KERNEL, KERNEL)]
    assert tiled == [] and output_size(SIZE, KERNEL, KERNEL) == 16
    env.variables["strides_tiled_out"] = output_size(SIZE, KERNEL, KERNEL)


def _floor(env) -> None:
    n, k, s = _settings("floor", "size", "kernel", "stride")
    out = output_size(n, k, s)
    assert (n - k) / s == 2.5 and (n - k) // s + 1 == out == 3 and neurons_seeing(7, n, k, s) == []
    env.variables["strides_floor"] = {"n": n, "k": k, "s": s, "out": out}
    env.variables["strides_floor_steps"] = f"({n} - {k}) / {s} = {(n - k) / s}"
    env.variables["strides_floor_kept"] = (n - k) // s
    env.variables["strides_floor_sum"] = f"{(n - k) // s} + 1 = {out}"
    env.variables["strides_floor_last"] = pieces.pixel_words(input_window(out - 1, n, k, s), n)
    left = [p + 1 for p in range(n) if not neurons_seeing(p, n, k, s)]
    assert left == [8]
    env.variables["strides_floor_left"] = left[0]


def _same_stride(env) -> None:
    rows = pieces.example_globals("strides/same_stride2.py")
    n_odd, k, s = _settings("same7", "size", "kernel", "stride")
    (n_even,) = _settings("same8", "size")
    assert rows["n"] == n_even and _settings("same8", "kernel", "stride") == (k, s)
    odd, even = padding_amounts(n_odd, k, s, "same"), padding_amounts(n_even, k, s, "same")
    assert odd == (1, 1) and even == (0, 1) and output_size(n_odd, k, s, "same") == 4
    out = output_size(n_even, k, s, "same")
    places = (out - 1) * s + k
    assert places == 9 and places - n_odd == sum(odd) and places - n_even == sum(even)
    env.variables["strides_same"] = {
        "out": out, "places": places, "odd": odd, "even": even, "k": k, "n_odd": n_odd,
        "n_even": n_even,
    }  # fmt: skip
    env.variables["strides_same_places"] = f"({out} - 1) x {s} + {k} = {places}"


def _shapes(env) -> None:
    g = pieces.example_globals("strides/keras_shape.py")["g"]
    n, kh, kw = g.cols.size, g.rows.kernel, g.cols.kernel
    assert g.output == (1, 621) and g.padding == ((0, 0), (0, 0)) and g.rows.size == kh
    assert (g.rows.stride, g.cols.stride) == (1, 1)
    last = input_window(g.output[1] - 1, n, kw)
    env.variables["strides_keras_out"] = g.output
    env.variables["strides_keras"] = {"kh": kh, "kw": kw}
    env.variables["strides_keras_cols"] = f"{n} - {kw} + 1 = {g.output[1]}"
    env.variables["strides_keras_last"] = _span(last)
    t = _tiles_numbers()
    assert (t["oh"], t["ow"]) == (3, 3)
    env.variables["strides_tiles"] = {
        "input": f"{t['h']} x {t['w']}", "kernel": f"{t['kh']} x {t['kw']}",
        "stride": f"({t['sh']}, {t['sw']})",
    }  # fmt: skip
    env.variables["strides_tile_rows"] = f"{t['r0']} to {t['r1']}"
    env.variables["strides_tile_cols"] = f"{t['c0']} to {t['c1']}"


def _dilation(env) -> None:
    ex = pieces.example_globals("strides/dilation.py")
    n, k, d = _settings("dilation", "size", "kernel", "dilation")
    span = d * (k - 1) + 1
    out = output_size(n, k, 1, "valid", d)
    assert ex["input_window"](0, n, k, dilation=d) == [0, 2, 4]
    assert out == n - span + 1 == 5
    assert all(neurons_seeing(p, n, k, 1, "valid", d) for p in range(n))
    env.variables["strides_dil"] = {"n": n, "k": k, "d": d}
    env.variables["strides_dil_span"] = f"{d} x ({k} - 1) + 1 = {span}"
    env.variables["strides_dil_out"] = f"{n} - {span} + 1 = {out}"
    env.variables["strides_dil_first"] = pieces.pixel_words(input_window(0, n, k, 1, "valid", d), n)


def _answers(env) -> None:
    n4 = output_size(SIZE, KERNEL, KERNEL)
    shared = set(input_window(0, SIZE, KERNEL, KERNEL)) & set(input_window(1, SIZE, KERNEL, KERNEL))
    pool = qa_model()[2]  # the Q&A's P1 = max_pool(A1, 8 x 8, stride 8): it tiles too
    assert n4 == 16 and not shared and pool.size == pool.stride
    env.variables["strides_answer_tile"] = (
        f"{n4} neurons, and neighbours share {len(shared)} pixels: stride = kernel means the "
        f"windows tile the axis exactly, like the Q&A's {pool.size[0]} x {pool.size[1]} max "
        "pooling."
    )
    k, s = LOST["kernel"], LOST["stride"]
    out = output_size(SIZE, k, s)
    lost = [p for p in range(SIZE) if not neurons_seeing(p, SIZE, k, s)]
    last = input_window(out - 1, SIZE, k, s)
    every_third = [p for p in lost if p % s == k]  # the pixel after each window
    after_last = [p for p in lost if p > last[-1] and p not in every_third]
    assert out == 21 and len(lost) == 22 and lost == every_third + after_last
    assert (every_third[0], every_third[-1], after_last) == (2, 62, [63]) and s == 3  # "third"
    env.variables["strides_check_lost"] = {"k": k, "s": s}
    env.variables["strides_answer_lost"] = (
        f"{out} neurons read {k} pixels each, {k * out} in all, so **{len(lost)}** of the "
        f"{SIZE} pixels are never seen: every third pixel, {every_third[0] + 1}, "
        f"{every_third[1] + 1}, ..., {every_third[-1] + 1} ({len(every_third)} pixels, one after "
        f"each window), and pixel {after_last[0] + 1}, after the last window "
        f"({_span(last)})."
    )
    n, k, d = DILATED["size"], DILATED["kernel"], DILATED["dilation"]
    w3 = input_window(0, n, k, dilation=d)
    assert w3 == [0, 3, 6] and w3[-1] - w3[0] + 1 == d * (k - 1) + 1 == 7 and len(w3) == k
    env.variables["strides_check_dil"] = {"k": k, "d": d}
    env.variables["strides_answer_dil"] = (
        f"It spans {d} x ({k} - 1) + 1 = {w3[-1] - w3[0] + 1} pixels and reads {len(w3)} of "
        f"them: for the first neuron, pixels {pieces.pixel_words(w3, n)}."
    )


# The axis figures' settings, passed to `convmap.figures.axis_windows` (stride, padding and
# dilation default to 1, "valid" and 1); their captions take the numbers from here.
AXES = {
    "skipped": dict(size=10, kernel=2, stride=3),
    "floor": dict(size=8, kernel=3, stride=2, show_dropped=True),
    "same7": dict(size=7, kernel=3, stride=2, padding="same"),
    "same8": dict(size=8, kernel=3, stride=2, padding="same"),
    "dilation": dict(size=9, kernel=3, stride=1, dilation=2, neurons=[0, 1]),
}
TILES = dict(size=(6, 9), kernel=(2, 3), stride=(2, 3), neuron=(1, 1))  # the 2-D figure, 0-based


def _axis_numbers(name: str) -> dict[str, int]:
    """The numbers a figure's words state: its settings and what they give, checked."""
    a = {"stride": 1, "padding": "valid", "dilation": 1, **AXES[name]}
    n, k, st, pad, d = a["size"], a["kernel"], a["stride"], a["padding"], a["dilation"]
    out = output_size(n, k, st, pad, d)
    before, after = padding_amounts(n, k, st, pad, d)
    unread = [p + 1 for p in range(n) if not neurons_seeing(p, n, k, st, pad, d)]
    values = {"n": n, "k": k, "s": st, "d": d, "out": out, "before": before, "after": after,
              "span": d * (k - 1) + 1}  # fmt: skip
    if name == "skipped":
        assert unread  # "some pixels are never read"
    elif name == "floor":
        # "Three windows fit. A fourth would start at pixel 7 and need a pixel 9 ... pixel 8"
        values.update(next_start=out * st + 1, needed=out * st + k, unread=unread[0])
        assert out == 3 and values["needed"] > n and unread == [n]
    elif name == "same7":
        assert before == after == 1  # "one zero before and one after"
    elif name == "same8":
        assert (before, after) == (0, 1)  # "no zero before, one after"
    else:
        assert d == 2 and out == n - values["span"] + 1  # "taps two pixels apart"
    return values


AXIS_WORDS = {
    "skipped": {
        "en": ("Kernel {k}, stride {s} on {n} pixels: some pixels are never read",
               "{n} input pixels (1-based), kernel {k}, stride {s}, no padding. Each bar is one "
               "neuron's window. Crossed cells with a dashed border are pixels no neuron reads."),
        "zh": ("卷积核 {k}，步幅 {s}，{n} 个像素：有些像素从未被读取",
               "{n} 个输入像素（编号从一开始），卷积核 {k}，步幅 {s}，不填充。每一条是一个神经元的"
               "窗口。打叉并带虚线边框的格子是没有任何神经元读取的像素。"),
    },
    "floor": {
        "en": ("Kernel {k}, stride {s} on {n} pixels: the last step does not fit",
               "{n} input pixels (1-based), kernel {k}, stride {s}, no padding. Three windows "
               "fit. A fourth would start at pixel {next_start} and need a pixel {needed}, which "
               "does not exist, so there is no fourth neuron and pixel {unread} is never read."),
        "zh": ("卷积核 {k}，步幅 {s}，{n} 个像素：最后一步放不下",
               "{n} 个输入像素（编号从一开始），卷积核 {k}，步幅 {s}，不填充。放得下三个窗口。"
               "第四个窗口要从像素 {next_start} 开始，需要一个并不存在的像素 {needed}，所以没有"
               "第四个神经元，像素 {unread} 从未被读取。"),
    },
    "same7": {
        "en": ("SAME, kernel {k}, stride {s} on {n} pixels: {before} zero each side",
               "{n} pixels (1-based), kernel {k}, stride {s}, SAME: one zero before and one "
               "after."),
        "zh": ("SAME，卷积核 {k}，步幅 {s}，{n} 个像素：每边 {before} 个零",
               "{n} 个像素（编号从一开始），卷积核 {k}，步幅 {s}，SAME：前面一个零，后面一个零。"),
    },
    "same8": {
        "en": ("SAME, kernel {k}, stride {s} on {n} pixels: {after} zero after only",
               "{n} pixels (1-based), kernel {k}, stride {s}, SAME: no zero before, one after."),
        "zh": ("SAME，卷积核 {k}，步幅 {s}，{n} 个像素：只在后面补 {after} 个零",
               "{n} 个像素（编号从一开始），卷积核 {k}，步幅 {s}，SAME：前面不补零，后面补一个。"),
    },
    "dilation": {
        "en": ("Kernel {k} with dilation {d}: taps two pixels apart",
               "{n} pixels (1-based), kernel {k}, dilation {d}, stride {s}, no padding. Each "
               "window spans {span} pixels but reads only {k} (the squares); {out} neurons fit."),
        "zh": ("卷积核 {k}，膨胀 {d}：抽头之间相隔两个像素",
               "{n} 个像素（编号从一开始），卷积核 {k}，膨胀 {d}，步幅 {s}，不填充。每个窗口跨越 "
               "{span} 个像素，但只读取其中 {k} 个（方块）；放得下 {out} 个神经元。"),
    },
}  # fmt: skip


def _axis_figure(name: str, lang: str) -> str:
    """One axis figure of `AXES`, its title and caption filled from `_axis_numbers`."""
    title, caption = (w.format(**_axis_numbers(name)) for w in AXIS_WORDS[name][lang])
    a = {"stride": 1, "padding": "valid", "dilation": 1, "neurons": "all", **AXES[name]}
    drawing = figures.axis_windows(
        a.pop("size"), a.pop("kernel"), a.pop("stride"), a.pop("padding"), a.pop("dilation"),
        one_based=True, title=title, lang=lang, **a,
    )  # fmt: skip
    return svg.figure(drawing, caption)


TILES_WORDS = {
    "en": (
        "Kernel {kh} x {kw}, stride ({sh}, {sw}): the neuron in row {r}, column {c}",
        "A {h} x {w} input (1-based rows and columns), kernel {kh} x {kw}, stride {sh} down and "
        "{sw} across, no padding: a {oh} x {ow} output. The neuron in row {r}, column {c} reads "
        "rows {r0} to {r1} and columns {c0} to {c1}; every pixel belongs to exactly one "
        "neuron's window.",
    ),
    "zh": (
        "卷积核 {kh} x {kw}，步幅 ({sh}, {sw})：第 {r} 行、第 {c} 列的神经元",
        "{h} x {w} 的输入（行列编号从一开始），卷积核 {kh} x {kw}，纵向步幅 {sh}、横向步幅 {sw}，"
        "不填充：输出 {oh} x {ow}。第 {r} 行、第 {c} 列的神经元读取第 {r0} 至 {r1} 行、第 {c0} 至 "
        "{c1} 列；每个像素恰好属于一个神经元的窗口。",
    ),
}


def _tiles_numbers() -> dict[str, int]:
    """The 2-D stride figure's numbers: settings, output and the picked neuron's window."""
    (h, w), (kh, kw), (sh, sw), (r, c) = (TILES[k] for k in ("size", "kernel", "stride", "neuron"))
    g = layer_geometry((h, w), (kh, kw), (sh, sw))
    rows, cols = input_window(r, h, kh, sh), input_window(c, w, kw, sw)
    # "every pixel belongs to exactly one neuron's window"
    assert all(len(neurons_seeing(p, h, kh, sh)) == 1 for p in range(h))
    assert all(len(neurons_seeing(p, w, kw, sw)) == 1 for p in range(w))
    return {"h": h, "w": w, "kh": kh, "kw": kw, "sh": sh, "sw": sw, "oh": g.output[0],
            "ow": g.output[1], "r": r + 1, "c": c + 1, "r0": rows[0] + 1, "r1": rows[-1] + 1,
            "c0": cols[0] + 1, "c1": cols[-1] + 1}  # fmt: skip


def _tiles_figure(lang: str) -> str:
    """The 2-D stride figure: one neuron's window on a tiled input."""
    title, caption = (w.format(**_tiles_numbers()) for w in TILES_WORDS[lang])
    drawing = figures.grid_mapping(
        TILES["size"], TILES["kernel"], TILES["stride"], "valid", neuron=TILES["neuron"],
        one_based=True, title=title, lang=lang,
    )  # fmt: skip
    return svg.figure(drawing, caption)


def define(env) -> None:
    """Register the Strides and dilation page's facts and figures."""
    assert output_size(SIZE, KERNEL, 1, "same") == 64 and output_size(SIZE, KERNEL, 2, "same") == 32
    env.variables["strides_same_s2"] = output_size(SIZE, KERNEL, 2, "same")
    _skipped(env)
    _floor(env)
    _same_stride(env)
    _shapes(env)
    _dilation(env)
    _answers(env)
    assert input_window(1, 6, 2, 2) == [2, 3] and input_window(1, 9, 3, 3) == [3, 4, 5]
    assert input_window(3, 8, 3, 2, ((0, 2))) == [6, 7, 8]  # the dropped fourth window
    assert _tiles_numbers()["r0"] == 3 and _axis_numbers("floor")["next_start"] == 7

    @env.macro
    def strides_figure(name: str) -> str:
        if name == "tiles":
            return _tiles_figure(page_lang(env))
        if name not in AXES:
            raise ValueError(f"name must be 'tiles' or one of {', '.join(AXES)}, got {name!r}")
        return _axis_figure(name, page_lang(env))
