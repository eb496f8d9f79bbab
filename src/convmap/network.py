"""A whole stack of layers: shapes, parameters, receptive fields, input regions, forward pass.

Three questions about a stack (a list of `convmap.layers.Layer` objects)
and an input shape ``(H, W, C)``:

* `trace`: for every layer, its output shape, neurons, parameters (with
  and without bias), padding per side, the receptive field of one neuron
  (a span in input coordinates, padding included) and how many real image
  pixels its neurons read;
* `input_region`: exactly which input rows and columns one neuron of any
  layer depends on, and which of them lie in the padding;
* `forward`: the stack run in NumPy on given or seeded weights.

Each function loops over the layers and asks them (see `convmap.layers.Layer`);
none asks which kind a layer is. The span follows the closed forms of Araujo,
Norris and Sim, "Computing Receptive Fields of Convolutional Neural Networks"
(Distill, 2019), one axis at a time, from ``r = 1``, ``jump = 1``,
``start = 0`` at the input:

    r     = r_prev + (k - 1) * d * jump_prev
    jump  = jump_prev * s
    start = start_prev - pad_before * jump_prev

so neuron ``i`` of a layer covers input positions ``start + i * jump`` to
``start + i * jump + r - 1``. The pixels read come from following each
layer's windows back to the image (`convmap.layers.Layer.back`), padding
dropped at every layer. `trace`, `input_region` and the layers are pure
Python; `forward` and `init_weights` import NumPy when called.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from convmap._checks import as_bool, as_seed
from convmap.layers import Field, Layer, Region

__all__ = ["InputRegion", "LayerTrace", "forward", "init_weights", "input_region", "trace"]


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
        receptive_field: For a spatial layer, the same as ``span``. For a
            flat layer (Flatten, Dense): the extent, first to last, of the
            image rows and columns that some neuron of the layer reads (the
            whole image unless a stride or padding leaves an edge unread).
        jump: ``(rows, cols)`` distance in input pixels between neighbouring
            neurons' regions (product of strides); ``None`` for flat layers.
        start: ``(row, col)`` where neuron ``(0, 0)``'s region starts, relative
            to input pixel 0 (negative: in the padding); ``None`` for flat layers.
        span: ``(rows, cols)`` of the receptive field of one neuron in input
            coordinates, padding included (the Q&A's P2: ``(43, 43)``); equal
            to `InputRegion.size` for every neuron. A Flatten unit has the span
            of the position it copies; a Dense unit, the span of all of them.
            ``None`` (and ``jump``/``start`` too) for a `Conv2DTranspose` and
            every layer after it: its neurons sit a fraction of a pixel apart
            and read windows of different sizes, so no closed form holds; its
            ``receptive_field`` is then the extent of the pixels read, as for
            flat layers, and ``read_*`` stay exact.
        read_min: ``(rows, cols)``: the fewest image rows and the fewest image
            columns one neuron reads (padding dropped at every layer).
        read_max: ``(rows, cols)``: the most rows and columns one neuron reads.
            The Q&A's P2: ``read_min == (33, 33)``, ``read_max == (42, 42)``.
        read_counts: For a spatial layer, ``(per_row, per_col)``: for each
            output row, how many image rows its neurons read, and for each
            output column, how many image columns; neuron ``(i, j)`` reads
            ``per_row[i] * per_col[j]`` pixels per channel (P2:
            ``((42, 33), (42, 33))``); a neuron whose product is 0 reads no
            pixel, and then no row and no column. ``None`` for flat layers.
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
    span: tuple[int, int] | None
    read_min: tuple[int, int]
    read_max: tuple[int, int]
    read_counts: tuple[tuple[int, ...], tuple[int, ...]] | None


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


def _check_layers(layers: Any) -> list[Layer]:
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise TypeError(
            f"layers must be a list of convmap.layers descriptions (Conv2D, MaxPool2D, "
            f"AvgPool2D, ReLU, Flatten, Dense), got {type(layers).__name__}"
        )
    layers = list(layers)
    if not layers:
        raise ValueError("layers must hold at least one layer, got an empty list")
    for i, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise TypeError(
                f"layers[{i}] must be a Conv2D, MaxPool2D, AvgPool2D, ReLU, Flatten or "
                f"Dense from convmap.layers (any convmap.layers.Layer), got {layer!r}"
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


def _names(layers: list[Layer]) -> list[str]:
    counts: dict[str, int] = {}
    names = []
    for layer in layers:
        kind = layer.kind
        counts[kind] = counts.get(kind, 0) + 1
        names.append(layer.name if layer.name is not None else f"{kind}{counts[kind]}")
    return names


def _label(index: int, name: str, layer: Layer) -> str:
    return f"layer {index} '{name}' ({type(layer).__name__})"


# Per axis, the image positions each position of the last spatial tensor reads,
# as bit masks (bit p set: image position p is read).
Reads = tuple[tuple[int, ...], tuple[int, ...]]


def _reads_through(layer: Layer, in_shape: tuple[int, ...], out_shape, reads: Reads) -> Reads:
    """Image positions read by each output row and column of a spatial layer."""
    per_axis = []
    for axis in range(2):
        masks = []
        for i in range(out_shape[axis]):
            probe = (
                Region(rows=frozenset({i}), cols=frozenset())
                if axis == 0
                else Region(rows=frozenset(), cols=frozenset({i}))
            )
            back = layer.back(probe, in_shape)
            mask = 0
            for p in back.rows if axis == 0 else back.cols:  # type: ignore[union-attr]
                mask |= reads[axis][p]
            masks.append(mask)
        per_axis.append(tuple(masks))
    return (per_axis[0], per_axis[1])


def _extent(mask: int) -> int:
    """Positions from the first to the last bit set (0 for none)."""
    if not mask:
        return 0
    return mask.bit_length() - ((mask & -mask).bit_length() - 1)


def _neuron_counts(per_row: tuple[int, ...], per_col: tuple[int, ...]) -> list[tuple[int, int]]:
    """Distinct ``(rows, cols)`` counts over neurons; a neuron reading no pixel reads ``(0, 0)``."""
    rows, cols = set(per_row), set(per_col)
    pairs = [(r, c) for r in rows - {0} for c in cols - {0}]
    if 0 in rows or 0 in cols:
        pairs.append((0, 0))
    return pairs


def _read_stats(field: Field, reads: Reads) -> dict[str, Any]:
    """``read_min``, ``read_max``, ``read_counts`` and the flat extent from the reads."""
    unions = [0, 0]
    for axis in range(2):
        for mask in reads[axis]:
            unions[axis] |= mask
    if not (unions[0] and unions[1]):
        unions = [0, 0]
    if field.flat == "all":
        counts = ((unions[0].bit_count(),), (unions[1].bit_count(),))
    else:
        counts = tuple(tuple(m.bit_count() for m in reads[axis]) for axis in range(2))
    pairs = _neuron_counts(counts[0], counts[1])
    return {
        "read_min": (min(p[0] for p in pairs), min(p[1] for p in pairs)),
        "read_max": (max(p[0] for p in pairs), max(p[1] for p in pairs)),
        "read_counts": None if field.flat else counts,
        "extent": (_extent(unions[0]), _extent(unions[1])),
    }


def _record(index, name, layer, shape, out_shape, field, reads) -> LayerTrace:
    geom = layer.geometry(shape)
    spatial = len(out_shape) == 3
    stats = _read_stats(field, reads)
    padding = geom.padding if geom is not None else ((0, 0), (0, 0)) if spatial else None
    size = 1
    for v in out_shape:
        size *= v
    return LayerTrace(
        index=index,
        name=name,
        layer=layer,
        input_shape=shape,
        output_shape=out_shape,
        neurons=size,
        params=layer.params(shape),
        params_no_bias=layer.params_no_bias(shape),
        padding=padding,
        receptive_field=field.span if spatial and field.regular else stats["extent"],
        jump=field.jump if spatial and field.regular else None,
        start=field.start if spatial and field.regular else None,
        span=field.neuron_span(),
        read_min=stats["read_min"],
        read_max=stats["read_max"],
        read_counts=stats["read_counts"],
    )


def _run_trace(layers: Any, input_shape: Any) -> tuple[list[LayerTrace], list[Field]]:
    """Trace the stack; also return the `Field` after each layer (for `input_region`)."""
    layers = _check_layers(layers)
    shape: tuple[int, ...] = _check_shape(input_shape)
    field = Field.image(shape[0], shape[1])
    reads: Reads = (tuple(1 << p for p in range(shape[0])), tuple(1 << p for p in range(shape[1])))
    records: list[LayerTrace] = []
    fields: list[Field] = []
    previous = "the input"
    for index, (layer, name) in enumerate(zip(layers, _names(layers), strict=True)):
        out_shape = layer.output_shape(shape, label=_label(index, name, layer), source=previous)
        field = layer.field(field, shape)
        if len(out_shape) == 3:
            reads = _reads_through(layer, shape, out_shape, reads)
        records.append(_record(index, name, layer, shape, out_shape, field, reads))
        fields.append(field)
        shape = out_shape
        previous = f"layer {index} '{name}'"
    return records, fields


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
            padding of the window size or more (TensorFlow's rule), Dense on an
            unflattened input, or a convolution or pooling after Flatten. The
            message names the layer (index, name, type) and the shapes.

    Examples:
        The Q&A's model (its TF1 convolutions have no bias):

        >>> from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
        >>> qa = [Conv2D(8, 4, padding="same", bias=False), ReLU(),
        ...       MaxPool2D(8, padding="same"), Conv2D(16, 2, padding="same", bias=False),
        ...       ReLU(), MaxPool2D(4, padding="same"), Flatten(), Dense(6)]
        >>> for t in trace(qa, (64, 64, 3)):
        ...     print(t.name, t.output_shape, t.params, t.span, t.read_min, t.read_max)
        conv1 (64, 64, 8) 384 (4, 4) (2, 2) (4, 4)
        relu1 (64, 64, 8) 0 (4, 4) (2, 2) (4, 4)
        maxpool1 (8, 8, 8) 0 (11, 11) (9, 9) (11, 11)
        conv2 (8, 8, 16) 512 (19, 19) (9, 9) (19, 19)
        relu2 (8, 8, 16) 0 (19, 19) (9, 9) (19, 19)
        maxpool2 (2, 2, 16) 0 (43, 43) (33, 33) (42, 42)
        flatten1 (64,) 0 (43, 43) (33, 33) (42, 42)
        dense1 (6,) 390 (75, 75) (64, 64) (64, 64)
        >>> p2 = trace(qa, (64, 64, 3))[5]
        >>> p2.receptive_field, p2.jump, p2.start, p2.read_counts
        ((43, 43), (32, 32), (-1, -1), ((42, 33), (42, 33)))
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


def _neuron_region(rec: LayerTrace, row: Any, col: Any) -> tuple[Region, tuple[int, int]]:
    shape = rec.output_shape
    if len(shape) == 3:
        r = _position("row", row, shape[0], f"{rec.name} has {shape[0]} rows")
        c = _position("col", col, shape[1], f"{rec.name} has {shape[1]} cols")
        return Region(rows=frozenset({r}), cols=frozenset({c})), (r, c)
    r = _position("row", row, shape[0], f"the unit index; {rec.name} has {shape[0]} units")
    _position("col", col, 1, f"{rec.name} has a flat output: a single column, 0")
    return Region(units=frozenset({r})), (r, 0)


def _span(field: Field, positions: frozenset[int], axis: int) -> range | None:
    if not field.regular:  # after a transposed convolution: no closed form
        return None
    first = field.start[axis] + min(positions) * field.jump[axis]
    return range(first, field.start[axis] + max(positions) * field.jump[axis] + field.span[axis])


def input_region(
    layers: Sequence[Any],
    input_shape: tuple[int, int, int],
    layer_index: int,
    row: int,
    col: int = 0,
) -> InputRegion:
    """The input rows and columns one neuron of any layer depends on, padding included.

    The neuron's region is mapped back through every layer
    (`convmap.layers.Layer.back`) to the input: that gives the rows and columns
    really read. The span, padding included, comes from the closed form (see
    the module docstring) at the last spatial tensor on the way. The channel
    does not matter: every neuron of a position shares the same region.

    Args:
        layers: A list of `convmap.layers` descriptions.
        input_shape: ``(height, width, channels)`` of one input image.
        layer_index: The layer (0-based; negative counts from the end).
        row: The neuron's output row; for Flatten and Dense the unit index.
        col: The neuron's output column; must be 0 for Flatten and Dense.

    Returns:
        The span, its padded part and the pixels read.

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
    records, fields = _run_trace(layers, input_shape)
    index = _layer_index(records, layer_index)
    rec = records[index]
    region, neuron = _neuron_region(rec, row, col)
    image = Field.image(*records[0].input_shape[:2])
    spans = None
    for i in range(index, -1, -1):
        if spans is None and region.spatial:
            spans = (_span(fields[i], region.rows, 0), _span(fields[i], region.cols, 1))
        region = records[i].layer.back(region, records[i].input_shape)
    if spans is None:  # only flat-to-flat layers down to the image itself
        spans = (_span(image, region.rows, 0), _span(image, region.cols, 1))
    hw = records[0].input_shape[:2]
    if not (region.rows and region.cols):  # only padding read: no pixel, no row, no column
        region = Region(rows=frozenset(), cols=frozenset())
    if spans[0] is None:  # irregular field: the span is the extent of the pixels read
        spans = tuple(
            range(min(p), max(p) + 1) if p else range(0) for p in (region.rows, region.cols)
        )
    return InputRegion(
        layer_index=index,
        name=rec.name,
        neuron=neuron,
        image_shape=(hw[0], hw[1]),
        rows=spans[0],
        cols=spans[1],
        padded_rows=tuple(p for p in spans[0] if not 0 <= p < hw[0]),
        padded_cols=tuple(p for p in spans[1] if not 0 <= p < hw[1]),
        rows_read=tuple(sorted(region.rows)),  # type: ignore[arg-type]
        cols_read=tuple(sorted(region.cols)),  # type: ignore[arg-type]
    )


