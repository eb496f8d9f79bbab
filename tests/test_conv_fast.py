"""The fast convolution kernel (convmap.kernel) against independent references.

References:

* ``reference_conv``: a float64 sum over kernel taps written here from the
  definition (explicit zero padding, strided and dilated taps), sharing no code
  with convmap;
* ``conv2d_loops``: the package's readable, one-neuron-at-a-time version.

Float results must agree with the exact value to within the rigorous bound of
a float sum: ``|computed - exact| <= gamma(K + 2) * sum(|x| * |w|) + |b|`` terms,
where ``K = kh * kw * in`` and ``gamma(n) = n u / (1 - n u)`` with ``u`` the unit
roundoff of the dtype (any summation order obeys it; zeros added by the banded
weights are exact).
"""

from __future__ import annotations

import contextlib
import dataclasses
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmap import conv2d, conv2d_loops
from convmap.kernel import (
    SCRATCH,
    WORKERS,
    KernelSettings,
    banded_weights,
    choose_tile,
    conv2d_nhwc,
    tile_span,
    use_settings,
)

F32 = np.dtype(np.float32)


def same_pads(n: int, k: int, s: int, d: int) -> tuple[int, int]:
    """TensorFlow's SAME split, written from its documented formula."""
    out = -(-n // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return total // 2, total - total // 2


def _pads_of(x_shape, w_shape, padding, dh, stride=(1, 1)):
    """``((top, bottom), (left, right))`` for the test layers' paddings (width dilation 1)."""
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "full":
        return (dh * (w_shape[0] - 1),) * 2, (w_shape[1] - 1,) * 2
    if padding == "same":
        return (
            same_pads(x_shape[1], w_shape[0], stride[0], dh),
            same_pads(x_shape[2], w_shape[1], stride[1], 1),
        )
    return padding


def reference_conv(x, w, b, stride, pads, dilation):
    """Float64 convolution straight from the definition; returns (value, abs bound sum)."""
    (sh, sw), ((top, bottom), (left, right)), (dh, dw) = stride, pads, dilation
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    xp = np.zeros((x.shape[0], x.shape[1] + top + bottom, x.shape[2] + left + right, x.shape[3]))
    xp[:, top : top + x.shape[1], left : left + x.shape[2]] = x
    kh, kw, _, c_out = w.shape
    oh = (xp.shape[1] - (dh * (kh - 1) + 1)) // sh + 1
    ow = (xp.shape[2] - (dw * (kw - 1) + 1)) // sw + 1
    value = np.zeros((x.shape[0], oh, ow, c_out))
    magnitude = np.zeros_like(value)
    for i in range(kh):
        for j in range(kw):
            tap = xp[
                :,
                i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                j * dw : j * dw + sw * (ow - 1) + 1 : sw,
            ]
            value += np.einsum("nhwc,co->nhwo", tap, w[i, j])
            magnitude += np.einsum("nhwc,co->nhwo", np.abs(tap), np.abs(w[i, j]))
    if b is not None:
        value += np.asarray(b, np.float64)
        magnitude += np.abs(np.asarray(b, np.float64))
    return value, magnitude


def assert_close(got, x, w, b, stride, pads, dilation, dtype):
    value, magnitude = reference_conv(x, w, b, stride, pads, dilation)
    assert got.dtype == dtype
    assert got.shape == value.shape
    u = np.finfo(dtype).eps / 2
    n = w.shape[0] * w.shape[1] * w.shape[2] + 2
    bound = n * u / (1 - n * u) * magnitude + 4 * np.finfo(dtype).tiny
    err = np.abs(got.astype(np.float64) - value)
    assert np.all(err <= bound), f"max error {err.max()} > bound {bound[err > bound].min()}"


def rand(rng, shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


# ---------------------------------------------------------------- hand-derived


def test_banded_weights_hand_derived():
    # taps [a, b] = [1, 2], 3 windows per row, stride 2: outputs read pixels (0,1), (2,3), (4,5)
    w = np.array([1.0, 2.0]).reshape(1, 2, 1, 1)
    expected = np.array(
        [[1, 0, 0], [2, 0, 0], [0, 1, 0], [0, 2, 0], [0, 0, 1], [0, 0, 2]], np.float64
    )
    np.testing.assert_array_equal(banded_weights(w, 3, 2, 1), expected)
    # dilation 2, stride 1, 2 windows: output 0 reads pixels 0, 2; output 1 reads 1, 3
    expected = np.array([[1, 0], [0, 1], [2, 0], [0, 2]], np.float64)
    np.testing.assert_array_equal(banded_weights(w, 2, 1, 2), expected)
    assert tile_span(3, 2, 2, 1) == 6 and tile_span(2, 2, 1, 2) == 4


@pytest.mark.parametrize("size", [3, 40])  # 3: zeroed whole; 40 x 40 x 8: border slices
@pytest.mark.parametrize("pads", [((0, 1), (0, 1)), ((2, 0), (1, 3)), ((0, 0), (0, 0))])
def test_fill_padded_overwrites_every_value_of_a_reused_buffer(size, pads):
    from convmap.kernel.views import ZERO_WHOLE_BYTES, fill_padded

    (top, bottom), (left, right) = pads
    x = np.arange(2 * size * size * 8, dtype=np.float64).reshape(2, size, size, 8)[:, ::-1]
    dest = np.full((2, size + top + bottom, size + left + right, 8), np.nan, np.float32)
    assert (dest.nbytes <= ZERO_WHOLE_BYTES) == (size == 3)
    got = fill_padded(dest, x, pads)
    want = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0))).astype(np.float32)
    assert got is dest
    np.testing.assert_array_equal(got, want)


