"""Facts of "The Q&A, checked": each claim of the accepted answer, with a computed verdict."""

from __future__ import annotations

import contextlib
import io
import runpy

from convmap import input_window, output_size, padding_amounts
from docs_site import pieces

N, K, C, FILTERS = 64, 4, 3, 8
STRIDE, PAD = 1, 1  # the answer's conv_forward(..., pad=1, stride=1)
KERNELS = range(1, 17)  # the kernel sizes the second "Check yourself" answer tries
ODD_KERNEL = 9  # an odd kernel with more than one zero after the image


def example_names(name: str) -> dict:
    """Run an example file quietly and return its global names."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(pieces.example_path(name)), run_name="__main__")


def seen(neuron: int, padding, kernel: int = K) -> list[str]:
    """The answer's 1-based pixel names for one neuron's window."""
    return [pieces.pixel_word(i, N) for i in input_window(neuron, N, kernel, STRIDE, padding)]


def verdict(ok: bool, partly: bool | None = None) -> str:
    """'holds' if ok and nothing missing; 'half-true' if ok but a part fails; else 'wrong'."""
    if not ok:
        return "wrong"
    return "half-true" if partly is False else "holds"


def ordinal(n: int) -> str:
    """An English ordinal for the small numbers the page names (filters, claims).

    Examples:
        >>> ordinal(1), ordinal(2), ordinal(3), ordinal(4), ordinal(11), ordinal(22)
        ('1st', '2nd', '3rd', '4th', '11th', '22nd')
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def verdicts() -> dict:
    """Run the page's examples and compute each claim's verdict and evidence values."""
    import numpy as np

    patch = example_names("qa-checked/one_patch.py")
    moved = int(patch["moved"].sum())
    filt = example_names("qa-checked/one_filter.py")
    (changed,) = np.nonzero((filt["w_changed"] != filt["w1"]).any(axis=(0, 1, 2)))[0].tolist()
    maps = sorted(set(np.nonzero(filt["changed"])[3].tolist()))
    params = example_names("qa-checked/parameters.py")
    count = example_names("qa-checked/count.py")["neurons"]
    base, more = count(), 2 * FILTERS
    assert count(k=5) == base and count(k=5, padding="valid") == 28_800
    valid_out, same_out = output_size(N, K, STRIDE, "valid"), output_size(N, K, STRIDE, "same")
    c5 = [seen(n, "valid") for n in (0, 1, valid_out - 1)] == [
        ["1", "2", "3", "4"],
        ["2", "3", "4", "5"],
        ["61", "62", "63", "64"],
    ]
    # the answer's last SAME window ("62, 63, 64 and one zero") is the one before the last
    claimed, zero = seen(same_out - 2, "same"), pieces.pixel_word(-1, N)
    assert claimed == ["62", "63", "64", "zero"] and claimed.index(zero) == len(claimed) - 1
    pad1 = example_names("qa-checked/pad1.py")
    return {
        "moved": moved, "outputs": patch["z"].size, "filter": changed, "maps": maps,
        "params": params, "base": base, "more": more, "more_n": count(filters=more),
        "valid_out": valid_out, "same_out": same_out, "claimed": claimed, "pad1": pad1,
        "valid": [seen(n, "valid") for n in (0, 1, valid_out - 1)],
        "same_first": [i + 1 for i in input_window(0, N, K, STRIDE, "same")],  # 0: a zero
        "c1": moved == K * K * FILTERS < patch["z"].size,
        "c2": len(maps) != 1,
        "c3": (params["conv"], params["dense"]) == (392, 402_685_952),
        "c4_listed": count(n=32) != base and count(padding="valid") != base
        and count(stride=2) != base,
        "c4_missing": count(filters=more) == more // FILTERS * base,
        "c5": c5 and valid_out == 61,
        "c6": seen(0, "same") == ["zero", "1", "2", "3"] and same_out == N,
        "c7": seen(same_out - 1, "same") == claimed,
        "c8_values": np.allclose(pad1["z_pad1"], pad1["z_same"][:, : N - 1, : N - 1]),
        "c8_shape": pad1["z_pad1"].shape[1:] == (N, N, FILTERS),
    }  # fmt: skip


