"""Site authoring rules checked on the Markdown sources.

- Every number in prose comes from a macro: a bare number outside code, macros, HTML
  attributes, links and quotations fails, except the documented allow-list below.
- Every shown example file under docs/examples runs as it stands.
- No page hides code (`# markdown-exec: hide`).
- Figure titles and captions, "Check yourself" answers, tables and phrases built in the
  page modules, and the Chinese phrases of docs_site/translations.py, type no number
  (fields filled from computed values instead); the live pages' forms type no default value.
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
SCANNED = [p for p in PAGES if converted(p)] + INCLUDED  # pages with macros, and their sections


@pytest.mark.parametrize(
    "path",
    SCANNED,
    ids=lambda p: str(p.relative_to(DOCS)),
)
def test_no_bare_number_in_prose(path):
    found = bare_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(DOCS)}: numbers typed in prose (use a macro): {found}"


# The strings a page writes inside its macros ({{ check_yourself(("How many ...?", x)) }})
# reach the reader too, but `prose` drops macros whole: their literal text types no number
# either (same allow-list as the bare-number scan; file names such as "padding/x.py" aside).
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", flags=re.S)
MACRO_STRING = re.compile(r'"([^"]*)"|\'([^\']*)\'')


def macro_string_numbers(text: str) -> list[str]:
    """The string literals inside a page's macros that type a number."""
    found = []
    for macro in MACRO.findall(text):
        for double, single in MACRO_STRING.findall(macro):
            literal = double or single
            if not literal.endswith((".py", ".md")) and bare_numbers(literal):
                found.append(literal)
    return found


@pytest.mark.parametrize(
    "path",
    SCANNED,
    ids=lambda p: str(p.relative_to(DOCS)),
)
def test_no_number_typed_in_macro_strings(path):
    found = macro_string_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(DOCS)}: numbers typed in macro strings: {found}"


def test_macro_string_scan_catches_numbers():
    page = (
        '{{ check_yourself(("What reaches pixel (1, 1)?", a ~ " (its 4x4x3 patch)"),\n'
        '  ("Kernel " ~ k ~ ", stride 2?", b)) }} and {{ example("padding/same_64.py") }}\n'
        "{% include \"snippets/speed.md\" %} {{ tr('W1 of Q3, 1-based') }}"
    )
    assert macro_string_numbers(page) == ["What reaches pixel (1, 1)?", ", stride 2?"]


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


# --- Words typed in Python: figure words, "Check yourself", tables, phrases ----------------
#
# The page modules build prose in Python: figure titles and captions (one dict per language,
# {"en": ..., "zh": ...}), "Check yourself" questions and answers (`checks()`,
# `*_checks()`), table cells, sentence templates. Their literal text (f-string values and
# ``{fields}`` left out) types no digit; the numbers are fields filled from one computation.
#
# In the prose modules (pages, pieces, presets, qa_layer, live) every string literal is
# scanned except what is not prose: docstrings and other bare string statements, `assert`
# and `raise` statements (expected values, messages), comparisons, ``encoding=`` values,
# the patterns of `re` calls, and the format specs of fields (``{x:.2f}``). In the other
# modules of docs_site only the per-language dicts are scanned. The allow-list:
# - the numbering rule: "1-based", "0-based", "numbered from 1", "从 1 开始";
# - names with digits: W1, Z1, conv2d, CC0, Q1..Q6, "pad1";
# - HTML and SVG attributes (x="0", tabindex="0"): markup, not words;
# - explorer cell keys ("o:0,9", "i:0,0"): 0-based data the explorer script reads;
# - the "+ 1" and "- 1" of a formula (the output size "(n - k) // s + 1", the span
#   "d x (k - 1) + 1", a bias's "(48 + 1) x 8"): a constant of the formula, not a setting,
#   so it has no computed value to come from.

SITE = DOCS.parent / "docs_site"
CAPTION_MODULES = sorted(p for p in SITE.rglob("*.py") if p.name != "translations.py")
PROSE_MODULES = sorted(
    [*SITE.glob("pages/*.py"), *SITE.glob("live/*.py")]
    + [SITE / name for name in ("pieces.py", "presets.py", "qa_layer.py")]
)
CAPTION_ALLOWED = re.compile(
    r"\b[01]-based\b|numbered from 1\b|从 1 开始"  # the numbering rule
    r"|\b[A-Za-z_]+\d\w*"  # names with digits
    r'|[\w:-]+="[^"]*"'  # HTML and SVG attributes
    r"|\b[oi]:\d+,\d*"  # explorer cell keys
    r"|(?<=\s)[-+] 1(?![\d.])"  # a formula's constant 1 ("... + 1", "(k - 1)")
)


def _literal_text(node: ast.AST) -> list[str]:
    """The typed text of the strings under ``node``: f-string values and ``{fields}`` left out."""
    if isinstance(node, ast.JoinedStr):
        return [" ".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.sub(r"\{[^{}]*\}", " ", node.value)]
    return [t for child in ast.iter_child_nodes(node) for t in _literal_text(child)]


def _typed(text: str) -> bool:
    return bool(re.search(r"\d", CAPTION_ALLOWED.sub(" ", text)))


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
                if _typed(text):
                    found.append((value.lineno, text.strip()))
    return found


def _not_prose(tree: ast.AST) -> set[int]:
    """The ids of the nodes whose strings are not prose (see the comment above)."""
    roots = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assert, ast.Raise, ast.Compare)):
            roots.append(node)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            roots.append(node)  # a docstring or another bare string
        elif isinstance(node, ast.keyword) and node.arg == "encoding":
            roots.append(node)
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            roots.append(node.format_spec)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
        ):
            roots.append(node.args[0])  # a regular expression
    return {id(n) for root in roots for n in ast.walk(root)}


