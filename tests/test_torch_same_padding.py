"""`convmap.padding.torch_same_padding` against PyTorch's own answers.

The reference is ``tests/golden/torch_shapes.json``, written by PyTorch (its
version is in the file's header): for every one-axis ``padding="same"`` case
it records which 1-based pixel each tap of each neuron read (0 for a zero),
or PyTorch's error for a stride > 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from convmap.padding import torch_same_padding

GOLDEN = Path(__file__).resolve().parent / "golden" / "torch_shapes.json"


def same_cases() -> list[dict]:
    data = json.loads(GOLDEN.read_text())
    assert data["header"]["framework"] == "pytorch"
    return [c for c in data["cases"] if c["padding"] == "same"]


def probe_by_hand(n: int, k: int, d: int, before: int, after: int) -> list[list[int]]:
    """Tap t of neuron i reads position i - before + t * d (1-based pixel, 0 for a zero)."""
    out = n + before + after - d * (k - 1)
    rows = []
    for i in range(out):
        taps = [i - before + t * d for t in range(k)]
        rows.append([p + 1 if 0 <= p < n else 0 for p in taps])
    return rows


def test_golden_file_has_enough_same_cases():
    cases = same_cases()
    ok = [c for c in cases if c["outcome"] == "ok"]
    assert len(ok) > 100 and any(c["d"] > 1 for c in ok) and any(c["k"] % 2 == 0 for c in ok)
    assert any(c["outcome"] == "error" for c in cases)


@pytest.mark.parametrize(
    "case", [c for c in same_cases() if c["outcome"] == "ok"], ids=lambda c: c["id"]
)
def test_zeros_match_what_pytorch_read(case):
    n, k, s, d = case["n"], case["k"], case["s"], case["d"]
    before, after = torch_same_padding(n, k, s, d)
    assert n + before + after - d * (k - 1) == case["out"] == n  # "same": as many outputs
    assert probe_by_hand(n, k, d, before, after) == case["probe"]
    if case["pad_before"] is not None:
        assert before == case["pad_before"]


@pytest.mark.parametrize(
    "case", [c for c in same_cases() if c["outcome"] == "error"], ids=lambda c: c["id"]
)
def test_stride_above_one_is_refused_as_pytorch_does(case):
    assert "not supported for strided convolutions" in case["error"]  # PyTorch's words
    with pytest.raises(ValueError) as err:
        torch_same_padding(case["n"], case["k"], case["s"], case["d"])
    msg = str(err.value)
    assert msg.startswith("stride must be 1") and f"got {case['s']}" in msg
    assert "not supported for strided convolutions" in msg


def test_split_by_hand():
    # total = d * (k - 1); the odd zero goes after (bottom/right)
    assert torch_same_padding(64, 4) == (1, 2)
    assert torch_same_padding(5, 1) == (0, 0)
    assert torch_same_padding(10, 4, 1, 3) == (4, 5)
    assert torch_same_padding(3, 7, dilation=2) == (6, 6)
    assert torch_same_padding(np.int64(8), np.int64(2), np.int64(1), np.int64(1)) == (0, 1)


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((0, 3), ValueError, "size must be an integer >= 1, got 0"),
        ((5, 0), ValueError, "kernel must be an integer >= 1, got 0"),
        ((5, 3, 0), ValueError, "stride must be an integer >= 1, got 0"),
        ((5, 3, 1, 0), ValueError, "dilation must be an integer >= 1, got 0"),
        ((5, 3, 3), ValueError, "stride must be 1 for PyTorch's padding='same', got 3"),
        ((5.0, 3), TypeError, "size must be an integer >= 1, got 5.0 of type float"),
        ((5, 3, True), TypeError, "stride must be an integer >= 1, got True of type bool"),
        ((5, 3, 1, np.bool_(True)), TypeError, "dilation must be an integer >= 1"),
    ],
)
def test_bad_arguments_name_themselves(args, error, words):
    with pytest.raises(error) as err:
        torch_same_padding(*args)
    assert words in str(err.value)