def test_hand_example_sum_of_2x2_windows():
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    w = np.ones((2, 2, 1, 1), np.float32)
    # window at (r, c) sums x[r:r+2, c:c+2] = 4 * (4r + c) + 10
    expected = np.array([[4 * (4 * r + c) + 10 for c in range(3)] for r in range(3)], np.float32)
    for tile in (1, 2, 3):
        got = conv2d_nhwc(
            x, w, None, F32, ((0, 0), (0, 0)), (3, 3), (1, 1), (1, 1), KernelSettings(tile=tile)
        )
        np.testing.assert_array_equal(got[0, :, :, 0], expected)


def test_choose_tile_is_a_candidate_and_fits():
    for c_in, c_out, ow in [(3, 8, 64), (1, 1, 5), (512, 512, 7), (8, 16, 1)]:
        t = choose_tile((3, 3), c_in, c_out, (1, 1), (1, 1), ow)
        assert 1 <= t <= max(1, ow)


# ------------------------------------------------------------ loops vs fast


@pytest.mark.parametrize("padding", ["same", "valid", "full", 1, (2, 0), ((0, 3), (2, 1))])
@pytest.mark.parametrize("stride,dilation", [(1, 1), (2, 1), ((1, 3), 1), (1, 2), ((2, 1), (1, 3))])
def test_matches_loops(padding, stride, dilation):
    rng = np.random.default_rng(7)
    x, w, b = rand(rng, (3, 9, 11, 3)), rand(rng, (3, 2, 3, 4)), rand(rng, (4,))
    try:
        slow = conv2d_loops(x, w, b, stride=stride, padding=padding, dilation=dilation)
    except ValueError:
        with pytest.raises(ValueError):
            conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
        return
    got = conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation)
    assert got.dtype == np.float32 and got.shape == slow.shape and got.flags.c_contiguous
    # Both are float32 sums of the same terms in different orders.
    np.testing.assert_allclose(got, slow, rtol=1e-5, atol=1e-5)


def test_qa_layer_matches_loops_and_reference():
    rng = np.random.default_rng(0)
    x, w, b = rand(rng, (2, 64, 64, 3)), rand(rng, (4, 4, 3, 8)), rand(rng, (8,))
    got = conv2d(x, w, b, padding="same")
    np.testing.assert_allclose(got, conv2d_loops(x, w, b, padding="same"), rtol=1e-5, atol=1e-5)
    pads = (same_pads(64, 4, 1, 1), same_pads(64, 4, 1, 1))
    assert pads == ((1, 2), (1, 2))
    assert_close(got, x, w, b, (1, 1), pads, (1, 1), np.float32)


# ---------------------------------------------------------------- edge cases


@pytest.mark.parametrize("batch", [0, 1, 2, 5])
def test_batch_sizes(batch):
    rng = np.random.default_rng(batch)
    x, w = rand(rng, (batch, 7, 6, 2)), rand(rng, (3, 3, 2, 5))
    got = conv2d(x, w, padding="same")
    assert got.shape == (batch, 7, 6, 5) and got.dtype == np.float32
    assert_close(got, x, w, None, (1, 1), ((1, 1), (1, 1)), (1, 1), np.float32)


@pytest.mark.parametrize("block_bytes", [1, 64, 700, 5000, 1 << 16])
@pytest.mark.parametrize("tile", [None, 1, 2, 3, 5, 8])
def test_block_and_tile_boundaries(block_bytes, tile):
    """Blocks of whole images, of rows, of tiles inside a row; tiles that leave a remainder."""
    rng = np.random.default_rng(block_bytes + (tile or 0))
    x, w, b = rand(rng, (3, 10, 13, 3)), rand(rng, (3, 4, 3, 5)), rand(rng, (5,))
    pads = ((1, 1), (2, 1))
    settings = KernelSettings(tile=tile, block_bytes=block_bytes)
    got = conv2d_nhwc(x, w, b, F32, pads, (10, 13), (1, 1), (1, 1), settings)
    assert_close(got, x, w, b, (1, 1), pads, (1, 1), np.float32)


def test_small_default_block_through_public_api():
    rng = np.random.default_rng(3)
    x, w = rand(rng, (3, 9, 9, 2)), rand(rng, (2, 3, 2, 3))
    with use_settings(block_bytes=300):
        got = conv2d(x, w, stride=(2, 1), padding="same", dilation=(1, 2))
    pads = (same_pads(9, 2, 2, 1), same_pads(9, 3, 1, 2))
    assert_close(got, x, w, None, (2, 1), pads, (1, 2), np.float32)


