"""What the reader sees on siteA's pages: Home, From fully connected, Neurons, Kernels,
A worked neuron, Padding, Strides and dilation, and the Glossary.

Uses the session fixture ``site_dir`` (a strict build into a temporary folder).
Numbers are checked in the page's visible text; figures are parsed, not string-matched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = {
    "home": "index.html",
    "from_fc": "from-fully-connected/index.html",
    "neurons": "neurons/index.html",
    "kernels": "kernels-and-filters/index.html",
    "worked": "worked-neuron/index.html",
    "padding": "padding/index.html",
    "strides": "strides-and-dilation/index.html",
    "glossary": "glossary/index.html",
}
CONCEPT_PAGES = ("from_fc", "neurons", "kernels", "worked", "padding", "strides")


class Page(HTMLParser):
    """Collects the article's text, its <svg> roots with their first child, and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside <article>
        self.text: list[str] = []
        self.svgs: list[dict] = []
        self.ids: set[str] = set()
        self.details = 0
        self.headings: list[str] = []
        self._svg_depth = 0
        self._open_svg: dict | None = None
        self._in_title = False
        self._heading: list[str] | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("src", "href"):
            value = a.get(key) or ""
            if tag in ("script", "img", "link", "iframe") and re.match(r"(https?:)?//", value):
                self.external.append(value)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag == "details":
            self.details += 1
        if tag in ("h2", "h3"):
            self._heading = []
        if tag == "svg":
            if self._svg_depth == 0:
                self._open_svg = {"attrs": a, "first": None, "title": "", "cells": []}
                self.svgs.append(self._open_svg)
            self._svg_depth += 1
            return
        if self._svg_depth:
            svg = self._open_svg
            if svg["first"] is None:
                svg["first"] = tag
            if tag == "title":
                self._in_title = True
            if a.get("data-grid") in ("input", "output"):
                svg["cells"].append(a)

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        if tag == "title":
            self._in_title = False
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).replace("¶", "").strip())
            self._heading = None

    def handle_data(self, data):
        if self._in_title and self._open_svg is not None:
            self._open_svg["title"] += data
        if self.depth and not self._svg_depth:
            self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def load(site_dir: Path, name: str) -> Page:
    path = site_dir / PAGES[name]
    assert path.exists(), f"{PAGES[name]} was not built"
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.words = re.sub(r"\s+", " ", " ".join(page.text))
    return page


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[str, Page]:
    return {name: load(site_dir, name) for name in PAGES}


