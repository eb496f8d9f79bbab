"""One-axis and 2-D geometry: hand-derived cases, framework rules, and properties.

Every expected number below is derived by hand in the comment next to it, from
the rules in design.md (0-based indices; padded positions are indices outside
0..n-1), never copied from the code's output.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import (
    input_window,
    layer_geometry,
    neurons_seeing,
    output_size,
    padding_amounts,
)

# ---------------------------------------------------------------------------
# The Q&A's axis: 64 pixels, kernel 4, stride 1.
# ---------------------------------------------------------------------------


def test_qa_valid_gives_61_outputs():
    # VALID: windows [0..3], [1..4], ..., [60..63]; 64 - 4 + 1 = 61 of them.
    assert padding_amounts(64, 4, 1, "valid") == (0, 0)
    assert output_size(64, 4, 1, "valid") == 61
    assert input_window(0, 64, 4, 1, "valid") == [0, 1, 2, 3]
    # The Q&A's 1-based "61-64" is 0-based 60..63, output 60 (the 61st).
    assert input_window(60, 64, 4, 1, "valid") == [60, 61, 62, 63]


def test_qa_same_pads_1_before_2_after():
    # SAME: out = ceil(64 / 1) = 64; total = (64-1)*1 + (4-1) + 1 - 64 = 3;
    # before = 3 // 2 = 1, after = 3 - 1 = 2 (the odd zero goes after).
    assert padding_amounts(64, 4, 1, "same") == (1, 2)
    assert output_size(64, 4, 1, "same") == 64
    # Output i starts at i*1 - 1: output 0 -> [-1, 0, 1, 2], output 63 -> [62..65].
    assert input_window(0, 64, 4, 1, "same") == [-1, 0, 1, 2]
    assert input_window(63, 64, 4, 1, "same") == [62, 63, 64, 65]
    # The answer's "62, 63, 64 and one zero" (1-based) = 0-based 61, 62, 63, 64:
    # that is output 62, the 63rd neuron, not the last one.
    assert input_window(62, 64, 4, 1, "same") == [61, 62, 63, 64]


def test_qa_conv_forward_pad_1_gives_63():
    # Symmetric pad 1: floor((64 - 4 + 2*1) / 1) + 1 = 63 (the Q&A's conv_forward).
    assert padding_amounts(64, 4, 1, 1) == (1, 1)
    assert output_size(64, 4, 1, 1) == 63
    assert input_window(0, 64, 4, 1, 1) == [-1, 0, 1, 2]
    assert input_window(62, 64, 4, 1, 1) == [61, 62, 63, 64]


def test_qa_neurons_seeing_on_the_same_axis():
    # Output i reads i-1 .. i+2. Pixel p is read by every i with i-1 <= p <= i+2,
    # i.e. p-2 <= i <= p+1, clipped to 0..63.
    assert neurons_seeing(0, 64, 4, 1, "same") == [0, 1]  # i in -2..1 -> 0, 1
    assert neurons_seeing(1, 64, 4, 1, "same") == [0, 1, 2]  # i in -1..2
    assert neurons_seeing(30, 64, 4, 1, "same") == [28, 29, 30, 31]
    assert neurons_seeing(63, 64, 4, 1, "same") == [61, 62, 63]  # i in 61..64
    assert neurons_seeing(-1, 64, 4, 1, "same") == [0]  # the zero before
    assert neurons_seeing(64, 64, 4, 1, "same") == [62, 63]  # first zero after
    assert neurons_seeing(65, 64, 4, 1, "same") == [63]  # second zero after


# ---------------------------------------------------------------------------
# Every padding mode on one axis, by hand.
# ---------------------------------------------------------------------------

# (size, kernel, stride, padding, dilation, pads, out, {index: window})
HAND_CASES = [
    # VALID, odd size, stride 2: (7-3)//2+1 = 3 windows starting at 0, 2, 4.
    (7, 3, 2, "valid", 1, (0, 0), 3, {0: [0, 1, 2], 1: [2, 3, 4], 2: [4, 5, 6]}),
    # VALID, even size, stride 2: (8-3)//2+1 = 2+1 = 3 (floor drops the step to 6).
    (8, 3, 2, "valid", 1, (0, 0), 3, {2: [4, 5, 6]}),
    # SAME, odd kernel 3, stride 1: total = 63+3-64 = 2 -> (1, 1), out 64.
    (64, 3, 1, "same", 1, (1, 1), 64, {0: [-1, 0, 1], 63: [62, 63, 64]}),
    # SAME, odd kernel 5: total = 9+5-10 = 4 -> (2, 2).
    (10, 5, 1, "same", 1, (2, 2), 10, {0: [-2, -1, 0, 1, 2], 9: [7, 8, 9, 10, 11]}),
    # SAME, even kernel 2: total = 4+2-5 = 1 -> (0, 1); the single zero goes after.
    (5, 2, 1, "same", 1, (0, 1), 5, {0: [0, 1], 4: [4, 5]}),
    # SAME, kernel 1: total = 4+1-5 = 0.
    (5, 1, 1, "same", 1, (0, 0), 5, {3: [3]}),
    # SAME, stride 2, odd size 7: out = ceil(7/2) = 4; total = 3*2+3-7 = 2 -> (1, 1);
    # output i starts at 2i-1.
    (7, 3, 2, "same", 1, (1, 1), 4, {0: [-1, 0, 1], 1: [1, 2, 3], 3: [5, 6, 7]}),
    # SAME, stride 2, even size 8: out = 4; total = 3*2+3-8 = 1 -> (0, 1).
    (8, 3, 2, "same", 1, (0, 1), 4, {0: [0, 1, 2], 3: [6, 7, 8]}),
    # SAME, stride 2, even size, even kernel 4: out 4; total = 6+4-8 = 2 -> (1, 1).
    (8, 4, 2, "same", 1, (1, 1), 4, {0: [-1, 0, 1, 2], 3: [5, 6, 7, 8]}),
    # SAME, stride 3: out = ceil(10/3) = 4; total = 3*3+2-10 = 1 -> (0, 1).
    (10, 2, 3, "same", 1, (0, 1), 4, {0: [0, 1], 3: [9, 10]}),
    # SAME with stride > kernel: out = ceil(9/3) = 3; total = max(6+1-9, 0) = 0.
    (9, 1, 3, "same", 1, (0, 0), 3, {2: [6]}),
    # SAME with a kernel longer than the input: out = 3; total = 2+5-3 = 4 -> (2, 2).
    (3, 5, 1, "same", 1, (2, 2), 3, {0: [-2, -1, 0, 1, 2], 2: [0, 1, 2, 3, 4]}),
    # Dilation 2, VALID: span = 2*(3-1)+1 = 5; out = 9-5+1 = 5; taps 2 apart.
    (9, 3, 1, "valid", 2, (0, 0), 5, {0: [0, 2, 4], 4: [4, 6, 8]}),
    # Dilation 2, stride 2, VALID: out = (9-5)//2+1 = 3; output 2 starts at 4.
    (9, 3, 2, "valid", 2, (0, 0), 3, {2: [4, 6, 8]}),
    # Dilation 2, SAME: total = 8+5-9 = 4 -> (2, 2).
    (9, 3, 1, "same", 2, (2, 2), 9, {0: [-2, 0, 2], 8: [6, 8, 10]}),
    # Dilation 3, even kernel 2, SAME: span 4; total = 5+4-6 = 3 -> (1, 2).
    (6, 2, 1, "same", 3, (1, 2), 6, {0: [-1, 2], 5: [4, 7]}),
    # FULL: k-1 = 2 zeros each side; out = 5+4-3+1 = 7 = n + k - 1.
    (5, 3, 1, "full", 1, (2, 2), 7, {0: [-2, -1, 0], 6: [4, 5, 6]}),
    # FULL with dilation 2: d*(k-1) = 4 zeros each side; out = 5+8-5+1 = 9.
    (5, 3, 1, "full", 2, (4, 4), 9, {0: [-4, -2, 0], 8: [4, 6, 8]}),
    # FULL with stride 2: padded 9; (9-3)//2+1 = 4; output i starts at 2i-2.
    (5, 3, 2, "full", 1, (2, 2), 4, {0: [-2, -1, 0], 3: [4, 5, 6]}),
    # int 1, stride 2, even size 6: padded 8; (8-3)//2+1 = 3; the zero at 6 is never read.
    (6, 3, 2, 1, 1, (1, 1), 3, {0: [-1, 0, 1], 2: [3, 4, 5]}),
    # int 0 == valid.
    (6, 3, 1, 0, 1, (0, 0), 4, {3: [3, 4, 5]}),
    # (before, after) = (0, 3) on the Q&A's axis: padded 67 -> 64 outputs, all zeros after.
    (64, 4, 1, (0, 3), 1, (0, 3), 64, {0: [0, 1, 2, 3], 63: [63, 64, 65, 66]}),
    # (before, after) = (2, 0): padded 7 -> 5 outputs.
    (5, 3, 1, (2, 0), 1, (2, 0), 5, {0: [-2, -1, 0], 4: [2, 3, 4]}),
    # A list works like a tuple.
    (5, 3, 1, [1, 0], 1, (1, 0), 4, {0: [-1, 0, 1]}),
    # Upper/mixed case words.
    (64, 4, 1, "SAME", 1, (1, 2), 64, {63: [62, 63, 64, 65]}),
    (64, 4, 1, "Valid", 1, (0, 0), 61, {}),
    (5, 3, 1, "FULL", 1, (2, 2), 7, {}),
]


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "dilation", "pads", "out", "wins"), HAND_CASES
)
def test_hand_derived_axis(size, kernel, stride, padding, dilation, pads, out, wins):
    assert padding_amounts(size, kernel, stride, padding, dilation) == pads
    assert output_size(size, kernel, stride, padding, dilation) == out
    for index, window in wins.items():
        assert input_window(index, size, kernel, stride, padding, dilation) == window


def test_hand_neurons_seeing_with_stride_and_dilation():
    # VALID 8, k3, s2: windows [0,1,2] [2,3,4] [4,5,6]; pixel 7 is never read.
    assert neurons_seeing(7, 8, 3, 2, "valid") == []
    assert neurons_seeing(2, 8, 3, 2, "valid") == [0, 1]
    assert neurons_seeing(3, 8, 3, 2, "valid") == [1]
    # Stride 2, kernel 1: windows [0] [2] [4]; odd pixels are skipped.
    assert neurons_seeing(1, 5, 1, stride=2) == []
    assert neurons_seeing(4, 5, 1, stride=2) == [2]
    # Dilation 2, VALID 9: windows [i, i+2, i+4]; pixel 4 is read by i = 0, 2, 4.
    assert neurons_seeing(4, 9, 3, 1, "valid", 2) == [0, 2, 4]
    assert neurons_seeing(1, 9, 3, 1, "valid", 2) == [1]
    # Full: windows [i-2 .. i]; pixel 0 is read by i = 0, 1, 2; zero -2 only by 0.
    assert neurons_seeing(0, 5, 3, 1, "full") == [0, 1, 2]
    assert neurons_seeing(-2, 5, 3, 1, "full") == [0]


def test_valid_padding_ignores_dangling_pixels_on_even_sizes():
    # VALID 8, k2, s3: windows [0,1] [3,4] [6,7]; (8-2)//3+1 = 3.
    assert output_size(8, 2, 3, "valid") == 3
    # Size 9: (9-2)//3+1 = 3 too; pixel 8 is read by nobody.
    assert output_size(9, 2, 3, "valid") == 3
    assert neurons_seeing(8, 9, 2, 3, "valid") == []


# ---------------------------------------------------------------------------
# Framework facts (TensorFlow, PyTorch, Keras) stated in design.md / the digest.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 5, 7, 8, 63, 64, 100])
@pytest.mark.parametrize("kernel", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("stride", [1, 2, 3, 4])
def test_tf_same_output_is_ceil_n_over_s(size, kernel, stride):
    # tf.nn.conv2d docs: SAME -> out = ceil(in / stride), independent of the kernel.
    assert output_size(size, kernel, stride, "same") == math.ceil(size / stride)
    before, after = padding_amounts(size, kernel, stride, "same")
    # The extra zero goes after: after == before or before + 1.
    assert after - before in (0, 1)


@pytest.mark.parametrize("size", [5, 7, 8, 64])
@pytest.mark.parametrize("kernel", [1, 2, 3, 4])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("dilation", [1, 2])
def test_tf_valid_output_is_ceil_of_remaining(size, kernel, stride, dilation):
    # TF docs: VALID -> out = ceil((in - (k - 1) * d) / stride).
    span = (kernel - 1) * dilation + 1
    if span > size:  # TF refuses this too (negative output size)
        with pytest.raises(ValueError, match="kernel"):
            output_size(size, kernel, stride, "valid", dilation)
        return
    assert output_size(size, kernel, stride, "valid", dilation) == math.ceil(
        (size - (kernel - 1) * dilation) / stride
    )


def test_tf_even_total_splits_evenly_odd_total_puts_extra_after():
    # total = k - 1 for stride 1: k=4 -> 3 -> (1, 2); k=6 -> 5 -> (2, 3); k=5 -> 4 -> (2, 2).
    assert padding_amounts(32, 4, 1, "same") == (1, 2)
    assert padding_amounts(32, 6, 1, "same") == (2, 3)
    assert padding_amounts(32, 5, 1, "same") == (2, 2)


@pytest.mark.parametrize("kernel", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("dilation", [1, 2, 3])
def test_pytorch_same_stride_1_split_equals_tf(kernel, dilation):
    # torch.nn.Conv2d(padding="same") (stride 1 only): total = d * (k - 1),
    # left = total // 2, right = total - left (torch/nn/modules/conv.py).
    total = dilation * (kernel - 1)
    size = 20
    assert padding_amounts(size, kernel, 1, "same", dilation) == (total // 2, total - total // 2)
    assert output_size(size, kernel, 1, "same", dilation) == size


def test_keras_and_lenet_shapes_from_the_digest():
    # Keras Conv1D(filters=20, kernel_size=10) on (500, 1), VALID: 500 - 10 + 1 = 491.
    assert output_size(500, 10) == 491
    # Keras Conv2D(64, (5, 100)) on (5, 720, 1): (5-5+1, 720-100+1) = (1, 621).
    assert layer_geometry((5, 720), (5, 100)).output == (1, 621)
    # LeNet-like: 32 -k5-> 28 -pool2-> 14 -k5-> 10 -pool2-> 5.
    assert output_size(32, 5) == 28
    assert output_size(28, 2, 2) == 14
    assert output_size(14, 5) == 10
    assert output_size(10, 2, 2) == 5


def test_qa_network_layer_by_layer():
    # Z1: 64x64, W1 4x4, SAME -> 64x64, pads (1, 2).
    assert tuple(layer_geometry(64, 4, 1, "SAME")) == (
        (64, 64),
        (4, 4),
        (1, 1),
        (1, 1),
        ((1, 2), (1, 2)),
        (64, 64),
    )
    # P1: 8x8 pool, stride 8, SAME: out = ceil(64/8) = 8; total = 7*8+8-64 = 0.
    assert tuple(layer_geometry(64, 8, 8, "SAME")) == (
        (64, 64),
        (8, 8),
        (8, 8),
        (1, 1),
        ((0, 0), (0, 0)),
        (8, 8),
    )
    # Z2: W2 2x2 on 8x8, SAME: total = 7+2-8 = 1 -> (0, 1).
    assert layer_geometry(8, 2, 1, "SAME").padding == ((0, 1), (0, 1))
    # P2: 4x4 pool, stride 4 on 8x8, SAME: out = 2; total = 4+4-8 = 0.
    assert layer_geometry(8, 4, 4, "SAME").output == (2, 2)


# ---------------------------------------------------------------------------
# 2-D layer_geometry.
# ---------------------------------------------------------------------------


def test_layer_geometry_non_square_same():
    # Rows: n=7, k=3, s=2, d=1: out = 4, total = 3*2+3-7 = 2 -> (1, 1).
    # Cols: n=8, k=2, s=3, d=2: span 3, out = ceil(8/3) = 3, total = 2*3+3-8 = 1 -> (0, 1).
    g = layer_geometry((7, 8), (3, 2), (2, 3), "same", (1, 2))
    assert tuple(g) == ((7, 8), (3, 2), (2, 3), (1, 2), ((1, 1), (0, 1)), (4, 3))
    assert isinstance(g.output[0], int) and type(g.padding[1][1]) is int


def test_layer_geometry_padding_forms():
    # int 1 -> both sides of both axes: (5+2-3)+1 = 5.
    assert layer_geometry(5, 3, padding=1).padding == ((1, 1), (1, 1))
    # (rows, cols) = (1, 2): rows (1, 1) -> 5 outputs; cols (2, 2) -> 5+4-3+1 = 7.
    g = layer_geometry(5, 3, padding=(1, 2))
    assert g.padding == ((1, 1), (2, 2)) and g.output == (5, 7)
    # ((top, bottom), (left, right)) = ((1, 0), (2, 3)): rows padded 6 -> 4; cols 10 -> 8.
    g = layer_geometry(5, 3, padding=((1, 0), (2, 3)))
    assert g.padding == ((1, 0), (2, 3)) and g.output == (4, 8)
    # A word per axis: rows SAME (1, 1) -> 5; cols VALID -> 3.
    g = layer_geometry(5, 3, padding=("same", "valid"))
    assert g.padding == ((1, 1), (0, 0)) and g.output == (5, 3)
    # Mixed: rows an int, cols a pair.
    assert layer_geometry(5, 3, padding=(0, (1, 0))).padding == ((0, 0), (1, 0))


def test_layer_geometry_agrees_with_one_axis_functions():
    g = layer_geometry((9, 6), (3, 2), (2, 1), "same", (2, 3))
    for axis in range(2):
        args = (g.input[axis], g.kernel[axis], g.stride[axis], "same", g.dilation[axis])
        assert g.padding[axis] == padding_amounts(*args)
        assert g.output[axis] == output_size(*args)


# ---------------------------------------------------------------------------
# Properties (Hypothesis).
# ---------------------------------------------------------------------------

words = st.sampled_from(["valid", "same", "full", "VALID", "Same", "FULL"])
one_axis_padding = st.one_of(
    words,
    st.integers(0, 4),
    st.tuples(st.integers(0, 4), st.integers(0, 4)),
)


@st.composite
def axis_settings(draw):
    size = draw(st.integers(1, 30))
    kernel = draw(st.integers(1, 7))
    stride = draw(st.integers(1, 5))
    dilation = draw(st.integers(1, 4))
    padding = draw(one_axis_padding)
    return size, kernel, stride, padding, dilation


def _fits(size, kernel, stride, padding, dilation):
    try:
        output_size(size, kernel, stride, padding, dilation)
    except ValueError:
        return False
    return True


def _expected_pads(size, kernel, stride, padding, dilation):
    """Pads from the written rules, independently of the package."""
    if isinstance(padding, str):
        word = padding.lower()
        if word == "valid":
            return (0, 0)
        if word == "full":
            return (dilation * (kernel - 1),) * 2
        out = math.ceil(size / stride)
        total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
        return (total // 2, total - total // 2)
    if isinstance(padding, int):
        return (padding, padding)
    return tuple(padding)


@settings(max_examples=300, deadline=None)
@given(axis_settings())
def test_windows_by_sliding_over_the_padded_axis(params):
    size, kernel, stride, padding, dilation = params
    before, after = _expected_pads(*params)
    # Brute force: lay out the padded axis and slide the dilated kernel by `stride`.
    positions = list(range(-before, size + after))
    span = dilation * (kernel - 1) + 1
    windows = [
        [positions[start + t * dilation] for t in range(kernel)]
        for start in range(0, len(positions) - span + 1, stride)
    ]
    if not windows:
        with pytest.raises(ValueError, match="kernel"):
            output_size(*params)
        return
    assert padding_amounts(*params) == (before, after)
    out = output_size(*params)
    assert out == len(windows) >= 1
    assert [input_window(i, *params) for i in range(out)] == windows
    for window in windows:
        assert len(window) == kernel  # every window has exactly `kernel` taps
    with pytest.raises(ValueError, match="index"):
        input_window(out, *params)


@settings(max_examples=300, deadline=None)
@given(axis_settings())
def test_input_window_and_neurons_seeing_are_inverse(params):
    if not _fits(*params):
        return
    size = params[0]
    before, after = padding_amounts(*params)
    out = output_size(*params)
    windows = [set(input_window(i, *params)) for i in range(out)]
    for p in range(-before, size + after):
        seeing = neurons_seeing(p, *params)
        assert seeing == sorted(set(seeing))  # ascending, no duplicates
        assert set(seeing) == {i for i in range(out) if p in windows[i]}


@settings(max_examples=200, deadline=None)
@given(axis_settings())
def test_every_real_pixel_coverage_count(params):
    # Sum over pixels of len(neurons_seeing) == sum over outputs of the number of
    # distinct positions in its window (taps are distinct since dilation >= 1).
    if not _fits(*params):
        return
    size, kernel = params[0], params[1]
    before, after = padding_amounts(*params)
    out = output_size(*params)
    total = sum(len(neurons_seeing(p, *params)) for p in range(-before, size + after))
    assert total == out * kernel


@st.composite
def layer_settings(draw):
    hw = draw(st.tuples(st.integers(1, 12), st.integers(1, 12)))
    k = draw(st.tuples(st.integers(1, 5), st.integers(1, 5)))
    s = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    d = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    padding = draw(
        st.one_of(
            words,
            st.integers(0, 3),
            st.tuples(st.integers(0, 3), st.integers(0, 3)),
            st.tuples(
                st.tuples(st.integers(0, 3), st.integers(0, 3)),
                st.tuples(st.integers(0, 3), st.integers(0, 3)),
            ),
        )
    )
    return hw, k, s, padding, d


@settings(max_examples=200, deadline=None)
@given(layer_settings())
def test_layer_geometry_is_the_product_of_two_axes(params):
    hw, k, s, padding, d = params
    if isinstance(padding, tuple):
        per_axis = padding  # (rows, cols): each an int or a (before, after) pair
    else:
        per_axis = (padding, padding)
    axes = [(hw[a], k[a], s[a], per_axis[a], d[a]) for a in range(2)]
    if not all(_fits(*axis) for axis in axes):
        with pytest.raises(ValueError, match="kernel"):
            layer_geometry(*params)
        return
    g = layer_geometry(*params)
    assert g.padding == tuple(padding_amounts(*axis) for axis in axes)
    assert g.output == tuple(output_size(*axis) for axis in axes)
    assert (g.input, g.kernel, g.stride, g.dilation) == (hw, k, s, d)


# ---------------------------------------------------------------------------
# The Axis object and the closed-form reverse mapping.
# ---------------------------------------------------------------------------

from convmap.geometry import Axis, LayerGeometry  # noqa: E402


def _brute_seeing(pixel, size, kernel, stride, before, after, dilation):
    out = (size + before + after - dilation * (kernel - 1) - 1) // stride + 1
    return [
        i
        for i in range(out)
        if any(i * stride - before + t * dilation == pixel for t in range(kernel))
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.integers(1, 40),
    st.integers(1, 9),
    st.integers(1, 7),
    st.integers(1, 7),
    st.integers(0, 12),
    st.integers(0, 12),
    st.data(),
)
def test_axis_seeing_closed_form_matches_brute_force(size, kernel, stride, dilation, b, a, data):
    span = dilation * (kernel - 1) + 1
    if span > size + b + a:
        with pytest.raises(ValueError, match=r"spans .* more than the padded input"):
            Axis(size, kernel, stride, dilation, b, a)
        return
    axis = Axis(size, kernel, stride, dilation, b, a)
    pixel = data.draw(st.integers(-b, size + a - 1))
    assert axis.seeing(pixel) == _brute_seeing(pixel, size, kernel, stride, b, a, dilation)
    assert neurons_seeing(pixel, size, kernel, stride, (b, a), dilation) == axis.seeing(pixel)
    i = data.draw(st.integers(0, axis.out - 1))
    assert axis.window(i) == [i * stride - b + t * dilation for t in range(kernel)]
    assert list(axis.reads(i)) == [p for p in axis.window(i) if 0 <= p < size]
    assert axis.start(i) == axis.window(i)[0]


def test_neurons_seeing_cost_follows_the_answer_not_the_kernel():
    # A kernel of ten million taps: the closed form answers without looping over taps.
    assert neurons_seeing(0, 10**7, 10**7) == [0]
    assert neurons_seeing(10**7 - 1, 10**7, 10**7, padding="full")[:2] == [10**7 - 1, 10**7]
    # 2 * 10**6 + 1 outputs see the middle pixel of a 4 * 10**6 axis, kernel 2 * 10**6 + 1
    seen = neurons_seeing(2 * 10**6, 4 * 10**6, 2 * 10**6 + 1, padding="same")
    assert len(seen) == 2 * 10**6 + 1 and seen[0] == 10**6 and seen[-1] == 3 * 10**6
    # stride 3, dilation 6: gcd 3, solutions step by 2
    assert neurons_seeing(7, 100, 5, 3, (2, 0), 6) == _brute_seeing(7, 100, 5, 3, 2, 0, 6)


def test_axis_refuses_bad_values_and_resolves_padding_once():
    with pytest.raises(ValueError, match=r"stride must be an integer >= 1, got 0"):
        Axis(8, 3, 0)
    with pytest.raises(ValueError, match=r"padding before must be an integer >= 0, got -1"):
        Axis(8, 3, before=-1)
    with pytest.raises(TypeError, match=r"kernel must be an integer >= 1, got 3\.0"):
        Axis(8, 3.0)
    with pytest.raises(ValueError, match=r"size 9 is larger than the padded input"):
        Axis.of(8, 9, kernel_name="size")
    a = Axis.of(7, 3, 2, "SAME")
    assert (a.before, a.after, a.out, a.span, a.padded) == (1, 1, 4, 3, 9)
    g = layer_geometry((7, 8), (3, 2), (2, 3), "same", (1, 2))
    assert g.rows == a and g.axes == (g.rows, g.cols)
    assert g.cols == Axis.of(8, 2, 3, "same", 2)


def test_layer_geometry_old_tuple_form_still_works():
    g = layer_geometry((7, 8), (3, 2), (2, 3), "same", (1, 2))
    # the old NamedTuple's six pairs: construct, compare and unpack
    assert LayerGeometry((7, 8), (3, 2), (2, 3), (1, 2), ((1, 1), (0, 1)), (4, 3)) == g
    size, kernel, stride, dilation, padding, output = g
    assert (size, padding, output) == ((7, 8), ((1, 1), (0, 1)), (4, 3))
    with pytest.raises(ValueError, match=r"output \(9, 9\) does not follow .* give \(4, 3\)"):
        LayerGeometry((7, 8), (3, 2), (2, 3), (1, 2), ((1, 1), (0, 1)), (9, 9))
    with pytest.raises(TypeError, match=r"LayerGeometry rows must be an Axis"):
        LayerGeometry((7, 8), (3, 2))


# ------------------------------------------------ remembered geometry never skips a check


def test_remembered_geometry_still_refuses_look_alike_settings():
    """A cached (1, 1) stride must not answer for (True, 1), 1.0 or np.int64 lookalikes."""
    import numpy as np

    good = layer_geometry((64, 64), (4, 4), (1, 1), "same")
    assert layer_geometry((64, 64), (4, 4), (1, 1), "same") is good  # remembered
    with pytest.raises(TypeError, match="stride"):
        layer_geometry((64, 64), (4, 4), (True, 1), "same")
    with pytest.raises(TypeError, match="stride"):
        layer_geometry((64, 64), (4, 4), 1.0, "same")
    via_numpy = layer_geometry((64, 64), (4, 4), (np.int64(1), 1), "same")
    assert via_numpy == good and via_numpy is not good  # resolved, not looked up
    assert layer_geometry([64, 64], [4, 4], [1, 1], "same") == good  # lists: full path
    with pytest.raises(ValueError, match="kernel"):
        layer_geometry((3, 3), (4, 4), 1, "valid")  # an error is never remembered
    with pytest.raises(ValueError, match="kernel"):
        layer_geometry((3, 3), (4, 4), 1, "valid")


def test_remembered_pool_geometry_still_refuses_look_alike_settings():
    """pool_geometry remembers plain settings; stride None and lookalikes are never confused."""
    from convmap.geometry import PoolPaddingError, pool_geometry

    default = pool_geometry((8, 8), 4, None, "same")
    assert pool_geometry((8, 8), 4, None, "same") is default  # remembered
    assert pool_geometry((8, 8), 4, 4, "same") == default  # stride = size, its own entry
    assert pool_geometry((8, 8), 4, 2, "same").output == (4, 4)
    with pytest.raises(ValueError, match="stride must be an integer >= 1, got 0"):
        pool_geometry((8, 8), 4, 0, "same")  # never mistaken for the None entry's 0
    pool_geometry((8, 8), 1, None, "valid")
    with pytest.raises(TypeError, match="size must be an integer >= 1, got True"):
        pool_geometry((8, 8), True, None, "valid")  # True == 1 and hashes alike
    for _ in range(2):  # an error is never remembered
        with pytest.raises(PoolPaddingError, match="too large for a pooling window"):
            pool_geometry((4, 4), 2, 3, ((0, 2), (0, 2)))
