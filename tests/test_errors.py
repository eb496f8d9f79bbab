"""Bad input: every public function refuses with the right exception type and a
message that names the argument, the value received and what would be valid.

Also: nothing is silently broadcast, and NaN / inf propagate exactly to the
outputs whose windows contain them (as NumPy arithmetic does).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from convmap import (
    avg_pool2d,
    conv2d,
    conv2d_loops,
    input_window,
    layer_geometry,
    max_pool2d,
    neurons_seeing,
    output_size,
    padding_amounts,
)

# inf * 0 and inf - inf warn in NumPy; here they are the behaviour under test.
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")

# ---------------------------------------------------------------------------
# Settings shared by every function: stride, dilation, kernel/size, padding.
# ---------------------------------------------------------------------------

VALID_PADDING = r".*'valid', 'same', 'full'"  # the message lists what is valid

# (keyword, bad value, exception type, regex the message must match)
SETTING_CASES = [
    ("stride", 0, ValueError, r"stride must be an integer >= 1, got 0\b"),
    ("stride", -1, ValueError, r"stride must be an integer >= 1, got -1\b"),
    ("stride", 1.5, TypeError, r"stride must be an integer >= 1, got 1\.5 of type float"),
    ("stride", True, TypeError, r"stride must be an integer >= 1, got True of type bool"),
    ("stride", "2", TypeError, r"stride must be an integer >= 1, got '2' of type str"),
    ("stride", None, TypeError, r"stride must be an integer >= 1, got None"),
    ("dilation", 0, ValueError, r"dilation must be an integer >= 1, got 0\b"),
    ("dilation", -2, ValueError, r"dilation must be an integer >= 1, got -2\b"),
    ("dilation", 2.0, TypeError, r"dilation must be an integer >= 1, got 2\.0 of type float"),
    ("padding", -1, ValueError, r"padding must be an integer >= 0, got -1\b"),
    ("padding", "sam", ValueError, r"padding must be one of" + VALID_PADDING + r".*got 'sam'"),
    ("padding", "", ValueError, r"padding must be one of" + VALID_PADDING + r".*got ''"),
    ("padding", 1.0, TypeError, r"padding must be" + VALID_PADDING + r".*got 1\.0 of type float"),
    ("padding", None, TypeError, r"padding must be" + VALID_PADDING + r".*got None"),
    ("padding", True, TypeError, r"padding must be" + VALID_PADDING + r".*got True of type bool"),
]

ONE_AXIS_ONLY = [
    ("padding", (1, 2, 3), ValueError, r"padding .*\(before, after\) pair, got \(1, 2, 3\) with 3"),
    ("padding", (1, -2), ValueError, r"padding after must be an integer >= 0, got -2\b"),
    ("padding", (-1, 0), ValueError, r"padding before must be an integer >= 0, got -1\b"),
    ("padding", ("same", 1), TypeError, r"padding before must be an integer >= 0, got 'same'"),
    ("kernel", 0, ValueError, r"kernel must be an integer >= 1, got 0\b"),
    ("kernel", -3, ValueError, r"kernel must be an integer >= 1, got -3\b"),
    ("kernel", 2.5, TypeError, r"kernel must be an integer >= 1, got 2\.5"),
    ("size", 0, ValueError, r"size must be an integer >= 1, got 0\b"),
    ("size", -8, ValueError, r"size must be an integer >= 1, got -8\b"),
    ("size", 8.0, TypeError, r"size must be an integer >= 1, got 8\.0"),
    # Kernel 9 on 8 pixels, VALID: the message gives the sizes and the limit.
    ("kernel", 9, ValueError, r"kernel 9 .*spans 9 .*padded input \(8 \+ 0 \+ 0 = 8\).*at most 8"),
    # Kernel 3 dilated by 4 spans 4*2+1 = 9 > 8.
    ("dilation", 4, ValueError, r"kernel 3 with dilation 4 spans 9 positions.*= 8\)"),
]

TWO_D_ONLY = [
    ("stride", (1, 0), ValueError, r"stride\[1\] must be an integer >= 1, got 0\b"),
    ("stride", (0, 1), ValueError, r"stride\[0\] must be an integer >= 1, got 0\b"),
    (
        "stride",
        (1, 2, 3),
        ValueError,
        r"stride must be an integer or an \(h, w\) pair, got \(1, 2, 3\)",
    ),
    ("stride", (1.5, 1), TypeError, r"stride\[0\] must be an integer >= 1, got 1\.5"),
    ("dilation", (1, 0), ValueError, r"dilation\[1\] must be an integer >= 1, got 0\b"),
    ("padding", (1, 2, 3), ValueError, r"padding must be .*got \(1, 2, 3\) with 3 entries"),
    ("padding", (1, -1), ValueError, r"padding\[1\] \(columns\) must be an integer >= 0, got -1"),
    (
        "padding",
        ((1, 2), (3, -4)),
        ValueError,
        r"padding\[1\] \(columns\) after must be an integer >= 0, got -4",
    ),
    (
        "padding",
        ((1, 2, 3), (0, 0)),
        ValueError,
        r"padding\[0\] \(rows\) .*pair, got \(1, 2, 3\) with 3 entries",
    ),
    ("padding", ("same", "sam"), ValueError, r"padding\[1\] \(columns\) must be one of.*got 'sam'"),
]


def _one_axis_calls():
    base = {"size": 8, "kernel": 3, "stride": 1, "padding": "valid", "dilation": 1}
    return {
        "output_size": lambda **kw: output_size(**{**base, **kw}),
        "padding_amounts": lambda **kw: padding_amounts(**{**base, **kw}),
        "input_window": lambda **kw: input_window(0, **{**base, **kw}),
        "neurons_seeing": lambda **kw: neurons_seeing(0, **{**base, **kw}),
    }


ONE_AXIS = _one_axis_calls()


@pytest.mark.parametrize("func", list(ONE_AXIS))
@pytest.mark.parametrize(("arg", "value", "exc", "match"), SETTING_CASES + ONE_AXIS_ONLY)
def test_one_axis_functions_refuse(func, arg, value, exc, match):
    with pytest.raises(exc, match=match):
        ONE_AXIS[func](**{arg: value})


X = np.ones((1, 8, 8, 3), np.float32)
W = np.ones((3, 3, 3, 4), np.float32)
B = np.zeros(4, np.float32)


def _two_d_calls():
    def geometry(**kw):
        args = {"input_size": (8, 8), "kernel": 3, "stride": 1, "padding": "valid", "dilation": 1}
        return layer_geometry(**{**args, **kw})

    def conv(f):
        return lambda **kw: f(X, W, B, **kw)

    def pool(f):
        return lambda **kw: f(X, 2, **kw)

    return {
        "layer_geometry": geometry,
        "conv2d": conv(conv2d),
        "conv2d_loops": conv(conv2d_loops),
        "max_pool2d": pool(max_pool2d),
        "avg_pool2d": pool(avg_pool2d),
    }


TWO_D = _two_d_calls()


def _applies(func, arg, value):
    # Pools have no dilation, and their stride=None means "the pool size".
    return not ("pool" in func and (arg == "dilation" or (arg == "stride" and value is None)))


@pytest.mark.parametrize(
    ("func", "arg", "value", "exc", "match"),
    [
        (func, *case)
        for func in TWO_D
        for case in SETTING_CASES + TWO_D_ONLY
        if _applies(func, case[0], case[1])
    ],
)
def test_two_d_functions_refuse(func, arg, value, exc, match):
    with pytest.raises(exc, match=match):
        TWO_D[func](**{arg: value})


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"input_size": 0}, ValueError, r"input_size must be an integer >= 1, got 0\b"),
        ({"input_size": (8, 0)}, ValueError, r"input_size\[1\] must be an integer >= 1, got 0"),
        ({"kernel": 0}, ValueError, r"kernel must be an integer >= 1, got 0\b"),
        ({"kernel": (3, -1)}, ValueError, r"kernel\[1\] must be an integer >= 1, got -1"),
        ({"kernel": (9, 3)}, ValueError, r"kernel 9 .*on the rows.*\(8 \+ 0 \+ 0 = 8\)"),
        ({"kernel": (3, 9)}, ValueError, r"kernel 9 .*on the columns.*\(8 \+ 0 \+ 0 = 8\)"),
    ],
)
def test_layer_geometry_sizes(kwargs, exc, match):
    args = {"input_size": (8, 8), "kernel": 3, **kwargs}
    with pytest.raises(exc, match=match):
        layer_geometry(**args)


# ---------------------------------------------------------------------------
# Kernel / pool size that does not fit.
# ---------------------------------------------------------------------------

CONVS = pytest.mark.parametrize("conv", [conv2d, conv2d_loops], ids=["conv2d", "loops"])
POOLS = pytest.mark.parametrize("pool", [max_pool2d, avg_pool2d], ids=["max", "avg"])


@CONVS
def test_conv_kernel_larger_than_padded_input(conv):
    x = np.ones((1, 4, 8, 1))
    with pytest.raises(ValueError, match=r"kernel 5 .*on the rows.*\(4 \+ 0 \+ 0 = 4\).*at most 4"):
        conv(x, np.ones((5, 3, 1, 1)))
    # Dilation 2 makes a 3-tap kernel span 5 > 4 rows; padding 1 makes it fit (6 rows).
    with pytest.raises(ValueError, match=r"kernel 3 with dilation 2 spans 5 positions on the rows"):
        conv(x, np.ones((3, 3, 1, 1)), dilation=2)
    assert conv(x, np.ones((3, 3, 1, 1)), dilation=2, padding=1).shape == (1, 2, 6, 1)
    # Kernel 0 = a weight array with a zero-length axis.
    with pytest.raises(
        ValueError, match=r"w must have every dimension >= 1, got shape \(0, 3, 1, 1\)"
    ):
        conv(x, np.ones((0, 3, 1, 1)))


@POOLS
def test_pool_size_refused(pool):
    x = np.ones((1, 4, 8, 1))
    with pytest.raises(ValueError, match=r"size 5 on the rows.*\(4 \+ 0 \+ 0 = 4\).*at most 4"):
        pool(x, (5, 2))
    with pytest.raises(ValueError, match=r"size must be an integer >= 1, got 0\b"):
        pool(x, 0)
    with pytest.raises(ValueError, match=r"size\[1\] must be an integer >= 1, got 0\b"):
        pool(x, (2, 0))
    with pytest.raises(ValueError, match=r"size must be an integer >= 1, got -2\b"):
        pool(x, -2)
    with pytest.raises(TypeError, match=r"size must be an integer >= 1, got 1\.5"):
        pool(x, 1.5)
    with pytest.raises(TypeError, match=r"size must be an integer >= 1, got True"):
        pool(x, True)
    with pytest.raises(
        ValueError, match=r"size must be an integer or an \(h, w\) pair, got \(2, 2, 2\)"
    ):
        pool(x, (2, 2, 2))


@POOLS
def test_pool_window_of_only_padding(pool):
    x = np.ones((1, 4, 4, 1))
    # size 2, padding 2 (stride 2): the first window covers rows -2, -1: padding only.
    with pytest.raises(ValueError, match=r"padding \(2, 2\) on the rows .*only padding.*at most 1"):
        pool(x, 2, padding=2)
    # Only the columns' right side: padded cols 0..6, stride 1: window 5..6 is padding only.
    with pytest.raises(
        ValueError, match=r"padding \(0, 3\) on the columns .*only padding.*at most 2"
    ):
        pool(x, 3, stride=1, padding=((0, 0), (0, 3)))
    # The same padding with stride 3 places no window on padding only, but a side
    # with as many zeros as the window is still refused, as TensorFlow refuses it.
    with pytest.raises(ValueError, match=r"padding \(0, 3\) on the columns .*at most 2"):
        pool(x, 3, stride=3, padding=((0, 0), (0, 3)))
    assert pool(x, 3, stride=3, padding=((0, 0), (0, 2))).shape == (1, 1, 2, 1)


# ---------------------------------------------------------------------------
# Index / pixel outside the layer.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "exc", "match"),
    [
        (6, ValueError, r"index must be an output position in 0\.\.5 .*6 outputs.*got 6\b"),
        (100, ValueError, r"index must be an output position in 0\.\.5 .*got 100\b"),
        (-1, ValueError, r"index must be an output position in 0\.\.5 .*got -1\b"),
        (1.0, TypeError, r"index must be an integer in 0\.\.5, got 1\.0"),
        (True, TypeError, r"index must be an integer in 0\.\.5, got True"),
        ("0", TypeError, r"index must be an integer in 0\.\.5, got '0'"),
    ],
)
def test_input_window_index_out_of_range(index, exc, match):
    # 8 pixels, kernel 3, VALID: 6 outputs, 0..5.
    with pytest.raises(exc, match=match):
        input_window(index, 8, 3)


def test_input_window_accepts_numpy_integers():
    assert input_window(np.int64(5), 8, 3) == [5, 6, 7]


@pytest.mark.parametrize(
    ("pixel", "padding", "exc", "match"),
    [
        (8, "valid", ValueError, r"pixel must be a position of the padded input, 0\.\.7 .*got 8\b"),
        (-1, "valid", ValueError, r"pixel .* 0\.\.7 .*padding \(0, 0\).*got -1\b"),
        # SAME with kernel 3 pads (1, 1): -1 and 8 are allowed, -2 and 9 are not.
        (-2, "same", ValueError, r"pixel .* -1\.\.8 .*padding \(1, 1\).*got -2\b"),
        (9, "same", ValueError, r"pixel .* -1\.\.8 .*got 9\b"),
        (0.5, "valid", TypeError, r"pixel must be an integer in 0\.\.7, got 0\.5"),
        (False, "valid", TypeError, r"pixel must be an integer in 0\.\.7, got False"),
    ],
)
def test_neurons_seeing_pixel_outside(pixel, padding, exc, match):
    with pytest.raises(exc, match=match):
        neurons_seeing(pixel, 8, 3, 1, padding)


def test_padded_positions_allowed_in_neurons_seeing():
    # SAME k3 on 8: output i reads i-1..i+1, so the zero at -1 is read by output 0
    # and the zero at 8 by output 7.
    assert neurons_seeing(-1, 8, 3, 1, "same") == [0]
    assert neurons_seeing(8, 8, 3, 1, "same") == [7]


# ---------------------------------------------------------------------------
# Arrays: shapes, channels, bias, dtypes. Nothing is silently broadcast.
# ---------------------------------------------------------------------------

ARRAY_CASES = [
    # (x, w, b, exception, message)
    (
        np.ones((8, 8, 3)),
        W,
        None,
        ValueError,
        r"x must be 4-D \(batch, height, width, channels\), got shape \(8, 8, 3\) with 3 "
        r"dimensions; add a batch axis with x\[None\]",
    ),
    (np.ones((1, 1, 8, 8, 3)), W, None, ValueError, r"x must be 4-D .*got shape \(1, 1, 8, 8, 3\)"),
    (
        np.ones((8, 8)),
        W,
        None,
        ValueError,
        r"x must be 4-D .*got shape \(8, 8\) with 2 dimensions; .*x\[None, :, :, None\]",
    ),
    (
        np.ones((2, 8, 8, 3, 1)),
        W,
        None,
        ValueError,
        r"got shape \(2, 8, 8, 3, 1\) with 5 dimensions$",
    ),
    (
        X,
        np.ones((3, 3)),
        None,
        ValueError,
        r"w must be 4-D .*got shape \(3, 3\) with 2 dimensions; .*w\[:, :, None, None\]",
    ),
    (np.float32(1), W, None, ValueError, r"x must be 4-D .*got shape \(\) with 0"),
    (
        np.ones((1, 0, 8, 3)),
        W,
        None,
        ValueError,
        r"x must have height, width and channels >= 1, got shape \(1, 0, 8, 3\)",
    ),
    (
        X,
        np.ones((3, 3, 3)),
        None,
        ValueError,
        r"w must be 4-D \(kernel height, kernel width, in channels, out channels\)"
        r".*got shape \(3, 3, 3\)",
    ),
    (
        X,
        np.ones((3, 3, 3, 4, 1)),
        None,
        ValueError,
        r"w must be 4-D .*got shape \(3, 3, 3, 4, 1\) with 5",
    ),
    (
        X,
        np.ones((3, 3, 3, 0)),
        None,
        ValueError,
        r"w must have every dimension >= 1, got shape \(3, 3, 3, 0\)",
    ),
    # The Q&A's W1 with 1 in-channel on an RGB image: refused, not broadcast.
    (
        X,
        np.ones((4, 4, 1, 8)),
        None,
        ValueError,
        r"channel mismatch: x has 3 channels \(shape \(1, 8, 8, 3\)\) but w expects 1 in channels "
        r"\(shape \(4, 4, 1, 8\)\); w.shape\[2\] must equal x.shape\[3\]",
    ),
    (X, np.ones((4, 4, 6, 8)), None, ValueError, r"channel mismatch: x has 3 .*w expects 6"),
    # Bias: exactly (c_out,), nothing else, not even broadcastable shapes.
    (
        X,
        W,
        np.zeros((4, 1)),
        ValueError,
        r"b must have shape \(4,\), one value per filter of w.*got shape \(4, 1\)",
    ),
    (X, W, np.zeros(5), ValueError, r"b must have shape \(4,\).*got shape \(5,\)"),
    (X, W, np.zeros(1), ValueError, r"b must have shape \(4,\).*got shape \(1,\)"),
    (X, W, 0.5, ValueError, r"b must have shape \(4,\).*got shape \(\)"),
    (X, W, np.zeros((1, 4)), ValueError, r"b must have shape \(4,\).*got shape \(1, 4\)"),
    # dtypes: real numbers only.
    (
        X.astype(complex),
        W,
        None,
        TypeError,
        r"x must hold real numbers \(integer or float\), got dtype complex128",
    ),
    (X.astype(bool), W, None, TypeError, r"x must hold real numbers .*got dtype bool"),
    (X.astype(str), W, None, TypeError, r"x must hold real numbers .*got dtype <U"),
    (X.astype(object), W, None, TypeError, r"x must hold real numbers .*got dtype object"),
    (X, W.astype(np.complex64), None, TypeError, r"w must hold real numbers .*got dtype complex64"),
    (X, W.astype(bool), None, TypeError, r"w must hold real numbers .*got dtype bool"),
    (X, W, B.astype(complex), TypeError, r"b must hold real numbers .*got dtype complex128"),
    (X, W, B.astype(bool), TypeError, r"b must hold real numbers .*got dtype bool"),
    (X, W, ["a"] * 4, TypeError, r"b must hold real numbers .*got dtype <U1"),
]


@CONVS
@pytest.mark.parametrize(("x", "w", "b", "exc", "match"), ARRAY_CASES)
def test_conv_refuses_bad_arrays(conv, x, w, b, exc, match):
    with pytest.raises(exc, match=match):
        conv(x, w, b)


POOL_ARRAY_CASES = [
    (np.ones((8, 8, 3)), ValueError, r"x must be 4-D .*got shape \(8, 8, 3\).*x\[None\]"),
    (np.ones((1, 1, 8, 8, 3)), ValueError, r"x must be 4-D .*got shape \(1, 1, 8, 8, 3\) with 5"),
    (
        np.ones((1, 8, 0, 3)),
        ValueError,
        r"x must have height, width and channels >= 1, got shape \(1, 8, 0, 3\)",
    ),
    (X.astype(complex), TypeError, r"x must hold real numbers .*got dtype complex128"),
    (X.astype(bool), TypeError, r"x must hold real numbers .*got dtype bool"),
    (X.astype(str), TypeError, r"x must hold real numbers .*got dtype <U"),
]


@POOLS
@pytest.mark.parametrize(("x", "exc", "match"), POOL_ARRAY_CASES)
def test_pool_refuses_bad_arrays(pool, x, exc, match):
    with pytest.raises(exc, match=match):
        pool(x, 2)


def test_messages_name_the_value_not_just_the_type():
    # Every case above matched a regex; spot-check one complete message end to end.
    with pytest.raises(ValueError) as info:
        conv2d(X, W, stride=0)
    assert re.fullmatch(r"stride must be an integer >= 1, got 0", str(info.value))


# ---------------------------------------------------------------------------
# NaN and infinity propagate, to exactly the outputs whose windows hold them.
# ---------------------------------------------------------------------------

NAN_SETTINGS = [
    # (height, width, kh, kw, stride, padding, dilation)
    (7, 7, 3, 3, 1, "valid", 1),
    (8, 6, 4, 2, 1, "same", 1),
    (9, 9, 3, 3, 2, "same", 1),
    (9, 8, 2, 3, (2, 3), "full", (2, 1)),
    (6, 7, 3, 2, 1, ((2, 0), (1, 3)), 2),
]


def _expected_nan_mask(shape_out, pixel, h, w, kh, kw, stride, padding, dilation):
    """Outputs (r, c) with r seeing the pixel's row and c seeing its column."""
    g = layer_geometry((h, w), (kh, kw), stride, padding, dilation)
    rows = neurons_seeing(pixel[0], h, kh, g.stride[0], g.padding[0], g.dilation[0])
    cols = neurons_seeing(pixel[1], w, kw, g.stride[1], g.padding[1], g.dilation[1])
    mask = np.zeros(shape_out, bool)
    mask[np.ix_(rows, cols)] = True
    return mask


