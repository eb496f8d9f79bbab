"""What a reader sees on siteB's pages (built strictly): Which pixels does a neuron see?,
Which neurons see a pixel?, Inside the convolution, How the fast convolution works, The Q&A
checked, A real image, and the API reference index.

The expected numbers are derived by hand from the Q&A's layer (64 x 64 x 3 input,
W1 = [4, 4, 3, 8], stride 1, SAME = 1 zero before and 2 after):
- a corner neuron's window is rows x columns of real pixels: top-left 3 x 3 = 9 (7 zero cells,
  21 zero numbers of 48), top-right and bottom-left 3 x 2 = 6 (10, 30), bottom-right
  2 x 2 = 4 (12, 36);
- pixel -> neurons per filter: rows (2, 4, 3 at the first, inner, last pixel) times columns,
  so 4 at the top-left corner, 16 inside, 9 at the bottom-right; 8 filters multiply by 8;
- the Q&A's pad=1 call: floor((64 - 4 + 2) / 1) + 1 = 63, so 63 x 63 x 8;
- claim 7 (the last neuron reads one zero) needs after = ceil((k - 1) / 2) = 1: k = 2 or 3.
"""

from __future__ import annotations

import base64
import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
    "which-pixels": [
        "pixel rows R - 1 to R + 2",
        "top-left (1, 1) 3 x 3 = 9 7 21",
        "top-right (1, 64) 3 x 2 = 6 10 30",
        "bottom-left (64, 1) 2 x 3 = 6 10 30",
        "bottom-right (64, 64) 2 x 2 = 4 12 36",
        "neuron 63 reads [62, 63, 64, 65]",
        "16 cells: 9 real pixels and 7 zeros",
        "reconstructed",
    ],
    "which-neurons": [
        "read by 16 neurons of each filter",
        "by 128 neurons of the whole layer",
        "middle (31, 31) 16 128",
        "top-left corner (1, 1) 4 32",
        "bottom-right corner (64, 64) 9 72",
        "63,504",
        "last pixel: [61, 62, 63]",
    ],
    "inside-the-convolution": [
        "63 x 63 x 8",
        "Z.shape: (1, 63, 63, 8)",
        "pad=1: (1, 63, 63, 8) | SAME: (1, 64, 64, 8)",
        "pad=1 == SAME[:, :63, :63]: True",
        "loops == vectorised: True",
        "reconstructed",
    ],
    "qa-checked": [
        "holds",
        "half-true",
        "wrong",
        "402,685,952",
        "SAME: neuron 64 sees ['63', '64', 'zero', 'zero']",
        "SAME: neuron 63 sees ['62', '63', '64', 'zero']",
        "(1, 2)",
        "(1, 63, 63, 8)",
        "reconstructed",
        "我们如何知道输入图像的哪一部分映射到第一层的哪个神经元",
        "生成8个64*64特征映射",
        "Only k = 2 and k = 3",
        "the 4th filter (index 3)",
        "feature maps (0-based) that changed: [3]",
    ],
    "a-real-image": [
        "X (1, 64, 64, 3) | Z1 (1, 64, 64, 8) | A1 (1, 64, 64, 8) | P1 (1, 8, 8, 8)",
        "CC0",
        "A trained network learns its own filters",
        "8 x 8 x 8 = 512 numbers remain of the 32,768 neurons",
    ],
}
WRONG = {
    "which-pixels": ["21 of them are padded zeros"],
    "which-neurons": ["Darker means more", "darker means more"],
    "qa-checked": ["Odd ones", "filter 3 and only feature map 3"],
    "inside-the-convolution": ["BLAS", "OpenBLAS", "threads"],
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_key_numbers_on_page(site_dir, page):
    text = read(site_dir, page).text
    missing = [s for s in PAGES[page] if s not in text]
    assert not missing, f"{page}: missing {missing}"


@pytest.mark.parametrize("page", sorted(WRONG))
def test_fixed_sentences_are_gone(site_dir, page):
    text = read(site_dir, page).text
    assert not [s for s in WRONG[page] if s in text]


@pytest.mark.parametrize(
    "page", ["which-pixels", "which-neurons", "inside-the-convolution", "qa-checked"]
)
def test_page_pattern(site_dir, page):
    parsed = read(site_dir, page)
    text = parsed.text
    assert "Check yourself" in text
    assert parsed.details >= 3, "at least three computed answers revealed on click"
    if page != "qa-checked":
        assert "Short answer." in text


def test_inside_ratio_is_one_number(site_dir):
    text = read(site_dir, "inside-the-convolution").text
    ratios = re.findall(r"([\d,]+) times (?:faster|as long)", text)
    assert len(ratios) == 2 and len(set(ratios)) == 1, ratios
    loops, fast = re.search(
        r"loops took ([\d,]+) ms \(one run\), conv2d ([\d.]+) ms", text
    ).groups()
    # The ratio comes from unrounded times; the shown times are rounded to 1 ms and 0.01 ms,
    # so the ratio of the shown times may differ by those roundings' relative errors.
    loops_ms, fast_ms, ratio = (
        float(loops.replace(",", "")),
        float(fast),
        int(ratios[0].replace(",", "")),
    )
    slack = ratio * (0.5 / loops_ms + 0.005 / fast_ms) * 1.01 + 1
    assert abs(loops_ms / fast_ms - ratio) <= slack


def test_inside_conv_forward_block_runs_as_shown(site_dir):
    html = (site_dir / "inside-the-convolution" / "index.html").read_text(encoding="utf-8")
    blocks = [re.sub(r"<[^>]+>", "", b) for b in re.findall(r"<code>(.*?)</code>", html, re.S)]
    import html as h

    source = next(h.unescape(b) for b in blocks if "def conv_forward(" in b)
    names: dict = {}
    exec(compile(source, "conv_forward", "exec"), names)  # what a reader copies
    np = names["np"]
    z = names["conv_forward"](names["A_prev"], names["W"], names["b"], pad=1, stride=1)
    assert z.shape == (1, 63, 63, 8)
    # against a direct sum at one edge position (0-based row 0, column 62, filter 5)
    xp = np.pad(names["A_prev"][0], ((1, 1), (1, 1), (0, 0)))
    want = np.sum(xp[0:4, 62:66] * names["W"][..., 5]) + names["b"][0, 0, 0, 5]
    assert np.isclose(z[0, 0, 62, 5], want)


def test_fast_convolution_page(site_dir):
    text = read(site_dir, "contributing/fast-convolution").text
    assert "How the fast convolution works" in text and "How fast is it?" in text
    for lang, name in (("", "speed.md"), ("zh", "speed.zh.md")):
        stem = "fast-convolution" + (".zh" if lang else "")
        md = (ROOT / "docs" / "contributing" / f"{stem}.md").read_text(encoding="utf-8")
        assert md.rstrip().splitlines()[-1] == f'{{% include "snippets/{name}" %}}'
        page = site_dir / lang / "contributing" / "fast-convolution" / "index.html"
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        assert "{{" not in article and "{%" not in article  # every macro rendered
        # the build-time table, the benchmark's convolutions, products alone and pools;
        # im2col and the band
        assert article.count("<table>") == 4
        figures = re.findall(r'<svg [^>]*class="cm-fig[^>]*>', article)
        assert len(figures) == 2 and all(f'lang="{lang or "en"}"' in f for f in figures)
    inside = (site_dir / "inside-the-convolution" / "index.html").read_text(encoding="utf-8")
    assert 'href="../contributing/fast-convolution/"' in inside


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
    for n in range(1, 9):
        assert f'id="claim-{n}"' in html


def _png_size(uri: str) -> tuple[int, int]:
    data = base64.b64decode(uri.split(",", 1)[1])
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_real_image_figures(site_dir):
    html = (site_dir / "a-real-image" / "index.html").read_text(encoding="utf-8")
    parsed = read(site_dir, "a-real-image")
    assert len(parsed.svgs) == 4
    for s in parsed.svgs:
        assert s["_title"].strip() and s.get("role") == "img"
        assert s.get("data-numbering") == "1-based"
    uris = re.findall(r'<image href="(data:image/png;base64,[^"]+)"', html)
    assert len(uris) == 1 + 8 + 8  # the input, Z1 and A1 maps
    assert {_png_size(u) for u in uris} == {(64, 64)}
    p1 = html[html.index("P1: 8 maps of 8 x 8") :]
    p1 = p1[: p1.index("</svg>")]
    assert len(re.findall(r'<rect [^>]*fill="#[0-9a-f]{6}"', p1)) == 8 * 8 * 8
    for n in range(1, 9):
        assert f"filter {n}" in parsed.text


def test_real_image_data_and_licence():
    meta = json.loads((ROOT / "docs" / "data" / "qa_image.json").read_text(encoding="utf-8"))
    assert meta["shape"] == [64, 64, 3] and "CC0" in meta["licence"]
    assert meta["made_by"] == "docs_site/tools/make_real_image.py"
    assert (ROOT / meta["made_by"]).is_file()
    npy = (ROOT / "docs" / "data" / meta["file"]).read_bytes()
    assert npy[:6] == b"\x93NUMPY" and len(npy) < 13_000  # small: 12,288 bytes of pixels
    assert "skimage" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_new_pages_in_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for md in ["which-neurons.md", "a-real-image.md", "contributing/fast-convolution.md"]:
        assert md in nav
    assert "For contributors:" in nav


def test_reference_index_links_every_module(site_dir):
    parsed = read(site_dir, "reference")
    for page in ["geometry", "conv", "pool", "figures", "diagrams", "explorer", "network"]:
        assert any(h.rstrip("/").endswith(page) for h in parsed.links), page
        assert (site_dir / "reference" / page / "index.html").is_file()
