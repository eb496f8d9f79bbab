"""Per-axis tables for the compressed explorer (grids too large to draw cell by cell).

A 2-D window is the product of a row window and a column window, so one
table per axis describes the whole layer in ``O(H + W)`` entries instead of
``O(H * W)``. For every output index the table holds its window (tap order),
the 1-based number words and counts the sentences need, and the slots of the
detail view around it; for every input position (padding included) the
outputs that see it, their words and its detail slots. The page's script
lights the product of a row list and a column list and fills the sentence
templates; it computes no geometry.
"""

from __future__ import annotations

from typing import Any

from convmap.figures.messages import number_runs
from convmap.figures.numbering import real_numbers
from convmap.figures.track import slots_around

__all__ = ["DETAIL_CONTEXT", "axis_table"]

#: Neighbours shown on each side of the marked positions in the detail view.
DETAIL_CONTEXT = 1


def _neuron_entry(layer: Any, axis: int, index: int, lang: str) -> list[Any]:
    window = layer.window(axis, index)
    size = layer.input[axis]
    padded = layer.padded(axis)
    real = real_numbers(window, size)
    return [
        window,
        number_runs(real, lang),
        len(real),
        len(set(window)),
        slots_around(padded.start, padded.stop, window, DETAIL_CONTEXT),
        slots_around(0, layer.output[axis], [index], DETAIL_CONTEXT + 1),
    ]


def _pixel_entry(layer: Any, axis: int, position: int, lang: str) -> list[Any]:
    seeing = layer.seeing(axis, position)
    padded = layer.padded(axis)
    return [
        seeing,
        number_runs([i + 1 for i in seeing], lang),
        slots_around(padded.start, padded.stop, [position], DETAIL_CONTEXT + 1),
        slots_around(0, layer.output[axis], seeing, DETAIL_CONTEXT),
    ]


def axis_table(layer: Any, axis: int, lang: str = "en") -> dict[str, Any]:
    """The compressed explorer's table for one axis (0 rows, 1 columns).

    Args:
        layer: A resolved `convmap.figures.explorer_data.Layer`.
        axis: 0 for rows, 1 for columns.
        lang: Language of the number words.

    Returns:
        ``{"size", "out", "first", "neurons", "pixels"}``: ``size`` real
        positions, ``out`` outputs, ``first`` the first padded position
        (``-before``); ``neurons[i]`` is ``[window, real_words, real_count,
        distinct_count, input_slots, output_slots]`` for output ``i``;
        ``pixels[p - first]`` is ``[seeing, seeing_words, input_slots,
        output_slots]`` for input ``p``. Slots list 0-based indices, ``None``
        (JSON ``null``) for an ellipsis.

    Examples:
        >>> from convmap.figures.explorer_data import resolve_layer
        >>> t = axis_table(resolve_layer(64, 4, 1, "same", 1), 1)
        >>> t["first"], t["neurons"][63][:4]
        (-1, [[62, 63, 64, 65], '63-64', 2, 4])
        >>> t["pixels"][0 - t["first"]][:2]
        [[0, 1], '1-2']
    """
    padded = layer.padded(axis)
    return {
        "size": layer.input[axis],
        "out": layer.output[axis],
        "first": padded.start,
        "neurons": [_neuron_entry(layer, axis, i, lang) for i in range(layer.output[axis])],
        "pixels": [_pixel_entry(layer, axis, p, lang) for p in padded],
    }
