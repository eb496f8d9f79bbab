"""Geometry of the transposed convolution: sizes, painting maps, the forward twin."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import input_window, layer_geometry, neurons_seeing, output_size
from convmap.transpose_geometry import (
    keras_transpose_output_size,
    painted_pixels,
    painting_inputs,
    tf_transpose_output_sizes,
    torch_transpose_output_size,
    transpose_axis,
    transpose_geometry,
    transpose_output_size,
)

# ---------------------------------------------------------------- hand-derived sizes


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # (size, kernel, stride, padding, output_padding, dilation) -> PyTorch's formula by hand
        ((4, 3, 2, 1, 1, 1), 3 * 2 - 2 + 2 + 1 + 1),  # 8: the usual "double the size"
        ((4, 4, 2, 1, 0, 1), 3 * 2 - 2 + 3 + 1),  # 8
        ((5, 3, 1, 0, 0, 1), 4 + 2 + 1),  # 7 = 5 + 3 - 1
        ((3, 3, 3, 0, 2, 1), 2 * 3 + 2 + 2 + 1),  # 11
        ((3, 3, 1, 0, 0, 2), 2 + 4 + 1),  # 7: dilated span 5
        ((3, 2, 1, 0, 1, 2), 2 + 2 + 1 + 1),  # 6: output_padding 1 = stride < dilation
        ((2, 1, 3, 0, 2, 1), 3 + 0 + 2 + 1),  # 6: kernel smaller than stride, gaps
    ],
)
def test_torch_sizes_by_hand(args: tuple[int, ...], expected: int) -> None:
    assert torch_transpose_output_size(*args) == expected
    assert transpose_output_size(*args) == expected


def test_padding_words() -> None:
    # valid: nothing cropped; full: dilation * (kernel - 1) cropped each side
    assert transpose_output_size(5, 3, 2, "valid") == 11
    assert transpose_output_size(5, 3, 2, "full") == 11 - 4
    assert transpose_output_size(5, 3, 1, "full") == 5 - 2  # undoes a "full" conv: 3 -> 5
    # same: size * stride, and the crop is TensorFlow's SAME padding of that length
    for m, k, s in [(4, 3, 2), (4, 4, 2), (3, 5, 3), (64, 4, 1), (3, 1, 3)]:
        axis = transpose_axis(m, k, s, "same")
        assert axis.output == m * s == keras_transpose_output_size(m, k, s, "same")
        assert output_size(m * s, k, s, "same") == m
        assert axis.padding == layer_geometry((1, m * s), (1, k), (1, s), "same").padding[1]


def test_explicit_pairs_crop_each_end() -> None:
    axis = transpose_axis(3, 3, 2, (1, 2))
    assert (axis.full, axis.output, axis.crop) == (7, 4, (1, 2))
    assert [axis.painted(i) for i in range(3)] == [[-1, 0, 1], [1, 2, 3], [3, 4, 5]]


def test_output_padding_adds_zero_rows_at_the_end() -> None:
    axis = transpose_axis(2, 1, 3, 0, 2)  # two values, kernel 1, stride 3: X . . X . .
    assert axis.output == 6 and axis.crop == (0, -2)
    assert [axis.painters(o) for o in range(6)] == [[0], [], [], [1], [], []]


def test_qa_layer_backwards() -> None:
    """The Q&A's conv1 (64, kernel 4, SAME): its transpose maps 64 back to 64."""
    axis = transpose_axis(64, 4, 1, "same")
    assert axis.output == 64 and axis.padding == (1, 2)
    assert axis.painted(0) == [-1, 0, 1, 2]  # the same window as neuron 0 reads
    assert axis.painters(30) == neurons_seeing(30, 64, 4, 1, "same") == [28, 29, 30, 31]
    assert len(axis.painters(0)) == 2 and len(axis.painters(63)) == 3


# ---------------------------------------------------------------- TensorFlow's output_shape


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((4, 3, 2, "same"), [7, 8]),
        ((4, 3, 2, "valid"), [9, 10]),
        ((3, 3, 3, "valid"), [9, 10, 11]),
        ((3, 5, 3, "same"), [7, 8, 9]),
        ((4, 3, 1, "valid"), [6]),
        ((4, 3, 2, (1, 1)), [7, 8]),
    ],
)
def test_tf_lengths_by_hand(args: tuple, expected: list[int]) -> None:
    assert tf_transpose_output_sizes(*args) == expected