@CONVS
@pytest.mark.parametrize(("h", "w", "kh", "kw", "stride", "padding", "dilation"), NAN_SETTINGS)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nan_and_inf_reach_exactly_the_neurons_seeing_them(
    conv, h, w, kh, kw, stride, padding, dilation, bad, dtype
):
    rng = np.random.default_rng(h * 100 + w)
    weights = rng.uniform(0.5, 1.5, (kh, kw, 2, 3)).astype(dtype)  # positive: inf stays +inf
    for pixel in [(0, 0), (h - 1, w - 1), (h // 2, w // 3), (1, w - 2)]:
        x = rng.normal(size=(1, h, w, 2)).astype(dtype)
        x[0, pixel[0], pixel[1], 1] = bad  # one bad value, in channel 1
        z = conv(x, weights, stride=stride, padding=padding, dilation=dilation)
        mask = _expected_nan_mask(z.shape[1:3], pixel, h, w, kh, kw, stride, padding, dilation)
        check = np.isnan if np.isnan(bad) else np.isposinf
        for c_out in range(3):  # every filter reads every input channel
            np.testing.assert_array_equal(check(z[0, :, :, c_out]), mask)
        assert np.isfinite(z[0][~mask]).all()


@CONVS
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_weight_reaches_only_its_filter(conv, bad):
    # A NaN / inf tap in filter 1 makes every output of filter 1 non-finite (every
    # window uses that tap, on positive pixels); filters 0 and 2 stay finite.
    rng = np.random.default_rng(7)
    x = rng.uniform(0.5, 1.5, (2, 9, 10, 2))
    weights = rng.normal(size=(3, 2, 2, 3))
    weights[1, 0, 1, 1] = bad
    for padding in ("valid", "same", 1):
        z = conv(x, weights, stride=(1, 2), padding=padding, dilation=(2, 1))
        f1 = z[:, :, :, 1]
        if padding == "valid":  # every window's tap (1, 0) reads a real, positive pixel
            assert (np.isnan(f1) if np.isnan(bad) else ~np.isfinite(f1)).all()
        assert np.isfinite(z[..., [0, 2]]).all()


@POOLS
@pytest.mark.parametrize(
    ("size", "stride", "padding"), [(2, None, "valid"), (3, 1, "same"), ((2, 3), (1, 2), 1)]
)
def test_pool_nan_reaches_exactly_the_windows_holding_it(pool, size, stride, padding):
    h, w = 7, 8
    rng = np.random.default_rng(3)
    for pixel in [(0, 0), (h - 1, w - 1), (3, 4)]:
        x = rng.normal(size=(1, h, w, 1))
        x[0, pixel[0], pixel[1], 0] = np.nan
        z = pool(x, size, stride=stride, padding=padding)
        sizes = size if isinstance(size, tuple) else (size, size)
        strides = sizes if stride is None else stride
        mask = _expected_nan_mask(z.shape[1:3], pixel, h, w, *sizes, strides, padding, 1)
        np.testing.assert_array_equal(np.isnan(z[0, :, :, 0]), mask)


def test_inf_times_zero_weight_is_nan_as_in_numpy():
    # Documented in conv.py: inf * 0 gives NaN, as NumPy arithmetic does.
    x = np.zeros((1, 1, 2, 1))
    x[0, 0, 0, 0] = np.inf
    w = np.array([0.0, 1.0]).reshape(1, 2, 1, 1)
    for conv in (conv2d, conv2d_loops):
        assert np.isnan(conv(x, w)[0, 0, 0, 0])
    # Max pooling of +inf gives +inf; average with -inf gives -inf.
    assert max_pool2d(x, (1, 2))[0, 0, 0, 0] == np.inf
    assert avg_pool2d(-x, (1, 2))[0, 0, 0, 0] == -np.inf


# ---------------------------------------------------------------------------
# NumPy scalars wherever a Python int or bool is; every layer, the network.
# ---------------------------------------------------------------------------

from convmap import (  # noqa: E402
    AvgPool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    ReLU,
    forward,
    init_weights,
    input_region,
    trace,
)
from convmap.geometry import Axis  # noqa: E402

I64, I32, TRUE, FALSE = np.int64, np.int32, np.bool_(True), np.bool_(False)


def test_numpy_scalars_accepted_in_geometry():
    assert output_size(I64(64), I32(4), I64(1), "same", I64(1)) == 64
    assert padding_amounts(I64(64), I64(4), padding=(I64(0), I32(3))) == (0, 3)
    assert input_window(I64(62), 64, 4, 1, I64(1)) == input_window(62, 64, 4, 1, 1)
    assert neurons_seeing(I32(0), I64(64), 4, 1, "same") == [0, 1]
    g = layer_geometry((I64(7), I32(8)), I64(3), (I64(2), 1), ((I64(1), 1), I32(0)), I64(1))
    # rows: 7 + 1 + 1 = 9 padded, (9 - 3) // 2 + 1 = 4; cols: 8 - 3 + 1 = 6
    assert g.output == (4, 6) and type(g.output[0]) is int
    assert Axis(I64(8), I64(3), I64(2)).out == 3


def test_numpy_scalars_accepted_in_layers_and_network():
    conv = Conv2D(I64(2), (I64(3), I32(1)), stride=I64(1), padding=I64(1), bias=FALSE)
    assert conv.bias is False and conv.filters == 2 and type(conv.filters) is int
    assert Dense(I64(3), bias=TRUE).bias is True
    assert MaxPool2D(I64(2), stride=I32(1)).stride == (1, 1)
    stack = [conv, ReLU(), AvgPool2D(I64(2)), Flatten(), Dense(I64(3), bias=TRUE)]
    t = trace(stack, (I64(6), I32(6), I64(1)))
    # conv (3, 1) pad 1 on 6 x 6: 6 x 8 x 2; pool 2: 3 x 4 x 2; flatten 24; dense 24*3 + 3
    assert t[-1].params == 24 * 3 + 3
    # pool neuron (1, 0) <- conv rows 2..3, cols 0..1 <- input rows 1..4, cols -1..0
    assert input_region(stack, (6, 6, 1), I64(2), I64(1), I32(0)).size == (4, 2)
    assert init_weights(stack, (6, 6, 1), seed=I64(3))[0][0].shape == (3, 1, 1, 2)
    x = np.ones((2, 6, 6, 1))
    np.testing.assert_array_equal(forward(stack, x, seed=I64(3)), forward(stack, x, seed=3))


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Conv2D(2, 3, bias=1), r"Conv2D bias must be True or False, got 1 of type int"),
        (lambda: Dense(2, bias="yes"), r"Dense bias must be True or False, got 'yes'"),
        (lambda: Conv2D(2, 3, name=5), r"Conv2D name must be a string or None, got 5"),
        (lambda: Conv2D(I64(0), 3), r"Conv2D filters must be an integer >= 1, got 0"),
        (lambda: Conv2D(2, TRUE), r"Conv2D kernel must be an integer >= 1, got np\.True_"),
        (lambda: Dense(2.0), r"Dense units must be an integer >= 1, got 2\.0 of type float"),
        (lambda: MaxPool2D(2, padding="nope"), r"MaxPool2D padding must be one of .*'nope'"),
        (lambda: AvgPool2D((2, 2, 2)), r"AvgPool2D size must be an integer or an \(h, w\) pair"),
    ],
)
def test_layer_constructors_refuse(make, match):
    with pytest.raises((TypeError, ValueError), match=match):
        make()


