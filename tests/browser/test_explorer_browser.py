"""The explorer in a real browser lights exactly what convmap computes.

Expected sets come from ``input_window`` / ``neurons_seeing`` called here with
the geometry the root *states* in its data-* attributes, never from the JSON
the page's script reads. A corner crop is compared on the cells it draws: an
output's whole window must be drawn; an input lights the drawn neurons among
those that see it.
"""

from __future__ import annotations

import json
import random
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from convmap import input_window, neurons_seeing

LIT_JS = """() => [...document.querySelectorAll('[data-lit]')].map(e => [
    e.getAttribute('data-grid'), Number(e.getAttribute('data-row')),
    Number(e.getAttribute('data-col')), e.getAttribute('data-lit')])"""

CELLS_JS = """root => [...root.querySelectorAll('[data-grid]')].map(e => [
    e.getAttribute('data-grid'), e.getAttribute('data-row'), e.getAttribute('data-col'),
    e.getAttribute('data-pad'), e.getAttribute('tabindex')])"""

GEOMETRY = ("data-input", "data-kernel", "data-stride", "data-dilation", "data-padding")

CHECKED = {"hover": 0, "focus": 0, "tap": 0, "keyboard": 0}


class Explorer:
    """One explorer's stated geometry and drawn cells, read from the DOM."""

    def __init__(self, root) -> None:
        self.root = root
        vals = {a: [int(v) for v in root.get_attribute(a).split(",")] for a in GEOMETRY}
        (self.h, self.w), (kh, kw) = vals["data-input"], vals["data-kernel"]
        (sh, sw), (dh, dw) = vals["data-stride"], vals["data-dilation"]
        top, bottom, left, right = vals["data-padding"]
        self.rows = (self.h, kh, sh, (top, bottom), dh)
        self.cols = (self.w, kw, sw, (left, right), dw)
        self.cells = set()
        for grid, row, col, pad, tabindex in root.evaluate(CELLS_JS):
            assert grid in ("input", "output")
            assert str(int(row)) == row and str(int(col)) == col, (row, col)
            r, c = int(row), int(col)
            real = 0 <= r < self.h and 0 <= c < self.w
            if grid == "input":
                assert pad == (None if real else "true"), (grid, r, c, pad)
            else:
                assert pad is None
            assert tabindex in ("0", "-1"), (grid, r, c, tabindex)
            self.cells.add((grid, r, c))
        assert len(self.cells) == root.evaluate("r => r.querySelectorAll('[data-grid]').length"), (
            "two cells share grid/row/col"
        )
        if self.h == 1:
            assert kh == 1 and top == bottom == 0
            assert {r for _, r, _ in self.cells} == {0}

    def expected(self, grid: str, r: int, c: int) -> set:
        if grid == "output":
            want = {
                ("input", i, j)
                for i in input_window(r, *self.rows)
                for j in input_window(c, *self.cols)
            }
            missing = want - self.cells
            assert not missing, f"output ({r}, {c}) reads undrawn cells {sorted(missing)[:4]}"
        else:
            want = {
                ("output", i, j)
                for i in neurons_seeing(r, *self.rows)
                for j in neurons_seeing(c, *self.cols)
            } & self.cells
        return want | {(grid, r, c)}

    def sample(self, grid: str, rng: random.Random) -> list[tuple[int, int]]:
        coords = sorted((r, c) for g, r, c in self.cells if g == grid)
        rows = sorted({r for r, _ in coords})
        cols = sorted({c for _, c in coords})
        mid_r, mid_c = rows[len(rows) // 2], cols[len(cols) // 2]
        want = [(r, c) for r in (rows[0], rows[-1]) for c in (cols[0], cols[-1])]
        want += [(mid_r, mid_c), (rows[0], mid_c), (mid_r, cols[-1])]
        if grid == "input":  # the first and last real pixels, and padded cells
            want += [(0, 0), (self.h - 1, self.w - 1)]
            pads = [(r, c) for r, c in coords if not (0 <= r < self.h and 0 <= c < self.w)]
            want += rng.sample(pads, min(2, len(pads)))
        want += rng.sample(coords, min(2, len(coords)))
        seen, out = set(), []
        for rc in want:
            if rc in coords and rc not in seen:
                seen.add(rc)
                out.append(rc)
        return out


def says_reads(text: str) -> bool:
    """Whether a live-region sentence says what a neuron reads (English or Chinese page).

    The sentences come from convmap.figures' message tables (en, zh).
    """
    return "reads" in text or "读取" in text


def lit_now(page) -> set:
    found = set()
    for grid, r, c, value in page.evaluate(LIT_JS):
        assert value == "true", f"data-lit={value!r} on {grid} ({r}, {c}): only 'true' is allowed"
        found.add((grid, r, c))
    return found


def assert_lit(page, want: set, what: str) -> None:
    deadline = time.monotonic() + 1.0
    while True:
        got = lit_now(page)
        if got == want or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert got == want, (
        f"{what}: lit {len(got)} cells, expected {len(want)}; "
        f"extra {sorted(got - want)[:5]}, missing {sorted(want - got)[:5]}"
    )


def cell(root, grid: str, r: int, c: int):
    return root.locator(f'[data-grid="{grid}"][data-row="{r}"][data-col="{c}"]')


def control(ex: Explorer, action: str):
    """An explorer button by what it does (its label is in the page's language)."""
    return ex.root.locator(f'button[data-action="{action}"]')


def live_text(root) -> str:
    return root.locator('[aria-live="polite"]').inner_text()


def check_words(ex: Explorer, grid: str, r: int, c: int, text: str, what: str) -> None:
    if grid == "output":
        assert says_reads(text), f"{what}: live region says {text!r}"
    else:
        n = len(neurons_seeing(r, *ex.rows)) * len(neurons_seeing(c, *ex.cols))
        if n:
            said = f"seen by {n} neuron" in text or f"被 {n} 个神经元看到" in text
        else:
            said = "no neuron" in text or "没有被任何神经元看到" in text
        assert said, f"{what}: live region says {text!r}, expected the count {n}"


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def explorers_on(page) -> list[Explorer]:
    roots = page.locator('[data-convmap="explorer"]')
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-convmap=\"explorer\"]')]"
        ".every(r => r.getAttribute('data-cmx-ready') === 'true')"
    )
    return [Explorer(roots.nth(i)) for i in range(roots.count())]


