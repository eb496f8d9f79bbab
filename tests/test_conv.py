"""conv2d and conv2d_loops: hand-computed small cases, and equality on random settings.

Each hand case is checked against BOTH implementations. The expected numbers
are worked out in the comments (cross-correlation, no kernel flip; NHWC x HWIO).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from convmap import conv2d, conv2d_loops, layer_geometry

BOTH = pytest.mark.parametrize("conv", [conv2d, conv2d_loops], ids=["conv2d", "loops"])

# x = [[1 2 3]      w = [[1 2]
#      [4 5 6]           [3 4]]
#      [7 8 9]]
X3 = np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1)
W2 = np.array([[1, 2], [3, 4]], np.float32).reshape(2, 2, 1, 1)


def img(z: np.ndarray) -> np.ndarray:
    """The single-image, single-channel 2-D slice of an NHWC result."""
    return z[0, :, :, 0]


@BOTH
def test_valid_3x3_by_2x2(conv):
    # out[0,0] = 1*1 + 2*2 + 4*3 + 5*4 = 37;  out[0,1] = 2 + 6 + 15 + 24 = 47
    # out[1,0] = 4 + 10 + 21 + 32 = 67;       out[1,1] = 5 + 12 + 24 + 36 = 77
    z = conv(X3, W2)
    assert z.shape == (1, 2, 2, 1) and z.dtype == np.float32
    np.testing.assert_array_equal(img(z), [[37, 47], [67, 77]])


@BOTH
def test_bias_adds_per_filter(conv):
    # Same as above plus 0.5.
    np.testing.assert_array_equal(
        img(conv(X3, W2, np.array([0.5], np.float32))), [[37.5, 47.5], [67.5, 77.5]]
    )


@BOTH
def test_same_even_kernel_pads_after(conv):
    # SAME, n=3, k=2, s=1: total = 2+2-3 = 1 -> (0, 1): one zero row below, one
    # zero column right. Extra outputs read zeros at index 3:
    # out[0,2] = x[0,2]*1 + x[1,2]*3 = 3 + 18 = 21;  out[1,2] = 6 + 27 = 33
    # out[2,0] = x[2,0]*1 + x[2,1]*2 = 7 + 16 = 23;  out[2,1] = 8 + 18 = 26
    # out[2,2] = x[2,2]*1 = 9
    z = conv(X3, W2, padding="same")
    np.testing.assert_array_equal(img(z), [[37, 47, 21], [67, 77, 33], [23, 26, 9]])
    # The same thing spelled explicitly, and in TF's upper case.
    np.testing.assert_array_equal(conv(X3, W2, padding=((0, 1), (0, 1))), z)
    np.testing.assert_array_equal(conv(X3, W2, padding="SAME"), z)


@BOTH
def test_stride_2(conv):
    # VALID, stride 2: (3-2)//2+1 = 1 output -> the top-left window, 37.
    np.testing.assert_array_equal(img(conv(X3, W2, stride=2)), [[37]])
    # SAME, stride 2: out = ceil(3/2) = 2, total = 2+2-3 = 1 -> (0, 1); windows
    # start at rows/cols 0 and 2: [[37, 21], [23, 9]] (values from the SAME case).
    np.testing.assert_array_equal(img(conv(X3, W2, stride=2, padding="same")), [[37, 21], [23, 9]])


@BOTH
def test_dilation_2(conv):
    # 3x3 input, 2x2 kernel dilated by 2 spans 3x3: one output, taps at the corners:
    # 1*1 + 3*2 + 7*3 + 9*4 = 1 + 6 + 21 + 36 = 64.
    np.testing.assert_array_equal(img(conv(X3, W2, dilation=2)), [[64]])
    # 4x4 input x[i,j] = 4i + j: out[r,c] = sum w_ab * x[r+2a, c+2b]
    # = 10*(4r + c) + (1*0 + 2*2 + 3*8 + 4*10) = 10*(4r + c) + 68.
    x = np.arange(16, dtype=np.float64).reshape(1, 4, 4, 1)
    np.testing.assert_array_equal(img(conv(x, W2, dilation=2)), [[68, 78], [108, 118]])


@BOTH
def test_full_padding(conv):
    # x = [[1 2] [3 4]], 2x2 ones, FULL pads 1 each side -> 3x3 of window sums:
    # [[1, 1+2, 2], [1+3, 10, 2+4], [3, 3+4, 4]].
    x = np.array([[1, 2], [3, 4]], np.float32).reshape(1, 2, 2, 1)
    w = np.ones((2, 2, 1, 1), np.float32)
    np.testing.assert_array_equal(
        img(conv(x, w, padding="full")), [[1, 3, 2], [4, 10, 6], [3, 7, 4]]
    )


@BOTH
def test_explicit_and_per_axis_padding(conv):
    x = np.array([[1, 2], [3, 4]], np.float32).reshape(1, 2, 2, 1)
    ones = np.ones((2, 2, 1, 1), np.float32)
    # ((top, bottom), (left, right)) = ((1, 0), (0, 1)): padded rows [0, r0, r1],
    # padded cols [c0, c1, 0]. out[0,0] = 1+2 = 3; out[0,1] = 2; out[1,0] = 10; out[1,1] = 2+4 = 6.
    z = conv(x, ones, padding=((1, 0), (0, 1)))
    np.testing.assert_array_equal(img(z), [[3, 2], [10, 6]])
    # (rows, cols) = (1, 0) with a 3x1 kernel of ones: column sums of x, each window
    # holding both real rows: [[4, 6], [4, 6]].
    z = conv(x, np.ones((3, 1, 1, 1), np.float32), padding=(1, 0))
    np.testing.assert_array_equal(img(z), [[4, 6], [4, 6]])


@BOTH
def test_non_square_kernel_and_stride(conv):
    # 3x4 input x[i,j] = 4i + j, kernel 1x2 = [1, -1], stride (1, 2):
    # out[r,c] = x[r,2c] - x[r,2c+1] = -1 everywhere; shape (3, 2).
    x = np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1)
    w = np.array([1, -1], np.float32).reshape(1, 2, 1, 1)
    z = conv(x, w, stride=(1, 2))
    assert z.shape == (1, 3, 2, 1)
    np.testing.assert_array_equal(img(z), -np.ones((3, 2)))


@BOTH
def test_multiple_channels_filters_and_batch(conv):
    # x: 2x2, channel 0 = [[1 2] [3 4]], channel 1 = [[10 20] [30 40]].
    x = np.stack([[[1, 2], [3, 4]], [[10, 20], [30, 40]]], axis=-1).astype(np.float32)[None]
    w = np.zeros((2, 2, 2, 3), np.float32)
    w[:, :, 0, 0] = 1  # filter 0: sum of channel 0 = 10
    w[:, :, :, 1] = 1  # filter 1: sum of both channels = 10 + 100 = 110
    w[0, 0, 0, 2] = 1  # filter 2: x[0,0,ch0] + x[1,1,ch1] = 1 + 40 = 41
    w[1, 1, 1, 2] = 1
    z = conv(x, w)
    assert z.shape == (1, 1, 1, 3)
    np.testing.assert_array_equal(z[0, 0, 0], [10, 110, 41])
    # Bias (1, -1, 0.5) is added per filter.
    np.testing.assert_array_equal(conv(x, w, [1, -1, 0.5])[0, 0, 0], [11, 109, 41.5])
    # A batch of two: the second image is 2x the first, so (without bias) its output is 2x.
    z2 = conv(np.concatenate([x, 2 * x]), w)
    np.testing.assert_array_equal(z2[1, 0, 0], [20, 220, 82])


@BOTH
def test_qa_first_layer_with_ones(conv):
    # 64x64x3 ones, W1 = 4x4x3x8 ones. SAME pads (1, 2): output (r, c) reads
    # rows r-1..r+2, so output 0 sees 3 real rows, 62 sees 61..64 (3 real),
    # 63 sees 62..65 (2 real). The value is 3 * (real rows) * (real cols).
    x = np.ones((1, 64, 64, 3), np.float32)
    w = np.ones((4, 4, 3, 8), np.float32)
    z = conv(x, w, padding="SAME")
    assert z.shape == (1, 64, 64, 8)
    assert z[0, 0, 0, 0] == 27  # 3 * 3 * 3
    assert z[0, 10, 10, 5] == 48  # 3 * 4 * 4
    assert z[0, 0, 63, 0] == 18  # 3 * 3 * 2
    assert z[0, 63, 63, 7] == 12  # 3 * 2 * 2
    assert z[0, 62, 62, 0] == 27  # 3 * 3 * 3
    # The Q&A's conv_forward with pad=1: 63 x 63, each corner sees 3 x 3 real cells.
    z1 = conv(x, w, padding=1)
    assert z1.shape == (1, 63, 63, 8)
    assert z1[0, 0, 0, 0] == 27 and z1[0, 62, 62, 0] == 27 and z1[0, 30, 30, 0] == 48


@BOTH
def test_dtypes(conv):
    xi = np.arange(9).reshape(1, 3, 3, 1)  # int64
    wi = np.array([[1, 2], [3, 4]]).reshape(2, 2, 1, 1)
    z = conv(xi, wi)
    assert z.dtype == np.float64  # integers are promoted to float, never overflow
    np.testing.assert_array_equal(img(z), img(conv(X3 - 1, W2)))
    assert conv(X3, W2).dtype == np.float32
    assert conv(X3.astype(np.float64), W2).dtype == np.float64
    assert conv(X3, W2, np.array([0], np.float64)).dtype == np.float64
    assert conv(X3.astype(np.float16), W2.astype(np.float16)).dtype == np.float32
    # Nested lists are accepted.
    np.testing.assert_array_equal(conv(X3.tolist(), W2.tolist()), conv(X3, W2))


@BOTH
def test_int8_does_not_overflow(conv):
    # 100 * 100 * 4 taps = 40000 would overflow int8/int16 arithmetic.
    x = np.full((1, 2, 2, 1), 100, np.int8)
    w = np.full((2, 2, 1, 1), 100, np.int8)
    assert conv(x, w)[0, 0, 0, 0] == 40000


@BOTH
def test_inputs_are_not_modified(conv):
    x = np.random.default_rng(0).normal(size=(1, 4, 4, 2)).astype(np.float32)
    w = np.ones((3, 3, 2, 2), np.float32)
    b = np.ones(2, np.float32)
    copies = x.copy(), w.copy(), b.copy()
    conv(x, w, b, padding="same")
    for a, c in zip((x, w, b), copies, strict=True):
        np.testing.assert_array_equal(a, c)


# ---------------------------------------------------------------------------
# Random settings: conv2d == conv2d_loops == a direct formula in this file.
# ---------------------------------------------------------------------------

word = st.sampled_from(["valid", "same", "full", "VALID", "Same", "FULL"])
pair_or_int = st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 3), st.integers(0, 3)))
int_or_pair = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))
padding_2d = st.one_of(
    word,
    st.integers(0, 3),
    st.tuples(st.integers(0, 3), st.integers(0, 3)),  # (rows, cols)
    st.tuples(pair_or_int, pair_or_int),  # ((top, bottom), (left, right)) or mixed
    st.tuples(word, word),
)


@st.composite
def conv_case(draw, dtype):
    n = draw(st.integers(1, 2))
    h, w_ = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, h, w_, c_in)).astype(dtype)
    w = rng.uniform(-1, 1, (kh, kw, c_in, c_out)).astype(dtype)
    b = rng.uniform(-1, 1, c_out).astype(dtype) if draw(st.booleans()) else None
    kwargs = {
        "stride": draw(int_or_pair),
        "padding": draw(padding_2d),
        "dilation": draw(int_or_pair),
    }
    return x, w, b, kwargs


def direct(x, w, b, stride, padding, dilation):
    """z[n, r, c, o] = sum_{a, b, i} x_pad[n, r*sh + a*dh, c*sw + b*dw, i] * w[a, b, i, o]."""
    g = layer_geometry(x.shape[1:3], w.shape[:2], stride, padding, dilation)
    xp = np.pad(x.astype(np.float64), ((0, 0), *g.padding, (0, 0)))
    (sh, sw), (dh, dw) = g.stride, g.dilation
    z = np.zeros((x.shape[0], *g.output, w.shape[3]))
    for r in range(g.output[0]):
        for c in range(g.output[1]):
            for a in range(w.shape[0]):
                for bb in range(w.shape[1]):
                    z[:, r, c, :] += xp[:, r * sh + a * dh, c * sw + bb * dw, :] @ w[a, bb]
    return z if b is None else z + b


def _check_random(case, dtype, rtol, atol):
    x, w, b, kwargs = case
    try:
        expected = direct(x, w, b, **kwargs)
    except ValueError:
        # The kernel does not fit: both implementations must refuse too.
        event("kernel does not fit")
        for conv in (conv2d, conv2d_loops):
            with pytest.raises(ValueError, match="kernel"):
                conv(x, w, b, **kwargs)
        return
    fast = conv2d(x, w, b, **kwargs)
    slow = conv2d_loops(x, w, b, **kwargs)
    assert fast.dtype == slow.dtype == dtype
    assert fast.shape == slow.shape == expected.shape
    np.testing.assert_allclose(fast, slow, rtol=rtol, atol=atol)
    np.testing.assert_allclose(fast, expected, rtol=rtol, atol=atol)
    np.testing.assert_allclose(slow, expected, rtol=rtol, atol=atol)


@settings(max_examples=200, deadline=None)
@given(conv_case(np.float32))
def test_conv2d_equals_loops_float32(case):
    # Values in [-1, 1] and at most 4*4*3 = 48 terms: float32 rounding stays < 1e-5.
    _check_random(case, np.float32, rtol=1e-5, atol=1e-5)


@settings(max_examples=150, deadline=None)
@given(conv_case(np.float64))
def test_conv2d_equals_loops_float64(case):
    _check_random(case, np.float64, rtol=1e-12, atol=1e-12)
