"""max_pool2d and avg_pool2d: hand-computed cases and a brute-force reference.

TensorFlow's semantics: padded cells never win a max, an average divides by
the number of real cells in its window, and the stride defaults to the size.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from convmap import avg_pool2d, input_window, layer_geometry, max_pool2d


def img(z: np.ndarray) -> np.ndarray:
    return z[0, :, :, 0]


def nhwc(rows) -> np.ndarray:
    return np.asarray(rows, np.float32)[None, :, :, None]


def test_max_never_picks_padding_on_negative_input():
    # All cells negative; a zero pad would win if it counted.
    # 2x2 input, window 3, stride 1, padding 1: out (2+2-3)+1 = 2; every window
    # holds all four real cells, so every output is max(-5, -6, -7, -8) = -5.
    x = nhwc([[-5, -6], [-7, -8]])
    np.testing.assert_array_equal(img(max_pool2d(x, 3, stride=1, padding=1)), [[-5, -5], [-5, -5]])
    # SAME, 3x3 input -1..-9, window 2, stride 2: pads (0, 1); windows rows/cols
    # {0,1} and {2, pad}: max(-1,-2,-4,-5) = -1, max(-3,-6) = -3, max(-7,-8) = -7, -9.
    x = -nhwc(np.arange(1, 10).reshape(3, 3))
    np.testing.assert_array_equal(img(max_pool2d(x, 2, padding="same")), [[-1, -3], [-7, -9]])


def test_max_of_minus_infinity_stays_minus_infinity():
    # A window whose only real cell is -inf gives -inf, not a padded value.
    x = nhwc([[-np.inf, 1.0]])
    np.testing.assert_array_equal(
        img(max_pool2d(x, (1, 2), stride=1, padding=((0, 0), (1, 0)))), [[-np.inf, 1.0]]
    )


def test_avg_divides_by_real_cells():
    # 3x3 input 1..9, window 3, stride 1, padding 1: each output averages the real
    # cells in its 3x3 window.
    # (0,0): 1,2,4,5 -> 3      (0,1): 1..6 -> 3.5     (0,2): 2,3,5,6 -> 4
    # (1,0): 1,2,4,5,7,8 -> 4.5  (1,1): all -> 5     (1,2): 2,3,5,6,8,9 -> 5.5
    # (2,0): 4,5,7,8 -> 6      (2,1): 4..9 -> 6.5     (2,2): 5,6,8,9 -> 7
    # (PyTorch's default count_include_pad=True would give 12/9 at (0,0).)
    x = nhwc(np.arange(1, 10).reshape(3, 3))
    z = avg_pool2d(x, 3, stride=1, padding=1)
    np.testing.assert_allclose(img(z), [[3, 3.5, 4], [4.5, 5, 5.5], [6, 6.5, 7]])
    # SAME, window 2: pads (0, 1): [[mean(1,2,4,5), mean(3,6)], [mean(7,8), 9]].
    np.testing.assert_allclose(img(avg_pool2d(x, 2, padding="same")), [[3, 4.5], [7.5, 9]])


def test_odd_size_same_last_window_has_one_real_cell():
    # n = 5, window 2, SAME: out = ceil(5/2) = 3, total = 2*2+2-5 = 1 -> (0, 1);
    # the last window is {4, pad}: max = avg = x[4].
    x = nhwc([[3, 1, 4, 1, 5]])
    assert img(max_pool2d(x, (1, 2), padding="same")).tolist() == [[3, 4, 5]]
    assert img(avg_pool2d(x, (1, 2), padding="same")).tolist() == [[2, 2.5, 5]]


def test_stride_defaults_to_size():
    # 4x4, x[i,j] = 4i + j, window 2: stride 2 by default -> 2x2 output.
    # max: [[5, 7], [13, 15]]; avg: [[(0+1+4+5)/4, (2+3+6+7)/4], ...] = [[2.5, 4.5], [10.5, 12.5]].
    x = nhwc(np.arange(16).reshape(4, 4))
    np.testing.assert_array_equal(img(max_pool2d(x, 2)), [[5, 7], [13, 15]])
    np.testing.assert_array_equal(img(avg_pool2d(x, 2)), [[2.5, 4.5], [10.5, 12.5]])
    # With stride 1 given explicitly: 3x3 output, max = x[i+1, j+1].
    np.testing.assert_array_equal(
        img(max_pool2d(x, 2, stride=1)), np.arange(16).reshape(4, 4)[1:, 1:]
    )
    # A non-square size defaults to the same non-square stride: (1, 2) -> 4 x 2.
    np.testing.assert_array_equal(img(max_pool2d(x, (1, 2))), [[1, 3], [5, 7], [9, 11], [13, 15]])


def test_max_pool_keeps_integer_dtypes():
    # int8 with negatives, SAME window 2 on 3x3: pads (0, 1), padded cells never win.
    x = (-np.arange(1, 10, dtype=np.int8)).reshape(1, 3, 3, 1)
    z = max_pool2d(x, 2, padding="same")
    assert z.dtype == np.int8
    np.testing.assert_array_equal(img(z), [[-1, -3], [-7, -9]])
    # uint8 extremes: 0 and 255 survive untouched.
    u = np.array([[0, 255], [0, 0]], np.uint8)[None, :, :, None]
    z = max_pool2d(u, 3, stride=1, padding=1)
    assert z.dtype == np.uint8 and (img(z) == 255).all()
    # int64 beyond float precision: 2**62 + 1 must not be rounded through float.
    big = np.array([[2**62 + 1, 2**62]], np.int64)[None, :, :, None]
    assert max_pool2d(big, (1, 2))[0, 0, 0, 0] == 2**62 + 1


def test_pool_dtypes():
    x = nhwc([[1, 2], [3, 4]])
    assert max_pool2d(x, 2).dtype == np.float32
    assert avg_pool2d(x, 2).dtype == np.float32
    assert avg_pool2d(x.astype(np.float64), 2).dtype == np.float64
    assert avg_pool2d(x.astype(np.float16), 2).dtype == np.float32
    xi = np.array([[1, 2], [3, 5]]).reshape(1, 2, 2, 1)
    z = avg_pool2d(xi, 2)
    assert z.dtype == np.float64 and z[0, 0, 0, 0] == 2.75  # (1+2+3+5)/4, not floored


def test_qa_pooling_layers():
    # P1: 8x8, stride 8, SAME on 64x64x8 -> 8x8x8; P2: 4x4, stride 4, SAME on 8x8x16 -> 2x2x16.
    x = np.random.default_rng(1).normal(size=(1, 64, 64, 8)).astype(np.float32)
    p1 = max_pool2d(x, 8, stride=8, padding="SAME")
    assert p1.shape == (1, 8, 8, 8)
    # No padding here (total = 7*8+8-64 = 0): block (i, j) is x[8i:8i+8, 8j:8j+8].
    assert p1[0, 2, 5, 3] == x[0, 16:24, 40:48, 3].max()
    assert max_pool2d(np.zeros((1, 8, 8, 16)), 4, padding="SAME").shape == (1, 2, 2, 16)


def test_channels_and_batch_pool_independently():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 4, 4, 5))
    z = max_pool2d(x, 2)
    for n in range(3):
        for c in range(5):
            assert z[n, 1, 0, c] == x[n, 2:4, 0:2, c].max()


def test_input_not_modified():
    x = nhwc([[1, -2], [3, -4]])
    copy = x.copy()
    max_pool2d(x, 2, stride=1, padding="same")
    avg_pool2d(x, 2, stride=1, padding="same")
    np.testing.assert_array_equal(x, copy)


# ---------------------------------------------------------------------------
# Brute force from input_window windows, on random settings.
# ---------------------------------------------------------------------------

word = st.sampled_from(["valid", "same", "VALID", "SAME"])
small_pad = st.sampled_from([0, 0, 1, 1, 2])
padding_2d = st.one_of(
    word,
    small_pad,
    st.tuples(small_pad, small_pad),
    st.tuples(st.tuples(small_pad, small_pad), st.tuples(small_pad, small_pad)),
)
int_or_pair = st.one_of(st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 4)))
pool_size = st.one_of(st.integers(1, 4), st.tuples(st.integers(2, 4), st.integers(1, 4)))


@st.composite
def pool_case(draw):
    shape = (
        draw(st.integers(1, 2)),
        draw(st.integers(1, 9)),
        draw(st.integers(1, 9)),
        draw(st.integers(1, 3)),
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    dtype = draw(st.sampled_from([np.float32, np.float64, np.int32]))
    x = (
        rng.integers(-50, 50, shape).astype(dtype)
        if dtype == np.int32
        else (
            rng.normal(size=shape).astype(dtype) - 3  # mostly negative: a zero pad would win
        )
    )
    stride = draw(st.one_of(st.none(), int_or_pair))
    return x, draw(pool_size), stride, draw(padding_2d)


def brute_force(x, size, stride, padding, reduce):
    """Reduce the real cells of each window, windows taken from input_window."""

    def pair(v):
        return v if isinstance(v, tuple) else (v, v)

    kh, kw = pair(size)
    sh, sw = pair(size if stride is None else stride)
    g = layer_geometry(x.shape[1:3], (kh, kw), (sh, sw), padding)
    out = []
    for r in range(g.output[0]):
        rows = [i for i in input_window(r, g.input[0], kh, sh, g.padding[0]) if 0 <= i < g.input[0]]
        row = []
        for c in range(g.output[1]):
            cols = [
                j for j in input_window(c, g.input[1], kw, sw, g.padding[1]) if 0 <= j < g.input[1]
            ]
            assert rows and cols, "a window of only padding must have been refused"
            row.append(reduce(x[:, rows][:, :, cols], axis=(1, 2)))
        out.append(row)
    return np.array(out).transpose(2, 0, 1, 3)


def _only_padding(x, size, stride, padding):
    """True when convmap must refuse: a side padded with >= window zeros (as TensorFlow
    refuses), a window holding padding only, or a window that does not fit."""
    kernel = size if isinstance(size, tuple) else (size, size)
    try:
        g = layer_geometry(x.shape[1:3], kernel, kernel if stride is None else stride, padding)
        if any(max(g.padding[a]) >= kernel[a] for a in range(2)):
            return True
        brute_force(x, size, stride, padding, np.max)
    except (AssertionError, ValueError):
        return True
    return False


@settings(max_examples=250, deadline=None)
@given(pool_case())
def test_max_pool_equals_brute_force(case):
    x, size, stride, padding = case
    if _only_padding(x, size, stride, padding):
        event("refused")
        with pytest.raises(ValueError):
            max_pool2d(x, size, stride=stride, padding=padding)
        return
    z = max_pool2d(x, size, stride=stride, padding=padding)
    assert z.dtype == x.dtype
    np.testing.assert_array_equal(z, brute_force(x, size, stride, padding, np.max))


@settings(max_examples=250, deadline=None)
@given(pool_case())
def test_avg_pool_equals_brute_force(case):
    x, size, stride, padding = case
    if _only_padding(x, size, stride, padding):
        event("refused")
        with pytest.raises(ValueError):
            avg_pool2d(x, size, stride=stride, padding=padding)
        return
    z = avg_pool2d(x, size, stride=stride, padding=padding)
    expected = brute_force(x.astype(np.float64), size, stride, padding, np.mean)
    tol = 1e-6 if z.dtype == np.float32 else 1e-12
    np.testing.assert_allclose(z, expected, rtol=tol, atol=tol)
