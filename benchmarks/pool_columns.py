"""A pool's column pass two ways: tap by tap on strided views, and shifted whole rows.

Checks the rule `convmap.kernel.pool_columns.shifting_pays` (and its constant
``KernelSettings.pool_shift_channels``) against measurement: for a grid of
window, stride and channel counts, both column passes run on the same row-pass
result (about ``--values`` values, the size of one run of images in a pool),
interleaved and rotated (`measure.compare`). The ratio is shifted time over
tap-by-tap time (below 1: shifting is faster); "rule" says which one the
rule picks with ``pool_shift_channels=8``. Then whole max pools run through
`convmap.max_pool2d` with shifting forced on and off, on one thread and on
two, and the time `WORKERS.share` takes to hand nothing to two threads.
Prints tables and writes JSON.

    python benchmarks/pool_columns.py --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from bench_conv import machine  # noqa: E402
from measure import compare  # noqa: E402

from convmap import max_pool2d, output_size, padding_amounts  # noqa: E402
from convmap.kernel import KernelSettings, use_settings  # noqa: E402
from convmap.kernel.pool_columns import shifted_columns, shifting_pays  # noqa: E402
from convmap.kernel.pooling import _reduce_axis  # noqa: E402
from convmap.kernel.threads import WORKERS, worker_count  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "pool_columns.json"
#: Whole max pools (input NHWC, window, stride, padding): the suite's three, then few channels.
POOLS = [
    ((64, 64, 64, 8), 8, 8, "same"),
    ((64, 8, 8, 16), 4, 4, "same"),
    ((8, 56, 56, 64), 3, 2, "same"),
    ((1, 64, 64, 8), 8, 8, "same"),
    ((16, 32, 32, 3), 2, 2, "valid"),
    ((4, 112, 112, 16), 3, 2, "same"),
]
WINDOWS = [(2, 2), (3, 1), (3, 2), (4, 4), (8, 8)]
CHANNELS = [1, 3, 8, 16, 64, 256]
UFUNCS = {"max": np.maximum, "sum": np.add}


def rows_for(kernel: int, stride: int, channels: int, values: int, rng) -> tuple:
    """A row-pass result of about ``values`` values and its SAME column geometry."""
    width = 56  # as the benchmark's 3 x 3 / 2 pool (56 x 56 x 64)
    count = max(1, values // (width * channels))
    rows = rng.standard_normal((1, count, width, channels)).astype(np.float32)
    before = padding_amounts(width, kernel, stride, "same")[0]
    return rows, (kernel, stride, before, output_size(width, kernel, stride, "same"))


def case(kernel, stride, channels, name, args, rng) -> dict:
    """Time both passes on one shape; check they agree first."""
    ufunc = UFUNCS[name]
    rows, geometry = rows_for(kernel, stride, channels, args.values, rng)
    fill = -np.inf if name == "max" else 0
    dest = np.empty((*rows.shape[:2], geometry[3], channels), rows.dtype)
    chunk = KernelSettings().pool_call_bytes
    calls = {
        "shifted": lambda: shifted_columns(rows, geometry, ufunc, dest, chunk),
        "taps": lambda: _reduce_axis(rows, 2, geometry, ufunc, fill, rows.dtype),
    }
    np.testing.assert_allclose(calls["shifted"]().copy(), calls["taps"](), rtol=1e-6)
    comp = compare(
        {"convmap": calls["shifted"], "taps": calls["taps"]},
        args.rounds, args.run_seconds, args.pause, 0.5,
    )  # fmt: skip
    summary = comp.summary()
    picked = shifting_pays(kernel, stride, channels, ufunc, KernelSettings(pool_shift_channels=8))
    return {
        "kernel": kernel,
        "stride": stride,
        "channels": channels,
        "reduce": name,
        "values": rows.size,
        "shifted_us": summary["ms"]["convmap"] * 1e3,
        "taps_us": summary["ms"]["taps"] * 1e3,
        "shifted_over_taps": summary["ratio"]["taps"],
        "range": summary["ratio_range"]["taps"],
        "rule_shifts": picked,
        "rule_right": picked == (summary["ratio"]["taps"] < 1),
        "quiet_rounds": summary["quiet_rounds"],
    }


def whole_pool(shape, size, stride, padding, threads, args, rng) -> dict:
    """One max pool through `convmap.max_pool2d`, columns by taps and shifted (forced on)."""
    x = rng.standard_normal(shape).astype(np.float32)

    def run(channels: int):
        def call():
            with use_settings(pool_shift_channels=channels, threads=threads):
                return max_pool2d(x, size, stride=stride, padding=padding)

        return call

    calls = {"convmap": run(1 << 30), "taps": run(0)}
    np.testing.assert_array_equal(calls["convmap"](), calls["taps"]())
    summary = compare(calls, args.rounds, args.run_seconds, args.pause, 0.5).summary()
    return {
        "pool": f"max {size}x{size}/{stride} {padding.upper()} on {shape}",
        "threads": worker_count(KernelSettings(threads=threads)),
        "shifted_us": summary["ms"]["convmap"] * 1e3,
        "taps_us": summary["ms"]["taps"] * 1e3,
        "shifted_over_taps": summary["ratio"]["taps"],
        "range": summary["ratio_range"]["taps"],
    }


def handoff_us(calls: int = 2000) -> float:
    """Median time of `WORKERS.share` handing two empty items to 2 threads (a round trip)."""
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        WORKERS.share(lambda items: list(items), range(2), 2)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def pool_table(rows: list[dict]) -> str:
    """Markdown table of the whole pools."""
    lines = [
        "| pool | threads | shifted us | taps us | shifted / taps |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['pool']} | {r['threads']} | {r['shifted_us']:.1f} | {r['taps_us']:.1f} | "
            f"{r['shifted_over_taps']:.2f} ({r['range'][0]:.2f}-{r['range'][1]:.2f}) |"
        )
    return "\n".join(lines)


def table(rows: list[dict]) -> str:
    """Markdown table of the cases."""
    lines = [
        "| window/stride | channels | reduce | shifted us | taps us | shifted / taps | rule |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        rule = ("shift" if r["rule_shifts"] else "taps") + ("" if r["rule_right"] else " (wrong)")
        lines.append(
            f"| {r['kernel']}/{r['stride']} | {r['channels']} | {r['reduce']} | "
            f"{r['shifted_us']:.1f} | {r['taps_us']:.1f} | {r['shifted_over_taps']:.2f} "
            f"({r['range'][0]:.2f}-{r['range'][1]:.2f}) | {rule} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--run-seconds", type=float, default=0.05)
    parser.add_argument("--pause", type=float, default=0.02)
    parser.add_argument("--values", type=int, default=200_000, help="values per row-pass result")
    parser.add_argument("--reduce", default="max,sum", help="comma-separated: max, sum")
    parser.add_argument("--json", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.values < 1:
        got = f"{args.rounds}, {args.values}"
        raise SystemExit(f"--rounds and --values must be at least 1, got {got}")
    names = args.reduce.split(",")
    unknown = sorted(set(names) - set(UFUNCS))
    if unknown:
        raise SystemExit(f"--reduce: unknown {unknown}; valid: {sorted(UFUNCS)}")
    rng = np.random.default_rng(0)
    rows = [case(k, s, c, name, args, rng) for name in names for k, s in WINDOWS for c in CHANNELS]
    print(table(rows))
    right = sum(r["rule_right"] for r in rows)
    print(f"\nThe rule picks the faster column pass on {right} of {len(rows)} shapes.\n")
    pools = [whole_pool(*p, t, args, rng) for p in POOLS for t in (1, None)]
    print(pool_table(pools))
    handoff = handoff_us()
    print(f"\nWORKERS.share round trip with 2 threads and nothing to do: {handoff:.1f} us")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    meta = {"machine": machine(), "numpy": np.__version__, "rounds": args.rounds}
    result = {"meta": meta, "columns": rows, "pools": pools, "handoff_us": handoff}
    args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
