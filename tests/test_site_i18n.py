"""The Chinese edition: every page has a counterpart that says the same numbers in Chinese.

Source checks (Markdown under docs/):

- every English page has its ``page.zh.md`` counterpart (the test lists the missing ones);
- a Chinese page types no number in its prose (a scan that, unlike the English one, also
  sees a digit written right after a Chinese character);
- no line break between two Chinese characters inside a paragraph (browsers show it as a
  space).

Built-site checks (the strict build of both editions):

- ``<html lang>`` is ``zh`` on every page under ``zh/`` and ``en`` elsewhere, and each
  page's language switcher links to its counterpart;
- a Chinese page's prose (outside code, figures, names and formulas) is mostly Chinese;
- each en/zh pair states the same multiset of numbers in its prose, apart from the few
  documented differences in ``NUMBER_DIFFERENCES``.
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docs_site import pieces

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ENGLISH = sorted(
    p for p in DOCS.rglob("*.md") if "snippets" not in p.parts and not p.name.endswith(".zh.md")
)
CHINESE = sorted(DOCS.rglob("*.zh.md"))
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—"
HAN = re.compile(r"[\u3400-\u9fff]")
FORM_VALUES = re.compile(r"<(textarea|select)\b.*?</\1>", re.S)

# API pages whose body is mkdocstrings' English docstrings (by design: docstrings are
# English); their Chinese page has a Chinese title and a note, the rest stays English.
API_PAGES = {p.relative_to(DOCS).as_posix() for p in (DOCS / "reference").glob("*.md")} - {
    "reference/index.md"
}

ENGLISH_BODY = API_PAGES

# Numbers one edition states and the other does not, on purpose:
# page -> (extra in English, extra in Chinese).
NUMBER_DIFFERENCES: dict[str, tuple[list[str], list[str]]] = {
    # convmap's Chinese figure text writes "1-based" as 从 1 开始编号 (the explorer's
    # numbering note, once per explorer; the im2col caption), where English says "1-based".
    "which-pixels.md": ([], ["1", "1"]),
    "which-neurons.md": ([], ["1"]),
    "inside-the-convolution.md": ([], ["1"]),
    "contributing/fast-convolution.md": ([], ["1"]),  # the same im2col figure
    "reverse-mapping.md": ([], ["1", "1", "1", "1"]),
    # "refuses stride > 1" is 不接受大于一的步幅 in the Chinese live page.
    "live/your-layer.md": (["1"], []),
    # The Chinese Home quotes the asker's own words (a quotation, not counted) and
    # restates the example's input shape outside the quotation.
    "index.md": ([], ["64", "64", "3"]),
    # The Chinese glossary adds why 卷积核 means the whole 4 x 4 x 3 filter and 卷积核大小
    # only its 4 x 4 (the Q&A uses four words for the kernel).
    "glossary.md": ([], ["4", "4", "3", "4", "4"]),
    # The English page quotes the asker inline ("8个滤波器 … 生成8个64*64特征映射"), next
    # to the full quotation above it; the Chinese page points back to that quotation.
    "qa-checked.md": (["8", "8", "64", "64"], []),
    # "2-D" is 二维 in Chinese.
    "reference/index.md": (["2", "2"], []),
}


def _prose_module():
    spec = importlib.util.spec_from_file_location("site_prose", ROOT / "tests/test_site_prose.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def zh_source(page: Path) -> Path:
    return page.with_name(page.name[: -len(".md")] + ".zh.md")


def built(site: Path, rel: str, lang: str) -> Path:
    """The built HTML of a source page (``padding.md``) in one edition."""
    stem = rel[: -len(".md")]
    url = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem)
    url = url.rstrip("/")
    parts = (["zh"] if lang == "zh" else []) + ([url] if url else [])
    return site.joinpath(*parts, "index.html")


class _DropExplorers(HTMLParser):
    """Markup without the explorers (their words come from convmap's message tables)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.depth = 0  # > 0 inside an explorer

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("data-convmap") == "explorer":
            self.depth += tag not in VOID
        else:
            self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        if not self.depth:
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        else:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.depth:
            self.out.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def without_explorers(markup: str) -> str:
    parser = _DropExplorers()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


def article_text(page_html: str, explorers: bool = True) -> str:
    """The prose of a built page: the article without code, figures' drawings and quotes."""
    start = page_html.index("<article")
    body = page_html[start : page_html.index("</article>", start)]
    if not explorers:
        body = without_explorers(body)
    for tag in ("script", "style", "svg", "pre", "code", "blockquote", "math"):
        body = re.sub(rf"<{tag}\b.*?</{tag}>", " ", body, flags=re.S)
    body = re.sub(r'<a class="headerlink".*?</a>', " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def numbers(text: str) -> list[str]:
    """Numbers in prose, thousands separators dropped; digits inside names (W1) skipped."""
    text = re.sub(r"\b[01]-based\b", " ", text)  # the numbering labels (从零/从一开始 in Chinese)
    # ordinals count too ("99th" and 第 99 百分位)
    found = re.findall(r"(?<![A-Za-z_\d.])\d[\d,.]*(?=(?:st|nd|rd|th)\b|(?![A-Za-z_\d]))", text)
    return [n.rstrip(",.").replace(",", "") for n in found]


def latin_share(text: str) -> float:
    """Latin letters as a share of Latin letters plus Chinese characters (names removed)."""
    text = re.sub(r"\b[A-Za-z_]+\d[\w.]*|\b[A-Z]{2,}\b|\b\w+\(\)", " ", text)
    latin = len(re.findall(r"[A-Za-z]", text))
    han = len(HAN.findall(text))
    return latin / max(latin + han, 1)


# ---------------------------------------------------------------- source checks


def test_every_page_has_a_chinese_counterpart():
    missing = [p.relative_to(DOCS).as_posix() for p in ENGLISH if not zh_source(p).exists()]
    assert not missing, f"pages without a .zh.md counterpart: {missing}"


def test_every_chinese_page_has_an_english_original():
    orphans = [p for p in CHINESE if not p.with_name(p.name.replace(".zh.md", ".md")).exists()]
    assert not orphans, orphans


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_chinese_prose_types_no_number(path):
    # A live page's form values (the stack in a <textarea>, a <select>'s options) are
    # data the reader edits, not prose.
    source = FORM_VALUES.sub("", path.read_text(encoding="utf-8"))
    prose = _prose_module().prose(source)
    # a digit right after a Chinese character escapes the English scan (\w is Unicode)
    found = re.findall(rf"(?:(?<=[{CJK}])|(?<![\w.]))\d[\d,.]*(?![A-Za-z_\d])", prose)
    found = [n for n in found if not re.fullmatch(r"(19|20)\d\d", n.rstrip(",."))]
    assert not found, f"{path.name}: numbers typed in prose (use a macro): {found}"


def test_chinese_number_scan_catches_numbers():
    prose = _prose_module().prose("神经元64看到{{ x }}，第 3 行。\n> 引用 64\n")
    assert re.findall(rf"(?:(?<=[{CJK}])|(?<![\w.]))\d[\d,.]*", prose) == ["64", "3"]


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_line_break_between_chinese_characters(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    fence, bad = False, []
    for number, (line, following) in enumerate(zip(lines, lines[1:], strict=False), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence or not line.strip() or not following.strip():
            continue
        if re.search(rf"[{CJK}]\**$", line) and re.match(rf"\s*\**[{CJK}]", following):
            bad.append(number)
    assert not bad, f"{path.name}: paragraph lines break between Chinese characters at {bad}"


def test_translate_keeps_numbers_and_english_unchanged():
    english = "ceil(64 / 2) = 32 positions per axis, so 32 x 32 x 8 = 8,192 neurons."
    assert pieces.translate(english, "en") == english
    chinese = pieces.translate(english, "zh")
    assert numbers(chinese) == numbers(english) and HAN.search(chinese)
    assert pieces.translate("zero, 1, 2, 3", "zh") == "补零、1、2、3"
    with pytest.raises(ValueError, match="lang"):
        pieces.translate(english, "fr")


# ---------------------------------------------------------------- built-site checks


def pairs() -> list[str]:
    return [p.relative_to(DOCS).as_posix() for p in ENGLISH if zh_source(p).exists()]


def test_html_lang_and_counterpart_links(site_dir):
    problems = []
    for rel in pairs():
        en, zh = built(site_dir, rel, "en"), built(site_dir, rel, "zh")
        for path, lang, other in ((en, "en", zh), (zh, "zh", en)):
            text = path.read_text(encoding="utf-8")
            if f'<html lang="{lang}"' not in text:
                problems.append(f"{path.relative_to(site_dir)}: not <html lang={lang!r}>")
            links = re.findall(r'<a href="([^"]+)" hreflang="(en|zh)"', text)
            # Home's switcher links are site-absolute ("/", "/zh/"), the others relative
            target = {
                lang_: (
                    (site_dir / href.lstrip("/")) if href.startswith("/") else path.parent / href
                ).resolve()
                for href, lang_ in links
            }
            if target.get("zh" if lang == "en" else "en") != other.parent.resolve():
                problems.append(f"{path.relative_to(site_dir)}: switcher misses its counterpart")
    assert not problems, "\n".join(problems)


def test_chinese_prose_is_mostly_chinese(site_dir):
    latin = {}
    for rel in pairs():
        if rel in ENGLISH_BODY:
            continue
        page = built(site_dir, rel, "zh").read_text(encoding="utf-8")
        # the explorers' controls and sentences come from convmap's message tables (the
        # figures' own language support), not from the page: left out here
        share = latin_share(article_text(page, explorers=False))
        if share > 0.5:
            latin[rel] = round(share, 2)
    assert not latin, f"Chinese pages whose prose is mostly Latin letters: {latin}"


def test_explorers_are_left_out_of_the_prose():
    markup = '<article><p>中文</p><div data-convmap="explorer"><p>Play</p><br></div>x</article>'
    assert article_text(markup, explorers=False).split() == ["中文", "x"]


def test_latin_share_measures_prose():
    assert latin_share("一个神经元看到 48 个值") == 0
    assert latin_share("A neuron sees 48 values.") == 1
    assert latin_share("`W1` 和 SAME、VALID 都是名字") == 0


def test_each_page_pair_states_the_same_numbers(site_dir):
    problems = []
    for rel in pairs():
        if rel in ENGLISH_BODY:
            continue
        en = Counter(numbers(article_text(built(site_dir, rel, "en").read_text("utf-8"))))
        zh = Counter(numbers(article_text(built(site_dir, rel, "zh").read_text("utf-8"))))
        extra_en, extra_zh = NUMBER_DIFFERENCES.get(rel, ([], []))
        en.subtract(extra_en)
        zh.subtract(extra_zh)
        only_en, only_zh = +(en - zh), +(zh - en)
        # Timings (inside-the-convolution) are measured once per build, so they match too.
        if only_en or only_zh:
            problems.append(
                f"{rel}: only in English {dict(only_en)}, only in Chinese {dict(only_zh)}"
            )
    assert not problems, "\n".join(problems)


def test_numbers_reads_prose_numbers():
    assert numbers("the 99th percentile, 1-based") == ["99"]
    assert numbers("W1 有 64 x 64 x 8 = 32,768 个，Q3 和 conv2d 不算。") == [
        "64",
        "64",
        "8",
        "32768",
    ]
