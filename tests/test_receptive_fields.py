"""Receptive fields and pixels read, every layer of random stacks, against brute force.

For each of 300 seeded random stacks (convolutions with any kernel, stride,
dilation and padding form, max and average pools, ReLU, and often Flatten and
Dense at the end) on small images, the dependency of every neuron on every
pixel is found by brute force: one one-hot image per pixel goes through the
real `forward` with all-ones weights and zero biases, so a neuron's value is
positive exactly when it depends on that pixel (max and average of
non-negative values are positive iff one of them is). The span, padding
included, is checked against an independent tap-by-tap walk through virtual
(padded) positions. Then for every layer, Flatten and Dense included:

* `input_region` gives exactly the brute-force pixels (as rows x cols) and
  the virtual span;
* `trace`'s ``span`` equals every neuron's region size; ``read_min`` /
  ``read_max`` / ``read_counts`` equal the brute-force counts; a flat layer's
  ``receptive_field`` is the extent of the pixels its neurons read.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from convmap.layers import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU
from convmap.network import forward, init_weights, input_region, trace

STACKS = 300


def _padding(rnd: random.Random, pool: bool):
    forms = [
        lambda: rnd.choice(["valid", "same", "SAME"] + ([] if pool else ["full"])),
        lambda: rnd.randint(0, 2),
        lambda: (rnd.randint(0, 2), rnd.randint(0, 2)),
        lambda: ((rnd.randint(0, 2), rnd.randint(0, 2)), (rnd.randint(0, 2), rnd.randint(0, 2))),
    ]
    return rnd.choice(forms)()


def _stack(rnd: random.Random) -> list:
    layers = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.choice(["conv", "conv", "max", "avg", "relu"])
        if kind == "relu":
            layers.append(ReLU())
            continue
        k = (rnd.randint(1, 4), rnd.randint(1, 4))
        s = (rnd.randint(1, 3), rnd.randint(1, 3))
        if kind == "conv":
            d = (rnd.randint(1, 3), rnd.randint(1, 2))
            layers.append(Conv2D(rnd.randint(1, 2), k, s, _padding(rnd, False), d))
        else:
            layers.append((MaxPool2D if kind == "max" else AvgPool2D)(k, s, _padding(rnd, True)))
    if rnd.random() < 0.6:
        layers.append(Flatten())
        if rnd.random() < 0.5:
            layers.append(ReLU())
        for _ in range(rnd.randint(0, 2)):
            layers.append(Dense(rnd.randint(1, 3), bias=rnd.random() < 0.5))
    return layers


def _cases():
    rnd = random.Random(20261201)
    cases = []
    while len(cases) < STACKS:
        layers = _stack(rnd)
        shape = (rnd.randint(2, 9), rnd.randint(2, 9), rnd.randint(1, 2))
        try:
            trace(layers, shape)
        except ValueError:
            continue  # a stack that cannot work on this image: refused, counted elsewhere
        cases.append((layers, shape))
    return cases


CASES = _cases()


def _dependencies(layers, shape):
    """deps[l][...neuron] = boolean (H, W) of the pixels the neuron depends on."""
    h, w, c = shape
    x = np.zeros((h * w, h, w, c))
    for p in range(h * w):
        x[p, p // w, p % w, :] = 1.0
    weights = [
        None
        if e is None
        else tuple(
            np.ones_like(a) if i == 0 else np.zeros_like(a)
            for i, a in enumerate(e)
            if a is not None
        )  # fmt: skip
        for e in init_weights(layers, shape)
    ]
    _, steps = forward(layers, x, weights, return_intermediates=True)
    deps = []
    for y in steps:
        y = y > 0
        if y.ndim == 4:
            y = y.any(axis=3)  # channels of a position share the region
        deps.append(np.moveaxis(y.reshape(h, w, *y.shape[1:]), (0, 1), (-2, -1)))
    return deps


def _virtual(layers, records, upto: int, axis: int, positions: set[int]) -> tuple[int, int]:
    """Hull of taps followed back with padded (virtual) positions kept: i*s - before + t*d."""
    for rec in reversed(records[: upto + 1]):
        layer = rec.layer
        if isinstance(layer, (Conv2D, MaxPool2D, AvgPool2D)):
            k = layer.kernel[axis] if isinstance(layer, Conv2D) else layer.size[axis]
            d = layer.dilation[axis] if isinstance(layer, Conv2D) else 1
            s, before = layer.stride[axis], rec.padding[axis][0]
            positions = {i * s - before + t * d for i in positions for t in range(k)}
        elif isinstance(layer, Flatten):
            hh, ww, cc = rec.input_shape
            units = positions if axis == 0 else positions
            positions = {(u // (ww * cc)) if axis == 0 else (u // cc) % ww for u in units}
        elif isinstance(layer, Dense):
            positions = set(range(rec.input_shape[0]))
    return min(positions), max(positions)


@pytest.mark.parametrize(("layers", "shape"), CASES, ids=[f"stack{i}" for i in range(STACKS)])
def test_every_layer_agrees_with_brute_force(layers, shape) -> None:
    records = trace(layers, shape)
    deps = _dependencies(layers, shape)
    rnd = random.Random(len(layers) * 1000 + shape[0] * 10 + shape[1])
    for idx, rec in enumerate(records):
        dep = deps[idx]
        neurons = list(np.ndindex(*dep.shape[:-2]))
        per_axis: list[list[int]] = [[], []]
        union = np.zeros(shape[:2], bool)
        for neuron in neurons:
            seen = dep[neuron]
            union |= seen
            rows, cols = np.nonzero(seen.any(axis=1))[0], np.nonzero(seen.any(axis=0))[0]
            # the dependency set is exactly a product of rows and cols
            assert seen.sum() == len(rows) * len(cols)
            per_axis[0].append(len(rows))
            per_axis[1].append(len(cols))
            if len(neuron) == 3 or (len(neuron) == 2 and len(rec.output_shape) == 1):
                raise AssertionError("unexpected neuron index shape")
            if neuron not in (neurons[0], neurons[-1]) and rnd.random() > 8 / len(neurons):
                continue  # input_region on a sample of neurons (ends always), to stay fast
            r, c = (neuron[0], neuron[1]) if len(neuron) == 2 else (neuron[0], 0)
            region = input_region(layers, shape, idx, r, c)
            assert region.rows_read == tuple(rows) and region.cols_read == tuple(cols)
            assert region.size == rec.span
            flat = len(neuron) == 1
            for axis, span in ((0, region.rows), (1, region.cols)):
                lo, hi = _virtual(layers, records, idx, axis, {neuron[0] if flat else neuron[axis]})
                assert (span.start, span.stop - 1) == (lo, hi), (rec.name, neuron, axis)
        assert rec.read_min == (min(per_axis[0]), min(per_axis[1])), rec.name
        assert rec.read_max == (max(per_axis[0]), max(per_axis[1])), rec.name
        if len(rec.output_shape) == 3:
            oh, ow = rec.output_shape[:2]
            counts = np.array(per_axis[0]).reshape(oh, ow), np.array(per_axis[1]).reshape(oh, ow)
            got = np.multiply.outer(*rec.read_counts)
            assert (got == counts[0] * counts[1]).all(), rec.name
            nonzero = counts[0] * counts[1] > 0
            assert (np.multiply.outer(rec.read_counts[0], np.ones(ow, int))[nonzero]
                    == counts[0][nonzero]).all()  # fmt: skip
            assert (np.multiply.outer(np.ones(oh, int), rec.read_counts[1])[nonzero]
                    == counts[1][nonzero]).all()  # fmt: skip
            assert rec.receptive_field == rec.span
        else:
            assert rec.read_counts is None
            extent = []
            for axis in range(2):
                hit = np.nonzero(union.any(axis=1 - axis))[0]
                extent.append(int(hit[-1] - hit[0] + 1) if len(hit) else 0)
            assert rec.receptive_field == tuple(extent), rec.name


def test_issue_stack_flat_layers_count_only_read_columns() -> None:
    # Conv (3, 1) stride (1, 2) pad 1: windows start at columns -1, 1, 3, ..., 11, so
    # only the odd columns 1..11 are read: extent 11, 6 columns; rows 0..7, 8 rows.
    layers = [Conv2D(2, (3, 1), stride=(1, 2), padding=1, dilation=(1, 2)), Flatten(), Dense(3)]
    t = trace(layers, (8, 12, 1))
    assert t[2].receptive_field == (8, 11)
    assert t[2].read_min == t[2].read_max == (8, 6)
    # span padding included: rows -1..8 (10), cols -1..11 (13)
    assert t[2].span == (10, 13)
    region = input_region(layers, (8, 12, 1), 2, 0)
    assert region.cols_read == (1, 3, 5, 7, 9, 11) and region.size == (10, 13)


def test_qa_p2_span_and_pixels_read() -> None:
    qa = [Conv2D(8, 4, padding="SAME", bias=False), ReLU(), MaxPool2D(8, padding="SAME"),
          Conv2D(16, 2, padding="SAME", bias=False), ReLU(), MaxPool2D(4, padding="SAME"),
          Flatten(), Dense(6)]  # fmt: skip
    t = trace(qa, (64, 64, 3))
    p2 = t[5]
    # P2 neuron (0, 0) spans rows -1..41 (43); it reads rows 0..41 (42); neuron 1 spans
    # 31..73 and reads 31..63 (33).
    assert p2.span == (43, 43) and p2.read_counts == ((42, 33), (42, 33))
    pixels = sorted(a * b for a in p2.read_counts[0] for b in p2.read_counts[1])
    assert pixels == [33 * 33, 33 * 42, 33 * 42, 42 * 42]
    assert t[7].read_min == t[7].read_max == (64, 64) and t[7].receptive_field == (64, 64)
