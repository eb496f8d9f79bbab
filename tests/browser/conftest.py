"""Real-browser fixtures: Debian's Chromium driven by Python Playwright.

The built site (``site_dir`` from ``tests/conftest.py``, or a prebuilt folder
named by ``CONVMAP_SITE_DIR``) is served by ``http.server`` on 127.0.0.1 on a
free port, in a thread, for the whole session. One browser serves every test.

Without ``/usr/bin/chromium`` (or when Playwright cannot launch it) the tests
skip with the reason, unless ``CONVMAP_REQUIRE_BROWSER=1`` (as in CI): then
they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
# an element whose start tag carries the root hook (not the words in a docstring)
EXPLORER_TAG = re.compile(r'<[a-zA-Z][^<>]*\sdata-convmap="explorer"')
ARTIFACTS = ROOT / "test-artifacts" / "browser"


def _unavailable(reason: str) -> None:
    if os.environ.get("CONVMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CONVMAP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"no browser: {CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        _unavailable(f"Python Playwright is not installed: {exc}")
    manager = sync_playwright()
    pw = manager.start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means no browser
        pw.stop()
        _unavailable(f"Playwright could not launch {CHROMIUM}: {exc}")
    yield chromium
    chromium.close()
    pw.stop()


@pytest.fixture(scope="session")
def served_site(request: pytest.FixtureRequest) -> Path:
    """The folder to serve: CONVMAP_SITE_DIR if set, else a fresh strict build."""
    prebuilt = os.environ.get("CONVMAP_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    return request.getfixturevalue("site_dir")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def base_url(served_site: Path) -> Iterator[str]:
    """Serve the site on 127.0.0.1, a free port, until the session ends."""
    handler = functools.partial(_Quiet, directory=str(served_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def site_pages(site: Path) -> list[str]:
    """Every built HTML page, as a URL path relative to the site root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


@pytest.fixture(scope="session")
def all_pages(served_site: Path) -> list[str]:
    pages = site_pages(served_site)
    assert pages, f"no HTML page in {served_site}"
    return pages


@pytest.fixture(scope="session")
def explorer_pages(served_site: Path, all_pages: list[str]) -> list[str]:
    """Pages that hold at least one explorer (data-convmap="explorer")."""
    found = []
    for page in all_pages:
        path = served_site / (page + "index.html" if page.endswith("/") or not page else page)
        if EXPLORER_TAG.search(path.read_text(encoding="utf-8")):
            found.append(page)
    assert found, 'no page of the built site contains an explorer (data-convmap="explorer")'
    return found


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
