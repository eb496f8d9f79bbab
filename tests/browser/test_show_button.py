"""Check yourself's "show this case" buttons set their explorer to the question's cell.

A click must light exactly what pointing at that cell lights: the cell itself and the
``lit`` list the explorer's data gives for its key (the data Python wrote, read here
from the page's own JSON).
"""

from __future__ import annotations

import json

import pytest

PAGES = ["which-pixels/", "which-neurons/", "zh/which-pixels/", "zh/which-neurons/"]

LIT_JS = """root => [...root.querySelectorAll('[data-lit]')].map(e =>
    e.getAttribute('data-grid').charAt(0) + ':' + e.getAttribute('data-row') + ','
    + e.getAttribute('data-col'))"""


@pytest.mark.parametrize("page_path", PAGES)
def test_show_button_lights_the_cell_and_its_data(browser, base_url, page_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(base_url + page_path, wait_until="load")
        buttons = page.locator("button[data-convmap-show]")
        assert buttons.count() >= 1, f"{page_path}: no show button"
        button = buttons.first
        # the answer sits in a closed collapsible: open it as a reader would
        button.evaluate("b => b.closest('details').setAttribute('open', '')")
        uid, key = button.get_attribute("data-convmap-show"), button.get_attribute("data-key")
        root = page.locator(f"#{uid}")
        assert root.count() == 1, f"{page_path}: the button points at no explorer ({uid})"
        data = json.loads(root.locator("script.cmx-data").text_content())
        expected = set(data["cells"][key]["lit"]) | {key}
        before = set(root.evaluate(LIT_JS))
        assert before != expected, "the explorer already shows the case: the test proves nothing"
        button.click()
        page.wait_for_function(
            "uid => document.getElementById(uid).getAttribute('data-resting') === 'false'",
            arg=uid,
        )
        assert set(root.evaluate(LIT_JS)) == expected
        live = root.locator(".cmx-live").text_content()
        assert live == data["cells"][key]["say"]
    finally:
        page.close()
