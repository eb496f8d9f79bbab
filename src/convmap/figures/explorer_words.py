"""The explorer's sentences and names, from the message tables (no text in the script).

The cell-by-cell view stores one finished sentence per cell. The compressed
view stores the templates (`texts_for_script`) and, per axis, the number
words; the script fills a template with them and picks the variant by the
counts the data gives, exactly as `neuron_sentence` and `input_sentence` do
here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convmap.figures.messages import MESSAGES, message, number_runs
from convmap.figures.numbering import real_numbers

__all__ = [
    "input_name",
    "input_sentence",
    "neuron_name",
    "neuron_sentence",
    "reads_key",
    "seen_key",
    "texts_for_script",
]


def neuron_name(layer: Any, r: int, c: int, lang: str) -> str:
    """``"Neuron 64"`` (one axis) or ``"Neuron (1, 2)"``, 1-based.

    Examples:
        >>> from convmap.figures.explorer_data import resolve_layer
        >>> neuron_name(resolve_layer(64, 4, 1, "same", 1), 0, 63, "en")
        'Neuron 64'
    """
    if layer.one_axis:
        return message("ex_neuron_1d", lang, n=c + 1)
    return message("ex_neuron_2d", lang, r=r + 1, c=c + 1)


def input_name(layer: Any, r: int, c: int, lang: str) -> str:
    """``"Pixel 1"``, ``"Pixel (1, 2)"`` or ``"Padding zero (pad)"`` (padding has no number).

    Examples:
        >>> from convmap.figures.explorer_data import resolve_layer
        >>> input_name(resolve_layer((3, 3), 3, 1, "same", 1), -1, 0, "zh")
        '填充零'
    """
    H, W = layer.input
    if not (0 <= r < H and 0 <= c < W):
        return message("ex_pad_cell", lang)
    if layer.one_axis:
        return message("ex_pixel_1d", lang, n=c + 1)
    return message("ex_pixel_2d", lang, r=r + 1, c=c + 1)


def reads_key(one_axis: bool, real: int, zeros: int) -> str:
    """Which "reads" template fits: by the counts of real pixels and padded zeros.

    Examples:
        >>> reads_key(True, 2, 2), reads_key(True, 3, 1), reads_key(False, 9, 0)
        ('ex_reads_1d_pad', 'ex_reads_1d_pad_one', 'ex_reads_2d')
    """
    if one_axis:
        if real == 0:
            return "ex_reads_1d_only_pad"
        return {0: "ex_reads_1d", 1: "ex_reads_1d_pad_one"}.get(zeros, "ex_reads_1d_pad")
    return "ex_reads_2d" if zeros == 0 else "ex_reads_2d_pad"


def seen_key(one_axis: bool, count: int) -> str:
    """Which "seen" template fits the number of neurons seeing a position.

    Examples:
        >>> seen_key(True, 0), seen_key(False, 1), seen_key(False, 4)
        ('ex_seen_none', 'ex_seen_2d_one', 'ex_seen_2d')
    """
    if count == 0:
        return "ex_seen_none"
    suffix = "_one" if count == 1 else ""
    return ("ex_seen_1d" if one_axis else "ex_seen_2d") + suffix


def neuron_sentence(
    layer: Any, r: int, c: int, wr: Sequence[int], wc: Sequence[int], lang: str
) -> str:
    """What output ``(r, c)`` reads, in words (1-based; padded zeros counted, not numbered).

    Examples:
        >>> from convmap.figures.explorer_data import resolve_layer
        >>> layer = resolve_layer((5, 5), 3, 1, "same", 1)
        >>> neuron_sentence(layer, 0, 0, [-1, 0, 1], [-1, 0, 1], "en")
        'Neuron (1, 1) reads rows 1-2, columns 1-2 (9 cells); 5 of them are padded zeros (pad).'
    """
    H, W = layer.input
    rows, cols = real_numbers(wr, H), real_numbers(wc, W)
    cells = len(set(wr)) * len(set(wc))
    zeros = cells - len(rows) * len(cols)
    if layer.one_axis:
        zeros = len(set(wc)) - len(cols)
    key = reads_key(layer.one_axis, len(cols) if layer.one_axis else cells - zeros, zeros)
    return message(
        key,
        lang,
        name=neuron_name(layer, r, c, lang),
        pixels=number_runs(cols, lang),
        rows=number_runs(rows, lang),
        cols=number_runs(cols, lang),
        cells=cells,
        zeros=zeros,
    )


def input_sentence(
    layer: Any, r: int, c: int, sr: Sequence[int], sc: Sequence[int], shown: int, lang: str
) -> str:
    """Which neurons see input ``(r, c)``, in words; ``shown`` of them are drawn.

    Examples:
        >>> from convmap.figures.explorer_data import resolve_layer
        >>> layer = resolve_layer(64, 4, 1, "same", 1)
        >>> input_sentence(layer, 0, 0, [0], [0, 1], 2, "en")
        'Pixel 1 is seen by 2 neurons: 1-2.'
    """
    count = len(sr) * len(sc)
    rows = number_runs([i + 1 for i in sr], lang)
    cols = number_runs([j + 1 for j in sc], lang)
    say = message(
        seen_key(layer.one_axis, count),
        lang,
        name=input_name(layer, r, c, lang),
        count=count,
        neurons=cols,
        rows=rows,
        cols=cols,
    )
    if shown < count:
        say += message("ex_in_crop_one" if shown == 1 else "ex_in_crop", lang, shown=shown)
    return say


_SCRIPT_KEYS = (
    "ex_intro",
    "ex_neuron_1d",
    "ex_neuron_2d",
    "ex_pixel_1d",
    "ex_pixel_2d",
    "ex_pad_cell",
    "ex_reads_1d",
    "ex_reads_1d_pad",
    "ex_reads_1d_pad_one",
    "ex_reads_1d_only_pad",
    "ex_reads_2d",
    "ex_reads_2d_pad",
    "ex_seen_none",
    "ex_seen_1d",
    "ex_seen_1d_one",
    "ex_seen_2d",
    "ex_seen_2d_one",
    "ex_out_of_range",
    "ex_pick_neuron",
    "ex_pick_pixel",
    "ex_row",
    "ex_col",
    "pad",
)


def texts_for_script(layer: Any, lang: str) -> dict[str, str]:
    """The templates and labels the page's script shows, in ``lang``.

    Examples:
        >>> from convmap.figures.explorer_data import resolve_layer
        >>> texts_for_script(resolve_layer(8, 3, 1, "valid", 1), "zh")["ex_step"]
        '单步'
    """
    table = MESSAGES[lang]
    words = {key: table[key] for key in _SCRIPT_KEYS}
    for key in ("ex_play", "ex_pause", "ex_step", "ex_clear", "ex_show"):
        words[key] = table[key]
    words["list_sep"] = table["list_sep"]
    return words
