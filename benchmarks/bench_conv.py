"""Benchmark convmap.conv2d and max_pool2d against three NumPy peers and PyTorch.

Run from the repository root (PyTorch is optional; without it the torch
column is n/a; it lives in its own venv, never a convmap dependency):

    PYTHONPATH=src /work/venvs/torch/bin/python benchmarks/bench_conv.py          # full, JSON
    PYTHONPATH=src /work/venvs/torch/bin/python benchmarks/bench_conv.py --quick  # < 1 minute
    .venv/bin/python benchmarks/report.py benchmarks/results.json > benchmarks/RESULTS.md

The suite (`suite.py`) is 17 convolution shapes and 3 max pools, float32 NHWC.
Libraries are measured side by side, rotated, with pauses and a noise check
on every run (`measure.py`); peers are in `peers.py`. A control runs beside
them: conv2d's own call a second time, as if it were one more library (an
A/A test); its ratio to conv2d shows, case by case, how far this harness
strays between two identical calls, so a peer's "loss" smaller than that is
read as a tie, not a finding. Results, with the
machine, BLAS and thread settings and the load seen, go to a JSON file
(``--json``, default ``benchmarks/results.json`` for a full run), from which
`report.py` writes ``RESULTS.md`` and the site reads its numbers.

The pause between libraries lets the BLAS threads of the run before go idle:
after a product they keep spinning for a while (OpenBLAS's
``OPENBLAS_THREAD_TIMEOUT`` sets how long). Measured on these 2 cores, with
a 0.01 s pause PyTorch's convolutions took up to about 70 times their usual
time (a few whole scheduler ticks of about 4 ms per call); with 0.15 s they
did not. No "other processes" check sees this: the spinning threads are
this process's own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:
    import convmap
except ImportError:  # a fresh clone without an installed package
    sys.path.insert(0, str(HERE.parent / "src"))
    import convmap

import numpy as np  # noqa: E402
import peers  # noqa: E402
from measure import compare  # noqa: E402
from report import CONTROL  # noqa: E402
from suite import CONVS, POOLS  # noqa: E402

from convmap import conv2d, conv2d_loops, layer_geometry  # noqa: E402
from convmap.kernel import (  # noqa: E402
    KernelSettings,
    banded_weights,
    choose_tile,
    clear_scratch,
    current_settings,
    fill_padded,
    use_settings,
    window_view,
    worker_count,
)

#: Environment variables that change the libraries' speed, recorded with every run.
#: OPENBLAS_CORETYPE picks OpenBLAS's kernel (a CPU it does not know gets an older one).
ENV_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "OPENBLAS_CORETYPE",
    "MKL_NUM_THREADS",
    "MALLOC_MMAP_THRESHOLD_",
)


def blas_info() -> list[dict]:
    """NumPy's BLAS (and other thread pools): threadpoolctl if present, else show_config."""
    try:
        from threadpoolctl import threadpool_info

        return [
            {
                k: i.get(k)
                for k in (
                    "user_api",
                    "internal_api",
                    "version",
                    "architecture",
                    "num_threads",
                    "threading_layer",
                    "prefix",
                )
            }
            for i in threadpool_info()
        ]
    except ImportError:
        try:
            blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
            return [{"user_api": "blas", "source": "numpy.show_config", **blas}]
        except Exception:  # noqa: BLE001 - an old NumPy without dict config
            return [{"user_api": "blas", "source": "unknown"}]


def simd(flags: list[str]) -> str:
    """The widest vector instructions in /proc/cpuinfo's flags, and AMX's tiles if present.

    Virtual machines of one name can be different processors, and the ratios here move
    with them (PyTorch's oneDNN picks its kernels by these flags), so the report says which.

    Examples:
        >>> simd(["sse2", "avx2", "avx512f", "amx_tile"]), simd(["avx2"]), simd([])
        ('AVX-512, AMX', 'AVX2', 'no AVX2')
    """
    widest = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return f"{widest}, AMX" if "amx_tile" in flags else widest


