"""Home: the question, the short answer, one picture, the numbering rule."""

from __future__ import annotations

from convmap import figures, input_window, svg
from convmap.figures.numbering import number
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.qa_layer import KERNEL, PADDING, SIZE, STRIDE, facts


def _window(neuron: int) -> list[int]:
    return input_window(neuron, SIZE, KERNEL, STRIDE, PADDING)


def define(env) -> None:
    """Register ``qa`` (the Q&A's layer) and Home's facts and figure."""
    qa = facts()
    first, last = _window(0), _window(qa.out - 1)
    assert pieces.pixel_words(first, SIZE) == "zero, 1, 2, 3"
    assert pieces.pixel_words(last, SIZE) == "63, 64, zero, zero"
    assert (qa.pad_before, qa.pad_after, qa.neurons, qa.patch) == (1, 2, 32_768, 48)
    env.variables["qa"] = qa
    env.variables["home_first_window"] = first
    env.variables["home_last_window"] = last
    # The numbering rule, in the words the pages use.
    env.variables["home_first_pixel"] = pieces.pixel_word(0, SIZE)
    env.variables["home_last_pixel"] = pieces.pixel_word(SIZE - 1, SIZE)
    env.variables["home_first_index"] = 0
    env.variables["home_last_index"] = SIZE - 1
    env.variables["home_pad_indices"] = ", ".join(str(i) for i in last if not 0 <= i < SIZE)

    @env.macro
    def home_figure() -> str:
        lang = page_lang(env)
        first_words = pieces.pixel_words(first, SIZE, lang)
        last_words = pieces.pixel_words(last, SIZE, lang)
        shown = [0, qa.out - 1]  # the figure's neurons (0-based): the first and the last
        a, b = (number(i) for i in shown)
        titles = {
            "en": f"The first and last SAME windows on the {SIZE}-pixel axis",
            "zh": f"{SIZE} 像素轴上第一个和最后一个 SAME 窗口",
        }
        captions = {
            "en": (
                f"One axis of the {qa.size} x {qa.size} image; pixel and neuron numbers are "
                f"1-based, as in the Q&A. Hatched cells are padded zeros. Neuron {a} reads "
                f"{first_words}; neuron {b} reads {last_words}."
            ),
            "zh": (
                f"{qa.size} x {qa.size} 图像的一条轴；像素和神经元的编号与原问答一样从一开始。"
                f"带斜线的格子是填充的零。神经元 {a} 读取 {first_words}；"
                f"神经元 {b} 读取 {last_words}。"
            ),
        }
        drawing = figures.axis_windows(
            SIZE,
            KERNEL,
            STRIDE,
            PADDING,
            neurons=shown,
            one_based=True,
            title=titles[lang],
            lang=lang,
        )
        return svg.figure(drawing, captions[lang])
