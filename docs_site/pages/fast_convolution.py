"""Facts of "How the fast convolution works": build-time timings, im2col's costs, the benchmark.

The section is ``docs/snippets/speed.md`` (English) and ``speed.zh.md`` (Chinese), which the
contributors' page includes with Jinja's ``{% include %}`` so that its macros render (a
``--8<--`` snippet is inserted after the macros have run). Everything the section states is
computed here and asserted; the benchmark's tables and targets come from the committed
``benchmarks/results.json`` through ``benchmarks/report.py``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convmap import conv2d, conv2d_loops, input_window, layer_geometry, neurons_seeing
from convmap.im2col_figure import band_svg, im2col_svg
from convmap.kernel import (
    KernelSettings,
    choose_tile,
    current_settings,
    tile_span,
    weight_matrix_shape,
    worker_count,
)
from convmap.kernel.plan import DIRECT_GAIN
from convmap.kernel.row_taps import ROW_TAPS_TERMS, use_row_taps
from convmap.kernel.tiles import tile_gain
from convmap.network import trace
from docs_site import pieces
from docs_site.pages.common import page_lang
from docs_site.pages.example_network import qa_model

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"

N, K, C, FILTERS = 64, 4, 3, 8  # the Q&A's first layer: 64 x 64 x 3 input, W1 4 x 4 x 3 x 8
IMAGES, REPEATS, SEED = 16, 5, 6  # the build-time timing: random images, best of REPEATS
SIGNS_TRAIN = 1080  # images in the SIGNS training set, the Q&A's data
FLOAT32 = 4  # bytes per number
MIN_RATIO = 20  # the loops must be at least this much slower, or the timing is broken
BAND = (3, 3)  # the band figure: windows per row, kernel width
QA_CONV2 = (2, 8, 16, 8)  # W2 2 x 2 x 8 x 16 on P1's 8 x 8 output: kernel, in, out, width
MANY = ((3, 3), 128, 256, 32)  # a layer with many channels: kernel, in, out, output width


def same_pads() -> tuple[int, int]:
    """SAME's zeros before and after one axis of the Q&A's layer (from `input_window`)."""
    before = -input_window(0, N, K, 1, "same")[0]
    after = input_window(N - 1, N, K, 1, "same")[-1] - (N - 1)
    assert (before, after) == (1, 2)
    return before, after


def padded(x: np.ndarray) -> np.ndarray:
    """``x`` (NHWC) with SAME's zeros around each image."""
    before, after = same_pads()
    return np.pad(x, ((0, 0), (before, after), (before, after), (0, 0)))


