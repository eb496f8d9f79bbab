"""Page pieces that exist once: examples, "Check yourself", the Q&A's pixel words, data files.

Every page uses these through macros (registered by `docs_site.pages.common`), so a
change here changes every page. All text a reader sees comes from the page's Markdown or
from `convmap`; nothing here types a number.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import runpy
from collections.abc import Iterable, Sequence
from pathlib import Path

from docs_site import build_cache

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = DOCS / "examples"
DATA = DOCS / "data"

WORDS = {
    "en": {
        "check": "Check yourself",
        "output": "Output",
        "zero": "zero",
        "answer": "Answer",
        "colon": ":",
    },
    # 补零: a padded zero ("零" alone reads like pixel number 0)
    "zh": {"check": "自测", "output": "输出", "zero": "补零", "answer": "答案", "colon": "："},
}


def words(lang: str) -> dict[str, str]:
    """The fixed words of the page pieces in ``lang`` ("en" or "zh")."""
    if lang not in WORDS:
        raise ValueError(f"lang must be one of {sorted(WORDS)}, got {lang!r}")
    return WORDS[lang]


def example_path(name: str) -> Path:
    """The file ``docs/examples/<name>`` (``name`` like ``"padding/same_64.py"``)."""
    path = (EXAMPLES / name).resolve()
    if EXAMPLES not in path.parents or path.suffix != ".py" or not path.is_file():
        raise ValueError(f"example {name!r} is not a .py file under docs/examples/")
    return path


def run_example(name: str) -> str:
    """Run an example file as ``__main__`` and return what it printed (raises on error).

    During a build the output is remembered until the inputs change (the example file is
    one of them): both editions show it and `mkdocs serve` rebuilds reuse it.
    """
    path = example_path(name)

    def run() -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(path), run_name="__main__")
        return out.getvalue()

    return build_cache.memo(("run_example", str(path)), run)


def example_globals(name: str) -> dict:
    """Run an example file quietly and return its global names (to assert what it showed)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(example_path(name)), run_name="__main__")


def needs_numpy(source: str) -> bool:
    """Whether an example imports NumPy or a NumPy-backed convmap name (so it can't run live)."""
    heavy = ("numpy", "conv2d", "max_pool2d", "avg_pool2d", "forward", "init_weights")
    return any(word in source for word in heavy)


def example(name: str, output: bool = True, lang: str = "en") -> str:
    """Markdown for a shown example: its source, then (if ``output``) what it printed.

    Pure-Python examples are wrapped in ``data-convmap="runnable"`` so the live-pages
    script can offer "Edit and run".
    """
    source = example_path(name).read_text(encoding="utf-8").rstrip()
    printed = run_example(name).rstrip() if output else ""
    block = f"```python\n{source}\n```\n"
    if printed:
        label = words(lang)["output"] + words(lang)["colon"]
        block += f"\n{label}\n\n```text\n{printed}\n```\n"
    if needs_numpy(source):
        return block
    return f'<div data-convmap="runnable" markdown>\n\n{block}\n</div>\n'


def check_yourself(questions: Sequence[tuple[str, str]], lang: str = "en") -> str:
    """A "Check yourself" block: each question in a collapsible, its computed answer inside.

    ``questions`` is a sequence of ``(question, answer)`` Markdown strings; the answers
    are computed by the page module that calls this.
    """
    if not questions:
        raise ValueError("check_yourself needs at least one (question, answer) pair")
    # the same id in every language, so links to #check-yourself work in both editions
    parts = [f"## {words(lang)['check']} {{ #check-yourself }}\n"]
    for question, answer in questions:
        body = "\n".join("    " + line for line in str(answer).splitlines())
        parts.append(f'??? question "{question}"\n\n{body}\n')
    return "\n".join(parts)


#: The label of `show_button` in English; the Chinese pages translate it (translations.py).
SHOW_LABEL = "Show this case in the explorer"

