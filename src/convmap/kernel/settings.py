"""The fast kernel's tuning knobs, as one immutable settings object.

Every knob the kernel has lives in `KernelSettings`. The kernel reads the
settings in force when a call starts (`current_settings`) and passes them
down explicitly, so worker threads see the same values as the caller. Change
them for a block of code with `use_settings` (a context manager: the old
values come back on exit, also in other threads and after an error), or pass
a `KernelSettings` to `convmap.kernel.conv2d_nhwc` directly. Nothing is
tuned by assigning module globals.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import numbers
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["KernelSettings", "current_settings", "use_settings"]


def _check_int(name: str, value: object, minimum: int, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        none = " or None" if allow_none else ""
        raise TypeError(
            f"KernelSettings.{name} must be an integer >= {minimum}{none}, got {value!r} "
            f"of type {type(value).__name__}"
        )
    if value < minimum:
        raise ValueError(f"KernelSettings.{name} must be an integer >= {minimum}, got {value}")


@dataclass(frozen=True)
class KernelSettings:
    """How the fast kernel splits and shares its work (results never depend on it).

    Attributes:
        block_bytes: Target size in bytes of one block of im2col rows (the
            reused buffer each thread fills and multiplies).
        pad_bytes: A padded (or converted) copy of the whole input is made
            when it takes at most this many bytes; a larger input is padded
            per group of images of about this size, inside the worker that
            computes that group, so no full copy of a big batch is made.
        parallel_macs: From this many multiply-adds on, a layer is shared
            between threads (0 shares every layer).
        max_threads: At most this many threads work on one call.
        threads: Exactly this many threads (None: one per CPU this process
            may use, at most ``max_threads``).
        blas_width: A layer whose weight matrix (im2col row length times
            output columns, with a tile's band) has at least this many entries
            runs on one kernel thread with one matrix product per block, and
            BLAS's own threads share each product (wide products are what
            BLAS threads well; cut into small products they would run a few
            rows at a time). Measured on 2 cores: the kernel's threads won on
            a 5x5 16->32 layer (30,720 entries) and lost on the 11x11/4
            3->96 one (34,848), hence the default of 32,768.
        blas_columns: The same for a weight matrix of at least this many
            columns (output channels times tile; 0: no such limit). Measured
            interleaved (benchmarks/compare_settings.py): the 7x7/2 3->64
            layer (tile 2, 128 columns) took about 1.3x as long on the
            kernel's threads; layers of 32 and 64 columns gained.
        product_macs: When the kernel runs its own threads, each matrix
            product is split into products of at most this many multiply-adds
            (0: never split), which OpenBLAS runs on the calling thread, so
            its own threads never wait for each other. On one thread each
            block is one matrix product.
        tile: Force this many output pixels per im2col row (None: the cost
            model of `convmap.kernel.choose_tile` decides; 1 is plain im2col).
        space_to_depth_bytes: A strided layer with few channels and a large
            kernel is turned into a stride-1 one by space-to-depth
            (`convmap.kernel.space_to_depth`) when the rearranged input
            takes at most this many bytes (0, the default: never; measured on
            the 7x7/2 and 11x11/4 layers of the benchmark it was slower than
            the direct and tiled paths, see benchmarks/RESULTS.md).
        row_taps_terms: A stride-1 layer (width dilation 1) whose kernel rows
            hold at least this many terms (kernel width times input channels)
            is computed by row taps (`convmap.kernel.row_taps`): products on
            the padded input itself, no im2col copy. 0, the default: never
            (`convmap.kernel.ROW_TAPS_TERMS`, 192, is the rule they had when
            they were on). Measured (benchmarks/alternatives.py, row taps
            forced on) on a 2-core AVX-512 Xeon: faster than the blocked
            im2col on the 3 x 3 64 -> 64 layer on 56 x 56 (192 terms), slower
            with 32 and 16 input channels. On a 2-core Xeon with AMX, where
            the benchmark now runs, they took 1.06 to 1.18 times as long as
            conv2d without them on every one of five 3 x 3 layers of 64 to
            128 channels they computed (64 -> 64 on 56 x 56 and 112 x 112,
            96 -> 96 on 28 x 28, 128 -> 128 on 56 x 56 and 28 x 28; 5 rounds,
            interleaved): the balance of copying and multiplying is the
            machine's, not the layer's.
        row_taps_bytes: Row taps are used only when their padded copy of the
            input takes at most this many bytes (0: never).
        row_taps_extra: Row taps are used only when the rows and columns they
            compute just to crop (the last ``kh - 1`` padded rows of each
            image, the columns past the output) add at most this many percent
            to the multiplications. Measured: 11 % extra on the 3 x 3 64 -> 64
            layer on 56 x 56 (row taps took 0.6 to 0.9 times the blocked
            im2col's time), 27 % on 128 -> 128 on 16 x 16 (slower).
        scratch_bytes: Scratch buffers up to this size are kept for the
            next call (fresh memory costs a page fault per 4 KB page).
        scratch_keep: At most this many scratch buffers are kept.
        direct_macs: A layer of at most this many multiply-adds skips blocks,
            tiles and threads: one padded copy, one im2col copy and one matrix
            product (0: never). On a tiny layer the bookkeeping of the blocked
            path costs more than the arithmetic.
        direct_bytes: A layer for which the cost model finds no tile much
            cheaper than plain im2col (one window per row), and whose whole
            im2col matrix takes at most this many bytes, is computed the same
            way, with one matrix product on BLAS's threads (0: never).
        parallel_copy_bytes: On that path, an im2col matrix of at least this
            many bytes is copied by the kernel's threads together (the
            default, above ``direct_bytes``, never shares it: measured, a
            shared copy lost to BLAS threads still spinning after a product).
        single_blas_macs: A layer of fewer multiply-adds than this that
            copies windows (anything but a 1 x 1 kernel at stride 1) has its
            products split as with ``product_macs`` even on one thread, so
            OpenBLAS runs them on the calling thread: measured, a copy right
            after a product that BLAS threaded ran several times slower while
            its threads were still spinning (0: never).
        parallel_pool_bytes: A pooling input of at least this many bytes is
            shared between the kernel's threads, a run of images each.
        pool_call_bytes: A run holds enough images that each of its
            ``kh + kw`` array operations covers about this many bytes of
            input (at least one image; at most an equal share per thread).
            The shifted column pass works through its rows in chunks of
            about this many bytes.
        pool_shift_channels: A pool's column pass reads its taps pixel by
            pixel, one inner loop of ``c`` channels each; with this set, few
            channels shift whole rows instead (`convmap.kernel.pool_columns`):
            2 to this many channels, twice as many at stride 1 with
            overlapping windows, 8 times as many at a larger stride with
            overlapping windows (0, the default: never). Measured with NumPy
            2.4 on a 2-core Xeon (benchmarks/pool_columns.py, 8 here): the
            3 x 3/2 column pass alone ran in 0.39 to 0.91 of the time on 3
            to 64 channels (1.32 on 256), but whole pools took 0.89 to 1.17
            times as long on one thread and 0.88 to 1.61 on two (the 3 x 3/2
            pool on 64 channels: 1.04 and 1.61).

    Examples:
        >>> s = KernelSettings(tile=1)
        >>> s.tile, s.block_bytes
        (1, 4194304)
        >>> KernelSettings(threads=0)
        Traceback (most recent call last):
        ...
        ValueError: KernelSettings.threads must be an integer >= 1, got 0
    """

    block_bytes: int = 1 << 22
    pad_bytes: int = 1 << 20
    parallel_macs: int = 32_000_000
    blas_width: int = 32_768
    blas_columns: int = 96
    max_threads: int = 8
    threads: int | None = None
    product_macs: int = 262_144
    tile: int | None = None
    space_to_depth_bytes: int = 0
    row_taps_terms: int = 0
    row_taps_bytes: int = 1 << 25
    row_taps_extra: int = 15
    scratch_bytes: int = 1 << 20
    scratch_keep: int = 8
    direct_macs: int = 1_000_000
    direct_bytes: int = 1 << 25
    parallel_copy_bytes: int = 1 << 26
    single_blas_macs: int = 4_000_000
    parallel_pool_bytes: int = 1 << 21
    pool_call_bytes: int = 1 << 18
    pool_shift_channels: int = 0

    def __post_init__(self) -> None:
        _check_int("block_bytes", self.block_bytes, 1)
        _check_int("pad_bytes", self.pad_bytes, 0)
        _check_int("parallel_macs", self.parallel_macs, 0)
        _check_int("blas_width", self.blas_width, 0)
        _check_int("blas_columns", self.blas_columns, 0)
        _check_int("max_threads", self.max_threads, 1)
        _check_int("threads", self.threads, 1, allow_none=True)
        _check_int("product_macs", self.product_macs, 0)
        _check_int("tile", self.tile, 1, allow_none=True)
        _check_int("space_to_depth_bytes", self.space_to_depth_bytes, 0)
        _check_int("row_taps_terms", self.row_taps_terms, 0)
        _check_int("row_taps_bytes", self.row_taps_bytes, 0)
        _check_int("row_taps_extra", self.row_taps_extra, 0)
        _check_int("scratch_bytes", self.scratch_bytes, 0)
        _check_int("scratch_keep", self.scratch_keep, 0)
        _check_int("direct_macs", self.direct_macs, 0)
        _check_int("direct_bytes", self.direct_bytes, 0)
        _check_int("parallel_copy_bytes", self.parallel_copy_bytes, 0)
        _check_int("single_blas_macs", self.single_blas_macs, 0)
        _check_int("parallel_pool_bytes", self.parallel_pool_bytes, 0)
        _check_int("pool_call_bytes", self.pool_call_bytes, 1)
        _check_int("pool_shift_channels", self.pool_shift_channels, 0)


_DEFAULT = KernelSettings()
_CURRENT: contextvars.ContextVar[KernelSettings | None] = contextvars.ContextVar(
    "convmap_kernel_settings", default=None
)


def current_settings() -> KernelSettings:
    """The settings a kernel call started now would use.

    Examples:
        >>> current_settings() == KernelSettings()
        True
    """
    current = _CURRENT.get()
    return _DEFAULT if current is None else current


@contextlib.contextmanager
def use_settings(settings: KernelSettings | None = None, **changes) -> Iterator[KernelSettings]:
    """Run a block of code with other kernel settings.

    Args:
        settings: Settings to start from (default: the current ones).
        **changes: Fields of `KernelSettings` to change, e.g. ``tile=1``.

    Yields:
        The settings in force inside the block.

    Raises:
        TypeError: If ``settings`` is not a `KernelSettings` or a change names
            no field.
        ValueError: If a changed value is out of range.

    Examples:
        >>> with use_settings(threads=1, tile=2) as s:
        ...     print(current_settings().tile, s.threads)
        2 1
        >>> print(current_settings().tile)
        None
    """
    base = current_settings() if settings is None else settings
    if not isinstance(base, KernelSettings):
        raise TypeError(f"settings must be a KernelSettings or None, got {type(base).__name__}")
    fields = {f.name for f in dataclasses.fields(KernelSettings)}
    unknown = sorted(set(changes) - fields)
    if unknown:
        raise TypeError(f"use_settings got unknown setting(s) {unknown}; valid: {sorted(fields)}")
    # Settings are frozen and were checked when made: with no changes, use them as they are
    # (dataclasses.replace would check all fields again, about 15 us a block).
    new = dataclasses.replace(base, **changes) if changes else base
    token = _CURRENT.set(new)
    try:
        yield new
    finally:
        _CURRENT.reset(token)
