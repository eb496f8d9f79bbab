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
    """Call ``define(env)`` of every module in `docs_site.pages`, in name order.

    Each module's definitions are computed once per set of inputs and replayed in the
    process's later builds (the second edition, ``mkdocs serve``'s rebuilds): see
    `docs_site.build_cache`, which also re-imports the code when its sources change.
    """
    from docs_site import build_cache

    build_cache.refresh(env)
    import docs_site.pages as pages

    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda m: m.name):
        name = f"docs_site.pages.{info.name}"
        define = getattr(importlib.import_module(name), "define", None)
        if define is None:
            raise RuntimeError(f"{name} has no define(env)")
        build_cache.define_once(env, name, define)