def machine() -> dict:
    info: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    flags = info.get("flags", "").split()
    torch = peers.torch
    return {
        "cpu": info.get("model name", platform.processor() or "unknown"),
        "simd": simd(flags),
        "cores_visible": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "convmap": getattr(convmap, "__version__", "?"),
        "torch": None if torch is None else torch.__version__,
        "torch_threads": None if torch is None else torch.get_num_threads(),
        "blas": blas_info(),
        "env": {k: os.environ.get(k) for k in ENV_VARS},
        "kernel_settings": current_settings().__dict__,
        "kernel_threads": worker_count(current_settings()),
    }


def operands(shape_x, shape_w, seed=0):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal(shape_x, dtype=np.float32),
        rng.standard_normal(shape_w, dtype=np.float32),
    )


def _windows(x, w, g, tile: int):
    """conv2d's window view of ``tile`` windows per row on a padded copy, and its weights.

    Returns ``(view, weights, rows)``, or None when the copied matrix would exceed
    200 MB. ``g`` is the layer's `convmap.layer_geometry`.
    """
    (top, bottom), (left, right) = pads = g.padding
    (oh, ow), (sw, dw), c_out = g.output, (g.stride[1], g.dilation[1]), w.shape[3]
    shape = (x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right, x.shape[3])
    xp = fill_padded(np.empty(shape, np.float32), x, pads)
    tile = min(tile, ow)
    n_tiles = ow // tile
    weights = w.reshape(-1, c_out) if tile == 1 else banded_weights(w, tile, sw, dw)
    rows = x.shape[0] * oh * n_tiles
    if rows * weights.shape[0] * 4 > 200e6:
        return None
    view = window_view(xp, tile, 0, n_tiles, oh, w.shape[:2], g.stride, g.dilation)
    return view, weights, rows


def _im2col(x, w, g, tile: int):
    """The im2col matrix of ``tile`` windows per row (copied) and its weights, or None if huge."""
    return _copied(_windows(x, w, g, tile))


def _copied(found):
    """`_windows`'s view copied into its im2col matrix, with its weights (None stays None)."""
    if found is None:
        return None
    view, weights, rows = found
    return np.ascontiguousarray(view).reshape(rows, weights.shape[0]), weights


def _copies(found) -> dict:
    """conv2d's window copy alone, a fill of the same bytes, and the copy then its product.

    ``window_copy`` copies the window view into a matrix the shape of conv2d's
    im2col matrix; ``fill`` writes every byte of such a matrix with one value and
    reads nothing: what a copy that cost only its writes would take;
    ``copy_then_gemm`` runs that copy and then conv2d's product on the matrix, one
    after the other as conv2d does, so that set beside the two timed apart it shows
    what the handoff between them costs (BLAS's threads idle during the copy). All
    None when ``found`` is (a matrix over 200 MB).
    """
    if found is None:
        return {"window_copy": None, "fill": None, "copy_then_gemm": None}
    view, weights, rows = found
    dest, blank = np.empty(view.shape, np.float32), np.empty(view.shape, np.float32)
    cols, out = dest.reshape(rows, -1), np.empty((rows, weights.shape[1]), np.float32)

    def copy_then_gemm() -> np.ndarray:
        np.copyto(dest, view)
        return np.matmul(cols, weights, out=out)

    return {
        "window_copy": lambda: np.copyto(dest, view) or dest,  # copyto returns None
        "fill": lambda: blank.fill(1.0) or blank,
        "copy_then_gemm": copy_then_gemm,
    }


def product_calls(case, x, w) -> tuple[int, dict]:
    """conv2d's tile, and its matrix products and window copy alone, each timed by itself.

    ``gemm_only``: conv2d's own product (its tile's banded weights, zeros included)
    on an im2col matrix built before timing; ``plain_gemm``: plain im2col's product
    (one window per row, no multiplication wasted) in NumPy; ``torch_gemm``: that
    same product in ``torch.matmul``; ``window_copy``, ``fill`` and
    ``copy_then_gemm``: see `_copies`.
    Each is None when its matrix would exceed 200 MB (or torch is absent).
    """
    g = layer_geometry(case.x[1:3], case.w[:2], case.stride, case.padding, case.dilation)
    kh, kw, c_in, c_out = w.shape
    tile = choose_tile((kh, kw), c_in, c_out, g.stride, g.dilation, g.output[1])
    found = _windows(x, w, g, tile)  # one padded input for conv2d's product and its copies
    calls = {"gemm_only": _product(_copied(found)), **_copies(found)}
    plain = _im2col(x, w, g, 1)
    calls["plain_gemm"] = _product(plain)
    calls["torch_gemm"] = None if peers.torch is None else _product(plain, peers.torch)
    return tile, calls


