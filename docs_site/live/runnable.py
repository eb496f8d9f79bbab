"""A runnable demo block: a shown example file, and its output computed at build time."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


OUTPUT_WORDS = {
    "en": "Output (computed when the site was built):",
    "zh": "输出（构建网站时计算）：",
}


def runnable_block(path: str, needs_numpy: bool = False, lang: str = "en") -> str:
    """HTML for ``data-convmap="runnable"``: the file's code, then its CPython output.

    Args:
        path: The example file, relative to the repository root (a file pytest runs).
        needs_numpy: Mark the block as NumPy-only: the live script leaves it static.
        lang: The page's language ("en" or "zh") for the words around the output.

    Returns:
        HTML for a ``markdown-exec`` block with ``html="true"``.
    """
    file = ROOT / path
    code = file.read_text(encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, str(file)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    needs = ' data-needs="numpy"' if needs_numpy else ""
    return (
        f'<div data-convmap="runnable"{needs}><pre><code class="language-python">'
        f"{html.escape(code)}</code></pre>"
        f"<p>{OUTPUT_WORDS[lang]}</p>"
        f'<pre class="live-output" tabindex="0"><code>{html.escape(ran.stdout)}</code></pre></div>'
    )
