"""Site authoring rules checked on the Markdown sources.

- Every number in prose comes from a macro: a bare number outside code, macros, HTML
  attributes, links and quotations fails, except the documented allow-list below.
- Every shown example file under docs/examples runs as it stands.
- No page hides code (`# markdown-exec: hide`).
- Figure titles and captions in the page modules type no number (fields filled from
  computed values instead); the live pages' forms type no default value.
"""

from __future__ import annotations

import ast
import re
import runpy
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "snippets" not in p.parts)
EXAMPLES = sorted((DOCS / "examples").rglob("*.py"))

# Allowed bare numbers: years (1900-2099), version strings (1.2, 2.13.0), "Q1".."Q6",
# ordinal list markers ("1." at a line start), and tensor-layout names such as "conv2d".
ALLOWED = re.compile(r"^(19|20)\d\d$")


def front_matter(text: str) -> dict[str, str]:
    if not text.startswith("---\n"):
        return {}
    head = text[4 : text.index("\n---", 4)]
    return dict(line.split(":", 1) for line in head.splitlines() if ":" in line)


def prose(text: str) -> str:
    """The prose of a page: code, macros, HTML tags, links, ids and quotations removed."""
    if text.startswith("---\n"):
        text = text[text.index("\n---", 4) + 4 :]
    text = re.sub(r"^([ \t]*)(```|~~~).*?^\1\2", "", text, flags=re.S | re.M)  # fenced code
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)  # macros
    text = re.sub(r"`[^`]*`", " ", text)  # inline code
    text = re.sub(r"<[^>]+>", " ", text)  # tags and their attributes
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"\{[^}]*\}", " ", text)  # attr lists such as { #id }
    text = re.sub(r"^\s*>.*$", "", text, flags=re.M)  # quotations (the Q&A's words)
    text = re.sub(r'^--8<-- ".*"$', "", text, flags=re.M)  # snippet includes
    text = re.sub(r"^\s*\d+\.\s", " ", text, flags=re.M)  # ordered-list markers
    text = re.sub(r"\bQ[1-6]\b", " ", text)  # the Q&A's sub-question numbers
    text = re.sub(r"\b[A-Za-z_]+\d[\w.]*", " ", text)  # names with digits (conv2d, W1, P2, 4x4)
    text = re.sub(r"\b\d+(\.\d+){1,2}\b", " ", text)  # versions
    text = re.sub(r"\b[01]-based\b", " ", text)  # the numbering labels "0-based", "1-based"
    return text


def bare_numbers(text: str) -> list[str]:
    found = re.findall(r"(?<![\w.])\d[\d,.]*(?![\w])", prose(text))
    return [n.rstrip(",.") for n in found if not ALLOWED.match(n.rstrip(",."))]


def converted(path: Path) -> bool:
    return front_matter(path.read_text(encoding="utf-8")).get("render_macros", "").strip() == "true"


# A section kept in docs/snippets/ is included with Jinja (`{% include "snippets/x.md" %}`),
# so the macros in it render with the including page; its prose is scanned like a page's.
INCLUDE = re.compile(r'\{%-?\s*include\s+"(snippets/[^"]+\.md)"\s*-?%\}')
INCLUDED = sorted(
    {DOCS / name for p in PAGES if converted(p) for name in INCLUDE.findall(p.read_text("utf-8"))}
)


@pytest.mark.parametrize(
    "path",
    [p for p in PAGES if converted(p)] + INCLUDED,
    ids=lambda p: str(p.relative_to(DOCS)),
)
def test_no_bare_number_in_prose(path):
    found = bare_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(DOCS)}: numbers typed in prose (use a macro): {found}"


def test_included_snippets_are_scanned():
    assert DOCS / "snippets" / "speed.md" in INCLUDED
    assert DOCS / "snippets" / "speed.zh.md" in INCLUDED
    assert all(path.is_file() for path in INCLUDED)


@pytest.mark.parametrize("path", [p for p in PAGES if converted(p)], ids=lambda p: p.name)
def test_no_snippet_include_in_a_macro_page(path):
    # pymdownx.snippets inserts `--8<--` files after mkdocs-macros has rendered the page,
    # so a macro in such a snippet would reach the reader as raw `{{ ... }}`.
    assert not re.search(r'^--8<-- "', path.read_text(encoding="utf-8"), flags=re.M)


