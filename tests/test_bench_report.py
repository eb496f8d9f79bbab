"""The benchmark's bookkeeping: noisy rounds dropped, ratios per round, honest targets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"convmap_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


measure = _module("measure")
report = _module("report")


def _run(ms: float, other: float | None, faults: float = 0.0):
    return measure.Run([ms / 1e3] * 3, other, faults)


def test_noisy_rounds_are_dropped_and_ratios_taken_within_a_round():
    comp = measure.Comparison(
        {
            "convmap": [_run(2, 0.1), _run(10, 1.5), _run(3, 0.2)],
            "torch": [_run(1, 0.0), _run(1, 0.1), _run(2, 0.3, 40)],
        },
        max_other=0.5,
    )
    assert comp.quiet_rounds() == [0, 2]
    s = comp.summary()
    assert s["quiet_rounds"] == 2 and not s["noisy"]
    assert abs(s["ratio"]["torch"] - (2.0 + 1.5) / 2) < 1e-12  # median of 2/1 and 3/2
    assert abs(s["ms"]["convmap"] - 2.5) < 1e-12
    assert s["faults_per_call"]["torch"] == 20
    assert abs(s["other_cpus_max"] - 1.5) < 1e-12
    assert s["ratio_range"]["torch"] == [1.5, 2.0]  # quiet rounds only: 2/1 and 3/2


def test_all_rounds_noisy_is_flagged():
    comp = measure.Comparison({"convmap": [_run(2, 1.0)], "torch": [_run(1, 0.9)]}, 0.5)
    assert comp.summary()["noisy"] and comp.quiet_rounds() == []


def _row(name, ms, noisy=False, extra=0.0, out=1.0):
    ratio = {k: ms["convmap"] / v for k, v in ms.items() if k != "convmap"}
    return {"name": name, "ms": ms, "ratio": ratio, "noisy": noisy,
            "extra_bytes": extra, "out_bytes": out}  # fmt: skip


def test_targets_follow_the_thresholds_and_refuse_noisy_runs():
    peers = {"plain": 2.0, "cs231n": 3.0, "numpy_ml": 4.0}
    convs = [
        _row("a", {"convmap": 1.0, **peers, "torch": 1.0}),
        _row("b", {"convmap": 1.4, **peers, "torch": 1.0}),
        _row("qa1-b1080", {"convmap": 1.0, **peers, "torch": 1.0}, extra=0.05),
    ]
    pools = [_row("p", {"convmap": 1.6, "torch": 1.0})]
    t = report.targets({"convs": convs, "pools": pools})
    assert t["peers"] is True and t["torch_every"] is True and t["torch_med"] is True
    assert t["pools"] is False and abs(t["pools_max"] - 1.6) < 1e-12
    assert t["memory"] is True and t["noisy_cases"] == []
    convs[1]["noisy"] = True
    t = report.targets({"convs": convs, "pools": pools})
    assert t["noisy_cases"] == ["b"]
    assert t["peers"] is None and t["torch_every"] is None and t["pools"] is None
    assert t["memory"] is True  # memory is not a timing
    convs[1]["noisy"] = False
    convs[1]["ms"]["convmap"] = 2.5  # slower than plain (2.0)
    convs[1]["ratio"] = {k: 2.5 / v for k, v in convs[1]["ms"].items() if k != "convmap"}
    t = report.targets({"convs": convs, "pools": pools})
    assert t["peers"] is False and t["torch_every"] is False
    assert t["peer_losses"] == ["b"] and t["peer_ties"] == []
    convs[1]["ratio_range"] = {"plain": [0.98, 1.4]}  # one round won: reported as a tie
    t = report.targets({"convs": convs, "pools": pools})
    assert t["peers"] is False and t["peer_ties"] == ["b"]
    text = report._losses(t)
    assert text == " (slower on b; at least as fast in some round on b)"


def test_the_control_reads_a_small_loss_as_a_tie():
    """report's control: convmap timed against itself bounds what a ratio can tell apart."""
    peers = {"plain": 2.0, "cs231n": 3.0, "numpy_ml": 4.0}
    convs = [
        _row("a", {"convmap": 2.1, **peers, "convmap_again": 2.0}),  # 1.05 to plain
        _row("b", {"convmap": 2.4, **peers, "convmap_again": 2.4}),  # 1.20 to plain
    ]
    convs[0]["ratio_range"] = {"plain": [1.01, 1.09], "convmap_again": [0.93, 1.08]}
    convs[1]["ratio_range"] = {"plain": [1.15, 1.25], "convmap_again": [0.97, 1.04]}
    pools = [_row("p", {"convmap": 1.0, "torch": 1.0, "convmap_again": 0.8})]
    pools[0]["ratio_range"] = {"convmap_again": [1.10, 1.30]}
    t = report.targets({"convs": convs, "pools": pools})
    assert t["peer_losses"] == ["a", "b"] and t["peer_within_control"] == ["a"]
    assert t["peers"] is False  # a tie is still not "no slower"
    c = t["control"]
    assert c["cases"] == 3 and c["median"] == 1.05 and (c["low"], c["high"]) == (0.93, 1.30)
    assert c["farthest"] == {"name": "p", "ratio": 1.25}
    assert report._losses(t).endswith("in its worst round on a)")
    text = "\n".join(report.control_section(t))
    assert "the median of its ratios is 1.05, the farthest from 1 is 1.25 (p)" in text
    assert "single rounds from 0.93 to 1.30" in text
    shown = {**convs[0], "what": "A", "faults_per_call": {"convmap": 0}, "quiet_rounds": 5,
             "rounds": 5, "other_cpus_median": 0.0}  # fmt: skip
    table = report.conv_table({"convs": [shown]})
    assert "| 1.05; 0.93-1.08 |" in table[2]
    no_control = [_row("a", {"convmap": 1.0, **peers})]
    assert report.targets({"convs": no_control, "pools": []})["control"] is None
    assert report.control_section({"control": None}) == []