def layer_claims(v: dict) -> list[tuple[str, str, str, str]]:
    """Claims 1 to 4 (patch, filters, sharing, count): the answer's words, verdict, evidence."""
    number = v["filter"] + 1
    return [
        (
            "A conv neuron looks only at a kernel-sized part of the image",
            verdict(v["c1"]),
            f"one pixel moves {v['moved']} of {v['outputs']:,} outputs",
            "neurons.md",
        ),
        (
            f"Every neuron uses n ({FILTERS}) filters",
            verdict(True, v["c2"]),
            f"changing the {ordinal(number)} filter (index {v['filter']}) changes only the "
            f"{ordinal(number)} feature map of Z1",
            "neurons.md",
        ),
        (
            "The filters are shared by all neurons, so far fewer parameters",
            verdict(v["c3"]),
            f"{v['params']['conv']} vs {v['params']['dense']:,}",
            "kernels-and-filters.md",
        ),
        (
            "The number of neurons depends on input size, kernel size, padding and stride",
            verdict(v["c4_listed"], not v["c4_missing"]),
            f"{v['more']} filters: {v['more_n']:,} = {v['more'] // FILTERS} x {v['base']:,}",
            "neurons.md",
        ),
    ]


def window_claims(v: dict) -> list[tuple[str, str, str, str]]:
    """Claims 5 to 8 (windows, the answer's code): the answer's words, verdict, evidence."""
    valid, first = v["valid"], 0  # the first neuron (0-based)
    z_pad1 = v["pad1"]["z_pad1"]
    return [
        (
            f"VALID: first neuron sees pixels {valid[0][0]}-{valid[0][-1]}, next "
            f"{valid[1][0]}-{valid[1][-1]}, last {valid[2][0]}-{valid[2][-1]}; "
            f"{v['valid_out']} x {v['valid_out']} x {FILTERS}",
            verdict(v["c5"]),
            f"neuron {v['valid_out']} sees " + ", ".join(valid[2]),
            "padding.md",
        ),
        (
            f"SAME: first neuron sees {', '.join(map(str, v['same_first']))}; "
            f"{v['same_out']} x {v['same_out']} x {FILTERS}",
            verdict(v["c6"]),
            f"neuron {first + 1} sees " + ", ".join(seen(first, "same")),
            "padding.md",
        ),
        (
            f"SAME: the last neuron sees {', '.join(v['claimed'][:-1])} and one zero",
            verdict(v["c7"]),
            f"neuron {v['same_out']} sees " + ", ".join(seen(v["same_out"] - 1, "same")),
            "which-pixels.md",
        ),
        (
            f"`conv_forward`, called with pad={PAD}, shows how the layer (SAME, {N} x {N} x "
            f"{FILTERS}) is computed",
            verdict(v["c8_values"], v["c8_shape"]),
            f"gives {z_pad1.shape[1]} x {z_pad1.shape[2]} x {z_pad1.shape[3]}",
            "inside-the-convolution.md",
        ),
    ]


def evidence() -> dict:
    """Each claim of the answer with its verdict and computed evidence (asserted)."""
    v = verdicts()
    rows = layer_claims(v) + window_claims(v)
    expected = ["holds", "half-true", "holds", "half-true", "holds", "holds", "wrong", "half-true"]
    assert [r[1] for r in rows] == expected, [r[1] for r in rows]
    assert v["maps"] == [v["filter"]] == [3]
    return {"rows": rows, "moved": v["moved"], "maps": v["maps"], "filter": v["filter"]}


