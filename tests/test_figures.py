"""The SVG figures mark exactly the cells the geometry says (parsed, not string-compared)."""

from __future__ import annotations

import itertools
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import figures, input_window, layer_geometry, neurons_seeing, output_size, svg

NS = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def cells(root: ET.Element, grid: str | None = None) -> list[ET.Element]:
    found = [g for g in root.iter(f"{NS}g") if g.get("data-grid") in ("input", "output")]
    return [g for g in found if grid is None or g.get("data-grid") == grid]


def positions(root: ET.Element, grid: str, role: str | None = None, pad: bool | None = None):
    out = set()
    for g in cells(root, grid):
        if role is not None and g.get("data-role") != role:
            continue
        if pad is not None and (g.get("data-pad") == "true") != pad:
            continue
        out.add((int(g.get("data-row")), int(g.get("data-col"))))
    return out


def cols(found: set[tuple[int, int]]) -> set[int]:
    assert {r for r, _ in found} <= {0}
    return {c for _, c in found}


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def check_accessible(root: ET.Element) -> None:
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    box = [float(v) for v in root.get("viewBox").split()]
    assert box[:2] == [0, 0] and box[2] > 0 and box[3] > 0
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and title.text.strip()
    assert desc is not None and desc.text.strip()
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]


# --- axis_windows -------------------------------------------------------------------


def test_qa_axis_same_first_and_last_windows():
    root = parse(figures.axis_windows(64, 4, 1, "SAME", neurons=[0, 63], one_based=True))
    check_accessible(root)
    # hand-derived: SAME pads 1 before and 2 after; neuron 0 reads -1..2, neuron 63 reads 62..65
    assert cols(positions(root, "input", "window")) == {-1, 0, 1, 2, 62, 63, 64, 65}
    assert cols(positions(root, "input", pad=True)) == {-1, 64, 65}
    assert cols(positions(root, "output", "neuron")) == {0, 63}
    # the same from the geometry module
    expected = set(input_window(0, 64, 4, 1, "same")) | set(input_window(63, 64, 4, 1, "same"))
    assert cols(positions(root, "input", "window")) == expected
    by_cell = {int(g.get("data-col")): g.get("data-neurons") for g in cells(root, "input")}
    assert by_cell[-1] == "0" and by_cell[64] == "63" and by_cell[3] is None
    words = texts(root)
    assert "neuron 64" in words and "neuron 1" in words  # 1-based labels
    assert "64" in words and "0" not in words
    assert "Neuron 64 reads 63, 64, a padded zero, a padded zero." in root.find(f"{NS}desc").text


def test_axis_one_based_labels():
    root = parse(figures.axis_windows(64, 4, 1, "same", neurons=[63]))
    assert "neuron 64" in texts(root) and "neuron 63" not in texts(root)
    assert root.get("data-numbering") == "1-based"
    assert "pad" in texts(root) and "0" not in texts(root)  # padding is "pad", never numbered


def test_axis_compact_long_axis():
    root = parse(figures.axis_windows(64, 4, 1, "same", neurons=[0, 63]))
    shown = cols(positions(root, "input"))
    assert len(shown) < 20  # 67 padded positions drawn compactly
    assert {-1, 0, 63, 64, 65} <= shown
    assert "…" in texts(root)
    assert float(root.get("viewBox").split()[2]) < 600


def test_qa_symmetric_pad_one_has_63_outputs():
    root = parse(figures.axis_windows(64, 4, 1, 1, neurons=[62]))
    assert cols(positions(root, "input", "window")) == {61, 62, 63, 64}
    assert cols(positions(root, "input", pad=True)) == {-1, 64}
    assert max(cols(positions(root, "output"))) == 62  # 63 outputs: 0..62


def test_stride_longer_than_kernel_marks_unseen_pixels():
    # size 7, kernel 2, stride 3: windows [0, 1] and [3, 4]; 2, 5, 6 are skipped
    root = parse(figures.axis_windows(7, 2, 3, "valid", neurons="all"))
    assert cols(positions(root, "input", "unseen")) == {2, 5, 6}
    assert {p for p in range(7) if not neurons_seeing(p, 7, 2, 3)} == {2, 5, 6}
    assert cols(positions(root, "output")) == {0, 1}


