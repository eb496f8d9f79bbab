"""convmap: which input pixels each neuron of a convolution layer sees, and why.

The public names are re-exported here, so ``from convmap import output_size``
works. The geometry, the layer descriptions, `trace` and `input_region` are
pure Python and import without NumPy (they also run in the browser under
Pyodide); the compute functions (`conv2d`, the pools, `forward`,
`init_weights`) import NumPy the first time one of them is used.
"""

from __future__ import annotations

import importlib
from typing import Any

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
from convmap.transpose_geometry import (
    TransposeAxis,
    TransposeGeometry,
    keras_transpose_output_size,
    painted_pixels,
    painting_inputs,
    tf_transpose_output_sizes,
    torch_transpose_output_size,
    transpose_axis,
    transpose_geometry,
    transpose_output_size,
)
from convmap.transpose_layer import Conv2DTranspose

# Names whose modules need NumPy: imported on first use (PEP 562).
_LAZY = {
    "conv2d": "convmap.conv",
    "conv2d_loops": "convmap.conv",
    "max_pool2d": "convmap.pool",
    "avg_pool2d": "convmap.pool",
    "conv2d_transpose": "convmap.transpose",
    "conv2d_transpose_loops": "convmap.transpose",
    "conv2d_backward": "convmap.backward",
    "conv2d_backward_loops": "convmap.backward",
    "ConvGradients": "convmap.backward",
}

__all__ = [
    "AvgPool2D",
    "Conv2D",
    "Conv2DTranspose",
    "ConvGradients",
    "Dense",
    "Flatten",
    "InputRegion",
    "LayerGeometry",
    "LayerTrace",
    "MaxPool2D",
    "ReLU",
    "TransposeAxis",
    "TransposeGeometry",
    "avg_pool2d",
    "conv2d",
    "conv2d_backward",
    "conv2d_backward_loops",
    "conv2d_loops",
    "conv2d_transpose",
    "conv2d_transpose_loops",
    "forward",
    "init_weights",
    "input_region",
    "input_window",
    "keras_transpose_output_size",
    "layer_geometry",
    "max_pool2d",
    "neurons_seeing",
    "output_size",
    "padding_amounts",
    "painted_pixels",
    "painting_inputs",
    "tf_transpose_output_sizes",
    "torch_transpose_output_size",
    "trace",
    "transpose_axis",
    "transpose_geometry",
    "transpose_output_size",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import a NumPy-backed public name on first use."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'convmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
