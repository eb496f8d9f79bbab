"""Rules every figure function follows: numbering, language, bad input, escaping, no NumPy.

Each figure function is called here with a small setting in both languages;
the output is parsed (not string-compared) and checked against the site's
numbering rule (1-based numbers, padding "pad", ``data-numbering="1-based"``
on the root), the language of its words, and its attribute escaping.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import numpy as np
import pytest

from convmap import input_window, neurons_seeing, output_size
from convmap.figures import (
    MAX_CELLS,
    MAX_SIDE,
    axis_windows,
    band_svg,
    coverage,
    depth_column_figure,
    explorer_data,
    explorer_html,
    fc_vs_conv_neuron_figure,
    grid_mapping,
    im2col_svg,
    region_figure,
    w1_filters_figure,
)
from convmap.figures.messages import EN, ZH
from convmap.layers import Conv2D, MaxPool2D

NS = "{http://www.w3.org/2000/svg}"

#: Every figure function, called with a setting that has padding, by name.
FIGURES = {
    "axis_windows": lambda lang: axis_windows(64, 4, 1, "same", neurons=[0, 63], lang=lang),
    "axis_windows_dropped": lambda lang: axis_windows(
        7, 3, 2, "valid", neurons="all", show_dropped=True, lang=lang
    ),
    "grid_mapping_neuron": lambda lang: grid_mapping(6, 4, 1, "same", neuron=(0, 0), lang=lang),
    "grid_mapping_pixel": lambda lang: grid_mapping(6, 3, 2, "same", pixel=(6, 0), lang=lang),
    "coverage": lambda lang: coverage((5, 7), 3, 1, "same", lang=lang),
    "fc_vs_conv_neuron_figure": lambda lang: fc_vs_conv_neuron_figure(neuron=(0, 0), lang=lang),
    "depth_column_figure": lambda lang: depth_column_figure(neuron=(63, 63), lang=lang),
    "w1_filters_figure": lambda lang: w1_filters_figure(lang=lang),
    "region_figure": lambda lang: region_figure(
        [Conv2D(1, 3, padding="same"), MaxPool2D(3)], (9, 9, 1), -1, lang=lang
    ),
    "im2col_svg": lambda lang: im2col_svg(lang=lang),
    "band_svg": lambda lang: band_svg(lang=lang),
    "explorer_html_1d": lambda lang: explorer_html(64, 4, 1, "same", title="t", lang=lang),
    "explorer_html_2d": lambda lang: explorer_html((6, 5), 3, 2, "same", title="t", lang=lang),
    "explorer_html_compressed": lambda lang: explorer_html(
        (200, 100), (4, 3), (2, 1), "same", title="t", lang=lang
    ),
}


class _Roots(HTMLParser):
    """Collect numbered roots (<svg> or explorer <figure>) and every visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.roots: list[dict] = []
        self.texts: list[str] = []
        self.pads = 0
        self._stack: list[str] = []
        self._explorer = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("data-convmap") == "explorer":
            self.roots.append(a)
            self._explorer = True
        elif tag == "svg" and "svg" not in self._stack and not self._explorer:
            self.roots.append(a)
        if a.get("data-pad") == "true":
            self.pads += 1
        self._stack.append(tag)

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "script":
            return
        if data.strip():
            self.texts.append(data.strip())


def read(markup: str) -> _Roots:
    parser = _Roots()
    parser.feed(markup)
    return parser


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_numbering_rule(name: str, lang: str) -> None:
    page = read(FIGURES[name](lang))
    assert page.roots, name
    for root in page.roots:
        if "cm-region-key" in root.get("class", ""):
            continue
        assert root.get("data-numbering") == "1-based", (name, root)
    numbers = [int(t) for t in page.texts if re.fullmatch(r"-?\d+", t)]
    if name == "band_svg":  # the banded matrix shows weight values (its zeros), not numbers
        numbers = [n for n in numbers if n != 0]
    named = r"(?:filter|neuron|pixel|卷积核|神经元|像素) (-?\d+)"
    numbers += [int(n) for t in page.texts for n in re.findall(named, t, re.IGNORECASE)]
    numbers += [int(m[1]) for t in page.texts if (m := re.fullmatch(r"[xy](\d+)", t))]
    assert numbers, f"{name} shows no number"
    assert min(numbers) >= 1, f"{name} shows the number {min(numbers)}: numbers are 1-based"
    if page.pads:
        pad = "pad" if lang == "en" else "填充"
        assert any(pad in t for t in page.texts), f"{name}: padded cells but no '{pad}' label"


