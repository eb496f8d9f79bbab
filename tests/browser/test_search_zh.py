"""Chinese search in a real browser: Material's search box on the Chinese edition.

The search index is segmented with jieba at build time (Material's search plugin, with
the Q&A's terms in ``docs_site/jieba_user_dict.txt``), so a Chinese term typed into the
box finds the pages about it. Each query is typed as a reader would and the result links
are read from the result list; English search on the English edition still works.
"""

from __future__ import annotations

import pytest

# query -> the page that must be among the first results (Chinese edition)
CHINESE = {
    "感受野": "zh/glossary/",
    "卷积核": "zh/kernels-and-filters/",
    "神经元": "zh/neurons/",
    "填充": "zh/padding/",
    "步幅": "zh/strides-and-dilation/",
}
ENGLISH = {
    "receptive field": "glossary/",
    "neuron": "neurons/",
    "stride": "strides-and-dilation/",
}
TOP = 5  # the expected page must be one of the first TOP pages listed

RESULTS_JS = """() => [...document.querySelectorAll(
    '.md-search-result__item > .md-search-result__link')].map(a => a.href)"""


def search(page, base_url: str, start: str, query: str) -> list[str]:
    """Open ``start``, type ``query`` into Material's search box, return result pages."""
    page.goto(base_url + start)
    box = page.locator('input[data-md-component="search-query"]')
    box.click()  # Material's search box in the header (1280 px wide)
    # Material reads the box on keyup, on focus and when its index is ready, not on input:
    # fill() alone (an input event) was caught only by a race with the focus, and was lost
    # on a loaded machine; a key press after it (End, which changes nothing) is a keyup.
    box.fill(query)  # the whole query at once: the results are those of the whole query
    box.press("End")
    # the search worker builds its index of both editions on each page load: on a loaded
    # 2-core machine that can take a while, so wait generously, and type again if no
    # result came
    for attempt in range(3):
        try:
            page.wait_for_function(
                "() => document.querySelectorAll('.md-search-result__item').length > 0",
                timeout=30_000,
            )
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; retried below
            if attempt == 2:
                raise
            box.fill("")
            box.press("End")
            box.fill(query)
            box.press("End")
    pages: list[str] = []
    for href in page.evaluate(RESULTS_JS):
        path = href.removeprefix(base_url).split("#")[0].split("?")[0]
        if path not in pages:
            pages.append(path)
    return pages


@pytest.fixture()
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort(),
    )
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize(("query", "expected"), CHINESE.items(), ids=list(CHINESE))
def test_chinese_term_finds_its_page(page, base_url, artifacts, query, expected):
    found = search(page, base_url, "zh/", query)
    (artifacts / f"search-zh-{expected.strip('/').replace('/', '-')}.txt").write_text(
        f"{query}: {found}\n", encoding="utf-8"
    )
    assert expected in found[:TOP], f"{query!r} -> {found[:10]}"
    assert any(p.startswith("zh/") for p in found[:TOP]), found


@pytest.mark.parametrize(("query", "expected"), ENGLISH.items(), ids=list(ENGLISH))
def test_english_search_still_works(page, base_url, query, expected):
    found = search(page, base_url, "", query)
    assert expected in found[:TOP], f"{query!r} -> {found[:10]}"
