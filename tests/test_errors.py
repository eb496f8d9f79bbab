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
