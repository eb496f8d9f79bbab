"""conv2d_backward: finite differences, loops vs vectorised, the Q&A's layer, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import conv2d, input_window, layer_geometry, neurons_seeing
from convmap.backward import ConvGradients, conv2d_backward, conv2d_backward_loops

BOTH = pytest.mark.parametrize("backward", [conv2d_backward, conv2d_backward_loops])

CASES = [
    # (x shape, w shape, stride, padding, dilation)
    ((2, 5, 6, 2), (3, 3, 2, 3), 1, "valid", 1),
    ((1, 6, 6, 3), (4, 4, 3, 2), 1, "same", 1),  # even kernel: pads (1, 2)
    ((1, 7, 8, 1), (3, 3, 1, 2), 2, "same", 1),
    ((1, 8, 7, 2), (3, 2, 2, 2), (2, 3), "valid", 1),  # rows and columns skipped
    ((1, 7, 7, 1), (2, 2, 1, 1), 3, "valid", 1),  # pixels no neuron sees
    ((1, 7, 7, 2), (3, 3, 2, 1), 1, ((1, 2), (0, 3)), (2, 1)),
    ((1, 5, 5, 1), (3, 3, 1, 2), 2, "full", 1),
]


def _loss(x, w, b, kwargs):
    """A nonlinear loss, so the gradient depends on where it is taken."""
    return float(np.sum(np.sin(conv2d(x, w, b, **kwargs))))


@BOTH
@pytest.mark.parametrize(("x_shape", "w_shape", "stride", "padding", "dilation"), CASES)
def test_gradients_match_finite_differences(backward, x_shape, w_shape, stride, padding, dilation):
    rng = np.random.default_rng(sum(x_shape) + sum(w_shape))
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[3])
    kwargs = {"stride": stride, "padding": padding, "dilation": dilation}
    grad_out = np.cos(conv2d(x, w, b, **kwargs))  # d sum(sin(y)) / dy
    grads = backward(x, w, grad_out, **kwargs)
    assert isinstance(grads, ConvGradients)
    assert grads.dx.shape == x.shape and grads.dw.shape == w.shape and grads.db.shape == b.shape
    h = 1e-6
    for name, array in (("dx", x), ("dw", w), ("db", b)):
        for flat in rng.choice(array.size, size=min(array.size, 12), replace=False):
            index = np.unravel_index(flat, array.shape)
            up, down = array.copy(), array.copy()
            up[index] += h
            down[index] -= h
            operands = {"dx": (up, down, "x"), "dw": (up, down, "w"), "db": (up, down, "b")}
            args_up = {"x": x, "w": w, "b": b, operands[name][2]: up}
            args_down = {"x": x, "w": w, "b": b, operands[name][2]: down}
            numeric = (_loss(**args_up, kwargs=kwargs) - _loss(**args_down, kwargs=kwargs)) / (
                2 * h
            )
            assert getattr(grads, name)[index] == pytest.approx(numeric, rel=1e-5, abs=1e-6), name


@st.composite
def forward_settings(draw):
    size = (draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = draw(
        st.one_of(
            st.sampled_from(["valid", "same", "full"]),
            st.integers(0, 2),
            st.tuples(*[st.tuples(st.integers(0, 2), st.integers(0, 2))] * 2),
        )
    )
    channels = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    return size, k, s, d, padding, channels, draw(st.integers(0, 2**31))


@settings(max_examples=150, deadline=None)
@given(forward_settings())
def test_loops_equal_fast(args) -> None:
    size, k, s, d, padding, (batch, c_in, c_out), seed = args
    try:
        geo = layer_geometry(size, k, s, padding, d)
    except ValueError:
        return  # kernel does not fit: refused by conv2d, tested there
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, *size, c_in))
    w = rng.standard_normal((*k, c_in, c_out))
    g = rng.standard_normal((batch, *geo.output, c_out))
    kwargs = {"stride": s, "padding": padding, "dilation": d}
    fast, loops = conv2d_backward(x, w, g, **kwargs), conv2d_backward_loops(x, w, g, **kwargs)
    for name in ("dx", "dw", "db"):
        np.testing.assert_allclose(getattr(fast, name), getattr(loops, name), atol=1e-10)
    # conv2d is linear in x: <g, conv2d(x, w)> = <dx, x> and = <dw, w>
    y = conv2d(x, w, **kwargs)
    np.testing.assert_allclose(np.sum(g * y), np.sum(fast.dx * x), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.sum(g * y), np.sum(fast.dw * w), rtol=1e-9, atol=1e-9)


# ---------------------------------------------------------------- the Q&A's layer


def test_one_neurons_gradient_lights_exactly_its_patch() -> None:
    """Z1 = conv2d(X, W1 [4, 4, 3, 8], SAME) on 64 x 64 x 3: one neuron's gradient
    reaches exactly the 4 x 4 x 3 pixels it sees (fewer at an edge, where it saw zeros)."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 64, 64, 3))
    w = rng.standard_normal((4, 4, 3, 8)) + 5.0  # no zero weights
    for row, col in [(10, 20), (0, 0), (63, 5)]:
        g = np.zeros((1, 64, 64, 8))
        g[0, row, col, 2] = 1.0
        dx = conv2d_backward(x, w, g, padding="same").dx
        rows = [r for r in input_window(row, 64, 4, 1, "same") if 0 <= r < 64]
        cols = [c for c in input_window(col, 64, 4, 1, "same") if 0 <= c < 64]
        lit = np.argwhere(dx[0] != 0)
        expected = {(r, c, ch) for r in rows for c in cols for ch in range(3)}
        assert {tuple(int(v) for v in p) for p in lit} == expected
        assert len(expected) == (4 * 4 * 3 if (row, col) == (10, 20) else len(rows) * len(cols) * 3)


