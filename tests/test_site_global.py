"""Site-wide checks on every page of the strict build.

- Nothing is loaded from another origin: no ``<script src>``, ``<link href>``,
  ``<img src>``/``srcset``, ``<iframe>``, media source, CSS ``url()`` or
  ``@import`` pointing at ``http:``, ``https:`` or ``//``; no web fonts.
- Every page in ``mkdocs.yml``'s nav exists in the build.
- Every SVG figure (not Material's inline icons) has a ``<title>`` or an
  ``aria-label``/``aria-labelledby``.
- No page shows markdown-exec error output (a Python traceback from a block).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

EXTERNAL = re.compile(r"^\s*(https?:|//)", re.I)
CSS_EXTERNAL = re.compile(
    r"""(url\(\s*['"]?\s*(https?:|//)|@import\s+(url\()?\s*['"]?\s*(https?:|//))""", re.I
)
FONT_HOSTS = re.compile(
    r"fonts\.(googleapis|gstatic)\.com|use\.typekit\.net|fonts\.bunny\.net", re.I
)

# (tag, attribute) pairs that make the browser fetch something
LOADING = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("iframe", "src"),
}

# Material's chrome: inline SVG icons there are decoration, not figures
CHROME_TAGS = {"button", "label", "header", "nav", "footer"}
CHROME_CLASSES = (
    "md-icon",
    "md-header",
    "md-nav",
    "md-search",
    "md-footer",
    "md-source",
    "md-top",
    "md-content__button",
    "md-clipboard",
    "md-social",
    "twemoji",
    "md-banner",
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param"}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.external: list[str] = []
        self.iframes = 0
        self.figures: list[dict] = []
        self._open_svg: dict | None = None
        self._svg_depth = 0
        self._in_title = False
        self.styles: list[str] = []
        self._in_style = False
        self.text: list[str] = []

    def _chrome(self) -> bool:
        for tag, cls in self.stack:
            if tag in CHROME_TAGS or any(c in cls for c in CHROME_CLASSES):
                return True
        return False

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)
        if tag == "svg":
            self._end_svg()

    def _start(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "iframe":
            self.iframes += 1
        for name, value in a.items():
            if (tag, name) in LOADING:
                values = (
                    [v.strip().split(" ")[0] for v in value.split(",")]
                    if "srcset" in name
                    else [value]
                )
                if any(EXTERNAL.match(v) for v in values):
                    self.external.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.styles.append(value)
        if tag == "style":
            self._in_style = True
        if tag == "svg":
            if self._svg_depth == 0 and not self._chrome():
                self._open_svg = {"attrs": a, "title": ""}
            self._svg_depth += 1
        if tag == "title" and self._open_svg is not None:
            self._in_title = True

    def _end_svg(self):
        self._svg_depth -= 1
        if self._svg_depth == 0 and self._open_svg is not None:
            self.figures.append(self._open_svg)
            self._open_svg = None

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg_depth:
            self._end_svg()
        if tag == "title":
            self._in_title = False
        if tag == "style":
            self._in_style = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        if self._in_title and self._open_svg is not None:
            self._open_svg["title"] += data
        self.text.append(data)


def _pages(site_dir: Path) -> list[Path]:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 10
    return pages


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_nothing_loads_from_another_origin(site_dir):
    problems = []
    for path in _pages(site_dir):
        page = _parse(path)
        rel = path.relative_to(site_dir)
        problems += [f"{rel}: {e}" for e in page.external]
        if page.iframes:
            problems.append(f"{rel}: {page.iframes} <iframe>")
        for css in page.styles:
            if CSS_EXTERNAL.search(css):
                problems.append(f"{rel}: external url()/@import in inline CSS")
        if FONT_HOSTS.search(path.read_text(encoding="utf-8")):
            problems.append(f"{rel}: mentions a web-font host")
    for css in sorted(site_dir.rglob("*.css")):
        content = css.read_text(encoding="utf-8")
        rel = css.relative_to(site_dir)
        if CSS_EXTERNAL.search(content):
            problems.append(f"{rel}: external url()/@import")
        if FONT_HOSTS.search(content):
            problems.append(f"{rel}: web-font host")
        for face in re.findall(r"@font-face\s*{[^}]*}", content):
            if re.search(r"url\(\s*['\"]?\s*(https?:|//)", face):
                problems.append(f"{rel}: @font-face from another origin")
    assert not problems, "\n".join(problems)


def _nav_files(nav) -> list[str]:
    files: list[str] = []
    for item in nav:
        if isinstance(item, str):
            files.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                files += _nav_files(value) if isinstance(value, list) else [value]
    return files


def _built(site_dir: Path, md: str) -> Path:
    stem = md.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site_dir / (stem + ".html")
    return site_dir / stem / "index.html"


def test_every_nav_page_is_built(site_dir):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    files = [f for f in _nav_files(config["nav"]) if not EXTERNAL.match(f)]
    assert len(files) >= 10
    missing = [f for f in files if not _built(site_dir, f).is_file()]
    assert not missing, f"nav pages not built: {missing}"


def test_every_figure_svg_has_a_text_alternative(site_dir):
    problems = []
    n_figures = 0
    for path in _pages(site_dir):
        for fig in _parse(path).figures:
            n_figures += 1
            a = fig["attrs"]
            if not (
                fig["title"].strip() or a.get("aria-label", "").strip() or a.get("aria-labelledby")
            ):
                problems.append(f"{path.relative_to(site_dir)}: <svg class={a.get('class')!r}>")
    assert n_figures >= 3, "the site has figures"
    assert not problems, "figures without <title>/aria-label:\n" + "\n".join(problems)


# A Python traceback printed by markdown-exec names the block as "<code block: ...>";
# any uncaught traceback shows 'File "...' lines (doctest examples use "..." instead).
ERROR_SIGNS = [
    re.compile(r"<code block: "),
    re.compile(r"Traceback \(most recent call last\):\s*File \""),
    re.compile(r"markdown_exec"),
]


@pytest.mark.parametrize("sign", ERROR_SIGNS, ids=["code-block", "traceback", "markdown_exec"])
def test_no_markdown_exec_error_output(site_dir, sign):
    bad = [
        str(path.relative_to(site_dir))
        for path in _pages(site_dir)
        if sign.search("".join(_parse(path).text))
    ]
    assert not bad, f"pages showing execution errors ({sign.pattern}): {bad}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def test_internal_links_resolve(site_dir):
    """Links printed by executed blocks are not rewritten by MkDocs: check them all."""
    parsed = {}
    for path in _pages(site_dir):
        links = _Links()
        links.feed(path.read_text(encoding="utf-8"))
        parsed[path] = links
    problems = []
    for path, links in parsed.items():
        for href in links.hrefs:
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I):
                continue  # another scheme (https:, mailto:) is a link, not a load
            target, _, fragment = href.partition("#")
            if not target:
                dest = path
            elif target.startswith("/"):  # 404.html links from the site root
                dest = site_dir / target.lstrip("/")
                if target.endswith("/") or dest.is_dir():
                    dest = dest / "index.html"
            else:
                dest = (path.parent / target).resolve()
                if target.endswith("/") or dest.is_dir():
                    dest = dest / "index.html"
            rel = path.relative_to(site_dir)
            if target.endswith(".md") or not dest.is_file():
                problems.append(f"{rel}: broken link {href!r}")
            elif fragment and dest.suffix == ".html":
                ids = parsed[dest].ids if dest in parsed else set()
                if fragment not in ids:
                    problems.append(f"{rel}: missing anchor {href!r}")
    assert not problems, "\n".join(problems)
