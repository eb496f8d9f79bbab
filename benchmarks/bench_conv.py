"""Benchmark convmap.conv2d against PyTorch's CPU convolution, with peak memory.

Run from the repository root:

    .venv/bin/python benchmarks/bench_conv.py            # full run (about a minute)
    .venv/bin/python benchmarks/bench_conv.py --quick    # a few seconds
    PYTHONPATH=src /path/to/python-with-torch benchmarks/bench_conv.py   # with the torch column

PyTorch is optional: without it the torch column says n/a. When it is there it
runs with ``torch.set_num_threads(2)`` on an NCHW copy of the input made before
timing, padding done by ``F.pad`` inside the timed call, as the issue asks.
Each case is timed in three rounds, each a warm-up call and then a run of
timed calls of convmap, then the same for torch, so that both see the same
load on a shared machine; the table shows medians over all timed calls.
Peak extra memory is measured separately with ``tracemalloc``: the peak of
everything conv2d allocates, minus its output array.

A full run (without ``--quick``) also runs the A, B, C table again with
``--single-thread`` in a subprocess. ``--single-thread`` runs both libraries
on one thread (it sets ``OPENBLAS_NUM_THREADS=1`` etc. before NumPy loads,
``convmap._conv_fast.MAX_THREADS = 1`` and ``torch.set_num_threads(1)``): a
comparison that other work on the machine disturbs much less.
``--markdown PATH`` also writes the machine description and the tables as
Markdown (this is how ``benchmarks/RESULTS.md`` is made).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

if "--single-thread" in sys.argv:  # must happen before NumPy loads its BLAS
    for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = "1"

import numpy as np  # noqa: E402

try:
    import convmap
    import convmap._conv_fast
except ImportError:  # a fresh clone without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import convmap
    import convmap._conv_fast

from convmap import avg_pool2d, conv2d, conv2d_loops, max_pool2d, padding_amounts

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE")


@dataclass
class Case:
    name: str
    what: str
    x_shape: tuple[int, int, int, int]
    w_shape: tuple[int, int, int, int]


CASES = [
    Case("A", "Q&A conv1, batch 64", (64, 64, 64, 3), (4, 4, 3, 8)),
    Case("B", "Q&A conv2, batch 64", (64, 8, 8, 8), (2, 2, 8, 16)),
    Case("C", "mid-size layer", (16, 32, 32, 32), (3, 3, 32, 64)),
]
BIG = Case("A-1080", "Q&A conv1, SIGNS train set", (1080, 64, 64, 3), (4, 4, 3, 8))


def machine() -> list[str]:
    """Lines describing the CPU, NumPy's BLAS and the thread settings."""
    cpu = platform.processor() or "unknown"
    try:
        info: dict[str, str] = {}
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
        flags = info.get("flags", "").split()
        simd = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
        cpu = (
            f"{info.get('model name', cpu)} (family {info.get('cpu family')}, model "
            f"{info.get('model')}, {simd}, cache {info.get('cache size')})"
        )
    except OSError:
        pass
    lines = [
        f"CPU: {cpu}; {os.cpu_count()} logical cores visible",
        f"Python {platform.python_version()}, NumPy {np.__version__}, "
        f"convmap {getattr(convmap, '__version__', '?')}",
        f"NumPy BLAS: {blas_description()}",
    ]
    if torch is not None:
        lines.append(
            f"PyTorch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}"
        )
    else:
        lines.append("PyTorch: not installed (torch column n/a)")
    env = ", ".join(f"{k}={os.environ.get(k, '(unset)')}" for k in THREAD_VARS)
    lines.append(f"Environment: {env}")
    if hasattr(os, "getloadavg"):
        lines.append(
            "Load average (1, 5, 15 min) at start: "
            + ", ".join(f"{v:.2f}" for v in os.getloadavg())
            + f" on {os.cpu_count()} cores (other work on the machine slows both libraries)"
        )
    return lines


