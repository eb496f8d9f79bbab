"""Checks for the arrays that convolution and pooling take."""

from __future__ import annotations

from typing import Any

import numpy as np

NHWC = "(batch, height, width, channels)"


def as_nhwc(name: str, value: Any, layout: str = NHWC) -> np.ndarray:
    """Return ``value`` as a 4-D real NumPy array (batch, height, width, channels).

    ``layout`` names the four axes in the error messages (weights pass their
    own layout). NaN and infinity pass: like the frameworks, every operation
    lets them reach exactly the outputs that read them.
    """
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers (integer or float), got dtype {array.dtype}"
        )
    if array.ndim != 4:
        hint = (
            {
                2: f"; for one single-channel image use {name}[None, :, :, None]",
                3: f"; add a batch axis with {name}[None] for a single image",
            }.get(array.ndim, "")
            if layout.startswith("(batch")
            else ""
        )
        raise ValueError(
            f"{name} must be 4-D {layout}, got shape "
            f"{array.shape} with {array.ndim} dimensions{hint}"
        )
    if 0 in array.shape[1:]:
        what = "height, width and channels" if layout.startswith("(batch") else "every axis"
        raise ValueError(f"{name} must have {what} >= 1, got shape {array.shape}")
    return array


def as_bias(b: Any, channels: int, qa_layout: bool = False) -> np.ndarray:
    """A real bias of shape ``(channels,)``; nothing is broadcast.

    With ``qa_layout``, the Q&A's ``(1, 1, 1, channels)`` is accepted too.
    """
    b = np.asarray(b)
    if b.dtype.kind not in "iuf":
        raise TypeError(f"b must hold real numbers (integer or float), got dtype {b.dtype}")
    if qa_layout and b.shape == (1, 1, 1, channels):  # the Q&A's / Coursera's layout
        b = b.reshape(channels)
    if b.shape != (channels,):
        also = f" (or the Q&A's (1, 1, 1, {channels}))" if qa_layout else ""
        raise ValueError(
            f"b must have shape ({channels},), one value per filter of w (output "
            f"channel){also}, got shape {b.shape}"
        )
    return b


def same_channels(x: np.ndarray, w: np.ndarray, axis: int, w_layout: str) -> None:
    """Refuse ``w`` whose ``axis`` does not match ``x``'s channels."""
    if w.shape[axis] != x.shape[3]:
        raise ValueError(
            f"channel mismatch: x has {x.shape[3]} channels (shape {x.shape}) but w "
            f"{w_layout} has {w.shape[axis]} on that axis (shape {w.shape}); w.shape[{axis}] "
            f"must equal x.shape[3]"
        )


_FLOAT32 = np.dtype(np.float32)


def result_dtype(*arrays: np.ndarray | None) -> np.dtype:
    """Floating result type: float32 stays float32, integers give float64."""
    dtypes = [a.dtype for a in arrays if a is not None]
    if all(d is _FLOAT32 or d == _FLOAT32 for d in dtypes):
        return _FLOAT32  # the common case, without result_type's cost
    return np.result_type(*dtypes, np.float32)


def conv_operands(
    x: Any, w: Any, b: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.dtype]:
    """Check a convolution's input, weights and bias; return them and the result dtype.

    A bias of shape ``(1, 1, 1, out)``, as in the Q&A's ``conv_forward``, is
    accepted as ``(out,)``; any other shape is refused, never broadcast.
    The result is floating point: ``np.result_type(x, w, b, float32)``, so
    float32 stays float32 and integers give float64.
    """
    x = as_nhwc("x", x)
    w = np.asarray(w)
    if w.dtype.kind not in "iuf":
        raise TypeError(f"w must hold real numbers (integer or float), got dtype {w.dtype}")
    if w.ndim != 4:
        hint = "; for one single-channel filter use w[:, :, None, None]" if w.ndim == 2 else ""
        raise ValueError(
            f"w must be 4-D (kernel height, kernel width, in channels, out channels) "
            f"as in TensorFlow's HWIO, got shape {w.shape} with {w.ndim} dimensions{hint}"
        )
    if 0 in w.shape:
        raise ValueError(f"w must have every dimension >= 1, got shape {w.shape}")
    if w.shape[2] != x.shape[3]:
        raise ValueError(
            f"channel mismatch: x has {x.shape[3]} channels (shape {x.shape}) but w "
            f"expects {w.shape[2]} in channels (shape {w.shape}); w.shape[2] must equal "
            f"x.shape[3]"
        )
    if b is not None:
        b = as_bias(b, w.shape[3], qa_layout=True)
    return x, w, b, result_dtype(x, w, b)


def _real_array(label: str, what: str, value: Any) -> np.ndarray:
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{label} {what} is not an array of numbers ({err})") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{label} {what} must hold real numbers (integer or float), got dtype {array.dtype}"
        )
    return array


def _split_entry(entry: Any, w_shape: tuple[int, ...]) -> tuple[Any, Any]:
    """``(w, b)`` from ``w``, ``(w,)``, ``(w, b)`` or ``[w, b]`` (``b`` may be None)."""
    if isinstance(entry, (tuple, list)):
        try:
            whole = np.asarray(entry)
        except (ValueError, TypeError):
            whole = None  # ragged: a (w, b) pair
        if whole is not None and whole.shape == w_shape and whole.dtype != object:
            return entry, None  # nested lists holding w itself
        if len(entry) == 1:
            return entry[0], None
        if len(entry) == 2:
            return entry[0], entry[1]
        raise ValueError(f"has {len(entry)} entries")
    return entry, None


def layer_weights(
    entry: Any, shapes: tuple[tuple[int, ...], ...], label: str, hint: str
) -> tuple[np.ndarray, ...]:
    """Check one layer's weights entry against the shapes the layer expects.

    ``shapes`` is ``()`` (no parameters: the entry must be ``None``), ``(w,)``
    (no bias) or ``(w, b)``. The entry may be ``w``, ``(w,)``, ``(w, b)`` or
    ``[w, b]``, each array a NumPy array or nested lists of real numbers.
    Every message names the layer (``label``).
    """
    if not shapes:
        if entry is not None:
            raise ValueError(
                f"{label} has no parameters; its weights entry must be None, got "
                f"{type(entry).__name__}"
            )
        return ()
    if entry is None:
        raise ValueError(
            f"{label} has parameters; its weights entry must be w or (w, b) with w of shape "
            f"{shapes[0]}, got None"
        )
    try:
        w, b = _split_entry(entry, shapes[0])
    except ValueError as err:
        raise ValueError(
            f"{label} weights entry must be w, (w,) or (w, b); the sequence given {err}"
        ) from None
    w = _real_array(label, "weights", w)
    if w.shape != shapes[0]:
        raise ValueError(f"{label} weights have shape {w.shape}; expected {hint}")
    if len(shapes) == 1:
        if b is not None:
            raise ValueError(f"{label} has bias=False, but a bias was given")
        return (w,)
    if b is None:
        raise ValueError(f"{label} has bias=True: give (w, b) with b of shape {shapes[1]}")
    b = _real_array(label, "bias", b)
    if b.shape != shapes[1]:
        raise ValueError(f"{label} bias has shape {b.shape}; expected {shapes[1]}")
    return (w, b)
