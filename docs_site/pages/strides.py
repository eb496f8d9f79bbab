"""Strides and dilation: skipped pixels, floor vs ceil, non-square settings, dilation."""

from __future__ import annotations

from convmap import figures, input_window, layer_geometry, neurons_seeing, output_size, svg
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import KERNEL, SIZE


def _span(window: list[int]) -> str:
    """A run of 0-based pixels in the site's 1-based words: ``"4 to 6"``."""
    return f"{window[0] + 1} to {window[-1] + 1}"


def _skipped(env) -> None:
    n, k, s = 10, 2, 3
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
    n, k, s = 8, 3, 2
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
    assert rows["n"] == 8
    from convmap import padding_amounts

    odd, even = padding_amounts(7, 3, 2, "same"), padding_amounts(8, 3, 2, "same")
    assert odd == (1, 1) and even == (0, 1) and output_size(7, 3, 2, "same") == 4
    out = output_size(8, 3, 2, "same")
    places = (out - 1) * 2 + 3
    assert places == 9 and places - 7 == sum(odd) and places - 8 == sum(even)
    env.variables["strides_same"] = {
        "out": out, "places": places, "odd": odd, "even": even, "k": 3, "n_odd": 7, "n_even": 8
    }  # fmt: skip
    env.variables["strides_same_places"] = f"({out} - 1) x 2 + 3 = {places}"


def _shapes(env) -> None:
    g = pieces.example_globals("strides/keras_shape.py")["g"]
    assert g.output == (1, 621) and g.padding == ((0, 0), (0, 0))
    last = input_window(g.output[1] - 1, 720, 100)
    env.variables["strides_keras_out"] = g.output
    env.variables["strides_keras"] = {"kh": 5, "kw": 100}
    env.variables["strides_keras_cols"] = f"720 - 100 + 1 = {g.output[1]}"
    env.variables["strides_keras_last"] = _span(last)
    g2 = layer_geometry((6, 9), (2, 3), (2, 3))
    assert g2.output == (3, 3)
    assert all(len(neurons_seeing(p, 6, 2, 2)) == 1 for p in range(6))
    assert all(len(neurons_seeing(p, 9, 3, 3)) == 1 for p in range(9))
    env.variables["strides_tiles"] = {"input": "6 x 9", "kernel": "2 x 3", "stride": "(2, 3)"}
    env.variables["strides_tile_rows"] = _span(input_window(1, 6, 2, 2))
    env.variables["strides_tile_cols"] = _span(input_window(1, 9, 3, 3))


def _dilation(env) -> None:
    ex = pieces.example_globals("strides/dilation.py")
    span = 2 * (3 - 1) + 1
    assert ex["input_window"](0, 9, 3, dilation=2) == [0, 2, 4]
    assert output_size(9, 3, 1, "valid", 2) == 9 - span + 1 == 5
    assert all(neurons_seeing(p, 9, 3, 1, "valid", 2) for p in range(9))
    env.variables["strides_dil"] = {"n": 9, "k": 3, "d": 2}
    env.variables["strides_dil_span"] = f"2 x (3 - 1) + 1 = {span}"
    env.variables["strides_dil_out"] = f"9 - {span} + 1 = {output_size(9, 3, 1, 'valid', 2)}"
    env.variables["strides_dil_first"] = pieces.pixel_words(input_window(0, 9, 3, 1, "valid", 2), 9)


def _answers(env) -> None:
    n4 = output_size(SIZE, KERNEL, KERNEL)
    shared = set(input_window(0, SIZE, KERNEL, KERNEL)) & set(input_window(1, SIZE, KERNEL, KERNEL))
    assert n4 == 16 and not shared
    env.variables["strides_answer_tile"] = (
        f"{n4} neurons, and neighbours share {len(shared)} pixels: stride = kernel means the "
        "windows tile the axis exactly, like the Q&A's 8 x 8 max pooling."
    )
    k, s = 2, 3
    out = output_size(SIZE, k, s)
    lost = [p for p in range(SIZE) if not neurons_seeing(p, SIZE, k, s)]
    last = input_window(out - 1, SIZE, k, s)
    every_third = [p for p in lost if p % s == k]  # the pixel after each window
    after_last = [p for p in lost if p > last[-1] and p not in every_third]
    assert out == 21 and len(lost) == 22 and lost == every_third + after_last
    assert (every_third[0], every_third[-1], after_last) == (2, 62, [63])
    env.variables["strides_check_lost"] = {"k": k, "s": s}
    env.variables["strides_answer_lost"] = (
        f"{out} neurons read {k} pixels each, {k * out} in all, so **{len(lost)}** of the "
        f"{SIZE} pixels are never seen: every third pixel, {every_third[0] + 1}, "
        f"{every_third[1] + 1}, ..., {every_third[-1] + 1} ({len(every_third)} pixels, one after "
        f"each window), and pixel {after_last[0] + 1}, after the last window "
        f"({_span(last)})."
    )
    w3 = input_window(0, 20, 3, dilation=3)
    assert w3 == [0, 3, 6] and w3[-1] - w3[0] + 1 == 3 * (3 - 1) + 1 == 7
    env.variables["strides_answer_dil"] = (
        f"It spans 3 x (3 - 1) + 1 = {w3[-1] - w3[0] + 1} pixels and reads 3 of them: for the "
        f"first neuron, pixels {pieces.pixel_words(w3, 20)}."
    )


