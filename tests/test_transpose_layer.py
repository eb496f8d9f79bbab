"""Conv2DTranspose in trace, input_region and forward: brute force, frameworks' rule, bad input."""

from __future__ import annotations

import random

import numpy as np
import pytest

import convmap
from convmap import (
    Conv2D,
    Conv2DTranspose,
    Dense,
    Flatten,
    MaxPool2D,
    ReLU,
    conv2d_transpose,
    forward,
    init_weights,
    input_region,
    trace,
)

STACKS = 40


def _transpose(rnd: random.Random) -> Conv2DTranspose:
    k = (rnd.randint(1, 4), rnd.randint(1, 4))
    s = (rnd.randint(1, 3), rnd.randint(1, 3))
    d = (rnd.randint(1, 2), rnd.randint(1, 2))
    op = tuple(rnd.randint(0, max(si, di) - 1) for si, di in zip(s, d, strict=True))
    padding = rnd.choice(["valid", "full", 0, 1, (1, 0), ((0, 1), (2, 0))])
    if rnd.random() < 0.3:
        padding, op = "same", (0, 0)
    return Conv2DTranspose(rnd.randint(1, 2), k, s, padding, op, d)


def _stack(rnd: random.Random) -> list:
    layers = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.choice(["up", "up", "conv", "max", "relu"])
        if kind == "up":
            layers.append(_transpose(rnd))
        elif kind == "conv":
            k, s = (rnd.randint(1, 3), rnd.randint(1, 3)), (rnd.randint(1, 3), rnd.randint(1, 2))
            layers.append(Conv2D(rnd.randint(1, 2), k, s, rnd.choice(["valid", "same", 1])))
        elif kind == "max":
            layers.append(MaxPool2D(rnd.randint(1, 3), rnd.randint(1, 2)))
        else:
            layers.append(ReLU())
    if rnd.random() < 0.4:
        layers += [Flatten(), Dense(2)]
    return layers


def _cases():
    rnd = random.Random(20261202)
    cases = []
    while len(cases) < STACKS:
        layers, shape = _stack(rnd), (rnd.randint(1, 6), rnd.randint(1, 6), rnd.randint(1, 2))
        try:
            trace(layers, shape)
        except ValueError:
            continue
        if any(isinstance(layer, Conv2DTranspose) for layer in layers):
            cases.append((layers, shape))
    return cases


def _dependencies(layers, shape):
    """Per layer: boolean (..., H, W), the pixels each neuron depends on (one-hot, ones weights)."""
    h, w, c = shape
    x = np.zeros((h * w, h, w, c))
    for p in range(h * w):
        x[p, p // w, p % w, :] = 1.0
    weights = [
        None if e is None else tuple(np.ones_like(a) if i == 0 else np.zeros_like(a)
                                     for i, a in enumerate(e))
        for e in init_weights(layers, shape)
    ]  # fmt: skip
    _, steps = forward(layers, x, weights, return_intermediates=True)
    deps = []
    for y in steps:
        y = y > 0
        if y.ndim == 4:
            y = y.any(axis=3)
        deps.append(np.moveaxis(y.reshape(h, w, *y.shape[1:]), (0, 1), (-2, -1)))
    return deps


@pytest.mark.parametrize(("layers", "shape"), _cases(), ids=[f"stack{i}" for i in range(STACKS)])
def test_trace_and_input_region_agree_with_brute_force(layers, shape) -> None:
    records, deps = trace(layers, shape), _dependencies(layers, shape)
    after = False
    for idx, rec in enumerate(records):
        after = after or isinstance(rec.layer, Conv2DTranspose)
        per_axis: list[list[int]] = [[], []]
        for neuron in np.ndindex(*deps[idx].shape[:-2]):
            seen = deps[idx][neuron]
            rows, cols = np.nonzero(seen.any(axis=1))[0], np.nonzero(seen.any(axis=0))[0]
            assert seen.sum() == len(rows) * len(cols)  # still a product of rows and columns
            per_axis[0].append(len(rows))
            per_axis[1].append(len(cols))
            r, c = (neuron[0], neuron[1]) if len(neuron) == 2 else (neuron[0], 0)
            region = input_region(layers, shape, idx, r, c)
            assert region.rows_read == tuple(rows) and region.cols_read == tuple(cols)
            if after and len(rows):  # no closed form: the span is the extent read
                assert region.rows == range(rows[0], rows[-1] + 1)
                assert region.cols == range(cols[0], cols[-1] + 1)
        assert rec.read_min == (min(per_axis[0]), min(per_axis[1])), rec.name
        assert rec.read_max == (max(per_axis[0]), max(per_axis[1])), rec.name
        if after:
            assert rec.span is None and rec.jump is None and rec.start is None
        if len(rec.output_shape) == 3:
            got = np.multiply.outer(*rec.read_counts).ravel()
            assert (got == np.array(per_axis[0]) * np.array(per_axis[1])).all(), rec.name


def test_forward_is_conv2d_transpose_and_shapes_follow_the_frameworks() -> None:
    layer = Conv2DTranspose(4, (3, 2), stride=(2, 3), padding=1, output_padding=(1, 2))
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 4, 5, 3)), rng.normal(size=(3, 2, 4, 3)), rng.normal(size=4)
    y = forward([layer], x, [(w, b)])
    ref = conv2d_transpose(x, w, b, stride=(2, 3), padding=1, output_padding=(1, 2))
    np.testing.assert_allclose(y, ref)
    # PyTorch: (n - 1) * s - 2 * p + d * (k - 1) + op + 1 per axis
    assert layer.output_shape((4, 5, 3)) == (
        (4 - 1) * 2 - 2 + 2 + 1 + 1,
        (5 - 1) * 3 - 2 + 1 + 2 + 1,
        4,
    )
    assert layer.weight_shapes((4, 5, 3)) == ((3, 2, 4, 3), (4,))
    assert layer.params((4, 5, 3)) == 3 * 2 * 4 * 3 + 4
    assert Conv2DTranspose(8, 3, 2, "same").output_shape((4, 5, 3)) == (8, 10, 8)