# ---------------------------------------------------------------------------
# Batch 0 through every layer gives an empty batch, as the frameworks do.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layer",
    [Conv2D(3, 2, padding="same"), MaxPool2D(2), AvgPool2D(2, padding="same"), ReLU()],
    ids=["conv", "maxpool", "avgpool", "relu"],
)
def test_batch_zero_through_every_layer(layer):
    stack = [layer, Flatten(), Dense(4)]
    records = trace(stack, (5, 5, 2))
    out, steps = forward(stack, np.zeros((0, 5, 5, 2), np.float32), return_intermediates=True)
    assert out.shape == (0, 4)
    assert [s.shape for s in steps] == [(0, *r.output_shape) for r in records]
    for func in (conv2d, conv2d_loops):
        assert func(np.zeros((0, 5, 5, 2)), np.ones((2, 2, 2, 3))).shape == (0, 4, 4, 3)
    assert max_pool2d(np.zeros((0, 5, 5, 2)), 2, padding="same").shape == (0, 3, 3, 2)


# ---------------------------------------------------------------------------
# forward's weights: the usual forms accepted; a bad entry names its layer.
# ---------------------------------------------------------------------------

NET = [Conv2D(2, 3), ReLU(), Flatten(), Dense(2, bias=False)]
XN = np.random.default_rng(0).random((2, 5, 5, 1))


