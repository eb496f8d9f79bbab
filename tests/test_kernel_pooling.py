"""The pooling kernel (convmap.kernel.pooling) against a brute-force window loop."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import avg_pool2d, max_pool2d
from convmap.kernel import avg_pool_nhwc, max_pool_nhwc, use_settings


def brute_pool(x, size, stride, pads, kind):
    """Each output from its window's real cells, one window at a time."""
    (kh, kw), (sh, sw), ((top, bottom), (left, right)) = size, stride, pads
    n, h, w, c = x.shape
    oh = (h + top + bottom - kh) // sh + 1
    ow = (w + left + right - kw) // sw + 1
    dtype = x.dtype if kind == "max" else (np.float64 if x.dtype.kind in "iu" else np.float32)
    if kind == "avg" and x.dtype == np.float64:
        dtype = np.float64
    out = np.zeros((n, oh, ow, c), dtype)
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * sh - top, j * sw - left
            cell = x[:, max(r0, 0) : min(r0 + kh, h), max(c0, 0) : min(c0 + kw, w)]
            if kind == "max":
                out[:, i, j] = cell.max(axis=(1, 2))
            else:
                out[:, i, j] = cell.astype(np.float64).mean(axis=(1, 2))
    return out


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(0, 5),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    c=st.integers(1, 3),
    size=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    pads=st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)),
    dtype=st.sampled_from([np.float32, np.float64, np.int16, np.uint8]),
    seed=st.integers(0, 2**32 - 1),
    threads=st.sampled_from([None, 1, 2, 3]),
    shared=st.booleans(),  # True: every batch is shared between the threads
    shift=st.sampled_from([0, 8, 1 << 30]),  # the column pass: taps, the rule, shifted
)
def test_pools_match_brute_force(
    n, h, w, c, size, stride, pads, dtype, seed, threads, shared, shift
):
    top, bottom, left, right = pads
    (kh, kw) = size
    if max(top, bottom) >= kh or max(left, right) >= kw:
        return  # a window of only padding: the public pools refuse it
    if h + top + bottom < kh or w + left + right < kw:
        return
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((n, h, w, c)) * 50).astype(dtype)
    p = ((top, bottom), (left, right))
    oh, ow = (h + top + bottom - kh) // stride[0] + 1, (w + left + right - kw) // stride[1] + 1
    shared_settings = {"parallel_pool_bytes": 0, "pool_call_bytes": 1} if shared else {}
    with use_settings(threads=threads, pool_shift_channels=shift, **shared_settings):
        got = max_pool_nhwc(x, size, stride, p, (oh, ow))
        avg = avg_pool_nhwc(x, size, stride, p, (oh, ow))
        public = max_pool2d(x, size, stride=stride, padding=p)
        public_avg = avg_pool2d(x, size, stride=stride, padding=p)
    assert got.dtype == x.dtype
    np.testing.assert_array_equal(got, brute_pool(x, size, stride, p, "max"))
    np.testing.assert_array_equal(public, got)
    want = brute_pool(x, size, stride, p, "avg")
    assert avg.dtype == (np.float32 if dtype == np.float32 else np.float64)
    np.testing.assert_allclose(avg, want, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-4)
    np.testing.assert_array_equal(public_avg, avg)


@settings(max_examples=100, deadline=None)
@given(
    n=st.integers(1, 4),
    windows=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    size=st.tuples(st.integers(2, 4), st.integers(2, 4)),
    c=st.integers(1, 3),
    dtype=st.sampled_from([np.float32, np.float64, np.int16]),
    layout=st.sampled_from(["c", "strided", "fortran"]),  # the last two take the general path
    seed=st.integers(0, 2**32 - 1),
    shared=st.booleans(),
    shift=st.sampled_from([0, 1 << 30]),
)
def test_exactly_tiling_pools_match_brute_force(
    n, windows, size, c, dtype, layout, seed, shared, shift
):
    """Window = stride, no padding, nothing left over: the flat-view path (`_pool_tiles`)."""
    (oh, ow), (kh, kw) = windows, size
    x = (np.random.default_rng(seed).standard_normal((n, oh * kh, ow * kw, 2 * c)) * 50).astype(
        dtype
    )
    x = np.ascontiguousarray(x[..., :c]) if layout == "c" else x[..., ::2]
    if layout == "fortran":
        x = np.asfortranarray(x)
    p = ((0, 0), (0, 0))
    shared_settings = (
        {"parallel_pool_bytes": 0, "pool_call_bytes": 1, "threads": 2} if shared else {}
    )
    with use_settings(pool_shift_channels=shift, **shared_settings):  # shared: runs of one image
        got = max_pool_nhwc(x, size, size, p, (oh, ow))
        avg = avg_pool_nhwc(x, size, size, p, (oh, ow))
    np.testing.assert_array_equal(got, brute_pool(x, size, size, p, "max"))
    assert got.dtype == x.dtype and got.shape == (n, oh, ow, c)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(avg, brute_pool(x, size, size, p, "avg"), rtol=tol, atol=1e-4)


def test_nan_and_inf_in_pools():
    x = np.zeros((1, 4, 4, 1), np.float32)
    x[0, 0, 0, 0] = np.nan
    x[0, 3, 3, 0] = np.inf
    got = max_pool_nhwc(x, (2, 2), (2, 2), ((0, 0), (0, 0)), (2, 2))[0, :, :, 0]
    assert np.isnan(got[0, 0]) and got[1, 1] == np.inf and got[0, 1] == 0 and got[1, 0] == 0
    avg = avg_pool_nhwc(x, (2, 2), (2, 2), ((0, 0), (0, 0)), (2, 2))[0, :, :, 0]
    assert np.isnan(avg[0, 0]) and avg[1, 1] == np.inf and avg[0, 1] == 0


def _pool_and_peak(x: np.ndarray, **changes):
    """max_pool2d(x, 3, stride 2, SAME) under some settings, and the peak bytes it traced."""
    import tracemalloc

    with use_settings(**changes):
        tracemalloc.start()
        try:
            out = max_pool2d(x, 3, stride=2, padding="same")
            return out, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_pools_never_copy_the_input():
    x = np.ones((8, 56, 56, 64), np.float32)
    out, peak = _pool_and_peak(x)
    # the row pass (8 x 28 x 56 x 64) and the output; no padded copy of x
    assert peak - out.nbytes < 0.6 * x.nbytes
    for changes in [
        {"threads": 2, "parallel_pool_bytes": 0},  # shared by threads: still no copy
        {"threads": 1, "pool_shift_channels": 1 << 30},  # shifted: buffers of a chunk only
    ]:
        other, peak = _pool_and_peak(x, **changes)
        np.testing.assert_array_equal(other, out)
        assert peak - out.nbytes < 0.6 * x.nbytes, changes