def test_one_value_paints_exactly_its_patch_in_the_trace() -> None:
    # kernel 3, stride 2, VALID on 3 values: outputs 0..6; value 1 paints 2, 3, 4.
    layers = [Conv2DTranspose(1, (3, 1), stride=(2, 1))]
    painted = [o for o in range(7) if 1 in input_region(layers, (3, 1, 1), 0, o).rows_read]
    assert painted == [2, 3, 4]
    assert trace(layers, (3, 1, 1))[0].read_counts == ((1, 1, 2, 1, 2, 1, 1), (1,))


def test_numpy_scalars_and_exports() -> None:
    a = Conv2DTranspose(np.int64(2), np.int32(3), stride=np.int64(2), bias=np.bool_(False))
    assert a == Conv2DTranspose(2, 3, stride=2, bias=False)
    for name in ("conv2d_transpose", "conv2d_transpose_loops", "conv2d_backward",
                 "conv2d_backward_loops", "ConvGradients", "transpose_geometry",
                 "painted_pixels", "painting_inputs", "Conv2DTranspose"):  # fmt: skip
        assert name in convmap.__all__ and getattr(convmap, name) is not None


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        (
            {"filters": 0, "kernel": 3},
            ValueError,
            r"Conv2DTranspose filters must be an integer >= 1",
        ),
        ({"filters": 2, "kernel": 2.5}, TypeError, r"Conv2DTranspose kernel must be an integer"),
        ({"filters": 2, "kernel": 3, "stride": 0}, ValueError, r"stride must be an integer >= 1"),
        ({"filters": 2, "kernel": 3, "stride": (1, 2, 3)}, ValueError, r"with 3 entries"),
        ({"filters": 2, "kernel": 3, "padding": "sane"}, ValueError, r"padding must be one of"),
        (
            {"filters": 2, "kernel": 3, "padding": -1},
            ValueError,
            r"padding must be an integer >= 0",
        ),
        (
            {"filters": 2, "kernel": 3, "stride": 2, "output_padding": 2},
            ValueError,
            r"output_padding on the rows must be smaller than the stride \(2\)",
        ),
        ({"filters": 2, "kernel": 3, "bias": 1}, TypeError, r"Conv2DTranspose bias must be True"),
        ({"filters": 2, "kernel": 3, "name": 5}, TypeError, r"name must be a string or None"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, pattern) -> None:
    with pytest.raises(error, match=pattern):
        Conv2DTranspose(**kwargs)


def test_bad_stacks_are_refused() -> None:
    with pytest.raises(ValueError, match=r"needs an \(H, W, C\) input but gets the flat shape"):
        trace([Flatten(), Conv2DTranspose(2, 3)], (4, 4, 1))
    with pytest.raises(
        ValueError, match=r"cannot work on input shape \(2, 2, 1\).*crops the whole"
    ):
        trace([Conv2DTranspose(2, 1, padding=1)], (2, 2, 1))
    with pytest.raises(ValueError, match=r"output_padding .* must be 0 with padding 'same'"):
        trace([Conv2DTranspose(2, 3, stride=2, padding="same", output_padding=1)], (2, 2, 1))
    layers = [Conv2DTranspose(2, 3)]
    with pytest.raises(ValueError, match=r"weights have shape \(3, 3, 1, 2\); expected \(kh, kw"):
        forward(layers, np.ones((1, 2, 2, 1)), [(np.ones((3, 3, 1, 2)), np.zeros(2))])
