"""What a reader sees on Neurons, Kernels and filters, Inside the convolution,
The Q&A checked, Glossary and the API reference index (built strictly).

The expected numbers are the issue's, derived by hand from the Q&A's layer
(64 x 64 x 3 input, W1 = [4, 4, 3, 8], stride 1): 64*64*3 = 12,288 inputs,
64*64*8 = 32,768 neurons under SAME, 61*61*8 = 29,768 under VALID,
4*4*3*8 = 384 weights (+8 biases = 392), 12,288 * 32,768 = 402,653,184
fully connected weights, and the Q&A's pad=1 call giving 63 x 63 x 8.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest


class _Text(HTMLParser):
    """Visible text of a page (script and style skipped), plus a few structures."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self.details = 0
        self.figures = 0
        self.figcaptions: list[str] = []
        self._in_caption = False
        self.svgs: list[dict[str, str]] = []
        self._svg_depth = 0
        self._svg_title = False
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "details":
            self.details += 1
        if tag == "figure":
            self.figures += 1
        if tag == "figcaption":
            self._in_caption = True
            self.figcaptions.append("")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "svg":
            if self._svg_depth == 0 and "cm-fig" in (a.get("class") or ""):
                self.svgs.append({**{k: v or "" for k, v in a.items()}, "_title": ""})
            self._svg_depth += 1
        if tag == "title" and self._svg_depth and self.svgs:
            self._svg_title = True

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "figcaption":
            self._in_caption = False
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        if tag == "title":
            self._svg_title = False

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._in_caption:
            self.figcaptions[-1] += data
        if self._svg_title:
            self.svgs[-1]["_title"] += data

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts))


def read(site_dir: Path, page: str) -> _Text:
    path = site_dir / page / "index.html"
    assert path.is_file(), f"{page} was not built"
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


PAGES = {
    "neurons": [
        "12,288",
        "48 values",
        "32,768",
        "29,768",
        "61 x 61 x 8",
        "4,096",
        "65,536",
        "CS231n",
        "depth column",
        "outputs that moved: 128",
        "31,752",
    ],
    "kernels-and-filters": [
        "384",
        "392",
        "(4, 4, 3)",
        "402,653,184",
        "402,685,952",
        "1,572,864",
        "(8, 3, 4, 4)",
        "equals the sum of its 3 per-channel convolutions: True",
    ],
    "inside-the-convolution": [
        "63 x 63 x 8",
        "(1, 63, 63, 8)",
        "(1, 64, 64, 8)",
        "np.sum(patch * w[:, :, :, c])",
        "pad=1 output == SAME output[:63, :63]: True",
        "SAME equal: True | pad=1 equal: True",
        "window rows: [62, 63, 64, 65]",
        "zeros in the patch: 36",
    ],
    "qa-checked": [
        "holds",
        "half-true",
        "wrong",
        "402,685,952",
        "neuron 64 sees ['63', '64', 'zero', 'zero']",
        "neuron 63 sees ['62', '63', '64', 'zero']",
        "(1, 2)",
        "(1, 63, 63, 8)",
    ],
    "glossary": ["神经元", "感受野", "膨胀", "步幅", "特征映射", "depth column", "32,768"],
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_key_numbers_on_page(site_dir, page):
    text = read(site_dir, page).text
    missing = [s for s in PAGES[page] if s not in text]
    assert not missing, f"{page}: missing {missing}"


@pytest.mark.parametrize("page", ["neurons", "kernels-and-filters", "inside-the-convolution"])
def test_concept_page_pattern(site_dir, page):
    parsed = read(site_dir, page)
    text = parsed.text
    assert re.search(r"Q[1-6]\.", text), "the question, with its number"
    assert "Short answer." in text
    assert "Check yourself" in text
    assert 2 <= parsed.details <= 4, "2-3 computed answers revealed on click"


@pytest.mark.parametrize("page", ["neurons", "kernels-and-filters"])
def test_every_figure_has_a_text_alternative(site_dir, page):
    parsed = read(site_dir, page)
    assert parsed.svgs, "the page has at least one figure"
    assert parsed.figures == len(parsed.svgs)
    for svg in parsed.svgs:
        assert svg["_title"].strip(), svg
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby")
    assert all(len(c.strip()) > 30 for c in parsed.figcaptions)


def test_qa_summary_verdicts(site_dir):
    html = (site_dir / "qa-checked" / "index.html").read_text(encoding="utf-8")
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    verdicts = [re.search(r"<strong>(.*?)</strong>", r).group(1) for r in rows]
    assert verdicts == [
        "holds",  # a neuron sees one patch
        "half-true",  # every neuron uses n filters
        "holds",  # sharing -> fewer parameters
        "half-true",  # count depends on input, kernel, padding, stride (not filters)
        "holds",  # VALID windows
        "holds",  # SAME first window, 64 x 64 x 8
        "wrong",  # SAME last window
        "half-true",  # conv_forward(pad=1)
    ]
    for link in ["neurons/", "kernels-and-filters/", "padding/", "inside-the-convolution/"]:
        assert f'href="../{link}' in table


def test_inside_page_ends_with_speed_snippet_slot():
    md = (Path(__file__).resolve().parent.parent / "docs" / "inside-the-convolution.md").read_text(
        encoding="utf-8"
    )
    last = [line for line in md.splitlines() if line.strip()][-1]
    assert last == '--8<-- "speed.md"'


def test_reference_index_links_every_module(site_dir):
    parsed = read(site_dir, "reference")
    for page in ["geometry", "conv", "pool", "figures", "diagrams", "explorer", "network"]:
        assert any(h.rstrip("/").endswith(page) for h in parsed.links), page
        assert (site_dir / "reference" / page / "index.html").is_file()
