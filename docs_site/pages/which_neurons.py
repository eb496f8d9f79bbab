"""Facts and figures of "Which neurons see a pixel?" (pixel -> neurons, coverage counts)."""

from __future__ import annotations

from convmap import figures, input_window, neurons_seeing, output_size, svg
from docs_site import pieces, presets

N, K, C, FILTERS = 64, 4, 3, 8  # the Q&A's layer: 64 x 64 x 3 input, W1 = [4, 4, 3, 8], SAME


def seeing(p: int, size: int = N, kernel: int = K, padding="same") -> list[int]:
    """Neurons (0-based) of one axis whose window holds pixel ``p``."""
    return neurons_seeing(p, size, kernel, 1, padding)


def count(r: int, c: int) -> int:
    """Neurons of one filter whose window holds pixel (r, c), 0-based."""
    return len(seeing(r)) * len(seeing(c))


def brute_count(r: int, c: int) -> int:
    """The same count by scanning every neuron's window (an independent check)."""
    out = output_size(N, K, 1, "same")
    rows = [i for i in range(out) if r in input_window(i, N, K, 1, "same")]
    cols = [j for j in range(out) if c in input_window(j, N, K, 1, "same")]
    return len(rows) * len(cols)


def facts() -> dict:
    """Compute the page's facts with convmap and assert them."""
    first, last = seeing(0), seeing(N - 1)
    assert first == [0, 1] and last == [61, 62, 63]
    places = {
        "top-left corner": (0, 0),
        "top edge": (0, 30),
        "middle": (30, 30),
        "bottom-right corner": (N - 1, N - 1),
    }
    counts = {name: count(*rc) for name, rc in places.items()}
    assert counts == {"top-left corner": 4, "top edge": 8, "middle": 16, "bottom-right corner": 9}
    assert all(counts[n] == brute_count(*places[n]) for n in places)
    pairs = sum(count(r, c) for r in range(N) for c in range(N))
    reads = sum(
        len([p for p in input_window(i, N, K, 1, "same") if 0 <= p < N])
        * len([p for p in input_window(j, N, K, 1, "same") if 0 <= p < N])
        for i in range(N)
        for j in range(N)
    )
    assert pairs == reads == 63_504
    small = [
        [len(neurons_seeing(r, 6, 3)) * len(neurons_seeing(c, 6, 3)) for c in range(6)]
        for r in range(6)
    ]
    assert small[0][0] == 1 and small[2][3] == 9 and sum(map(sum, small)) == 16 * 9
    return {
        "n": N,
        "k": K,
        "first_pixel": 1,
        "filters": FILTERS,
        "stride": 1,
        "first": len(first),
        "last": len(last),
        "first_words": ", ".join(str(i + 1) for i in first),
        "last_words": ", ".join(str(i + 1) for i in last),
        "corner_tl": counts["top-left corner"],
        "corner_br": counts["bottom-right corner"],
        "inner": counts["middle"],
        "inner_layer": counts["middle"] * FILTERS,
        "pairs": f"{pairs:,}",
        "no_pad_pairs": f"{N * N * K * K:,}",
        "cells": K * K,
        "pixels": f"{N * N:,}",
        "small_n": 6,
        "small_k": 3,
        "small_out": 4,
        "small_neurons": 16,
        "small_cells": 9,
        "small_sum": sum(map(sum, small)),
        "small_corner": small[0][0],
        "small_middle": small[2][3],
        "places": {name: (places[name], counts[name]) for name in places},
    }


def count_table(f: dict) -> str:
    """Markdown table: neurons per filter and per layer that see chosen pixels."""
    lines = [
        "| pixel (1-based row, column) | neurons per filter | in the whole layer "
        f"({f['filters']} filters) |",
        "|---|---:|---:|",
    ]
    for name, ((r, c), n) in f["places"].items():
        lines.append(f"| {name} ({r + 1}, {c + 1}) | {n} | {n * f['filters']} |")
    return "\n".join(lines)


HEAT_WORDS = (
    "The number in each cell is the count; the legend under the map shows the "
    "shade for few neurons and the shade for the most."
)


def span_words(neurons: list[int]) -> str:
    """1-based "2 to 4" for a run of 0-based neuron indices."""
    assert neurons == list(range(neurons[0], neurons[-1] + 1))
    return f"{neurons[0] + 1} to {neurons[-1] + 1}"


def small_reverse_figure() -> str:
    """Figure: which neurons of a small SAME layer see its centre pixel."""
    seen = neurons_seeing(2, 5, 3, 1, "same")
    return svg.figure(
        figures.grid_mapping(
            5,
            3,
            1,
            "same",
            pixel=(2, 2),
            one_based=True,
            title="5 x 5 input, 3 x 3 kernel, SAME: who sees pixel (3, 3)",
        ),
        f"The centre pixel (3, 3) of the 5 x 5 input (1-based) is read by the output neurons in "
        f"rows {span_words(seen)} and columns {span_words(seen)}: {len(seen) ** 2} neurons.",
    )


