"""The explorers the site shows, by name (site content, not part of convmap).

``docs/snippets/explorer.md`` prints them with `explorer`; each preset holds
the keyword arguments of `convmap.figures.explorer_html` except the title,
which is given per language.
"""

from __future__ import annotations

from typing import Any

from convmap.figures import explorer_data, explorer_html

__all__ = ["PRESETS", "TITLES", "explorer", "preset_data", "title"]

#: Keyword arguments of `convmap.figures.explorer_html`, by preset name.
PRESETS: dict[str, dict[str, Any]] = {
    "axis-valid": dict(input_size=64, kernel=4, padding="valid", neuron=60),
    "axis-same": dict(input_size=64, kernel=4, padding="same", neuron=63),
    "axis-pad1": dict(input_size=64, kernel=4, padding=1, neuron=62),
    "grid-valid": dict(input_size=(6, 6), kernel=3, padding="valid"),
    "grid-same": dict(input_size=(6, 6), kernel=3, padding="same"),
    "grid-same-even": dict(input_size=(6, 6), kernel=4, padding="same", neuron=(5, 5)),
    "grid-stride2": dict(input_size=(6, 6), kernel=3, stride=2, padding="valid"),
    "grid-dilation2": dict(input_size=(6, 6), kernel=3, dilation=2, padding="valid"),
    "w1-corner": dict(
        input_size=(64, 64), kernel=4, padding="same", output_rows=(0, 8), output_cols=(0, 8)
    ),
}

#: The preset titles, by language: format strings filled by `title` from the preset's own
#: settings (``n``/``h``/``w`` the input, ``k``/``kh``/``kw`` the kernel, ``s`` the stride,
#: ``d`` the dilation, ``p`` an explicit padding).
TITLES: dict[str, dict[str, str]] = {
    "en": {
        "axis-valid": "The Q&A's {n}-pixel axis, kernel {k}, stride {s}, VALID",
        "axis-same": "The Q&A's {n}-pixel axis, kernel {k}, stride {s}, SAME",
        "axis-pad1": "The Q&A's {n}-pixel axis, kernel {k}, stride {s}, pad={p} (the Q&A's "
        "conv_forward)",
        "grid-valid": "{h} x {w} input, {kh} x {kw} kernel, VALID",
        "grid-same": "{h} x {w} input, {kh} x {kw} kernel, SAME",
        "grid-same-even": "{h} x {w} input, {kh} x {kw} kernel (even), SAME",
        "grid-stride2": "{h} x {w} input, {kh} x {kw} kernel, stride {s}, VALID",
        "grid-dilation2": "{h} x {w} input, {kh} x {kw} kernel, dilation {d}, VALID",
        "w1-corner": "The Q&A's W1 ({kh} x {kw}, SAME) on the top-left corner of the {h} x {w} "
        "image",
    },
    "zh": {
        "axis-valid": "问答中 {n} 个像素的方向，卷积核 {k}，步幅 {s}，VALID",
        "axis-same": "问答中 {n} 个像素的方向，卷积核 {k}，步幅 {s}，SAME",
        "axis-pad1": "问答中 {n} 个像素的方向，卷积核 {k}，步幅 {s}，pad={p}"
        "（问答中的 conv_forward）",
        "grid-valid": "{h} × {w} 输入，{kh} × {kw} 卷积核，VALID",
        "grid-same": "{h} × {w} 输入，{kh} × {kw} 卷积核，SAME",
        "grid-same-even": "{h} × {w} 输入，{kh} × {kw} 卷积核（偶数），SAME",
        "grid-stride2": "{h} × {w} 输入，{kh} × {kw} 卷积核，步幅 {s}，VALID",
        "grid-dilation2": "{h} × {w} 输入，{kh} × {kw} 卷积核，膨胀 {d}，VALID",
        "w1-corner": "问答中的 W1（{kh} × {kw}，SAME）在 {h} × {w} 图像的左上角",
    },
}


def _pair(value: Any) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else tuple(value)


def title(name: str, lang: str = "en") -> str:
    """The title of preset ``name`` in ``lang``, its numbers taken from `PRESETS`.

    Examples:
        >>> title("grid-stride2")
        '6 x 6 input, 3 x 3 kernel, stride 2, VALID'
    """
    if name not in PRESETS:
        raise ValueError(f"name must be one of {', '.join(PRESETS)}, got {name!r}")
    if lang not in TITLES:
        raise ValueError(f"lang must be one of {', '.join(TITLES)}, got {lang!r}")
    preset = PRESETS[name]
    (h, w), (kh, kw) = _pair(preset["input_size"]), _pair(preset["kernel"])
    padding = preset["padding"]
    values = {"n": w, "h": h, "w": w, "k": kw, "kh": kh, "kw": kw,
              "s": preset.get("stride", 1), "d": preset.get("dilation", 1),
              "p": padding if isinstance(padding, int) else None}  # fmt: skip
    return TITLES[lang][name].format(**values)


def explorer(name: str, lang: str = "en") -> str:
    """The explorer markup of preset ``name`` in ``lang``.

    Args:
        name: A key of `PRESETS`.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        The HTML of `convmap.figures.explorer_html`.

    Raises:
        ValueError: For an unknown preset or language.

    Examples:
        >>> 'data-convmap="explorer"' in explorer("grid-same")
        True
    """
    if name not in PRESETS:
        raise ValueError(f"name must be one of {', '.join(PRESETS)}, got {name!r}")
    # one id per preset in both languages, so a page's "show me" buttons name it alike
    return explorer_html(**PRESETS[name], title=title(name, lang), lang=lang, uid=f"cmx-{name}")


def preset_data(name: str, lang: str = "en") -> dict[str, Any]:
    """The explorer data of preset ``name`` (what the page's script reads).

    Examples:
        >>> preset_data("axis-same")["cells"]["o:0,63"]["lit"]
        ['i:0,62', 'i:0,63', 'i:0,64', 'i:0,65']
    """
    if name not in PRESETS:
        raise ValueError(f"name must be one of {', '.join(PRESETS)}, got {name!r}")
    return explorer_data(**PRESETS[name], lang=lang)
