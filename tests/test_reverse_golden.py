"""convmap's transposed convolution and backward pass against TensorFlow and PyTorch.

``tests/golden/make_reverse_golden.py`` ran ``tf.nn.conv2d_transpose``,
``F.conv_transpose2d``, ``tf.GradientTape`` and PyTorch's autograd and stored
inputs, settings and results; these tests replay every case through convmap
with no framework installed. A case the framework refused must make convmap
raise ``ValueError``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from convmap import layer_geometry
from convmap.backward import conv2d_backward, conv2d_backward_loops
from convmap.conv import conv2d
from convmap.transpose import conv2d_transpose, conv2d_transpose_loops
from convmap.transpose_geometry import (
    tf_transpose_output_sizes,
    torch_transpose_output_size,
    transpose_axis,
    transpose_output_size,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
RTOL, ATOL = 1e-5, 1e-4  # the JSON keeps 6 significant digits
FILES = {
    "tf_conv2d_transpose.json": ("tensorflow", "conv2d_transpose"),
    "torch_conv_transpose2d.json": ("pytorch", "conv2d_transpose"),
    "tf_conv2d_backward.json": ("tensorflow", "conv2d_backward"),
    "torch_conv2d_backward.json": ("pytorch", "conv2d_backward"),
    "tf_transpose_sizes.json": ("tensorflow", "transpose_sizes"),
    "torch_transpose_sizes.json": ("pytorch", "transpose_sizes"),
}


def _file(name: str) -> dict[str, Any]:
    return json.loads((GOLDEN / name).read_text())


def _cases(*names: str) -> list[Any]:
    return [pytest.param(c, id=c["id"]) for name in names for c in _file(name)["cases"]]


def _by_id(name: str) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in _file(name)["cases"]}


def _tuples(v: Any) -> Any:
    return tuple(_tuples(e) for e in v) if isinstance(v, list) else v


def _f(v: Any) -> np.ndarray | None:
    return None if v is None else np.asarray(v, np.float32)


def _transpose_args(case: dict[str, Any]) -> dict[str, Any]:
    return {key: _tuples(value) for key, value in case["convmap"].items()}


# ---------------------------------------------------------------- the files


def test_files_have_headers_and_enough_cases() -> None:
    for name, (framework, kind) in FILES.items():
        data = _file(name)
        head = data["header"]
        assert (head["framework"], head["kind"]) == (framework, kind)
        assert head["framework_version"] and head["numpy_version"] and head["date_utc"]
        assert head["generator"] == "tests/golden/make_reverse_golden.py"
        assert head["cases"] == len(data["cases"])
    tconv = [
        c
        for n in ("tf_conv2d_transpose.json", "torch_conv_transpose2d.json")
        for c in _file(n)["cases"]
    ]
    ok = [c for c in tconv if c["outcome"] == "ok"]
    assert len(ok) >= 80 and sum(c["outcome"] == "error" for c in tconv) >= 20
    assert {s for c in ok for s in c["convmap"]["stride"]} >= {1, 2, 3}
    assert any(c["convmap"]["dilation"] != [1, 1] for c in ok)
    assert any(c["convmap"].get("output_padding", [0, 0]) != [0, 0] for c in ok)
    assert {len(c["w"]) % 2 for c in ok} == {0, 1}  # odd and even kernels
    assert any(len(c["w"]) != len(c["w"][0]) for c in ok)  # non-square
    assert any(c["b"] is not None for c in ok)


# ---------------------------------------------------------------- transposed convolution


@pytest.mark.parametrize("case", _cases("tf_conv2d_transpose.json", "torch_conv_transpose2d.json"))
def test_conv2d_transpose_matches_framework(case: dict[str, Any]) -> None:
    x, w, b = _f(case["x"]), _f(case["w"]), _f(case["b"])
    args = _transpose_args(case)
    if case["outcome"] in ("error", "empty"):
        with pytest.raises(ValueError):
            conv2d_transpose(x, w, b, **args)
        with pytest.raises(ValueError):
            conv2d_transpose_loops(x, w, b, **args)
        return
    expected = _f(case["y"])
    fast = conv2d_transpose(x, w, b, **args)
    assert fast.dtype == np.float32 and fast.shape == expected.shape, case["call"]
    np.testing.assert_allclose(fast, expected, rtol=RTOL, atol=ATOL, err_msg=case["call"])
    loops = conv2d_transpose_loops(x, w, b, **args)
    np.testing.assert_allclose(loops, expected, rtol=RTOL, atol=ATOL, err_msg=case["call"])


def test_output_padding_at_most_dilation_minus_1_as_pytorch() -> None:
    """PyTorch accepts output_padding >= stride when it is < dilation; so does convmap."""
    case = _by_id("torch_conv_transpose2d.json")["torch-tconv-2x2-s1-d2-op1"]
    assert case["outcome"] == "ok" and case["convmap"]["stride"] == [1, 1]
    refused = _by_id("torch_conv_transpose2d.json")["torch-tconv-op-1-stride-1"]
    assert "output padding must be smaller than either stride or dilation" in refused["error"]


# ---------------------------------------------------------------- TF vs PyTorch, same data


def test_frameworks_agree_where_the_crop_is_the_same() -> None:
    tf_cases = _by_id("tf_conv2d_transpose.json")
    th_cases = _by_id("torch_conv_transpose2d.json")
    pairs = [
        ("tf-tconv-same-4x4-s2", "torch-tconv-pair-same-4x4-s2"),
        ("tf-tconv-valid-3x3-s2-plus1", "torch-tconv-pair-valid-3x3-s2-op1"),
    ]
    for tf_id, th_id in pairs:
        assert th_cases[th_id]["data_from"] == tf_id
        assert th_cases[th_id]["w"] == tf_cases[tf_id]["w"]  # same layout in the JSON
        np.testing.assert_allclose(_f(th_cases[th_id]["y"]), _f(tf_cases[tf_id]["y"]), atol=ATOL)


def test_tf_same_with_odd_kernel_is_not_a_pytorch_padding() -> None:
    """3x3, stride 2, 3 -> 6: TF SAME crops (0, 1); PyTorch can only crop p from both ends."""
    tf_y = _f(_by_id("tf_conv2d_transpose.json")["tf-tconv-same-3x3-s2"]["y"])
    th = _by_id("torch_conv_transpose2d.json")
    p0 = _f(th["torch-tconv-pair-same-3x3-s2-p0"]["y"])  # full output, 7 x 7
    p1 = _f(th["torch-tconv-pair-same-3x3-s2-p1-op1"]["y"])  # 6 x 6, shifted by one
    assert tf_y.shape[1:3] == p1.shape[1:3] == (6, 6) and p0.shape[1:3] == (7, 7)
    np.testing.assert_allclose(tf_y, p0[:, :6, :6], atol=ATOL)
    np.testing.assert_allclose(tf_y[:, 1:, 1:], p1[:, :5, :5], atol=ATOL)
    assert np.abs(tf_y - p1).max() > 0.1
    g = transpose_axis(3, 3, 2, "same")
    assert (g.padding, g.crop, g.output) == ((0, 1), (0, 1), 6)


# ---------------------------------------------------------------- backward pass


@pytest.mark.parametrize("case", _cases("tf_conv2d_backward.json", "torch_conv2d_backward.json"))
def test_conv2d_backward_matches_framework(case: dict[str, Any]) -> None:
    x, w, b = _f(case["x"]), _f(case["w"]), _f(case["b"])
    args = {key: _tuples(value) for key, value in case["convmap"].items()}
    if case["outcome"] == "error":
        with pytest.raises(ValueError):
            conv2d(x, w, b, **args)
        with pytest.raises(ValueError):
            conv2d_backward(x, w, np.zeros((1, 1, 1, w.shape[3]), np.float32), **args)
        return
    g = _f(case["g"])
    np.testing.assert_allclose(conv2d(x, w, b, **args), _f(case["y"]), rtol=RTOL, atol=ATOL)
    for backward in (conv2d_backward, conv2d_backward_loops):
        grads = backward(x, w, g, **args)
        for name in ("dx", "dw", "db"):
            np.testing.assert_allclose(
                getattr(grads, name), _f(case[name]), rtol=RTOL, atol=ATOL, err_msg=name
            )


@pytest.mark.parametrize("case", _cases("tf_conv2d_backward.json", "torch_conv2d_backward.json"))
def test_transpose_is_the_input_gradient(case: dict[str, Any]) -> None:
    """The frameworks' own transposed convolution of g equals their dx, and so does convmap's."""
    if case["outcome"] == "error":
        return
    if "transpose_minus_dx" in case:
        assert case["transpose_minus_dx"] < 1e-5, case["transpose_call"]
    x, w, g = _f(case["x"]), _f(case["w"]), _f(case["g"])
    args = {key: _tuples(value) for key, value in case["convmap"].items()}
    geo = layer_geometry(
        x.shape[1:3], w.shape[:2], args["stride"], args["padding"], args["dilation"]
    )
    dx = conv2d_transpose(
        g, w, stride=geo.stride, padding=geo.padding, dilation=geo.dilation, output_shape=x.shape
    )
    np.testing.assert_allclose(dx, _f(case["dx"]), rtol=RTOL, atol=ATOL)


# ---------------------------------------------------------------- one-axis sizes


def _coverage(axis: Any) -> list[int]:
    """How many patches cover each output position, from the geometry alone."""
    return [len(axis.painters(o)) for o in range(axis.output)]


@pytest.mark.parametrize("case", _cases("tf_transpose_sizes.json"))
def test_tf_accepted_output_lengths(case: dict[str, Any]) -> None:
    m, k, s, d, padding = case["m"], case["k"], case["s"], case["d"], case["padding"]
    assert case["accepted"], "TensorFlow accepts at least one length"
    assert tf_transpose_output_sizes(m, k, s, padding, d) == case["accepted"]
    for n in range(1, m * s + d * (k - 1) + 3):
        if n in case["accepted"]:
            axis = transpose_axis(m, k, s, padding, 0, d, output_length=n)
            assert axis.output == n
            assert _coverage(axis) == case["coverage"][str(n)]
            ones = conv2d_transpose(
                np.ones((1, 1, m, 1)),
                np.ones((1, k, 1, 1)),
                stride=(1, s),
                padding=padding,
                dilation=(1, d),
                output_shape=(1, n),
            )
            assert ones[0, 0, :, 0].tolist() == case["coverage"][str(n)]
        else:
            with pytest.raises(ValueError):
                transpose_axis(m, k, s, padding, 0, d, output_length=n)


@pytest.mark.parametrize("case", _cases("torch_transpose_sizes.json"))
def test_torch_output_length(case: dict[str, Any]) -> None:
    m, k, s, d, p, op = (case[key] for key in ("m", "k", "s", "d", "p", "op"))
    if case["outcome"] in ("error", "empty"):
        with pytest.raises(ValueError):
            torch_transpose_output_size(m, k, s, p, op, d)
        with pytest.raises(ValueError):
            transpose_output_size(m, k, s, p, op, d)
        return
    assert torch_transpose_output_size(m, k, s, p, op, d) == case["out"]
    assert transpose_output_size(m, k, s, p, op, d) == case["out"]
    assert _coverage(transpose_axis(m, k, s, p, op, d)) == case["coverage"]


def test_size_probes_include_refusals_of_each_kind() -> None:
    errors = [c["error"] for c in _file("torch_transpose_sizes.json")["cases"] if "error" in c]
    assert sum("output padding must be smaller" in e for e in errors) >= 50
    assert sum("Calculated output size per channel" in e for e in errors) >= 20
    tconv = _file("torch_conv_transpose2d.json")["cases"]
    empty = [c for c in tconv if c["outcome"] == "empty"]
    assert empty and all(0 in c["y_shape"] for c in empty)  # PyTorch returned 0 silently