def test_prose_scan_catches_numbers():
    assert bare_numbers("SAME gives 64 neurons and {{ n }} more.") == ["64"]
    assert bare_numbers("In 2017, `conv2d` with W1 and Q3 ({{ x }}).") == []
    assert bare_numbers("> the asker wrote 64 x 64\n\n```python\nprint(3)\n```\n") == []
    assert bare_numbers('Intro.\n\n--8<-- "speed.md"\n') == []
    assert bare_numbers("a\n\n```text\nx = 1\n```\n\nb\n\n```text\ny = 2\n```\n") == []
    assert bare_numbers("Numbers are 1-based; code output is 0-based, not 2-based.") == ["2"]


@pytest.mark.parametrize("path", sorted(DOCS.rglob("*.md")), ids=lambda p: str(p.relative_to(DOCS)))
def test_no_hidden_code(path):
    assert "markdown-exec: hide" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(DOCS)))
def test_example_runs(path, capsys):
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip(), f"{path.name} prints nothing for the page to show"


# --- Figure captions, titles and alternative texts in the page modules -----------------
#
# A page module keeps a figure's words as one dict per language ({"en": ..., "zh": ...}),
# format strings whose numbers are filled from one computation. Their literal text types
# no digit, except the allow-list: the numbering rule ("1-based", "0-based", "numbered
# from 1", "从 1 开始"), names with digits (W1, Z1, conv2d, CC0, Q1..Q6) and "pad=" values
# given as a field.

SITE = DOCS.parent / "docs_site"
CAPTION_MODULES = sorted(p for p in SITE.rglob("*.py") if p.name != "translations.py")
CAPTION_ALLOWED = re.compile(
    r"\b[01]-based\b|numbered from 1\b|从 1 开始|\b[A-Za-z_]+\d\w*"  # numbering rule, names
)


def _literal_text(node: ast.AST) -> list[str]:
    """The typed text of the strings under ``node``: f-string values and ``{fields}`` left out."""
    if isinstance(node, ast.JoinedStr):
        return [" ".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.sub(r"\{[^{}]*\}", " ", node.value)]
    return [t for child in ast.iter_child_nodes(node) for t in _literal_text(child)]


def _language_values(node: ast.AST) -> list[ast.AST]:
    """The values of a per-language dict ``{"en": ..., "zh": ...}`` or of ``x["zh"] = ...``."""
    if isinstance(node, ast.Dict):
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
        return list(node.values) if {"en", "zh"} <= keys else []
    if isinstance(node, ast.Assign):
        langs = [
            t for t in node.targets
            if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant)
            and t.slice.value in ("en", "zh")
        ]  # fmt: skip
        return [node.value] if langs else []
    return []


def typed_caption_numbers(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of each string of a per-language table that types a number."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for value in _language_values(node):
            for text in _literal_text(value):
                if re.search(r"\d", CAPTION_ALLOWED.sub(" ", text)):
                    found.append((value.lineno, text.strip()))
    return found


@pytest.mark.parametrize("path", CAPTION_MODULES, ids=lambda p: str(p.relative_to(SITE)))
def test_captions_type_no_number(path):
    found = typed_caption_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(SITE)}: numbers typed in figure words: {found}"


def test_caption_scan_catches_numbers():
    typed = 'W = {"en": ("5 x 5 input", "{n} pixels"), "zh": f"{n} 个，共 3 个"}'
    assert [t for _, t in typed_caption_numbers(typed)] == ["5 x 5 input", "个，共 3 个"]
    assert [t for _, t in typed_caption_numbers('c = {}\nc["zh"] = "共 48 个"')] == ["共 48 个"]
    fine = (
        'W = {"en": f"W1 holds {k} x {k}, 1-based, numbered from 1", "zh": "{n} 个，从 1 开始"}\n'
        'OTHER = {"en": "not a figure: 64", "fr": "64"}  # not a per-language pair\n'
    )
    assert typed_caption_numbers(fine) == []


def test_live_forms_type_no_default():
    """The live pages' form values come from the glue's defaults (docs_site/pages/live.py)."""
    for path in sorted((DOCS / "live").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        # the progress bar's max="1" value="0" is its empty state, not a setting
        typed = re.findall(r'(?<!max="1" )(?:value|rows)="\d[^"]*"', text)
        assert not typed, f"{path.name}: form defaults typed: {typed}"
