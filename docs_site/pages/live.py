"""The live pages (your-layer, your-network): runnable blocks and the glue's own limits."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from convmap.padding import torch_same_padding
from docs_site.live.runnable import runnable_block
from docs_site.pages.common import page_lang

LIVE_DIR = Path(__file__).resolve().parents[2] / "docs" / "live"


def _glue(name: str):
    """A module of the pages' in-browser glue (docs/live/<name>.py), imported as the page does."""
    sys.path.insert(0, str(LIVE_DIR))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(LIVE_DIR))


def _torch_same_max_stride() -> int:
    """The largest stride PyTorch's padding="same" takes (convmap follows it), checked."""
    assert torch_same_padding(9, 4, stride=1) == (1, 2)
    try:
        torch_same_padding(9, 4, stride=2)
    except ValueError:
        return 1
    raise AssertionError("torch_same_padding accepted stride 2; the live page says it refuses")


def facts() -> dict[str, object]:
    """The numbers the live pages' prose and forms state, taken from the glue itself."""
    layer, network = _glue("live_layer"), _glue("live_network")
    assert layer.MAX_SIDE == network.MAX_SIDE
    assert network.DEFAULTS["stack"] == network.QA_STACK
    assert len(network.parse_stack(network.QA_STACK)) == 8
    return {
        "live_max_side": layer.MAX_SIDE,
        "live_qa_stack": network.QA_STACK,
        "live_network_layer": network.DEFAULTS["layer"],
        "live_torch_same_max_stride": _torch_same_max_stride(),
    }


def define(env) -> None:
    """Register the live pages' variables and the runnable-block macro."""
    env.variables.update(facts())

    @env.macro
    def live_runnable(path: str, needs_numpy: bool = False) -> str:
        return runnable_block(path, needs_numpy=needs_numpy, lang=page_lang(env))
