"""The live pages in a real browser: Python (Pyodide) in the page, offline, checked against CPython.

One browser context per page starts the engine once; settings are then set
through the URL (``history.replaceState`` + the page's re-render hook) or
through the controls, never by reloading. References are independent of the
page: the layer's geometry is derived here by hand (TensorFlow's SAME rule,
PyTorch's split, the window formula), parameter counts by the formula, and
network traces and regions by convmap's `trace` / `input_region` in CPython.
"""

from __future__ import annotations

import random
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from convmap import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU, input_region, trace
from convmap.padding import torch_same_padding

BLOCKING = ("serious", "critical")
ENGINE_TIMEOUT = 180_000  # ms: two cores shared by several jobs


class LivePage:
    """A page with the engine started, and what went wrong on the way."""

    def __init__(self, browser, base_url: str, path: str):
        self.base = base_url
        self.outside: list[str] = []
        self.problems: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error {exc}"))
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console {m.text}") if m.type == "error" else None,
        )
        self.page.goto(base_url + path)

    def _route(self, r) -> None:
        url = r.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            self.outside.append(url)
            r.abort()

    def start(self, root: str) -> None:
        engine = self.page.locator('[data-convmap="engine"]')
        if engine.get_attribute("data-engine-state") == "idle":
            self.page.click('[data-convmap="engine-start"]')
        self.page.wait_for_selector(
            f'[data-convmap="{root}"][data-state="ready"], '
            f'[data-convmap="{root}"][data-state="error"]',
            timeout=ENGINE_TIMEOUT,
        )

    def clean(self) -> None:
        assert not self.outside, f"requests to another origin: {self.outside[:5]}"
        assert not self.problems, "\n".join(self.problems[:10])


@pytest.fixture(scope="module")
def layer_page(browser, base_url):
    live = LivePage(
        browser, base_url, "live/your-layer/?input=7,9&kernel=4,2&stride=2,3&padding=same"
    )
    label = live.page.inner_text('[data-convmap="engine-start"]')
    assert "MB download" in label and "@@" not in label, label
    # a link carrying a setting starts the engine by itself once the tool is on screen
    live.page.wait_for_function(
        "() => document.querySelector('[data-convmap=\"engine\"]').dataset.engineState !== 'idle'"
    )
    live.start("live-layer")
    yield live
    live.context.close()


@pytest.fixture(scope="module")
def network_page(browser, base_url):
    live = LivePage(browser, base_url, "live/your-network/")
    # no setting in the URL: nothing starts until the reader presses the button
    live.page.wait_for_timeout(500)
    assert live.page.get_attribute('[data-convmap="engine"]', "data-engine-state") == "idle"
    assert live.page.get_attribute('[data-convmap="live-network"]', "data-state") == "idle"
    live.start("live-network")
    yield live
    live.context.close()


def test_blocked_webassembly_shows_a_clear_message_and_the_page_still_works(browser, base_url):
    live = LivePage(browser, base_url, "live/your-network/")
    live.context.route("**/pyodide.asm.wasm", lambda r: r.abort())
    live.page.click('[data-convmap="engine-start"]')
    engine = live.page.locator('[data-convmap="engine"]')
    live.page.wait_for_function(
        "() => document.querySelector('[data-convmap=\"engine\"]').dataset.engineState"
        " === 'failed'",
        timeout=ENGINE_TIMEOUT,
    )
    text = engine.locator(".live-engine-status").inner_text()
    assert text.startswith("Python could not start in this page") and "works without it" in text
    # the page is still there and its form still writes the stack into the address bar
    assert live.page.locator("h1").inner_text().startswith("Your own network")
    live.page.fill('[name="input"]', "32,32,1")
    live.page.click('button[data-action="trace"]')
    assert "input=32,32,1" in live.page.evaluate("() => location.search")
    assert not live.outside
    live.context.close()


# ---------------------------------------------------------------- independent references