def _reference():
    return forward(NET, XN, seed=4)


@pytest.mark.parametrize(
    "convert",
    [
        lambda ws: ws,
        lambda ws: tuple(ws),
        lambda ws: [[ws[0][0], ws[0][1]], None, None, ws[3][0]],
        lambda ws: [(ws[0][0].tolist(), ws[0][1].tolist()), None, None, [ws[3][0]]],
        lambda ws: [list(ws[0]), None, None, (ws[3][0].tolist(), None)],
        lambda ws: [ws[0], None, None, ws[3][0].tolist()],
    ],
    ids=["list", "tuple", "lists", "nested-lists", "w-none", "dense-as-nested-list"],
)
def test_forward_accepts_usual_weight_forms(convert):
    weights = init_weights(NET, (5, 5, 1), seed=4)
    np.testing.assert_allclose(forward(NET, XN, convert(weights)), _reference(), rtol=1e-6)


@pytest.mark.parametrize(
    ("entry", "exc", "match"),
    [
        (
            (np.ones((3, 3, 1, 2), complex), np.zeros(2)),
            TypeError,
            r"weights must hold real .*complex",
        ),
        (
            (np.ones((3, 3, 1, 2), object), np.zeros(2)),
            TypeError,
            r"weights must hold real .*object",
        ),
        ((np.full((3, 3, 1, 2), "a"), np.zeros(2)), TypeError, r"weights must hold real .*<U1"),
        (
            (np.ones((3, 3, 1, 2)), np.zeros(2, complex)),
            TypeError,
            r"bias must hold real .*complex",
        ),
        (
            (np.ones((3, 3, 1, 2)), np.zeros(3)),
            ValueError,
            r"bias has shape \(3,\); expected \(2,\)",
        ),
        ((np.ones((3, 3, 2, 2)), np.zeros(2)), ValueError, r"weights have shape \(3, 3, 2, 2\)"),
        (
            (np.ones((3, 3, 1, 2)), np.zeros(2), 0),
            ValueError,
            r"weights entry must be w, \(w,\) or \(w, b\).*3 entries",
        ),
        (None, ValueError, r"has parameters; its weights entry must be w or \(w, b\)"),
        ("w", TypeError, r"weights must hold real numbers"),
        ([[1, 2], [3]], ValueError, r"weights have shape \(2,\)"),
    ],
)
def test_forward_refuses_bad_weight_entries_naming_the_layer(entry, exc, match):
    weights = init_weights(NET, (5, 5, 1), seed=4)
    weights[0] = entry
    with pytest.raises(exc, match=r"layer 0 'conv1' \(Conv2D\) " + match):
        forward(NET, XN, weights)


