"""Write RESULTS.md (Markdown) from the benchmark's JSON; every figure comes from the JSON.

    .venv/bin/python benchmarks/report.py benchmarks/results.json > benchmarks/RESULTS.md

`targets` is also what the site uses to state which targets the committed
run met.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

PEERS = ("plain", "cs231n", "numpy_ml")
#: bench_conv.py's control: convmap's own call timed a second time, as if it were another
#: library (an A/A test). Its ratio would be 1.00 on a perfect machine; how far it strays,
#: case by case, is how far the harness can be trusted to tell two libraries apart.
CONTROL = "convmap_again"

#: The issue's targets: the largest ratio (convmap time / other time, or extra memory /
#: output) each one allows. `targets` checks them; the site states them from here.
LIMITS = {
    "peers": 1.0,  # conv2d / the best NumPy peer, every layer
    "torch_every": 1.5,  # conv2d / PyTorch, every layer
    "torch_median": 1.2,  # conv2d / PyTorch, the median over the layers
    "pools": 1.5,  # max pools / PyTorch channels_last, every pool
    "memory": 0.1,  # conv2d's temporaries / its output, the batch-1080 case
}
#: A window copy slower than this times a fill of the same bytes is bound by its short
#: inner loops (NumPy's per-loop cost), not by the bytes it writes.
SLOW_COPY = 1.5
#: OpenBLAS kernels that use no AVX-512 instruction (its x86-64 targets up to Zen).
NARROW_KERNELS = ("Haswell", "Zen", "Sandybridge", "Nehalem", "Prescott", "Core2")


def load(path: str | Path) -> dict:
    """The benchmark JSON at ``path``."""
    return json.loads(Path(path).read_text())


def best_peer(row: dict) -> tuple[str, float]:
    """The fastest NumPy peer and convmap's time over it."""
    name = min(PEERS, key=lambda k: row["ms"][k])
    return name, row["ratio"][name]


def targets(data: dict) -> dict:
    """Each target of the issue, met or not, on this run (never met on noisy rounds)."""
    convs, pools = data["convs"], data["pools"]
    noisy = [r["name"] for r in convs + pools if r["noisy"]]
    peer_ok = all(best_peer(r)[1] <= LIMITS["peers"] for r in convs)
    torch_ratios = [r["ratio"]["torch"] for r in convs if "torch" in r["ratio"]]
    big = next((r for r in convs if r["name"] == "qa1-b1080"), None)
    result = {
        "noisy_cases": noisy,
        "peers": peer_ok,
        "torch_max": max(torch_ratios) if torch_ratios else None,
        "torch_median": statistics.median(torch_ratios) if torch_ratios else None,
        "pools_max": max(
            (r["ratio"]["torch"] for r in pools if "torch" in r["ratio"]), default=None
        ),
        "b1080_extra_over_output": None if big is None else big["extra_bytes"] / big["out_bytes"],
    }
    timed = None if noisy else True  # a timing target is never "met" on noisy rounds
    result["peer_losses"] = [r["name"] for r in convs if best_peer(r)[1] > LIMITS["peers"]]
    result["peer_ties"] = [  # losses where some round had convmap at least as fast
        r["name"]
        for r in convs
        if r["name"] in result["peer_losses"]
        and r.get("ratio_range", {}).get(best_peer(r)[0], [2.0])[0] <= LIMITS["peers"]
    ]
    result["peer_within_control"] = [  # losses no larger than convmap's against itself
        r["name"] for r in convs if r["name"] in result["peer_losses"] and _within_control(r)
    ]
    result["control"] = control_bounds(convs + pools)
    result["peers"] = timed and peer_ok
    result["torch_every"] = timed and _le(result["torch_max"], LIMITS["torch_every"])
    result["torch_med"] = timed and _le(result["torch_median"], LIMITS["torch_median"])
    result["pools"] = timed and _le(result["pools_max"], LIMITS["pools"])
    result["memory"] = _le(result["b1080_extra_over_output"], LIMITS["memory"])
    return result


def _within_control(row: dict) -> bool:
    """Whether the best peer's ratio is no larger than the control's largest round."""
    low_high = row.get("ratio_range", {}).get(CONTROL)
    return bool(low_high) and best_peer(row)[1] <= low_high[1]


