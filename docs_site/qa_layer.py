"""The Q&A's first layer, once: the settings every siteA page starts from.

These are the question's own settings (Z1 = conv2d(X, W1, stride 1, SAME) with
W1 = [4, 4, 3, 8] on a 64 x 64 x 3 image), not facts: every fact a page states is
computed from them with convmap in that page's module.
"""

from __future__ import annotations

from types import SimpleNamespace

from convmap import layer_geometry, padding_amounts

SIZE = 64
CHANNELS = 3
KERNEL = 4
FILTERS = 8
STRIDE = 1
PADDING = "same"


def shape(*dims: int) -> str:
    """A shape as prose writes it: ``shape(64, 64, 3)`` -> ``"64 x 64 x 3"``."""
    return " x ".join(str(d) for d in dims)


def facts() -> SimpleNamespace:
    """The layer's settings and its basic computed sizes, checked against each other."""
    geom = layer_geometry((SIZE, SIZE), (KERNEL, KERNEL), STRIDE, PADDING)
    out_h, out_w = geom.output
    before, after = padding_amounts(SIZE, KERNEL, STRIDE, PADDING)
    assert geom.padding == ((before, after), (before, after))
    assert (out_h, out_w) == (SIZE, SIZE), "SAME with stride 1 keeps the size"
    return SimpleNamespace(
        size=SIZE,
        channels=CHANNELS,
        kernel=KERNEL,
        filters=FILTERS,
        stride=STRIDE,
        out=out_h,
        pad_before=before,
        pad_after=after,
        patch=KERNEL * KERNEL * CHANNELS,
        inputs=SIZE * SIZE * CHANNELS,
        positions=out_h * out_w,
        neurons=out_h * out_w * FILTERS,
        weights=KERNEL * KERNEL * CHANNELS * FILTERS,
        params=(KERNEL * KERNEL * CHANNELS + 1) * FILTERS,
        input_shape=shape(SIZE, SIZE, CHANNELS),
        output_shape=shape(out_h, out_w, FILTERS),
        kernel_shape=shape(KERNEL, KERNEL),
        patch_shape=shape(KERNEL, KERNEL, CHANNELS),
        w1=f"[{KERNEL}, {KERNEL}, {CHANNELS}, {FILTERS}]",
    )
