"""How long the live pages' Python engine (Pyodide + convmap) takes to start in Chromium.

Serves a built site on 127.0.0.1 (``--site-dir``, ``CONVMAP_SITE_DIR``, or a
fresh ``mkdocs build`` into a temporary folder), opens "Your own layer" in
headless Chromium (``/usr/bin/chromium``) with every other origin blocked,
presses the start button and measures until the page shows the layer computed
by convmap (``data-state="ready"``):

* cold: a new browser context each run (empty HTTP cache);
* warm: the same context, page reloaded (files from the browser's cache or
  answered 304 by the server).

Prints a table and writes JSON (``--json``, default
``benchmarks/results/pyodide_load.json``). Never run by the tests.

    python benchmarks/bench_pyodide_load.py --runs 3
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE = "live/your-layer/?input=64,64&kernel=4,4&padding=same"
READY = '[data-convmap="live-layer"][data-state="ready"]'


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def built_site(site_dir: str | None) -> Path:
    if site_dir:
        return Path(site_dir)
    out = Path(tempfile.mkdtemp(prefix="convmap-site-"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        check=True,
        env=env,
    )
    return out


def one_start(page, base: str) -> dict[str, float]:
    """Open the page, press start, wait for convmap's first result; seconds."""
    page.goto(base + PAGE)
    t0 = time.perf_counter()
    page.click('[data-convmap="engine-start"]')
    page.wait_for_selector(READY, timeout=300_000)
    wall = time.perf_counter() - t0
    engine = page.evaluate("() => window.convmapLive.loadSeconds")
    return {"to_ready_s": wall, "engine_s": engine}


def measure(site: Path, runs: int) -> dict[str, list[dict[str, float]]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def offline(route) -> None:
        url = route.request.url
        route.continue_() if url.startswith((base, "data:", "blob:")) else route.abort()

    results: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(runs):
            context = browser.new_context()
            context.route("**/*", offline)
            page = context.new_page()
            results["cold"].append(one_start(page, base))
            results["warm"].append(one_start(page, base))
            context.close()
        browser.close()
    server.shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold + warm starts to time")
    parser.add_argument("--site-dir", default=os.environ.get("CONVMAP_SITE_DIR"))
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "pyodide_load.json"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"no browser at {CHROMIUM}", file=sys.stderr)
        return 1
    site = built_site(args.site_dir)
    manifest = json.loads((site / "live" / "engine.json").read_text(encoding="utf-8"))
    results = measure(site, args.runs)
    rows = []
    print(f"Pyodide {manifest['pyodide']}, {manifest['fetched_bytes'] / 1e6:.1f} MB fetched")
    print(f"{'start':<6} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7}  (start -> ready)")
    for kind, runs in results.items():
        times = [r["to_ready_s"] for r in runs]
        row = {
            "start": kind,
            "runs": len(times),
            "median_s": statistics.median(times),
            "min_s": min(times),
            "max_s": max(times),
            "engine_median_s": statistics.median(r["engine_s"] for r in runs),
        }
        rows.append(row)
        print(
            f"{kind:<6} {row['runs']:>4} {row['median_s']:>9.2f} {row['min_s']:>7.2f} "
            f"{row['max_s']:>7.2f}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "pyodide": manifest["pyodide"],
        "fetched_bytes": manifest["fetched_bytes"],
        "page": PAGE,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_avg": os.getloadavg(),
        },
        "results": rows,
        "raw": results,
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