@settings(max_examples=150, deadline=None)
@given(
    batch=st.integers(0, 3),
    h=st.integers(1, 9),
    width=st.integers(1, 14),
    c_in=st.integers(1, 5),
    c_out=st.integers(1, 5),
    kh=st.integers(1, 4),
    kw=st.integers(1, 5),
    sh=st.integers(1, 3),
    sw=st.integers(1, 3),
    dh=st.integers(1, 3),
    dw=st.integers(1, 3),
    pads=st.tuples(*[st.integers(0, 3)] * 4),
    tile=st.sampled_from([None, 1, 2, 3, 4, 7, 16]),
    block_bytes=st.sampled_from([1, 100, 1000, 1 << 20]),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_geometry_against_reference(
    batch, h, width, c_in, c_out, kh, kw, sh, sw, dh, dw, pads, tile, block_bytes, seed
):
    top, bottom, left, right = pads
    hp, wp = h + top + bottom, width + left + right
    if dh * (kh - 1) + 1 > hp or dw * (kw - 1) + 1 > wp:
        return
    oh, ow = (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1
    rng = np.random.default_rng(seed)
    x, w, b = (
        rand(rng, (batch, h, width, c_in)),
        rand(rng, (kh, kw, c_in, c_out)),
        rand(rng, (c_out,)),
    )
    p = ((top, bottom), (left, right))
    settings = KernelSettings(tile=tile, block_bytes=block_bytes)
    got = conv2d_nhwc(x, w, b, F32, p, (oh, ow), (sh, sw), (dh, dw), settings)
    assert_close(got, x, w, b, (sh, sw), p, (dh, dw), np.float32)
    public = conv2d(x, w, b, stride=(sh, sw), padding=p, dilation=(dh, dw))
    assert_close(public, x, w, b, (sh, sw), p, (dh, dw), np.float32)


def test_float64_stays_float64_and_is_exact_to_float64_rounding():
    rng = np.random.default_rng(11)
    x, w, b = (
        rand(rng, (2, 8, 8, 3), np.float64),
        rand(rng, (3, 3, 3, 4), np.float64),
        rand(rng, (4,), np.float64),
    )
    got = conv2d(x, w, b, padding="same")
    assert_close(got, x, w, b, (1, 1), ((1, 1), (1, 1)), (1, 1), np.float64)


def test_mixed_float32_float64_promotes():
    rng = np.random.default_rng(12)
    x, w = rand(rng, (1, 5, 5, 2)), rand(rng, (2, 2, 2, 3), np.float64)
    assert conv2d(x, w).dtype == np.float64
    assert conv2d(x, w.astype(np.float32), np.zeros(3, np.float64)).dtype == np.float64
    assert conv2d(x.astype(np.float16), w.astype(np.float32)).dtype == np.float32


def test_integers_give_float64_exact():
    rng = np.random.default_rng(13)
    x = rng.integers(-50, 50, (2, 6, 7, 3))
    w = rng.integers(-5, 5, (3, 2, 3, 2)).astype(np.int32)
    b = np.array([1, -2], np.int64)
    got = conv2d(x, w, b, padding="full")
    assert got.dtype == np.float64
    value, _ = reference_conv(x, w, b, (1, 1), ((2, 2), (1, 1)), (1, 1))
    np.testing.assert_array_equal(got, value)  # small integers: every float64 step is exact
    np.testing.assert_array_equal(got, conv2d_loops(x, w, b, padding="full"))


def test_non_contiguous_and_fortran_inputs():
    rng = np.random.default_rng(14)
    base = rand(rng, (4, 12, 14, 6))
    w_base = rand(rng, (3, 3, 6, 8))
    views = {
        "strided": base[::2, ::2, 1::2, ::2],  # (2, 6, 7, 3)
        "fortran": np.asfortranarray(base[:2, :6, :7, :3]),
        "transposed": np.ascontiguousarray(base[:2, :7, :6, :3].transpose(0, 2, 1, 3)).transpose(
            0, 2, 1, 3
        ),
        "negative": base[:2, :6, 7::-1, :3][:, :, :7],
    }
    w_views = {
        "c": w_base[:, :, :3, :5].copy(),
        "strided": w_base[:, :, ::2, 1::2][..., :5][:, :, :3],
        "fortran": np.asfortranarray(w_base[:, :, :3, :5]),
    }
    for x in views.values():
        for w in w_views.values():
            got = conv2d(x, w, padding="same", stride=(1, 2))
            pads = (same_pads(x.shape[1], 3, 1, 1), same_pads(x.shape[2], 3, 2, 1))
            assert_close(got, x, w, None, (1, 2), pads, (1, 1), np.float32)
            assert got.flags.c_contiguous


@pytest.mark.parametrize("c_in,c_out", [(1, 1), (1, 64), (200, 3), (64, 256)])
def test_channel_counts(c_in, c_out):
    rng = np.random.default_rng(c_in * 1000 + c_out)
    x, w, b = rand(rng, (2, 6, 5, c_in)), rand(rng, (3, 2, c_in, c_out)), rand(rng, (c_out,))
    got = conv2d(x, w, b, padding="same")
    assert_close(got, x, w, b, (1, 1), ((1, 1), (0, 1)), (1, 1), np.float32)


def test_one_by_one_kernel_uses_input_in_place_and_is_right():
    rng = np.random.default_rng(15)
    x, w = rand(rng, (3, 5, 6, 4)), rand(rng, (1, 1, 4, 7))
    got = conv2d(x, w)
    np.testing.assert_allclose(got, x @ w[0, 0], rtol=1e-6, atol=1e-6)
    assert_close(got, x, w, None, (1, 1), ((0, 0), (0, 0)), (1, 1), np.float32)


def test_nan_and_inf_propagate_like_loops():
    x = np.ones((1, 5, 5, 1), np.float32)
    x[0, 2, 2, 0] = np.nan
    x[0, 0, 4, 0] = np.inf
    w = np.ones((2, 2, 1, 1), np.float32)
    w[1, 1] = 0
    got, slow = conv2d(x, w, padding="same"), conv2d_loops(x, w, padding="same")
    np.testing.assert_array_equal(np.isnan(got), np.isnan(slow))
    np.testing.assert_array_equal(got[np.isfinite(slow)], slow[np.isfinite(slow)])
    np.testing.assert_array_equal(np.isinf(got), np.isinf(slow))


def test_inputs_are_not_modified():
    rng = np.random.default_rng(16)
    x, w, b = rand(rng, (2, 5, 5, 3)), rand(rng, (2, 2, 3, 2)), rand(rng, (2,))
    copies = x.copy(), w.copy(), b.copy()
    conv2d(x, w, b, padding="valid")
    for before, after in zip(copies, (x, w, b), strict=True):
        np.testing.assert_array_equal(before, after)


# ---------------------------------------------------------------- memory


def test_temporaries_stay_small_for_a_big_batch():
    """The Q&A's conv1 on 128 images: temporaries well under 4x the output (no full im2col)."""
    x = np.zeros((128, 64, 64, 3), np.float32)
    w = np.ones((4, 4, 3, 8), np.float32)
    tracemalloc.start()
    try:
        out = conv2d(x, w, padding="same")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    full_im2col = 128 * 64 * 64 * 4 * 4 * 3 * 4
    assert peak - out.nbytes < 4 * out.nbytes < full_im2col


# ---------------------------------------------------------------- threads


@pytest.mark.parametrize("block_bytes", [1, 500, 1 << 20])
@pytest.mark.parametrize("pad_bytes", [0, 1 << 20])
def test_threaded_blocks_match_reference(block_bytes, pad_bytes):
    """Every layer shared between 3 threads, by blocks (one padded copy) or by image groups."""
    rng = np.random.default_rng(block_bytes)
    x, w, b = rand(rng, (5, 9, 10, 3)), rand(rng, (3, 4, 3, 6)), rand(rng, (6,))
    for tile in (None, 1, 3):
        settings = KernelSettings(
            parallel_macs=0,
            blas_width=0,
            threads=3,
            tile=tile,
            block_bytes=block_bytes,
            pad_bytes=pad_bytes,
        )
        got = conv2d_nhwc(x, w, b, F32, ((1, 1), (2, 1)), (9, 10), (1, 1), (1, 1), settings)
        assert_close(got, x, w, b, (1, 1), ((1, 1), (2, 1)), (1, 1), np.float32)


def test_big_layer_through_the_threaded_path():
    """The Q&A's conv1 on 16 images, shared between 2 threads (default block sizes)."""
    rng = np.random.default_rng(21)
    x, w, b = rand(rng, (16, 64, 64, 3)), rand(rng, (4, 4, 3, 8)), rand(rng, (8,))
    with use_settings(parallel_macs=1_000_000, threads=2):
        got = conv2d(x, w, b, padding="same")
    assert_close(got, x, w, b, (1, 1), ((1, 2), (1, 2)), (1, 1), np.float32)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_an_error_in_a_worker_thread_reaches_the_caller(threads):
    import threading

    seen = []

    def work(items):
        for item in items:
            seen.append((item, threading.get_ident()))
            if item == 5:
                raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        WORKERS.share(work, range(40), threads)
    assert 5 in [item for item, _ in seen]
    # the pool still works after an error
    done = []
    WORKERS.share(lambda items: done.extend(items), range(100), threads)
    assert sorted(done) == list(range(100))


# ---------------------------------------------------------------- kept scratch buffers


def test_kept_buffers_never_change_results_and_stay_bounded():
    """Calls of many shapes in a row (reusing kept buffers) match fresh references."""
    rng = np.random.default_rng(31)
    shapes = [
        ((3, 7, 6, 2), (3, 2, 2, 4)),
        ((64, 8, 8, 8), (2, 2, 8, 16)),
        ((2, 5, 9, 3), (2, 3, 3, 5)),
    ]
    for _ in range(2):
        for x_shape, w_shape in shapes:
            x, w = rand(rng, x_shape), rand(rng, w_shape)
            got = conv2d(x, w, padding="same")
            np.testing.assert_allclose(
                got, conv2d_loops(x, w, padding="same"), rtol=1e-5, atol=1e-5
            )
            kept = SCRATCH.buffers()
            assert not any(np.shares_memory(got, raw) for raw in kept)
            assert len(kept) <= KernelSettings().scratch_keep
            assert all(raw.nbytes <= KernelSettings().scratch_bytes for raw in kept)


def test_calls_from_several_threads_at_once_match_one_at_a_time():
    """Kept buffers are handed to one call at a time, whatever thread it runs on."""
    import threading

    rng = np.random.default_rng(32)
    jobs = [(rand(rng, (16, 8, 8, 8)), rand(rng, (2, 2, 8, 16))) for _ in range(6)]
    expected = [conv2d(x, w, padding="same") for x, w in jobs]
    results: dict[int, list[np.ndarray]] = {i: [] for i in range(len(jobs))}

    def run(i: int) -> None:
        for _ in range(20):
            results[i].append(conv2d(*jobs[i], padding="same"))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, want in enumerate(expected):
        assert len(results[i]) == 20
        for got in results[i]:
            np.testing.assert_array_equal(got, want)


# ------------------------------------------------ every kernel path, forced by settings

#: conv2d's padding argument: a name, or ((top, bottom), (left, right)).
PADDINGS = st.one_of(
    st.sampled_from(["valid", "same", "full"]),
    st.tuples(
        st.tuples(st.integers(0, 3), st.integers(0, 3)),
        st.tuples(st.integers(0, 3), st.integers(0, 3)),
    ),
)

PATH_SETTINGS = st.builds(
    KernelSettings,
    block_bytes=st.sampled_from([1, 64, 700, 5000, 1 << 22]),
    pad_bytes=st.sampled_from([0, 200, 1 << 20]),  # 0 and 200: pad per group of images
    parallel_macs=st.sampled_from([0, 16_000_000]),  # 0: every layer shared between threads
    blas_width=st.sampled_from([0, 8192]),  # 0: never leave the parallelism to BLAS
    blas_columns=st.sampled_from([0, 2, 96]),  # 2: every tiled layer on BLAS's threads
    threads=st.sampled_from([None, 1, 2, 3]),
    product_macs=st.sampled_from([0, 1, 50, 262_144]),  # 1 and 50: products of one or few rows
    tile=st.sampled_from([None, 1, 2, 3, 4, 6, 16]),
    space_to_depth_bytes=st.sampled_from([0, 1 << 24]),
    row_taps_terms=st.sampled_from([0, 1, 192]),  # 1: every stride-1 layer may take row taps
    row_taps_bytes=st.sampled_from([0, 1 << 25]),
    row_taps_extra=st.sampled_from([15, 10**6]),  # 10**6: however much is cropped
    scratch_bytes=st.sampled_from([0, 1 << 20]),
    scratch_keep=st.sampled_from([0, 1, 8]),
    direct_macs=st.sampled_from([0, 1_000_000, 10**12]),  # 10**12: every layer direct
    direct_bytes=st.sampled_from([0, 1 << 25]),
    parallel_copy_bytes=st.sampled_from([0, 1 << 20]),  # 0: the threads share every copy
    single_blas_macs=st.sampled_from([0, 4_000_000]),  # 4M: every small layer's products split
)


@settings(max_examples=200, deadline=None)
@given(
    batch=st.integers(0, 3),
    h=st.integers(1, 8),
    width=st.integers(1, 12),
    c_in=st.integers(1, 4),
    c_out=st.integers(1, 4),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 5)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 3)),
    padding=PADDINGS,
    bias=st.booleans(),
    dtype=st.sampled_from([np.float32, np.float64]),
    kernel_settings=PATH_SETTINGS,
    seed=st.integers(0, 2**32 - 1),
)
def test_every_kernel_path_matches_loops(
    batch, h, width, c_in, c_out, kernel, stride, dilation, padding, bias, dtype,
    kernel_settings, seed,
):  # fmt: skip
    """Tiles, blocks, image groups, threads, split products and scratch, each against the loops."""
    rng = np.random.default_rng(seed)
    x = rand(rng, (batch, h, width, c_in), dtype)
    w = rand(rng, (*kernel, c_in, c_out), dtype)
    b = rand(rng, (c_out,), dtype) if bias else None
    args = {"stride": stride, "padding": padding, "dilation": dilation}
    try:
        slow = conv2d_loops(x, w, b, **args)
    except ValueError:
        with pytest.raises(ValueError), use_settings(kernel_settings):
            conv2d(x, w, b, **args)
        return
    with use_settings(kernel_settings):
        got = conv2d(x, w, b, **args)
    assert got.dtype == slow.dtype and got.shape == slow.shape and got.flags.c_contiguous
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, slow, rtol=tol, atol=tol)