ENGLISH = re.compile(r"\b(input|output|neurons?|pixels?|padding|kernel|stride|filters?|reads)\b")


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_chinese_figures_have_no_english_words(name: str) -> None:
    markup = FIGURES[name]("zh")
    page = read(markup)
    english = [t for t in page.texts if ENGLISH.search(t) and "W1[" not in t]
    assert not english, f"{name} (zh) shows English: {english[:3]}"
    for attr in ("aria-label", "title"):
        for value in re.findall(rf'{attr}="([^"]*)"', markup):
            assert not ENGLISH.search(value), f"{name} (zh) {attr}={value!r}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_unknown_language_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match=r"lang must be one of 'en', 'zh', got 'fr'"):
        FIGURES[name]("fr")


def test_message_tables_have_the_same_keys_and_fields() -> None:
    assert set(EN) == set(ZH)
    for key in EN:
        fields_en = set(re.findall(r"\{(\w+)\}", EN[key]))
        fields_zh = set(re.findall(r"\{(\w+)\}", ZH[key]))
        assert fields_en == fields_zh, key
    assert ZH["pad"] == "填充"
    for term in ("神经元", "卷积核", "填充", "步幅", "特征映射", "像素", "输入", "输出"):
        assert any(term in v for v in ZH.values()), term
    for avoided in ("过滤器", "滤波器", "内核"):
        assert not any(avoided in v for v in ZH.values()), f"figures use 卷积核, not {avoided}"


def test_caption_messages_type_no_number() -> None:
    """A figure caption's numbers are fields filled by the figure function, never typed.

    Allowed: the numbering rule's "1-based" / "从 1 开始" and names such as W1 or im2col.
    """
    for table in (EN, ZH):
        for key in (k for k in table if k.endswith("_caption")):
            text = re.sub(r"\{\w+\}|\b[01]-based\b|从 1 开始|\b[A-Za-z_]+\d\w*", " ", table[key])
            assert not re.search(r"\d", text), f"{key}: a number typed in a caption: {table[key]!r}"


