"""What the reader sees on Home, Padding, and Strides and dilation (Which pixels: pages_b).

Uses the session fixture ``site_dir`` (a strict build into a temporary folder).
Numbers are checked in the page's visible text; figures are parsed, not string-matched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

PAGES = {
    "home": "index.html",
    "padding": "padding/index.html",
    "strides": "strides-and-dilation/index.html",
}


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
    ],
    "strides": [
        "[2, 5, 8, 9]",
        "(1, 621, 64)",
        "3 neurons",
        "1 zero, and it goes after",
        "5 neurons",
    ],
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_key_numbers_appear(pages, name):
    words = pages[name].words
    for fact in KEY_FACTS[name]:
        assert fact in words, f"{PAGES[name]} does not say {fact!r}"


@pytest.mark.parametrize("name", sorted(PAGES))
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


@pytest.mark.parametrize("name, at_least", [("home", 1), ("padding", 2), ("strides", 6)])
def test_figures_present_with_cells(pages, name, at_least):
    figs = figures_of(pages[name])
    assert len(figs) >= at_least
    for svg in figs:
        assert svg["attrs"].get("viewbox") or svg["attrs"].get("viewBox")
        grids = {c["data-grid"] for c in svg["cells"]}
        assert "input" in grids


def test_home_figure_marks_first_and_last_same_windows(pages):
    (fig,) = figures_of(pages["home"])
    window = sorted(int(c["data-col"]) for c in fig["cells"] if c.get("data-role") == "window")
    assert window == [-1, 0, 1, 2, 62, 63, 64, 65]
    assert "1-based" in pages["home"].words


def test_concept_pages_have_check_yourself(pages):
    for name in ("padding", "strides"):
        assert "Check yourself" in pages[name].headings
        assert pages[name].details >= 2


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
    ):
        assert f'href="{target}"' in html, target
