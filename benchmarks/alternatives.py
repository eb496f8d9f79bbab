"""Algorithms tried against conv2d and not adopted, measured side by side.

* **Winograd F(2x2, 3x3)** for 3 x 3 stride-1 layers: 16 matrix products of
  (tiles x in) @ (in x out) replace the im2col product, 2.25x fewer
  multiply-adds. The input and output transforms are NumPy additions over
  strided views; the script times them apart (``--parts``), because they,
  not the products, decide the result.
* **Polyphase dilation**: a stride-1 layer with dilation ``d`` is ``d * d``
  undilated layers on the input's phases ``x[p::d, q::d]``, run as one
  batch through conv2d, their outputs interleaved back.
* **Row phases** (`gemm_layouts`): an im2col layout with no wasted
  multiplication, one strided GEMM per phase of output columns. ``--parts``
  times its GEMMs alone: the product conv2d's banded tiles approximate, with
  nothing else around it.
* **Row taps**, adopted: at stride 1, conv2d's `convmap.kernel.row_taps`
  (products on the padded input itself, no im2col) forced on every layer it
  can compute, and conv2d with it switched off, so that the rule that picks it
  (``KernelSettings.row_taps_*``) can be checked against both.

All are checked against conv2d before they are timed, and PyTorch (when
installed) runs beside them, so that a GEMM alone can be set against its whole
convolution in the same rounds. Runs are interleaved and rotated as in
bench_conv.py (`measure.compare`); ratios are per-round medians, conv2d's time
over the other's (above 1: the other is faster). Prints a table and writes JSON.

    python benchmarks/alternatives.py --rounds 5 --parts"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gemm_layouts  # noqa: E402
import numpy as np  # noqa: E402
import peers  # noqa: E402
import suite  # noqa: E402
from bench_conv import blas_info, machine, operands, product_calls  # noqa: E402
from measure import compare, timed_run  # noqa: E402
from peers import as_nhwc, conv_calls, pads_of  # noqa: E402

from convmap import conv2d, layer_geometry  # noqa: E402
from convmap.kernel import use_settings  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "alternatives.json"

#: Winograd F(2x2, 3x3)'s matrices (Lavin and Gray, 2016): Y = A^T [(G g G^T) * (B^T d B)] A.
_G = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]])


def _pair_rows(u: np.ndarray, axis: int, out: np.ndarray) -> None:
    """B^T along ``axis`` of ``u`` (4 overlapping taps of step 2) into ``out[0..3]``."""
    n_tiles = out.shape[axis + 1]

    def tap(i: int) -> np.ndarray:
        index = [slice(None)] * u.ndim
        index[axis] = slice(i, i + 2 * n_tiles, 2)
        return u[tuple(index)]

    t0, t1, t2, t3 = (tap(i) for i in range(4))
    np.subtract(t0, t2, out=out[0])
    np.add(t1, t2, out=out[1])
    np.subtract(t2, t1, out=out[2])
    np.subtract(t1, t3, out=out[3])


def winograd_input(x: np.ndarray, pads, tiles_hw) -> np.ndarray:
    """Padded tiles of 4 x 4 at step 2, transformed: ``(4, 4, n, tiles_h, tiles_w, c)``."""
    (top, _), (left, _) = pads
    n, h, w, c = x.shape
    th, tw = tiles_hw
    xp = np.zeros((n, 2 * th + 2, 2 * tw + 2, c), np.float32)
    xp[:, top : top + h, left : left + w] = x
    cols = np.empty((4, n, 2 * th + 2, tw, c), np.float32)  # columns first: rows are long runs
    _pair_rows(xp, 2, cols)
    v = np.empty((4, 4, n, th, tw, c), np.float32)
    for j in range(4):
        _pair_rows(cols[j], 1, v[:, j])
    return v


def winograd_products(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The 16 products of the transformed tiles with the transformed weights."""
    c_in, c_out = w.shape[2:]
    u = np.einsum("ai,ijco,bj->abco", _G, w.astype(np.float64), _G).astype(np.float32)
    m = np.matmul(v.reshape(16, -1, c_in), u.reshape(16, c_in, c_out))
    return m.reshape(4, 4, *v.shape[2:5], c_out)


