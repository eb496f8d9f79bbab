"""conv2d and the pools remember checked calls, conv2d its plans; none may skip a check.

The caches are keyed by shapes, dtypes and plain settings (`convmap.conv._call_key`,
`convmap.pool._checked`) and by layer and settings object (`convmap.kernel.plan.conv_plan`).
Each test first makes a call that fills the cache, then one that must not be answered from it.
"""

from __future__ import annotations

import numpy as np
import pytest

from convmap import conv2d, conv2d_loops
from convmap.conv import _CHECKED, _call_key
from convmap.kernel import KernelSettings, use_settings
from convmap.kernel.plan import _PLANS, _decide, conv_plan

F32 = np.dtype(np.float32)


def operands(seed: int, x_shape=(2, 7, 6, 3), w_shape=(3, 2, 3, 4)):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal(x_shape).astype(np.float32),
        rng.standard_normal(w_shape).astype(np.float32),
    )


def test_a_remembered_call_gives_the_loops_answer_every_time():
    x, w = operands(1)
    b = np.arange(4, dtype=np.float32)
    want = conv2d_loops(x, w, b, stride=(2, 1), padding="same", dilation=(1, 2))
    for _ in range(3):  # the first call fills both caches, the next two read them
        got = conv2d(x, w, b, stride=(2, 1), padding="same", dilation=(1, 2))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    key = _call_key(x, w, b, (2, 1), "same", (1, 2))
    assert key in _CHECKED
    dtype, g = _CHECKED[key]
    assert dtype == F32 and g.output == want.shape[1:3] and g.padding == ((1, 1), (1, 1))


def test_a_remembered_call_still_refuses_what_its_checks_refuse():
    x, w = operands(2)
    conv2d(x, w, np.zeros(4, np.float32), stride=1)  # remembered
    with pytest.raises(ValueError, match=r"b must have shape \(4,\).*got shape \(3,\)"):
        conv2d(x, w, np.zeros(3, np.float32), stride=1)
    with pytest.raises(TypeError, match="stride"):
        conv2d(x, w, stride=True)  # True == 1 and hashes alike: never a key
    with pytest.raises(TypeError, match="stride"):
        conv2d(x, w, stride=(1, True))
    with pytest.raises(TypeError, match="stride"):
        conv2d(x, w, stride=1.0)
    with pytest.raises(ValueError, match="channel mismatch"):
        conv2d(x[..., :2], w)
    with pytest.raises(TypeError, match="must hold real numbers"):
        conv2d(x.astype(np.complex64), w)
    for _ in range(2):  # an error is never remembered
        with pytest.raises(ValueError, match="kernel"):
            conv2d(x[:, :2, :1], w)


def test_only_plain_arrays_and_settings_make_keys():
    x, w = operands(3)
    b = np.zeros(4, np.float32)
    assert _call_key(x, w, None, 1, "valid", 1) is not None
    assert _call_key(x, w, b, (1, 2), ((1, 0), (0, 1)), 1) is not None
    assert _call_key(x.tolist(), w, None, 1, "valid", 1) is None  # a list: checked each time
    assert _call_key(x, w, b.reshape(1, 1, 1, 4), 1, "valid", 1) is None  # the Q&A's bias
    assert _call_key(x, w, None, np.int64(1), "valid", 1) is None
    assert _call_key(x, w, None, [1, 1], "valid", 1) is None
    assert _call_key(np.ma.masked_array(x), w, None, 1, "valid", 1) is None  # a subclass
    assert _call_key(x, w, None, 1, "valid", 1) != _call_key(x, w, b, 1, "valid", 1)
    as_double = _call_key(x.astype(np.float64), w, None, 1, "valid", 1)
    assert as_double != _call_key(x, w, None, 1, "valid", 1)
    # the Q&A's bias and lists take the full path and give the same numbers
    want = conv2d(x, w, b)
    np.testing.assert_array_equal(conv2d(x, w, b.reshape(1, 1, 1, 4)), want)
    np.testing.assert_allclose(conv2d(x.tolist(), w.tolist(), b.tolist()), want, atol=1e-5)


def test_a_float64_call_after_a_float32_one_keeps_its_dtype():
    x, w = operands(4)
    assert conv2d(x, w).dtype == np.float32
    assert conv2d(x.astype(np.float64), w).dtype == np.float64
    assert conv2d(x.astype(np.int32), w.astype(np.int8)).dtype == np.float64
    assert conv2d(x.astype(np.int16), w).dtype == np.float32  # result_type(int16, float32)
    assert conv2d(x, w).dtype == np.float32


