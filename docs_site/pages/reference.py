"""API reference pages: the figure of the Q&A's second conv layer (W2) on diagrams."""

from __future__ import annotations

from convmap import diagrams, svg
from docs_site.pages.common import page_lang

W2_KERNEL = (2, 2)
W2_IN_CHANNELS = 8  # W1's filters: the channels W2 reads
W2_FILTERS = 16


def _w2_counts() -> tuple[int, int]:
    """Weights per W2 filter and in all, by formula, checked."""
    per_filter = W2_KERNEL[0] * W2_KERNEL[1] * W2_IN_CHANNELS
    total = per_filter * W2_FILTERS
    assert (per_filter, total) == (32, 512)
    return per_filter, total


def _caption(lang: str) -> str:
    per, total = _w2_counts()
    kh, kw = W2_KERNEL
    shape = f"[{kh}, {kw}, {W2_IN_CHANNELS}, {W2_FILTERS}]"
    captions = {
        "en": f"W2 = {shape}: {W2_FILTERS} filters, each {kh} x {kw} x {W2_IN_CHANNELS} = "
        f"{per} weights, {total} in all.",
        "zh": f"W2 = {shape}：{W2_FILTERS} 个卷积核，每个 {kh} x {kw} x {W2_IN_CHANNELS} = "
        f"{per} 个权重，共 {total} 个。",
    }
    return captions[lang]


def define(env) -> None:
    """Register the reference pages' macros."""

    @env.macro
    def reference_w2_figure() -> str:
        lang = page_lang(env)
        drawing = diagrams.w1_filters_figure(
            kernel=W2_KERNEL, in_channels=W2_IN_CHANNELS, filters=W2_FILTERS, name="W2", lang=lang
        )
        return svg.figure(drawing, _caption(lang))