_CELL_KEY = re.compile(r"[oi]:\d+,\d+")
_EXPLORER_ID = re.compile(r'data-convmap="explorer" id="(cmx-[a-z0-9-]+)"')


def explorer_uid(markup: str) -> str:
    """The id of the first explorer in ``markup`` (what `show_button` points at).

    Examples:
        >>> explorer_uid('<figure data-convmap="explorer" id="cmx-1a2b">')
        'cmx-1a2b'
    """
    found = _EXPLORER_ID.search(str(markup))
    if not found:
        raise ValueError('markup must contain an explorer (data-convmap="explorer" id=...)')
    return found[1]


def show_button(explorer_uid: str, key: str, label: str) -> str:
    """A "show me" button: one click sets explorer ``explorer_uid`` to cell ``key``.

    ``key`` is a cell key of the explorer's data ("o:row,col" for a neuron, "i:row,col"
    for a pixel, 0-based); explorer.js lights what pointing at that cell lights.

    Examples:
        >>> show_button("cmx-1a2b", "o:0,9", "Show me")
        '<button type="button" class="md-button cmx-show" data-convmap-show="cmx-1a2b" \
data-key="o:0,9">Show me</button>'
    """
    if not isinstance(explorer_uid, str) or not re.fullmatch(r"cmx-[a-z0-9-]+", explorer_uid):
        raise ValueError(
            f"explorer_uid must be an explorer id like 'cmx-1a2b' or 'cmx-grid-valid', "
            f"got {explorer_uid!r}"
        )
    if not isinstance(key, str) or not _CELL_KEY.fullmatch(key):
        raise ValueError(f"key must be a cell key like 'o:0,63' or 'i:2,3', got {key!r}")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"label must be a non-empty string, got {label!r}")
    return (
        f'<button type="button" class="md-button cmx-show" data-convmap-show="{explorer_uid}" '
        f'data-key="{key}">{html.escape(label, quote=False)}</button>'
    )


def pixel_word(index: int, size: int, lang: str = "en") -> str:
    """The Q&A's name for a 0-based position: its 1-based number, or "zero" if padded."""
    return str(index + 1) if 0 <= index < size else words(lang)["zero"]


def pixel_words(indices: Iterable[int], size: int, lang: str = "en") -> str:
    """A window in the Q&A's words, e.g. ``"zero, 1, 2, 3"``."""
    sep = "、" if lang == "zh" else ", "
    return sep.join(pixel_word(i, size, lang) for i in indices)


def load_data(name: str) -> object:
    """Read ``docs/data/<name>.json`` (written by the script that measured it)."""
    path = DATA / f"{name}.json"
    if not path.is_file():
        raise ValueError(f"data file {name!r} not found in docs/data/")
    return json.loads(path.read_text(encoding="utf-8"))


def number(value: int | float, lang: str = "en") -> str:
    """A number as prose shows it: thousands separated (``32,768``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"value must be a number, got {value!r}")
    return f"{value:,}" if isinstance(value, int) else f"{value:,.3g}"


def translate(text, lang: str = "en"):
    """A computed English phrase in ``lang``: the words replaced, the numbers kept.

    ``docs_site.translations`` holds one regular expression per phrase; text with no
    entry is returned unchanged (English pages always get the text unchanged).
    """
    words(lang)
    if isinstance(text, (list, tuple)):  # e.g. a page's list of (question, answer) pairs
        return type(text)(translate(item, lang) for item in text)
    if lang == "en":
        return str(text)
    from docs_site.translations import OUTSIDE_CODE, PHRASES

    out = str(text)
    for pattern, replacement in PHRASES[lang]:
        out = pattern.sub(replacement, out)
    parts = re.split(r"(`[^`]*`)", out)
    for pattern, replacement in OUTSIDE_CODE[lang]:
        parts = [p if p.startswith("`") else pattern.sub(replacement, p) for p in parts]
    return "".join(parts)
