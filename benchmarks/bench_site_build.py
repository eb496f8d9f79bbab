"""Time the site build with both editions (English and 中文): a timing script, not a test.

Measures
  1. a clean ``mkdocs build --strict`` into a fresh folder;
  2. ``mkdocs serve``'s rebuild after a one-page edit, for each serve mode given
     (``full``: plain ``mkdocs serve``, every page of both editions rebuilt; ``dirty``:
     ``--dirty --no-strict``, what ``make serve`` runs: only the edited page, unless
     something the pages are computed from changed, see docs_site/build_cache.py; mkdocs
     warns that dirty builds may leave links and navigation stale, and strict mode would
     turn that warning into an abort). The edit appends a blank line to one page (default:
     the Chinese Neurons page) and is undone afterwards; the time runs from the write until
     serve logs that it reloads the browsers.

Each run records wall seconds, CPU seconds (the build's child process, or the serve
process over the rebuild, from /proc/<pid>/stat; user + system) and the 1-minute load
average. CPU seconds are the number to compare between runs: on a shared
machine the wall time mostly measures the other load. Prints a table and the median per
row, and writes JSON (``--json``, default ``benchmarks/results/site_build.json``) with the
load averages before and after, so a result from a loaded machine says so.

    .venv/bin/python benchmarks/bench_site_build.py [--repeats 2] [--modes full dirty]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
MKDOCS = [sys.executable, "-m", "mkdocs"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def clean_build() -> tuple[float, float]:
    """Wall and CPU seconds of one strict build of both editions into a new folder."""
    with tempfile.TemporaryDirectory() as out:
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(
            [*MKDOCS, "build", "--strict", "--site-dir", out],
            cwd=ROOT,
            env=ENV,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start, _children_cpu() - cpu


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used, or None without /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # after the command name: state is field 3, utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(stream, out: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        out.put(line)


def _wait_for(lines: queue.Queue, words: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=max(0.1, end - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line.rstrip())
        if words in line:
            return
        if "Error" in line or "Aborted" in line:
            warnings = [s for s in seen if "WARNING" in s or "ERROR" in s]
            raise RuntimeError(f"mkdocs serve failed: {line.strip()}; {warnings[-5:]}")
    raise TimeoutError(f"mkdocs serve did not log {words!r} within {timeout:.0f} s")


def serve_rebuild(
    mode: str, page: Path, repeats: int, timeout: float
) -> list[tuple[float, float | None]]:
    """Wall and CPU seconds from a one-page edit to serve's reload, ``repeats`` times."""
    args = [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{_free_port()}"]
    if mode == "dirty":
        # --dirty logs a warning by design ("inaccurate navigation"), which strict mode
        # (mkdocs.yml) turns into an abort: this development mode runs without strict.
        args += ["--dirty", "--no-strict"]
    proc = subprocess.Popen(
        args, cwd=ROOT, env=ENV, stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    original = page.read_text(encoding="utf-8")
    times = []
    try:
        _wait_for(lines, "Serving on", timeout)
        for i in range(repeats):
            time.sleep(2)  # let the watcher settle
            while not lines.empty():
                lines.get_nowait()
            cpu, start = process_cpu(proc.pid), time.perf_counter()
            page.write_text(original + "\n" * (i + 1), encoding="utf-8")
            _wait_for(lines, "Reloading browsers", timeout)
            wall, cpu_after = time.perf_counter() - start, process_cpu(proc.pid)
            times.append((wall, None if cpu is None or cpu_after is None else cpu_after - cpu))
    finally:
        page.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def medians(rows: list[dict]) -> dict[str, dict]:
    """The median wall and CPU seconds of each kind of run (``what``), in first-seen order."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["what"], []).append(row)
    out = {}
    for what, runs in grouped.items():
        cpus = [r["cpu_seconds"] for r in runs if r["cpu_seconds"] is not None]
        out[what] = {
            "runs": len(runs),
            "seconds": statistics.median(r["seconds"] for r in runs),
            "cpu_seconds": statistics.median(cpus) if cpus else None,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="rebuilds per serve mode")
    parser.add_argument("--builds", type=int, default=1, help="clean builds")
    parser.add_argument("--modes", nargs="*", default=["full", "dirty"], choices=["full", "dirty"])
    parser.add_argument("--page", default="docs/neurons.zh.md", help="the page edited")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--json", default=str(ROOT / "benchmarks/results/site_build.json"))
    args = parser.parse_args()

    rows = []
    print(f"{'what':<26} {'seconds':>8} {'cpu s':>7} {'load(1m)':>9}", flush=True)

    def add(what: str, seconds: float, cpu: float | None, load: float) -> None:
        rows.append({"what": what, "seconds": seconds, "cpu_seconds": cpu, "load": load})
        cpu_text = "-" if cpu is None else f"{cpu:.1f}"
        print(f"{what:<26} {seconds:>8.1f} {cpu_text:>7} {load:>9.2f}", flush=True)

    load_before = os.getloadavg()
    for _ in range(args.builds):
        load = os.getloadavg()[0]
        add("clean build --strict", *clean_build(), load)
    for mode in args.modes:
        load = os.getloadavg()[0]
        for wall, cpu in serve_rebuild(mode, ROOT / args.page, args.repeats, args.timeout):
            add(f"serve rebuild ({mode})", wall, cpu, load)
    summary = medians(rows)
    for what, m in summary.items():
        cpu_text = "-" if m["cpu_seconds"] is None else f"{m['cpu_seconds']:.1f}"
        print(f"median {what:<19} {m['seconds']:>8.1f} {cpu_text:>7}", flush=True)
    result = {
        "page_edited": args.page,
        "languages": ["en", "zh"],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "medians": summary,
        "runs": rows,
    }
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