def _product(operands, torch=None):
    """``cols @ weights`` into a buffer made once, in NumPy or (``torch``) torch.matmul."""
    if operands is None:
        return None
    cols, weights = operands
    dest = np.empty((cols.shape[0], weights.shape[1]), np.float32)
    if torch is None:
        return lambda: np.matmul(cols, weights, out=dest)
    a, b, out = (torch.from_numpy(np.require(v, requirements="CW")) for v in (cols, weights, dest))
    return lambda: torch.matmul(a, b, out=out)


def extra_memory(func) -> tuple[int, int]:
    """Peak bytes ``func()`` allocates beyond its result (kept scratch dropped first)."""
    clear_scratch()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = func()
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return peak - result.nbytes, result.nbytes


def conv_case(case, args) -> dict:
    x, w = operands(case.x, case.w)
    calls = peers.conv_calls(case, x, w)
    if args.child:  # the allocator re-run compares convmap and torch only
        calls = {"convmap": calls["convmap"], "torch": calls["torch"]}
    want = calls["convmap"]()
    for name, call in calls.items():  # every library computes the same numbers
        if call is not None and name != "convmap":
            np.testing.assert_allclose(peers.as_nhwc(call()), want, rtol=2e-3, atol=2e-3)
    tile, products = product_calls(case, x, w)
    if not (args.child or args.quick):  # --quick: the convolutions only (under a minute)
        calls.update(products)
    if not args.child:
        calls[CONTROL] = calls["convmap"]
    big = case.x[0] >= 512
    rounds = max(2, args.rounds // 2) if big else args.rounds
    result = compare(
        calls, rounds, args.run_seconds, args.pause, args.max_other, 1 if big else 3
    ).summary()  # a big case: one call per run (each takes seconds), no warm-up call
    extra, out_bytes = extra_memory(calls["convmap"])
    return {
        "name": case.name,
        "what": case.what,
        "x": case.x,
        "w": case.w,
        "stride": case.stride,
        "padding": case.padding,
        "dilation": case.dilation,
        "tile": tile,
        "extra_bytes": extra,
        "out_bytes": out_bytes,
        **result,
    }


def pool_case(case, args) -> dict:
    x = np.random.default_rng(3).standard_normal(case.x, dtype=np.float32)
    calls = peers.pool_calls(case, x)
    if calls["torch"] is not None:
        np.testing.assert_array_equal(peers.as_nhwc(calls["torch"]()), calls["convmap"]())
    calls[CONTROL] = calls["convmap"]
    result = compare(calls, args.rounds, args.run_seconds, args.pause, args.max_other).summary()
    extra, out_bytes = extra_memory(calls["convmap"])
    return {
        "name": case.name,
        "what": case.what,
        "x": case.x,
        "size": case.size,
        "stride": case.stride,
        "padding": case.padding,
        "extra_bytes": extra,
        "out_bytes": out_bytes,
        "in_bytes": x.nbytes,
        **result,
    }


def loops_vs_fast() -> dict:
    x, w = operands((1, 64, 64, 3), (4, 4, 3, 8), 1)
    t0 = time.perf_counter()
    slow = conv2d_loops(x, w, padding="same")
    loops = time.perf_counter() - t0
    np.testing.assert_allclose(conv2d(x, w, padding="same"), slow, rtol=1e-4, atol=1e-4)
    fast = compare({"convmap": lambda: conv2d(x, w, padding="same")}, 3, 0.1, 0.02, 99).summary()
    return {
        "loops_ms": loops * 1e3,
        "conv2d_ms": fast["ms"]["convmap"],
        "ratio": loops * 1e3 / fast["ms"]["convmap"],
    }


def malloc_rerun(args) -> dict | None:
    """The batch-1080 case again in a child with glibc's MALLOC_MMAP_THRESHOLD_ set."""
    if peers.torch is None or args.child:
        return None
    env = {
        **os.environ,
        "MALLOC_MMAP_THRESHOLD_": str(1 << 30),
        "MALLOC_TRIM_THRESHOLD_": str(1 << 31),
    }
    out = Path(args.json).with_suffix(".malloc.json") if args.json else HERE / "malloc-tmp.json"
    cmd = [sys.executable, __file__, "--child", "--only", "qa1-b1080", "--json", str(out)]
    cmd += ["--rounds", str(args.rounds), "--run-seconds", str(args.run_seconds)]
    cmd += ["--threads", str(args.threads), "--max-other", str(args.max_other)]
    subprocess.run(cmd, env=env, check=True)
    data = json.loads(out.read_text())
    out.unlink()
    return {
        "env": "MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=2147483648",
        **data["convs"][0],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 short rounds, no batch 1080")
    parser.add_argument("--rounds", type=int, help="rounds per case (default 4, quick 2)")
    parser.add_argument("--run-seconds", type=float, help="timed seconds per run")
    parser.add_argument("--pause", type=float, help="seconds between libraries")
    parser.add_argument(
        "--max-other", type=float, default=0.5, help="noisy: other processes used more CPUs"
    )
    parser.add_argument("--threads", type=int, default=2, help="threads for convmap and torch")
    parser.add_argument("--single-thread", action="store_true", help="same as --threads 1")
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--json", help="write results here (full run default: results.json)")
    parser.add_argument("--markdown", help="also write the Markdown report (report.py) here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single_thread:
        args.threads = 1
    args.rounds = args.rounds or (2 if args.quick else 4)
    args.run_seconds = args.run_seconds or (0.04 if args.quick else 0.25)
    args.pause = args.pause if args.pause is not None else (0.15 if args.quick else 0.2)
    if args.json is None and not args.quick and not args.only:
        args.json = str(HERE / "results.json")
    if peers.torch is not None:
        peers.torch.set_num_threads(args.threads)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads, user_api="blas")
    except ImportError:
        pass
    only = set(args.only.split(",")) if args.only else None
    started = time.time()
    load_start = os.getloadavg()
    with use_settings(KernelSettings(max_threads=args.threads)):
        data = {
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "machine": machine(),
            "quick": args.quick,
            "rounds": args.rounds,
            "run_seconds": args.run_seconds,
            "pause": args.pause,
            "max_other_cpus": args.max_other,
            "load_average_start": load_start,
        }
        data["convs"] = []
        for case in CONVS:
            if (only and case.name not in only) or (not only and args.quick and not case.quick):
                continue
            data["convs"].append(conv_case(case, args))
            print(_line(data["convs"][-1]), flush=True)
        data["pools"] = []
        for case in POOLS:
            if only and case.name not in only:
                continue
            data["pools"].append(pool_case(case, args))
            print(_line(data["pools"][-1]), flush=True)
        if not only:
            data["loops"] = loops_vs_fast()
        if not args.quick and not only:
            data["b1080_malloc"] = malloc_rerun(args)
    data["load_average_end"] = os.getloadavg()
    data["seconds"] = time.time() - started
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1, default=float) + "\n")
    if args.markdown:
        import report

        source = _shown(args.json) if args.json else "this run (no JSON file written)"
        text = report.markdown(json.loads(json.dumps(data, default=float)), source)
        Path(args.markdown).write_text(text)
    print(
        f"done in {data['seconds']:.0f} s; load average {load_start[0]:.2f} -> "
        f"{data['load_average_end'][0]:.2f}"
    )
    return 0


def _shown(path: str) -> str:
    """``path`` relative to the repository when it lies inside it (as RESULTS.md names it)."""
    full = Path(path).resolve()
    return str(full.relative_to(HERE.parent)) if full.is_relative_to(HERE.parent) else path


def _line(row: dict) -> str:
    ratios = " ".join(f"{k} {v:.2f}" for k, v in row["ratio"].items())
    load = row["other_cpus_median"]
    return (
        f"{row['name']:>10} convmap {row['ms']['convmap']:8.3f} ms | convmap/x: {ratios} | "
        f"quiet {row['quiet_rounds']}/{row['rounds']} other CPUs "
        f"{'n/a' if load is None else f'{load:.2f}'}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
