"""Every page of the built site in a real browser: offline, error-free, axe-clean.

axe-core comes from axe-playwright-python, which bundles axe.min.js (no CDN).
Rules are never disabled: a serious or critical violation on any page, in the
light or the dark scheme, fails the test with the rule, the page and the nodes.
"""

from __future__ import annotations

import pytest

BLOCKING = ("serious", "critical")


def test_no_request_leaves_localhost_and_no_console_error(browser, base_url, all_pages):
    context = browser.new_context()
    outside: list[str] = []
    problems: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: page error {exc}"))
    page.on(
        "console",
        lambda m: (
            problems.append(f"{page.url}: console {m.type}: {m.text}")
            if m.type == "error"
            else None
        ),
    )
    # ERR_ABORTED: a fetch cut short by the next navigation (e.g. the search worker)
    page.on(
        "requestfailed",
        lambda r: (
            None
            if "ERR_ABORTED" in (r.failure or "")
            else problems.append(f"{page.url}: failed {r.url} ({r.failure})")
        ),
    )
    try:
        for path in all_pages:
            response = page.goto(base_url + path, wait_until="load")
            status = response.status if response else None
            assert status == (404 if path == "404.html" else 200) or status == 200, (path, status)
            page.wait_for_timeout(50)
    finally:
        context.close()
    problems = [p for p in problems if not (outside and "net::ERR_FAILED" in p)]
    assert not outside, f"requests to another origin: {sorted(set(outside))[:10]}"
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize(
    ("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)]
)
def test_axe_no_serious_or_critical_violation(
    browser, base_url, all_pages, scheme, width, artifacts
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    assert "axe" in axe.axe_script[:2000].lower() and len(axe.axe_script) > 100_000
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    outside: list[str] = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith((base_url, "data:", "blob:"))
            else (outside.append(r.request.url), r.abort())
        ),
    )
    page = context.new_page()
    found: list[str] = []
    audited = 0
    try:
        for path in all_pages:
            page.goto(base_url + path)
            want = "slate" if scheme == "dark" else "default"
            assert page.evaluate("() => document.body.dataset.mdColorScheme") == want
            results = axe.run(page)
            audited += 1
            for v in results.response["violations"]:
                if v["impact"] in BLOCKING:
                    nodes = "; ".join(
                        f"{n['target']} {n.get('failureSummary', '')[:160]!r}"
                        for n in v["nodes"][:3]
                    )
                    where = f"{scheme} {width}px /{path}: {v['id']}"
                    where += f" ({v['impact']}, {len(v['nodes'])} nodes)"
                    found.append(f"{where}: {nodes}")
    finally:
        context.close()
    (artifacts / f"axe-{scheme}-{width}.txt").write_text(
        f"pages audited: {audited}\n" + "\n".join(found) + "\n", encoding="utf-8"
    )
    assert not outside, outside
    assert audited == len(all_pages)
    assert not found, "\n".join(found)