@settings(max_examples=150, deadline=None)
@given(
    m=st.integers(1, 6),
    k=st.integers(1, 5),
    s=st.integers(1, 4),
    d=st.integers(1, 3),
    padding=st.one_of(
        st.sampled_from(["valid", "same", "full"]),
        st.integers(0, 3),
        st.tuples(st.integers(0, 3), st.integers(0, 3)),
    ),
)
def test_tf_lengths_are_exactly_the_transpose_axes(m, k, s, d, padding) -> None:
    """Every length TF accepts resolves, and every other one is refused."""
    accepted = tf_transpose_output_sizes(m, k, s, padding, d)
    for n in range(1, m * s + d * (k - 1) + 3):
        if n in accepted:
            axis = transpose_axis(m, k, s, padding, 0, d, output_length=n)
            assert axis.output == n and 0 <= axis.output_padding < s
            assert output_size(n, k, s, axis.padding, d) == m  # the forward twin
        else:
            with pytest.raises(ValueError, match="output length"):
                transpose_axis(m, k, s, padding, 0, d, output_length=n)
    if padding in ("valid", "same"):
        assert keras_transpose_output_size(m, k, s, padding, d) in accepted
    if padding != "same":  # output_padding 0..s-1 walks through the same lengths
        by_padding = []
        for op in range(s):
            try:
                by_padding.append(transpose_output_size(m, k, s, padding, op, d))
            except ValueError:
                continue
        assert by_padding == accepted


# ---------------------------------------------------------------- painting = seeing of the twin


settings_1d = st.tuples(
    st.integers(1, 6),
    st.integers(1, 5),
    st.integers(1, 4),
    st.one_of(
        st.sampled_from(["valid", "same", "full"]),
        st.integers(0, 3),
        st.tuples(st.integers(0, 3), st.integers(0, 3)),
    ),
    st.integers(0, 3),
    st.integers(1, 3),
)


@settings(max_examples=300, deadline=None)
@given(settings_1d)
def test_painting_map_is_the_twin_seeing_map(args) -> None:
    m, k, s, padding, op, d = args
    try:
        axis = transpose_axis(m, k, s, padding, op, d)
    except ValueError:
        return  # refused settings are tested elsewhere
    n, pads = axis.output, axis.padding
    for i in range(m):
        painted = painted_pixels(i, m, k, s, padding, op, d)
        # tap t of input i lands at i*s + t*d - before (by hand) ...
        assert painted == [i * s + t * d - pads[0] for t in range(k)]
        # ... which is exactly the pixels neuron i of the forward twin reads
        assert painted == input_window(i, n, k, s, pads, d)
    for o in range(n):
        painters = painting_inputs(o, m, k, s, padding, op, d)
        assert painters == sorted(i for i in range(m) if o in axis.painted(i))
        assert painters == [i for i in neurons_seeing(o, n, k, s, pads, d) if i < m]
    if op < s:  # the twin's output is exactly the transpose's input
        assert output_size(n, k, s, pads, d) == m


def test_painters_of_cropped_positions() -> None:
    axis = transpose_axis(4, 3, 2, 1, 1)  # crops 1 at the start, 0 at the end
    assert axis.painters(-1) == [0]  # painted by input 0, then cropped
    with pytest.raises(ValueError, match=r"pixel must be an output position .* -1\.\.7, got -2"):
        axis.painters(-2)
    with pytest.raises(ValueError, match=r"got 8"):
        axis.painters(8)


def test_2d_geometry_and_forward_twin() -> None:
    g = transpose_geometry(
        (3, 4), (3, 2), stride=(2, 3), padding=((1, 0), (0, 2)), output_padding=(1, 2)
    )
    rows, cols = g.axes()
    assert g.output == (rows.output, cols.output) == (2 * 2 + 3 - 1 + 1, 3 * 3 + 2 - 2 + 2)
    assert rows == transpose_axis(3, 3, 2, (1, 0), 1)
    forward = g.forward()
    assert forward.input == g.output and forward.output == (3, 4)
    assert forward.padding == g.padding
    shaped = transpose_geometry(
        (3, 4), (3, 2), (2, 3), ((1, 0), (0, 2)), output_shape=(1, 7, 11, 5)
    )
    assert shaped == g