def init_weights(
    layers: Sequence[Any], input_shape: tuple[int, int, int], seed: int | None = 0
) -> list[Any]:
    """Seeded weights for every layer: Glorot-uniform kernels, zero biases (Keras' defaults).

    Args:
        layers: A list of `convmap.layers` descriptions.
        input_shape: ``(height, width, channels)`` of one input image.
        seed: An integer >= 0 for `numpy.random.default_rng`, or ``None``
            for fresh randomness (different weights on every call).

    Returns:
        One entry per layer: ``(w, b)`` for Conv2D (``w`` HWIO) and
            Dense (``w`` of shape ``(inputs, units)``), with ``b`` ``None``
            when the layer has no bias; ``None`` for layers without
            parameters. float32.

    Raises:
        TypeError: If ``layers`` is not a list of layer descriptions or
            ``seed`` is not an integer or None.
        ValueError: If the stack cannot work (see `trace`) or ``seed`` < 0.

    Examples:
        >>> from convmap.layers import Conv2D, Dense, Flatten
        >>> ws = init_weights([Conv2D(8, 4, bias=False), Flatten(), Dense(6)], (8, 8, 3))
        >>> ws[0][0].shape, ws[0][1], ws[1], ws[2][0].shape, ws[2][1].shape
        ((4, 4, 3, 8), None, None, (200, 6), (6,))
    """
    import numpy as np

    seed = as_seed("seed", seed)
    records = trace(layers, input_shape)
    rng = np.random.default_rng(seed)
    out: list[Any] = []
    for rec in records:
        arrays = rec.layer.init_weights(rec.input_shape, rng)
        out.append(None if arrays is None else (arrays[0], arrays[1] if len(arrays) > 1 else None))
    return out