@pytest.mark.parametrize("padding", ["valid", 1, ((0, 2), (1, 0))])
@pytest.mark.parametrize("layout", ["c", "reversed", "int"])
def test_direct_path_one_by_one_multiplies_the_input_itself(padding, layout):
    """A 1 x 1 kernel at stride 1: the (padded) input reshaped is the matrix, as the loops."""
    import convmap.kernel.convolve as convolve

    rng = np.random.default_rng(7)
    x = {"c": rand(rng, (3, 5, 4, 6)), "reversed": rand(rng, (3, 5, 4, 6))[:, ::-1],
         "int": rng.integers(-5, 5, (3, 5, 4, 6))}[layout]  # fmt: skip
    w, b = rand(rng, (1, 1, 6, 4)), rand(rng, (4,))
    copies, real = [], convolve._copy_windows
    convolve._copy_windows = lambda *a: copies.append(1) or real(*a)
    try:
        with use_settings(direct_macs=10**12, threads=1):
            got = conv2d(x, w, b, padding=padding, dilation=3)
    finally:
        convolve._copy_windows = real
    want = conv2d_loops(x, w, b, padding=padding, dilation=3)
    assert copies == [] and got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("batch", [1, 2, 7])
@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("dilation", [1, (2, 3)])
def test_direct_path_shared_copy_matches_loops(batch, threads, dilation):
    """One im2col matrix copied by 1-3 threads (split by image or by output row), one product."""
    rng = np.random.default_rng(batch * 10 + threads)
    x, w, b = rand(rng, (batch, 9, 8, 3)), rand(rng, (3, 2, 3, 5)), rand(rng, (5,))
    slow = conv2d_loops(x, w, b, padding="same", stride=(2, 1), dilation=dilation)
    with use_settings(direct_macs=10**12, parallel_copy_bytes=0, threads=threads):
        got = conv2d(x, w, b, padding="same", stride=(2, 1), dilation=dilation)
    assert got.shape == slow.shape and got.flags.c_contiguous
    np.testing.assert_allclose(got, slow, rtol=1e-5, atol=1e-5)


