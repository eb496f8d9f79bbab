"""convmap.diagrams: parse the SVG and check exactly which cells are marked.

The expected windows are derived by hand from TensorFlow's SAME rule for a
4-wide kernel at stride 1 (1 zero before, 2 after, so output ``i`` reads
inputs ``i - 1 .. i + 2``) and VALID (output ``i`` reads ``i .. i + 3``), not
from convmap.geometry.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from convmap import diagrams

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def cells(root: ET.Element, grid: str, panel: str | None = None) -> list[ET.Element]:
    scope = root
    if panel is not None:
        panels = [g for g in root.iter(f"{NS}g") if g.get("data-panel") == panel]
        assert len(panels) == 1
        scope = panels[0]
    return [g for g in scope.iter(f"{NS}g") if g.get("data-grid") == grid]


def rc(cell: ET.Element) -> tuple[int, int]:
    return int(cell.get("data-row")), int(cell.get("data-col"))


def marked(cs: list[ET.Element], role: str) -> set[tuple[int, int]]:
    return {rc(c) for c in cs if c.get("data-role") == role}


def check_accessible(root: ET.Element) -> None:
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and title.text and title.text.strip()
    assert desc is not None and desc.text and len(desc.text) > 40
    assert root.get("role") == "img"
    assert root.get("aria-labelledby", "").split() == [title.get("id"), desc.get("id")]
    assert root.get("viewBox", "").startswith("0 0 ")


def check_padding_marks(cs: list[ET.Element], size: int) -> None:
    for c in cs:
        r, col = rc(c)
        outside = not (0 <= r < size and 0 <= col < size)
        assert (c.get("data-pad") == "true") == outside, (r, col)
        # a padded cell is hatched, not told apart by colour alone
        assert (c.find(f"{NS}path") is not None) == outside


def window_same4(i: int) -> range:
    return range(i - 1, i + 3)


def window_valid4(i: int) -> range:
    return range(i, i + 4)


@pytest.mark.parametrize(
    ("neuron", "padding", "window"),
    [
        ((10, 20), "same", window_same4),
        ((0, 0), "same", window_same4),
        ((63, 63), "same", window_same4),
        ((0, 60), "valid", window_valid4),
        ((5, 7), 1, window_same4),  # symmetric pad=1 reads the same rows as SAME
    ],
)
def test_conv_neuron_marks_exactly_its_window(neuron, padding, window):
    root = parse(diagrams.fc_vs_conv_neuron_figure(neuron=neuron, padding=padding))
    check_accessible(root)
    inputs = cells(root, "input", "conv")
    expected = set(itertools.product(window(neuron[0]), window(neuron[1])))
    assert marked(inputs, "seen") == expected
    check_padding_marks(inputs, 64)
    outputs = cells(root, "output", "conv")
    assert marked(outputs, "neuron") == {neuron}


def test_edge_neuron_window_includes_two_padded_zeros():
    root = parse(diagrams.fc_vs_conv_neuron_figure(neuron=(63, 63)))
    seen = [c for c in cells(root, "input", "conv") if c.get("data-role") == "seen"]
    padded = {rc(c) for c in seen if c.get("data-pad") == "true"}
    real = {rc(c) for c in seen if c.get("data-pad") != "true"}
    assert real == {(62, 62), (62, 63), (63, 62), (63, 63)}
    assert len(padded) == 16 - 4


def test_fc_neuron_sees_every_drawn_input_cell():
    root = parse(diagrams.fc_vs_conv_neuron_figure())
    inputs = cells(root, "input", "fc")
    assert inputs and all(c.get("data-role") == "seen" for c in inputs)
    assert all(c.get("data-pad") is None for c in inputs)
    rows = {rc(c)[0] for c in inputs}
    assert {0, 63} <= rows  # first and last pixel are drawn
    text = "".join(root.itertext())
    assert "12,288" in text and "48 values" in text


def test_fc_vs_conv_small_layer_draws_everything():
    # 6 x 6 input, 3x3 kernel, VALID: nothing is compressed
    root = parse(
        diagrams.fc_vs_conv_neuron_figure(size=6, kernel=3, neuron=(1, 2), padding="valid")
    )
    inputs = cells(root, "input", "conv")
    assert {rc(c) for c in inputs} == set(itertools.product(range(6), range(6)))
    assert marked(inputs, "seen") == set(itertools.product(range(1, 4), range(2, 5)))


@pytest.mark.parametrize("filters", [1, 8, 16])
def test_depth_column(filters):
    root = parse(diagrams.depth_column_figure(filters=filters, neuron=(10, 20)))
    check_accessible(root)
    outs = cells(root, "output")
    assert sorted(int(c.get("data-filter")) for c in outs) == list(range(filters))
    assert {rc(c) for c in outs} == {(10, 20)}
    assert all(c.get("data-role") == "neuron" for c in outs)
    inputs = cells(root, "input")
    assert marked(inputs, "seen") == set(itertools.product(range(9, 13), range(19, 23)))
    check_padding_marks(inputs, 64)


def test_w1_figure_holds_every_weight_once():
    root = parse(diagrams.w1_filters_figure())
    check_accessible(root)
    ws = cells(root, "weight")
    keys = [(int(c.get("data-filter")), int(c.get("data-channel")), *rc(c)) for c in ws]
    assert len(keys) == 4 * 4 * 3 * 8 == 384
    assert set(keys) == set(itertools.product(range(8), range(3), range(4), range(4)))
    text = "".join(root.itertext())
    assert "384 weights" in text and "48 weights" in text


def test_w1_figure_other_shape():
    root = parse(diagrams.w1_filters_figure(kernel=(2, 3), in_channels=8, filters=16))
    keys = {
        (int(c.get("data-filter")), int(c.get("data-channel")), *rc(c))
        for c in cells(root, "weight")
    }
    assert keys == set(itertools.product(range(16), range(8), range(2), range(3)))


def test_bad_input_raises_naming_the_argument():
    with pytest.raises(ValueError, match="index"):
        diagrams.fc_vs_conv_neuron_figure(neuron=(64, 0))
    with pytest.raises(ValueError, match="filters"):
        diagrams.depth_column_figure(filters=0)
    with pytest.raises(TypeError, match="size"):
        diagrams.fc_vs_conv_neuron_figure(size="64")
    with pytest.raises(ValueError, match="in_channels"):
        diagrams.w1_filters_figure(in_channels=0)