def test_forward_refuses_weights_for_parameterless_layers_and_bad_lists():
    weights = init_weights(NET, (5, 5, 1), seed=4)
    weights[2] = np.zeros(3)
    with pytest.raises(ValueError, match=r"layer 2 'flatten1' \(Flatten\) has no parameters"):
        forward(NET, XN, weights)
    weights = init_weights(NET, (5, 5, 1), seed=4)
    weights[3] = (weights[3][0], np.zeros(2))
    with pytest.raises(ValueError, match=r"layer 3 'dense1' \(Dense\) has bias=False"):
        forward(NET, XN, weights)
    for bad in ({"a": 1}, "weights", weights[:2]):
        with pytest.raises(ValueError, match=r"weights must be a list with one entry per layer"):
            forward(NET, XN, bad)


# ---------------------------------------------------------------------------
# Seeds: integers >= 0, or None for fresh randomness.
# ---------------------------------------------------------------------------


def test_seeds():
    a = init_weights(NET, (5, 5, 1), seed=None)[0][0]
    b = init_weights(NET, (5, 5, 1), seed=None)[0][0]
    assert not np.array_equal(a, b)  # fresh randomness (2**-128 chance of equality)
    np.testing.assert_array_equal(
        init_weights(NET, (5, 5, 1), seed=7)[0][0], init_weights(NET, (5, 5, 1), seed=7)[0][0]
    )
    for func in (
        lambda s: init_weights(NET, (5, 5, 1), seed=s),
        lambda s: forward(NET, XN, seed=s),
    ):
        with pytest.raises(ValueError, match=r"seed must be an integer >= 0 or None .*got -1"):
            func(-1)
        with pytest.raises(TypeError, match=r"seed must be an integer >= 0 or None .*1\.5"):
            func(1.5)
        with pytest.raises(TypeError, match=r"seed must be .*got True"):
            func(True)


