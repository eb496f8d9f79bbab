"""From fully connected to convolution: locality, then sharing; parameter counts of all three."""

from __future__ import annotations

import numpy as np

from convmap import Conv2D, Dense, Flatten, conv2d, input_window, output_size, trace
from docs_site import pieces
from docs_site.qa_layer import CHANNELS, FILTERS, KERNEL, SIZE, facts, shape


def _counts(qa) -> dict[str, int]:
    """Parameters of the three layers with the Q&A's 32,768 outputs, each checked twice."""
    fc = trace([Flatten(), Dense(qa.neurons)], (SIZE, SIZE, CHANNELS))[1].params
    conv = trace([Conv2D(FILTERS, KERNEL, padding="same")], (SIZE, SIZE, CHANNELS))[0].params
    w_local = pieces.example_globals("from_fc/locally_connected.py")["w_local"]
    local = w_local.size + qa.positions * FILTERS  # a bias per position and filter
    assert fc == (qa.inputs + 1) * qa.neurons == 402_685_952
    assert local == qa.positions * (qa.patch + 1) * FILTERS == 1_605_632
    assert conv == (qa.patch + 1) * FILTERS == 392
    return {"fc": fc, "local": local, "conv": conv}


def _table(qa, n: dict[str, int]) -> str:
    p, f, pos = qa.patch, FILTERS, qa.positions
    rows = [
        ("fully connected", "all values", "no",
         f"({qa.inputs:,} + 1) x {qa.neurons:,}", n["fc"]),
        ("locally connected", "one patch", "no",
         f"{pos:,} positions x ({p} + 1) x {f}", n["local"]),
        ("convolution", "one patch", "yes", f"({p} + 1) x {f}", n["conv"]),
    ]  # fmt: skip
    lines = ["| layer | a neuron reads | weights shared | parameters | count |",
             "|---|---|---|---|---:|"]  # fmt: skip
    lines += [f"| {a} | {b} | {c} | {d} | {e:,} |" for a, b, c, d, e in rows]
    return "\n".join(lines) + "\n"


def _checks(env) -> None:
    loc = pieces.example_globals("from_fc/locality.py")
    r, c = loc["r"], loc["c"]
    assert input_window(r, SIZE, KERNEL, 1, "same") == list(range(r - 1, r + 3))
    assert input_window(c, SIZE, KERNEL, 1, "same") == list(range(c - 1, c + 3))
    z = conv2d(loc["x"], loc["w1"], padding="same")[0, r, c, loc["f"]]
    assert np.isclose(loc["fc"], z) and np.count_nonzero(loc["w_fc"]) == KERNEL * KERNEL * CHANNELS
    lc = pieces.example_globals("from_fc/locally_connected.py")
    assert np.allclose(lc["shared"], conv2d(lc["x"], lc["w1"], padding="same")[0])
    eq = pieces.example_globals("from_fc/equivariance.py")
    dr, dc = shift_of(eq["x"], eq["moved"])
    _, rows, cols, _ = eq["inner"]
    moved_inner = (slice(rows.start + dr, rows.stop + dr), slice(cols.start + dc, cols.stop + dc))
    assert (dr, dc) == (2, 3) and np.allclose(eq["z_moved"][:, *moved_inner], eq["z"][eq["inner"]])
    env.variables["from_fc_where"] = f"row {r + 1}, column {c + 1}"
    env.variables["from_fc_shift"] = f"{dr} rows down and {dc} columns right"


def shift_of(x, moved) -> tuple[int, int]:
    """How many rows down and columns right ``moved`` (NHWC) holds ``x``, zeros filling in."""
    filled = np.any(moved[0] != 0, axis=2)  # (H, W): where the moved image has values
    dr, dc = int(np.argmax(filled.any(axis=1))), int(np.argmax(filled.any(axis=0)))
    h, w = x.shape[1] - dr, x.shape[2] - dc
    assert np.array_equal(moved[:, dr:, dc:], x[:, :h, :w]), "moved is not a shifted x"
    return dr, dc


def define(env) -> None:
    """Register the page's facts and table."""
    qa = facts()
    n = _counts(qa)
    _checks(env)
    env.variables["from_fc_counts"] = n
    env.variables["from_fc_table"] = _table(qa, n)
    env.variables["from_fc_neuron_params"] = qa.inputs + 1
    env.variables["from_fc_zero_weights"] = qa.inputs - qa.patch
    env.variables["from_fc_local_ratio"] = f"{n['local'] // n['conv']:,}"
    assert n["local"] // n["conv"] == qa.positions
    env.variables["from_fc_fc_ratio"] = f"{round(n['fc'] / n['local']):,}"
    valid = output_size(SIZE, KERNEL, 1, "valid")
    env.variables["from_fc_answer_neuron"] = (
        f"{qa.inputs:,} weights, one per value of the {qa.input_shape} image, plus one bias: "
        f"{qa.inputs + 1:,}."
    )
    env.variables["from_fc_answer_valid"] = (
        f"VALID has {shape(valid, valid)} = {valid * valid:,} positions, each with its own "
        f"{FILTERS} filters and biases: {valid * valid:,} x ({qa.patch} + 1) x {FILTERS} = "
        f"{valid * valid * (qa.patch + 1) * FILTERS:,}. The conv layer still has {n['conv']}."
    )
    env.variables["from_fc_answer_zero"] = (
        f"{qa.inputs - qa.patch:,} of its {qa.inputs:,} weights are zero; the {qa.patch} left "
        f"are one {qa.patch_shape} filter."
    )