def per_tap(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The previous `conv2d`: one matrix product per kernel tap (K * K products)."""
    xp = padded(x)
    out = np.zeros((x.shape[0], N, N, FILTERS), x.dtype)
    for i in range(K):
        for j in range(K):
            out += xp[:, i : i + N, j : j + N] @ w[i, j]
    return out


def im2col_whole(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Plain im2col: every window copied into one row of a matrix, then one product."""
    windows = sliding_window_view(padded(x), (K, K), axis=(1, 2))  # (n, N, N, C, K, K)
    rows = windows.transpose(0, 1, 2, 4, 5, 3).reshape(-1, K * K * C)
    return (rows @ w.reshape(K * K * C, FILTERS)).reshape(x.shape[0], N, N, FILTERS)


def example_matches() -> None:
    """The shown plain-im2col example computes what the timed `im2col_whole` computes."""
    g = pieces.example_globals("fast-convolution/plain_im2col.py")
    assert g["x"].shape[1:] == (N, N, C) and g["w"].shape == (K, K, C, FILTERS)
    assert g["rows"].shape == (g["x"].shape[0] * N * N, K * K * C)
    assert np.allclose(g["out"], im2col_whole(g["x"], g["w"]), rtol=1e-5, atol=1e-4)


def best_ms(run: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs after one warm-up, in milliseconds."""
    run()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times) * 1e3


def measure_speed() -> dict:
    """Time the loops (one image, once) and three vectorised versions (per image)."""
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((IMAGES, N, N, C)).astype(np.float32)
    w = rng.standard_normal((K, K, C, FILTERS)).astype(np.float32)
    t0 = time.perf_counter()
    slow = conv2d_loops(x[:1], w, padding="same")
    loops_ms = (time.perf_counter() - t0) * 1e3
    fast = conv2d(x, w, padding="same")
    assert np.allclose(fast[:1], slow, rtol=1e-5, atol=1e-5)
    assert np.allclose(per_tap(x, w), fast, rtol=1e-5, atol=1e-4)
    assert np.allclose(im2col_whole(x, w), fast, rtol=1e-5, atol=1e-4)
    ms = {
        "loops": loops_ms,
        "per_tap": best_ms(lambda: per_tap(x, w), REPEATS) / IMAGES,
        "plain": best_ms(lambda: im2col_whole(x, w), REPEATS) / IMAGES,
        "conv2d": best_ms(lambda: conv2d(x, w, padding="same"), REPEATS) / IMAGES,
    }
    assert ms["loops"] / ms["conv2d"] >= MIN_RATIO, f"the loops were not slower: {ms}"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"ms": ms, "load": load, "cores": os.cpu_count() or 1}


@functools.cache
def speed() -> dict:
    """The timings of `measure_speed`, measured once per process (both editions show them)."""
    return measure_speed()


def qa_tile() -> int:
    """How many neighbouring windows `conv2d` puts in one row for the Q&A's layer."""
    tile = choose_tile((K, K), C, FILTERS, (1, 1), (1, 1), N)
    assert tile > 1, "the Q&A's thin layer should get a banded tile"
    return tile


def speed_facts() -> dict:
    """The build-time table and the sentences around it, formatted."""
    m = speed()
    ms = m["ms"]
    loops = ms["loops"]
    return {
        "images": IMAGES,
        "n": N,
        "c": C,
        "k": K,
        "filters": FILTERS,
        "one": 1,  # the loops' row: one image, one run
        "taps": K * K,
        "tile": qa_tile(),
        "repeats": REPEATS,
        "methods": len(ms),
        "ms": {name: f"{value:,.3f}" for name, value in ms.items()},
        "times": {name: f"{loops / value:,.0f}" for name, value in ms.items()},
        "ratio": f"{loops / ms['conv2d']:,.0f}",
        "load": None if m["load"] is None else f"{m['load']:.1f}",
        "cores": m["cores"],
        "dots": f"{N * N * FILTERS:,}",
    }


def memory_facts() -> dict:
    """Plain im2col's matrix for the SIGNS training set, and `conv2d`'s buffers instead."""
    row = K * K * C
    full = SIGNS_TRAIN * N * N * row * FLOAT32
    out = SIGNS_TRAIN * N * N * FILTERS * FLOAT32
    assert round(full / 1e6) == 849 and full / out == row / FILTERS == 6
    # a pixel is in up to K windows along each axis (stride 1), so in up to K * K rows
    seen = max(len(neurons_seeing(p, N, K, 1, "same")) for p in range(N))
    assert seen * seen == K * K
    return {
        "repeats": seen * seen,
        "images": f"{SIGNS_TRAIN:,}",
        "full_mb": f"{full / 1e6:,.0f}",
        "out_mb": f"{out / 1e6:,.0f}",
        "ratio": full // out,
        "block_mib": KernelSettings().block_bytes >> 20,
        "workers": worker_count(current_settings()),
    }


def tile_facts() -> dict:
    """The banded rows of the Q&A's layer: windows per row, their span, the wasted work."""
    tile = qa_tile()
    span = tile_span(tile, K, 1, 1)
    assert span == tile - 1 + K
    kernel, c_in, c_out, width = MANY
    assert choose_tile(kernel, c_in, c_out, (1, 1), (1, 1), width) == 1, "many channels: plain"
    return {
        "row": K * K * C,
        "filters": FILTERS,
        "tile": tile,
        "kernel_rows": K,
        "span": span,
        "c": C,
        "numbers": K * span * C,
        "runs": K,  # one contiguous copy per kernel row
        "columns": tile * FILTERS,
        "waste": f"{span / K:.2f}",
        **direct_facts(tile),
    }


def direct_facts(qa_tile_width: int) -> dict:
    """When `conv2d` skips the blocks: tiles that gain little, small layers (the direct path)."""
    settings = KernelSettings()
    qa1 = tile_gain((K, K), C, FILTERS, (1, 1), (1, 1), N, qa_tile_width)
    k2, c2, f2, n2 = QA_CONV2  # the Q&A's second layer on P1's output
    layers = trace(qa_model(), (N, N, C))
    assert layers[2].output_shape == (n2, n2, c2) and layers[3].layer.kernel == (k2, k2)
    qa2 = tile_gain(
        (k2, k2), c2, f2, (1, 1), (1, 1), n2, choose_tile((k2, k2), c2, f2, (1, 1), (1, 1), n2)
    )
    assert qa2 <= DIRECT_GAIN < qa1, "conv2 takes the direct path, conv1 keeps its band"
    rows, columns = weight_matrix_shape((K, K, C, FILTERS), qa_tile_width, 1, 1)
    assert rows * columns < settings.blas_width, "the Q&A's conv1 is shared by the threads"
    assert columns < settings.blas_columns
    return {
        "blas_width": f"{settings.blas_width:,}",
        "blas_columns": settings.blas_columns,
        "single_blas_macs": f"{settings.single_blas_macs:,}",
        "direct_gain": f"{DIRECT_GAIN:g}",
        "qa1_gain": f"{qa1:.1f}",
        "qa2_gain": f"{qa2:.1f}",
        "direct_mib": settings.direct_bytes >> 20,
        "direct_macs": f"{settings.direct_macs:,}",
    }


def row_tap_facts() -> dict:
    """Row taps' rules, and which of the benchmark's layers they would compute when on."""
    off, suite = KernelSettings(), load_module("suite")
    on = dataclasses.replace(off, row_taps_terms=ROW_TAPS_TERMS)
    float32 = np.dtype(np.float32).itemsize  # the benchmark's dtype
    taken = {False: [], True: []}
    for case in suite.CONVS:
        g = layer_geometry(case.x[1:3], case.w[:2], case.stride, case.padding, case.dilation)
        for s, chosen in ((off, taken[False]), (on, taken[True])):
            if use_row_taps(case.x, case.w, g.padding, g.output, g.stride, g.dilation, float32, s):
                chosen.append(case)
    assert off.row_taps_terms == 0 and not taken[False]  # off by default: no layer takes them
    assert taken[True] and all(c.w[0] * c.w[1] > 1 and c.stride == (1, 1) for c in taken[True])
    return {
        "terms": on.row_taps_terms,
        "extra": on.row_taps_extra,
        "layers": len(taken[True]),
        "of": len(suite.CONVS),
        "names": ", ".join(c.what for c in taken[True]),
    }


def load_module(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module (benchmarks/ is a folder of scripts, no package)."""
    spec = importlib.util.spec_from_file_location(f"convmap_bench_{name}", BENCH / f"{name}.py")
    if spec is None or spec.loader is None or not (BENCH / f"{name}.py").is_file():
        raise FileNotFoundError(f"benchmarks/{name}.py not found in {BENCH}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def bench_data(report: ModuleType) -> dict:
    """The committed run, ``benchmarks/results.json``; the build fails if it is unusable."""
    path = BENCH / "results.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the contributors' page shows that run")
    try:
        data = report.load(path)
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not valid JSON: {err}") from err
    keys = ("machine", "convs", "pools", "load_average_start", "load_average_end", "quick")
    missing = [key for key in keys if key not in data]
    if missing:
        raise ValueError(f"{path} lacks {missing}; run benchmarks/bench_conv.py again")
    return data


def state(value: bool | None) -> str:
    """A target's state as the section's words look it up: met, not_met or unknown."""
    return {True: "met", False: "not_met", None: "unknown"}[value]


def two_places(value: float | None) -> str | None:
    """A ratio with two decimals, or None when the run did not measure it."""
    return None if value is None else f"{value:.2f}"


def verdict_facts(report: ModuleType, data: dict) -> dict:
    """Which of the issue's targets the committed run met, and the ratios it shows."""
    v = report.targets(data)
    names = ("peers", "torch_every", "torch_med", "pools", "memory")
    return {
        "cases": len(data["convs"]) + len(data["pools"]),
        "noisy": len(v["noisy_cases"]),
        "state": {name: state(v[name]) for name in names},
        "torch_max": two_places(v["torch_max"]),
        "torch_median": two_places(v["torch_median"]),
        "pools_max": two_places(v["pools_max"]),
        "extra": two_places(v["b1080_extra_over_output"]),
        "limits": {name: f"{limit:g}" for name, limit in report.LIMITS.items()},
    }


def fault_facts(data: dict) -> dict | None:
    """PyTorch's page faults on the batch-1080 case, when keeping freed memory removes them."""
    big = next((r for r in data["convs"] if r["name"] == "qa1-b1080"), None)
    mal = data.get("b1080_malloc")
    if not (big and mal and "torch" in big["ratio"]):
        return None
    if mal["faults_per_call"]["torch"] >= big["faults_per_call"]["torch"] / 10:
        return None  # the explanation holds only when the faults all but vanish
    return {
        "torch": f"{big['faults_per_call']['torch']:,.0f}",
        "conv2d": f"{big['faults_per_call']['convmap']:,.0f}",
        "ratio": f"{big['ratio']['torch']:.2f}",
        "kept": f"{mal['ratio']['torch']:.2f}",
    }


def product_facts(report: ModuleType, data: dict) -> dict | None:
    """The products alone next to PyTorch (report.product_bounds), None when not measured."""
    b = report.product_bounds(data)
    if not b["measured"]:
        return None
    for r in report.product_rows(data):  # conv2d's time includes its own product
        assert r["own"] is None or r["conv2d"] >= r["own"], f"{r['name']}: GEMM > conv2d"
    return {
        "table": "\n".join(report.product_table(data)),
        "measured": b["measured"],
        "over_one": len(b["over_one"]),
        "least_median": two_places(b["least_median"]),
        "gap_median": two_places(b["gap_median"]),
        "summed": b["summed"],
        "sum_over_every": len(b["sum_over_every"]),
        "slow_copies": len(b["slow_copies"]),
        "slow_copy": report.SLOW_COPY,
    }


def control_facts(report: ModuleType, data: dict) -> dict | None:
    """The control, conv2d timed against itself (report.control_bounds); None if not run."""
    c = report.targets(data)["control"]
    if c is None:
        return None
    assert c["low"] <= c["median"] <= c["high"], "the control's median lies outside its rounds"
    return {
        "cases": c["cases"],
        "median": two_places(c["median"]),
        "low": two_places(c["low"]),
        "high": two_places(c["high"]),
    }


def bench_facts() -> dict:
    """The committed benchmark: machine, tables, targets, page faults, the loops' ratio."""
    report, suite = load_module("report"), load_module("suite")
    data = bench_data(report)
    convs, pools = {c.name: c for c in suite.CONVS}, {p.name: p for p in suite.POOLS}
    assert {r["name"] for r in data["convs"]} <= set(convs), "results.json: unknown layers"
    assert {r["name"] for r in data["pools"]} <= set(pools), "results.json: unknown pools"
    if not data["quick"]:
        assert len(data["convs"]) == len(convs) and len(data["pools"]) == len(pools)
    assert convs["qa1-b1080"].x[0] == SIGNS_TRAIN
    m = data["machine"]
    return {
        "convs": len(convs),
        "pools": len(pools),
        "machine": {key: m[key] for key in ("cpu", "simd", "cores_visible", "numpy", "torch")},
        "torch_threads": m["torch_threads"],
        "kernel_threads": m["kernel_threads"],
        "load_start": f"{data['load_average_start'][0]:.1f}",
        "load_end": f"{data['load_average_end'][0]:.1f}",
        "conv_table": "\n".join(report.conv_table(data)),
        "pool_table": "\n".join(report.pool_table(data)),
        "products": product_facts(report, data),
        "control": control_facts(report, data),
        "verdict": verdict_facts(report, data),
        "faults": fault_facts(data),
        "loops": f"{data['loops']['ratio']:,.0f}" if data.get("loops") else None,
        "signs": f"{SIGNS_TRAIN:,}",
    }


def facts() -> dict:
    """Compute the section's facts with convmap and the committed benchmark, asserted."""
    example_matches()
    before, after = same_pads()
    return {
        "before": before,
        "after": after,
        "speed": speed_facts(),
        "memory": memory_facts(),
        "tile": tile_facts(),
        "row_taps": row_tap_facts(),
        "bench": bench_facts(),
    }


def define(env) -> None:
    """Register this section's variables and figures with mkdocs-macros."""
    env.variables["fast"] = facts()
    env.macro(lambda: im2col_svg(lang=page_lang(env)), "fast_im2col_figure")
    env.macro(lambda: band_svg(*BAND, lang=page_lang(env)), "fast_band_figure")