def _fig(lang, size, kernel, stride, dilation=1, words=None, **kw) -> str:
    padding, neurons = kw.pop("padding", "valid"), kw.pop("neurons", "all")
    title, caption = words[lang]
    drawing = figures.axis_windows(
        size, kernel, stride, padding, dilation, neurons=neurons, one_based=True, title=title,
        lang=lang, **kw,
    )  # fmt: skip
    return svg.figure(drawing, caption)


FIGURES = {
    "skipped": lambda lang: _fig(lang, 10, 2, 3, words={
        "en": ("Kernel 2, stride 3 on 10 pixels: some pixels are never read",
               "10 input pixels (1-based), kernel 2, stride 3, no padding. Each bar is one "
               "neuron's window. Crossed cells with a dashed border are pixels no neuron reads."),
        "zh": ("卷积核 2，步幅 3，10 个像素：有些像素从未被读取",
               "10 个输入像素（编号从一开始），卷积核 2，步幅 3，不填充。每一条是一个神经元的"
               "窗口。打叉并带虚线边框的格子是没有任何神经元读取的像素。"),
    }),
    "floor": lambda lang: _fig(lang, 8, 3, 2, show_dropped=True, words={
        "en": ("Kernel 3, stride 2 on 8 pixels: the last step does not fit",
               "8 input pixels (1-based), kernel 3, stride 2, no padding. Three windows fit. "
               "A fourth would start at pixel 7 and need a pixel 9, which does not exist, so "
               "there is no fourth neuron and pixel 8 is never read."),
        "zh": ("卷积核 3，步幅 2，8 个像素：最后一步放不下",
               "8 个输入像素（编号从一开始），卷积核 3，步幅 2，不填充。放得下三个窗口。"
               "第四个窗口要从像素 7 开始，需要一个并不存在的像素 9，所以没有第四个神经元，"
               "像素 8 从未被读取。"),
    }),
    "same7": lambda lang: _fig(lang, 7, 3, 2, padding="same", words={
        "en": ("SAME, kernel 3, stride 2 on 7 pixels: 1 zero each side",
               "7 pixels (1-based), kernel 3, stride 2, SAME: one zero before and one after."),
        "zh": ("SAME，卷积核 3，步幅 2，7 个像素：每边 1 个零",
               "7 个像素（编号从一开始），卷积核 3，步幅 2，SAME：前面一个零，后面一个零。"),
    }),
    "same8": lambda lang: _fig(lang, 8, 3, 2, padding="same", words={
        "en": ("SAME, kernel 3, stride 2 on 8 pixels: 1 zero after only",
               "8 pixels (1-based), kernel 3, stride 2, SAME: no zero before, one after."),
        "zh": ("SAME，卷积核 3，步幅 2，8 个像素：只在后面补 1 个零",
               "8 个像素（编号从一开始），卷积核 3，步幅 2，SAME：前面不补零，后面补一个。"),
    }),
    "dilation": lambda lang: _fig(lang, 9, 3, 1, 2, neurons=[0, 1], words={
        "en": ("Kernel 3 with dilation 2: taps two pixels apart",
               "9 pixels (1-based), kernel 3, dilation 2, stride 1, no padding. Each window "
               "spans 5 pixels but reads only 3 (the squares); 5 neurons fit."),
        "zh": ("卷积核 3，膨胀 2：抽头之间相隔两个像素",
               "9 个像素（编号从一开始），卷积核 3，膨胀 2，步幅 1，不填充。每个窗口跨越 "
               "5 个像素，但只读取其中 3 个（方块）；放得下 5 个神经元。"),
    }),
}  # fmt: skip


def _tiles_words(g2) -> dict[str, tuple[str, str]]:
    """Title and caption of the 2-D stride figure, per language."""
    rows, cols = g2.output
    return {
        "en": (
            "Kernel 2 x 3, stride (2, 3): the neuron in row 2, column 2",
            f"A 6 x 9 input (1-based rows and columns), kernel 2 x 3, stride 2 down and 3 "
            f"across, no padding: a {rows} x {cols} output. The neuron in "
            "row 2, column 2 reads rows 3 to 4 and columns 4 to 6; every pixel belongs to "
            "exactly one neuron's window.",
        ),
        "zh": (
            "卷积核 2 x 3，步幅 (2, 3)：第 2 行、第 2 列的神经元",
            f"6 x 9 的输入（行列编号从一开始），卷积核 2 x 3，纵向步幅 2、横向步幅 3，不填充："
            f"输出 {rows} x {cols}。第 2 行、第 2 列的神经元读取第 3 至 4 行、第 4 至 6 列；"
            "每个像素恰好属于一个神经元的窗口。",
        ),
    }


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
    g2 = layer_geometry((6, 9), (2, 3), (2, 3))
    assert input_window(1, 6, 2, 2) == [2, 3] and input_window(1, 9, 3, 3) == [3, 4, 5]
    assert input_window(3, 8, 3, 2, ((0, 2))) == [6, 7, 8]  # the dropped fourth window

    @env.macro
    def strides_figure(name: str) -> str:
        lang = page_lang(env)
        if name == "tiles":
            title, caption = _tiles_words(g2)[lang]
            drawing = figures.grid_mapping(
                (6, 9), (2, 3), (2, 3), "valid", neuron=(1, 1), one_based=True, title=title,
                lang=lang,
            )  # fmt: skip
            return svg.figure(drawing, caption)
        return FIGURES[name](lang)
