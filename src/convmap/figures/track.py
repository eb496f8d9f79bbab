"""The compressed-axis layout: which positions of a long axis get a slot.

A long axis (the Q&A's 64 pixels, or 512 on the live page) is drawn with
only the positions that matter (the ends, the marked ones and their
neighbours), one ellipsis slot for each hidden run. Every figure and the
explorer's compressed view lay out their axes with `track`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from convmap.figures.svg import CELL

__all__ = ["Track", "slots_around", "track"]


class Track:
    """Positions of a compressed axis: shown indices and ellipsis gaps.

    Build one with `track`. ``slots`` lists, left to right, either an
    index or ``None`` for an ellipsis gap; every slot is one cell wide.

    Attributes:
        slots: The indices shown, ``None`` marking a gap.
        start: Coordinate of the first slot's left edge.
        size: Width of one slot.

    Examples:
        >>> t = Track([0, 1, None, 9], start=10, size=20)
        >>> t.pos(9), t.length, t.shown(5)
        (70, 80, False)
    """

    def __init__(self, slots: Sequence[int | None], start: float = 0, size: float = CELL):
        self.slots = list(slots)
        self.start = start
        self.size = size
        self._where = {s: i for i, s in enumerate(self.slots) if s is not None}

    def shown(self, index: int) -> bool:
        """Whether ``index`` has a slot (is drawn)."""
        return index in self._where

    def pos(self, index: int) -> float:
        """Left edge of the slot of ``index`` (``KeyError`` if it is not shown)."""
        return self.start + self._where[index] * self.size

    def gaps(self) -> list[float]:
        """Left edges of the ellipsis slots."""
        return [self.start + i * self.size for i, s in enumerate(self.slots) if s is None]

    def indices(self) -> list[int]:
        """The shown indices, left to right."""
        return [s for s in self.slots if s is not None]

    @property
    def length(self) -> float:
        """Total length of the track."""
        return len(self.slots) * self.size


def slots_around(lo: int, hi: int, keep: Iterable[int], context: int = 1) -> list[int | None]:
    """Slots for ``lo .. hi - 1`` showing the ends, ``keep`` and ``context`` neighbours.

    A run of two or more hidden indices becomes one gap (``None``); a single
    hidden index is shown.

    Examples:
        >>> slots_around(0, 64, [30], context=1)
        [0, None, 29, 30, 31, None, 63]
    """
    wanted = {lo, hi - 1}
    for k in keep:
        wanted.update(j for j in range(k - context, k + context + 1) if lo <= j < hi)
    slots: list[int | None] = []
    previous = None
    for j in sorted(wanted):
        if previous is not None and j - previous == 2:
            slots.append(j - 1)
        elif previous is not None and j - previous > 2:
            slots.append(None)
        slots.append(j)
        previous = j
    return slots


def track(
    lo: int,
    hi: int,
    keep: Iterable[int] = (),
    context: int = 1,
    max_slots: int = 26,
    start: float = 0,
    size: float = CELL,
) -> Track:
    """Lay out indices ``lo .. hi - 1``, compressing long runs into one ellipsis.

    When the whole range fits in ``max_slots`` it is shown in full. Otherwise
    only ``lo``, ``hi - 1``, the ``keep`` indices and ``context`` neighbours
    of each are shown; a run of two or more hidden indices becomes one gap
    (``None``), a single hidden index is simply shown.

    Args:
        lo: First index (may be negative, e.g. padding).
        hi: One past the last index.
        keep: Indices that must be shown.
        context: Neighbours shown on each side of a kept index.
        max_slots: Show everything when ``hi - lo`` is at most this.
        start: Coordinate of the first slot.
        size: Slot width.

    Returns:
        A `Track`.

    Examples:
        >>> track(-1, 66, keep=[0, 63], context=1).slots
        [-1, 0, 1, None, 62, 63, 64, 65]
        >>> track(0, 5).slots
        [0, 1, 2, 3, 4]
    """
    if hi - lo <= max_slots:
        return Track(list(range(lo, hi)), start, size)
    return Track(slots_around(lo, hi, keep, context), start, size)
