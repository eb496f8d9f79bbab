"""A worked neuron in a real browser: one position at a time, Previous/Next move it."""

from __future__ import annotations


def _visible_steps(page) -> list[str]:
    return page.eval_on_selector_all(
        ".cm-worked-step", "els => els.filter(e => !e.hidden).map(e => e.dataset.step)"
    )


def test_previous_next_switch_the_visible_position(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(base_url + "worked-neuron/")
    root = '[data-convmap="worked-neuron"]'
    assert page.get_attribute(root, "data-numbering") == "1-based"
    assert page.is_visible(".cm-worked-controls")
    assert _visible_steps(page) == ["0"]
    assert page.is_disabled('[data-action="prev"]')
    status = page.text_content(".cm-worked-status")
    assert "row 1, column 1" in status and "1 of 6" in status
    page.click('[data-action="next"]')
    assert _visible_steps(page) == ["1"]
    assert "row 1, column 2" in page.text_content(".cm-worked-status")
    for _ in range(10):
        if page.is_disabled('[data-action="next"]'):
            break
        page.click('[data-action="next"]')
    assert _visible_steps(page) == ["5"] and "column 64" in page.text_content(".cm-worked-status")
    page.click('[data-action="prev"]')
    assert _visible_steps(page) == ["4"]
    # the page never scrolls sideways at phone width; wide tables scroll inside their box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.emulate_media(media="print")
    assert not page.is_visible(".cm-worked-controls")
    assert _visible_steps(page) == ["4"]
    context.close()


def test_without_script_every_position_is_shown(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "worked-neuron/")
    html = page.content()
    assert html.count('class="cm-worked-step"') == 6 and 'cm-worked-step" hidden' not in html
    context.close()