def test_hover_and_focus_light_exactly_what_convmap_computes(page, base_url, explorer_pages):
    rng = random.Random(20260314)
    total = 0
    for path in explorer_pages:
        page.goto(base_url + path)
        explorers = explorers_on(page)
        assert explorers, path
        assert lit_now(page) == set(), f"{path}: cells lit before any interaction"
        for n, ex in enumerate(explorers):
            for grid in ("output", "input"):
                for r, c in ex.sample(grid, rng):
                    what = f"{path} explorer {n} hover {grid} ({r}, {c})"
                    want = ex.expected(grid, r, c)
                    target = cell(ex.root, grid, r, c)
                    target.hover()
                    assert_lit(page, want, what)
                    check_words(ex, grid, r, c, live_text(ex.root), what)
                    CHECKED["hover"] += 1
                    page.keyboard.press("Escape")  # the focus is elsewhere
                    assert_lit(page, set(), f"{what}: Escape after hover")
                    # keyboard focus, with the pointer parked away from the figure
                    page.mouse.move(1, 1)
                    assert_lit(page, set(), f"{what}: pointer left")
                    target.focus()
                    assert_lit(page, want, what.replace("hover", "focus"))
                    CHECKED["focus"] += 1
                    page.keyboard.press("Escape")
                    assert_lit(page, set(), f"{what}: Escape")
                    total += 1
    assert total >= 10 * len(explorer_pages)