KEY_FACTS = {
    "home": [
        "32,768 neurons",
        "4 x 4 patch",
        "neuron 64 sees 63, 64, zero, zero",
        "1 row of zeros",
        "Pixels and neurons are numbered from 1",
        "pixel 1 is index 0 and pixel 64 is index 63",
        "reconstructed",
    ],
    "from_fc": [
        "falls from 402,685,952 (fully connected) to 1,605,632 (locality only) to 392",
        "nonzero weights: 48 of 12288",
        "shared weights equal conv2d: True",
        "output moved the same way: True",
        "translation equivariance",
        "4,096 positions x (48 + 1) x 8",
    ],
    "neurons": [
        "64 x 64 x 8 = 32,768",
        "61 x 61 x 8 = 29,768",
        "outputs that moved: 128",
        "rows 29 to 32, columns 39 to 42, 1-based",
        "58 x 58 x 8",
        "d * (k - 1) - 1",
        "2 x 2 x 8 = 32 neurons",
    ],
    "kernels": [
        "4 x 4 x 3 x 8 = 384",
        "392 parameters",
        "402,653,184 weights",
        "the first of the 8 filters (index 0)",
        "row 11, column 21 computes on the shifted image exactly what the neuron in row 14",
        "(2 x 2 x 8 + 1) x 16 = 528",
    ],
    "worked": [
        "fixed seed (2026)",
        "21 of its 48 values are padded zeros",
        "30 of the 48 values zeros",
        "row 1, column 1, row 1, column 2",
    ],
    "padding": [
        "61 x 61 x 8",
        "64 x 64 x 8",
        "63 x 63 x 8",
        "67 x 67 x 8",
        "1 before and 2 after",
        "63, 64, zero, zero",
        "is the window of neuron 63",
        "not supported for strided convolutions",
        "[62, 63, 64, 65]",
        "cover 64 + 4 - 1 = 67 places: the 64 pixels and 3 more",
        "d * (k - 1) - 1",
        "floor((64 + 1 + 2 - 1 * 3 - 1) / 1) + 1 = 64",
    ],
    "strides": [
        "[2, 5, 8, 9]",
        "(1, 621, 64)",
        "3 neurons",
        "1 zero, and it goes after",
        "9 - 5 + 1 = 5 neurons",
        "3, 6, ..., 63 (21 pixels, one after each window), and pixel 64",
        "columns 621 to 720",
        "d * (k - 1) - 1",
    ],
    "glossary": [
        "P2 has a receptive field of 43 x 43",
        "42 x 42, 42 x 33, 33 x 42 or 33 x 33",
        "spans 4 x 4 but reads 3 x 3 pixels",
        "1,605,632 parameters",
    ],
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_key_numbers_appear(pages, name):
    words = pages[name].words
    for fact in KEY_FACTS[name]:
        assert fact in words, f"{PAGES[name]} does not say {fact!r}"


@pytest.mark.parametrize("name", ["home", "neurons", "kernels", "padding", "strides"])
def test_every_svg_has_a_title_and_a_viewbox(pages, name):
    page = pages[name]
    assert page.svgs, f"{PAGES[name]} has no figure"
    for svg in page.svgs:
        assert svg["first"] == "title" and svg["title"].strip(), svg["attrs"]
        label = svg["attrs"].get("aria-labelledby", "")
        if svg["attrs"].get("role") == "img":
            assert label and all(i in page.ids for i in label.split())


def figures_of(page: Page) -> list[dict]:
    return [s for s in page.svgs if "cm-fig" in s["attrs"].get("class", "").split()]


@pytest.mark.parametrize(
    "name, at_least",
    [("home", 1), ("neurons", 2), ("kernels", 1), ("padding", 2), ("strides", 6)],
)
def test_figures_present_with_cells(pages, name, at_least):
    figs = figures_of(pages[name])
    assert len(figs) >= at_least
    for svg in figs:
        assert svg["attrs"].get("viewbox") or svg["attrs"].get("viewBox")


def test_home_figure_marks_first_and_last_same_windows(pages):
    (fig,) = figures_of(pages["home"])
    window = sorted(int(c["data-col"]) for c in fig["cells"] if c.get("data-role") == "window")
    assert window == [-1, 0, 1, 2, 62, 63, 64, 65]
    assert "1-based" in pages["home"].words


def test_concept_pages_have_check_yourself(pages):
    for name in CONCEPT_PAGES:
        assert "Check yourself" in pages[name].headings, name
        assert pages[name].details >= 3, name


def test_no_external_resources(pages):
    for name, page in pages.items():
        assert page.external == [], f"{PAGES[name]} loads {page.external}"


def test_home_links_to_every_answer(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    for target in (
        "padding/",
        "which-pixels/",
        "neurons/",
        "kernels-and-filters/",
        "inside-the-convolution/",
        "qa-checked/",
        "from-fully-connected/",
        "worked-neuron/",
        "glossary/",
    ):
        assert f'href="{target}"' in html, target


def test_home_states_the_numbering_rule(pages, site_dir):
    assert "numbering" in pages["home"].ids
    words = pages["home"].words
    for phrase in ("Padded positions get no number", '"pad"', '"0-based"', '"1-based"'):
        assert phrase in words, phrase


def test_glossary_is_a_definition_list_with_the_pages_receptive_field(site_dir):
    html = (site_dir / PAGES["glossary"]).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    found = re.findall(r'<dt id="([a-z0-9-]+)">.*?</dt>\s*<dd>(.*?)</dd>', article, re.S)
    terms = dict(found)
    assert len(re.findall(r"<dt id=", article)) >= 25
    field = re.sub(r"\s+", " ", terms["receptive-field"])
    assert "input coordinates with the padding included" in field and "43 x 43" in field
    assert "pixels-read" in terms and "receptive-field" in terms


def _worked_steps(site_dir: Path) -> list[str]:
    html = (site_dir / PAGES["worked"]).read_text(encoding="utf-8")
    root = re.search(r'<div class="cm-worked" data-convmap="worked-neuron"([^>]*)>', html)
    assert root and 'data-numbering="1-based"' in root.group(1)
    return re.findall(r'<section class="cm-worked-step".*?</section>', html, re.S)


def test_worked_neuron_tables_add_up(site_dir):
    """Every product, channel sum and result shown is consistent with the shown factors."""
    steps = _worked_steps(site_dir)
    assert len(steps) == 6
    for step in steps:
        grids = re.findall(r'<table class="cm-worked-grid">.*?</table>', step, re.S)
        assert len(grids) == 3
        sums = []
        for grid in grids:
            cells = re.findall(r"<td[^>]*><span>(\S+) × (\S+)</span><br><span>= (\S+)</span>", grid)
            assert len(cells) == 16
            for x, w, p in cells:
                assert abs(float(x) * float(w) - float(p)) < 1e-9, (x, w, p)
            sums.append(sum(float(p) for _, _, p in cells))
        shown = [float(v) for v in re.findall(r"products</th><td>(\S+)</td>", step)]
        bias = float(re.search(r"bias of filter 1</th><td>(\S+)</td>", step).group(1))
        z = float(re.search(r"sums \+ bias</th><td><strong>(\S+)</strong>", step).group(1))
        assert all(abs(a - b) < 1e-9 for a, b in zip(sums, shown, strict=True))
        assert abs(sum(shown) + bias - z) < 1e-9


def test_worked_neuron_equals_the_loop_convolution(site_dir):
    """The results shown equal an independent loop convolution of the example's numbers."""
    import runpy

    import numpy as np

    from convmap import conv2d_loops

    ex = runpy.run_path(str(DOCS / "examples" / "worked_neuron" / "one_neuron.py"))
    z1 = conv2d_loops(ex["x"], ex["w1"], ex["b1"], padding="same")
    columns = [0, 1, 2, 3, 62, 63]
    for step, col in zip(_worked_steps(site_dir), columns, strict=True):
        z = float(re.search(r"sums \+ bias</th><td><strong>(\S+)</strong>", step).group(1))
        assert abs(z - float(z1[0, 0, col, 0])) < 5e-5, col
        zeros = step.count('data-pad="true"')
        rows_pad = 1
        cols_pad = {0: 1, 62: 1, 63: 2}.get(col, 0)
        assert zeros == 3 * (4 * rows_pad + 4 * cols_pad - rows_pad * cols_pad)
    assert np.isfinite(z1).all()
