"""Sharing a call's work between threads, with a pool of threads kept between calls.

Starting a thread costs tens of microseconds on every call; the kernel keeps
its helper threads (`WorkerPool`) and hands them work. The calling thread
always works too, so a call finishes even when every helper is busy with
another call. NumPy releases the GIL in the copies and products, so the
threads run at the same time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from convmap.kernel.settings import KernelSettings

__all__ = ["WORKERS", "WorkerPool", "cpu_count", "worker_count"]

T = TypeVar("T")


def cpu_count() -> int:
    """The number of CPUs this process may run on.

    Examples:
        >>> cpu_count() >= 1
        True
    """
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(settings: KernelSettings) -> int:
    """How many threads may work on one call under ``settings``.

    Examples:
        >>> worker_count(KernelSettings(threads=3))
        3
        >>> worker_count(KernelSettings(max_threads=1))
        1
    """
    if settings.threads is not None:
        return settings.threads
    return max(1, min(cpu_count(), settings.max_threads))


class WorkerPool:
    """Helper threads kept between calls; `share` runs a work function on several.

    Examples:
        >>> pool = WorkerPool()
        >>> done = []
        >>> pool.share(lambda items: done.extend(items), range(10), 3)
        >>> sorted(done) == list(range(10))
        True
    """

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._size = 0
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Drop the helper threads without waiting (a forked child has none of them)."""
        self._executor, self._size = None, 0
        self._lock = threading.Lock()

    def _helpers(self, count: int) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None or self._size < count:
                old = self._executor
                self._executor = ThreadPoolExecutor(count, thread_name_prefix="convmap-kernel")
                self._size = count
                if old is not None:
                    old.shutdown(wait=False)
            return self._executor

    def share(self, work: Callable[[Iterator[T]], None], items: Iterable[T], threads: int) -> None:
        """Run ``work(items)`` on ``threads`` threads that take items in turn.

        Each thread calls ``work`` once with an iterator that hands out the
        next unclaimed item, so a thread that falls behind simply takes fewer.
        The first error of any thread is raised in the caller after all have
        stopped.
        """
        if threads <= 1:
            work(iter(items))
            return
        source = iter(items)
        lock = threading.Lock()

        def claimed() -> Iterator[T]:
            while True:
                with lock:
                    item = next(source, _DONE)
                if item is _DONE:
                    return
                yield item

        executor = self._helpers(threads - 1)
        futures = [executor.submit(work, claimed()) for _ in range(threads - 1)]
        error: BaseException | None = None
        try:
            work(claimed())
        except BaseException as caught:  # noqa: BLE001 - re-raised once the helpers stop
            error = caught
        for future in futures:
            try:
                future.result()
            except BaseException as caught:  # noqa: BLE001
                error = error or caught
        if error is not None:
            raise error


_DONE = object()

#: The pool the kernel uses.
WORKERS = WorkerPool()
if hasattr(os, "register_at_fork"):  # a forked child must start its own helper threads
    os.register_at_fork(after_in_child=WORKERS.forget)