def qa_reverse_figure() -> str:
    """Figure: which neurons of the Q&A's layer see pixel (64, 64)."""
    seen = seeing(N - 1)
    return svg.figure(
        figures.grid_mapping(
            N,
            K,
            1,
            "SAME",
            pixel=(63, 63),
            one_based=True,
            input_view=((60, 66), (60, 66)),
            output_view=((60, 64), (60, 64)),
            title="The Q&A's layer: who sees pixel (64, 64)",
        ),
        "Bottom-right corner of the 64 x 64 input (with its 2 padded rows and columns, hatched) "
        f"and of the output. Numbers are 1-based. Pixel (64, 64) is read by the {len(seen) ** 2} "
        f"neurons in rows {span_words(seen)} and columns {span_words(seen)}.",
    )


def heat_small() -> str:
    """Heat map of a small VALID layer: neurons per pixel."""
    return svg.figure(
        figures.coverage(
            6,
            3,
            1,
            "valid",
            one_based=True,
            title="6 x 6 input, 3 x 3 kernel, VALID: neurons per pixel",
        ),
        "Each cell is a pixel of the 6 x 6 input (1-based) and shows how many of the "
        "4 x 4 = 16 output neurons read it: 1 at the corners, 9 in the middle. " + HEAT_WORDS,
    )


def heat_qa() -> str:
    """Heat maps of the Q&A's two image corners: neurons per pixel."""
    top = svg.figure(
        figures.coverage(
            N,
            K,
            1,
            "SAME",
            input_view=((0, 6), (0, 6)),
            one_based=True,
            title="The Q&A's layer, top-left corner: neurons per pixel",
        ),
        "Top-left 6 x 6 pixels of the 64 x 64 input (1-based): the corner pixel is read by 4 "
        "neurons of each filter, pixels away from the edges by 16. " + HEAT_WORDS,
    )
    bottom = svg.figure(
        figures.coverage(
            N,
            K,
            1,
            "SAME",
            input_view=((58, 64), (58, 64)),
            one_based=True,
            title="The Q&A's layer, bottom-right corner: neurons per pixel",
        ),
        "Bottom-right 6 x 6 pixels of the 64 x 64 input (1-based): the corner pixel (64, 64) "
        "is read by 9 neurons of each filter. " + HEAT_WORDS,
    )
    return top + "\n" + bottom


def show_corner(valid: list[int]) -> str:
    """The "show me" button of the VALID corner question: the VALID explorer's pixel (1, 1)."""
    key = "i:0,0"  # the top-left pixel, 0-based as the explorer data
    # the explorer is smaller than the Q&A's image, but its corner pixel has the same answer
    assert presets.preset_data("grid-valid")["cells"][key]["lit"] == [
        f"o:{r},{c}" for r in valid for c in valid
    ]
    uid = pieces.explorer_uid(presets.explorer("grid-valid"))
    return pieces.show_button(uid, key, pieces.SHOW_LABEL)


def checks(f: dict) -> list[tuple[str, str]]:
    """The page's "Check yourself" questions, with computed answers."""
    valid = neurons_seeing(0, N, K, 1, "valid")
    assert valid == [0]
    rows10 = [n + 1 for n in seeing(9)]
    assert rows10 == [8, 9, 10, 11]
    edge = count(0, 30)
    return [
        (
            "Under VALID padding, how many neurons of one filter see the top-left pixel?",
            f"{len(valid) ** 2}: only neuron (1, 1). Without padding no other window reaches the "
            f"corner. Under SAME it is {f['corner_tl']}.\n\n" + show_corner(valid),
        ),
        (
            "Which neuron rows (1-based) read pixel row 10?",
            f"Rows {', '.join(map(str, rows10))}: {len(rows10)} rows, because a window is "
            f"{f['k']} rows tall.",
        ),
        (
            "How many neurons of the whole layer see a pixel in the middle of the top edge?",
            f"{edge * f['filters']}: {len(seeing(0))} neuron rows x {len(seeing(30))} neuron "
            f"columns = {edge} per filter, times {f['filters']} filters.",
        ),
    ]


def define(env) -> None:
    """Register this page's variables and macros with mkdocs-macros."""
    f = facts()
    env.variables["which_neurons"] = f
    env.variables["which_neurons_checks"] = checks(f)
    env.macro(lambda: count_table(f), "which_neurons_table")
    env.macro(small_reverse_figure, "which_neurons_small_figure")
    env.macro(qa_reverse_figure, "which_neurons_qa_figure")
    env.macro(heat_small, "which_neurons_heat_small")
    env.macro(heat_qa, "which_neurons_heat_qa")
    env.macro(
        lambda lang="en": presets.explorer("grid-valid", lang),
        "which_neurons_explorer",
    )
