"""The live pages' Python glue (docs/live/*.py) and build hook, in CPython.

The same modules run in the page under Pyodide; the browser tests check the
page against hand-derived references, these check the glue's own contract:
queries in, convmap's numbers and messages out.
"""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from convmap import Conv2D, MaxPool2D, input_region, trace
from convmap.padding import torch_same_padding

ROOT = Path(__file__).resolve().parents[1]
LIVE = ROOT / "docs" / "live"


@pytest.fixture(scope="module")
def glue():
    sys.path.insert(0, str(LIVE))
    try:
        yield {
            name: importlib.import_module(name)
            for name in ("live_layer", "live_network", "live_run")
        }
    finally:
        sys.path.remove(str(LIVE))


def layer(glue, query: str) -> dict:
    return json.loads(glue["live_layer"].render(query))


def test_default_layer_is_the_qa_first_layer(glue):
    d = layer(glue, "")
    assert d["state"] == "ready"
    assert d["attrs"]["data-output"] == "64,64,8"
    assert d["attrs"]["data-padding"] == "1,2,1,2"  # TensorFlow's SAME for an even kernel
    assert d["attrs"]["data-params"] == str(4 * 4 * 3 * 8 + 8)
    assert d["attrs"]["data-params-no-bias"] == str(4 * 4 * 3 * 8)
    assert d["mode"] == "compressed"  # 64 x 64 with padding is convmap's compressed view
    assert 'data-convmap="explorer"' in d["explorer"] and 'data-view="compressed"' in d["explorer"]
    assert "top-left corner" not in d["explorer"] and 'data-numbering="1-based"' in d["explorer"]


def test_torch_same_equals_tensorflow_split_for_stride_1_and_refuses_stride_2(glue):
    ok = layer(glue, "?input=9,8&kernel=4,5&dilation=2,1&padding=torch-same")
    # PyTorch: total = d * (k - 1) = 6 rows, 4 columns; left = total // 2
    assert ok["attrs"]["data-padding"] == "3,3,2,2"
    assert ok["attrs"]["data-output"].startswith("9,8,")
    bad = layer(glue, "?input=9,8&kernel=3,3&stride=2,1&padding=torch-same")
    assert bad["state"] == "error" and bad["error"].startswith("stride must be 1 for PyTorch")
    with pytest.raises(ValueError) as err:  # the message is convmap's own, word for word
        torch_same_padding(9, 3, 2, 1)
    assert bad["error"] == str(err.value) and "got 2" in bad["error"]
    cols = layer(glue, "?input=9,8&kernel=3,3&stride=1,3&padding=torch-same")
    assert cols["state"] == "error" and "got 3" in cols["error"]


def test_impossible_layer_shows_convmaps_own_message(glue):
    d = layer(glue, "?input=3,10&kernel=5,3&padding=valid")
    with pytest.raises(ValueError) as err:
        trace([Conv2D(8, (5, 3), 1, "valid", 1, True)], (3, 10, 3))
    assert d == {"state": "error", "error": str(err.value), "query": d["query"]}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("?input=600,3", "input height must be 1 to 512"),
        ("?input=a,b", "input must be two integers"),
        ("?padding=1,2,3", "padding must be valid, same, full, torch-same or four integers"),
        ("?padding=diagonal", "padding must be valid"),
        ("?bias=maybe", "bias must be 1"),
        ("?stride=0,1", "stride"),
        ("?neuron=65,1", "neuron row must be 1 to 64, got 65"),
    ],
)
def test_bad_queries_say_what_is_wrong(glue, query, words):
    d = layer(glue, query)
    assert d["state"] == "error" and words in d["error"], d


def test_explicit_padding_and_code_for_the_frameworks(glue):
    d = layer(glue, "?input=5,6&kernel=4,3&padding=1,2,0,1&filters=2&channels=1&bias=0")
    assert d["attrs"]["data-output"] == "5,5,2"
    assert d["query"] == (
        "?input=5,6&channels=1&kernel=4,3&filters=2&stride=1,1&dilation=1,1&padding=1,2,0,1&bias=0"
    )
    assert "[[0, 0], [1, 2], [0, 1], [0, 0]]" in d["code"]["tensorflow"]
    assert "ZeroPadding2D(((1, 2), (0, 1)))" in d["code"]["keras"]
    assert "ZeroPad2d((0, 1, 1, 2))" in d["code"]["pytorch"]
    assert "torch.Size([1, 2, 5, 5])" in d["code"]["pytorch"]


