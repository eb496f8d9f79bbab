"""Home: the question, the short answer, one picture, the numbering rule."""

from __future__ import annotations

from convmap import figures, input_window, svg
from docs_site import pieces
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
        drawing = figures.axis_windows(
            SIZE,
            KERNEL,
            STRIDE,
            PADDING,
            neurons=[0, qa.out - 1],
            one_based=True,
            title="The first and last SAME windows on the 64-pixel axis",
        )
        caption = (
            f"One axis of the {qa.size} x {qa.size} image; pixel and neuron numbers are "
            f"1-based, as in the Q&A. Hatched cells are padded zeros. Neuron 1 reads "
            f"{pieces.pixel_words(first, SIZE)}; neuron {qa.out} reads "
            f"{pieces.pixel_words(last, SIZE)}."
        )
        return svg.figure(drawing, caption)
