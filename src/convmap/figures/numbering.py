"""The site's numbering rule for every figure: 1-based numbers, padding is "pad".

Pixels and neurons are numbered from 1, as in the Q&A ("pixel 1" is index
0). A padded position has no number: it is drawn hatched and labelled
"pad" (Chinese "填充"). The 0-based indices stay in the data attributes
(``data-row``, ``data-col``), which are data, not visible text. Every figure
that shows numbers carries ``data-numbering="1-based"`` on its root.
"""

from __future__ import annotations

from collections.abc import Sequence

from convmap.figures.messages import message, number_runs

__all__ = ["NUMBERING", "number", "pixel_label", "pixels_in_words", "real_numbers", "runs_of"]

#: The value of every figure root's ``data-numbering`` attribute.
NUMBERING = "1-based"


def number(index: int) -> int:
    """The 1-based number of a 0-based index.

    Examples:
        >>> number(0), number(63)
        (1, 64)
    """
    return index + 1


def pixel_label(index: int, size: int, lang: str = "en") -> str:
    """The label of a position on an axis of ``size``: its number, or "pad".

    Args:
        index: 0-based index (padded positions are outside ``0..size-1``).
        size: Number of real positions.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        ``"1"`` .. ``str(size)``, or ``"pad"`` / ``"填充"``.

    Examples:
        >>> pixel_label(0, 64), pixel_label(-1, 64), pixel_label(64, 64, "zh")
        ('1', 'pad', '填充')
    """
    return str(index + 1) if 0 <= index < size else message("pad", lang)


def real_numbers(window: Sequence[int], size: int) -> list[int]:
    """The 1-based numbers of the real positions in ``window``, in order, without repeats.

    Examples:
        >>> real_numbers([-1, 0, 1, 2], 64)
        [1, 2, 3]
    """
    return sorted({p + 1 for p in window if 0 <= p < size})


def pixels_in_words(window: Sequence[int], size: int, lang: str = "en") -> str:
    """A window in words: the real pixels' numbers, then the padded zeros.

    Examples:
        >>> pixels_in_words([-1, 0, 1, 2], 64)
        'a padded zero, 1, 2, 3'
        >>> pixels_in_words([62, 63, 64, 65], 64, "zh")
        '63、64、一个填充的零、一个填充的零'
    """
    words = [str(p + 1) if 0 <= p < size else message("axis_pad_word", lang) for p in window]
    return message("list_sep", lang).join(words)


def runs_of(window: Sequence[int], size: int, lang: str = "en") -> str:
    """The real pixels of a window as 1-based number runs.

    Examples:
        >>> runs_of([-1, 0, 1, 2], 64)
        '1-3'
    """
    return number_runs(real_numbers(window, size), lang)
