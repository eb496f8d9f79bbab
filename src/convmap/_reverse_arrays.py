"""Array checks for the transposed convolution and the backward pass.

Every array must be real (integer or float; never bool, complex, str or
object), of the documented rank, without empty spatial or channel axes, and
finite: a NaN or an infinity is refused with its position, because a
gradient or a painted image full of NaN teaches nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NHWC = "(batch, height, width, channels)"


def real_array(name: str, value: Any, layout: str) -> np.ndarray:
    """Return ``value`` as a finite real 4-D array, naming ``layout`` in errors."""
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers (integer or float), got dtype {array.dtype}"
        )
    if array.ndim != 4:
        hint = f"; add a batch axis with {name}[None] for one image" if array.ndim == 3 else ""
        raise ValueError(
            f"{name} must be 4-D {layout}, got shape {array.shape} with {array.ndim} "
            f"dimensions{hint}"
        )
    if 0 in array.shape[1:]:
        raise ValueError(f"{name} must have every axis but the batch >= 1, got {array.shape}")
    return finite(name, array)


def finite(name: str, array: np.ndarray) -> np.ndarray:
    """Refuse NaN and infinity, naming how many there are and where the first is."""
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))
        first = tuple(int(i) for i in bad[0])
        raise ValueError(
            f"{name} must be finite, got {len(bad)} NaN or infinite values "
            f"(the first, {array[first]}, at index {first})"
        )
    return array


def bias_vector(b: Any, channels: int) -> np.ndarray:
    """A bias of shape ``(channels,)``, real and finite; nothing is broadcast."""
    b = np.asarray(b)
    if b.dtype.kind not in "iuf":
        raise TypeError(f"b must hold real numbers (integer or float), got dtype {b.dtype}")
    if b.shape != (channels,):
        raise ValueError(
            f"b must have shape ({channels},), one value per output channel, got shape {b.shape}"
        )
    return finite("b", b)


def same_channels(x: np.ndarray, w: np.ndarray, axis: int, w_layout: str) -> None:
    """Refuse ``w`` whose ``axis`` does not match ``x``'s channels."""
    if w.shape[axis] != x.shape[3]:
        raise ValueError(
            f"channel mismatch: x has {x.shape[3]} channels (shape {x.shape}) but w "
            f"{w_layout} has {w.shape[axis]} on that axis (shape {w.shape}); w.shape[{axis}] "
            f"must equal x.shape[3]"
        )


def result_dtype(*arrays: np.ndarray | None) -> np.dtype:
    """Floating result type: float32 stays float32, integers give float64."""
    return np.result_type(*(a.dtype for a in arrays if a is not None), np.float32)
