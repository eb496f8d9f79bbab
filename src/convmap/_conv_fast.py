"""Old home of the fast kernel, kept only so that older imports still work.

Everything moved to `convmap.kernel` (tuned through
`convmap.kernel.KernelSettings`, never by patching globals). Import from
there; this module will be removed once nothing imports it.
"""

from convmap.kernel import banded_weights, choose_tile, conv2d_nhwc, tile_span

__all__ = ["banded_weights", "choose_tile", "conv2d_nhwc", "tile_span"]
