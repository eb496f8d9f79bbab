"""Old import path: the im2col figures (NumPy) now live in `convmap.figures.im2col`."""

from convmap.figures.im2col import band_svg, im2col_rows, im2col_svg

__all__ = ["band_svg", "im2col_rows", "im2col_svg"]