def _check_weights(records: list[LayerTrace], weights: Any) -> list[tuple[Any, ...]]:
    if not isinstance(weights, (list, tuple)) or len(weights) != len(records):
        got = (
            f"{len(weights)} entries"
            if isinstance(weights, (list, tuple))
            else f"{type(weights).__name__}"
        )
        raise ValueError(
            f"weights must be a list with one entry per layer ({len(records)}): (w, b) or w "
            f"for Conv2D and Dense, None for the others; got {got}"
        )
    return [
        rec.layer.check_weights(entry, rec.input_shape, _label(rec.index, rec.name, rec.layer))
        for rec, entry in zip(records, weights, strict=True)
    ]


def forward(
    layers: Sequence[Any],
    x: Any,
    weights: Sequence[Any] | None = None,
    seed: int | None = 0,
    *,
    return_intermediates: bool = False,
) -> Any:
    """Run a stack on a batch of NHWC images with `convmap.conv2d` and the pools.

    Args:
        layers: A list of `convmap.layers` descriptions.
        x: Input, shape ``(batch, height, width, channels)``; a batch of 0
            gives an empty batch at every layer.
        weights: One entry per layer, as `init_weights` returns: ``(w, b)``,
            ``[w, b]``, ``(w,)`` or ``w`` for Conv2D (HWIO) and Dense
            (``(inputs, units)``), arrays or nested lists of real numbers;
            ``None`` for the others. ``None`` means
            ``init_weights(layers, x.shape[1:], seed)``.
        seed: Seed for the generated weights: an integer >= 0, or ``None`` for
            fresh randomness.
        return_intermediates: Also return every layer's output.

    Returns:
        The last layer's output, or ``(output, [each layer's output])``.

    Raises:
        TypeError: If ``x`` or a weight is not real-valued, or ``layers`` is not
            a list of layer descriptions.
        ValueError: If the stack cannot work on ``x``'s shape (see `trace`)
            or a weight's shape does not chain with its layer's input (the
            message names the layer and the shapes).

    Examples:
        >>> import numpy as np
        >>> from convmap.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
        >>> qa = [Conv2D(8, 4, padding="same", bias=False), ReLU(),
        ...       MaxPool2D(8, padding="same"), Conv2D(16, 2, padding="same", bias=False),
        ...       ReLU(), MaxPool2D(4, padding="same"), Flatten(), Dense(6)]
        >>> x = np.random.default_rng(1).random((1, 64, 64, 3), np.float32)
        >>> out, steps = forward(qa, x, return_intermediates=True)
        >>> out.shape, [s.shape[1:] for s in steps[4:]]
        ((1, 6), [(8, 8, 16), (2, 2, 16), (64,), (6,)])
    """
    from convmap._arrays import as_nhwc

    return_intermediates = as_bool("return_intermediates", return_intermediates)
    seed = as_seed("seed", seed)
    x = as_nhwc("x", x)
    records = trace(layers, tuple(int(v) for v in x.shape[1:]))
    if weights is None:
        weights = init_weights(layers, records[0].input_shape, seed)
    checked = _check_weights(records, weights)
    steps = []
    for rec, entry in zip(records, checked, strict=True):
        x = rec.layer.forward(x, entry)
        steps.append(x)
    return (x, steps) if return_intermediates else x