def control_bounds(rows: list[dict]) -> dict | None:
    """The control over all cases: the median of its ratios, its lowest and highest round.

    Returns None when the run had no control (older runs, or the allocator re-run).
    """
    rows = [r for r in rows if CONTROL in r.get("ratio", {})]
    if not rows:
        return None
    ranges = [r["ratio_range"][CONTROL] for r in rows if CONTROL in r.get("ratio_range", {})]
    medians = [r["ratio"][CONTROL] for r in rows]
    far = max(rows, key=lambda r: abs(r["ratio"][CONTROL] - 1.0))
    return {
        "cases": len(rows),
        "median": statistics.median(medians),
        "farthest": {"name": far["name"], "ratio": far["ratio"][CONTROL]},
        "low": min(low for low, _ in ranges) if ranges else None,
        "high": max(high for _, high in ranges) if ranges else None,
    }


def _le(value, limit):
    return None if value is None else value <= limit


def _f(value, digits=2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _spread(row: dict, name: str, before: str = "; ") -> str:
    """``"; 0.97-1.05"``: the lowest and highest per-round ratio (empty if not recorded)."""
    low_high = row.get("ratio_range", {}).get(name)
    return "" if not low_high else f"{before}{low_high[0]:.2f}-{low_high[1]:.2f}"


def conv_table(data: dict) -> list[str]:
    lines = [
        "| case | convmap ms | plain ms | cs231n ms | numpy-ml ms | torch ms | / best peer "
        "| / torch | / itself (control) | page faults per call (convmap, torch) "
        "| extra memory / output | quiet rounds | other CPUs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["convs"]:
        ms, ratio, faults = r["ms"], r["ratio"], r["faults_per_call"]
        name, peer_ratio = best_peer(r)
        lines.append(
            f"| {r['what']} | {_f(ms['convmap'], 3)} | {_f(ms.get('plain'), 3)} "
            f"| {_f(ms.get('cs231n'), 3)} | {_f(ms.get('numpy_ml'), 3)} | {_f(ms.get('torch'), 3)} "
            f"| {peer_ratio:.2f} ({name}{_spread(r, name)}) "
            f"| {_f(ratio.get('torch'))}{_spread(r, 'torch', '; ')} "
            f"| {_f(ratio.get(CONTROL))}{_spread(r, CONTROL)} "
            f"| {faults['convmap']:.0f}, {_f(faults.get('torch'), 0)} "
            f"| {r['extra_bytes'] / r['out_bytes']:.2f} | {r['quiet_rounds']}/{r['rounds']} "
            f"| {_f(r['other_cpus_median'])} |"
        )
    return lines


def product_rows(data: dict) -> list[dict]:
    """Per shape: convmap and the matrix products alone, each over PyTorch's whole convolution.

    ``own``: conv2d's product on its own (banded) im2col matrix; ``plain``: plain
    im2col's product (no multiplication wasted) in NumPy; ``torch_gemm``: that same
    product in ``torch.matmul``; ``least``: the cheaper of ``own`` and ``plain``, the
    time no im2col with one such product in NumPy's BLAS gets below; ``blas_gap``:
    NumPy's time for the plain product over PyTorch's; ``copy``: conv2d's window copy
    alone; ``own_and_copy``: ``own`` plus ``copy``; ``copy_over_fill``: the copy's
    time over a fill of the same bytes; ``in_turn``: the copy and then the product, one
    call after the other, over the two timed apart (above 1: the handoff between them
    costs). Shapes without a torch time are left out; a
    figure not measured (a matrix over 200 MB) is None.
    """
    rows = []
    for r in data["convs"]:
        ms = r["ms"]
        if "torch" not in ms:
            continue
        over = {k: ms[k] / ms["torch"] if k in ms else None
                for k in ("gemm_only", "plain_gemm", "torch_gemm", "window_copy")}  # fmt: skip
        own, plain, in_torch = over["gemm_only"], over["plain_gemm"], over["torch_gemm"]
        copy = over["window_copy"]
        known = [v for v in (own, plain) if v is not None]
        rows.append({
            "name": r["name"], "what": r["what"], "conv2d": r["ratio"]["torch"], "own": own,
            "plain": plain, "torch_gemm": in_torch, "least": min(known) if known else None,
            "blas_gap": None if plain is None or not in_torch else plain / in_torch,
            "copy": copy, "own_and_copy": None if None in (own, copy) else own + copy,
            "copy_over_fill": ms["window_copy"] / ms["fill"] if copy and ms.get("fill") else None,
            "in_turn": _in_turn(ms),
        })  # fmt: skip
    return rows


def _in_turn(ms: dict) -> float | None:
    """The copy then its product, over the copy and the product each timed alone."""
    if not all(ms.get(k) for k in ("copy_then_gemm", "window_copy", "gemm_only")):
        return None
    return ms["copy_then_gemm"] / (ms["window_copy"] + ms["gemm_only"])


def product_table(data: dict) -> list[str]:
    """The products-alone table; the window copy's columns only if some row timed it."""
    rows = product_rows(data)
    copies = any(r["copy"] is not None for r in rows)
    turns = any(r["in_turn"] is not None for r in rows)
    head = (
        "| case | conv2d / torch | conv2d's GEMM alone / torch | plain im2col GEMM alone "
        "/ torch | the same GEMM in torch.matmul / torch | NumPy's GEMM / torch.matmul's |"
    )
    if copies:
        head += (
            " conv2d's window copy alone / torch | its GEMM + its copy / torch "
            "| the copy / a fill of the same bytes |"
        )
    if turns:
        head += " the copy then the GEMM / the two timed apart |"
    lines = [head, "|---|" + "---:|" * (5 + 3 * copies + turns)]
    for r in rows:
        line = (
            f"| {r['what']} | {_f(r['conv2d'])} | {_f(r['own'])} | {_f(r['plain'])} "
            f"| {_f(r['torch_gemm'])} | {_f(r['blas_gap'])} |"
        )
        if copies:
            line += f" {_f(r['copy'])} | {_f(r['own_and_copy'])} | {_f(r['copy_over_fill'])} |"
        if turns:
            line += f" {_f(r['in_turn'])} |"
        lines.append(line)
    return lines


def product_bounds(data: dict) -> dict:
    """How far the products alone already are from the PyTorch targets, over all shapes.

    Returns the shapes whose cheaper product alone exceeds the every-shape limit
    (``over_every``), the median of that product over the shapes measured
    (``least_median``, next to the median limit), the median of NumPy's time over
    torch.matmul's for the same product (``gap_median``), the shapes where conv2d's
    product and window copy, each timed alone, add up to more than the every-shape
    limit (``sum_over_every``) and those whose copy takes more than `SLOW_COPY` times a
    fill of the same bytes (``slow_copies``), and the median and range of the copy then
    the product over the two timed apart (``turn_median``, ``turn_range``); None where
    not measured.
    """
    rows = [r for r in product_rows(data) if r["least"] is not None]
    gaps = [r["blas_gap"] for r in rows if r["blas_gap"] is not None]
    summed = [r for r in rows if r["own_and_copy"] is not None]
    turns = [r["in_turn"] for r in rows if r["in_turn"] is not None]
    return {
        "turn_median": statistics.median(turns) if turns else None,
        "turn_range": [min(turns), max(turns)] if turns else None,
        "summed": len(summed),
        "sum_over_every": [r["name"] for r in summed if r["own_and_copy"] > LIMITS["torch_every"]],
        "slow_copies": [r["name"] for r in summed if (r["copy_over_fill"] or 0) > SLOW_COPY],
        "measured": len(rows),
        "over_every": [r["name"] for r in rows if r["least"] > LIMITS["torch_every"]],
        "over_one": [r["name"] for r in rows if r["least"] > 1.0],
        "least_median": statistics.median(r["least"] for r in rows) if rows else None,
        "gap_median": statistics.median(gaps) if gaps else None,
        "gap_range": [min(gaps), max(gaps)] if gaps else None,
    }


def product_section(data: dict) -> list[str]:
    """RESULTS.md's section on the products alone (empty when none was measured)."""
    b = product_bounds(data)
    if not b["measured"]:
        return []
    lines = [
        "## The matrix product alone",
        "",
        "Each product runs by itself on an im2col matrix built before timing, in the same "
        "rounds as the convolutions; each figure is its median time over PyTorch's whole "
        "convolution. conv2d's GEMM multiplies its tile's banded weights, zeros included; "
        "plain im2col's multiplies one window per row, none wasted; torch.matmul runs that "
        "plain product in PyTorch's BLAS."
        + (
            " conv2d's window copy alone copies its tile's windows from an input padded "
            "before timing into a matrix made once; the fill writes every byte of such a "
            "matrix and reads none."
            if b["summed"]
            else ""
        ),
        "",
        *product_table(data),
        "",
        f"- The cheaper of the two NumPy products alone takes more than "
        f"{LIMITS['torch_every']}x PyTorch's whole convolution on {len(b['over_every'])} of "
        f"{b['measured']} shapes{_named(b['over_every'])}, and more than all of it on "
        f"{len(b['over_one'])}{_named(b['over_one'])}.",
        f"- Its median over the {b['measured']} shapes is {_f(b['least_median'])} (the target "
        f"for the whole convolution: {LIMITS['torch_median']}).",
    ]
    if b["gap_median"] is not None:
        low, high = b["gap_range"]
        lines.append(
            f"- NumPy's BLAS takes {_f(b['gap_median'])} times as long as torch.matmul for the "
            f"same plain product at the median ({low:.2f} to {high:.2f})."
        )
    if b["summed"]:
        lines.append(
            f"- conv2d's product and its window copy, each timed alone, add up to more than "
            f"{LIMITS['torch_every']}x PyTorch's whole convolution on {len(b['sum_over_every'])} "
            f"of {b['summed']} shapes{_named(b['sum_over_every'])}; the copy takes more than "
            f"{SLOW_COPY}x a fill of the same bytes on {len(b['slow_copies'])}"
            f"{_named(b['slow_copies'])}."
        )
    if b["turn_median"] is not None:
        low, high = b["turn_range"]
        lines.append(
            f"- The copy and then the product, one after the other as conv2d runs them, took "
            f"{_f(b['turn_median'])} times as long as the two timed apart at the median "
            f"({low:.2f} to {high:.2f})."
        )
    return [*lines, ""]


def _named(names: list[str]) -> str:
    return f" ({', '.join(names)})" if names else ""


def pool_table(data: dict) -> list[str]:
    lines = [
        "| pool | convmap ms | torch ms (channels_last) | / torch | / itself (control) "
        "| page faults per call (convmap, torch) | extra memory / input | quiet rounds "
        "| other CPUs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["pools"]:
        ms, faults = r["ms"], r["faults_per_call"]
        lines.append(
            f"| {r['what']} | {_f(ms['convmap'], 3)} | {_f(ms.get('torch'), 3)} "
            f"| {_f(r['ratio'].get('torch'))}{_spread(r, 'torch')} "
            f"| {_f(r['ratio'].get(CONTROL))}{_spread(r, CONTROL)} "
            f"| {faults['convmap']:.0f}, {_f(faults.get('torch'), 0)} "
            f"| {r['extra_bytes'] / r['in_bytes']:.2f} | {r['quiet_rounds']}/{r['rounds']} "
            f"| {_f(r['other_cpus_median'])} |"
        )
    return lines


def _losses(t: dict) -> str:
    """Which shapes lost to a peer, and which of those won a round (a tie within the spread)."""
    if not t["peer_losses"]:
        return ""
    text = f" (slower on {', '.join(t['peer_losses'])}"
    if t["peer_ties"]:
        text += f"; at least as fast in some round on {', '.join(t['peer_ties'])}"
    if t.get("peer_within_control"):
        text += (
            f"; no slower than convmap against itself in its worst round on "
            f"{', '.join(t['peer_within_control'])}"
        )
    return text + ")"


def control_section(t: dict) -> list[str]:
    """RESULTS.md's lines on the control (empty when the run had none)."""
    c = t.get("control")
    if not c:
        return []
    spread = "" if c["low"] is None else f"; single rounds from {c['low']:.2f} to {c['high']:.2f}"
    return [
        "## The control: convmap against itself",
        "",
        f"convmap's own call (conv2d, or max_pool2d on a pool), timed a second time as if it "
        f"were another library, on "
        f"{c['cases']} cases: the median of its ratios is {c['median']:.2f}, the farthest "
        f"from 1 is {c['farthest']['ratio']:.2f} ({c['farthest']['name']}){spread}. "
        "A ratio to a peer inside that spread does not tell the two apart.",
        "",
    ]


def _environment(machine: dict) -> list[str]:
    """A line naming the speed-changing environment variables the run had set, if any."""
    set_vars = [f"`{k}={v}`" for k, v in machine.get("env", {}).items() if v is not None]
    return [f"- Environment: {', '.join(set_vars)}"] if set_vars else []


def _narrow_blas(machine: dict) -> list[str]:
    """A warning when NumPy's OpenBLAS runs a kernel narrower than the CPU's AVX-512.

    OpenBLAS builds that do not recognise a processor fall back to an older kernel
    (AMD's Zen 5 got Haswell's before OpenBLAS pull request 6033); every NumPy product
    in the run is then slower than the machine allows.
    """
    narrow = [
        b.get("architecture")
        for b in machine.get("blas", [])
        if b.get("internal_api") == "openblas" and b.get("architecture") in NARROW_KERNELS
    ]
    if not narrow or not machine.get("simd", "").startswith("AVX-512"):
        return []
    return [
        f"- OpenBLAS ran its {narrow[0]} kernel, which uses no AVX-512, on this AVX-512 CPU: "
        "`OPENBLAS_CORETYPE=SKYLAKEX`, set before Python starts, selects its AVX-512 kernel"
    ]


def markdown(data: dict, source: str = "benchmarks/results.json") -> str:
    """The Markdown report of the run ``data``, read from the JSON file named ``source``."""
    m, t, lim = data["machine"], targets(data), LIMITS
    blas = "; ".join(
        f"{b.get('internal_api', b.get('name'))} {b.get('version')} "
        f"({b.get('architecture', '')}, {b.get('num_threads', '?')} threads)"
        for b in m["blas"]
        if b.get("user_api") == "blas"
    )
    yes = {True: "met", False: "**not met**", None: "not shown (noisy rounds or not measured)"}
    lines = [
        "# convmap benchmark results",
        "",
        f"Generated by `benchmarks/report.py` from `{source}` (written by "
        "`benchmarks/bench_conv.py`); no figure here is typed by hand.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']} ({m['simd']}), {m['cores_visible']} cores visible",
        f"- Python {m['python']}, NumPy {m['numpy']}, PyTorch {m['torch'] or 'not installed'} "
        f"({m['torch_threads']} threads), convmap kernel threads {m['kernel_threads']}",
        f"- NumPy BLAS: {blas or 'unknown'}",
        *_environment(m),
        *_narrow_blas(m),
        f"- Command: `{data['command']}`; {data['rounds']} rounds of {data['run_seconds']} s "
        f"runs per library, {data['pause']} s pause between libraries",
        f"- Load average at start {_f(data['load_average_start'][0])}, at end "
        f"{_f(data['load_average_end'][0])}; a run counts as quiet when other processes kept "
        f"at most {data['max_other_cpus']} CPUs busy",
        "",
        "## Convolutions (float32, NHWC; ratios are convmap time / other time, median over "
        "quiet rounds, each round's runs side by side; after the semicolon, the lowest and "
        "highest ratio of a single round)",
        "",
        *conv_table(data),
        "",
        *product_section(data),
        "## Max pools",
        "",
        *pool_table(data),
        "",
        *control_section(t),
        "## Targets on this run",
        "",
    ]
    if t["noisy_cases"]:
        lines += [
            f"Cases without one quiet round (their figures are from noisy rounds and prove "
            f"nothing): {', '.join(t['noisy_cases'])}.",
            "",
        ]
    lines += [
        f"- conv2d no slower than the best NumPy peer on every shape: {yes[t['peers']]}"
        + _losses(t),
        f"- conv2d / PyTorch <= {lim['torch_every']} on every shape (largest "
        f"{_f(t['torch_max'])}): {yes[t['torch_every']]}",
        f"- conv2d / PyTorch <= {lim['torch_median']} at the median ({_f(t['torch_median'])}): "
        f"{yes[t['torch_med']]}",
        f"- max pools / PyTorch channels_last <= {lim['pools']} (largest {_f(t['pools_max'])}): "
        f"{yes[t['pools']]}",
        f"- extra memory on the Q&A's conv1 at batch 1080 <= {lim['memory']}x the output "
        f"({_f(t['b1080_extra_over_output'])}): {yes[t['memory']]}",
    ]
    if data.get("loops"):
        lp = data["loops"]
        lines += [
            "",
            "## conv2d_loops vs conv2d (the Q&A's single image, SAME)",
            "",
            f"conv2d_loops {lp['loops_ms']:.0f} ms, conv2d {lp['conv2d_ms']:.3f} ms: "
            f"the loops take {lp['ratio']:,.0f} times as long.",
        ]
    big = next((r for r in data["convs"] if r["name"] == "qa1-b1080"), None)
    mal = data.get("b1080_malloc")
    if big and mal and "torch" in big["ratio"]:
        lines += [
            "",
            "## Batch 1080 and page faults",
            "",
            f"With glibc's defaults PyTorch takes {big['faults_per_call']['torch']:,.0f} page "
            "faults per call on the batch-1080 case (convmap "
            f"{big['faults_per_call']['convmap']:,.0f}), "
            f"and conv2d / PyTorch is {big['ratio']['torch']:.2f}. With `{mal['env']}` (freed "
            f"memory kept by the allocator) PyTorch takes {mal['faults_per_call']['torch']:,.0f} "
            f"faults per call and the ratio is {mal['ratio']['torch']:.2f} "
            f"({mal['quiet_rounds']} of {mal['rounds']} rounds quiet).",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json"
    sys.stdout.write(markdown(load(path), path))