def test_a_pixels_gradient_sums_over_the_neurons_that_see_it() -> None:
    """All-ones gradient and weights: dx counts (neuron, filter) pairs that see the pixel."""
    x, w, g = np.zeros((1, 64, 64, 3)), np.ones((4, 4, 3, 8)), np.ones((1, 64, 64, 8))
    dx = conv2d_backward(x, w, g, padding="same").dx
    assert dx[0, 30, 30, 0] == 128 == 4 * 4 * 8  # an inner pixel
    for r, c in [(0, 0), (0, 30), (63, 63), (62, 1)]:
        seeing = len(neurons_seeing(r, 64, 4, 1, "same")) * len(neurons_seeing(c, 64, 4, 1, "same"))
        assert dx[0, r, c, 1] == 8 * seeing
    assert dx[0, 0, 0, 0] == 2 * 2 * 8 and dx[0, 63, 63, 0] == 3 * 3 * 8


def test_float32_stays_float32() -> None:
    x, w = np.ones((1, 4, 4, 1), np.float32), np.ones((2, 2, 1, 1), np.float32)
    grads = conv2d_backward(x, w, np.ones((1, 3, 3, 1), np.float32))
    assert {a.dtype for a in grads} == {np.dtype(np.float32)}
    grads = conv2d_backward_loops(x.astype(int), w, np.ones((1, 3, 3, 1), int))
    assert {a.dtype for a in grads} == {np.dtype(np.float64)}


# ---------------------------------------------------------------- bad input

X, W, G = np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 5)), np.ones((1, 2, 2, 5))


@BOTH
@pytest.mark.parametrize(
    ("x", "w", "g", "kwargs", "error", "pattern"),
    [
        (X[0], W, G, {}, ValueError, r"x must be 4-D .* got shape \(4, 4, 2\)"),
        (X, W[0], G, {}, ValueError, r"w must be 4-D"),
        (X, np.ones((3, 3, 3, 5)), G, {}, ValueError, r"channel mismatch: x has 2 channels"),
        (
            X,
            W,
            np.ones((1, 3, 3, 5)),
            {},
            ValueError,
            r"grad_out must have the shape of conv2d's output, \(1, 2, 2, 5\) .* \(1, 3, 3, 5\)",
        ),
        (X, W, np.ones((1, 2, 2, 4)), {}, ValueError, r"grad_out must have the shape"),
        (X, W, G, {"padding": "same"}, ValueError, r"\(1, 4, 4, 5\)"),
        (X, W, G[0], {}, ValueError, r"grad_out must have the shape"),
        (X, W, G.astype(bool), {}, TypeError, r"grad_out must hold real numbers .* bool"),
        (X.astype(complex), W, G, {}, TypeError, r"x must hold real numbers .* complex128"),
        (X, W.astype(str), G, {}, TypeError, r"w must hold real numbers"),
        (X, W, G, {"stride": 0}, ValueError, r"stride must be an integer >= 1, got 0"),
        (X, W, G, {"dilation": 1.0}, TypeError, r"dilation must be an integer >= 1"),
        (X, W, G, {"padding": "sme"}, ValueError, r"padding must be one of"),
        (X, np.ones((5, 5, 2, 5)), G, {}, ValueError, r"kernel 5 with dilation 1 spans 5"),
    ],
)
def test_bad_input_is_refused(backward, x, w, g, kwargs, error, pattern) -> None:
    with pytest.raises(error, match=pattern):
        backward(x, w, g, **kwargs)


def test_numpy_scalars_are_accepted() -> None:
    x, w = np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1))
    a = conv2d_backward(x, w, np.ones((1, 2, 2, 1)), stride=np.int64(2), dilation=np.int32(1))
    b = conv2d_backward(x, w, np.ones((1, 2, 2, 1)), stride=2)
    np.testing.assert_array_equal(a.dx, b.dx)


@BOTH
@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize(
    ("shape", "kernel", "kwargs"),
    [
        ((6, 7), (3, 2), {"stride": 2}),
        ((5, 6), (2, 3), {"stride": (1, 3), "padding": 1, "dilation": (2, 1)}),
        ((6, 6), (4, 4), {"stride": 2, "padding": "same"}),
    ],
)
def test_non_finite_gradient_reaches_exactly_the_pixels_its_neuron_saw(
    backward, bad, shape, kernel, kwargs
) -> None:
    """As in conv2d and the frameworks: a neuron's NaN/inf gradient flows to its window only."""
    rng = np.random.default_rng(4)
    geo = layer_geometry(
        shape,
        kernel,
        kwargs.get("stride", 1),
        kwargs.get("padding", "valid"),
        kwargs.get("dilation", 1),
    )
    w = rng.uniform(0.5, 1.5, (*kernel, 2, 1))
    x = rng.uniform(0.5, 1.5, (1, *shape, 2))
    for h in range(geo.output[0]):
        for v in range(geo.output[1]):
            g = rng.uniform(0.5, 1.5, (1, *geo.output, 1))
            g[0, h, v, 0] = bad
            with np.errstate(invalid="ignore"):  # inf * 0 in dw, as in NumPy
                dx = backward(x, w, g, **kwargs).dx
            seen = np.zeros(shape, bool)
            for r in input_window(
                h, shape[0], kernel[0], geo.stride[0], geo.padding[0], geo.dilation[0]
            ):
                for c in input_window(
                    v, shape[1], kernel[1], geo.stride[1], geo.padding[1], geo.dilation[1]
                ):
                    if 0 <= r < shape[0] and 0 <= c < shape[1]:
                        seen[r, c] = True
            np.testing.assert_array_equal(~np.isfinite(dx[0]), np.repeat(seen[..., None], 2, 2))