def test_settings_are_restored_and_checked():
    before = KernelSettings()
    with use_settings(tile=3, threads=2) as inside:
        assert inside.tile == 3 and inside.threads == 2
        with use_settings(tile=1):
            from convmap.kernel import current_settings

            assert current_settings().tile == 1 and current_settings().threads == 2
    from convmap.kernel import current_settings

    assert current_settings() == before
    with pytest.raises(TypeError, match="unknown setting"):
        with use_settings(tiles=3):
            pass
    with pytest.raises(ValueError, match="block_bytes must be an integer >= 1, got 0"):
        KernelSettings(block_bytes=0)
    with pytest.raises(TypeError, match="tile must be an integer"):
        KernelSettings(tile=2.0)
    with pytest.raises(ValueError, match="single_blas_macs must be an integer >= 0, got -1"):
        KernelSettings(single_blas_macs=-1)
    assert KernelSettings(tile=np.int64(2)).tile == 2
    chosen = KernelSettings(tile=2)
    with use_settings(chosen) as inside:  # no changes: those very settings, not a copy
        assert inside is chosen and current_settings() is chosen
        with use_settings(chosen, tile=5) as changed:
            assert changed.tile == 5 and chosen.tile == 2
    with pytest.raises(ValueError, match="tile must be an integer >= 1, got 0"):
        with use_settings(chosen, tile=0):
            pass
    with pytest.raises(TypeError, match="settings must be a KernelSettings"):
        with use_settings({"tile": 2}):
            pass


