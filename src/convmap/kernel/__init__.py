"""The fast compute kernel behind `convmap.conv2d` and the pools, split by job.

* `convmap.kernel.settings`: `KernelSettings`, `current_settings`, `use_settings`
  (every tuning knob; no module globals to patch);
* `convmap.kernel.tiles`: `tile_span`, `choose_tile`, `tile_gain`, `banded_weights`,
  `weight_matrix_shape`;
* `convmap.kernel.scratch`: buffers kept between calls (`clear_scratch`);
* `convmap.kernel.views`: padded copies and the im2col rows as strided views;
* `convmap.kernel.threads`: the kept helper threads and how many to use;
* `convmap.kernel.space_to_depth`: strided big kernels as stride-1 ones (off by default);
* `convmap.kernel.row_taps`: stride-1 layers with long kernel rows as products on the
  padded input itself, no im2col copy (off by default);
* `convmap.kernel.plan`: `conv_plan`, the path a layer takes (decided from shapes and
  settings once, then remembered);
* `convmap.kernel.convolve`: `conv2d_nhwc`, the blocked im2col convolution, and
  `direct_conv`, one im2col matrix and one product for small or wide layers;
* `convmap.kernel.pooling`: `max_pool_nhwc`, `avg_pool_nhwc` (big batches shared by threads);
* `convmap.kernel.pool_columns`: a pool's column pass as shifted whole rows (off by default).

These functions take checked operands and resolved geometry; the public,
checking entry points are `convmap.conv2d`, `convmap.max_pool2d` and
`convmap.avg_pool2d`.

Examples:
    >>> import numpy as np
    >>> from convmap import conv2d
    >>> x, w = np.ones((1, 5, 5, 1), np.float32), np.ones((3, 3, 1, 1), np.float32)
    >>> with use_settings(tile=1, threads=1):
    ...     print(conv2d(x, w)[0, :, :, 0])
    [[9. 9. 9.]
     [9. 9. 9.]
     [9. 9. 9.]]
"""

from convmap.kernel.convolve import all_finite, conv2d_nhwc, direct_conv, matmul_into
from convmap.kernel.pooling import avg_pool_nhwc, max_pool_nhwc, real_cells
from convmap.kernel.row_taps import ROW_TAPS_TERMS, row_taps_conv, use_row_taps
from convmap.kernel.scratch import SCRATCH, ScratchPool, clear_scratch
from convmap.kernel.settings import KernelSettings, current_settings, use_settings
from convmap.kernel.space_to_depth import space_to_depth_operands, worth_space_to_depth
from convmap.kernel.threads import WORKERS, WorkerPool, cpu_count, worker_count
from convmap.kernel.tiles import (
    TILE_CHOICES,
    banded_weights,
    choose_tile,
    tile_span,
    weight_matrix_shape,
)
from convmap.kernel.views import fill_padded, window_view

__all__ = [
    "ROW_TAPS_TERMS",
    "SCRATCH",
    "TILE_CHOICES",
    "WORKERS",
    "KernelSettings",
    "ScratchPool",
    "WorkerPool",
    "all_finite",
    "avg_pool_nhwc",
    "banded_weights",
    "choose_tile",
    "clear_scratch",
    "conv2d_nhwc",
    "cpu_count",
    "direct_conv",
    "current_settings",
    "fill_padded",
    "matmul_into",
    "max_pool_nhwc",
    "real_cells",
    "row_taps_conv",
    "tile_span",
    "space_to_depth_operands",
    "use_row_taps",
    "use_settings",
    "weight_matrix_shape",
    "window_view",
    "worker_count",
    "worth_space_to_depth",
]
