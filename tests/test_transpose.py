"""conv2d_transpose: hand-derived cases, loops vs vectorised, the relation to conv2d, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import conv2d, layer_geometry
from convmap.backward import conv2d_backward
from convmap.transpose import conv2d_transpose, conv2d_transpose_loops
from convmap.transpose_geometry import transpose_geometry

BOTH = pytest.mark.parametrize("transpose", [conv2d_transpose, conv2d_transpose_loops])


# ---------------------------------------------------------------- hand-derived


@BOTH
def test_one_value_paints_its_kernel_scaled(transpose) -> None:
    """An impulse at input (1, 2) paints 3 * w at rows 2..4, columns 4..6 (stride 2)."""
    x = np.zeros((1, 3, 4, 1))
    x[0, 1, 2, 0] = 3.0
    w = np.arange(1.0, 19.0).reshape(3, 3, 2, 1)  # (kh, kw, c_out, c_in)
    y = transpose(x, w, stride=2)
    assert y.shape == (1, 7, 9, 2)
    expected = np.zeros((7, 9, 2))
    expected[2:5, 4:7] = 3.0 * w[:, :, :, 0]
    np.testing.assert_array_equal(y[0], expected)


@BOTH
def test_overlaps_add_and_padding_crops(transpose) -> None:
    x = np.array([1.0, 10.0, 100.0]).reshape(1, 1, 3, 1)
    w = np.array([1.0, 2.0, 3.0]).reshape(1, 3, 1, 1)
    # stride 2, kernel 3: patches at 0..2, 2..4, 4..6 overlap in one position
    full = transpose(x, w, stride=(1, 2))[0, 0, :, 0]
    assert full.tolist() == [1, 2, 3 + 10, 20, 30 + 100, 200, 300]
    cropped = transpose(x, w, stride=(1, 2), padding=(0, 1))[0, 0, :, 0]  # PyTorch padding=1
    assert cropped.tolist() == full[1:-1].tolist()
    extra = transpose(x, w, stride=(1, 2), padding=(0, 1), output_padding=(0, 1))[0, 0, :, 0]
    assert extra.tolist() == full[1:].tolist()
    same = transpose(x, w, stride=(1, 2), padding="same")[0, 0, :, 0]  # TF: 3 -> 6, crop (0, 1)
    assert same.tolist() == full[:-1].tolist()


@BOTH
def test_channels_and_bias(transpose) -> None:
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((2, 3, 3, 4)), rng.standard_normal((2, 2, 5, 4)), np.arange(5.0)
    y = transpose(x, w, b)
    # by the definition: y[n, i + p, j + q, o] += x[n, i, j, c] * w[p, q, o, c]
    expected = np.zeros((2, 4, 4, 5)) + b
    for p in range(2):
        for q in range(2):
            expected[:, p : p + 3, q : q + 3] += np.einsum("nijc,oc->nijo", x, w[p, q])
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)


def test_dtypes() -> None:
    x32, w32 = np.ones((1, 2, 2, 1), np.float32), np.ones((2, 2, 1, 1), np.float32)
    assert conv2d_transpose(x32, w32).dtype == np.float32
    assert conv2d_transpose(x32.astype(int), w32.astype(int)).dtype == np.float64
    assert conv2d_transpose(x32, w32.astype(np.float64)).dtype == np.float64
    assert conv2d_transpose_loops(x32, w32, np.zeros(1, np.float32)).dtype == np.float32
    assert conv2d_transpose(np.ones((0, 2, 2, 1)), w32).shape == (0, 3, 3, 1)


def test_pytorch_layout_mapping_is_documented_by_example() -> None:
    """w_torch[c_in, c_out, p, q] = w[p, q, c_out, c_in]: a direct formula with that layout."""
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal((1, 2, 3, 2)), rng.standard_normal((2, 3, 4, 2))
    w_torch = w.transpose(3, 2, 0, 1)
    x_nchw = x.transpose(0, 3, 1, 2)
    y = np.zeros((1, 2 + 2 - 1, (3 - 1) * 2 + 3, 4))  # stride (1, 2)
    for c in range(2):
        for i in range(2):
            for j in range(3):
                y[0, i : i + 2, 2 * j : 2 * j + 3] += x_nchw[0, c, i, j] * w_torch[c].transpose(
                    1, 2, 0
                )
    np.testing.assert_allclose(conv2d_transpose(x, w, stride=(1, 2)), y, rtol=1e-12)


# ---------------------------------------------------------------- random settings


@st.composite
def transpose_settings(draw):
    m = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = draw(
        st.one_of(
            st.sampled_from(["valid", "same", "full"]),
            st.integers(0, 2),
            st.tuples(st.integers(0, 2), st.integers(0, 2)),
            st.tuples(*[st.tuples(st.integers(0, 2), st.integers(0, 2))] * 2),
        )
    )
    if padding == "same":
        op = (0, 0)
    else:
        op = tuple(draw(st.integers(0, max(s[a], d[a]) - 1)) for a in (0, 1))
    try:
        geometry = transpose_geometry(m, k, s, padding, op, d)
    except ValueError:
        geometry = None  # the whole output cropped
    shapes = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    seed = draw(st.integers(0, 2**31))
    return m, k, s, d, padding, op, geometry, shapes, seed


def _operands(m, k, shapes, seed):
    batch, c_in, c_out = shapes
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, *m, c_in))
    w = rng.standard_normal((*k, c_out, c_in))
    return x, w, rng.standard_normal(c_out), rng


@settings(max_examples=150, deadline=None)
@given(transpose_settings())
def test_loops_equal_fast(args) -> None:
    m, k, s, d, padding, op, geometry, shapes, seed = args
    x, w, b, _ = _operands(m, k, shapes, seed)
    kwargs = dict(stride=s, padding=padding, output_padding=op, dilation=d)
    if geometry is None:
        with pytest.raises(ValueError, match="crops the whole output"):
            conv2d_transpose(x, w, b, **kwargs)
        return
    fast = conv2d_transpose(x, w, b, **kwargs)
    assert fast.shape == (x.shape[0], *geometry.output, w.shape[2])
    np.testing.assert_allclose(conv2d_transpose_loops(x, w, b, **kwargs), fast, atol=1e-12)
    # the same output, asked for TensorFlow's way, when it is a length TensorFlow accepts
    if all(op[a] < s[a] for a in (0, 1)):
        by_shape = conv2d_transpose(
            x,
            w,
            b,
            stride=s,
            padding=geometry.padding,
            dilation=d,
            output_shape=(x.shape[0], *geometry.output, w.shape[2]),
        )
        np.testing.assert_allclose(by_shape, fast, atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(transpose_settings())
def test_transpose_is_the_adjoint_of_conv2d(args) -> None:
    """<conv2d(z, w), x> = <z, conv2d_transpose(x, w)> for every z: the transpose is the gradient.

    Holds whenever the forward twin maps the transpose's output shape back to
    its input shape (output_padding < stride).
    """
    m, k, s, d, padding, op, geometry, shapes, seed = args
    if geometry is None or any(op[a] >= s[a] for a in (0, 1)):
        return
    x, w, _, rng = _operands(m, k, shapes, seed)
    z = rng.standard_normal((x.shape[0], *geometry.output, w.shape[2]))
    forward = conv2d(z, w, stride=s, padding=geometry.padding, dilation=d)
    assert forward.shape == x.shape
    back = conv2d_transpose(x, w, stride=s, padding=padding, output_padding=op, dilation=d)
    np.testing.assert_allclose(np.sum(forward * x), np.sum(z * back), rtol=1e-9, atol=1e-9)
    grads = conv2d_backward(z, w, x, stride=s, padding=geometry.padding, dilation=d)
    np.testing.assert_allclose(grads.dx, back, atol=1e-12)


def test_transpose_equals_backward_dx_on_the_qa_layer() -> None:
    """The Q&A's conv1 (64 x 64 x 3, W1 4 x 4 x 3 x 8, SAME): dx is the transpose of g."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 64, 64, 3)).astype(np.float32)
    w = rng.standard_normal((4, 4, 3, 8)).astype(np.float32)
    g = rng.standard_normal((1, 64, 64, 8)).astype(np.float32)
    dx = conv2d_backward(x, w, g, padding="same").dx
    np.testing.assert_allclose(conv2d_transpose(g, w, padding="same"), dx, rtol=1e-4, atol=1e-4)
    pads = layer_geometry(64, 4, 1, "same").padding
    assert pads == ((1, 2), (1, 2))  # the transpose crops 1 at the top, 2 at the bottom
    np.testing.assert_allclose(conv2d_transpose(g, w, padding=pads), dx, rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------- bad input

X, W = np.ones((1, 3, 3, 2)), np.ones((2, 2, 4, 2))


@BOTH
@pytest.mark.parametrize(
    ("x", "w", "b", "kwargs", "error", "pattern"),
    [
        (np.ones((3, 3, 2)), W, None, {}, ValueError, r"x must be 4-D .* shape \(3, 3, 2\)"),
        (X, np.ones((2, 2, 4)), None, {}, ValueError, r"w must be 4-D \(kernel height"),
        (X, np.ones((2, 2, 4, 3)), None, {}, ValueError, r"channel mismatch: x has 2 .* w"),
        (X, W, np.ones(3), {}, ValueError, r"b must have shape \(4,\).* got shape \(3,\)"),
        (X, W, np.ones((1, 4)), {}, ValueError, r"b must have shape \(4,\)"),
        (X.astype(bool), W, None, {}, TypeError, r"x must hold real numbers .* dtype bool"),
        (X, W.astype(complex), None, {}, TypeError, r"w must hold real numbers .*complex128"),
        (np.full((1, 3, 3, 2), "a"), W, None, {}, TypeError, r"x must hold real numbers"),
        (X, W, np.array(["a"] * 4), {}, TypeError, r"b must hold real numbers"),
        (
            np.ones((1, 0, 3, 2)),
            W,
            None,
            {},
            ValueError,
            r"x must have height, width and channels >= 1",
        ),
        (X, W, None, {"stride": 0}, ValueError, r"stride must be an integer >= 1, got 0"),
        (X, W, None, {"stride": 1.5}, TypeError, r"stride must be an integer >= 1, got 1\.5"),
        (X, W, None, {"padding": "sane"}, ValueError, r"padding must be one of .*'sane'"),
        (X, W, None, {"dilation": (1, 0)}, ValueError, r"dilation\[1\] must be an integer >= 1"),
        (
            X,
            W,
            None,
            {"stride": 2, "output_padding": 2},
            ValueError,
            r"output_padding on the rows \(height\) must be smaller than the stride \(2\)",
        ),
        (
            X,
            W,
            None,
            {"output_padding": (0, 1)},
            ValueError,
            r"output_padding on the columns \(width\) must be smaller",
        ),
        (X, W, None, {"padding": 2}, ValueError, r"crops the whole output"),
        (
            X,
            W,
            None,
            {"output_shape": (4, 5)},
            ValueError,
            r"output length 5 on the columns \(width\) is not possible.* accepts 4\.\.4",
        ),
        (
            X,
            W,
            None,
            {"output_shape": (1, 4, 4, 3)},
            ValueError,
            r"output_shape channels must be 4 \(from x and w\), got 3",
        ),
        (X, W, None, {"output_shape": (2, 4, 4, 4)}, ValueError, r"output_shape batch must be 1"),
        (X, W, None, {"output_shape": (4, 4, 4)}, TypeError, r"output_shape must be a"),
        (
            X,
            W,
            None,
            {"output_shape": (4, 4), "stride": 2, "output_padding": 1},
            ValueError,
            r"not both",
        ),
    ],
)
def test_bad_input_is_refused(transpose, x, w, b, kwargs, error, pattern) -> None:
    with pytest.raises(error, match=pattern):
        transpose(x, w, b, **kwargs)


def test_numpy_scalars_are_accepted_as_settings() -> None:
    y = conv2d_transpose(
        X,
        W,
        stride=np.int64(2),
        padding=np.int32(1),
        output_padding=np.int8(1),
        dilation=(np.int64(1), 1),
        output_shape=None,
    )
    assert y.shape == (1, (3 - 1) * 2 - 2 * 1 + (2 - 1) + 1 + 1, 5, 4)
    z = conv2d_transpose(X, W, stride=2, padding=1, output_shape=(np.int64(5), np.int64(5)))
    np.testing.assert_array_equal(y, z)


# ------------------------------------------------------ NaN / inf propagate


@BOTH
@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize(
    ("shape", "kernel", "kwargs"),
    [
        ((4, 5), (3, 2), {"stride": 2}),
        ((3, 4), (2, 3), {"stride": (1, 3), "padding": 1, "dilation": (2, 1)}),
        ((4, 4), (3, 3), {"stride": 2, "padding": "same"}),
        ((5, 3), (4, 4), {"stride": 3, "padding": ((2, 1), (0, 3)), "output_padding": 2}),
    ],
)
def test_non_finite_input_reaches_exactly_the_pixels_it_paints(
    transpose, bad, shape, kernel, kwargs
) -> None:
    """As in conv2d and the frameworks: a NaN/inf value spreads to its painted pixels only."""
    rng = np.random.default_rng(3)
    geometry = transpose_geometry(shape, kernel, **kwargs)
    rows, cols = geometry.axes()
    w = rng.uniform(0.5, 1.5, (*kernel, 2, 1))  # positive: inf never meets -inf
    for i in range(shape[0]):
        for j in range(shape[1]):
            x = rng.uniform(0.5, 1.5, (1, *shape, 1))
            x[0, i, j, 0] = bad
            y = transpose(x, w, **kwargs)
            seen = np.zeros(geometry.output, bool)
            for r in rows.painted(i):
                for c in cols.painted(j):
                    if 0 <= r < geometry.output[0] and 0 <= c < geometry.output[1]:
                        seen[r, c] = True
            got = ~np.isfinite(y[0])
            np.testing.assert_array_equal(got, np.repeat(seen[:, :, None], 2, axis=2))