def blas_description() -> str:
    """BLAS name, version and threads, from threadpoolctl if present, else NumPy's config."""
    try:
        from threadpoolctl import threadpool_info

        found = [
            f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, "
            f"{i.get('num_threads')} threads)"
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
        if found:
            return "; ".join(found)
    except ImportError:
        pass
    runtime = openblas_runtime()
    if runtime:
        return runtime
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')} (from np.show_config)"
    except Exception:  # noqa: BLE001 - any NumPy without the dict config
        return "unknown"


def openblas_runtime() -> str | None:
    """Version, kernel and threads of the OpenBLAS bundled in NumPy's wheel, via ctypes."""
    import ctypes
    import glob

    libs = glob.glob(str(Path(np.__file__).parent.parent / "numpy.libs" / "*openblas*"))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            for prefix in ("scipy_openblas", "openblas"):
                for suffix in ("64_", ""):
                    name = f"{prefix}_get_corename{suffix}"
                    if hasattr(lib, name):
                        get = getattr(lib, name)
                        get.restype = ctypes.c_char_p
                        cfg = getattr(lib, f"{prefix}_get_config{suffix}")
                        cfg.restype = ctypes.c_char_p
                        threads = getattr(lib, f"{prefix}_get_num_threads{suffix}")()
                        return (
                            f"{cfg().decode().strip()}; running kernel "
                            f"{get().decode()}; {threads} threads"
                        )
        except OSError:
            continue
    return None


def flops(x_shape, w_shape) -> float:
    """Multiply-adds x 2 of a stride-1 SAME convolution."""
    n, h, w, _ = x_shape
    kh, kw, c_in, c_out = w_shape
    return 2.0 * n * h * w * kh * kw * c_in * c_out


def operands(case: Case, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(case.x_shape, dtype=np.float32)
    w = rng.standard_normal(case.w_shape, dtype=np.float32)
    return x, w


def torch_call(x: np.ndarray, w: np.ndarray):
    """A zero-argument callable running PyTorch's SAME convolution on NCHW copies."""
    if torch is None:
        return None
    kh, kw = w.shape[:2]
    top, bottom = padding_amounts(x.shape[1], kh, 1, "same")
    left, right = padding_amounts(x.shape[2], kw, 1, "same")
    xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    wt = torch.from_numpy(np.ascontiguousarray(w.transpose(3, 2, 0, 1)))

    def run():
        with torch.no_grad():
            return F.conv2d(F.pad(xt, (left, right, top, bottom)), wt)

    return run


def median_times(calls: dict, repeats: int, rounds: int = 3) -> dict[str, float]:
    """Median seconds of each callable over ``repeats`` timed calls.

    The calls are split into ``rounds`` rounds; in each round every callable
    runs one untimed warm-up call and then its share of timed calls in a row.
    Running them in runs (not call by call) matters: NumPy's OpenBLAS threads
    and PyTorch's OpenMP threads both spin for a while after a call, and
    alternating call by call makes each library wait for the other's spinning
    threads on a 2-core machine.
    """
    live = {k: f for k, f in calls.items() if f is not None}
    times: dict[str, list[float]] = {k: [] for k in live}
    per_round = [repeats // rounds + (r < repeats % rounds) for r in range(rounds)]
    for count in per_round:
        for k, f in live.items():
            f()
            for _ in range(count):
                t0 = time.perf_counter()
                f()
                times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items() if v}


def peak_extra(func, result_bytes: int | None = None) -> tuple[float, int]:
    """Peak bytes ``func()`` allocates beyond its result, and the result's size.

    conv2d's kept scratch buffers are dropped first, so that the peak counts them.
    """
    with convmap._conv_fast._scratch_lock:
        convmap._conv_fast._scratch.clear()
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    result = func()
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    size = result.nbytes if result_bytes is None else result_bytes
    return peak - size, size


def conv_rows(cases: list[Case], repeats: int) -> list[dict]:
    rows = []
    for case in cases:
        x, w = operands(case)
        calls = {
            "convmap": lambda x=x, w=w: conv2d(x, w, padding="same"),
            "torch": torch_call(x, w),
        }
        t = median_times(calls, repeats)
        extra, out_bytes = peak_extra(lambda x=x, w=w: conv2d(x, w, padding="same"))
        rows.append(
            {
                "case": case.name,
                "what": case.what,
                "x": case.x_shape,
                "w": case.w_shape,
                "ms": t["convmap"] * 1e3,
                "torch_ms": t["torch"] * 1e3 if "torch" in t else None,
                "gflops": flops(case.x_shape, case.w_shape) / t["convmap"] / 1e9,
                "extra_mb": extra / 1e6,
                "out_mb": out_bytes / 1e6,
            }
        )
    return rows


def loops_ratio(repeats: int) -> tuple[float, float]:
    """Seconds of conv2d_loops and conv2d on the Q&A's single image."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 64, 64, 3), dtype=np.float32)
    w = rng.standard_normal((4, 4, 3, 8), dtype=np.float32)
    t0 = time.perf_counter()
    slow = conv2d_loops(x, w, padding="same")
    t_loops = time.perf_counter() - t0
    fast = median_times({"c": lambda: conv2d(x, w, padding="same")}, max(repeats, 20))["c"]
    np.testing.assert_allclose(conv2d(x, w, padding="same"), slow, rtol=1e-5, atol=1e-4)
    return t_loops, fast


def pool_rows() -> list[dict]:
    """Peak extra memory of the pools on the Q&A's conv1 output for 1,080 images."""
    x = np.random.default_rng(2).standard_normal((1080, 64, 64, 8), dtype=np.float32)
    rows = []
    for name, func, size, stride, padding in [
        ("max_pool2d 8x8 /8 SAME (Q&A P1)", max_pool2d, 8, 8, "same"),
        ("avg_pool2d 8x8 /8 SAME", avg_pool2d, 8, 8, "same"),
        ("max_pool2d 3x3 /2 SAME (padded)", max_pool2d, 3, 2, "same"),
        ("avg_pool2d 3x3 /2 SAME (padded)", avg_pool2d, 3, 2, "same"),
    ]:
        t0 = time.perf_counter()
        extra, out_bytes = peak_extra(
            lambda f=func, s=size, st=stride, p=padding: f(x, s, stride=st, padding=p)
        )
        rows.append(
            {
                "what": name,
                "ms": (time.perf_counter() - t0) * 1e3,
                "extra_mb": extra / 1e6,
                "in_mb": x.nbytes / 1e6,
                "out_mb": out_bytes / 1e6,
            }
        )
    return rows


def fmt_shape(shape) -> str:
    return "x".join(str(s) for s in shape)


def conv_table(rows: list[dict]) -> list[str]:
    out = [
        "| case | x (NHWC) | w (HWIO) | convmap ms | torch ms | convmap / torch | "
        "GFLOP/s | peak extra MB (x output) |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        torch_ms = "n/a" if r["torch_ms"] is None else f"{r['torch_ms']:.2f}"
        ratio = "n/a" if r["torch_ms"] is None else f"{r['ms'] / r['torch_ms']:.2f}"
        out.append(
            f"| {r['case']} ({r['what']}) | {fmt_shape(r['x'])} | {fmt_shape(r['w'])} | "
            f"{r['ms']:.2f} | {torch_ms} | {ratio} | {r['gflops']:.1f} | "
            f"{r['extra_mb']:.1f} ({r['extra_mb'] / r['out_mb']:.2f}) |"
        )
    return out


def pool_table(rows: list[dict]) -> list[str]:
    out = [
        "| pooling on 1080x64x64x8 float32 | ms | peak extra MB | extra / input |",
        "|---|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['what']} | {r['ms']:.0f} | {r['extra_mb']:.1f} | "
            f"{r['extra_mb'] / r['in_mb']:.2f} |"
        )
    return out


def conv_section(repeats: int, threads: int, with_big: bool) -> list[str]:
    """The convolution table, as Markdown lines with its heading."""
    lines = [
        "",
        f"## Convolution (float32, NHWC, SAME, stride 1; median of {repeats}; "
        f"{threads} thread{'s' if threads > 1 else ''})",
        "",
    ]
    big_repeats = max(3, repeats // 4)
    rows = conv_rows(CASES, repeats)
    if with_big:
        rows += conv_rows([BIG], big_repeats)
    lines += conv_table(rows)
    if torch is None:
        lines += ["", "torch column n/a: PyTorch is not installed in this Python."]
    if with_big:
        lines += ["", f"A-1080 uses the median of {big_repeats} repeats."]
    return lines


def step_calls(case: Case) -> tuple[int, dict]:
    """The tile width, and callables for conv2d's steps on the whole batch, conv2d and torch."""
    fast = convmap._conv_fast
    x, w = operands(case)
    n, oh, ow, _ = x.shape
    kh, kw, c_in, c_out = w.shape
    pads = (padding_amounts(oh, kh, 1, "same"), padding_amounts(ow, kw, 1, "same"))
    tile = fast.choose_tile((kh, kw), c_in, c_out, (1, 1), (1, 1), ow)
    assert ow % tile == 0, "one pass only"
    weights = w.reshape(-1, c_out) if tile == 1 else fast.banded_weights(w, tile, 1, 1)
    xp = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))
    view = fast._windows(xp, tile, 0, ow // tile, oh, (kh, kw), (1, 1), (1, 1))
    cols = np.empty((n * oh * (ow // tile), weights.shape[0]), np.float32)
    dest = np.empty((cols.shape[0], weights.shape[1]), np.float32)
    return tile, {
        "pad": lambda: fast._give(fast._padded(x, pads, np.float32)[1]),
        "copy": lambda: np.copyto(cols.reshape(view.shape), view),
        "product": lambda: fast._product(cols, weights, dest),
        "conv2d": lambda: conv2d(x, w, padding="same"),
        "torch": torch_call(x, w),
    }


def breakdown_section(repeats: int) -> list[str]:
    """Where conv2d's time goes on one thread, step by step, next to PyTorch.

    The steps are timed on the whole batch at once (the padded copy, the copy
    of every window into one im2col matrix, the matrix product as conv2d runs
    it), so their sum is close to, not equal to, conv2d's blocked run.
    """
    lines = [
        "",
        f"## Where the time goes (1 thread, median of {repeats})",
        "",
        "| case | tile T | pad ms | window copy ms | matrix product ms | conv2d ms "
        "| torch ms | product / torch |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in CASES:
        tile, calls = step_calls(case)
        t = {k: v * 1e3 for k, v in median_times(calls, repeats).items()}
        torch_ms = f"{t['torch']:.2f}" if "torch" in t else "n/a"
        ratio = f"{t['product'] / t['torch']:.2f}" if "torch" in t else "n/a"
        lines.append(
            f"| {case.name} | {tile} | {t['pad']:.2f} | {t['copy']:.2f} | {t['product']:.2f} "
            f"| {t['conv2d']:.2f} | {torch_ms} | {ratio} |"
        )
    return lines


def single_thread_section(repeats: int) -> list[str]:
    """Run this script again with one thread (BLAS threads are fixed at NumPy import)."""
    cmd = [sys.executable, __file__, "--single-thread", "--table-only", "--repeats", str(repeats)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return result.stdout.rstrip("\n").splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no batch-1080 case")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per case")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    parser.add_argument(
        "--single-thread", action="store_true", help="one thread for NumPy's BLAS and PyTorch"
    )
    parser.add_argument(
        "--table-only", action="store_true", help="only the A, B, C table (used internally)"
    )
    args = parser.parse_args(argv)
    repeats = args.repeats or (5 if args.quick else 31)
    threads = 1 if args.single_thread else 2
    if torch is not None:
        torch.set_num_threads(threads)
    convmap._conv_fast.MAX_THREADS = threads  # conv2d's own threads (see _conv_fast)
    if args.table_only:
        lines = conv_section(repeats, threads, with_big=False)
        if args.single_thread:
            lines += breakdown_section(repeats)
        print("\n".join(lines))
        return 0

    lines = ["## Machine", ""] + [f"- {m}" for m in machine()]
    lines += conv_section(repeats, threads, with_big=not args.quick)
    if not args.quick and not args.single_thread:
        lines += single_thread_section(repeats)
    t_loops, t_fast = loops_ratio(repeats)
    lines += [
        "",
        "## conv2d_loops vs conv2d (Q&A single image 1x64x64x3, W1 4x4x3x8, SAME)",
        "",
        f"conv2d_loops {t_loops * 1e3:.0f} ms, conv2d {t_fast * 1e3:.3f} ms: "
        f"conv2d_loops is {t_loops / t_fast:.0f}x slower.",
    ]
    if not args.quick:
        lines += ["", "## Pooling memory (peak extra = peak allocated minus the output)", ""]
        lines += pool_table(pool_rows())
    if hasattr(os, "getloadavg"):
        lines += [
            "",
            "Load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{v:.2f}" for v in os.getloadavg()),
        ]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(
            "# convmap benchmark results\n\n"
            "Written by `benchmarks/bench_conv.py --markdown benchmarks/RESULTS.md`.\n\n"
            + text
            + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
