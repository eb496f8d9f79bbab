"""Old import path: `region_figure` now lives in `convmap.figures.network`."""

from convmap.figures.network import region_figure

__all__ = ["region_figure"]
