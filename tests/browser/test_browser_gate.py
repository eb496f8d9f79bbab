"""Without a browser the suite skips, unless CONVMAP_REQUIRE_BROWSER=1 makes it fail."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "convmap_browser_conftest", Path(__file__).with_name("conftest.py")
)
gate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gate)


def test_skips_without_the_variable(monkeypatch):
    monkeypatch.delenv("CONVMAP_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no browser"):
        gate._unavailable("no browser here")


def test_fails_when_the_browser_is_required(monkeypatch):
    monkeypatch.setenv("CONVMAP_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="CONVMAP_REQUIRE_BROWSER=1 but no browser"):
        gate._unavailable("no browser here")


def test_site_pages_lists_every_html_page(tmp_path):
    for rel in ("index.html", "a/index.html", "404.html", "assets/x.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<p>x</p>")
    assert gate.site_pages(tmp_path) == ["404.html", "a/", ""]