def test_keyboard_navigation(page, base_url, explorer_pages):
    page.goto(base_url + explorer_pages[0])
    for ex in explorers_on(page):
        for grid in ("input", "output"):
            coords = sorted((r, c) for g, r, c in ex.cells if g == grid)
            rows = sorted({r for r, _ in coords})
            cols = sorted({c for _, c in coords})
            # one tab stop per grid (roving tabindex)
            stops = ex.root.locator(f'[data-grid="{grid}"][tabindex="0"]')
            assert stops.count() == 1
            r, c = rows[0], cols[0]
            cell(ex.root, grid, r, c).focus()
            moves = [("ArrowRight", 0, 1), ("ArrowDown", 1, 0), ("ArrowLeft", 0, -1)]
            moves += [("ArrowUp", -1, 0), ("ArrowLeft", 0, -1), ("ArrowUp", -1, 0)]
            for key, dr, dc in moves:
                page.keyboard.press(key)
                if (r + dr, c + dc) in coords:  # at an edge the focus stays
                    r, c = r + dr, c + dc
                focused = page.evaluate(
                    "() => [document.activeElement.getAttribute('data-grid'),"
                    " Number(document.activeElement.getAttribute('data-row')),"
                    " Number(document.activeElement.getAttribute('data-col'))]"
                )
                assert tuple(focused) == (grid, r, c), (key, focused)
                assert_lit(page, ex.expected(grid, r, c), f"{grid} {key} -> ({r}, {c})")
                CHECKED["keyboard"] += 1
            page.keyboard.press("End")
            assert_lit(page, ex.expected(grid, r, cols[-1]), f"{grid} End")
            page.keyboard.press("Home")
            assert_lit(page, ex.expected(grid, r, cols[0]), f"{grid} Home")
            assert ex.root.locator(f'[data-grid="{grid}"][tabindex="0"]').count() == 1
            page.keyboard.press("Escape")
            assert_lit(page, set(), "Escape clears")
        # Tab goes from the input grid's tab stop to the output grid's
        ex.root.locator('[data-grid="input"][tabindex="0"]').focus()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.getAttribute('data-grid')") == "output"
        page.keyboard.press("Escape")


def test_touch_tap(browser, base_url, explorer_pages):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    rng = random.Random(7)
    try:
        for path in explorer_pages:
            page.goto(base_url + path)
            for n, ex in enumerate(explorers_on(page)):
                for grid in ("output", "input"):
                    for r, c in ex.sample(grid, rng)[:4]:
                        what = f"{path} explorer {n} tap {grid} ({r}, {c})"
                        cell(ex.root, grid, r, c).tap()
                        assert_lit(page, ex.expected(grid, r, c), what)
                        check_words(ex, grid, r, c, live_text(ex.root), what)
                        CHECKED["tap"] += 1
                # the Clear button works by touch too
                control(ex, "clear").tap()
                assert_lit(page, set(), f"{path} explorer {n}: Clear")
    finally:
        context.close()
    assert not errors, errors


def test_animation_play_pause_step(page, base_url, explorer_pages):
    page.goto(base_url + explorer_pages[0])
    page.wait_for_timeout(800)
    assert lit_now(page) == set(), "an explorer started by itself"
    for ex in explorers_on(page)[:2]:
        outputs = sorted((r, c) for g, r, c in ex.cells if g == "output")
        step = control(ex, "step")
        for k in range(3):  # Step slides the kernel to the next neuron, row by row
            step.click()
            r, c = outputs[k]
            assert_lit(page, ex.expected("output", r, c), f"Step {k + 1}")
        control(ex, "play").click()
        page.wait_for_timeout(1600)
        control(ex, "pause").click()
        paused = lit_now(page)
        assert len([g for g, _, _ in paused if g == "output"]) == 1
        ((_, r, c),) = [x for x in paused if x[0] == "output"]
        assert (r, c) in outputs[4:], "Play did not move the kernel"
        assert paused == ex.expected("output", r, c)
        page.wait_for_timeout(900)
        assert lit_now(page) == paused, "Pause did not stop the kernel"
        control(ex, "clear").click()
        assert_lit(page, set(), "Clear")