def test_a_plan_is_remembered_per_settings_object():
    args = ((2, 16, 16, 8), (3, 3, 8, 8), F32, ((1, 1), (1, 1)), (16, 16), (1, 1), (1, 1))
    s = KernelSettings()
    plan = conv_plan(*args, s)
    assert conv_plan(*args, s) is plan
    assert plan == _decide(*args, s)
    forced = KernelSettings(tile=4)
    other = conv_plan(*args, forced)
    assert (other.tile, other.direct) == (4, False)  # a forced tile asks for blocks
    assert conv_plan(*args, s) is plan  # both kept: no thrashing between settings
    equal = KernelSettings()  # equal to s, another object: a plan of its own
    assert conv_plan(*args, equal) == plan and conv_plan(*args, equal) is not plan
    listed = conv_plan([2, 16, 16, 8], *args[1:], s)  # unhashable: decided afresh
    assert listed == plan


def test_plans_follow_use_settings():
    x, w = operands(5, (1, 9, 9, 2), (3, 3, 2, 3))
    want = conv2d_loops(x, w, padding="same")
    seen = []
    for changes in ({}, {"tile": 2}, {"tile": 1}, {"threads": 1}, {}):
        with use_settings(**changes) as s:
            got = conv2d(x, w, padding="same")
            plan = conv_plan(x.shape, w.shape, F32, ((1, 1), (1, 1)), (9, 9), (1, 1), (1, 1), s)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
        seen.append((changes.get("tile"), plan.tile, plan.direct))
    assert seen[1][:2] == (2, 2) and seen[2][:2] == (1, 1)
    assert not seen[1][2] and not seen[2][2]  # forced tiles take the blocked path
    assert seen[0] == seen[4]


def test_the_plan_cache_is_bounded():
    s = KernelSettings()
    for width in range(1, 600):
        conv_plan((1, 1, width, 1), (1, 1, 1, 1), F32, ((0, 0), (0, 0)), (1, width),
                  (1, 1), (1, 1), s)  # fmt: skip
    assert 0 < len(_PLANS) <= 512


def test_non_finite_input_after_a_finite_call_takes_single_windows():
    """The plan holds the tile; the input's finiteness is checked on every call."""
    x, w = operands(6, (1, 6, 40, 4), (3, 3, 4, 2))
    with use_settings(tile=4):
        conv2d(x, w)  # finite: the band of 4 windows
        x[0, 0, 0, 0] = np.inf
        got = conv2d(x, w)
    want = conv2d_loops(x, w)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    finite = np.isfinite(want)
    assert np.isinf(got[0, 0, 0]).all() and finite.sum() == want.size - w.shape[3]
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-5, atol=1e-5)


def test_a_remembered_pool_still_refuses_what_its_checks_refuse():
    from convmap import avg_pool2d, max_pool2d
    from convmap.geometry import PoolPaddingError

    x = np.arange(2 * 6 * 6 * 3, dtype=np.float32).reshape(2, 6, 6, 3)
    first = max_pool2d(x, 2, padding="same")  # remembered
    again = max_pool2d(x, 2, padding="same")
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, x.reshape(2, 3, 2, 3, 2, 3).max(axis=(2, 4)))
    with pytest.raises(TypeError, match="size must be an integer >= 1, got True"):
        max_pool2d(x[:, :, :, :1], True)  # True == 1 and hashes alike
    max_pool2d(x, 1)
    with pytest.raises(TypeError, match="size"):
        max_pool2d(x, True)
    with pytest.raises(TypeError, match="must hold real numbers"):
        max_pool2d(x.astype(np.complex64), 2, padding="same")
    with pytest.raises(ValueError, match="4-D"):
        max_pool2d(x[0], 2, padding="same")
    for _ in range(2):  # an error is never remembered
        with pytest.raises(PoolPaddingError, match="too large for a pooling window"):
            max_pool2d(x, 2, stride=3, padding=((0, 2), (0, 2)))
    # stride None and stride = size are separate entries with the same answer
    np.testing.assert_array_equal(max_pool2d(x, 3, stride=3), max_pool2d(x, 3))
    assert max_pool2d(x, 3, stride=1).shape == (2, 4, 4, 3)
    # max and average share the checks but not the arithmetic
    np.testing.assert_allclose(avg_pool2d(x, 2, padding="same"),
                               x.reshape(2, 3, 2, 3, 2, 3).mean(axis=(2, 4)))  # fmt: skip
    assert max_pool2d(x.astype(np.int16), 2).dtype == np.int16  # its own entry, its dtype