def test_compare_settings_checks_its_arguments_and_runs_a_variant(capsys):
    import pytest

    sys.path.insert(0, str(BENCH))  # the script imports its neighbours by name
    try:
        compare_settings = _module("compare_settings")
        with pytest.raises(SystemExit):
            compare_settings.main(["--only", "no-such-case"])
        assert "unknown case(s) ['no-such-case']" in capsys.readouterr().err
        with pytest.raises(SystemExit):
            compare_settings.main(["--variants", '{"a": 3}'])
        assert "--variants must map names to objects" in capsys.readouterr().err
        with pytest.raises(TypeError, match="unexpected keyword argument 'tiles'"):
            compare_settings.main(["--only", "qa2-b1", "--variants", '{"a": {"tiles": 1}}'])
        args = ["--only", "qa2-b1", "--rounds", "1", "--run-seconds", "0.001", "--pause", "0"]
        assert compare_settings.main([*args, "--variants", '{"plain": {"tile": 1}}']) == 0
        line = capsys.readouterr().out
        assert line.startswith("qa2-b1: default ") and "; plain " in line and "/cs231n " in line
    finally:
        sys.path.remove(str(BENCH))


def test_the_dropped_alternatives_compute_the_convolution(tmp_path, capsys):
    """Winograd F(2x2, 3x3) and polyphase dilation against conv2d_loops, then one quick run."""
    import numpy as np

    from convmap import conv2d_loops

    sys.path.insert(0, str(BENCH))
    try:
        alt = _module("alternatives")
        rng = np.random.default_rng(3)
        for n, h, w_, c, o, pads in [
            (2, 7, 6, 3, 4, ((1, 1), (1, 1))),  # odd output: the last tile is cropped
            (1, 5, 9, 2, 5, ((0, 0), (2, 1))),
            (1, 4, 4, 1, 1, ((0, 0), (0, 0))),
        ]:
            x = rng.standard_normal((n, h, w_, c)).astype(np.float32)
            k = rng.standard_normal((3, 3, c, o)).astype(np.float32)
            want = conv2d_loops(x, k, padding=pads)
            np.testing.assert_allclose(alt.winograd(x, k, pads), want, rtol=1e-5, atol=1e-5)
            for d in (2, 3):
                if min(h + sum(pads[0]), w_ + sum(pads[1])) > d * 2:
                    want = conv2d_loops(x, k, padding=pads, dilation=d)
                    got = alt.polyphase(x, k, pads, d)
                    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        out = tmp_path / "alt.json"
        args = ["--only", "c32-b1,dil2,7x7s2,5x5-valid", "--rounds", "1"]
        args += ["--run-seconds", "0.001"]
        assert alt.main([*args, "--pause", "0", "--parts", "--json", str(out)]) == 0
        text = capsys.readouterr().out
        assert "| 3x3 32->64 on 32x32, batch 1 | winograd |" in text and "| polyphase |" in text
        assert "| 7x7/2 3->64 on 224x224, batch 1 | row phases |" in text
        assert "16 products" in text and "GEMMs alone" in text
        cases = json.loads(out.read_text())["cases"]
        torch = {"torch"} & set(cases[0]["ms"])  # PyTorch runs beside them when installed
        others = [set(r["convmap_over"]) - torch for r in cases]
        exact = {"row phases", alt.GEMMS_ALONE}  # no row taps at stride 2
        taps = {*exact, "row taps", "no row taps"}
        assert others == [{"winograd"}, {"polyphase"}, exact, taps]  # in --only's order
    finally:
        sys.path.remove(str(BENCH))