def typed_prose_numbers(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of each prose string literal of a module that types a number."""
    tree = ast.parse(source)
    skip = _not_prose(tree)
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in parts:
            continue  # not prose, or a piece of an f-string (scanned with it)
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        ):
            found += [(node.lineno, " ".join(t.split())) for t in _literal_text(node) if _typed(t)]
    return sorted(found)


@pytest.mark.parametrize("path", CAPTION_MODULES, ids=lambda p: str(p.relative_to(SITE)))
def test_captions_type_no_number(path):
    found = typed_caption_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(SITE)}: numbers typed in figure words: {found}"


@pytest.mark.parametrize("path", PROSE_MODULES, ids=lambda p: str(p.relative_to(SITE)))
def test_module_prose_types_no_number(path):
    found = typed_prose_numbers(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(SITE)}: numbers typed in prose (use a field): {found}"


def test_caption_scan_catches_numbers():
    typed = 'W = {"en": ("5 x 5 input", "{n} pixels"), "zh": f"{n} 个，共 3 个"}'
    assert [t for _, t in typed_caption_numbers(typed)] == ["5 x 5 input", "个，共 3 个"]
    assert [t for _, t in typed_caption_numbers('c = {}\nc["zh"] = "共 48 个"')] == ["共 48 个"]
    fine = (
        'W = {"en": f"W1 holds {k} x {k}, 1-based, numbered from 1", "zh": "{n} 个，从 1 开始"}\n'
        'OTHER = {"en": "not a figure: 64", "fr": "64"}  # not a per-language pair\n'
    )
    assert typed_caption_numbers(fine) == []


def test_prose_scan_catches_typed_numbers():
    typed = (
        "def checks():\n"
        "    return [(\n"
        '        "With a 3 x 3 kernel, does `pad=1` work?",\n'
        '        f"Yes: ({n} - 3 + 2) // {s} + 1 = {out}. Once per number: 1 x {n}.",\n'
        '    ), ("How many?", f"{n} of the 64 pixels")]\n'
        'ROWS = [("stride 2", {"s": 2}), ("input {n} x {n}", {"n": 32})]\n'
    )
    assert [t for _, t in typed_prose_numbers(typed)] == [
        "With a 3 x 3 kernel, does `pad=1` work?",
        "Yes: ( - 3 + 2) // + 1 = . Once per number: 1 x .",
        "of the 64 pixels",
        "stride 2",
    ]
    fine = (
        '"""A docstring may say 64 x 64."""\n'
        "def checks(n, k, s, out):\n"
        '    """So may this one: 3 x 3."""\n'
        '    assert (n, out) == (64, 63), "64 pixels expected"\n'
        '    if lang == "x2":\n'
        '        raise ValueError("lang must be one of 2 languages")\n'
        '    text = path.read_text(encoding="utf-8") + re.sub(r"\\d{2}", "", s)\n'
        '    key = f"o:0,{k}"  # an explorer cell key\n'
        '    return [(f"W1 holds {k} x {k} (1-based), {out:,.2f}", f\'<td tabindex="0">{n}\'),\n'
        '            (f"({n} - {k}) // {s} + 1 = {out}", f"span {s} x ({k} - 1) + 1")]\n'
    )
    assert typed_prose_numbers(fine) == []


# docs_site/translations.py: each entry is an English phrase's regular expression and its
# Chinese wording. Both type no number: the numbers are captured groups (``{N}``,
# ``{SHAPE}``) given back as ``\g<n>``, so both editions show the computed numbers. Regex
# syntax (``\d``, quantifiers such as ``{1,2}``) is not text.
REGEX_SYNTAX = re.compile(r"\\g<\d+>|\\d|\{N\}|\{SHAPE\}|\{\d+(?:,\d*)?\}")


def typed_translation_numbers(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of each phrase or wording in a translations module that types a number."""
    tree = ast.parse(source)
    skip = _not_prose(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if _typed(REGEX_SYNTAX.sub(" ", node.value)):
                found.append((node.lineno, node.value))
    return sorted(found)


def test_translations_type_no_number():
    found = typed_translation_numbers((SITE / "translations.py").read_text(encoding="utf-8"))
    assert not found, f"translations.py: numbers typed in phrases (capture them): {found}"


def test_translation_scan_catches_numbers():
    typed = (
        'ZH = [(r"With a {SHAPE} kernel, does `pad=1` work\\?", r"卷积核 \\g<1>，`pad=1`"),\n'
        '      (r"{N} filters", r"\\g<1> 个，共 8 个")]\n'
    )
    assert [t for _, t in typed_translation_numbers(typed)] == [
        "With a {SHAPE} kernel, does `pad=1` work\\?",
        "卷积核 \\g<1>，`pad=1`",
        "\\g<1> 个，共 8 个",
    ]
    fine = (
        '"""Docstring: "zero, 1, 2" -> "补零、1、2"."""\n'
        'N = r"(\\d[\\d,.]*%?)"\n'
        'ZH = [(r"(\\d{1,3}) neuron \\({N}, {N}\\)\'s (0-based)", r"神经元 (\\g<1>, \\g<2>)"),\n'
        '      (r"pad={N}", r"pad=\\g<12>"), (r"W1 and Z1", r"W1 和 Z1")]\n'
        'LIST = re.compile(r"row \\d+, column 12")\n'
    )
    assert typed_translation_numbers(fine) == []


def test_live_forms_type_no_default():
    """The live pages' form values come from the glue's defaults (docs_site/pages/live.py)."""
    for path in sorted((DOCS / "live").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        # the progress bar's max="1" value="0" is its empty state, not a setting
        typed = re.findall(r'(?<!max="1" )(?:value|rows)="\d[^"]*"', text)
        assert not typed, f"{path.name}: form defaults typed: {typed}"