def test_output_padding_beyond_stride_needs_dilation() -> None:
    """PyTorch's rule: output_padding < stride OR output_padding < dilation."""
    assert transpose_axis(3, 2, 1, 0, 1, 2).output == 6
    with pytest.raises(
        ValueError,
        match=r"output_padding must be smaller than the stride \(1\) "
        r"or the dilation \(1\), as in PyTorch, got 1",
    ):
        transpose_axis(3, 2, 1, 0, 1, 1)
    with pytest.raises(ValueError, match=r"stride \(2\) or the dilation \(2\).*got 2"):
        transpose_geometry(3, 2, 2, 0, (0, 2), 2)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: transpose_axis(0, 3), ValueError, r"size must be an integer >= 1, got 0"),
        (lambda: transpose_axis(3, 2.0), TypeError, r"kernel must be an integer >= 1, got 2\.0"),
        (lambda: transpose_axis(3, 3, True), TypeError, r"stride .* got True of type bool"),
        (lambda: transpose_axis(3, 3, 1, "sam"), ValueError, r"padding must be one of .*'sam'"),
        (lambda: transpose_axis(3, 3, 1, -1), ValueError, r"padding must be .*>= 0, got -1"),
        (lambda: transpose_axis(3, 3, 1, (1, 2, 3)), ValueError, r"\(before, after\) pair"),
        (lambda: transpose_axis(3, 3, 1, None), TypeError, r"padding must be .* got None"),
        (lambda: transpose_axis(3, 3, 2, 0, -1), ValueError, r"output_padding .* >= 0, got -1"),
        (lambda: transpose_axis(3, 3, 2, 0, 1.0), TypeError, r"output_padding .* got 1\.0"),
        (lambda: transpose_axis(3, 3, 2, "same", 1), ValueError, r"must be 0 with padding 'same'"),
        (lambda: transpose_axis(2, 3, 1, 3), ValueError, r"crops the whole output.* leaving -2"),
        (lambda: transpose_axis(3, 3, 2, 0, 1, output_length=8), ValueError, r"not both"),
        (
            lambda: transpose_axis(3, 3, 2, "same", output_length=7),
            ValueError,
            r"output length 7 is not possible with padding 'same'.* 5\.\.6",
        ),
        (
            lambda: transpose_axis(3, 3, 2, output_length=5),
            ValueError,
            r"output length 5 is not possible .* TensorFlow accepts 7\.\.8",
        ),
        (lambda: painted_pixels(3, 3, 3), ValueError, r"index must be an input position in 0\.\.2"),
        (lambda: painted_pixels(1.0, 3, 3), TypeError, r"index must be an integer in 0\.\.2"),
        (lambda: painting_inputs(True, 3, 3), TypeError, r"pixel must be an integer"),
        (lambda: keras_transpose_output_size(3, 3, 1, 1), ValueError, r"'valid' or 'same'"),
        (lambda: transpose_geometry((3, 3, 3), 3), ValueError, r"input_size must be .* 3 entries"),
        (lambda: transpose_geometry(3, 3, output_shape=5), TypeError, r"output_shape must be"),
        (
            lambda: transpose_geometry(3, 3, output_shape=(5, 6)),
            ValueError,
            r"output length 6 on the columns \(width\) is not possible",
        ),
        (lambda: transpose_geometry(3, 3, padding=(1, 2, 3)), ValueError, r"3 entries"),
    ],
)
def test_bad_settings_are_refused(call, error, pattern) -> None:
    with pytest.raises(error, match=pattern):
        call()


def test_numpy_integers_are_accepted() -> None:
    i64 = np.int64
    axis = transpose_axis(i64(4), i64(3), i64(2), i64(1), np.int32(1), np.uint8(1))
    assert axis.output == 8 and type(axis.output) is int
    assert painted_pixels(i64(0), 4, 3, 2, 1, 1) == [-1, 0, 1]
    assert tf_transpose_output_sizes(i64(4), 3, 2, "same") == [7, 8]


def test_geometry_imports_without_numpy() -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "from convmap.transpose_geometry import transpose_axis\n"
        "print(transpose_axis(4, 3, 2, 1, 1).output)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8"
