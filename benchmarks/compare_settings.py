"""conv2d under several KernelSettings, side by side with cs231n and PyTorch (interleaved).

For tuning the kernel's constants: each variant is a JSON object of
`convmap.kernel.KernelSettings` fields; "default" (no change) is always
measured. Runs are interleaved and rotated as in bench_conv.py, and each
ratio is the median over rounds of the per-round ratio, with the lowest and
highest round after it. The pause between libraries lets OpenBLAS's threads,
which spin for a while after a product, go to sleep. PyTorch's time can be
bimodal from one process to the next: measured on the 1 x 1 layer, 0.7 ms
with no page faults per call, 2.5 to 3 ms when glibc returned its output's
memory to the system after every call (about 1,300 faults per call);
bench_conv.py reports faults per call for that reason.

    python benchmarks/compare_settings.py --only c64-56,11x11-96 \\
        --variants '{"wide": {"blas_width": 65536}}' --rounds 7
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import peers  # noqa: E402
import suite  # noqa: E402
from bench_conv import operands  # noqa: E402
from measure import compare  # noqa: E402

from convmap import conv2d  # noqa: E402
from convmap.kernel import KernelSettings, use_settings  # noqa: E402


def variant_calls(case, x, w, variants: dict) -> dict:
    """One conv2d callable per settings variant (each checked against the default)."""

    def plain():
        return conv2d(x, w, stride=case.stride, padding=case.padding, dilation=case.dilation)

    def call(fields: dict):
        chosen = KernelSettings(**fields)  # a misspelt or out-of-range field fails here

        def run():
            with use_settings(chosen):
                return plain()

        return run

    # The default runs inside use_settings too, so that every variant pays the same
    # per-call cost of entering the block.
    calls = {"default": call({}), **{name: call(fields) for name, fields in variants.items()}}
    want = calls["default"]()
    for name, run in calls.items():
        np.testing.assert_allclose(run(), want, rtol=2e-3, atol=2e-3, err_msg=name)
    return calls


def _ratio(comp, a: str, b: str) -> str:
    per_round = [x.median / y.median for x, y in zip(comp.runs[a], comp.runs[b], strict=True)]
    return f"{statistics.median(per_round):.2f} ({min(per_round):.2f}-{max(per_round):.2f})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated case names (default: all but batch 1080)")
    parser.add_argument("--variants", default="{}", help="JSON: name -> KernelSettings fields")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--run-seconds", type=float, default=0.2)
    parser.add_argument("--pause", type=float, default=0.15, help="seconds between libraries")
    parser.add_argument("--threads", type=int, default=2, help="threads for PyTorch and BLAS")
    args = parser.parse_args(argv)
    if peers.torch is not None:
        peers.torch.set_num_threads(args.threads)
    variants = json.loads(args.variants)
    if not isinstance(variants, dict) or not all(isinstance(v, dict) for v in variants.values()):
        parser.error(f"--variants must map names to objects of settings, got {args.variants!r}")
    by_name = {c.name: c for c in suite.CONVS}
    names = args.only.split(",") if args.only else [n for n in by_name if n != "qa1-b1080"]
    unknown = [n for n in names if n not in by_name]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; known: {', '.join(by_name)}")
    for name in names:
        case = by_name[name]
        x, w = operands(case.x, case.w)
        calls = variant_calls(case, x, w, variants)
        others = peers.conv_calls(case, x, w)
        calls["cs231n"], calls["torch"] = others["cs231n"], others["torch"]
        comp = compare(calls, args.rounds, args.run_seconds, args.pause, max_other=0.5)
        refs = [k for k in ("cs231n", "torch") if k in comp.runs]
        cells = []
        for k in ["default", *variants]:
            ms = statistics.median(r.median for r in comp.runs[k]) * 1e3
            vs = ", ".join(f"/{ref} {_ratio(comp, k, ref)}" for ref in refs)
            cells.append(f"{k} {ms:.3f} ms ({vs})")
        print(f"{name}: " + "; ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