# Layers the exact-product layouts must get right: odd widths (the last column group
# is cropped), asymmetric pads, strides wider and narrower than the kernel, row
# dilation, a kernel as wide as the padded input, a single output column.
_LAYOUT_CASES = [
    # (n, h, w, c, c_out, kh, kw, stride, row dilation, pads)
    (2, 7, 9, 3, 4, 3, 3, (1, 1), 1, ((1, 1), (1, 1))),
    (1, 6, 11, 2, 3, 2, 5, (1, 2), 1, ((0, 1), (2, 0))),
    (1, 9, 10, 1, 2, 4, 2, (3, 3), 2, ((1, 2), (0, 1))),
    (3, 5, 5, 2, 2, 3, 1, (2, 4), 1, ((0, 0), (0, 0))),  # a stride wider than the kernel
    (1, 8, 4, 2, 5, 2, 4, (1, 1), 3, ((0, 0), (0, 0))),  # one output column
    (1, 13, 13, 3, 2, 11, 11, (4, 4), 1, ((1, 1), (1, 1))),
]


@pytest.mark.parametrize("n, h, w_, c, o, kh, kw, stride, dh, pads", _LAYOUT_CASES)
def test_the_exact_product_layouts_compute_the_convolution(
    n, h, w_, c, o, kh, kw, stride, dh, pads
):
    """Row phases (benchmarks/gemm_layouts.py) against conv2d_loops."""
    import numpy as np

    from convmap import conv2d_loops

    layouts = _module("gemm_layouts")
    rng = np.random.default_rng(kh * 100 + kw)
    x = rng.standard_normal((n, h, w_, c)).astype(np.float32)
    k = rng.standard_normal((kh, kw, c, o)).astype(np.float32)
    want = conv2d_loops(x, k, stride=stride, padding=pads, dilation=(dh, 1))
    args = (x, k, pads, stride, (dh, 1), want.shape[1:3])
    np.testing.assert_allclose(layouts.row_phases(*args), want, rtol=1e-5, atol=1e-4)
    with pytest.raises(ValueError, match="dilation must be 1 along the width"):
        layouts.row_phases(x, k, pads, stride, (dh, 2), want.shape[1:3])