def test_coverage_counts_add_up_to_every_pixel(glue):
    d = layer(glue, "?input=11,7&kernel=3,2&stride=2,3&padding=valid")
    rows = [r.split("</td><td>") for r in d["coverage"].split("<tr data-neurons=")[1:]]
    pixels = {int(a.split(">")[-1]): int(b.split("<")[0]) for a, b in rows}
    assert sum(pixels.values()) == 11 * 7
    # columns: windows [0, 1] and [3, 4] (stride 3, 2 wide), so columns 2, 5, 6 are unseen;
    # rows: windows 0-2, 2-4, ..., 8-10 see every row, rows 2, 4, 6, 8 twice
    assert pixels[0] == 11 * 3
    assert pixels[2] == 4 * 4  # rows seen twice x columns seen once


def test_network_default_is_the_qa_network_and_regions_match_input_region(glue):
    d = json.loads(glue["live_network"].render(""))
    assert d["state"] == "ready" and len(d["layers"]) == 8
    layers = glue["live_network"].parse_stack(glue["live_network"].QA_STACK)
    r = input_region(layers, (64, 64, 3), 5, 0, 1)
    assert f'data-span="{r.rows[0]},{r.rows[-1]},{r.cols[0]},{r.cols[-1]}"' in d["region"]
    assert r.size == (43, 43) and r.pixels == 42 * 33


@pytest.mark.parametrize(
    ("stack", "words"),
    [
        ("Conv2D(8, 3)\nFoo(2)", "line 2: unknown layer 'Foo'"),
        ("Conv2D(8, 0)", "line 1: Conv2D kernel must be an integer >= 1, got 0"),
        ("Conv2D(8, x)", "line 1: arguments must be plain"),
        ("__import__('os')", "line 1: unknown layer"),
        ("", "the stack is empty"),
    ],
)
def test_network_parse_errors_name_the_line(glue, stack, words):
    d = json.loads(glue["live_network"].render("?" + "stack=" + stack.replace("\n", "%0A")))
    assert d["state"] == "error" and words in d["error"], d


def test_network_error_is_convmaps_message_naming_the_layer(glue):
    d = json.loads(glue["live_network"].render("?input=10,10,3&stack=Conv2D(4,3)%0AMaxPool2D(20)"))
    with pytest.raises(ValueError) as err:
        trace([Conv2D(4, 3), MaxPool2D(20)], (10, 10, 3))
    assert d["error"] == str(err.value) and "maxpool1" in d["error"]


@pytest.mark.parametrize("demo", ["demo_layer.py", "demo_network.py"])
def test_runner_prints_what_cpython_prints(glue, demo):
    code = (LIVE / demo).read_text(encoding="utf-8")
    got = json.loads(glue["live_run"].run(code))
    cpython = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert got == {"ok": True, "output": cpython.stdout}


def test_runner_shows_the_traceback_from_the_readers_code(glue):
    got = json.loads(
        glue["live_run"].run("print('a')\nfrom convmap import output_size\noutput_size(3, 5)")
    )
    assert not got["ok"] and got["output"].startswith("a\nTraceback")
    assert 'File "<your code>", line 3' in got["output"] and "live_run" not in got["output"]
    assert got["output"].rstrip().splitlines()[-1].startswith("ValueError")


