"""convmap: which input pixels each neuron of a convolution layer sees, and why.

The public names are re-exported here, so ``from convmap import output_size``
works.
"""

from convmap.conv import conv2d, conv2d_loops
from convmap.geometry import (
    LayerGeometry,
    input_window,
    layer_geometry,
    neurons_seeing,
    output_size,
    padding_amounts,
)
from convmap.pool import avg_pool2d, max_pool2d

__all__ = [
    "LayerGeometry",
    "avg_pool2d",
    "conv2d",
    "conv2d_loops",
    "input_window",
    "layer_geometry",
    "max_pool2d",
    "neurons_seeing",
    "output_size",
    "padding_amounts",
]

__version__ = "0.1.0"