def test_the_products_alone_are_set_beside_pytorch():
    """report.product_rows / product_bounds on hand-made times (ratios worked out by hand)."""

    def conv(name, torch=None, **ms):
        row = {"name": name, "what": name.upper(), "ms": {"convmap": 3.0, **ms}, "ratio": {}}
        if torch is not None:
            row["ms"]["torch"], row["ratio"]["torch"] = torch, 3.0 / torch
        return row

    data = {"convs": [
        # own 2.0, plain 1.5; copy 0.5 (2.5x its fill): own and copy 2.5
        # the copy then the GEMM 7.5: 1.5x the two apart (4.0 + 1.0)
        conv("a", 2.0, gemm_only=4.0, plain_gemm=3.0, torch_gemm=1.0, window_copy=1.0, fill=0.4,
             copy_then_gemm=7.5),  # fmt: skip
        # own 0.5, plain 1.5; copy 0.25 (1.25x its fill): own and copy 0.75
        conv("b", 4.0, gemm_only=2.0, plain_gemm=6.0, torch_gemm=3.0, window_copy=1.0, fill=0.8),
        conv("c", 1.0, gemm_only=1.6, plain_gemm=1.7),  # no torch.matmul: no gap
        conv("d", gemm_only=1.0, plain_gemm=1.0),  # no PyTorch at all: left out
        conv("e", 2.0),  # matrices over 200 MB: no products
    ]}  # fmt: skip
    rows = {r["name"]: r for r in report.product_rows(data)}
    assert set(rows) == {"a", "b", "c", "e"}
    assert (rows["a"]["own"], rows["a"]["plain"], rows["a"]["least"]) == (2.0, 1.5, 1.5)
    assert (rows["a"]["torch_gemm"], rows["a"]["blas_gap"]) == (0.5, 3.0)
    assert (rows["b"]["least"], rows["b"]["blas_gap"]) == (0.5, 2.0)
    assert rows["c"]["blas_gap"] is None and rows["e"]["least"] is None
    assert (rows["a"]["copy"], rows["a"]["own_and_copy"], rows["a"]["copy_over_fill"]) == (
        0.5, 2.5, 2.5,
    )  # fmt: skip
    assert (rows["b"]["copy"], rows["b"]["own_and_copy"], rows["b"]["copy_over_fill"]) == (
        0.25, 0.75, 1.25,
    )  # fmt: skip
    assert rows["c"]["copy"] is None and rows["c"]["own_and_copy"] is None
    b = report.product_bounds(data)
    assert b["measured"] == 3 and b["over_every"] == ["c"]  # 1.5 is within the limit
    assert b["over_one"] == ["a", "c"] and b["least_median"] == 1.5
    assert b["gap_median"] == 2.5 and b["gap_range"] == [2.0, 3.0]
    assert (b["summed"], b["sum_over_every"], b["slow_copies"]) == (2, ["a"], ["a"])
    assert rows["a"]["in_turn"] == 1.5 and rows["b"]["in_turn"] is None  # b: not timed
    assert (b["turn_median"], b["turn_range"]) == (1.5, [1.5, 1.5])
    table = report.product_table(data)
    assert table[1] == "|---|" + "---:|" * 9
    assert table[2] == "| A | 1.50 | 2.00 | 1.50 | 0.50 | 3.00 | 0.50 | 2.50 | 2.50 | 1.50 |"
    assert table[-1] == "| E | 1.50 | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"
    text = "\n".join(report.product_section(data))
    assert "on 1 of 3 shapes (c), and more than all of it on 2 (a, c)" in text
    assert "takes 2.50 times as long as torch.matmul" in text
    assert "more than 1.5x PyTorch's whole convolution on 1 of 2 shapes (a)" in text
    assert "the copy takes more than 1.5x a fill of the same bytes on 1 (a)." in text
    assert "took 1.50 times as long as the two timed apart at the median (1.50 to 1.50)" in text
    older = {"convs": [conv("b", 4.0, gemm_only=2.0, plain_gemm=6.0, torch_gemm=3.0)]}
    rule, row = report.product_table(older)[1:]
    assert (rule, row) == (
        "|---|---:|---:|---:|---:|---:|",
        "| B | 0.75 | 0.50 | 1.50 | 0.75 | 2.00 |",
    )
    assert "window copy" not in "\n".join(report.product_section(older))  # a run before them
    assert report.product_section({"convs": [conv("e", 2.0)]}) == []


@pytest.mark.parametrize("name", ["dil2", "s2", "qa2-b1", "11x11-8"])
def test_the_timed_products_are_the_convolution(name):
    """bench_conv.product_calls: each timed product computes the layer's outputs, the
    timed window copy builds conv2d's im2col matrix and the fill writes as many bytes."""
    import numpy as np

    from convmap import conv2d_loops, layer_geometry

    sys.path.insert(0, str(BENCH))
    try:
        bench, suite = _module("bench_conv"), _module("suite")
        case = next(c for c in suite.CONVS if c.name == name)
        x, w = bench.operands(case.x, case.w)
        want = conv2d_loops(x, w, stride=case.stride, padding=case.padding,
                            dilation=case.dilation)  # fmt: skip
        n, oh, ow, c_out = want.shape
        tile, calls = bench.product_calls(case, x, w)
        plain = calls["plain_gemm"]().reshape(want.shape)
        np.testing.assert_allclose(plain, want, rtol=1e-4, atol=1e-3)
        banded = calls["gemm_only"]().reshape(n, oh, -1, c_out)  # whole tiles only
        assert banded.shape[2] == ow // min(tile, ow) * min(tile, ow)
        np.testing.assert_allclose(banded, want[:, :, : banded.shape[2]], rtol=1e-4, atol=1e-3)
        g = layer_geometry(case.x[1:3], case.w[:2], case.stride, case.padding, case.dilation)
        cols, _ = bench._im2col(x, w, g, tile)  # conv2d's matrix, copied by NumPy
        np.testing.assert_array_equal(calls["window_copy"]().reshape(cols.shape), cols)
        blank = calls["fill"]()
        assert blank.size == cols.size and (blank == 1.0).all()
        np.testing.assert_array_equal(calls["copy_then_gemm"](), calls["gemm_only"]())
        if calls["torch_gemm"] is None:
            assert bench.peers.torch is None
        else:
            got = calls["torch_gemm"]().numpy().reshape(want.shape)
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-3)
    finally:
        sys.path.remove(str(BENCH))


