"""Scratch buffers kept between calls.

Fresh memory from the operating system costs a page fault on the first touch
of every 4 KB page, which took as long as the arithmetic of the Q&A's second
layer. `ScratchPool` keeps a few small raw buffers (the sizes come from
`convmap.kernel.KernelSettings`) and hands them out again; outputs are
always fresh arrays.
"""

from __future__ import annotations

import math
import threading

import numpy as np

from convmap.kernel.settings import KernelSettings

__all__ = ["HEAP_BYTES", "SCRATCH", "ScratchPool", "clear_scratch"]

#: Arrays up to this size are plain `numpy.empty` (measured: taking and giving back a
#: kept buffer cost more than the whole product of the Q&A's conv2 at batch 1).
HEAP_BYTES = 1 << 15


class ScratchPool:
    """A thread-safe pool of raw (uint8) buffers reused as uninitialised arrays.

    Examples:
        >>> pool = ScratchPool()
        >>> a, raw = pool.take((128, 128), np.float32, KernelSettings())
        >>> a.shape, pool.kept_bytes()
        ((128, 128), 0)
        >>> pool.give(raw, KernelSettings())
        >>> pool.kept_bytes()
        65536
        >>> pool.take((2, 3), np.float32, KernelSettings())[1] is None  # small: plain np.empty
        True
    """

    def __init__(self) -> None:
        self._free: list[np.ndarray] = []
        self._lock = threading.Lock()

    def take(
        self, shape: tuple[int, ...], dtype, settings: KernelSettings
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """An uninitialised array, and the kept buffer under it (None if too big to keep).

        Reuses the smallest kept buffer that is large enough; give the buffer
        back with `give` once the array is no longer used.
        """
        dtype = np.dtype(dtype)
        nbytes = math.prod(shape) * dtype.itemsize
        small = nbytes <= HEAP_BYTES  # the allocator reuses its heap: no fresh pages to fault
        if small or nbytes > settings.scratch_bytes or settings.scratch_keep == 0:
            return np.empty(shape, dtype), None
        raw = None
        with self._lock:
            best = -1
            for i, kept in enumerate(self._free):
                if kept.nbytes >= nbytes and (best < 0 or kept.nbytes < self._free[best].nbytes):
                    best = i
            if best >= 0:
                raw = self._free.pop(best)
        if raw is None:
            raw = np.empty(max(nbytes, 1), np.uint8)
        return raw[:nbytes].view(dtype).reshape(shape), raw

    def give(self, raw: np.ndarray | None, settings: KernelSettings) -> None:
        """Keep a buffer from `take` for later calls (dropping the smallest if too many)."""
        if raw is None:
            return
        with self._lock:
            self._free.append(raw)
            while len(self._free) > settings.scratch_keep:
                del self._free[min(range(len(self._free)), key=lambda i: self._free[i].nbytes)]

    def buffers(self) -> tuple[np.ndarray, ...]:
        """The kept raw buffers (for inspection; they stay in the pool)."""
        with self._lock:
            return tuple(self._free)

    def kept_bytes(self) -> int:
        """Bytes held by kept buffers."""
        with self._lock:
            return sum(raw.nbytes for raw in self._free)

    def clear(self) -> None:
        """Drop every kept buffer."""
        with self._lock:
            self._free.clear()


#: The pool the kernel uses.
SCRATCH = ScratchPool()


def clear_scratch() -> None:
    """Drop the kernel's kept scratch buffers (e.g. before measuring peak memory).

    Examples:
        >>> clear_scratch()
        >>> SCRATCH.kept_bytes()
        0
    """
    SCRATCH.clear()
