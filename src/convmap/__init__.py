"""convmap: which input pixels each neuron of a convolution layer sees, and why.

The public names are re-exported here, so ``from convmap import output_size``
works. Figures live in ``convmap.figures``, ``convmap.diagrams`` and
``convmap.explorer``; SVG primitives in ``convmap.svg``.
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
from convmap.layers import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import InputRegion, LayerTrace, forward, init_weights, input_region, trace
from convmap.pool import avg_pool2d, max_pool2d

__all__ = [
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Flatten",
    "InputRegion",
    "LayerGeometry",
    "LayerTrace",
    "MaxPool2D",
    "ReLU",
    "avg_pool2d",
    "conv2d",
    "conv2d_loops",
    "forward",
    "init_weights",
    "input_region",
    "input_window",
    "layer_geometry",
    "max_pool2d",
    "neurons_seeing",
    "output_size",
    "padding_amounts",
    "trace",
]

__version__ = "0.1.0"