def test_dilation_lane_marks_taps_with_gaps():
    root = parse(figures.axis_windows(9, 3, 1, "valid", 2, neurons=[1]))
    taps = [int(r.get("data-tap")) for r in root.iter(f"{NS}rect") if r.get("data-tap")]
    assert taps == [1, 3, 5]
    assert cols(positions(root, "input", "window")) == {1, 3, 5}


def test_dropped_window_drawn_but_not_a_cell():
    root = parse(figures.axis_windows(8, 3, 2, "valid", neurons="all", show_dropped=True))
    assert cols(positions(root, "output")) == {0, 1, 2}  # floor((8 - 3) / 2) + 1 = 3
    assert cols(positions(root, "input")) == set(range(8))  # position 8 is only a ghost
    assert "no neuron: past the end" in texts(root)


@settings(max_examples=150, deadline=None)
@given(
    size=st.integers(1, 14),
    kernel=st.integers(1, 4),
    stride=st.integers(1, 4),
    dilation=st.integers(1, 3),
    padding=st.sampled_from(["valid", "same", "full", 1, (0, 2)]),
)
def test_axis_every_lane_is_its_window(size, kernel, stride, dilation, padding):
    try:
        out = output_size(size, kernel, stride, padding, dilation)
    except ValueError:  # the dilated kernel does not fit: no figure to draw
        return
    root = parse(figures.axis_windows(size, kernel, stride, padding, dilation, neurons="all"))
    lanes = {}
    for r in root.iter(f"{NS}rect"):
        if r.get("data-tap") is not None:
            lanes.setdefault(r.get("class"), []).append(int(r.get("data-tap")))
    windows = [input_window(i, size, kernel, stride, padding, dilation) for i in range(out)]
    # brute force: a pixel is unseen when no window lists it
    read = {p for w in windows for p in w}
    assert cols(positions(root, "input", "unseen")) == set(range(size)) - read
    assert cols(positions(root, "input", "window")) == read
    assert cols(positions(root, "output")) == set(range(out))
    outlines = [r for r in root.iter(f"{NS}rect") if r.get("data-neuron") is not None]
    assert sorted(int(r.get("data-neuron")) for r in outlines) == list(range(out))


def test_axis_bad_neuron_raises():
    with pytest.raises(ValueError, match=r"neurons\[0\] must be an index in 0..60 .*got 61"):
        figures.axis_windows(64, 4, 1, "valid", neurons=[61])
    with pytest.raises(ValueError, match="neurons"):
        figures.axis_windows(64, 4, 1, "valid", neurons="every")
    with pytest.raises(ValueError, match="at most 6 neurons"):
        figures.axis_windows(64, 4, 1, "valid", neurons="all")


# --- grid_mapping -------------------------------------------------------------------


def test_forward_corner_of_qa_layer():
    root = parse(
        figures.grid_mapping(
            64,
            4,
            1,
            "SAME",
            neuron=(0, 0),
            input_view=((-1, 8), (-1, 8)),
            output_view=((0, 8), (0, 8)),
            one_based=True,
        )
    )
    check_accessible(root)
    window = positions(root, "input", "window")
    assert window == set(itertools.product(range(-1, 3), range(-1, 3)))  # hand-derived
    rows = input_window(0, 64, 4, 1, "same")
    assert window == set(itertools.product(rows, rows))
    assert positions(root, "output", "neuron") == {(0, 0)}
    pads = positions(root, "input", pad=True)
    shown = positions(root, "input")
    assert pads == {(r, c) for r, c in shown if r < 0 or c < 0}
    assert len(shown) == 9 * 9 and len(positions(root, "output")) == 8 * 8


