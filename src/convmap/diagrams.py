"""Old import path: the concept diagrams now live in `convmap.figures.diagrams`."""

from convmap.figures.diagrams import (
    depth_column_figure,
    fc_vs_conv_neuron_figure,
    w1_filters_figure,
)

__all__ = ["depth_column_figure", "fc_vs_conv_neuron_figure", "w1_filters_figure"]
