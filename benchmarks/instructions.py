"""Instructions per call of conv2d, its NumPy peers and PyTorch, counted by callgrind.

Timings on this shared virtual machine move by 10 to 20 % between identical
runs; an instruction count does not. Where conv2d and a peer run the same
matrix product (a 1 x 1 kernel, or a layer whose best plan is plain im2col),
their timings differ only by noise, and the counts show how much work each
call really does besides that product.

Each library runs in its own process under ``valgrind --tool=callgrind``,
twice: setup and one warm-up call, then the same plus ``--calls`` more calls.
The difference divided by ``--calls`` is its instructions per call (imports
and setup cancel out); the pair runs ``--repeats`` times and the median counts
(identical runs gave identical counts on five of six shapes, 0.7 % apart on the
smallest: where memory lands can change a few code paths). Everything runs on
one thread (``OPENBLAS_NUM_THREADS=1``, ``torch.set_num_threads(1)``, convmap's
``KernelSettings(threads=1)``): threads waiting for each other would add spin
loops that vary from run to run.
Valgrind does not run AVX-512 code and hides it from the programs it runs,
so OpenBLAS and PyTorch take their AVX2 kernels here: the counts compare
work done, not this machine's fastest code, and are no stand-in for time.

    PYTHONPATH=src /work/venvs/torch/bin/python benchmarks/instructions.py           # default cases
    PYTHONPATH=src /work/venvs/torch/bin/python benchmarks/instructions.py --only 1x1

The table goes to standard output, the counts to
``benchmarks/results/instructions.json`` (``--json``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import PEERS  # noqa: E402
from suite import CONVS  # noqa: E402

LIBRARIES = ("convmap", *PEERS, "torch")
#: The shapes where conv2d and cs231n were within a few percent of each other (RESULTS.md).
DEFAULT_CASES = ("1x1", "11x11-96", "c32-b16", "s2", "dil2", "c128", "c64-56")
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def child(case_name: str, library: str, calls: int) -> None:
    """Build one case's operands, call ``library`` once, then ``calls`` more times."""
    if library != "torch":  # importing PyTorch under valgrind takes about a minute
        sys.modules["torch"] = None  # (peers then leaves its torch column out)
    import bench_conv
    import peers

    from convmap.kernel import KernelSettings, use_settings

    if peers.torch is not None:
        peers.torch.set_num_threads(1)
    case = next(c for c in CONVS if c.name == case_name)
    x, w = bench_conv.operands(case.x, case.w)
    call = peers.conv_calls(case, x, w)[library]
    if call is None:
        raise SystemExit(f"library {library!r} is not available here (is PyTorch installed?)")
    with use_settings(KernelSettings(threads=1)):
        for _ in range(1 + calls):
            call()


def count(case_name: str, library: str, calls: int, workdir: Path) -> int:
    """Instructions callgrind counts for one child process (the ``totals:`` line)."""
    out = workdir / f"{case_name}-{library}-{calls}.out"
    env = {**os.environ, **SINGLE_THREAD, "PYTHONHASHSEED": "0"}
    command = [
        "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
        sys.executable, str(Path(__file__).resolve()), "--child", case_name, library, str(calls),
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    for line in out.read_text().splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals line in {out}")


def per_call(case_name: str, library: str, calls: int, workdir: Path, repeats: int = 1) -> dict:
    """Instructions of ``calls`` calls beyond the warm-up, divided by ``calls``.

    With ``repeats`` > 1 the pair of processes runs that many times: ``per_call`` is
    the median and ``spread`` the largest over the smallest.
    """
    runs = []
    for _ in range(repeats):
        base = count(case_name, library, 0, workdir)
        runs.append((count(case_name, library, calls, workdir) - base) / calls)
    return {"runs": runs, "per_call": statistics.median(runs), "spread": max(runs) / min(runs)}


def table(rows: list[dict]) -> str:
    """The Markdown table: millions of instructions per call and the ratios."""
    head = (
        "| case | convmap | plain | cs231n | numpy-ml | torch | convmap / best peer "
        "| convmap / torch | repeats' spread |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for row in rows:
        per = {lib: row["libraries"][lib]["per_call"] for lib in row["libraries"]}
        cells = [f"{per[lib] / 1e6:.3f}" if lib in per else "n/a" for lib in LIBRARIES]
        best = min(PEERS, key=lambda lib: per[lib])
        ratio = f"{per['convmap'] / per[best]:.3f} ({best})"
        torch = f"{per['convmap'] / per['torch']:.2f}" if "torch" in per else "n/a"
        spreads = [v.get("spread") for v in row["libraries"].values()]
        spread = "n/a" if None in spreads else f"{max(spreads):.3f}"
        lines.append(f"| {row['what']} | " + " | ".join([*cells, ratio, torch, spread]) + " |")
    return "\n".join(lines)


def valgrind_version() -> str:
    done = subprocess.run(["valgrind", "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated case names (default {DEFAULT_CASES})")
    parser.add_argument("--calls", type=int, default=2, help="counted calls after the warm-up")
    parser.add_argument("--repeats", type=int, default=2, help="process pairs per library")
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    parser.add_argument("--json", default=str(HERE / "results" / "instructions.json"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    if args.calls < 1 or args.repeats < 1:
        raise SystemExit(
            f"--calls and --repeats must be at least 1, got {args.calls}, {args.repeats}"
        )
    names = args.only.split(",") if args.only else list(DEFAULT_CASES)
    known = {c.name: c for c in CONVS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown case(s) {unknown}; known: {sorted(known)}")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with_torch = importlib.util.find_spec("torch") is not None and not args.no_torch
    libraries = LIBRARIES if with_torch else LIBRARIES[:-1]
    started, rows = time.time(), []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            counts = {
                lib: per_call(name, lib, args.calls, Path(tmp), args.repeats) for lib in libraries
            }
            rows.append({"name": name, "what": known[name].what, "libraries": counts})
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    data = {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "valgrind": valgrind_version(),
        "calls": args.calls,
        "repeats": args.repeats,
        "threads": 1,
        "seconds": time.time() - started,
        "cases": rows,
    }
    Path(args.json).write_text(json.dumps(data, indent=1) + "\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
