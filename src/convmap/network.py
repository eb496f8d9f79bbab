"""A whole stack of layers: shapes, parameters, receptive fields, input regions, forward pass.

Three questions about a stack (a list of `convmap.layers` descriptions)
and an input shape ``(H, W, C)``:

* `trace`: for every layer, its output shape, neurons, parameters (with
  and without bias), padding per side, and per axis the receptive field size,
  the jump (effective stride) and where neuron 0's region starts;
* `input_region`: exactly which input rows and columns one neuron of any
  layer depends on, and which of them lie in the padding;
* `forward`: the stack run in NumPy with `convmap.conv2d` and the
  pools, on given or seeded weights.

The receptive field follows the closed forms of Araujo, Norris and Sim,
"Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019),
one axis at a time, starting from ``r = 1``, ``jump = 1``, ``start = 0`` at the
input:

    r     = r_prev + (k - 1) * d * jump_prev
    jump  = jump_prev * s
    start = start_prev - pad_before * jump_prev

so neuron ``i`` of a layer covers input positions ``start + i * jump`` to
``start + i * jump + r - 1``. Padding comes from
`convmap.geometry.layer_geometry`; ReLU changes nothing; Flatten and
Dense see everything their input sees.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from convmap.geometry import input_window, layer_geometry
from convmap.layers import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, ReLU

__all__ = ["InputRegion", "LayerTrace", "forward", "init_weights", "input_region", "trace"]

_KINDS = {
    Conv2D: "conv",
    MaxPool2D: "maxpool",
    AvgPool2D: "avgpool",
    ReLU: "relu",
    Flatten: "flatten",
    Dense: "dense",
}


@dataclass(frozen=True)
class LayerTrace:
    """What one layer of a stack does to its input.

    Attributes:
        index: 0-based position in the stack.
        name: The layer's ``name``, or an automatic one (``conv1``, ``relu1``,
            ``maxpool1``, ``flatten1``, ``dense1``, counted per kind).
        layer: The layer description.
        input_shape: ``(H, W, C)`` or ``(n,)`` without the batch axis.
        output_shape: ``(H, W, C)`` or ``(n,)`` without the batch axis.
        neurons: Number of output values per example (the product of
            ``output_shape``).
        params: Trainable parameters, bias included.
        params_no_bias: Parameters without the bias (the weights alone).
        padding: ``((top, bottom), (left, right))`` zeros for a conv or pool;
            ``((0, 0), (0, 0))`` for ReLU; ``None`` for Flatten and Dense.
        receptive_field: ``(rows, cols)`` of the input one neuron's region spans,
            padding included. For Flatten and Dense: the rows and columns of the
            image that the layer's input depends on (the whole image unless a
            stride skipped its edge).
        jump: ``(rows, cols)`` distance in input pixels between neighbouring
            neurons' regions (product of strides); ``None`` for Flatten and Dense.
        start: ``(row, col)`` where neuron ``(0, 0)``'s region starts, relative
            to input pixel 0 (negative: in the padding); ``None`` for Flatten and
            Dense.
    """

    index: int
    name: str
    layer: Any
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    neurons: int
    params: int
    params_no_bias: int
    padding: tuple[tuple[int, int], tuple[int, int]] | None
    receptive_field: tuple[int, int]
    jump: tuple[int, int] | None
    start: tuple[int, int] | None


@dataclass(frozen=True)
class InputRegion:
    """The input pixels one neuron depends on.

    Attributes:
        layer_index: The neuron's layer (0-based, non-negative).
        name: That layer's name in the trace.
        neuron: ``(row, col)`` of the neuron in its layer's output (for Flatten
            and Dense: ``(unit, 0)``).
        image_shape: ``(H, W)`` of the input image.
        rows: Span of input rows, by the closed form; may start before 0 or end
            after ``H - 1`` (those rows are padding).
        cols: Span of input columns, likewise.
        padded_rows: The rows of ``rows`` outside the image (``< 0`` or ``>= H``).
        padded_cols: The columns of ``cols`` outside the image.
        rows_read: The image rows the neuron really depends on, ascending: the
            windows of every layer followed back to the input, intermediate
            padding dropped. Equal to ``rows`` minus ``padded_rows`` unless a
            stride larger than a window, or a dilation, leaves gaps.
        cols_read: The image columns it depends on, likewise.
    """

    layer_index: int
    name: str
    neuron: tuple[int, int]
    image_shape: tuple[int, int]
    rows: range
    cols: range
    padded_rows: tuple[int, ...]
    padded_cols: tuple[int, ...]
    rows_read: tuple[int, ...]
    cols_read: tuple[int, ...]

    @property
    def size(self) -> tuple[int, int]:
        """``(rows, cols)`` the region spans, padding included (the receptive field)."""
        return (len(self.rows), len(self.cols))

    @property
    def pixels(self) -> int:
        """Number of image pixels (per channel) the neuron depends on."""
        return len(self.rows_read) * len(self.cols_read)


def _is_layer(layer: Any) -> bool:
    return type(layer) in _KINDS


def _check_layers(layers: Any) -> list[Any]:
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise TypeError(
            f"layers must be a list of convmap.layers descriptions (Conv2D, MaxPool2D, "
            f"AvgPool2D, ReLU, Flatten, Dense), got {type(layers).__name__}"
        )
    layers = list(layers)
    if not layers:
        raise ValueError("layers must hold at least one layer, got an empty list")
    for i, layer in enumerate(layers):
        if not _is_layer(layer):
            raise TypeError(
                f"layers[{i}] must be a Conv2D, MaxPool2D, AvgPool2D, ReLU, Flatten or "
                f"Dense from convmap.layers, got {layer!r}"
            )
    return layers


def _check_shape(input_shape: Any) -> tuple[int, int, int]:
    ok = isinstance(input_shape, (tuple, list)) and len(input_shape) == 3
    if ok:
        ok = all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1
            for v in input_shape
        )
    if not ok:
        raise ValueError(
            f"input_shape must be (height, width, channels) of integers >= 1, without "
            f"the batch axis, got {input_shape!r}"
        )
    return tuple(int(v) for v in input_shape)  # type: ignore[return-value]


def _names(layers: list[Any]) -> list[str]:
    counts: dict[str, int] = {}
    names = []
    for layer in layers:
        kind = _KINDS[type(layer)]
        counts[kind] = counts.get(kind, 0) + 1
        names.append(layer.name if layer.name is not None else f"{kind}{counts[kind]}")
    return names


def _label(index: int, name: str, layer: Any) -> str:
    return f"layer {index} '{name}' ({type(layer).__name__})"


def _window_geometry(layer: Any, in_hw: tuple[int, int], label: str, shape: tuple[int, ...]):
    if isinstance(layer, Conv2D):
        kernel, stride, dilation = layer.kernel, layer.stride, layer.dilation
    else:
        kernel, stride, dilation = layer.size, layer.stride, (1, 1)
    try:
        g = layer_geometry(in_hw, kernel, stride, layer.padding, dilation)
    except ValueError as err:
        raise ValueError(
            f"{label} cannot work on input shape {shape}: its output would be empty ({err})"
        ) from None
    if not isinstance(layer, Conv2D):
        # A pooling window made only of padding has no real cell to reduce.
        for axis, word in enumerate(("rows", "columns")):
            before = g.padding[axis][0]
            last_start = (g.output[axis] - 1) * g.stride[axis] - before
            if g.kernel[axis] - 1 - before < 0 or last_start > g.input[axis] - 1:
                raise ValueError(
                    f"{label} on input shape {shape}: padding {g.padding[axis]} on the "
                    f"{word} makes a pooling window of size {g.kernel[axis]} that holds "
                    f"only padding; use at most {g.kernel[axis] - 1} zeros per side"
                )
    return g


def _run_trace(layers: Any, input_shape: Any) -> tuple[list[Any], tuple[int, int, int], list]:
    """Trace the stack; also return per-layer geometry for `input_region`."""
    layers = _check_layers(layers)
    shape: tuple[int, ...] = _check_shape(input_shape)
    image_hw = shape[:2]
    names = _names(layers)
    # Per axis: receptive field, jump, start (Araujo et al.); at the input r=1, j=1, start=0.
    rf, jump, start = [1, 1], [1, 1], [0, 0]
    last_spatial: tuple[int, ...] = shape  # shape of the last spatial tensor
    spatial_state = (tuple(rf), tuple(jump), tuple(start))
    records: list[LayerTrace] = []
    geoms: list[Any] = []
    previous = "the input"
    for index, (layer, name) in enumerate(zip(layers, names, strict=True)):
        label = _label(index, name, layer)
        flat = len(shape) == 1
        params = weights = 0
        padding = None
        geom = None
        if isinstance(layer, (Conv2D, MaxPool2D, AvgPool2D)):
            if flat:
                raise ValueError(
                    f"{label} needs an (H, W, C) input but gets the flat shape {shape} "
                    f"from {previous}; put convolution and pooling layers before Flatten"
                )
            geom = _window_geometry(layer, shape[:2], label, shape)
            channels = layer.filters if isinstance(layer, Conv2D) else shape[2]
            out_shape: tuple[int, ...] = (*geom.output, channels)
            if isinstance(layer, Conv2D):
                weights = geom.kernel[0] * geom.kernel[1] * shape[2] * layer.filters
                params = weights + (layer.filters if layer.bias else 0)
            padding = geom.padding
            for axis in range(2):
                rf[axis] += (geom.kernel[axis] - 1) * geom.dilation[axis] * jump[axis]
                start[axis] -= geom.padding[axis][0] * jump[axis]
                jump[axis] *= geom.stride[axis]
            last_spatial = out_shape
            spatial_state = (tuple(rf), tuple(jump), tuple(start))
        elif isinstance(layer, ReLU):
            out_shape = shape
            padding = None if flat else ((0, 0), (0, 0))
        elif isinstance(layer, Flatten):
            if flat:
                raise ValueError(
                    f"{label} gets the already flat shape {shape} from {previous}; "
                    f"use Flatten once, after the last convolution or pooling layer"
                )
            out_shape = (math.prod(shape),)
        else:  # Dense
            if not flat:
                raise ValueError(
                    f"{label} needs a flat input but gets shape {shape} from {previous}; "
                    f"add Flatten() before it (a Dense layer would see "
                    f"{math.prod(shape)} values)"
                )
            weights = shape[0] * layer.units
            params = weights + (layer.units if layer.bias else 0)
            out_shape = (layer.units,)
        if len(out_shape) == 3:
            field, step, origin = tuple(rf), tuple(jump), tuple(start)
        else:
            field, step, origin = _flat_extent(last_spatial, spatial_state, image_hw), None, None
        records.append(
            LayerTrace(
                index=index,
                name=name,
                layer=layer,
                input_shape=shape,
                output_shape=out_shape,
                neurons=math.prod(out_shape),
                params=params,
                params_no_bias=weights,
                padding=padding,
                receptive_field=field,
                jump=step,
                start=origin,
            )
        )
        geoms.append(geom)
        shape = out_shape
        previous = f"layer {index} '{name}'"
    return records, _check_shape(input_shape), geoms


def _flat_extent(spatial_shape, state, image_hw) -> tuple[int, int]:
    """Image rows/cols spanned by the union of all neurons of the last spatial tensor."""
    rf, jump, start = state
    extent = []
    for axis in range(2):
        first = max(start[axis], 0)
        last = min(start[axis] + (spatial_shape[axis] - 1) * jump[axis] + rf[axis] - 1,
                   image_hw[axis] - 1)  # fmt: skip
        extent.append(max(last - first + 1, 0))
    return (extent[0], extent[1])


def trace(layers: Sequence[Any], input_shape: tuple[int, int, int]) -> list[LayerTrace]:
    """Follow an input shape through a stack: shapes, parameters and receptive fields.

    Args:
        layers: A list of `convmap.layers` descriptions.
        input_shape: ``(height, width, channels)`` of one input image.

    Returns:
        One `LayerTrace` per layer, in order.

    Raises:
        TypeError: If ``layers`` is not a list of layer descriptions.
        ValueError: If ``input_shape`` is not ``(H, W, C)`` of positive ints, or
            the stack cannot work: a layer whose output would be empty, a pooling
            window made only of padding, Dense on an unflattened input, or a
            convolution or pooling after Flatten. The message names the layer
            (index, name, type) and the shapes.

    Examples:
        The Q&A's model (its TF1 convolutions have no bias):

        >>> from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
        >>> qa = [Conv2D(8, 4, padding="same", bias=False), ReLU(),
        ...       MaxPool2D(8, padding="same"), Conv2D(16, 2, padding="same", bias=False),
        ...       ReLU(), MaxPool2D(4, padding="same"), Flatten(), Dense(6)]
        >>> for t in trace(qa, (64, 64, 3)):
        ...     print(t.name, t.output_shape, t.params, t.receptive_field, t.jump, t.start)
        conv1 (64, 64, 8) 384 (4, 4) (1, 1) (-1, -1)
        relu1 (64, 64, 8) 0 (4, 4) (1, 1) (-1, -1)
        maxpool1 (8, 8, 8) 0 (11, 11) (8, 8) (-1, -1)
        conv2 (8, 8, 16) 512 (19, 19) (8, 8) (-1, -1)
        relu2 (8, 8, 16) 0 (19, 19) (8, 8) (-1, -1)
        maxpool2 (2, 2, 16) 0 (43, 43) (32, 32) (-1, -1)
        flatten1 (64,) 0 (64, 64) None None
        dense1 (6,) 390 (64, 64) None None
        >>> trace([Dense(6)], (8, 8, 16))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: layer 0 'dense1' (Dense) needs a flat input but gets shape (8, 8, 16) ...
    """
    return _run_trace(layers, input_shape)[0]


def _layer_index(records: list[LayerTrace], layer_index: Any) -> int:
    n = len(records)
    if isinstance(layer_index, bool) or not isinstance(layer_index, numbers.Integral):
        raise TypeError(f"layer_index must be an integer in {-n}..{n - 1}, got {layer_index!r}")
    if not -n <= layer_index < n:
        raise ValueError(
            f"layer_index must be in {-n}..{n - 1} (the stack has {n} layers), got {layer_index}"
        )
    return int(layer_index) % n


def _position(name: str, value: Any, size: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer in 0..{size - 1}, got {value!r}")
    if not 0 <= value < size:
        raise ValueError(f"{name} must be in 0..{size - 1} ({what}), got {value}")
    return int(value)


def _read_back(records, geoms, upto: int, axis: int, positions: set[int]) -> tuple[int, ...]:
    """Follow output positions of layer ``upto`` back to the input along one axis."""
    for index in range(upto, -1, -1):
        g = geoms[index]
        if g is None:  # ReLU: element-wise
            continue
        n = g.input[axis]
        taps = set()
        for i in positions:
            taps.update(
                input_window(
                    i, n, g.kernel[axis], g.stride[axis], g.padding[axis], g.dilation[axis]
                )  # fmt: skip
            )
        positions = {p for p in taps if 0 <= p < n}  # padding holds no input pixel
    return tuple(sorted(positions))


def input_region(
    layers: Sequence[Any],
    input_shape: tuple[int, int, int],
    layer_index: int,
    row: int,
    col: int = 0,
) -> InputRegion:
    """The input rows and columns one neuron of any layer depends on, padding included.

    The span comes from the closed form (see the module docstring); the rows and
    columns really read come from following every layer's windows
    (`convmap.geometry.input_window`) back to the input. The channel does
    not matter: a convolution mixes all channels, and every neuron of a
    position shares the same region.

    Args:
        layers: A list of `convmap.layers` descriptions.
        input_shape: ``(height, width, channels)`` of one input image.
        layer_index: The layer (0-based; negative counts from the end).
        row: The neuron's output row; for Flatten and Dense the unit index.
        col: The neuron's output column; must be 0 for Flatten and Dense.

    Returns:
        An `InputRegion`.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If the stack cannot work (see `trace`) or the
            neuron is not in the layer's output.

    Examples:
        The Q&A's network: the last pooling layer's neuron (0, 1) spans 43 x 43
        input pixels starting one row into the padding, and runs past the
        right edge of the 64-pixel image:

        >>> from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
        >>> qa = [Conv2D(8, 4, padding="same"), ReLU(), MaxPool2D(8, padding="same"),
        ...       Conv2D(16, 2, padding="same"), ReLU(), MaxPool2D(4, padding="same")]
        >>> r = input_region(qa, (64, 64, 3), 5, 0, 1)
        >>> r.size, r.rows, r.cols
        ((43, 43), range(-1, 42), range(31, 74))
        >>> r.padded_rows, r.padded_cols
        ((-1,), (64, 65, 66, 67, 68, 69, 70, 71, 72, 73))
        >>> r.cols_read == tuple(range(31, 64))
        True
    """
    records, shape, geoms = _run_trace(layers, input_shape)
    index = _layer_index(records, layer_index)
    rec = records[index]
    image_hw = shape[:2]
    spatial = [i for i in range(index + 1) if len(records[i].output_shape) == 3]
    last = spatial[-1] if spatial else None
    if len(rec.output_shape) == 3:
        r = _position("row", row, rec.output_shape[0], f"{rec.name} has {rec.output_shape[0]} rows")
        c = _position("col", col, rec.output_shape[1], f"{rec.name} has {rec.output_shape[1]} cols")
        wanted = ({r}, {c})
    else:
        units = rec.output_shape[0]
        r = _position("row", row, units, f"the unit index; {rec.name} has {units} units")
        c = _position("col", col, 1, "Flatten and Dense have a single column, 0")
        grid = shape if last is None else records[last].output_shape
        if not any(isinstance(records[i].layer, Dense) for i in range(index + 1)):
            # Flatten in NHWC order: unit -> (row, col, channel) of the last spatial tensor.
            wanted = ({r // (grid[1] * grid[2])}, {(r // grid[2]) % grid[1]})
        else:
            wanted = (set(range(grid[0])), set(range(grid[1])))
    if last is None:
        rf, jump, start = (1, 1), (1, 1), (0, 0)
    else:
        rf, jump, start = records[last].receptive_field, records[last].jump, records[last].start
    spans, padded, read = [], [], []
    for axis in range(2):
        first = start[axis] + min(wanted[axis]) * jump[axis]
        end = start[axis] + max(wanted[axis]) * jump[axis] + rf[axis]
        span = range(first, end)
        spans.append(span)
        padded.append(tuple(p for p in span if not 0 <= p < image_hw[axis]))
        read.append(
            tuple(sorted(wanted[axis]))
            if last is None
            else _read_back(records, geoms, last, axis, set(wanted[axis]))
        )
    return InputRegion(
        layer_index=index,
        name=rec.name,
        neuron=(r, c),
        image_shape=(image_hw[0], image_hw[1]),
        rows=spans[0],
        cols=spans[1],
        padded_rows=padded[0],
        padded_cols=padded[1],
        rows_read=read[0],
        cols_read=read[1],
    )


def init_weights(
    layers: Sequence[Any], input_shape: tuple[int, int, int], seed: int = 0
) -> list[Any]:
    """Seeded weights for every layer: Glorot-uniform kernels, zero biases (Keras' defaults).

    Args:
        layers: A list of `convmap.layers` descriptions.
        input_shape: ``(height, width, channels)`` of one input image.
        seed: Seed for `numpy.random.default_rng`.

    Returns:
        A list with one entry per layer: ``(w, b)`` for Conv2D (``w`` HWIO) and
        Dense (``w`` of shape ``(inputs, units)``), with ``b`` ``None`` when the
        layer has no bias; ``None`` for layers without parameters. float32.

    Raises:
        TypeError: If ``layers`` is not a list of layer descriptions.
        ValueError: If the stack cannot work (see `trace`).

    Examples:
        >>> from convmap.layers import Conv2D, Dense, Flatten
        >>> ws = init_weights([Conv2D(8, 4, bias=False), Flatten(), Dense(6)], (8, 8, 3))
        >>> ws[0][0].shape, ws[0][1], ws[1], ws[2][0].shape, ws[2][1].shape
        ((4, 4, 3, 8), None, None, (200, 6), (6,))
    """
    import numpy as np

    records = trace(layers, input_shape)
    rng = np.random.default_rng(seed)
    out: list[Any] = []
    for rec in records:
        layer = rec.layer
        if isinstance(layer, Conv2D):
            kh, kw = layer.kernel
            shape = (kh, kw, rec.input_shape[2], layer.filters)
            fan_in, fan_out = kh * kw * shape[2], kh * kw * shape[3]
        elif isinstance(layer, Dense):
            shape = (rec.input_shape[0], layer.units)
            fan_in, fan_out = shape
        else:
            out.append(None)
            continue
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        w = rng.uniform(-limit, limit, shape).astype(np.float32)
        b = np.zeros(shape[-1], np.float32) if layer.bias else None
        out.append((w, b))
    return out


def _check_weights(records: list[LayerTrace], weights: Any) -> list[Any]:
    import numpy as np

    if not isinstance(weights, (list, tuple)) or len(weights) != len(records):
        got = len(weights) if isinstance(weights, (list, tuple)) else type(weights).__name__
        raise ValueError(
            f"weights must be a list with one entry per layer ({len(records)}): (w, b) or w "
            f"for Conv2D and Dense, None for the others; got {got}"
        )
    checked: list[Any] = []
    for rec, entry in zip(records, weights, strict=True):
        layer = rec.layer
        label = _label(rec.index, rec.name, layer)
        if not isinstance(layer, (Conv2D, Dense)):
            if entry is not None:
                raise ValueError(f"{label} has no parameters; its weights entry must be None")
            checked.append(None)
            continue
        w, b = entry if isinstance(entry, tuple) else (entry, None)
        w = np.asarray(w)
        if isinstance(layer, Conv2D):
            expected = (*layer.kernel, rec.input_shape[2], layer.filters)
            what = (
                f"expected HWIO {expected}: kernel {layer.kernel}, "
                f"{rec.input_shape[2]} input channels (input shape {rec.input_shape}), "
                f"{layer.filters} filters"
            )
        else:
            expected = (rec.input_shape[0], layer.units)
            what = f"expected (inputs, units) = {expected} for the input shape {rec.input_shape}"
        if w.shape != expected:
            raise ValueError(f"{label} weights have shape {w.shape}; {what}")
        if layer.bias:
            if b is None:
                raise ValueError(
                    f"{label} has bias=True: give (w, b) with b of shape ({expected[-1]},)"
                )
            b = np.asarray(b)
            if b.shape != (expected[-1],):
                raise ValueError(f"{label} bias has shape {b.shape}; expected ({expected[-1]},)")
        elif b is not None:
            raise ValueError(f"{label} has bias=False, but a bias was given")
        checked.append((w, b))
    return checked


def forward(
    layers: Sequence[Any],
    x: Any,
    weights: Sequence[Any] | None = None,
    seed: int = 0,
    *,
    return_intermediates: bool = False,
) -> Any:
    """Run a stack on a batch of NHWC images with `convmap.conv2d` and the pools.

    Args:
        layers: A list of `convmap.layers` descriptions.
        x: Input, shape ``(batch, height, width, channels)``.
        weights: One entry per layer, as `init_weights` returns: ``(w, b)``
            or ``w`` for Conv2D (HWIO) and Dense (``(inputs, units)``), ``None``
            for the others. ``None`` means ``init_weights(layers, x.shape[1:], seed)``.
        seed: Seed for the generated weights.
        return_intermediates: Also return every layer's output.

    Returns:
        The last layer's output, or ``(output, [each layer's output])``.

    Raises:
        TypeError: If ``x`` is not a real-valued array or ``layers`` is not a
            list of layer descriptions.
        ValueError: If the stack cannot work on ``x``'s shape (see `trace`)
            or a weight's shape does not chain with its layer's input (the
            message names the layer and the shapes).

    Examples:
        >>> from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
        >>> qa = [Conv2D(8, 4, padding="same", bias=False), ReLU(),
        ...       MaxPool2D(8, padding="same"), Conv2D(16, 2, padding="same", bias=False),
        ...       ReLU(), MaxPool2D(4, padding="same"), Flatten(), Dense(6)]
        >>> x = np.random.default_rng(1).random((1, 64, 64, 3), np.float32)
        >>> out, steps = forward(qa, x, return_intermediates=True)
        >>> out.shape, [s.shape[1:] for s in steps[4:]]
        ((1, 6), [(8, 8, 16), (2, 2, 16), (64,), (6,)])
    """
    import numpy as np

    from convmap._arrays import as_nhwc
    from convmap.conv import conv2d
    from convmap.pool import avg_pool2d, max_pool2d

    x = as_nhwc("x", x)
    records = trace(layers, tuple(int(v) for v in x.shape[1:]))
    weights = init_weights(layers, x.shape[1:], seed) if weights is None else weights
    weights = _check_weights(records, weights)
    steps = []
    for rec, entry in zip(records, weights, strict=True):
        layer = rec.layer
        if isinstance(layer, Conv2D):
            w, b = entry
            x = conv2d(x, w, b, stride=layer.stride, padding=layer.padding,
                       dilation=layer.dilation)  # fmt: skip
        elif isinstance(layer, AvgPool2D):
            x = avg_pool2d(x, layer.size, stride=layer.stride, padding=layer.padding)
        elif isinstance(layer, MaxPool2D):
            x = max_pool2d(x, layer.size, stride=layer.stride, padding=layer.padding)
        elif isinstance(layer, ReLU):
            x = np.maximum(x, 0)
        elif isinstance(layer, Flatten):
            x = x.reshape(x.shape[0], -1)
        else:
            w, b = entry
            x = x @ w if b is None else x @ w + b
        steps.append(x)
    return (x, steps) if return_intermediates else x