def test_reverse_small_layer():
    root = parse(figures.grid_mapping(5, 3, 1, 1, pixel=(2, 2)))
    check_accessible(root)
    assert positions(root, "input", "pixel") == {(2, 2)}
    # hand: with pad 1 and kernel 3, outputs 1, 2, 3 of each axis read input 2
    assert positions(root, "output", "seen") == set(itertools.product([1, 2, 3], [1, 2, 3]))
    seen = neurons_seeing(2, 5, 3, 1, 1)
    assert positions(root, "output", "seen") == set(itertools.product(seen, seen))
    assert positions(root, "input", pad=True) == {
        (r, c) for r in range(-1, 6) for c in range(-1, 6) if not (0 <= r < 5 and 0 <= c < 5)
    }


def test_reverse_non_square_stride():
    # input 6 x 9, kernel (2, 3), stride (2, 3), valid: pixel (3, 4) is read by output (1, 1)
    root = parse(figures.grid_mapping((6, 9), (2, 3), (2, 3), "valid", pixel=(3, 4)))
    assert positions(root, "output", "seen") == {(1, 1)}
    assert layer_geometry((6, 9), (2, 3), (2, 3)).output == (3, 3)
    assert len(positions(root, "output")) == 9


def test_grid_mapping_needs_exactly_one_mark():
    with pytest.raises(ValueError, match="exactly one"):
        figures.grid_mapping(5, 3)
    with pytest.raises(ValueError, match="exactly one"):
        figures.grid_mapping(5, 3, neuron=(0, 0), pixel=(0, 0))


# --- coverage -----------------------------------------------------------------------


def brute_counts(h, w, kernel, stride, padding):
    g = layer_geometry((h, w), kernel, stride, padding)
    counts = {(r, c): 0 for r in range(h) for c in range(w)}
    for i in range(g.output[0]):
        rows = input_window(i, h, g.kernel[0], g.stride[0], g.padding[0])
        for j in range(g.output[1]):
            for r in rows:
                for c in input_window(j, w, g.kernel[1], g.stride[1], g.padding[1]):
                    if (r, c) in counts:
                        counts[(r, c)] += 1
    return counts


@pytest.mark.parametrize(
    "h, w, kernel, stride, padding",
    [(6, 6, 3, 1, "valid"), (7, 5, (2, 3), (2, 1), "same"), (5, 5, 1, 2, "valid")],
)
def test_coverage_counts_match_brute_force(h, w, kernel, stride, padding):
    root = parse(figures.coverage((h, w), kernel, stride, padding))
    check_accessible(root)
    got = {
        (int(g.get("data-row")), int(g.get("data-col"))): int(g.get("data-count"))
        for g in cells(root, "input")
    }
    assert got == brute_counts(h, w, kernel, stride, padding)
    unseen = positions(root, "input", "unseen")
    assert unseen == {k for k, v in got.items() if v == 0}
    labels = {t.text for t in root.iter(f"{NS}text") if "cm-in-cell" in t.get("class", "")}
    assert labels == {str(v) for v in got.values()}


def test_coverage_qa_layer_corner_and_centre():
    root = parse(figures.coverage(64, 4, 1, "same", input_view=((0, 8), (0, 8))))
    got = {
        (int(g.get("data-row")), int(g.get("data-col"))): int(g.get("data-count"))
        for g in cells(root, "input")
    }
    # hand: SAME pads 1 before, so pixel 0 is read by outputs 0, 1 only (2 per axis);
    # an inner pixel by 4 per axis
    assert got[(0, 0)] == 2 * 2 and got[(5, 5)] == 4 * 4 and got[(0, 5)] == 2 * 4
    assert len(got) == 64


# --- svg primitives -----------------------------------------------------------------


def test_document_ids_differ_between_figures():
    a = parse(figures.axis_windows(8, 3))
    b = parse(figures.axis_windows(9, 3))
    assert a.find(f"{NS}title").get("id") != b.find(f"{NS}title").get("id")


def test_track_compresses_and_keeps():
    t = svg.track(0, 64, keep=[30], context=1)
    assert t.slots == [0, None, 29, 30, 31, None, 63]
    assert t.pos(30) == 3 * svg.CELL
