"""Tests for convmap.layers and convmap.network.

Expected numbers are hand-derived (written out in comments) or come from an
independent computation: a brute-force dependency pass that pushes one-hot
images through the real conv2d / pools, a virtual tap-by-tap propagation for
the padded part, and hand-written NumPy for the forward pass.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convmap import avg_pool2d, conv2d, conv2d_loops, max_pool2d, padding_amounts
from convmap.layers import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import InputRegion, forward, init_weights, input_region, trace


def qa_net(bias: bool = False) -> list:
    return [
        Conv2D(8, 4, padding="SAME", bias=bias),
        ReLU(),
        MaxPool2D(8, stride=8, padding="SAME"),
        Conv2D(16, 2, padding="SAME", bias=bias),
        ReLU(),
        MaxPool2D(4, stride=4, padding="SAME"),
        Flatten(),
        Dense(6),
    ]


# ---------------------------------------------------------------- layers


def test_layers_normalise_and_validate() -> None:
    c = Conv2D(8, (4, 3), stride=2, padding="SAME", dilation=(1, 2))
    assert (c.kernel, c.stride, c.padding, c.dilation, c.bias) == (
        (4, 3),
        (2, 2),
        "same",
        (1, 2),
        True,
    )
    assert MaxPool2D(3).stride == (3, 3)
    assert MaxPool2D(3, stride=1).stride == (1, 1)
    assert not isinstance(AvgPool2D(2), MaxPool2D) and AvgPool2D(2).size == (2, 2)
    with pytest.raises(ValueError, match="Conv2D stride must be an integer >= 1, got 0"):
        Conv2D(3, 5, stride=0)
    with pytest.raises(ValueError, match="Conv2D filters must be an integer >= 1, got 0"):
        Conv2D(0, 3)
    with pytest.raises(TypeError, match="Conv2D kernel must be an integer"):
        Conv2D(3, 2.5)
    with pytest.raises(ValueError, match="Conv2D padding must be one of"):
        Conv2D(3, 3, padding="sam")
    with pytest.raises(TypeError, match="Conv2D bias must be True or False"):
        Conv2D(3, 3, bias=1)
    with pytest.raises(ValueError, match="MaxPool2D size"):
        MaxPool2D((2, 0))
    with pytest.raises(ValueError, match="Dense units must be an integer >= 1, got 0"):
        Dense(0)
    with pytest.raises(TypeError, match="ReLU name must be a string"):
        ReLU(name=3)
    with pytest.raises(AttributeError):
        c.filters = 4  # frozen


# ---------------------------------------------------------------- trace: the Q&A's net


def test_qa_trace_hand_derived() -> None:
    t = trace(qa_net(bias=False), (64, 64, 3))
    assert [r.name for r in t] == [
        "conv1", "relu1", "maxpool1", "conv2", "relu2", "maxpool2", "flatten1", "dense1",
    ]  # fmt: skip
    # SAME: out = ceil(n / s): 64, 64, 8, 8, 8, 2; flatten 2*2*16 = 64
    assert [r.output_shape for r in t] == [
        (64, 64, 8), (64, 64, 8), (8, 8, 8), (8, 8, 16), (8, 8, 16), (2, 2, 16), (64,), (6,),
    ]  # fmt: skip
    assert [r.neurons for r in t] == [32768, 32768, 512, 1024, 1024, 64, 64, 6]
    # 4*4*3*8 = 384, 2*2*8*16 = 512, 64*6 + 6 = 390
    assert [r.params for r in t] == [384, 0, 0, 512, 0, 0, 0, 390]
    assert sum(r.params for r in t) == 1286
    assert [r.params_no_bias for r in t] == [384, 0, 0, 512, 0, 0, 0, 384]
    with_bias = trace(qa_net(bias=True), (64, 64, 3))
    assert [r.params for r in with_bias if r.params] == [392, 528, 390]
    assert sum(r.params for r in with_bias) == 1310
    # SAME totals: conv1 3 -> 1/2; pool1 (8-1)*8+8-64 = 0; conv2 7+2-8 = 1 -> 0/1; pool2 0
    assert t[0].padding == ((1, 2), (1, 2))
    assert t[1].padding == ((0, 0), (0, 0))
    assert t[2].padding == ((0, 0), (0, 0))
    assert t[3].padding == ((0, 1), (0, 1))
    assert t[5].padding == ((0, 0), (0, 0))
    assert t[6].padding is None and t[7].padding is None
    # r: 1 -> 1+3 = 4 -> 4+7*1 = 11 -> 11+1*8 = 19 -> 19+3*8 = 43; jump 1,1,8,8,8,32
    assert [r.receptive_field[0] for r in t] == [4, 4, 11, 19, 19, 43, 64, 64]
    assert [r.jump for r in t[:6]] == [(1, 1), (1, 1), (8, 8), (8, 8), (8, 8), (32, 32)]
    # start: 0 - 1*1 = -1, then no more padding before: -1 throughout
    assert all(r.start == (-1, -1) for r in t[:6])
    assert t[6].jump is None and t[7].start is None


def test_related_questions_trace() -> None:
    # Keras Conv1D(20, 10) on (500, 1) == a (1, 10) kernel on a (1, 500, 1) image
    (c1,) = trace([Conv2D(20, (1, 10))], (1, 500, 1))
    assert c1.output_shape == (1, 491, 20) and c1.params == 10 * 1 * 20 + 20 == 220
    (c2,) = trace([Conv2D(64, (5, 100))], (5, 720, 1))
    assert c2.output_shape == (1, 621, 64) and c2.params == 5 * 100 * 64 + 64 == 32064
    lenet = [Conv2D(3, 5), MaxPool2D(2), Conv2D(6, 5), MaxPool2D(2), Flatten(), Dense(100)]
    t = trace(lenet, (32, 32, 1))
    assert [r.output_shape for r in t] == [
        (28, 28, 3), (14, 14, 3), (10, 10, 6), (5, 5, 6), (150,), (100,),
    ]  # fmt: skip
    assert [r.params for r in t] == [25 * 3 + 3, 0, 25 * 3 * 6 + 6, 0, 0, 150 * 100 + 100]
    # r: 5, 5+1 = 6, 6+4*2 = 14, 14+1*2 = 16
    assert [r.receptive_field for r in t[:4]] == [(5, 5), (6, 6), (14, 14), (16, 16)]
    assert [r.jump for r in t[:4]] == [(1, 1), (2, 2), (2, 2), (4, 4)]


def test_non_square_and_dilation() -> None:
    (r,) = trace([Conv2D(2, (3, 1), stride=(2, 1), dilation=(2, 1), padding="full")], (7, 5, 1))
    # rows: full pads 2*(3-1) = 4 each side; out = (7+8-5)//2+1 = 6; cols: k=1 -> 5
    assert r.padding == ((4, 4), (0, 0))
    assert r.output_shape == (6, 5, 2)
    assert r.receptive_field == (5, 1) and r.jump == (2, 1) and r.start == (-4, 0)


# ---------------------------------------------------------------- errors


def test_errors_name_layer_and_shapes() -> None:
    with pytest.raises(
        ValueError, match=r"layer 2 'conv2' \(Conv2D\) cannot work on input shape \(2, 2, 4\)"
    ):
        trace([Conv2D(4, 3), MaxPool2D(2), Conv2D(4, 3)], (6, 6, 1))
    with pytest.raises(
        ValueError,
        match=r"layer 0 'dense1' \(Dense\) needs a flat input "
        r"but gets shape \(4, 4, 2\) from the input",
    ):
        trace([Dense(3)], (4, 4, 2))
    with pytest.raises(
        ValueError,
        match=r"layer 2 'conv1' \(Conv2D\) needs an \(H, W, C\) input "
        r"but gets the flat shape \(32,\) from layer 1 'relu1'",
    ):
        trace([Flatten(), ReLU(), Conv2D(1, 1)], (4, 4, 2))
    with pytest.raises(ValueError, match="already flat"):
        trace([Flatten(), Flatten()], (4, 4, 2))
    with pytest.raises(ValueError, match="holds only padding"):
        trace([MaxPool2D(2, padding=2)], (4, 4, 1))
    with pytest.raises(ValueError, match="input_shape must be"):
        trace([ReLU()], (4, 4))
    with pytest.raises(ValueError, match="at least one layer"):
        trace([], (4, 4, 1))
    with pytest.raises(TypeError, match=r"layers\[1\] must be"):
        trace([ReLU(), "conv"], (4, 4, 1))
    with pytest.raises(ValueError, match="named"):  # custom names appear in messages
        trace([Conv2D(1, 5, name="named")], (4, 4, 1))


def test_forward_weight_errors() -> None:
    layers = [Conv2D(4, 3), ReLU(), Conv2D(2, 3, bias=False)]
    x = np.zeros((1, 8, 8, 3), np.float32)
    good = init_weights(layers, (8, 8, 3))
    bad = list(good)
    bad[2] = np.zeros((3, 3, 5, 2), np.float32)
    with pytest.raises(
        ValueError,
        match=r"layer 2 'conv2' \(Conv2D\) weights have shape \(3, 3, 5, 2\); "
        r"expected HWIO \(3, 3, 4, 2\).*4 input channels \(input shape \(6, 6, 4\)\)",
    ):
        forward(layers, x, bad)
    bad = list(good)
    bad[1] = np.zeros(3)
    with pytest.raises(ValueError, match="has no parameters"):
        forward(layers, x, bad)
    with pytest.raises(ValueError, match="one entry per layer"):
        forward(layers, x, good[:2])
    bad = list(good)
    bad[0] = good[0][0]  # no bias for a bias=True layer
    with pytest.raises(ValueError, match="bias=True"):
        forward(layers, x, bad)


# ---------------------------------------------------------------- forward


def _pool_reshape(x: np.ndarray, k: int) -> np.ndarray:
    n, h, w, c = x.shape
    return x.reshape(n, h // k, k, w // k, k, c).max(axis=(2, 4))


def test_forward_matches_hand_written_numpy() -> None:
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 64, 64, 3))
    layers = qa_net(bias=True)
    ws = init_weights(layers, (64, 64, 3), seed=3)
    ws = [
        None if e is None else (e[0], rng.standard_normal(e[0].shape[-1]).astype(np.float32))
        for e in ws
    ]
    out, steps = forward(layers, x, ws, return_intermediates=True)
    # independent: the Q&A's loops for the convolutions, reshape-max for the pools
    (w1, b1), (w2, b2), (w3, b3) = ws[0], ws[3], ws[7]
    a = np.maximum(conv2d_loops(x, w1, b1, padding="same"), 0)
    a = _pool_reshape(a, 8)  # SAME with 8/8 on 64 pads nothing
    # conv2 SAME on 8 with k=2: one zero row/col after
    a = np.pad(a, ((0, 0), (0, 1), (0, 1), (0, 0)))
    z = np.zeros((2, 8, 8, 16))
    for i in range(8):
        for j in range(8):
            z[:, i, j] = np.einsum("nabc,abcd->nd", a[:, i : i + 2, j : j + 2], w2) + b2
    a = _pool_reshape(np.maximum(z, 0), 4)
    expected = a.reshape(2, -1) @ w3 + b3
    assert out.shape == (2, 6) and len(steps) == 8
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(steps[6], a.reshape(2, -1), rtol=1e-4, atol=1e-4)


def test_forward_seeded_and_avgpool() -> None:
    layers = [AvgPool2D(2, padding="same"), Conv2D(1, 1, bias=False)]
    x = np.arange(9, dtype=np.float64).reshape(1, 3, 3, 1)
    out = forward(layers, x, [None, np.ones((1, 1, 1, 1))])
    # windows {0,1,3,4}, {2,5}, {6,7}, {8}: averages 2, 3.5, 6.5, 8
    assert out[0, :, :, 0].tolist() == [[2.0, 3.5], [6.5, 8.0]]
    a = forward(qa_net(), np.ones((1, 64, 64, 3)), seed=7)
    b = forward(qa_net(), np.ones((1, 64, 64, 3)), seed=7)
    c = forward(qa_net(), np.ones((1, 64, 64, 3)), seed=8)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


# ---------------------------------------------------------------- input regions


def test_qa_final_regions_hand_derived() -> None:
    layers = qa_net()
    for i in range(2):
        for j in range(2):
            r = input_region(layers, (64, 64, 3), 5, i, j)
            assert isinstance(r, InputRegion) and r.name == "maxpool2"
            assert r.size == (43, 43)
            assert r.rows == range(-1 + 32 * i, 42 + 32 * i)
            assert r.cols == range(-1 + 32 * j, 42 + 32 * j)
    second = input_region(layers, (64, 64, 3), -3, 1, 1)
    assert second.padded_rows == tuple(range(64, 74)) == second.padded_cols
    assert second.rows_read == tuple(range(31, 64))
    first = input_region(layers, (64, 64, 3), 5, 0, 0)
    assert first.padded_rows == (-1,) and first.rows_read == tuple(range(0, 42))
    assert first.pixels == 42 * 42
    # conv1 neuron 63 (last): pixels 62, 63 and two zeros (64, 65)
    last = input_region(layers, (64, 64, 3), 0, 63, 0)
    assert last.rows == range(62, 66) and last.padded_rows == (64, 65)
    # Dense: every pixel; Flatten unit k -> NHWC (row, col, channel) of maxpool2
    dense = input_region(layers, (64, 64, 3), 7, 5)
    assert dense.rows_read == tuple(range(64)) and dense.rows == range(-1, 74)
    unit = 1 * 2 * 16 + 0 * 16 + 5  # row 1, col 0, channel 5
    assert input_region(layers, (64, 64, 3), 6, unit).rows == range(31, 74)
    assert input_region(layers, (64, 64, 3), 6, unit).cols == range(-1, 42)
    with pytest.raises(ValueError, match="row must be in 0..1"):
        input_region(layers, (64, 64, 3), 5, 2, 0)
    with pytest.raises(ValueError, match="layer_index must be in -8..7"):
        input_region(layers, (64, 64, 3), 8, 0, 0)
    with pytest.raises(ValueError, match="col must be in 0..0"):
        input_region(layers, (64, 64, 3), 7, 0, 1)


def _dependency(layers: list, h: int, w: int) -> np.ndarray:
    """Brute force: push every one-hot image through the real ops with all-ones kernels.

    With non-negative data and positive weights, an output is > 0 exactly when
    its window (followed back) holds the hot pixel; padded zeros add nothing and
    the pools never pick a padded cell. Returns dep[pixel_row, pixel_col, r, c].
    """
    x = np.eye(h * w).reshape(h * w, h, w, 1)
    for layer in layers:
        if isinstance(layer, Conv2D):
            k = np.ones((*layer.kernel, 1, 1))
            x = conv2d(x, k, stride=layer.stride, padding=layer.padding, dilation=layer.dilation)
        elif isinstance(layer, AvgPool2D):
            x = avg_pool2d(x, layer.size, stride=layer.stride, padding=layer.padding)
        elif isinstance(layer, MaxPool2D):
            x = max_pool2d(x, layer.size, stride=layer.stride, padding=layer.padding)
        x = (x > 0).astype(np.float64)  # ReLU: unchanged
    return x[..., 0].reshape(h, w, x.shape[1], x.shape[2]) > 0


def _virtual_span(trace_records, upto: int, axis: int, index: int) -> tuple[int, int]:
    """Follow taps back, padded positions included, with out = i*s - before + t*d."""
    positions = {index}
    for rec in reversed(trace_records[: upto + 1]):
        layer = rec.layer
        if isinstance(layer, ReLU):
            continue
        if isinstance(layer, Conv2D):
            k, s, d = layer.kernel[axis], layer.stride[axis], layer.dilation[axis]
        else:
            k, s, d = layer.size[axis], layer.stride[axis], 1
        before = rec.padding[axis][0]
        positions = {i * s - before + t * d for i in positions for t in range(k)}
    return min(positions), max(positions)


PADDINGS = st.one_of(
    st.sampled_from(["valid", "same", "full"]),
    st.integers(0, 2),
    st.tuples(st.integers(0, 2), st.integers(0, 2)),
)


@st.composite
def stacks(draw):
    n = draw(st.integers(1, 4))
    layers = []
    for _ in range(n):
        kind = draw(st.sampled_from(["conv", "conv", "max", "avg", "relu"]))
        if kind == "relu":
            layers.append(ReLU())
            continue
        k = draw(st.tuples(st.integers(1, 4), st.integers(1, 4)))
        s = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
        p = draw(PADDINGS)
        if kind == "conv":
            d = draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
            layers.append(Conv2D(1, k, stride=s, padding=p, dilation=d))
        else:
            cls = MaxPool2D if kind == "max" else AvgPool2D
            layers.append(cls(k, stride=s, padding=p if p != "full" else "same"))
    h = draw(st.integers(3, 11))
    w = draw(st.integers(3, 11))
    return layers, h, w


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(stacks(), st.data())
def test_region_matches_brute_force(case, data) -> None:
    layers, h, w = case
    try:
        records = trace(layers, (h, w, 1))
    except ValueError:
        assume(False)
        return
    dep = _dependency(layers, h, w)
    oh, ow = records[-1].output_shape[:2]
    rf, jump, start = records[-1].receptive_field, records[-1].jump, records[-1].start
    for _ in range(3):
        i = data.draw(st.integers(0, oh - 1))
        j = data.draw(st.integers(0, ow - 1))
        region = input_region(layers, (h, w, 1), len(layers) - 1, i, j)
        seen = {(int(a), int(b)) for a, b in zip(*np.nonzero(dep[:, :, i, j]), strict=True)}
        # exact: the brute-force set is the product of rows_read and cols_read
        assert seen == {(a, b) for a in region.rows_read for b in region.cols_read}
        # closed form: the span is the hull of the taps followed back through padding
        for axis, span, idx in ((0, region.rows, i), (1, region.cols, j)):
            lo, hi = _virtual_span(records, len(layers) - 1, axis, idx)
            assert (span.start, span.stop - 1) == (lo, hi)
            assert len(span) == rf[axis]
            assert span.start == start[axis] + idx * jump[axis]
        n = (h, w)
        for axis, span, padded, read in (
            (0, region.rows, region.padded_rows, region.rows_read),
            (1, region.cols, region.padded_cols, region.cols_read),
        ):
            assert set(padded) == {p for p in span if not 0 <= p < n[axis]}
            assert set(read) <= set(span)
        if all(
            isinstance(layer, ReLU)
            or (layer.stride == (1, 1) and getattr(layer, "dilation", (1, 1)) == (1, 1))
            for layer in layers
        ):
            # stride 1 and no dilation anywhere: no gaps, so every image position of
            # the span is read, unless the neuron reads no pixel at all. That happens
            # when its window holds only padding, at the input or at a later layer's
            # input: then the span may still reach into the image (a padding row of
            # layer 2 lies over real rows of the image), yet no row or column is read.
            if not seen:
                assert region.rows_read == region.cols_read == ()
                return
            assert region.rows_read == tuple(p for p in region.rows if 0 <= p < h)
            assert region.cols_read == tuple(p for p in region.cols if 0 <= p < w)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(stacks(), st.integers(0, 2**31 - 1))
def test_perturbation_stays_inside_region(case, seed) -> None:
    layers, h, w = case
    try:
        records = trace(layers, (h, w, 1))
    except ValueError:
        assume(False)
        return
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, h, w, 1))
    base = forward(layers, x, seed=seed % 1000)
    oh, ow = records[-1].output_shape[:2]
    for p in range(h * w):
        pr, pc = divmod(p, w)
        y = x.copy()
        y[0, pr, pc, 0] += 1.0 + rng.random()
        changed = np.argwhere(~np.isclose(forward(layers, y, seed=seed % 1000), base))
        for _, i, j, _ in changed:
            region = input_region(layers, (h, w, 1), -1, int(i), int(j))
            assert pr in region.rows_read and pc in region.cols_read
    assert oh >= 1 and ow >= 1


def test_padding_uses_geometry() -> None:
    # the trace's padding is exactly what convmap.geometry says
    for n, k, s in [(64, 4, 1), (8, 2, 1), (7, 3, 2), (9, 4, 3)]:
        (r,) = trace([Conv2D(1, k, stride=s, padding="same")], (n, n, 1))
        assert r.padding == (padding_amounts(n, k, s, "same"),) * 2
    assert math.prod(trace([Flatten()], (3, 4, 5))[0].output_shape) == 60


def test_flat_layers_regions() -> None:
    # conv 2/3 on 7: windows rows 0-1 and 3-4; rows 2, 5, 6 are skipped by the stride
    layers = [Conv2D(1, 2, stride=3), Flatten(), Dense(2)]
    t = trace(layers, (7, 7, 1))
    assert t[0].output_shape == (2, 2, 1) and t[2].receptive_field == (5, 5)
    dense = input_region(layers, (7, 7, 1), 2, 1)
    assert dense.rows == range(0, 5) and dense.rows_read == (0, 1, 3, 4) == dense.cols_read
    assert dense.padded_rows == () and dense.pixels == 16
    unit = input_region(layers, (7, 7, 1), 1, 3)  # flatten unit 3 = conv (1, 1)
    assert unit.rows == range(3, 5) and unit.cols == range(3, 5)
    # Flatten straight on the input: unit 7 of (2, 3, 2) is pixel (1, 0), channel 1
    direct = input_region([Flatten()], (2, 3, 2), 0, 7)
    assert direct.rows == range(1, 2) and direct.cols == range(0, 1) and direct.size == (1, 1)
    assert trace([Flatten()], (2, 3, 2))[0].receptive_field == (2, 3)


def test_region_figure_panels_and_errors() -> None:
    from convmap.network_figure import region_figure

    layers = [Conv2D(1, 3), MaxPool2D(3), Flatten()]
    markup = region_figure(layers, (9, 9, 1), 1)
    # 2 x 2 positions: 4 panels + the output key; conv 3 then pool 3/3: r = 5, jump 3
    assert markup.count("<svg") == 5
    for i in range(2):
        for j in range(2):
            assert f"rows {3 * i + 1}-{3 * i + 5}, cols {3 * j + 1}-{3 * j + 5}" in markup
    with pytest.raises(ValueError, match="flat output"):
        region_figure(layers, (9, 9, 1), 2)
    with pytest.raises(ValueError, match="more than max_panels=16"):
        region_figure([Conv2D(1, 3)], (9, 9, 1), 0)


def test_a_window_of_later_padding_reads_nothing_though_its_span_reaches_the_image():
    """Found by Hypothesis: layer 2's window holds only its own padding rows."""
    layers = [Conv2D(filters=1, kernel=(2, 1), padding="valid"), Conv2D(1, (2, 3), padding=2)]
    region = input_region(layers, (3, 3, 1), 1, 0, 0)
    assert region.rows == range(-2, 1) and 0 in region.rows  # the span reaches image row 0
    assert region.rows_read == region.cols_read == ()
    assert not np.any(_dependency(layers, 3, 3)[:, :, 0, 0])  # brute force: nothing read
