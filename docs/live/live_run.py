"""Run a reader's edited code block: its printed output, or its traceback (JSON).

Runs in Pyodide in the page (and in CPython in the tests). Each run gets a
fresh namespace, as a new ``python`` process would.
"""

from __future__ import annotations

import contextlib
import io
import json
import traceback


def run(code: str) -> str:
    """Execute ``code``; return ``{"ok": bool, "output": printed text and any traceback}``."""
    buffer = io.StringIO()
    ok = True
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            exec(compile(code, "<your code>", "exec"), {"__name__": "__main__"})
        except BaseException as err:  # noqa: BLE001 - the reader sees any error, SystemExit too
            ok = False
            # drop this function's own frame: the traceback starts in the reader's code
            frames = err.__traceback__.tb_next if err.__traceback__ else None
            buffer.write("".join(traceback.format_exception(type(err), err, frames)))
    return json.dumps({"ok": ok, "output": buffer.getvalue()})
