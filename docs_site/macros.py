"""mkdocs-macros entry point: loads every page module's variables and macros."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def define_env(env) -> None:
    """Call ``define(env)`` of every module in `docs_site.pages`, in name order."""
    import docs_site.pages as pages

    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"docs_site.pages.{info.name}")
        define = getattr(module, "define", None)
        if define is None:
            raise RuntimeError(f"docs_site.pages.{info.name} has no define(env)")
        define(env)
