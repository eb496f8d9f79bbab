"""Reuse the pages' computed facts across the builds of one process while their inputs hold.

One ``mkdocs build`` runs the whole build twice in one process (mkdocs-static-i18n
builds the Chinese edition by building again), and ``mkdocs serve`` rebuilds in the
same process after every edit. Without this module each of those builds reran every
page module's ``define(env)`` (each computing and asserting its facts with convmap) and
every shown example, although nothing they read had changed.

The inputs key is a SHA-256 of every file those computations may read (`input_files`):
convmap's sources, ``docs_site/``, ``docs/`` but its Markdown pages (snippets count),
``tests/golden/``, ``overrides/``, ``benchmarks/`` (the committed benchmark run the
contributors' page shows), ``mkdocs.yml`` and ``pyproject.toml``. Editing a page
leaves the key as it was; editing anything else changes it, and then, before anything is
computed again,

* every module imported from those folders (convmap, ``docs_site.*``, the live pages'
  glue) is dropped from ``sys.modules``, so the next import reads the new sources (a
  ``mkdocs serve`` process would otherwise keep the code it started with), and
* every recorded definition and remembered result is forgotten.

A clean build computes and asserts every fact once, as before; only the second edition
and later rebuilds replay. A ``define`` that raises records nothing, so it raises again
in the next build.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Folders whose files are inputs (Markdown only under docs/snippets/), and single files.
INPUT_DIRS = ("src", "docs_site", "docs", "tests/golden", "overrides", "benchmarks")
INPUT_FILES = ("mkdocs.yml", "pyproject.toml")
#: Folders whose modules are re-imported when the key changes.
CODE_DIRS = ("src", "docs_site", "docs")
#: Never dropped: the package itself and this module, which holds the state.
KEPT_MODULES = ("docs_site", __name__)

_state: dict[str, Any] = {"key": None, "env": None, "defines": {}, "memo": {}, "built": {}}


def is_input(relative: str) -> bool:
    """Whether a file (path relative to the project, ``/``-separated) is in the inputs key.

    Examples:
        >>> is_input("src/convmap/geometry.py"), is_input("docs/neurons.zh.md")
        (True, False)
        >>> is_input("docs/snippets/speed.md"), is_input("docs_site/__pycache__/pieces.pyc")
        (True, False)
        >>> is_input("benchmarks/results.json")  # the contributors' page shows it
        True
    """
    if not isinstance(relative, str):
        raise TypeError(f"relative must be a str path, got {type(relative).__name__}")
    parts = relative.split("/")
    if "__pycache__" in parts or any(p.endswith(".egg-info") for p in parts):
        return False
    if relative.endswith(".md"):
        return parts[:2] == ["docs", "snippets"]
    return not relative.endswith((".pyc", "~"))


def input_files(root: Path = ROOT) -> Iterator[Path]:
    """The files of the inputs key under ``root``, in a fixed (sorted) order."""
    found = [root / name for name in INPUT_FILES if (root / name).is_file()]
    for folder in INPUT_DIRS:
        found += [p for p in (root / folder).rglob("*") if p.is_file()]
    for path in sorted(found):
        if is_input(path.relative_to(root).as_posix()):
            yield path


def inputs_key(root: Path = ROOT) -> str:
    """SHA-256 (hex) of the names and bytes of `input_files`: what the facts depend on."""
    digest = hashlib.sha256()
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _forget_modules(root: Path = ROOT) -> list[str]:
    """Drop the modules imported from `CODE_DIRS` from ``sys.modules``; return their names.

    A kept package (``docs_site``) also loses its attribute naming a dropped submodule,
    or ``from docs_site import pieces`` would still find the old one there.
    """
    # the process now re-imports edited code: writing its bytecode into __pycache__ would
    # only wake `mkdocs serve`'s watcher for one more rebuild
    sys.dont_write_bytecode = True
    folders = [(root / d).resolve() for d in CODE_DIRS]
    dropped = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name in KEPT_MODULES or not file:
            continue
        if any(folder in Path(file).resolve().parents for folder in folders):
            del sys.modules[name]
            dropped.append(name)
            parent, _, child = name.rpartition(".")
            if getattr(sys.modules.get(parent), child, None) is module:
                delattr(sys.modules[parent], child)
    return dropped


def refresh(env: Any = None) -> str:
    """Start a build: hash the inputs; if they changed, re-import code and forget everything.

    ``env`` is the build's mkdocs-macros environment: recorded macros read the page being
    rendered from it. Returns the inputs key.
    """
    key = inputs_key()
    if key != _state["key"]:
        if _state["key"] is not None:
            _forget_modules()
        _state.update(key=key, defines={}, memo={})
    _state["env"] = env
    return key


def current_key() -> str:
    """The inputs key of the build running now (hashing the inputs if no build started)."""
    return _state["key"] or refresh(_state["env"])


class RecordingEnv:
    """What a page module's ``define(env)`` is given: it records variables and macros.

    ``variables`` holds only what this module set (a module reading another module's
    variable gets a KeyError, never a stale value); any other attribute (``page``,
    ``conf``) is read from the environment of the build running now, so a recorded macro
    replayed in a later build sees that build's page.
    """

    def __init__(self) -> None:
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Callable] = {}
        self.filters: dict[str, Callable] = {}

    def macro(self, v: Callable, name: str = "") -> Callable:
        """Record ``v`` as the macro ``name`` (default: its ``__name__``); usable as decorator."""
        self.macros[name or v.__name__] = v
        return v

    def filter(self, v: Callable, name: str = "") -> Callable:
        """Record ``v`` as the Jinja filter ``name`` (default: its ``__name__``)."""
        self.filters[name or v.__name__] = v
        return v

    def __getattr__(self, name: str) -> Any:
        env = _state["env"]
        if env is None:
            raise AttributeError(f"{name!r}: no build is running (call refresh(env) first)")
        return getattr(env, name)

    def replay(self, env: Any) -> None:
        """Give ``env`` (an mkdocs-macros environment) every recorded definition."""
        env.variables.update(self.variables)
        for name, fn in self.macros.items():
            env.macro(fn, name)
        for name, fn in self.filters.items():
            env.filter(fn, name)


def define_once(env: Any, name: str, define: Callable[[Any], None]) -> bool:
    """Run ``define`` (page module ``name``'s) once per inputs key; replay it into ``env``.

    Returns True if ``define`` ran now, False if its recording was replayed.
    """
    if not callable(define):
        raise TypeError(f"define of {name!r} must be callable, got {define!r}")
    recording = _state["defines"].get(name)
    ran = recording is None
    if ran:
        recording = RecordingEnv()
        define(recording)  # raises before anything is recorded if a fact fails
        _state["defines"][name] = recording
    recording.replay(env)
    return ran


def memo(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per inputs key and ``key``; outside a build, every time.

    For results that depend only on the inputs (an example's printed output).

    Examples:
        >>> memo(("doctest", 1), lambda: 6 * 7)
        42
    """
    if _state["key"] is None:
        return compute()
    store = _state["memo"]
    if key not in store:
        store[key] = compute()
    return store[key]


def needs_full_build(site_dir: str | Path, edition: str = "") -> bool:
    """Whether ``edition`` of ``site_dir`` was last built from other inputs (or not yet).

    Only builds of this process count: a new process rebuilds every page once.
    """
    return _state["built"].get(_build_id(site_dir, edition)) != current_key()


def mark_built(site_dir: str | Path, edition: str = "") -> None:
    """Record that ``edition`` of ``site_dir`` now holds a build from the current inputs."""
    _state["built"][_build_id(site_dir, edition)] = current_key()


def _build_id(site_dir: str | Path, edition: str) -> tuple[str, str]:
    if not isinstance(edition, str):
        raise TypeError(f"edition must be a str (a language code or ''), got {edition!r}")
    return str(Path(site_dir).resolve()), edition
