"""Old import path: the explorer now lives in `convmap.figures` (data and markup).

The site's presets moved to the docs side (``docs_site/presets.py``).
"""

from convmap.figures.explorer_data import MAX_CELLS, MAX_SIDE, explorer_data
from convmap.figures.explorer_markup import explorer_html

__all__ = ["MAX_CELLS", "MAX_SIDE", "explorer_data", "explorer_html"]