def test_package_zip_holds_convmap_and_imports_without_numpy(tmp_path):
    from docs_site import build_hooks

    data = build_hooks.package_zip()
    assert data == build_hooks.package_zip()  # reproducible
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert "convmap/__init__.py" in names and "convmap/geometry.py" in names
    assert all(n.startswith("convmap/") and "__pycache__" not in n for n in names)
    probe = (
        "import sys; sys.modules['numpy'] = None\n"
        "import convmap\nfrom convmap import trace, input_region, input_window\n"
        "print(input_window(63, 64, 4, 1, 'same'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert out.stdout.strip() == "[62, 63, 64, 65]"


def test_pyodide_is_pinned_exactly_and_never_committed():
    from docs_site import build_hooks

    version = build_hooks.pinned_version()
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/pyodide"]["version"] == version
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    tracked = subprocess.run(
        ["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout
    assert "pyodide.asm.wasm" not in tracked and "python_stdlib.zip" not in tracked


def test_build_hook_copies_the_core_once_and_an_edition_points_at_it(tmp_path):
    import importlib.util

    if not (ROOT / "node_modules" / "pyodide" / "package.json").is_file():
        pytest.skip("run `npm ci` first (make test does)")
    spec = importlib.util.spec_from_file_location(
        "hooks_copy", ROOT / "docs_site" / "build_hooks.py"
    )
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)  # a fresh module: its own state, as for one build
    site, edition = tmp_path / "site", tmp_path / "site" / "zh"
    hooks.on_pre_build({"site_dir": str(site)})
    hooks.on_post_build({"site_dir": str(site)})
    hooks.on_pre_build({"site_dir": str(edition)})
    hooks.on_post_build({"site_dir": str(edition)})
    main = json.loads((site / "live" / "engine.json").read_text(encoding="utf-8"))
    zh = json.loads((edition / "live" / "engine.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (site / "live" / "pyodide").iterdir()) == sorted(hooks.CORE_FILES)
    assert (site / "live" / main["package"]).is_file() and main["base"] == "./"
    assert zh["base"] == "../../live/" and zh["package"] == main["package"]
    assert not (edition / "live" / "pyodide").exists()
    assert main["fetched_bytes"] == sum(
        size for name, size in main["files"].items() if name != "pyodide/pyodide.mjs"
    )
    page = hooks.on_post_page("<b>@@CONVMAP_ENGINE_SIZE@@</b>", None, {})
    assert page == f"<b>{main['fetched_bytes'] / 1e6:.1f} MB</b>"


def explorer_payload(page: str) -> dict:
    """The JSON data convmap writes into the explorer's markup."""
    start = page.index('class="cmx-data">') + len('class="cmx-data">')
    return json.loads(page[start : page.index("</script>", start)])


def test_small_layer_draws_every_cell_and_big_layer_is_convmaps_compressed_view(glue):
    small = layer(glue, "?input=7,9&kernel=4,2&stride=2,3&padding=same")
    assert small["mode"] == "cells" and "overview" not in small and "note" not in small
    # SAME, 7 rows, k 4, s 2: out 4, total (4-1)*2+4-7 = 3 -> 1 top, 2 bottom;
    # 9 cols, k 2, s 3: out 3, total (3-1)*3+2-9 = -1 -> 0
    assert small["explorer"].count('data-grid="input"') == (7 + 3) * 9
    assert small["explorer"].count('data-grid="output"') == 4 * 3
    big = layer(glue, "?input=512,512&kernel=5,5&stride=2,2&padding=same&neuron=200,17")
    data = explorer_payload(big["explorer"])
    assert big["mode"] == "compressed" and data["view"] == "compressed"
    assert data["default"] == "o:199,16"  # the picked neuron (1-based 200, 17) is shown first
    assert data["geometry"]["output"] == [256, 256] and data["geometry"]["padding"] == [1, 2, 1, 2]
    # its window, rows 2*199-1 .. 2*199+3 (0-based), is drawn in the detail
    for row in range(397, 402):
        assert f'data-grid="input" data-row="{row}"' in big["explorer"], row


def test_a_picked_pixel_is_drawn_with_a_neuron_that_sees_it(glue):
    d = layer(glue, "?input=300,200&kernel=3,3&stride=2,2&padding=valid&pixel=151,100")
    data = explorer_payload(d["explorer"])
    r, c = (int(v) for v in data["default"][2:].split(","))
    # valid, k 3, s 2: neuron i reads 2i..2i+2; row 150 (0-based) is read by 74 and 75,
    # column 99 by 49 only
    assert r in (74, 75) and c == 49
    assert d["focus"] == {"grid": "input", "row": 150, "col": 99}
    assert 'data-grid="input" data-row="150" data-col="99"' in d["explorer"]
    assert d["pick"] == "Pixel (151, 100) is seen by 2 neurons: rows 75-76, columns 50."