def test_group_padding_never_copies_the_whole_batch():
    """Above pad_bytes, images are padded per group: peak extra memory stays well under one copy."""
    x = np.ones((64, 32, 32, 3), np.float32)
    w = np.ones((3, 3, 3, 4), np.float32)
    whole_copy = 64 * 34 * 34 * 3 * 4
    from convmap.kernel import clear_scratch

    clear_scratch()
    tracemalloc.start()
    try:
        with use_settings(pad_bytes=1 << 16, block_bytes=1 << 16, threads=1):
            out = conv2d(x, w, padding="same")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak - out.nbytes < whole_copy / 4
    assert float(out[0, 0, 0, 0]) == 12.0 and float(out[0, 5, 5, 0]) == 27.0


@pytest.mark.parametrize(
    "x_shape,w_shape,stride,padding",
    [
        ((1, 39, 43, 3), (11, 11, 3, 5), (4, 4), "valid"),
        ((2, 30, 29, 3), (7, 7, 3, 4), (2, 2), "same"),
        ((1, 17, 21, 2), (5, 8, 2, 3), (2, 4), ((1, 3), (0, 2))),
    ],
)
def test_space_to_depth_layers_match_the_reference(x_shape, w_shape, stride, padding):
    from convmap.kernel import worth_space_to_depth

    on = KernelSettings(space_to_depth_bytes=1 << 24)  # off by default
    assert worth_space_to_depth(w_shape[:2], w_shape[2], stride, (1, 1), on)
    assert not worth_space_to_depth(w_shape[:2], w_shape[2], stride, (1, 1), KernelSettings())
    rng = np.random.default_rng(sum(x_shape))
    x, w, b = rand(rng, x_shape), rand(rng, w_shape), rand(rng, w_shape[3:])
    with use_settings(on):
        got = conv2d(x, w, b, stride=stride, padding=padding)
    with use_settings(space_to_depth_bytes=0):
        plain = conv2d(x, w, b, stride=stride, padding=padding)
    # Each against the float64 definition within float32's error bound for its sum: 363
    # products here, so a fixed 1e-5 is too tight (two BLAS builds' orders differed by 1.2e-5).
    pads = _pads_of(x_shape, w_shape, padding, 1, stride)
    for result in (got, plain):
        assert_close(result, x, w, b, stride, pads, (1, 1), F32)


