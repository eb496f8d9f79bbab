"""What the reader sees on The example network and Related questions.

Uses the session fixture ``site_dir`` (a strict build into a temporary folder).
Expected numbers are hand-derived (see tests/test_network.py) or come from the
Keras/PyTorch golden data; the figure is parsed as XML, not string-matched.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SVG_NS = "{http://www.w3.org/2000/svg}"


def article(site_dir: Path, page: str) -> str:
    text = (site_dir / page / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*)</article>", text, re.S)
    assert match, f"{page}: no <article>"
    return match.group(1)


def visible_text(markup: str) -> str:
    markup = re.sub(r"<svg.*?</svg>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def code_text(markup: str) -> str:
    """Text of the highlighted code blocks, tags removed without adding spaces."""
    blocks = re.findall(r"<code[^>]*>(.*?)</code>", markup, re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks)


def table_rows(markup: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", markup, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([visible_text(c).strip() for c in cells])
    return rows


@pytest.fixture(scope="module")
def example(site_dir: Path) -> str:
    return article(site_dir, "example-network")


@pytest.fixture(scope="module")
def related(site_dir: Path) -> str:
    return article(site_dir, "related-questions")


def test_example_tables(example: str) -> None:
    # first table: step, layer, shape, neurons, params TF1, params Keras
    shapes = [r for r in table_rows(example) if len(r) == 6 and r[0] != "step"]
    by_step = {r[0]: r for r in shapes}
    assert by_step["Z1"][2:] == ["64 x 64 x 8", "32,768", "384", "392"]
    assert by_step["P1"][2:] == ["8 x 8 x 8", "512", "0", "0"]
    assert by_step["Z2"][2:] == ["8 x 8 x 16", "1,024", "512", "528"]
    assert by_step["P2"][2:] == ["2 x 2 x 16", "64", "0", "0"]
    assert by_step["Z3"][2:] == ["6", "6", "390", "390"]
    assert by_step["total"][4:] == ["1,286", "1,310"]
    # second table: step, padding, receptive field, jump, start
    geo = {r[0]: r for r in table_rows(example) if len(r) == 5 and r[0] != "step"}
    assert geo["Z1"][1:] == ["1/2, 1/2", "4 x 4", "1 x 1", "(-1, -1)"]
    assert geo["P1"][1:] == ["0/0, 0/0", "11 x 11", "8 x 8", "(-1, -1)"]
    assert geo["Z2"][1:] == ["0/1, 0/1", "19 x 19", "8 x 8", "(-1, -1)"]
    assert geo["P2"][1:] == ["0/0, 0/0", "43 x 43", "32 x 32", "(-1, -1)"]
    assert geo["Z3"][2] == "64 x 64 (all)"


def test_example_text(example: str) -> None:
    text = visible_text(example)
    assert "43 x 43" in text and "start 32 pixels apart" in text
    # span (padding included) vs pixels read: hand-derived from the closed form, rows -1..41
    # minus the zero at -1 (42) and rows 31..73 minus the 10 past pixel 63 (33)
    assert "really read 42 x 42, 42 x 33, 33 x 42 and 33 x 33 pixels" in text
    assert "sees a 43 x 43 square" not in text
    assert "total 1286" in text and "1,310" in text
    assert "k=4 s=4 before=0: r=43 jump=32 start=-1" in text
    for line in [
        "P2 (0, 0): span (43, 43), reads rows 0..41, cols 0..41: 42 x 42 pixels",
        "P2 (0, 1): span (43, 43), reads rows 0..41, cols 31..63: 42 x 33 pixels",
        "P2 (1, 0): span (43, 43), reads rows 31..63, cols 0..41: 33 x 42 pixels",
        "P2 (1, 1): span (43, 43), reads rows 31..63, cols 31..63: 33 x 33 pixels",
    ]:
        assert line in text, line
    assert "dense1 (6,) parameters 390" in text
    assert "pixel (36, 36) moves P2 positions [(0, 0), (0, 1), (1, 0), (1, 1)]" in text
    assert example.count("<details") == 3


def test_example_region_figure(example: str) -> None:
    found = re.findall(r"<svg\b[^>]*class=\"cm-fig[^\"]*\".*?</svg>", example, re.S)
    svgs = [ET.fromstring(s) for s in found]
    panels = {}
    for svg in svgs:
        title = svg.find(f"{SVG_NS}title").text
        assert svg.get("viewBox") and svg.find(f"{SVG_NS}desc").text
        m = re.fullmatch(r"maxpool2 neuron \((\d), (\d)\)", title)
        if m:
            panels[(int(m.group(1)), int(m.group(2)))] = svg
    assert sorted(panels) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    for (i, j), svg in panels.items():
        outline = [r for r in svg.iter(f"{SVG_NS}rect") if "cm-outline" in r.get("class", "")]
        assert len(outline) == 1
        x, y = float(outline[0].get("x")), float(outline[0].get("y"))
        w, h = float(outline[0].get("width")), float(outline[0].get("height"))
        assert w == h  # square: 43 x 43 positions
        image = [r for r in svg.iter(f"{SVG_NS}rect") if r.get("class") == "cm-box"][-1]
        cell = float(image.get("width")) / 64
        assert (w / cell, h / cell) == (43, 43)
        # region starts 32 * index - 1 pixels from image pixel 0
        assert (x - float(image.get("x"))) / cell == pytest.approx(32 * j - 1)
        assert (y - float(image.get("y"))) / cell == pytest.approx(32 * i - 1)
        hatches = [p for p in svg.iter(f"{SVG_NS}path") if p.get("class") == "cm-hatch"]
        assert len(hatches) == 1  # padding is hatched, not only coloured
    key = [s for s in svgs if s.find(f"{SVG_NS}title").text == "output maxpool2"]
    assert len(key) == 1
    assert len(key[0].findall(f".//{SVG_NS}g[@data-grid='output']")) == 4


def test_related_numbers(related: str) -> None:
    text = visible_text(related)
    assert "output (491, 20) parameters 220" in text
    assert "output (1, 621, 64) parameters 32,064" in text
    assert "Keras 3.15.1 itself reports output (None, 491, 20) and 220 parameters" in text
    for line in [
        "conv1 3 x 28 x 28 parameters 78",
        "maxpool1 3 x 14 x 14 parameters 0",
        "conv2 6 x 10 x 10 parameters 456",
        "maxpool2 6 x 5 x 5 parameters 0",
        "dense1 100 parameters 15,100",
        "total 15,634",
    ]:
        assert line in text, line
    assert "ValueError: Conv2D stride must be an integer >= 1, got 0" in text
    assert "12,288 input values" in text
    assert "same numbers: True" in text
    # TFLite matched Keras within the recorded differences (golden data), not bit for bit
    assert "equal Keras' within 3.6e-07 for ReLU and 4.8e-07 for ReLU6" in text
    assert "identical" not in text
    assert "single op CONV_2D with fused activation RELU" in text
    code = code_text(related)
    assert "nn.Linear(150, 100)" in code and "Total params: 15,634" in code
    assert related.count("<details") == 3
    assert "246 positions" in text and "32,000" in text and "21,700" in text


def test_reference_lists_network_api(site_dir: Path) -> None:
    text = visible_text(article(site_dir, "reference/network"))
    for name in ["Conv2D", "MaxPool2D", "Dense", "trace", "input_region", "forward", "InputRegion"]:
        assert name in text