def winograd_output(m: np.ndarray, out_hw) -> np.ndarray:
    """A^T m A for every tile, interleaved into ``(n, out_h, out_w, out)``."""
    _, _, n, th, tw, c_out = m.shape
    rows = np.empty((2, 4, n, th, tw, c_out), np.float32)
    np.add(m[0], m[1], out=rows[0])
    rows[0] += m[2]
    np.subtract(m[1], m[2], out=rows[1])
    rows[1] -= m[3]
    y = np.empty((n, th, 2, tw, 2, c_out), np.float32)
    for a in range(2):
        t, y0, y1 = rows[a], y[:, :, a, :, 0], y[:, :, a, :, 1]
        np.add(t[0], t[1], out=y0)
        y0 += t[2]
        np.subtract(t[1], t[2], out=y1)
        y1 -= t[3]
    oh, ow = out_hw
    return y.reshape(n, 2 * th, 2 * tw, c_out)[:, :oh, :ow]


def winograd(x: np.ndarray, w: np.ndarray, pads) -> np.ndarray:
    """A 3 x 3 stride-1 undilated float32 convolution by Winograd F(2x2, 3x3)."""
    if w.shape[:2] != (3, 3):
        raise ValueError(f"winograd takes a 3 x 3 kernel, got w of shape {w.shape}")
    out_hw, tiles = winograd_shape(x, pads)
    return winograd_output(winograd_products(winograd_input(x, pads, tiles), w), out_hw)