def test_space_to_depth_is_not_used_on_non_finite_input():
    x = np.ones((1, 24, 24, 3), np.float32)
    # 11 x 11 / 4 VALID on 24: windows start at 0, 4, 8, 12 and end at 22, so no window reads
    # pixel 23; the 12 x 12 kernel of space-to-depth would (with a zero weight: inf * 0 = NaN).
    x[0, 23, 23, 0] = np.inf
    w = np.ones((11, 11, 3, 2), np.float32)
    with use_settings(space_to_depth_bytes=1 << 24):  # switched on: the guard must hold
        got = conv2d(x, w, stride=4)
    assert got.shape == (1, 4, 4, 2) and not np.isnan(got).any()
    np.testing.assert_array_equal(np.isnan(got), np.isnan(conv2d_loops(x, w, stride=4)))
    np.testing.assert_array_equal(got, conv2d_loops(x, w, stride=4))


def test_threaded_conv_works_in_a_forked_child():
    """The kept helper threads do not survive fork; a child must not wait for them."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    x, w = np.ones((4, 12, 12, 3), np.float32), np.ones((3, 3, 3, 4), np.float32)
    with use_settings(parallel_macs=0, threads=2, blas_width=0):
        conv2d(x, w)  # start the helpers in the parent
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        got = pool.apply_async(_threaded_sum, (x, w)).get(timeout=120)
    assert got == float(conv2d(x, w).sum())


def _threaded_sum(x, w):
    with use_settings(parallel_macs=0, threads=2, blas_width=0):
        return float(conv2d(x, w).sum())


# ------------------------------------------------ row taps (convmap.kernel.row_taps)

ROW_TAPS_ON = {"row_taps_terms": 1, "row_taps_extra": 10**6, "direct_macs": 0}

# Odd widths (a last, cropped column group), asymmetric pads, row dilation, kernels as
# wide as the padded input, one output row or column, several images per block.
ROW_TAP_LAYERS = [
    # (x shape, w shape, padding, row dilation)
    ((2, 7, 9, 3), (3, 3, 3, 4), "same", 1),
    ((1, 6, 11, 2), (2, 5, 2, 3), ((0, 1), (2, 0)), 1),
    ((3, 9, 10, 1), (4, 2, 1, 2), ((1, 2), (0, 1)), 2),
    ((1, 8, 4, 2), (2, 4, 2, 5), "valid", 3),  # one output column
    ((2, 3, 13, 4), (3, 1, 4, 2), "valid", 1),  # a 3 x 1 kernel: one output row
    ((4, 5, 5, 6), (2, 2, 6, 3), "full", 1),
]


@pytest.mark.parametrize("x_shape, w_shape, padding, dh", ROW_TAP_LAYERS)
@pytest.mark.parametrize("block_bytes", [1, 300, 1 << 22])  # one padded row, a few, all
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_row_taps_match_the_reference(x_shape, w_shape, padding, dh, block_bytes, dtype):
    """Every output of row taps within the rounding bound of the exact sum, bias included."""
    from convmap.kernel import use_row_taps

    rng = np.random.default_rng(sum(x_shape) * 31 + sum(w_shape))
    x, w, b = rand(rng, x_shape, dtype), rand(rng, w_shape, dtype), rand(rng, w_shape[3:], dtype)
    want = conv2d_loops(x, w, b, padding=padding, dilation=(dh, 1))
    with use_settings(**ROW_TAPS_ON, block_bytes=block_bytes) as s:
        pads = _pads_of(x_shape, w_shape, padding, dh)
        on = (x_shape, w_shape, pads, want.shape[1:3], (1, 1), (dh, 1), np.dtype(dtype).itemsize)
        assert use_row_taps(*on, s)  # the layer really takes row taps
        got = conv2d(x, w, b, padding=padding, dilation=(dh, 1))
    assert got.flags.c_contiguous
    assert_close(got, x, w, b, (1, 1), pads, (dh, 1), np.dtype(dtype))


def test_row_taps_take_any_input_layout_and_dtype():
    """Reversed and Fortran-ordered views, and integers (float64 result), as in the loops."""
    rng = np.random.default_rng(5)
    x, w = rand(rng, (2, 6, 7, 3)), rand(rng, (3, 3, 3, 2))
    views = [x[:, ::-1, ::-1], np.asfortranarray(x), rng.integers(-9, 9, (2, 6, 7, 3))]
    for view in views:
        want = conv2d_loops(view, w, padding="same")
        with use_settings(**ROW_TAPS_ON):
            got = conv2d(view, w, padding="same")
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@contextlib.contextmanager
def counted_row_taps():
    """Yield a list that gets a 1 for each call of the kernel's row taps inside the block."""
    import convmap.kernel.convolve as convolve

    calls, real = [], convolve.row_taps_conv
    convolve.row_taps_conv = lambda *a: calls.append(1) or real(*a)
    try:
        yield calls
    finally:
        convolve.row_taps_conv = real


