"""convmap against golden vectors written by TensorFlow and PyTorch.

``tests/golden/make_golden.py`` ran the frameworks and stored inputs, weights,
settings and outputs in ``tests/golden/*.json``; these tests replay every case
through convmap, with no framework installed. A case the framework refused or
answered with an empty tensor must make convmap raise ``ValueError``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from convmap import (
    avg_pool2d,
    conv2d,
    conv2d_loops,
    input_window,
    max_pool2d,
    output_size,
    padding_amounts,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
RTOL, ATOL = 1e-5, 1e-5
REFUSED = ("error", "empty")


def _load(kind: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(file name, header, case) for every case of one kind, params*.json excluded."""
    found = []
    for path in sorted(GOLDEN.glob("*.json")):
        if path.name.startswith("params"):
            continue
        data = json.loads(path.read_text())
        if data["header"]["kind"] == kind:
            found += [(path.name, data["header"], case) for case in data["cases"]]
    return found


def _params(kind: str) -> list[Any]:
    return [pytest.param(h, c, id=c["id"]) for _, h, c in _load(kind)]


def _padding(p: Any) -> Any:
    """JSON lists back to the tuples convmap documents."""
    if isinstance(p, list):
        return tuple(_padding(v) for v in p)
    return p


def _f32(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def _conv_args(case: dict[str, Any]) -> dict[str, Any]:
    s = case["convmap"]
    return {
        "stride": tuple(s["stride"]),
        "padding": _padding(s["padding"]),
        "dilation": tuple(s["dilation"]),
    }


def _pool_args(case: dict[str, Any]) -> tuple[tuple[int, int], dict[str, Any]]:
    s = case["convmap"]
    return tuple(s["size"]), {"stride": tuple(s["stride"]), "padding": _padding(s["padding"])}


# ---------------------------------------------------------------- the files themselves


def test_golden_files_exist_with_headers() -> None:
    names = {p.name for p in GOLDEN.glob("*.json")}
    expected = {
        "tf_conv2d.json",
        "tf_pool.json",
        "torch_conv2d.json",
        "torch_pool.json",
        "tf_shapes.json",
        "torch_shapes.json",
        "qa_network.json",
    }
    assert expected <= names
    for name in expected:
        head = json.loads((GOLDEN / name).read_text())["header"]
        assert head["framework"] in ("tensorflow", "pytorch")
        assert head["framework_version"] and head["numpy_version"] and head["date_utc"]
        assert head["generator"] == "tests/golden/make_golden.py"


def test_enough_cases_of_each_kind() -> None:
    conv = [c for _, _, c in _load("conv2d")]
    pool = [c for _, _, c in _load("pool")]
    shapes = [c for _, _, c in _load("shapes")]
    assert len(conv) >= 100 and len(pool) >= 100 and len(shapes) >= 1500
    paddings = {json.dumps(c["convmap"]["padding"]) for c in conv}
    assert {'"same"', '"valid"', '"full"'} <= paddings
    assert any(isinstance(c["convmap"]["padding"], list) for c in conv)
    assert any(c["convmap"]["dilation"] != [1, 1] for c in conv)
    assert {s for c in conv for s in c["convmap"]["stride"]} >= {1, 2, 3}
    assert any(c["convmap"]["padding"] == "same" for c in pool)


# ---------------------------------------------------------------- convolution


@pytest.mark.parametrize(("head", "case"), _params("conv2d"))
def test_conv2d_matches_framework(head: dict[str, Any], case: dict[str, Any]) -> None:
    x, w = _f32(case["x"]), _f32(case["w"])
    b = None if case["b"] is None else _f32(case["b"])
    args = _conv_args(case)
    if case["outcome"] in REFUSED:
        if "padding='same' is not supported for strided" in case.get("error", ""):
            # PyTorch refuses SAME with stride > 1; convmap follows TensorFlow's rule.
            _, h, wd, _ = x.shape
            sh, sw = args["stride"]
            y = conv2d(x, w, b, **args)
            assert y.shape[1:3] == (-(-h // sh), -(-wd // sw))
            return
        with pytest.raises(ValueError):
            conv2d(x, w, b, **args)
        with pytest.raises(ValueError):
            conv2d_loops(x, w, b, **args)
        return
    expected = _f32(case["y"])
    assert list(expected.shape) == case["y_shape"]
    fast = conv2d(x, w, b, **args)
    assert fast.dtype == np.float32
    assert fast.shape == expected.shape, case["call"]
    np.testing.assert_allclose(fast, expected, rtol=RTOL, atol=ATOL, err_msg=case["call"])
    loops = conv2d_loops(x, w, b, **args)
    np.testing.assert_allclose(loops, expected, rtol=RTOL, atol=ATOL, err_msg=case["call"])


# ---------------------------------------------------------------- pooling


def _real_cells(n: int, k: int, s: int, pads: tuple[int, int], out: int) -> np.ndarray:
    """Real (unpadded) cells in each window along one axis, from input_window."""
    return np.array([sum(0 <= p < n for p in input_window(i, n, k, s, pads)) for i in range(out)])


@pytest.mark.parametrize(("head", "case"), _params("pool"))
def test_pool_matches_framework(head: dict[str, Any], case: dict[str, Any]) -> None:
    x = _f32(case["x"])
    size, args = _pool_args(case)
    pool = {"max_pool2d": max_pool2d, "avg_pool2d": avg_pool2d}[case["op"]]
    if case["outcome"] in REFUSED:
        if "pad should be at most half" in case.get("error", ""):
            # PyTorch's own rule (pad <= k/2). TensorFlow, and so convmap, accept
            # pad <= k - 1 (see tf-max-explicit-k-1); pad >= k must be refused.
            (top, _), (left, _) = args["padding"]
            if top >= size[0] or left >= size[1]:
                with pytest.raises(ValueError):
                    pool(x, size, **args)
            else:
                assert pool(x, size, **args).shape[0] == x.shape[0]
            return
        with pytest.raises(ValueError):
            pool(x, size, **args)
        return
    expected = _f32(case["y"])
    got = pool(x, size, **args)
    assert got.shape == expected.shape, case["call"]
    if case.get("expect", "equal") == "equal":
        np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL, err_msg=case["call"])
        return
    # PyTorch's count_include_pad=True divides every window by kh * kw; convmap
    # (like TensorFlow) divides by the real cells. Equal inside, different at
    # windows that overlap the padding, by exactly the ratio real / (kh * kw).
    (_, h, wd, _), (kh, kw), (sh, sw) = x.shape, size, args["stride"]
    (top, bottom), (left, right) = args["padding"]
    rows = _real_cells(h, kh, sh, (top, bottom), got.shape[1])
    cols = _real_cells(wd, kw, sw, (left, right), got.shape[2])
    real = np.multiply.outer(rows, cols)[None, :, :, None]
    inside = np.broadcast_to(real == kh * kw, got.shape)
    assert (~inside).any()
    np.testing.assert_allclose(got[inside], expected[inside], rtol=RTOL, atol=ATOL)
    differs = np.abs(got - expected) > 1e-4
    assert differs[~inside & (np.abs(got) > 0.05)].all()
    np.testing.assert_allclose(got * real / (kh * kw), expected, rtol=RTOL, atol=ATOL)


# ---------------------------------------------------------------- one-axis geometry


def _probe_operands(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.arange(1, n + 1, dtype=np.float32).reshape(1, 1, n, 1)
    w = np.zeros((1, k, 1, k), np.float32)
    for t in range(k):
        w[0, t, 0, t] = 1.0
    return x, w


@pytest.mark.parametrize(("head", "case"), _params("shapes"))
def test_one_axis_geometry_matches_framework(head: dict[str, Any], case: dict[str, Any]) -> None:
    n, k, s, d, padding = case["n"], case["k"], case["s"], case["d"], case["padding"]
    x, w = _probe_operands(n, k)
    if case["outcome"] in REFUSED:
        if "padding='same' is not supported for strided" in case.get("error", ""):
            assert output_size(n, k, s, padding, d) == -(-n // s)  # TensorFlow's rule
            return
        with pytest.raises(ValueError):
            output_size(n, k, s, padding, d)
        with pytest.raises(ValueError):
            conv2d(x, w, stride=(1, s), padding=padding, dilation=(1, d))
        return
    out = output_size(n, k, s, padding, d)
    assert out == case["out"]
    # The framework's probe: for neuron i, tap t read 1-based pixel v (0 = padding).
    seen = [
        [p + 1 if 0 <= p < n else 0 for p in input_window(i, n, k, s, padding, d)]
        for i in range(out)
    ]
    assert seen == case["probe"]
    y = conv2d(x, w, stride=(1, s), padding=padding, dilation=(1, d))
    np.testing.assert_array_equal(y[0, 0], np.asarray(case["probe"], np.float32))
    if case["pad_before"] is not None:
        before, after = padding_amounts(n, k, s, padding, d)
        assert before == case["pad_before"]
        assert after == case["pad_after_read"]


def test_framework_refusals_recorded() -> None:
    """The shape goldens include refusals, so the refusal tests above can fail."""
    shapes = [c for _, _, c in _load("shapes")]
    assert sum(c["outcome"] == "error" for c in shapes) >= 30
    assert sum(c["outcome"] == "empty" for c in shapes) >= 30
    torch_same = [c for c in shapes if c["id"].startswith("torch-shape-same") and c["s"] > 1]
    assert torch_same and all("not supported for strided" in c["error"] for c in torch_same)


# ---------------------------------------------------------------- the Q&A's network


@pytest.fixture(scope="module")
def qa() -> dict[str, Any]:
    (case,) = (c for _, _, c in _load("qa_network"))
    spec = case["input"]
    x = np.random.default_rng(spec["seed"]).standard_normal((1, 64, 64, 3)).astype(np.float32)
    assert list(x.shape) == spec["shape"]
    # The same NumPy stream as when the JSON was written (else regenerate it).
    np.testing.assert_array_equal(x[0, 0, 0], _f32(spec["check_first_pixel"]))
    np.testing.assert_array_equal(x[0, 63, 63], _f32(spec["check_last_pixel"]))
    assert x.astype(np.float64).sum() == pytest.approx(spec["check_sum_float64"], abs=1e-9)
    weights = {name: _f32(v) for name, v in case["weights"].items()}
    z1 = conv2d(x, weights["W1"], padding="SAME")
    p1 = max_pool2d(np.maximum(z1, 0), 8, stride=8, padding="SAME")
    z2 = conv2d(p1, weights["W2"], padding="SAME")
    p2 = max_pool2d(np.maximum(z2, 0), 4, stride=4, padding="SAME")
    flat = p2.reshape(1, -1)
    z3 = flat @ weights["W3"] + weights["b3"]
    mine = {"X": x, "Z1": z1, "P1": p1, "Z2": z2, "P2": p2, "F": flat, "Z3": z3}
    return {"case": case, "mine": mine, "weights": weights}


def test_qa_network_shapes(qa: dict[str, Any]) -> None:
    for name, shape in qa["case"]["shapes"].items():
        assert list(qa["mine"][name].shape) == shape, name


def test_qa_conv1_samples(qa: dict[str, Any]) -> None:
    z1 = qa["mine"]["Z1"]
    for sample in qa["case"]["Z1_samples"]:
        r, q = sample["row"], sample["col"]
        np.testing.assert_allclose(
            z1[0, r, q], _f32(sample["values"]), rtol=RTOL, atol=ATOL, err_msg=f"Z1 at {r},{q}"
        )


def test_qa_conv1_loops_at_the_corners(qa: dict[str, Any]) -> None:
    x, w1 = qa["mine"]["X"], qa["weights"]["W1"]
    corner = conv2d_loops(x[:, :6, :6], w1, padding="SAME")[0, 0, 0]  # top/left pads alike
    sample = next(s for s in qa["case"]["Z1_samples"] if (s["row"], s["col"]) == (0, 0))
    np.testing.assert_allclose(corner, _f32(sample["values"]), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("stage", ["P1", "Z2", "P2", "Z3"])
def test_qa_forward_stages(qa: dict[str, Any], stage: str) -> None:
    np.testing.assert_allclose(
        qa["mine"][stage], _f32(qa["case"][stage]), rtol=RTOL, atol=1e-4, err_msg=stage
    )
