"""Facts of "The Q&A, checked": each claim of the accepted answer, with a computed verdict."""

from __future__ import annotations

import contextlib
import io
import runpy

from convmap import input_window, output_size, padding_amounts
from docs_site import pieces

N, K = 64, 4


def example_names(name: str) -> dict:
    """Run an example file quietly and return its global names."""
    with contextlib.redirect_stdout(io.StringIO()):
        return runpy.run_path(str(pieces.example_path(name)), run_name="__main__")


def seen(neuron: int, padding, kernel: int = K) -> list[str]:
    """The answer's 1-based pixel names for one neuron's window."""
    return [pieces.pixel_word(i, N) for i in input_window(neuron, N, kernel, 1, padding)]


def verdict(ok: bool, partly: bool | None = None) -> str:
    """'holds' if ok and nothing missing; 'half-true' if ok but a part fails; else 'wrong'."""
    if not ok:
        return "wrong"
    return "half-true" if partly is False else "holds"


def evidence() -> dict:
    """Run the page's examples and compute each claim's verdict (asserted)."""
    import numpy as np

    patch = example_names("qa-checked/one_patch.py")
    moved = int(patch["moved"].sum())
    c1 = moved == 4 * 4 * 8 < patch["z"].size
    filt = example_names("qa-checked/one_filter.py")
    maps = sorted(set(np.nonzero(filt["changed"])[3].tolist()))
    params = example_names("qa-checked/parameters.py")
    c3 = (params["conv"], params["dense"]) == (392, 402_685_952)
    count = example_names("qa-checked/count.py")["neurons"]
    base = count()
    c4_listed = count(n=32) != base and count(padding="valid") != base and count(stride=2) != base
    c4_missing = count(filters=16) == 2 * base
    assert count(k=5) == base and count(k=5, padding="valid") == 28_800
    c5 = [seen(n, "valid") for n in (0, 1, 60)] == [
        ["1", "2", "3", "4"],
        ["2", "3", "4", "5"],
        ["61", "62", "63", "64"],
    ]
    c5 = c5 and output_size(N, K, 1, "valid") == 61
    c6 = seen(0, "same") == ["zero", "1", "2", "3"] and output_size(N, K, 1, "same") == N
    c7 = seen(63, "same") == ["62", "63", "64", "zero"]
    assert seen(62, "same") == ["62", "63", "64", "zero"]
    pad1 = example_names("qa-checked/pad1.py")
    c8_values = np.allclose(pad1["z_pad1"], pad1["z_same"][:, :63, :63])
    c8_shape = pad1["z_pad1"].shape[1:] == (N, N, 8)
    rows = [
        (
            "A conv neuron looks only at a kernel-sized part of the image",
            verdict(c1),
            f"one pixel moves {moved} of {patch['z'].size:,} outputs",
            "neurons.md",
        ),
        (
            "Every neuron uses n (8) filters",
            verdict(True, len(maps) != 1),
            "changing the 4th filter (index 3) changes only the 4th feature map of Z1",
            "neurons.md",
        ),
        (
            "The filters are shared by all neurons, so far fewer parameters",
            verdict(c3),
            f"{params['conv']} vs {params['dense']:,}",
            "kernels-and-filters.md",
        ),
        (
            "The number of neurons depends on input size, kernel size, padding and stride",
            verdict(c4_listed, not c4_missing),
            f"16 filters: {count(filters=16):,} = 2 x {base:,}",
            "neurons.md",
        ),
        (
            "VALID: first neuron sees pixels 1-4, next 2-5, last 61-64; 61 x 61 x 8",
            verdict(c5),
            "neuron 61 sees " + ", ".join(seen(60, "valid")),
            "padding.md",
        ),
        (
            "SAME: first neuron sees 0, 1, 2, 3; 64 x 64 x 8",
            verdict(c6),
            "neuron 1 sees " + ", ".join(seen(0, "same")),
            "padding.md",
        ),
        (
            "SAME: the last neuron sees 62, 63, 64 and one zero",
            verdict(c7),
            "neuron 64 sees " + ", ".join(seen(63, "same")),
            "which-pixels.md",
        ),
        (
            "`conv_forward`, called with pad=1, shows how the layer (SAME, 64 x 64 x 8) is "
            "computed",
            verdict(c8_values, c8_shape),
            f"gives {pad1['z_pad1'].shape[1]} x {pad1['z_pad1'].shape[2]} x 8",
            "inside-the-convolution.md",
        ),
    ]
    expected = ["holds", "half-true", "holds", "half-true", "holds", "holds", "wrong", "half-true"]
    assert [r[1] for r in rows] == expected, [r[1] for r in rows]
    assert maps == [3]
    return {"rows": rows, "moved": moved, "maps": maps}


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


def one_zero_kernels(kernels=range(1, 17)) -> list[int]:
    """Kernels for which SAME's last neuron on the 64-pixel axis reads exactly one zero."""
    out = []
    for k in kernels:
        last = input_window(output_size(N, k, 1, "same") - 1, N, k, 1, "same")
        zeros = sum(1 for i in last if not 0 <= i < N)
        assert zeros == padding_amounts(N, k, 1, "same")[1] == (k - 1) - (k - 1) // 2
        if zeros == 1:
            out.append(k)
    return out


def checks() -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    pads = output_size(N, K, 1, (1, 2))
    assert pads == N
    ks = one_zero_kernels()
    assert ks == [2, 3]  # hand-derived: after = ceil((k - 1) / 2) is 1 only for k = 2, 3
    nine = padding_amounts(N, 9, 1, "same")
    return [
        (
            "What padding would make the answer's `conv_forward` reproduce SAME for this layer?",
            f"1 zero before and 2 after on each axis: that gives {pads} x {pads} x 8. A single "
            "`pad` number cannot say that.",
        ),
        (
            "For which kernel sizes would claim 7 (the last neuron reads one padded zero) have "
            "been right?",
            f"Only k = {ks[0]} and k = {ks[1]}, checked for every k from 1 to 16. SAME puts "
            "ceil((k - 1) / 2) zeros after the image: none for k = 1, one for k = 2 and 3, and "
            f"two or more from k = 4 on (k = 9, odd, gets {nine[1]}). Odd kernels are not "
            "enough.",
        ),
        (
            "Which neuron's window is the one the answer gives to the last neuron?",
            f"Neuron 63's: it sees {', '.join(seen(62, 'same'))}.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    ev = evidence()
    env.variables["qa_checks"] = checks()
    env.variables["qa_checked"] = {
        "moved": ev["moved"],
        "positions": 4 * 4,
        "filters": 8,
        "patch": 4 * 4 * 3,
        "fc_inputs": f"{N * N * 3:,}",
        "filter_index": 3,
        "filter_number": 4,
        "before": padding_amounts(N, K, 1, "same")[0],
        "after": padding_amounts(N, K, 1, "same")[1],
        "last": ", ".join(seen(63, "same")),
        "n": N,
        "q_out": output_size(N, K, 1, 1),
    }
    env.macro(lambda: summary_table(ev["rows"]), "qa_summary_table")
