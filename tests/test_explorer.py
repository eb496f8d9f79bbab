"""The explorer's markup and mapping data equal what the geometry says.

The HTML is parsed (stdlib HTMLParser) the way a browser test reads it: root
data-* attributes, the cells, and the JSON mapping the script uses. Expected
values come from input_window / neurons_seeing, from a brute force with
conv2d on one-hot images (for the real pixels), and from hand-derived cases.
"""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser

import numpy as np
import pytest
from docs_site.presets import PRESETS, explorer

from convmap import conv2d, input_window, neurons_seeing, output_size, padding_amounts
from convmap.explorer import explorer_data


def page_of(name: str, lang: str = "en") -> str:
    return explorer(name, lang)


class _Page(HTMLParser):
    """Collect explorer roots, their cells and their JSON blobs."""

    def __init__(self) -> None:
        super().__init__()
        self.roots: list[dict] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("data-convmap") == "explorer":
            self.roots.append({"attrs": a, "cells": [], "json": "", "tags": []})
        if not self.roots:
            return
        root = self.roots[-1]
        root["tags"].append((tag, a))
        if "data-grid" in a:
            root["cells"].append(a)
        if tag == "script" and a.get("type") == "application/json":
            self._in_json = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.roots[-1]["json"] += data


def parse(page: str) -> list[dict]:
    parser = _Page()
    parser.feed(page)
    return parser.roots


def ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",")]


def settings(preset: dict) -> dict:
    """The preset's layer settings, resolved per side with padding_amounts."""
    one_axis = isinstance(preset["input_size"], int)
    size = (1, preset["input_size"]) if one_axis else preset["input_size"]
    k = preset["kernel"]
    k = (1, k) if one_axis else (k, k)
    s = preset.get("stride", 1)
    s = (1, s) if one_axis else (s, s)
    d = preset.get("dilation", 1)
    d = (1, d) if one_axis else (d, d)
    p = preset["padding"]
    rows_pad = (0, 0) if one_axis else padding_amounts(size[0], k[0], s[0], p, d[0])
    cols_pad = padding_amounts(size[1], k[1], s[1], p, d[1])
    return {"size": size, "k": k, "s": s, "d": d, "pad": (rows_pad, cols_pad)}


def axis(g: dict, a: int) -> tuple:
    return (g["size"][a], g["k"][a], g["s"][a], g["pad"][a], g["d"][a])


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_markup_and_data_match_geometry(name: str) -> None:
    preset = PRESETS[name]
    (root,) = parse(page_of(name))
    g = settings(preset)
    attrs = root["attrs"]
    (top, bottom), (left, right) = g["pad"]
    assert ints(attrs["data-input"]) == list(g["size"])
    assert ints(attrs["data-kernel"]) == list(g["k"])
    assert ints(attrs["data-stride"]) == list(g["s"])
    assert ints(attrs["data-dilation"]) == list(g["d"])
    assert ints(attrs["data-padding"]) == [top, bottom, left, right]
    out_hw = [output_size(*axis(g, a)[:3], axis(g, a)[3], axis(g, a)[4]) for a in (0, 1)]

    inputs, outputs = set(), set()
    for cell in root["cells"]:
        r, c = int(cell["data-row"]), int(cell["data-col"])
        assert cell["tabindex"] in ("0", "-1")
        assert "data-lit" not in cell  # the page's script sets it; the default is data-default
        if cell["data-grid"] == "input":
            real = 0 <= r < g["size"][0] and 0 <= c < g["size"][1]
            assert cell.get("data-pad") == (None if real else "true"), (r, c)
            inputs.add((r, c))
        else:
            assert cell["data-grid"] == "output" and "data-pad" not in cell
            outputs.add((r, c))
    assert len(inputs) + len(outputs) == len(root["cells"])  # no duplicates

    cropped = "output_rows" in preset
    if cropped:
        rows = range(*preset["output_rows"])
        cols = range(*preset["output_cols"])
    else:
        rows, cols = range(out_hw[0]), range(out_hw[1])
        # the whole padded input is drawn, padding ring included
        assert inputs == set(
            itertools.product(
                range(-top, g["size"][0] + bottom), range(-left, g["size"][1] + right)
            )
        )
    assert outputs == set(itertools.product(rows, cols))

    data = json.loads(root["json"])
    order = [tuple(int(v) for v in k[2:].split(",")) for k in data["order"]]
    assert order == sorted(outputs)  # the kernel slides row by row
    for (r, c), key in zip(order, data["order"], strict=True):
        window = set(itertools.product(input_window(r, *axis(g, 0)), input_window(c, *axis(g, 1))))
        assert window <= inputs  # every shown neuron's whole window is on the page
        assert {tuple(int(v) for v in k[2:].split(",")) for k in data["cells"][key]["lit"]} == (
            window
        )
        assert all(k.startswith("i:") for k in data["cells"][key]["lit"])
    for r, c in inputs:
        seen = set(
            itertools.product(neurons_seeing(r, *axis(g, 0)), neurons_seeing(c, *axis(g, 1)))
        )
        lit = data["cells"][f"i:{r},{c}"]["lit"]
        assert all(k.startswith("o:") for k in lit)
        assert {tuple(int(v) for v in k[2:].split(",")) for k in lit} == seen & outputs
        say = data["cells"][f"i:{r},{c}"]["say"]
        assert (f"seen by {len(seen)} neuron" in say) if seen else ("no neuron" in say)