def winograd_shape(x: np.ndarray, pads) -> tuple[tuple[int, int], tuple[int, int]]:
    """The 3 x 3 layer's output ``(h, w)`` and its tiles of 2 x 2 outputs ``(rows, cols)``."""
    (top, bottom), (left, right) = pads
    out_hw = (x.shape[1] + top + bottom - 2, x.shape[2] + left + right - 2)
    return out_hw, (-(-out_hw[0] // 2), -(-out_hw[1] // 2))


def polyphase(x: np.ndarray, w: np.ndarray, pads, d: int) -> np.ndarray:
    """A stride-1 convolution with dilation ``d`` as one batch of undilated ones."""
    (top, bottom), (left, right) = pads
    n, h, wd, c = x.shape
    kh, kw, _, c_out = w.shape
    oh = h + top + bottom - d * (kh - 1)
    ow = wd + left + right - d * (kw - 1)
    ph, pw = -(-oh // d), -(-ow // d)  # each phase's output; rows past the end are cropped
    hp, wp = d * (ph + kh - 1), d * (pw + kw - 1)
    xp = np.zeros((n, hp, wp, c), x.dtype)
    xp[:, top : top + h, left : left + wd] = x
    phases = xp.reshape(n, hp // d, d, wp // d, d, c).transpose(2, 4, 0, 1, 3, 5)
    y = conv2d(phases.reshape(d * d * n, hp // d, wp // d, c), w)
    y = y.reshape(d, d, n, ph, pw, c_out).transpose(2, 3, 0, 4, 1, 5)
    return y.reshape(n, d * ph, d * pw, c_out)[:, :oh, :ow]


def _row_args(case, x: np.ndarray, w: np.ndarray) -> tuple:
    """The arguments of `gemm_layouts`' functions for one case, geometry from convmap."""
    g = layer_geometry(case.x[1:3], case.w[:2], case.stride, case.padding, case.dilation)
    return x, w, g.padding, case.stride, case.dilation, g.output


def _row_calls(case, x: np.ndarray, w: np.ndarray) -> dict:
    """Row phases; at stride 1, conv2d's row taps forced on and conv2d with them off."""
    args = _row_args(case, x, w)
    calls = {"row phases": lambda: gemm_layouts.row_phases(*args)}
    if case.stride == (1, 1):
        layer = {"stride": case.stride, "padding": case.padding, "dilation": case.dilation}
        calls["row taps"] = _with(ROW_TAPS_ON, lambda: conv2d(x, w, **layer))
        calls["no row taps"] = _with({"row_taps_terms": 0}, lambda: conv2d(x, w, **layer))
    return calls


#: conv2d's row taps (convmap.kernel.row_taps) on every layer they can compute.
ROW_TAPS_ON = {"row_taps_terms": 1, "row_taps_extra": 10**6, "row_taps_bytes": 1 << 30}


def _with(changes: dict, func):
    """``func`` run under ``use_settings(**changes)``."""

    def call():
        with use_settings(**changes):
            return func()

    return call


#: Suite cases each alternative applies to: 3 x 3 stride 1 (Winograd), dilation > 1
#: (polyphase), width dilation 1 (row phases; row taps also need stride 1).
WINOGRAD_CASES = ("c32-b16", "c32-b1", "c128", "c64-56")
POLYPHASE_CASES = ("dil2",)
ROW_CASES = ("c64-56", "c128", "c32-b16", "5x5-valid", "7x7s2", "11x11-8")
CASES = tuple(dict.fromkeys((*WINOGRAD_CASES, *POLYPHASE_CASES, *ROW_CASES)))


def alternative_calls(case, x: np.ndarray, w: np.ndarray) -> dict:
    """conv2d, every alternative that applies and PyTorch (if installed), checked against conv2d."""
    pads = pads_of(case)
    calls = {
        "convmap": lambda: conv2d(
            x, w, stride=case.stride, padding=case.padding, dilation=case.dilation
        )
    }
    if case.name in WINOGRAD_CASES:
        calls["winograd"] = lambda: winograd(x, w, pads)
    if case.name in POLYPHASE_CASES:
        calls["polyphase"] = lambda: polyphase(x, w, pads, case.dilation[0])
    if case.name in ROW_CASES:
        calls.update(_row_calls(case, x, w))
    want = calls["convmap"]()
    scale = float(np.abs(want).max())
    for name, run in calls.items():
        if name != "convmap":
            got = run()
            np.testing.assert_allclose(got, want, 0, 1e-5 * scale, err_msg=f"{name} {case.name}")
    torch = conv_calls(case, x, w)["torch"]
    if torch is not None:
        np.testing.assert_allclose(as_nhwc(torch()), want, rtol=0, atol=1e-5 * scale)
        calls["torch"] = torch
    return calls


def winograd_parts(case, x: np.ndarray, w: np.ndarray, run_seconds: float) -> dict:
    """Median milliseconds of Winograd's three steps, and of conv2d's own GEMM alone.

    The GEMM is conv2d's product on its own (banded) im2col matrix, built before timing
    (bench_conv.product_calls).
    """
    pads = pads_of(case)
    out_hw, tiles = winograd_shape(x, pads)
    v = winograd_input(x, pads, tiles)
    m = winograd_products(v, w)
    steps = {
        "input transform": lambda: winograd_input(x, pads, tiles),
        "16 products": lambda: winograd_products(v, w),
        "output transform": lambda: winograd_output(m, out_hw),
        "conv2d's GEMM alone": product_calls(case, x, w)[1]["gemm_only"],
    }
    return {k: timed_run(f, run_seconds).median * 1e3 for k, f in steps.items() if f is not None}


def row_phase_parts(case, x: np.ndarray, w: np.ndarray, run_seconds: float) -> dict:
    """Median milliseconds of row phases' copy, its GEMMs alone (no wasted product), its crop."""
    steps = gemm_layouts.row_phase_steps(*_row_args(case, x, w))
    return {k: timed_run(f, run_seconds).median * 1e3 for k, f in steps.items()}


#: The callable that times row phases' GEMMs on a buffer filled once: no copy, no crop.
GEMMS_ALONE = "row phases' GEMMs alone"


def _gemms_alone(case, x: np.ndarray, w: np.ndarray):
    steps = gemm_layouts.row_phase_steps(*_row_args(case, x, w))
    steps["one copy"]()
    return steps["GEMMs alone"]


def measure(names, rounds: int, run_seconds: float, pause: float, parts: bool) -> list[dict]:
    """One record per case: each callable's time, conv2d's time over it and that ratio's range."""
    by_name = {c.name: c for c in suite.CONVS}
    records = []
    for name in names:
        case = by_name[name]
        x, w = operands(case.x, case.w)
        calls = alternative_calls(case, x, w)
        if name in ROW_CASES:  # the exact product alone, in the same rounds as PyTorch
            calls[GEMMS_ALONE] = _gemms_alone(case, x, w)
        summary = compare(calls, rounds, run_seconds, pause, 0.5).summary()
        record = {
            "case": name,
            "what": case.what,
            "ms": summary["ms"],
            "convmap_over": summary["ratio"],
            "range": summary["ratio_range"],
            "quiet_rounds": summary["quiet_rounds"],
            "rounds": summary["rounds"],
        }
        if parts and name in WINOGRAD_CASES:
            record["winograd_parts_ms"] = winograd_parts(case, x, w, run_seconds)
        if parts and name in ROW_CASES:
            record["row_phases_parts_ms"] = row_phase_parts(case, x, w, run_seconds)
        records.append(record)
    return records


def _parts(record: dict, name: str) -> str:
    if name == GEMMS_ALONE and "torch" in record["ms"]:
        ms = record["ms"]
        return f"its time / torch's whole convolution {ms[name] / ms['torch']:.2f}"
    key = {"winograd": "winograd_parts_ms", "row phases": "row_phases_parts_ms"}.get(name)
    return "; ".join(f"{k} {v:.3f}" for k, v in record.get(key, {}).items()) or "-"


def table(records: list[dict]) -> str:
    """The records as a Markdown table, a row per case and callable (above 1: it beats conv2d)."""
    lines = [
        "| case | callable | ms | convmap / callable | parts (ms) | quiet rounds |",
        "|---|---|---:|---:|---|---:|",
    ]
    for r in records:
        quiet = f"{r['quiet_rounds']}/{r['rounds']}"  # 0: every round noisy, all of them used
        lines.append(f"| {r['what']} | convmap | {r['ms']['convmap']:.3f} | 1 | - | {quiet} |")
        for name, ratio in r["convmap_over"].items():
            low, high = r["range"][name]
            lines.append(
                f"| {r['what']} | {name} | {r['ms'][name]:.3f} | {ratio:.2f}; "
                f"{low:.2f}-{high:.2f} | {_parts(r, name)} | {quiet} |"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    known = CASES
    parser.add_argument("--only", help=f"comma-separated cases of {', '.join(known)}")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--run-seconds", type=float, default=0.25)
    parser.add_argument("--pause", type=float, default=0.15, help="seconds between libraries")
    parser.add_argument("--parts", action="store_true", help="also time the steps apart")
    parser.add_argument("--json", type=Path, default=OUT, help=f"where to write (default {OUT})")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; known: {', '.join(known)}")
    records = measure(names, args.rounds, args.run_seconds, args.pause, args.parts)
    print(table(records))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    command = " ".join(["python benchmarks/alternatives.py", *(argv or sys.argv[1:])])
    torch = peers.torch.__version__ if peers.torch is not None else None
    cpu = {key: machine()[key] for key in ("cpu", "simd", "cores_visible")}
    meta = {**cpu, "numpy": np.__version__, "torch": torch, "blas": blas_info(), "command": command}
    args.json.write_text(json.dumps({"meta": meta, "cases": records}, indent=1) + "\n")
    medians = {
        k: statistics.median(r["convmap_over"][k] for r in records if k in r["convmap_over"])
        for k in dict.fromkeys(k for r in records for k in r["convmap_over"])
    }
    print(f"wrote {args.json}; median convmap / callable: {medians}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