def summary_table(rows) -> str:
    """Markdown table of the claims, verdicts and evidence."""
    lines = [
        "| the answer says | verdict | evidence (computed) | explained in |",
        "|---|---|---|---|",
    ]
    for n, (claim, v, proof, link) in enumerate(rows, start=1):
        page = link.split("#")[0].removesuffix(".md").replace("-", " ").capitalize()
        lines.append(f"| [{n}.](#claim-{n}) {claim} | **{v}** | {proof} | [{page}]({link}) |")
    return "\n".join(lines)


def zeros_after(kernels=KERNELS) -> dict[int, int]:
    """The padded zeros SAME's last neuron on the 64-pixel axis reads, for each kernel size."""
    out = {}
    for k in kernels:
        last = input_window(output_size(N, k, STRIDE, "same") - 1, N, k, STRIDE, "same")
        zeros = sum(1 for i in last if not 0 <= i < N)
        assert zeros == padding_amounts(N, k, STRIDE, "same")[1] == (k - 1) - (k - 1) // 2
        out[k] = zeros
    return out


def checks(rows) -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers (``rows``: the claims)."""
    before, after = padding_amounts(N, K, STRIDE, "same")
    pads = output_size(N, K, STRIDE, (before, after))
    assert pads == N
    (claim,) = [n for n, row in enumerate(rows, start=1) if row[1] == "wrong"]
    zeros = zeros_after()
    ks = [k for k, z in zeros.items() if z == 1]
    assert ks == [2, 3]  # hand-derived: after = ceil((k - 1) / 2) is 1 only for k = 2, 3
    (none,) = [k for k, z in zeros.items() if z == 0]
    two = min(k for k, z in zeros.items() if z >= 2)
    assert all(z >= 2 for k, z in zeros.items() if k >= two) and ODD_KERNEL % 2 == 1
    sides = len(padding_amounts(N, K, STRIDE, "same"))  # k - 1 zeros split before and after
    nine = padding_amounts(N, ODD_KERNEL, STRIDE, "same")
    assert (claim, none, two, sides, nine[1]) == (7, 1, 4, 2, zeros[ODD_KERNEL]) and nine[1] >= 2
    return [
        (
            "What padding would make the answer's `conv_forward` reproduce SAME for this layer?",
            f"{before} zero before and {after} after on each axis: that gives {pads} x {pads} x "
            f"{FILTERS}. A single `pad` number cannot say that.",
        ),
        (
            f"For which kernel sizes would claim {claim} (the last neuron reads one padded zero) "
            "have been right?",
            f"Only k = {ks[0]} and k = {ks[1]}, checked for every k from {KERNELS[0]} to "
            f"{KERNELS[-1]}. SAME puts ceil((k - 1) / {sides}) zeros after the image: none for "
            f"k = {none}, one for k = {ks[0]} and {ks[1]}, and two or more from k = {two} on "
            f"(k = {ODD_KERNEL}, odd, gets {nine[1]}). Odd kernels are not enough.",
        ),
        (
            "Which neuron's window is the one the answer gives to the last neuron?",
            f"Neuron {N - 1}'s: it sees {', '.join(seen(N - 2, 'same'))}.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    ev = evidence()
    env.variables["qa_checks"] = checks(ev["rows"])
    env.variables["qa_checked"] = {
        "moved": ev["moved"],
        "positions": K * K,
        "filters": FILTERS,
        "patch": K * K * C,
        "fc_inputs": f"{N * N * C:,}",
        "filter_index": ev["filter"],
        "filter_number": ev["filter"] + 1,
        "before": padding_amounts(N, K, STRIDE, "same")[0],
        "after": padding_amounts(N, K, STRIDE, "same")[1],
        "last": ", ".join(seen(N - 1, "same")),
        "n": N,
        "q_out": output_size(N, K, STRIDE, PAD),
    }
    env.macro(lambda: summary_table(ev["rows"]), "qa_summary_table")