def test_the_instruction_table_and_its_arguments(monkeypatch):
    """instructions.py: ratios of counted instructions (by hand), and refused arguments."""
    sys.path.insert(0, str(BENCH))
    instructions = _module("instructions")
    counts = {"convmap": 3e6, "plain": 4e6, "cs231n": 2.5e6, "numpy_ml": 6e6, "torch": 1.5e6}
    row = {"what": "A", "libraries": {k: {"per_call": v, "spread": 1.0} for k, v in counts.items()}}
    row["libraries"]["plain"]["spread"] = 1.016
    last = instructions.table([row]).splitlines()[-1]
    assert last == "| A | 3.000 | 4.000 | 2.500 | 6.000 | 1.500 | 1.200 (cs231n) | 2.00 | 1.016 |"
    del row["libraries"]["torch"]
    assert (
        instructions.table([row])
        .splitlines()[-1]
        .endswith("| n/a | 1.200 (cs231n) | n/a | 1.016 |")
    )
    totals = iter([100, 130, 100, 128, 100, 132])  # 3 repeats of 2 calls: 15, 14, 16 each
    monkeypatch.setattr(instructions, "count", lambda *args: next(totals))
    got = instructions.per_call("1x1", "convmap", 2, Path("."), repeats=3)
    assert got == {"runs": [15.0, 14.0, 16.0], "per_call": 15.0, "spread": 16 / 14}
    with pytest.raises(SystemExit, match="unknown case"):
        instructions.main(["--only", "nope"])
    with pytest.raises(SystemExit, match="--calls and --repeats must be at least 1, got 0, 2"):
        instructions.main(["--calls", "0"])
    with pytest.raises(SystemExit, match="at least 1, got 2, 0"):
        instructions.main(["--repeats", "0"])


def test_the_pool_column_tables_and_arguments():
    """pool_columns.py: its shapes are SAME geometry, its tables, and refused arguments."""
    sys.path.insert(0, str(BENCH))
    pool_columns = _module("pool_columns")
    rows, geometry = pool_columns.rows_for(3, 2, 4, 1000, np.random.default_rng(0))
    assert rows.shape == (1, 4, 56, 4) and geometry == (3, 2, 0, 28)  # 1000 // (56 * 4) rows
    assert pool_columns.rows_for(4, 1, 1, 10, np.random.default_rng(0))[1] == (4, 1, 1, 56)
    row = {
        "kernel": 3, "stride": 2, "channels": 8, "reduce": "max", "shifted_us": 50.0,
        "taps_us": 100.0, "shifted_over_taps": 0.5, "range": [0.45, 0.55],
        "rule_shifts": False, "rule_right": False,
    }  # fmt: skip
    assert pool_columns.table([row]).splitlines()[-1] == (
        "| 3/2 | 8 | max | 50.0 | 100.0 | 0.50 (0.45-0.55) | taps (wrong) |"
    )
    pool = {"pool": "P", "threads": 2, "shifted_us": 30.0, "taps_us": 20.0}
    pool.update(shifted_over_taps=1.5, range=[1.4, 1.6])
    assert pool_columns.pool_table([pool]).splitlines()[-1] == (
        "| P | 2 | 30.0 | 20.0 | 1.50 (1.40-1.60) |"
    )
    with pytest.raises(SystemExit, match="at least 1, got 0, 200000"):
        pool_columns.main(["--rounds", "0"])
    with pytest.raises(SystemExit, match=r"unknown \['mean'\]"):
        pool_columns.main(["--reduce", "max,mean"])


def test_the_machine_section_names_the_environment_the_run_had():
    """report._environment: only the variables that were set, as `NAME=value`."""
    unset = {"env": {"OPENBLAS_CORETYPE": None, "OMP_NUM_THREADS": None}}
    assert report._environment(unset) == [] and report._environment({}) == []
    chosen = {"env": {"OPENBLAS_CORETYPE": "SKYLAKEX", "OMP_NUM_THREADS": None}}
    assert report._environment(chosen) == ["- Environment: `OPENBLAS_CORETYPE=SKYLAKEX`"]


def test_a_narrow_openblas_kernel_on_an_avx512_cpu_is_pointed_out():
    """report._narrow_blas: Haswell's kernel on AVX-512 is named; a matching kernel is not."""
    blas = [{"internal_api": "openblas", "architecture": "Haswell", "user_api": "blas"}]
    (line,) = report._narrow_blas({"simd": "AVX-512", "blas": blas})
    assert "its Haswell kernel" in line and "OPENBLAS_CORETYPE=SKYLAKEX" in line
    assert report._narrow_blas({"simd": "AVX2", "blas": blas}) == []  # Haswell is right there
    wide = [{"internal_api": "openblas", "architecture": "SkylakeX", "user_api": "blas"}]
    assert report._narrow_blas({"simd": "AVX-512, AMX", "blas": wide}) == []
    assert report._narrow_blas({"simd": "AVX-512", "blas": []}) == []
