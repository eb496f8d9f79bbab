"""The site build's cache of page facts: what it hashes, when it replays, when it forgets."""

from __future__ import annotations

import doctest
import importlib
import sys
from types import SimpleNamespace

import pytest
from docs_site import build_cache, build_hooks


@pytest.fixture
def state(monkeypatch):
    """A fresh cache state, and an inputs key the test sets (``state["next_key"]``)."""
    fresh = {"key": None, "env": None, "defines": {}, "memo": {}, "built": {}, "next_key": "k1"}
    monkeypatch.setattr(build_cache, "_state", fresh)
    monkeypatch.setattr(build_cache, "inputs_key", lambda root=None: fresh["next_key"])
    monkeypatch.setattr(build_cache, "_forget_modules", lambda root=None: [])
    return fresh


class FakeEnv:
    """The part of mkdocs-macros' env the page modules use."""

    def __init__(self, page=None):
        self.variables, self.macros, self.filters, self.page = {}, {}, {}, page

    def macro(self, v, name=""):
        self.macros[name or v.__name__] = v
        return v

    def filter(self, v, name=""):
        self.filters[name or v.__name__] = v
        return v


def test_doctests():
    for module in (build_cache, build_hooks):
        assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_inputs_are_code_examples_and_snippets_not_pages():
    assert build_cache.is_input("src/convmap/conv.py")
    assert build_cache.is_input("docs_site/pages/neurons.py")
    assert build_cache.is_input("docs/examples/neurons/window.py")
    assert build_cache.is_input("docs/snippets/speed.md")
    assert not build_cache.is_input("docs/neurons.zh.md")
    assert not build_cache.is_input("docs/live/your-layer.md")
    assert not build_cache.is_input("src/convmap/__pycache__/conv.cpython-311.pyc")
    with pytest.raises(TypeError, match="relative must be a str"):
        build_cache.is_input(3)


def test_inputs_key_follows_inputs_not_pages(tmp_path):
    (tmp_path / "docs" / "examples").mkdir(parents=True)
    (tmp_path / "src").mkdir()
    example = tmp_path / "docs" / "examples" / "a.py"
    page = tmp_path / "docs" / "a.md"
    example.write_text("print(1)\n")
    page.write_text("# A\n")
    (tmp_path / "src" / "m.py").write_text("X = 1\n")
    key = build_cache.inputs_key(tmp_path)
    page.write_text("# A\n\nmore prose\n")
    assert build_cache.inputs_key(tmp_path) == key
    example.write_text("print(2)\n")
    assert build_cache.inputs_key(tmp_path) != key


def test_define_runs_once_and_replays_with_the_current_page(state):
    calls = []

    def define(env):
        calls.append(1)
        env.variables["x"] = 7

        @env.macro
        def where():
            return env.page

    first, second = FakeEnv("en page"), FakeEnv("zh page")
    build_cache.refresh(first)
    assert build_cache.define_once(first, "m", define) is True
    build_cache.refresh(second)
    assert build_cache.define_once(second, "m", define) is False
    assert calls == [1] and second.variables == {"x": 7}
    assert second.macros["where"]() == "zh page"  # the macro reads the env of the build now


def test_changed_inputs_recompute(state):
    calls = []

    def define(env):
        calls.append(1)

    build_cache.refresh(FakeEnv())
    build_cache.define_once(FakeEnv(), "m", define)
    state["next_key"] = "k2"
    build_cache.refresh(FakeEnv())
    build_cache.define_once(FakeEnv(), "m", define)
    assert calls == [1, 1]


def test_a_failing_define_records_nothing(state):
    def define(env):
        env.variables["half"] = 1
        raise AssertionError("fact does not hold")

    for _ in range(2):
        build_cache.refresh(FakeEnv())
        with pytest.raises(AssertionError, match="fact does not hold"):
            build_cache.define_once(FakeEnv(), "m", define)
    with pytest.raises(TypeError, match="define of 'm' must be callable"):
        build_cache.define_once(FakeEnv(), "m", None)


def test_memo_lasts_while_the_inputs_do(state):
    runs = []

    def compute():
        runs.append(1)
        return len(runs)

    assert build_cache.memo("a", compute) == 1  # no build yet: computed every time
    build_cache.refresh(FakeEnv())
    assert build_cache.memo("a", compute) == build_cache.memo("a", compute) == 2
    state["next_key"] = "k2"
    build_cache.refresh(FakeEnv())
    assert build_cache.memo("a", compute) == 3


def test_full_build_needed_per_edition_until_built_from_these_inputs(state, tmp_path):
    build_cache.refresh(FakeEnv())
    assert build_cache.needs_full_build(tmp_path, "en")
    build_cache.mark_built(tmp_path, "en")
    assert not build_cache.needs_full_build(tmp_path, "en")
    assert build_cache.needs_full_build(tmp_path, "zh")
    state["next_key"] = "k2"
    build_cache.refresh(FakeEnv())
    assert build_cache.needs_full_build(tmp_path, "en")
    with pytest.raises(TypeError, match="edition must be a str"):
        build_cache.needs_full_build(tmp_path, None)


def test_forget_modules_drops_code_under_the_root(tmp_path, monkeypatch):
    package = tmp_path / "src" / "cachepkg_demo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    monkeypatch.setattr(sys, "dont_write_bytecode", sys.dont_write_bytecode)
    importlib.import_module("cachepkg_demo.sub")

    assert build_cache._forget_modules(tmp_path) == ["cachepkg_demo", "cachepkg_demo.sub"]
    assert "cachepkg_demo.sub" not in sys.modules and sys.dont_write_bytecode
    assert "pytest" in sys.modules  # nothing from elsewhere


def test_newest_entries_keeps_each_page_once():
    stacked = [
        {"location": "", "text": "home"},
        {"location": "zh/neurons/", "text": "old"},
        {"location": "zh/neurons/#a", "text": "old a"},
        {"location": "", "text": "home"},
        {"location": "zh/neurons/", "text": "new"},
    ]
    assert [e["text"] for e in build_hooks.newest_entries(stacked)] == ["home", "new"]
    with pytest.raises(TypeError, match="entries must be a list"):
        build_hooks.newest_entries(SimpleNamespace())
