"""The shifted column pass (convmap.kernel.pool_columns) against the tap-by-tap pass."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap.kernel import KernelSettings
from convmap.kernel.pool_columns import interior, shifted_columns, shifting_pays
from convmap.kernel.pooling import _reduce_axis


def test_interior_is_every_output_whose_window_has_no_padding():
    for width in range(1, 9):
        for kernel in range(1, 5):
            for stride in range(1, 4):
                for before in range(kernel):
                    out = (width + before - kernel) // stride + 1 + 2  # more than fit: clipped
                    inside = [
                        o
                        for o in range(out)
                        if o * stride - before >= 0 and o * stride - before + kernel <= width
                    ]
                    lo, hi = interior(width, kernel, stride, before, out)
                    assert list(range(lo, hi)) == inside or (not inside and lo == hi)


def test_the_rule_by_hand():
    s = KernelSettings(pool_shift_channels=8)
    # windows 2/2 do not overlap: 2 to 8 channels
    assert [shifting_pays(2, 2, c, np.maximum, s) for c in (1, 2, 8, 9)] == [0, 1, 1, 0]
    # 3/1 overlaps at stride 1: up to 16; 3/2 at stride 2: up to 64
    assert shifting_pays(3, 1, 16, np.add, s) and not shifting_pays(3, 1, 17, np.add, s)
    assert shifting_pays(3, 2, 64, np.maximum, s) and not shifting_pays(3, 2, 65, np.maximum, s)
    # 8 columns: 3 doubling steps for max, 7 additions for sum (more than 3: no)
    assert shifting_pays(8, 8, 4, np.maximum, s) and not shifting_pays(8, 8, 4, np.add, s)
    assert not shifting_pays(1, 1, 4, np.maximum, s)
    assert not shifting_pays(3, 2, 4, np.maximum, KernelSettings())  # off by default


def test_the_setting_is_checked():
    with pytest.raises(ValueError, match="pool_shift_channels must be an integer >= 0, got -1"):
        KernelSettings(pool_shift_channels=-1)
    with pytest.raises(TypeError, match="pool_shift_channels"):
        KernelSettings(pool_shift_channels=2.0)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 3),
    oh=st.integers(1, 4),
    w=st.integers(1, 12),
    c=st.integers(1, 5),
    kernel=st.integers(1, 9),
    stride=st.integers(1, 4),
    before=st.integers(0, 8),
    after=st.integers(0, 8),
    reduce=st.sampled_from(["max", "min", "sum"]),
    dtype=st.sampled_from([np.float32, np.float64, np.int32]),
    chunk=st.sampled_from([1, 64, 1 << 20]),  # one row per chunk up to everything at once
    seed=st.integers(0, 2**32 - 1),
)
def test_shifted_columns_equal_the_taps(
    n, oh, w, c, kernel, stride, before, after, reduce, dtype, chunk, seed
):
    if max(before, after) >= kernel or w + before + after < kernel:
        return  # a window of only padding (the pools refuse it) or no window at all
    ufunc = {"max": np.maximum, "min": np.minimum, "sum": np.add}[reduce]
    big = np.inf if dtype != np.int32 else np.iinfo(np.int32).max
    fill = {"max": -big, "min": big, "sum": 0}[reduce]
    rows = (np.random.default_rng(seed).standard_normal((n, oh, w, c)) * 50).astype(dtype)
    out = (w + before + after - kernel) // stride + 1
    geometry = (kernel, stride, before, out)
    want = _reduce_axis(rows, 2, geometry, ufunc, fill, rows.dtype)
    dest = np.full((n, oh, out, c), 7, dtype)
    got = shifted_columns(rows, geometry, ufunc, dest, chunk)
    assert got is dest
    if reduce == "sum" and dtype != np.int32:  # edge windows add their columns in another order
        tol = 1e-5 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol * 50 * kernel)
    else:
        np.testing.assert_array_equal(got, want)
