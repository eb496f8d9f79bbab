"""What a reader sees on "The reverse mapping" (built strictly), against hand-derived numbers.

The Q&A's layer: 64 x 64 x 3 input, W1 = [4, 4, 3, 8], stride 1, SAME = 1 zero before and 2
after. A neuron's window is rows r-1..r+2, so one neuron's gradient lights 4 x 4 x 3 = 48
values; 1-based neuron (21, 31) lights rows 20..23 and columns 30..33. Per axis a pixel is seen
by 2 neurons at the first pixel, 4 inside and 3 at the last, so with every gradient and weight 1
a pixel collects 4 * 4 * 8 = 128 inside, 2 * 2 * 8 = 32 at the first corner, 2 * 4 * 8 = 64 on
the top edge and 3 * 3 * 8 = 72 at the last corner. Transposed convolutions drawn: 4 values,
kernel 3, stride 1 paint (4 - 1) + 3 = 6; kernel 2: 5; kernel 3, stride 2, padding 1,
output_padding 1: 3 * 2 - 2 + 3 + 1 = 8; kernel 4, stride 2, padding 1: 6 - 2 + 4 = 8.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest


class _Page(HTMLParser):
    """Visible text (scripts skipped), explorer roots' attributes, details blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.explorers: list[dict[str, str]] = []
        self.details = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "details":
            self.details += 1
        if a.get("data-convmap") == "explorer":
            self.explorers.append(a)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


@pytest.fixture(scope="module")
def page(site_dir: Path) -> _Page:
    parser = _Page()
    parser.feed((site_dir / "reverse-mapping" / "index.html").read_text(encoding="utf-8"))
    return parser


def test_one_neuron_gradient_lights_its_patch(page: _Page) -> None:
    text = page.text
    assert "Exactly 48 input values receive gradient" in text
    assert "rows 20 to 23 and columns 30 to 33 (1-based)" in text
    assert "row 21, column 31" in text
    assert "values lit: 48" in text  # the example's output


def test_pixel_gradient_sums_over_the_neurons_that_see_it(page: _Page) -> None:
    text = page.text
    assert "An inner pixel collects 128: the 16 neuron positions" in text
    assert "Pixel (1, 1) in the first corner collects only 32" in text
    assert "top edge collects 64" in text and "last corner pixel collects 72 (3 by 3" in text
    assert "inner pixel (0-based 30, 30): 128" in text


def test_explorers_both_strides_odd_even_and_named_grids(page: _Page) -> None:
    roots = page.explorers
    assert len(roots) == 4
    assert {r["data-input"] for r in roots} == {"6,6", "5,5", "8,8"}
    assert {r["data-stride"] for r in roots} == {"1,1", "2,2"}
    assert {r["data-kernel"] for r in roots} == {"3,3", "2,2", "4,4"}
    assert all(r["data-numbering"] == "1-based" for r in roots)
    text = page.text
    assert text.count("transposed-conv input (small): 4 x 4") == 4
    for size in (5, 6, 8):
        assert f"transposed-conv output (large): {size} x {size}" in text
    assert "4 values paint 6 pixels" in text and "4 values paint 5 pixels" in text
    assert text.count("4 values paint 8 pixels") == 2


def test_relation_and_frameworks(page: _Page) -> None:
    text = page.text
    assert re.search(r"largest difference: \d\.\d+e-1[5-9]", text)
    assert "value 1 paints [1, 2, 3]; conv neuron 1 sees [1, 2, 3]" in text
    assert "TensorFlow SAME accepts 7 or 8" in text
    assert "PyTorch padding=1 gives 7, and output_padding=1 gives 8" in text
    assert "w.transpose(3, 2, 0, 1)" in text


def test_check_yourself_has_three_or_more_questions(page: _Page) -> None:
    assert page.details >= 3