def test_non_finite_input_skips_row_taps_and_matches_the_loops():
    """NaN and infinity take the im2col paths (row taps' cropped work could meet inf * 0)."""
    with counted_row_taps() as calls:
        rng = np.random.default_rng(6)
        with use_settings(**ROW_TAPS_ON):
            conv2d(rand(rng, (2, 6, 7, 2)), rand(rng, (3, 3, 2, 3)))
        assert calls == [1]  # finite input: row taps
        x, w = rand(rng, (2, 6, 7, 2)), rand(rng, (3, 3, 2, 3))
        x[0, 0, 0, 0], x[1, 5, 6, 1], x[1, 2, 3, 0] = np.inf, np.nan, -np.inf
        for padding in ("valid", "same"):
            want = conv2d_loops(x, w, padding=padding)
            with use_settings(**ROW_TAPS_ON):
                got = conv2d(x, w, padding=padding)
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
            finite = np.isfinite(want)
            np.testing.assert_array_equal(np.isfinite(got), finite)
            np.testing.assert_allclose(got[finite], want[finite], rtol=1e-5, atol=1e-5)
        assert calls == [1]


def test_row_taps_rules():
    """When row taps are used: stride 1, width dilation 1, long rows, small buffer, little waste."""
    from convmap.kernel import ROW_TAPS_TERMS, use_row_taps

    s, same = KernelSettings(row_taps_terms=ROW_TAPS_TERMS), ((1, 1), (1, 1))
    layer = ((2, 56, 56, 64), (3, 3, 64, 64), same, (56, 56))
    assert not use_row_taps(*layer, (1, 1), (1, 1), 4, KernelSettings())  # off by default
    assert use_row_taps(*layer, (1, 1), (1, 1), 4, s)
    assert not use_row_taps(*layer, (1, 1), (1, 2), 4, s)  # width dilation
    assert not use_row_taps(*layer, (2, 1), (1, 1), 4, s)  # a stride
    assert not use_row_taps(*layer, (1, 1), (1, 1), 4, KernelSettings(row_taps_terms=193))
    for change in ({"tile": 1}, {"row_taps_bytes": 1 << 20}, {"row_taps_extra": 10}):  # 11 %
        assert not use_row_taps(*layer, (1, 1), (1, 1), 4, dataclasses.replace(s, **change))
    one_by_one = ((8, 32, 32, 256), (1, 1, 256, 64), ((0, 0), (0, 0)), (32, 32))
    assert not use_row_taps(*one_by_one, (1, 1), (1, 1), 4, KernelSettings(row_taps_terms=1))


@settings(max_examples=150, deadline=None)
@given(
    batch=st.integers(1, 3),
    h=st.integers(1, 8),
    width=st.integers(1, 12),
    c_in=st.integers(1, 5),
    c_out=st.integers(1, 4),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 5)).filter(lambda k: k[0] * k[1] > 1),
    row_dilation=st.integers(1, 3),
    padding=PADDINGS,
    block_bytes=st.sampled_from([1, 100, 5000, 1 << 22]),
    bias=st.booleans(),
    dtype=st.sampled_from([np.float32, np.float64]),
    seed=st.integers(0, 2**32 - 1),
)
def test_row_taps_match_loops_on_random_layers(
    batch, h, width, c_in, c_out, kernel, row_dilation, padding, block_bytes, bias, dtype, seed
):  # fmt: skip
    """Row taps forced on (every stride-1 layer they can compute) against the loops."""
    rng = np.random.default_rng(seed)
    x = rand(rng, (batch, h, width, c_in), dtype)
    w = rand(rng, (*kernel, c_in, c_out), dtype)
    b = rand(rng, (c_out,), dtype) if bias else None
    args = {"padding": padding, "dilation": (row_dilation, 1)}
    try:
        slow = conv2d_loops(x, w, b, **args)
    except ValueError:  # a window larger than the padded input
        return
    with counted_row_taps() as used, use_settings(**ROW_TAPS_ON, block_bytes=block_bytes):
        got = conv2d(x, w, b, **args)
    assert used == [1], "the layer did not take row taps"
    assert got.dtype == slow.dtype and got.shape == slow.shape and got.flags.c_contiguous
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, slow, rtol=tol, atol=tol)
