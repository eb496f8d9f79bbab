"""A pool's column pass as shifted operations on whole rows, for short channel runs.

In NHWC memory a row of the row pass's result is ``w * c`` values, and
column ``j + 1`` starts ``c`` values after column ``j``. Combining the row
with itself shifted by ``c``, ``2c``, ... values gives, at every pixel, the
reduction of the ``kw`` columns starting there: each operation is one
contiguous loop. The outputs then take every ``sw``-th pixel (one strided
copy). Reading taps column by column instead (`convmap.kernel.pooling`'s
general pass) runs one inner loop per pixel, only ``c`` values long.

Measured with NumPy 2.4 on a 2-core Xeon (``benchmarks/pool_columns.py``;
`shifting_pays` is the rule read off its grid of shapes): a 3 x 3/2 column
pass alone took 0.39 to 0.91 of the taps' time on 3 to 64 channels (1.32 on
256); windows that do not overlap lost from 8 to 64 channels on (sooner for
sums of more columns), and every window lost on one channel. Whole pools
gained less or lost: 0.89 to 1.17 times the taps' time on one thread, 0.88
to 1.61 on two (the benchmark's 3 x 3/2 pool of 64 channels: 1.04 and 1.61),
so it is off unless ``KernelSettings.pool_shift_channels`` is set.

Values past a row's end are computed but never selected: only outputs
whose window lies inside the row (the *interior*) are read from the shifted
result; the few edge outputs, whose windows meet padding, reduce their real
columns directly. Max and min combine windows by doubling (``log2 kw``
operations: overlaps do not change a maximum); sums add each column once, in
column order.
"""

from __future__ import annotations

import numpy as np

from convmap.kernel.settings import KernelSettings

__all__ = ["interior", "shifted_columns", "shifting_pays"]

#: Ufuncs for which combining overlapping windows is exact.
_IDEMPOTENT = (np.maximum, np.minimum, np.fmax, np.fmin)


def interior(width: int, kernel: int, stride: int, before: int, out: int) -> tuple[int, int]:
    """The outputs ``lo .. hi - 1`` whose whole window lies inside ``0 .. width - 1``.

    Examples:
        >>> interior(56, 3, 2, 0, 28)  # SAME 3/2: the last window meets padding
        (0, 27)
        >>> interior(5, 3, 1, 1, 5)
        (1, 4)
    """
    lo = min(out, -(-before // stride))
    hi = min(out, (width - kernel + before) // stride + 1)
    return lo, max(lo, hi)


def _operations(kernel: int, ufunc) -> int:
    if ufunc in _IDEMPOTENT:
        return kernel.bit_length() - 1 + (kernel & (kernel - 1) != 0)
    return kernel - 1


def shifting_pays(kernel: int, stride: int, channels: int, ufunc, settings: KernelSettings) -> bool:
    """Whether the shifted column pass is expected to beat reading taps column by column.

    A rule read off measurements (``benchmarks/pool_columns.py``, 60 shapes of
    2 x 2/2 to 8 x 8/8 windows, 1 to 256 channels, max and sum): shifting wins
    where the taps' inner loops are short, i.e. few channels, and loses where
    it needs more than 3 whole-row operations. With ``c`` the
    ``pool_shift_channels`` setting, it shifts for 2 to ``c`` channels when
    windows do not overlap (``kernel <= stride``), up to ``2 c`` at stride 1
    (taps of adjacent columns) and up to ``8 c`` for overlapping windows at a
    larger stride, whose strided taps also read the skipped columns'
    memory. One channel keeps the taps: their inner loop then runs along the
    row, as long as the output.

    Examples:
        >>> s = KernelSettings(pool_shift_channels=8)
        >>> shifting_pays(3, 2, 64, np.maximum, s), shifting_pays(2, 2, 64, np.maximum, s)
        (True, False)
        >>> shifting_pays(8, 8, 8, np.maximum, s), shifting_pays(8, 8, 8, np.add, s)
        (True, False)
        >>> shifting_pays(3, 2, 64, np.maximum, KernelSettings())  # off by default
        False
    """
    limit = settings.pool_shift_channels
    if not limit:
        return False  # off (the default)
    if kernel > stride:
        limit *= 2 if stride == 1 else 8
    return 2 <= channels <= limit and kernel >= 2 and _operations(kernel, ufunc) <= 3


def _windows(flat: np.ndarray, kernel: int, c: int, ufunc, buffers) -> np.ndarray:
    """A buffer whose first ``flat.size - (kernel - 1) * c`` values reduce ``kernel`` columns."""
    size = flat.size
    if kernel == 1:
        return flat
    if ufunc not in _IDEMPOTENT:
        q = buffers[0]
        ufunc(flat[: size - c], flat[c:], out=q[: size - c])
        for j in range(2, kernel):
            valid = size - j * c
            ufunc(q[:valid], flat[j * c :], out=q[:valid])
        return q
    source, width, turn = flat, 1, 0
    while width < kernel:
        step = min(width, kernel - width)  # windows of width + step columns
        valid = size - (width + step - 1) * c
        ufunc(source[:valid], source[step * c : step * c + valid], out=buffers[turn][:valid])
        source, width, turn = buffers[turn], width + step, 1 - turn
    return source


def shifted_columns(
    rows: np.ndarray, geometry: tuple[int, int, int, int], ufunc, dest: np.ndarray | None,
    chunk_bytes: int,
) -> np.ndarray:  # fmt: skip
    """Pool C-contiguous ``rows`` ``(n, oh, w, c)`` along its columns into ``dest``.

    ``geometry`` is ``(kernel, stride, before, out)``; ``dest`` is a
    C-contiguous ``(n, oh, out, c)`` array of ``rows``' dtype, or None for a
    new one. The rows are taken in chunks of
    about ``chunk_bytes`` so the shifted buffers stay small and in cache.
    Every window must hold at least one real column.

    Examples:
        >>> r = np.arange(10.0).reshape(1, 1, 5, 2)
        >>> d = np.empty((1, 1, 3, 2))
        >>> print(shifted_columns(r, (3, 2, 1, 3), np.maximum, d, 1 << 16)[0, 0])
        [[2. 3.]
         [6. 7.]
         [8. 9.]]
    """
    kernel, stride, before, out = geometry
    n, oh, w, c = rows.shape
    dest = np.empty((n, oh, out, c), rows.dtype) if dest is None else dest
    lo, hi = interior(w, kernel, stride, before, out)
    if lo < hi:
        flat_rows, flat_dest = rows.reshape(n * oh, w * c), dest.reshape(n * oh, out, c)
        step = max(1, chunk_bytes // max(1, flat_rows[:1].nbytes))
        length = min(step, n * oh) * w * c
        buffers = [np.empty(length, rows.dtype) for _ in range(2 if ufunc in _IDEMPOTENT else 1)]
        first = lo * stride - before
        for start in range(0, n * oh, step):
            part = flat_rows[start : start + step]
            q = _windows(part.reshape(-1), kernel, c, ufunc, buffers)
            picked = q[: part.size].reshape(len(part), w, c)[:, first::stride][:, : hi - lo]
            np.copyto(flat_dest[start : start + len(part), lo:hi], picked)
    for o in [*range(lo), *range(hi, out)]:
        a, b = max(o * stride - before, 0), min(o * stride - before + kernel, w)
        ufunc.reduce(rows[:, :, a:b], axis=2, out=dest[:, :, o])
    return dest