def test_explorer_script_holds_no_english_sentence() -> None:
    from pathlib import Path

    js = (Path(__file__).parent.parent / "docs" / "javascripts" / "explorer.js").read_text()
    code = "\n".join(
        line for line in js.splitlines() if not line.strip().startswith(("*", "/*", "//"))
    )
    strings = re.findall(r'"([^"\\\n]*)"', code) + re.findall(r"'([^'\\\n]*)'", code)
    sentences = [s for s in strings if re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", s)]
    assert not sentences, sentences


# --- bad input -----------------------------------------------------------------

BAD = [
    (lambda: axis_windows(0, 3), ValueError, r"size must be an integer >= 1, got 0"),
    (lambda: axis_windows(8, 3.0), TypeError, r"kernel must be an integer >= 1, got 3.0"),
    (lambda: axis_windows(8, 3, neurons=[6]), ValueError, r"neurons\[0\] .* 0..5 .*got 6"),
    (lambda: axis_windows(8, 3, neurons=[-1]), ValueError, r"neurons\[0\] .*got -1"),
    (lambda: axis_windows(8, 3, neurons=5), TypeError, r"neurons must be a list"),
    (lambda: axis_windows(8, 3, neurons=[True]), TypeError, r"neurons\[0\] .*bool"),
    (lambda: axis_windows(8, 3, one_based=False), ValueError, r"one_based must be True"),
    (lambda: axis_windows(8, 3, show_dropped=1), TypeError, r"show_dropped must be True or"),
    (lambda: grid_mapping(6, 3), ValueError, r"exactly one of neuron"),
    (lambda: grid_mapping(6, 3, neuron=(4, 0)), ValueError, r"neuron\[0\] .* 0..3 .*got 4"),
    (lambda: grid_mapping(6, 3, neuron=(1, 2, 3)), ValueError, r"neuron .*3 entries"),
    (lambda: grid_mapping(6, 3, neuron=1), TypeError, r"neuron must be a \(row, col\)"),
    (lambda: grid_mapping(6, 3, pixel=(0, 6)), ValueError, r"pixel\[1\] .* 0..5 .*got 6"),
    (lambda: grid_mapping(6, 3, pixel=(0.5, 1)), TypeError, r"pixel\[0\] must be an integer"),
    (lambda: grid_mapping((6, 6, 6), 3, neuron=(0, 0)), ValueError, r"input_hw .*3 entries"),
    (lambda: grid_mapping((6, 0), 3, neuron=(0, 0)), ValueError, r"input_hw\[1\] .*>= 1"),
    (lambda: grid_mapping(6, 3, neuron=(0, 0), stack=1), TypeError, r"stack must be True"),
    (
        lambda: grid_mapping(6, 3, neuron=(0, 0), input_view=((0, 9), (0, 2))),
        ValueError,
        r"input_view\[0\] must be a half-open range",
    ),
    (lambda: coverage(6, 0), ValueError, r"kernel must be an integer >= 1, got 0"),
    (lambda: coverage(6, 3, counts="yes"), TypeError, r"counts must be True or False"),
    (lambda: coverage(6, 3, input_view=(0, 3)), TypeError, r"input_view\[0\]"),
    (lambda: fc_vs_conv_neuron_figure(neuron=(64, 0)), ValueError, r"neuron\[0\] .*0..63"),
    (lambda: depth_column_figure(filters=0), ValueError, r"filters must be an integer >= 1"),
    (lambda: w1_filters_figure(kernel=(4, 4, 4)), ValueError, r"kernel .*3 entries"),
    (lambda: w1_filters_figure(kernel=0), ValueError, r"kernel must be an integer >= 1"),
    (lambda: w1_filters_figure(name=3), TypeError, r"name must be a string"),
    (
        lambda: region_figure([Conv2D(1, 3)], (9, 9, 1), 5),
        ValueError,
        r"layer_index must be an index in -1..0 .*got 5",
    ),
    (lambda: im2col_svg(marked=((0, 4),)), ValueError, r"marked\[0\]\[1\] .*0..3 .*got 4"),
    (lambda: im2col_svg(size=0), ValueError, r"size must be an integer >= 1"),
    (lambda: im2col_svg(qa_channels=0), ValueError, r"qa_channels must be an integer >= 1"),
    (lambda: band_svg(tile=0), ValueError, r"tile must be an integer >= 1"),
    (lambda: explorer_data(8, 3, neuron=6), ValueError, r"neuron\[1\] .*got 6"),
    (lambda: explorer_data((8, 8), 3, neuron=(0, 0, 0)), ValueError, r"neuron .*3 entries"),
    (lambda: explorer_data((8, 8), (3, 3, 3)), ValueError, r"kernel .*3 entries"),
    (lambda: explorer_data((8, 8), 3, output_rows=(0, 9)), ValueError, r"output_rows"),
    (lambda: explorer_data((8, 8), 3, output_cols=(3, 3)), ValueError, r"output_cols"),
    (lambda: explorer_data(8, 2.5), TypeError, r"kernel must be an integer"),
    (lambda: explorer_data(0, 2), ValueError, r"input_size must be an integer >= 1, got 0"),
    (lambda: explorer_data(8, 3, view="big"), ValueError, r"view must be 'auto'"),
    (lambda: explorer_html(8, 3, title=3), TypeError, r"title must be a string"),
    (lambda: explorer_html(8, 3, title="t", uid=5), TypeError, r"uid must be a non-empty"),
    (
        lambda: explorer_data((512, 512), 3, view="cells"),
        ValueError,
        rf"limited to {MAX_CELLS} cells .*this layer has",
    ),
    (
        lambda: explorer_data((MAX_SIDE + 1, 8), 3),
        ValueError,
        rf"limited to {MAX_SIDE} positions per axis .*{MAX_SIDE + 1} rows",
    ),
]


@pytest.mark.parametrize("index", range(len(BAD)))
def test_bad_input_is_refused_clearly(index: int) -> None:
    call, error, pattern = BAD[index]
    with pytest.raises(error, match=pattern):
        call()


def test_numpy_scalars_are_accepted() -> None:
    i = np.int64
    a = axis_windows(i(64), i(4), i(1), "same", neurons=[i(0), i(63)])
    assert a == axis_windows(64, 4, 1, "same", neurons=[0, 63])
    m = grid_mapping((i(6), i(6)), i(3), neuron=(i(1), i(2)), stack=np.bool_(True))
    assert m == grid_mapping((6, 6), 3, neuron=(1, 2), stack=True)
    c = coverage(i(5), i(3), counts=np.bool_(False))
    assert c == coverage(5, 3, counts=False)
    d = explorer_data((i(6), i(6)), np.array([3, 3]), neuron=np.array([1, 1]))
    assert d["default"] == "o:1,1"
    assert explorer_data(i(8), i(3))["geometry"]["output"] == [1, 6]


def test_every_attribute_is_escaped() -> None:
    evil = 'x" onmouseover="alert(1)'
    page = explorer_html(6, 3, title=evil, caption='<b>"c"</b>', uid=evil)
    assert 'onmouseover="' not in page and "<b>" not in page
    root = read(page).roots[0]
    assert root["id"] == evil  # the value survives, as data
    svg = grid_mapping(6, 3, neuron=(0, 0), title=evil)
    assert 'onmouseover="' not in svg
    ET.fromstring(svg)  # still well-formed XML
    data = explorer_data(6, 3)
    assert json.loads(json.dumps(data)) == data


# --- the compressed explorer's data equals the geometry -------------------------------


def test_compressed_tables_equal_the_geometry() -> None:
    rng = random.Random(11)
    for _ in range(12):
        h, w = rng.randint(40, 140), rng.randint(40, 140)
        k = (rng.randint(1, 6), rng.randint(1, 6))
        s = (rng.randint(1, 3), rng.randint(1, 3))
        d = (rng.randint(1, 2), rng.randint(1, 2))
        padding = rng.choice(["valid", "same", "full", 2])
        try:
            data = explorer_data((h, w), k, s, padding, d, view="compressed")
        except ValueError:
            continue  # a setting with no output
        top, bottom, left, right = data["geometry"]["padding"]
        for a, (size, pads) in enumerate(((h, (top, bottom)), (w, (left, right)))):
            table = data["axes"]["row" if a == 0 else "col"]
            settings = (size, k[a], s[a], pads, d[a])
            assert table["out"] == output_size(*settings[:3], pads, d[a])
            assert table["first"] == -pads[0]
            for i, entry in enumerate(table["neurons"]):
                assert entry[0] == input_window(i, *settings)
                assert set(entry[0]) <= set(x for x in entry[4] if x is not None)
                assert i in entry[5]
            for j, entry in enumerate(table["pixels"]):
                p = j - pads[0]
                assert entry[0] == neurons_seeing(p, *settings)
                assert p in entry[2]
                assert set(entry[0]) <= set(x for x in entry[3] if x is not None)


def test_live_page_size_runs_without_numpy() -> None:
    """The live page's generator in an interpreter where NumPy cannot be imported."""
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError("numpy is blocked")
sys.meta_path.insert(0, Block())
from convmap.figures import explorer_data, explorer_html, axis_windows, grid_mapping, coverage
from convmap.figures import fc_vs_conv_neuron_figure, depth_column_figure, w1_filters_figure
data = explorer_data((512, 512), (5, 5), (2, 2), "same", view="compressed", lang="zh")
html = explorer_html((512, 512), 4, 1, "same", title="live")
small = explorer_html((9, 7), 3, 2, "full", title="small")
for fig in (axis_windows(64, 4), grid_mapping(8, 3, neuron=(0, 0)), coverage(8, 3),
            fc_vs_conv_neuron_figure(), depth_column_figure(), w1_filters_figure()):
    assert 'data-numbering="1-based"' in fig
assert data["view"] == "compressed" and 'data-view="compressed"' in html
assert "numpy" not in sys.modules
print(len(data["axes"]["row"]["neurons"]), len(data["axes"]["col"]["pixels"]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["256", "515"]
