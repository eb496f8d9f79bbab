"""Time the site build with both editions (English and 中文): a timing script, not a test.

Measures
  1. a clean ``mkdocs build --strict`` into a fresh folder;
  2. ``mkdocs serve``'s rebuild after a one-page edit, for each serve mode given
     (``full``: the default, every page of both editions rebuilt; ``dirty``: ``--dirty
     --no-strict``, only changed files; mkdocs warns that dirty builds may leave links and
     navigation stale, and strict mode would turn that warning into an abort). The edit
     appends a blank line to one page (default: the Chinese Neurons page) and is undone
     afterwards; the time runs from the write until serve logs that it reloads the browsers.

Prints a table and writes JSON (``--json``, default ``benchmarks/results/site_build.json``).
The machine's load average is recorded with each run: on a shared machine it dominates.

    .venv/bin/python benchmarks/bench_site_build.py [--repeats 2] [--modes full dirty]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
MKDOCS = [sys.executable, "-m", "mkdocs"]


def clean_build() -> float:
    """Seconds for one strict build of both editions into a new temporary folder."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [*MKDOCS, "build", "--strict", "--site-dir", out],
            cwd=ROOT,
            env=ENV,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


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


def serve_rebuild(mode: str, page: Path, repeats: int, timeout: float) -> list[float]:
    """Seconds from a one-page edit to serve's reload, ``repeats`` times, in one serve."""
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
            start = time.perf_counter()
            page.write_text(original + "\n" * (i + 1), encoding="utf-8")
            _wait_for(lines, "Reloading browsers", timeout)
            times.append(time.perf_counter() - start)
    finally:
        page.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


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
    print(f"{'what':<26} {'seconds':>8} {'load(1m)':>9}", flush=True)

    def add(what: str, seconds: float, load: float) -> None:
        rows.append({"what": what, "seconds": seconds, "load": load})
        print(f"{what:<26} {seconds:>8.1f} {load:>9.2f}", flush=True)

    for _ in range(args.builds):
        load = os.getloadavg()[0]
        add("clean build --strict", clean_build(), load)
    for mode in args.modes:
        load = os.getloadavg()[0]
        for s in serve_rebuild(mode, ROOT / args.page, args.repeats, args.timeout):
            add(f"serve rebuild ({mode})", s, load)
    result = {
        "page_edited": args.page,
        "languages": ["en", "zh"],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "runs": rows,
    }
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