def pads_by_hand(n: int, k: int, s: int, d: int, mode, side: tuple[int, int]) -> tuple[int, int]:
    span = d * (k - 1)
    if mode == "valid":
        return (0, 0)
    if mode == "full":
        return (span, span)
    if mode == "torch-same":  # PyTorch: total = d * (k - 1), left = total // 2
        return (span // 2, span - span // 2)
    if mode == "same":  # TensorFlow
        out = -(-n // s)
        total = max((out - 1) * s + span + 1 - n, 0)
        return (total // 2, total - total // 2)
    return side


def window_by_hand(i: int, k: int, s: int, d: int, before: int) -> list[int]:
    return [i * s - before + t * d for t in range(k)]


def random_setting(rng: random.Random) -> dict:
    big = rng.random() < 0.08
    H = rng.randint(30, 512) if big else rng.randint(1, 14)
    W = rng.randint(30, 512) if big else rng.randint(1, 14)
    mode = rng.choice(["valid", "same", "same", "full", "torch-same", "explicit"])
    s = {
        "input": (H, W),
        "kernel": (rng.randint(1, 5), rng.randint(1, 5)),
        "stride": (rng.randint(1, 3), rng.randint(1, 3)),
        "dilation": (rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2])),
        "mode": mode,
        "explicit": tuple(rng.randint(0, 3) for _ in range(4)),
        "channels": rng.randint(1, 4),
        "filters": rng.randint(1, 9),
        "bias": rng.random() < 0.7,
    }
    if mode == "torch-same" and rng.random() < 0.6:
        s["stride"] = (1, 1)
    return s


def query(s: dict) -> str:
    pad = ",".join(map(str, s["explicit"])) if s["mode"] == "explicit" else s["mode"]
    items = {
        "input": "{},{}".format(*s["input"]),
        "kernel": "{},{}".format(*s["kernel"]),
        "stride": "{},{}".format(*s["stride"]),
        "dilation": "{},{}".format(*s["dilation"]),
        "padding": pad,
        "channels": s["channels"],
        "filters": s["filters"],
        "bias": int(s["bias"]),
    }
    return "?" + urlencode(items, safe=",")


def expected(s: dict) -> dict | None:
    """Output shape, padding and counts by hand; None if the layer cannot work."""
    if s["mode"] == "torch-same" and s["stride"] != (1, 1):
        return None
    e = s["explicit"]
    pads, outs = [], []
    for axis, side in ((0, (e[0], e[1])), (1, (e[2], e[3]))):
        n, k, st, d = s["input"][axis], s["kernel"][axis], s["stride"][axis], s["dilation"][axis]
        before, after = pads_by_hand(n, k, st, d, s["mode"], side)
        if n + before + after < d * (k - 1) + 1:
            return None
        pads.append((before, after))
        outs.append((n + before + after - d * (k - 1) - 1) // st + 1)
    kh, kw = s["kernel"]
    weights = kh * kw * s["channels"] * s["filters"]
    return {
        "output": (outs[0], outs[1], s["filters"]),
        "padding": (*pads[0], *pads[1]),
        "neurons": outs[0] * outs[1] * s["filters"],
        "params": weights + (s["filters"] if s["bias"] else 0),
        "params_no_bias": weights,
    }


def cpython_error(s: dict) -> str:
    """convmap's message, in CPython, for a layer that cannot work."""
    if s["mode"] == "torch-same":  # PyTorch's padding="same": convmap's refusal, rows first
        with pytest.raises(ValueError) as err:
            for a in (0, 1):
                torch_same_padding(s["input"][a], s["kernel"][a], s["stride"][a], s["dilation"][a])
        return str(err.value)
    pad = {"explicit": None}.get(s["mode"], s["mode"])
    if pad is None:
        e = s["explicit"]
        pad = ((e[0], e[1]), (e[2], e[3]))
    with pytest.raises(ValueError) as err:
        layer = Conv2D(s["filters"], s["kernel"], s["stride"], pad, s["dilation"], s["bias"])
        trace([layer], (*s["input"], s["channels"]))
    return str(err.value)


READ_PAGE = """() => {
  const root = document.querySelector('[data-convmap="live-layer"]');
  const values = root.querySelector('[data-convmap="layer-values"]');
  const ex = root.querySelector('[data-convmap="explorer"]');
  const out = {state: root.dataset.state,
               error: root.querySelector('[data-convmap="error"]').textContent,
               output: values.dataset.output, padding: values.dataset.padding,
               neurons: values.dataset.neurons, params: values.dataset.params,
               paramsNoBias: values.dataset.paramsNoBias,
               shape: values.querySelector('[data-value="output-shape"]').textContent,
               explorer: null};
  if (ex) {
    const cells = [...ex.querySelectorAll('[data-grid]')].map(
      (c) => [c.dataset.grid, +c.dataset.row, +c.dataset.col]);
    out.explorer = {state: ex.dataset.state, input: ex.dataset.input, kernel: ex.dataset.kernel,
                    stride: ex.dataset.stride, dilation: ex.dataset.dilation,
                    padding: ex.dataset.padding, numbering: ex.dataset.numbering, cells: cells,
                    setUp: ex.dataset.cmxReady};
  }
  return out;
}"""

LIGHT = """(picks) => {
  const ex = document.querySelector('[data-convmap="explorer"]');
  return picks.map(([g, r, c]) => {
    const cell = ex.querySelector(`[data-grid="${g}"][data-row="${r}"][data-col="${c}"]`);
    cell.focus();
    const lit = [...ex.querySelectorAll('[data-lit="true"]')].map(
      (x) => [x.dataset.grid, +x.dataset.row, +x.dataset.col]);
    cell.blur();
    return lit;
  });
}"""


def check_layer(page, s: dict, rng: random.Random) -> str:
    """Compare what the page shows for setting ``s`` with the hand-derived reference."""
    got = page.evaluate(READ_PAGE)
    want = expected(s)
    if want is None:
        assert got["state"] == "error", (s, got)
        assert got["error"], s
        # convmap's own message, as CPython raises it
        assert got["error"] == cpython_error(s), (s, got["error"])
        return "error"
    assert got["state"] == "ready", (s, got["error"])
    assert got["output"] == "{},{},{}".format(*want["output"]), s
    assert got["shape"] == "{} x {} x {}".format(*want["output"])
    assert got["padding"] == "{},{},{},{}".format(*want["padding"]), s
    assert int(got["neurons"]) == want["neurons"]
    assert int(got["params"]) == want["params"]
    assert int(got["paramsNoBias"]) == want["params_no_bias"]
    ex = got["explorer"]
    if ex is None:
        return "no explorer"
    assert ex["state"] == "ready" and ex["numbering"] == "1-based" and ex["setUp"] == "true"
    assert ex["input"] == "{},{}".format(*s["input"])
    assert ex["kernel"] == "{},{}".format(*s["kernel"])
    assert ex["stride"] == "{},{}".format(*s["stride"])
    assert ex["dilation"] == "{},{}".format(*s["dilation"])
    assert ex["padding"] == got["padding"]
    outs = {(r, c) for g, r, c in ex["cells"] if g == "output"}
    ins = {(r, c) for g, r, c in ex["cells"] if g == "input"}
    top, bottom, left, right = want["padding"]
    oh, ow = want["output"][:2]
    assert all(0 <= r < oh and 0 <= c < ow for r, c in outs)
    if len(outs) == oh * ow:  # the whole layer: every padded cell is drawn
        assert ins == {
            (r, c)
            for r in range(-top, s["input"][0] + bottom)
            for c in range(-left, s["input"][1] + right)
        }
    picks = [("output", *p) for p in rng.sample(sorted(outs), min(3, len(outs)))]
    picks += [("input", *p) for p in rng.sample(sorted(ins), min(3, len(ins)))]
    lit = page.evaluate(LIGHT, [list(p) for p in picks])
    (kh, kw), (sh, sw), (dh, dw) = s["kernel"], s["stride"], s["dilation"]
    for (grid, r, c), seen in zip(picks, lit, strict=True):
        seen = {tuple(x) for x in seen}
        if grid == "output":
            rows = set(window_by_hand(r, kh, sh, dh, top))
            cols = set(window_by_hand(c, kw, sw, dw, left))
            # a compressed view lights the drawn cells of the window (the rest are folded)
            want_lit = {("input", pr, pc) for pr in rows for pc in cols if (pr, pc) in ins}
        else:
            want_lit = {
                ("output", i, j)
                for i, j in outs
                if r in window_by_hand(i, kh, sh, dh, top)
                and c in window_by_hand(j, kw, sw, dw, left)
            }
        assert seen == want_lit | {(grid, r, c)}, (s, grid, r, c)
    return "compressed" if len(outs) < oh * ow else "full"


def set_url(page, q: str) -> None:
    page.evaluate(
        "(q) => { history.replaceState(null, '', q); return window.convmapLive.renderLayer(); }", q
    )


def test_layer_page_loads_offline_clean_and_axe_clean(layer_page):
    from axe_playwright_python.sync_playwright import Axe

    page = layer_page.page
    assert page.get_attribute('[data-convmap="engine"]', "data-engine-state") == "ready"
    found = []
    for q in (
        "?input=7,9&kernel=4,2&stride=2,3&padding=same",
        "?input=200,300&kernel=3,3&padding=same&pixel=50,60",
        "?input=3,3&kernel=5,5&padding=valid",
    ):
        set_url(page, q)
        for v in Axe().run(page).response["violations"]:
            if v["impact"] in BLOCKING:
                found.append(f"{q}: {v['id']} {[n['target'] for n in v['nodes'][:3]]}")
    assert page.get_attribute('[data-convmap="live-layer"]', "data-state") == "error"
    assert not found, found
    layer_page.clean()


def test_layer_settings_through_the_url_match_the_hand_derivation(layer_page):
    rng = random.Random(20261201)
    kinds: dict[str, int] = {}
    modes: set[str] = set()
    for _ in range(200):
        s = random_setting(rng)
        set_url(layer_page.page, query(s))
        kind = check_layer(layer_page.page, s, rng)
        kinds[kind] = kinds.get(kind, 0) + 1
        modes.add(s["mode"] + (" stride>1" if s["stride"] != (1, 1) else ""))
    assert (
        kinds.get("full", 0) > 100 and kinds.get("error", 0) > 5 and kinds.get("compressed", 0) > 3
    ), kinds
    assert {"same stride>1", "torch-same stride>1", "torch-same", "full", "explicit"} <= modes
    layer_page.clean()


def test_layer_settings_through_the_controls(layer_page):
    page = layer_page.page
    rng = random.Random(7)
    for _ in range(20):
        s = random_setting(rng)
        for name, axis in (("input-h", 0), ("input-w", 1)):
            page.fill(f'[name="{name}"]', str(s["input"][axis]))
        for key in ("kernel", "stride", "dilation"):
            page.fill(f'[name="{key}-h"]', str(s[key][0]))
            page.fill(f'[name="{key}-w"]', str(s[key][1]))
        page.fill('[name="channels"]', str(s["channels"]))
        page.fill('[name="filters"]', str(s["filters"]))
        page.set_checked('[name="bias"]', s["bias"])
        page.select_option('[name="padding"]', s["mode"])
        if s["mode"] == "explicit":
            for name, v in zip(("pad-t", "pad-b", "pad-l", "pad-r"), s["explicit"], strict=True):
                page.fill(f'[name="{name}"]', str(v))
        page.click('.live-form button[type="submit"]')
        page.wait_for_function(
            "() => ['ready', 'error'].includes("
            "document.querySelector('[data-convmap=\"live-layer\"]').dataset.state)"
        )
        check_layer(page, s, rng)
        url = page.evaluate("() => location.search")
        assert (
            "input={},{}".format(*s["input"]) in url and "kernel={},{}".format(*s["kernel"]) in url
        )
        pad = ",".join(map(str, s["explicit"])) if s["mode"] == "explicit" else s["mode"]
        assert f"padding={pad}" in url, url
    layer_page.clean()


def test_picking_a_neuron_of_a_big_layer_by_number(layer_page):
    page = layer_page.page
    set_url(page, "?input=512,512&kernel=5,5&stride=2,2&padding=same&neuron=200,17")
    got = page.evaluate(READ_PAGE)
    assert got["state"] == "ready" and got["explorer"]["state"] == "ready"
    outs = {(r, c) for g, r, c in got["explorer"]["cells"] if g == "output"}
    assert (199, 16) in outs and len(outs) < 256 * 256
    before = pads_by_hand(512, 5, 2, 1, "same", (0, 0))[0]
    rows = [p + 1 for p in window_by_hand(199, 5, 2, 1, before)]
    text = page.inner_text('[data-slot="pick"]')
    assert text.startswith("Neuron (200, 17) reads image rows " + f"{rows[0]}-{rows[-1]}"), text
    # convmap's compressed view, set up by explorer.js's public call: pick a pixel by number
    ex = '[data-convmap="explorer"]'
    assert page.get_attribute(ex, "data-view") == "compressed"
    page.fill(f'{ex} [data-pick="pixel-row"]', "300")
    page.fill(f'{ex} [data-pick="pixel-col"]', "41")
    page.click(f'{ex} button[data-action="pick-pixel"]')
    lit = page.evaluate(
        """(ex) => [...document.querySelectorAll(ex + ' [data-lit="true"]')].map(
             (x) => [x.dataset.grid, +x.dataset.row, +x.dataset.col])""",
        ex,
    )
    seeing = [[i for i in range(256) if p in window_by_hand(i, 5, 2, 1, before)] for p in (299, 40)]
    want = {("output", i, j) for i in seeing[0] for j in seeing[1]} | {("input", 299, 40)}
    assert {tuple(x) for x in lit} == want and len(seeing[0]) == 3 and len(seeing[1]) == 2


# ---------------------------------------------------------------- networks


def random_stack(rng: random.Random) -> tuple[list[str], list, tuple[int, int, int]]:
    lines, layers = [], []
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["conv", "conv", "pool", "avg", "relu"])
        pad = rng.choice(["valid", "same", "full", 1, (0, 1)])
        if kind == "conv":
            f, k, st, d = (
                rng.randint(1, 8),
                rng.randint(1, 5),
                rng.randint(1, 3),
                rng.choice([1, 1, 2]),
            )
            lines.append(f"Conv2D({f}, {k}, stride={st}, padding={pad!r}, dilation={d})")
            layers.append(Conv2D(f, k, st, pad, d))
        elif kind in ("pool", "avg"):
            size = rng.randint(1, 4)
            pad = rng.choice(["valid", "same"])
            cls = MaxPool2D if kind == "pool" else AvgPool2D
            lines.append(f"{cls.__name__}({size}, padding={pad!r})")
            layers.append(cls(size, padding=pad))
        else:
            lines.append("ReLU()")
            layers.append(ReLU())
    if rng.random() < 0.5:
        units = rng.randint(1, 10)
        lines += ["Flatten()", f"Dense({units})"]
        layers += [Flatten(), Dense(units)]
    shape = (rng.randint(4, 70), rng.randint(4, 70), rng.randint(1, 3))
    return lines, layers, shape


READ_NETWORK = """() => {
  const root = document.querySelector('[data-convmap="live-network"]');
  const rows = [...root.querySelectorAll('[data-convmap="trace"] tbody tr')].map((tr) =>
    Object.fromEntries([...tr.querySelectorAll('[data-field]')].map(
      (c) => [c.dataset.field, c.textContent])));
  const svg = root.querySelector('[data-convmap="region"]');
  return {state: root.dataset.state,
          error: root.querySelector('[data-convmap="error"]').textContent, rows: rows,
          region: svg ? {span: svg.dataset.span, rows: svg.dataset.rowsRead,
                         cols: svg.dataset.colsRead} : null};
}"""


def test_network_page_traces_and_regions_match_cpython(network_page):
    from axe_playwright_python.sync_playwright import Axe

    page = network_page.page
    violations = [
        v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING
    ]
    assert not violations, violations
    rng = random.Random(11)
    kinds = {"ready": 0, "error": 0}
    for _ in range(30):
        lines, layers, shape = random_stack(rng)
        try:
            records = trace(layers, shape)
        except ValueError as err:
            records, message = None, str(err)
        layer, neuron = 1, (1, 1)
        if records:
            t = rng.choice(records)
            layer = t.index + 1
            if len(t.output_shape) == 3:
                neuron = (rng.randint(1, t.output_shape[0]), rng.randint(1, t.output_shape[1]))
            else:
                neuron = (rng.randint(1, t.output_shape[0]), 1)
        q = "?" + urlencode(
            {
                "input": ",".join(map(str, shape)),
                "stack": "\n".join(lines),
                "layer": layer,
                "neuron": "{},{}".format(*neuron),
            },
            safe=",",
        )
        page.evaluate(
            "(q) => { history.replaceState(null, '', q); return convmapLive.renderNetwork(); }", q
        )
        got = page.evaluate(READ_NETWORK)
        if records is None:
            assert got["state"] == "error" and got["error"] == message, (lines, got)
            kinds["error"] += 1
            continue
        kinds["ready"] += 1
        assert got["state"] == "ready", (lines, got["error"])
        assert len(got["rows"]) == len(records)
        for row, t in zip(got["rows"], records, strict=True):
            assert row["layer"] == f"{t.index + 1}: {t.name}"
            assert row["shape"] == " x ".join(map(str, t.output_shape))
            assert row["neurons"].replace(",", "") == str(t.neurons)
            assert row["params"].replace(",", "") == str(t.params)
            assert row["params-no-bias"].replace(",", "") == str(t.params_no_bias)
            assert row["rf"] == "{} x {}".format(*t.receptive_field)
        r = input_region(layers, shape, layer - 1, neuron[0] - 1, neuron[1] - 1)
        assert got["region"]["span"] == f"{r.rows[0]},{r.rows[-1]},{r.cols[0]},{r.cols[-1]}"
        assert got["region"]["rows"] == ",".join(map(str, r.rows_read))
        assert got["region"]["cols"] == ",".join(map(str, r.cols_read))
    assert kinds["ready"] >= 15 and kinds["error"] >= 1, kinds
    network_page.clean()


def test_network_error_names_the_layer(network_page):
    page = network_page.page
    page.fill('[name="input"]', "10,10,3")
    page.fill('[name="stack"]', "Conv2D(4, 3)\nConv2D(4, 9)")
    page.click('button[data-action="trace"]')
    page.wait_for_function(
        "() => document.querySelector('[data-convmap=\"live-network\"]').dataset.state === 'error'"
    )
    with pytest.raises(ValueError) as err:
        trace([Conv2D(4, 3), Conv2D(4, 9)], (10, 10, 3))
    assert page.inner_text('[data-convmap="error"]') == str(err.value)
    assert "conv2" in str(err.value)
    assert "stack=Conv2D" in page.evaluate("() => location.search")


# ---------------------------------------------------------------- runnable blocks

EDITED = """from convmap import input_window, neurons_seeing, output_size

for padding in ("valid", "same", "full", (1, 2)):
    print(padding, output_size(37, 4, 3, padding, 2), input_window(5, 37, 4, 3, padding, 2))
print(neurons_seeing(10, 37, 4, 3, "same", 2))
"""


@pytest.mark.parametrize("which", ["layer", "network"])
def test_edited_block_prints_what_cpython_prints(which, layer_page, network_page):
    live = layer_page if which == "layer" else network_page
    page = live.page
    box = page.locator('[data-convmap="runnable"]:not([data-needs])').first
    box.locator('[data-convmap="edit"]').click()
    box.locator('[data-convmap="code"]').fill(EDITED)
    box.locator('[data-convmap="run"]').click()
    page.wait_for_function(
        "() => ['ok', 'error'].includes(document.querySelector("
        "'[data-convmap=\"runnable\"]:not([data-needs])').dataset.state)"
    )
    cpython = subprocess.run(
        [sys.executable, "-c", EDITED], capture_output=True, text=True, check=True
    )
    assert box.locator('[data-convmap="output"]').inner_text() == cpython.stdout.rstrip("\n") or (
        box.locator('[data-convmap="output"]').text_content() == cpython.stdout
    )
    box.locator('[data-convmap="code"]').fill("print('before')\n1 / 0")
    box.locator('[data-convmap="run"]').click()
    page.wait_for_function(
        "() => document.querySelector('[data-convmap=\"runnable\"]:not([data-needs])')"
        ".dataset.state === 'error'"
    )
    text = box.locator('[data-convmap="output"]').text_content()
    assert text.startswith("before\nTraceback") and "ZeroDivisionError" in text, text
    if which == "network":
        needs = page.locator('[data-convmap="runnable"][data-needs="numpy"]')
        assert "NumPy" in needs.inner_text()
        assert needs.locator('[data-convmap="edit"]').count() == 0
    live.clean()