def test_reduced_motion_no_autoplay_step_still_works(browser, base_url, explorer_pages):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(base_url + explorer_pages[0])
        ex = explorers_on(page)[0]
        page.wait_for_timeout(1000)
        assert lit_now(page) == set()
        control(ex, "step").click()
        first = min((r, c) for g, r, c in ex.cells if g == "output")
        assert_lit(page, ex.expected("output", *first), "Step with reduced motion")
        duration = ex.root.locator(".cmx-kernel").evaluate(
            "e => getComputedStyle(e).transitionDuration"
        )
        assert duration in ("0s", ""), duration
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(browser, base_url, explorer_pages, artifacts, scheme, width):
    """Screenshots of each explorer (one output cell lit) for a human to look at."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, device_scale_factor=1
    )
    page = context.new_page()
    try:
        for path in explorer_pages:
            page.goto(base_url + path)
            want = "slate" if scheme == "dark" else "default"
            assert page.evaluate("() => document.body.dataset.mdColorScheme") == want
            name = path.strip("/").replace("/", "_") or "index"
            for n, ex in enumerate(explorers_on(page)):
                outputs = sorted((r, c) for g, r, c in ex.cells if g == "output")
                r, c = outputs[min(len(outputs) - 1, len(outputs) // 2 + 1)]
                ex.root.scroll_into_view_if_needed()
                cell(ex.root, "output", r, c).focus()
                ex.root.screenshot(path=str(artifacts / f"{name}-{n}-{scheme}-{width}.png"))
                page.keyboard.press("Escape")
            if width == 390:  # the page as a phone shows it, nothing overflowing
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"
    finally:
        context.close()


def test_zz_summary(artifacts):
    """Record how many cells the suite checked (runs last in this module)."""
    (artifacts / "explorer-cells-checked.json").write_text(json.dumps(CHECKED, indent=2))
    print("\nexplorer cells checked:", CHECKED)
    assert True


# --- default state, print, phone width, compressed view ------------------------------

DEFAULT_JS = """root => [...root.querySelectorAll('[data-default="true"][data-grid]')].map(e => [
    e.getAttribute('data-grid'), Number(e.getAttribute('data-row')),
    Number(e.getAttribute('data-col'))])"""


def default_set(ex: Explorer) -> set:
    return {(g, r, c) for g, r, c in ex.root.evaluate(DEFAULT_JS)}


def test_default_neuron_shown_on_load_and_after_escape(page, base_url, explorer_pages):
    for path in explorer_pages:
        page.goto(base_url + path)
        for n, ex in enumerate(explorers_on(page)):
            marked = default_set(ex)
            outs = [(r, c) for g, r, c in marked if g == "output"]
            assert len(outs) == 1, f"{path} explorer {n}: default neurons {outs}"
            r, c = outs[0]
            assert marked == ex.expected("output", r, c), f"{path} explorer {n}"
            assert ex.root.get_attribute("data-resting") == "true"
            assert says_reads(live_text(ex.root)), f"{path} explorer {n}: {live_text(ex.root)!r}"
            fill = (
                cell(ex.root, "output", r, c)
                .locator(".cmx-bg")
                .evaluate("e => getComputedStyle(e).fill")
            )
            assert fill == "rgb(0, 158, 115)", f"{path} explorer {n}: default neuron fill {fill}"
        assert lit_now(page) == set()


def test_print_hides_controls_and_keeps_the_default(browser, base_url, explorer_pages):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + explorer_pages[0])
    explorers = explorers_on(page)
    target = explorers[0]
    inputs = sorted((r, c) for g, r, c in target.cells if g == "input")
    cell(target.root, "input", *inputs[len(inputs) // 2]).hover()
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for ex in explorers:
        assert ex.root.locator(".cmx-controls").evaluate("e => getComputedStyle(e).display") == (
            "none"
        )
        marked = default_set(ex)
        g, r, c = sorted(marked)[0]
        fill = cell(ex.root, g, r, c).locator(".cmx-bg").evaluate("e => getComputedStyle(e).fill")
        assert fill in ("rgb(230, 159, 0)", "rgb(0, 158, 115)"), fill
    assert lit_now(page) == set()
    context.close()


STRIP_LABELS_JS = """svg => {
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  return {svg: box(svg), pads: [...svg.querySelectorAll('.cmx-pad-label')].map(box),
          numbers: [...svg.querySelectorAll('.cmx-index')].map(box)};
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    "width, media", [(794, "print"), (390, "screen")], ids=["print-A4", "phone"]
)
def test_strip_pad_labels_are_clear_of_numbers(browser, base_url, explorer_pages, width, media):
    """A strip's "pad" / "填充" labels stay inside the drawing and cover no pixel number."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media=media)
    checked = 0
    for path in explorer_pages:
        page.goto(base_url + path)
        strips = page.locator('[data-convmap="explorer"][data-input^="1,"] svg.cmx-svg-input')
        for n in range(strips.count()):
            got = strips.nth(n).evaluate(STRIP_LABELS_JS)
            (left, top, right, bottom), pads = got["svg"], got["pads"]
            assert pads, f"{path} strip {n}: no pad label"
            for pad in pads:
                where = f"{path} strip {n} ({media}, {width} px): pad label at {pad}"
                assert left <= pad[0] and pad[2] <= right and top <= pad[1] <= bottom, where
                assert not any(_overlap(pad, num) for num in got["numbers"]), where
            checked += 1
    assert checked, "no one-axis explorer with padding on the site"
    context.close()


def test_phone_width_step_scrolls_the_lit_cells_into_view(browser, base_url, explorer_pages):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    strip = None
    for path in explorer_pages:
        page.goto(base_url + path)
        roots = page.locator('[data-convmap="explorer"][data-input^="1,"]')
        if roots.count():
            explorers_on(page)
            strip = roots.first
            break
    assert strip is not None, "no one-axis explorer on the site"
    width = strip.locator('[data-grid="input"] .cmx-bg').first.evaluate(
        "e => e.getBoundingClientRect().width"
    )
    assert width >= 12, f"a strip cell is {width:.1f} px wide at 390 px"
    box = strip.locator(".cmx-scroll")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    step = strip.locator('button[data-action="step"]')
    step.scroll_into_view_if_needed()
    for _ in range(40):
        step.click()
    # The scroll is smooth (unless the reader asks for reduced motion): give it time to end.
    in_view = """root => {
        const box = root.querySelector('.cmx-scroll').getBoundingClientRect();
        const el = root.querySelector('.cmx-active .cmx-bg').getBoundingClientRect();
        return el.left >= box.left - 1 && el.right <= box.right + 1;
    }"""
    try:
        page.wait_for_function(in_view, arg=strip.element_handle(), timeout=5000)
    except PlaywrightTimeout:
        raise AssertionError("5 s after 40 steps the lit neuron is still out of its box") from None
    context.close()


def compressed_page(base_url: str) -> str:
    from convmap.figures import explorer_html

    big = explorer_html((512, 300), (5, 4), (2, 3), "same", title="Big", neuron=(100, 50))
    strip = explorer_html(3000, 7, 2, "same", dilation=3, title="Long axis")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>compressed</title>'
        f'<link rel="stylesheet" href="{base_url}stylesheets/explorer.css"></head><body>'
        f'{big}{strip}<script src="{base_url}javascripts/explorer.js"></script></body></html>'
    )


def test_compressed_view_picks_by_number(page, base_url):
    """Pick buttons are clicked without moving the pointer: a redraw can put a cell under it."""
    url = base_url + "compressed-explorer-test.html"
    html = compressed_page(base_url)
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(url)
    explorers = explorers_on(page)
    assert [e.root.get_attribute("data-view") for e in explorers] == ["compressed"] * 2
    rng = random.Random(7)
    for ex in explorers:
        oh = output_size_of(ex)
        for _ in range(6):
            r = rng.randrange(oh[0]) if ex.h > 1 else 0
            c = rng.randrange(oh[1])
            if ex.h > 1:
                ex.root.locator('[data-pick="neuron-row"]').fill(str(r + 1))
            ex.root.locator('[data-pick="neuron-col"]').fill(str(c + 1))
            ex.root.locator('button[data-action="pick-neuron"]').dispatch_event("click")
            ex = Explorer(ex.root)  # the detail grids were redrawn
            assert_lit(page, ex.expected("output", r, c), f"pick neuron ({r}, {c})")
            assert says_reads(live_text(ex.root))
            pr = rng.randrange(ex.h)
            pc = rng.randrange(ex.w)
            if ex.h > 1:
                ex.root.locator('[data-pick="pixel-row"]').fill(str(pr + 1))
            ex.root.locator('[data-pick="pixel-col"]').fill(str(pc + 1))
            ex.root.locator('button[data-action="pick-pixel"]').dispatch_event("click")
            ex = Explorer(ex.root)
            n = len(neurons_seeing(pr, *ex.rows)) * len(neurons_seeing(pc, *ex.cols))
            want = {
                ("output", i, j)
                for i in neurons_seeing(pr, *ex.rows)
                for j in neurons_seeing(pc, *ex.cols)
            }
            assert want <= ex.cells, "the neurons seeing a picked pixel are all drawn"
            assert_lit(page, want | {("input", pr, pc)}, f"pick pixel ({pr}, {pc})")
            check_words(ex, "input", pr, pc, live_text(ex.root), f"pixel {pr, pc}: {n}")
            # hovering a drawn cell lights its mapping among the drawn cells
            coords = sorted((r2, c2) for g, r2, c2 in ex.cells if g == "input")
            r2, c2 = rng.choice(coords)
            cell(ex.root, "input", r2, c2).hover()
            assert_lit(page, ex.expected("input", r2, c2), f"hover input ({r2}, {c2})")
            page.keyboard.press("Escape")
            page.mouse.move(1, 1)
        ex.root.locator('[data-pick="neuron-col"]').fill("0")
        ex.root.locator('button[data-action="pick-neuron"]').click()
        assert "outside 1.." in live_text(ex.root)


def output_size_of(ex: Explorer) -> tuple[int, int]:
    from convmap import output_size

    return (
        output_size(ex.rows[0], ex.rows[1], ex.rows[2], ex.rows[3], ex.rows[4]),
        output_size(ex.cols[0], ex.cols[1], ex.cols[2], ex.cols[3], ex.cols[4]),
    )


def test_replaced_explorers_leave_no_document_listeners(page, base_url, explorer_pages):
    """The live pages replace explorers: a replaced root's document/window listeners go too."""
    page.goto(base_url + explorer_pages[0])
    count = len(explorers_on(page))
    assert page.evaluate("() => window.convmapExplorer.listeners()") == 2 * count
    for _ in range(5):  # replace the first explorer by a fresh copy of its markup, set it up
        page.evaluate(
            """() => {
                const old = document.querySelector('[data-convmap="explorer"]');
                const fresh = old.cloneNode(true);
                fresh.removeAttribute('data-cmx-ready');
                old.replaceWith(fresh);
                window.convmapExplorer.setup(fresh);
            }"""
        )
    assert page.evaluate("() => window.convmapExplorer.listeners()") == 2 * count