@pytest.mark.parametrize("name", [n for n in sorted(PRESETS) if "output_rows" not in PRESETS[n]])
def test_pixels_to_neurons_brute_force(name: str) -> None:
    """An independent source: conv2d of a one-hot image with a ones kernel."""
    preset = PRESETS[name]
    g = settings(preset)
    data = explorer_data(**preset)
    h, w = g["size"]
    ones = np.ones((g["k"][0], g["k"][1], 1, 1))
    for r, c in itertools.product(range(h), range(w)):
        x = np.zeros((1, h, w, 1))
        x[0, r, c, 0] = 1.0
        y = conv2d(x, ones, stride=g["s"], padding=g["pad"], dilation=g["d"])[0, :, :, 0]
        expected = {f"o:{i},{j}" for i, j in zip(*np.nonzero(y), strict=True)}
        assert set(data["cells"][f"i:{r},{c}"]["lit"]) == expected, (r, c)


def test_sentences_hand_derived() -> None:
    # The Q&A's axis under SAME, 1-based: 1 zero before and 2 after, not numbered.
    same = explorer_data(64, 4, padding="same")["cells"]
    assert same["o:0,0"]["say"] == "Neuron 1 reads pixels 1-3 and 1 padded zero (pad)."
    assert same["o:0,63"]["say"] == "Neuron 64 reads pixels 63-64 and 2 padded zeros (pad)."
    assert same["o:0,62"]["say"] == "Neuron 63 reads pixels 62-64 and 1 padded zero (pad)."
    assert same["i:0,63"]["say"] == "Pixel 64 is seen by 3 neurons: 62-64."
    assert same["i:0,-1"]["say"] == "Padding zero (pad) is seen by 1 neuron: 1."
    valid = explorer_data(64, 4, padding="valid")["cells"]
    assert valid["o:0,60"]["say"] == "Neuron 61 reads pixels 61-64."
    small = explorer_data((6, 6), 4, padding="same")["cells"]
    assert small["o:1,2"]["say"] == "Neuron (2, 3) reads rows 1-4, columns 2-5 (16 cells)."
    assert small["o:0,0"]["say"] == (
        "Neuron (1, 1) reads rows 1-3, columns 1-3 (16 cells); 7 of them are padded zeros (pad)."
    )
    dil = explorer_data((6, 6), 3, dilation=2)["cells"]
    assert dil["o:1,0"]["say"] == "Neuron (2, 1) reads rows 2, 4, 6, columns 1, 3, 5 (9 cells)."
    stride = explorer_data((6, 6), 3, stride=2)["cells"]
    assert stride["i:5,0"]["say"] == "Pixel (6, 1) is seen by no neuron: the stride skips it."
    assert stride["i:2,2"]["say"] == "Pixel (3, 3) is seen by 4 neurons: rows 1-2, columns 1-2."
    corner = explorer_data((64, 64), 4, padding="same", output_rows=(0, 8), output_cols=(0, 8))
    # inner pixel (10, 10) is seen by 16 neurons, 1 of them, (8, 8), in the corner shown
    assert corner["cells"]["i:9,9"]["say"] == (
        "Pixel (10, 10) is seen by 16 neurons: rows 8-11, columns 8-11. "
        "1 of them is drawn in this crop."
    )
    assert corner["shown"]["input_rows"] == [-1, 9]


def test_sentences_in_chinese() -> None:
    same = explorer_data(64, 4, padding="same", lang="zh")["cells"]
    assert same["o:0,63"]["say"] == "神经元 64 读取像素 63-64 和 2 个填充的零。"
    assert same["i:0,63"]["say"] == "像素 64 被 3 个神经元看到：62-64。"
    small = explorer_data((6, 6), 4, padding="same", lang="zh")["cells"]
    assert small["o:0,0"]["say"] == (
        "神经元 (1, 1) 读取第 1-3 行、第 1-3 列（16 个格子），其中 7 个是填充的零。"
    )
    page = explorer("grid-same", "zh")
    for word in ("播放", "暂停", "单步", "清除", 'lang="zh"'):
        assert word in page
    assert ">Play<" not in page and "Neuron" not in page


def test_page_ids_are_unique_and_caption_says_one_based() -> None:
    pages = {name: page_of(name) for name in PRESETS}
    ids = [parse(p)[0]["attrs"]["id"] for p in pages.values()]
    assert len(set(ids)) == len(ids)
    for page in pages.values():
        (root,) = parse(page)
        assert root["attrs"]["data-numbering"] == "1-based"
        assert "1-based, as in the Q&amp;A" in page
        assert 'aria-live="polite"' in page
        for label in ("Play", "Pause", "Step"):
            assert f">{label}</button>" in page
    assert "corner crop of the real 64 x 64 geometry" in pages["w1-corner"]


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_default_neuron_is_marked_in_the_markup(name: str) -> None:
    """Without the script (and in print) the default neuron and exactly its window show."""
    preset = PRESETS[name]
    (root,) = parse(page_of(name))
    g = settings(preset)
    marked = {
        (c["data-grid"], int(c["data-row"]), int(c["data-col"]))
        for c in root["cells"]
        if c.get("data-default") == "true"
    }
    neuron = preset.get("neuron", (0, 0))
    r, c = (0, neuron) if isinstance(neuron, int) else neuron
    want = {("output", r, c)} | {
        ("input", i, j) for i in input_window(r, *axis(g, 0)) for j in input_window(c, *axis(g, 1))
    }
    assert marked == want
    data = json.loads(root["json"])
    assert data["default"] == f"o:{r},{c}"
    live = page_of(name).split('aria-live="polite"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert live == data["cells"][data["default"]]["say"].replace("&", "&amp;")


def test_bad_crop_is_refused() -> None:
    with pytest.raises(ValueError, match="output_rows"):
        explorer_data((8, 8), 3, output_rows=(0, 9))
    with pytest.raises(ValueError, match="output_cols"):
        explorer_data((8, 8), 3, output_cols=(3, 3))
    with pytest.raises(TypeError, match="kernel"):
        explorer_data(8, 2.5)