def test_trace_and_input_region_refuse():
    with pytest.raises(TypeError, match=r"layers must be a list .*got NoneType"):
        trace(None, (4, 4, 1))
    with pytest.raises(TypeError, match=r"layers\[0\] must be .*got <class"):
        trace([Conv2D], (4, 4, 1))
    for shape in [(4, 4), (4, 0, 1), (4.0, 4, 1), "444", (True, 4, 1)]:
        with pytest.raises(ValueError, match=r"input_shape must be \(height, width, channels\)"):
            trace([ReLU()], shape)
    with pytest.raises(TypeError, match=r"row must be an integer in 0\.\.3, got 1\.0"):
        input_region([Conv2D(1, 3)], (6, 6, 1), 0, 1.0)
    with pytest.raises(ValueError, match=r"col must be in 0\.\.0 .*flat output.*got 1"):
        input_region([Flatten()], (2, 2, 1), 0, 0, 1)
    with pytest.raises(TypeError, match=r"return_intermediates must be True or False"):
        forward([ReLU()], XN, return_intermediates=1)


# ---------------------------------------------------------------------------
# One pooling-padding rule (TensorFlow's) in trace, the layers and the pools.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "stride", "padding", "ok"),
    [
        (2, 3, ((0, 2), (0, 2)), False),  # the case: 2 zeros on a window of 2
        (3, 1, 2, True),  # k - 1 zeros: TensorFlow accepts (golden tf-max-explicit-k-1)
        (3, 1, 3, False),  # k zeros: TensorFlow refuses (golden tf-max-explicit-k)
        (3, 2, "same", True),
        (3, 2, "full", True),
        ((2, 3), 1, ((1, 1), (0, 3)), False),
    ],
)
def test_one_pooling_padding_rule(size, stride, padding, ok):
    x = np.zeros((1, 4, 4, 1))
    for cls, func in ((MaxPool2D, max_pool2d), (AvgPool2D, avg_pool2d)):
        calls = [
            lambda cls=cls: trace([cls(size, stride, padding)], (4, 4, 1)),
            lambda func=func: func(x, size, stride=stride, padding=padding),
            lambda cls=cls: forward([cls(size, stride, padding)], x),
        ]
        for call in calls:
            if ok:
                call()
            else:
                with pytest.raises(ValueError, match=r"too large for a pooling window.*at most"):
                    call()


# ---------------------------------------------------------------------------
# Large finite input: no overflow, no warning, right under errstate(all="raise").
# ---------------------------------------------------------------------------


def test_conv_loops_large_finite_input_under_errstate_raise():
    x = np.full((1, 6, 7, 2), 3e38, np.float32)  # the sum of x overflows float32
    w = np.full((3, 3, 2, 1), 1e-38, np.float32)
    with np.errstate(all="raise"):
        z = conv2d_loops(x, w, padding="same")
    assert np.isfinite(z).all() and np.isclose(z[0, 1, 1, 0], 18 * 3.0, rtol=1e-5)


def test_conv_fast_large_finite_input_under_errstate_raise():
    x = np.full((1, 30, 40, 2), 3e38, np.float32)
    w = np.full((3, 3, 2, 4), 1e-38, np.float32)
    with np.errstate(all="raise"):
        z = conv2d(x, w, padding="same")
    np.testing.assert_allclose(z, conv2d_loops(x, w, padding="same"), rtol=1e-5)
