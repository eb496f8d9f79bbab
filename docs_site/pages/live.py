"""The live pages (your-layer, your-network): runnable blocks and the glue's own limits."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from convmap import layer_geometry
from convmap.padding import torch_same_padding
from docs_site.live.runnable import runnable_block
from docs_site.pages.common import page_lang

LIVE_DIR = Path(__file__).resolve().parents[2] / "docs" / "live"
PAIRS = ("input", "kernel", "stride", "dilation")  # the layer form's (height, width) fields


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


def layer_form() -> dict[str, str]:
    """The starting values of the "Your own layer" form's number boxes, from the glue.

    Read back the way ``live-layer.js`` reads the form, they give the glue's default
    setting and its default picked cell (asserted).
    """
    layer = _glue("live_layer")
    s = layer.parse("")
    form: dict[str, int] = {}
    for name in PAIRS:
        form[f"{name}-h"], form[f"{name}-w"] = s[name]
    form["channels"], form["filters"] = s["channels"], s["filters"]
    form.update(zip(("pad-t", "pad-b", "pad-l", "pad-r"), layer.EXPLICIT_DEFAULT, strict=True))
    for grid in ("neuron", "pixel"):
        form[f"{grid}-r"], form[f"{grid}-c"] = layer.PICK_DEFAULT
    query = "?" + "&".join(f"{n}={form[n + '-h']},{form[n + '-w']}" for n in PAIRS)
    query += f"&channels={form['channels']}&filters={form['filters']}"
    assert layer.parse(query + f"&padding={s['padding']}&bias=1") == s
    explicit = ",".join(str(form[k]) for k in ("pad-t", "pad-b", "pad-l", "pad-r"))
    assert layer.parse(query + f"&padding={explicit}")["padding"] == layer.EXPLICIT_DEFAULT
    geo = layer_geometry(s["input"], s["kernel"], s["stride"], s["padding"], s["dilation"])
    for grid in ("neuron", "pixel"):
        picked = layer.pick({grid: f"{form[grid + '-r']},{form[grid + '-c']}"}, geo)
        assert picked[1:] == layer.pick({}, geo)[1:] == (0, 0)
    return {k: str(v) for k, v in form.items()}


def network_form() -> dict[str, str]:
    """The starting values of the "Your own network" form, from the glue (read back, asserted)."""
    network = _glue("live_network")
    d = network.parse("")
    form = {
        "input": ",".join(map(str, d["input"])),
        "neuron-r": str(d["neuron"][0]),
        "neuron-c": str(d["neuron"][1]),
        # the stack box shows the Q&A's stack and one empty line for the reader's next layer
        "stack-rows": str(len(network.QA_STACK.splitlines()) + 1),
    }
    query = f"?input={form['input']}&neuron={form['neuron-r']},{form['neuron-c']}"
    assert network.parse(query) == d and form["input"] == network.DEFAULTS["input"]
    return form


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


FORMS = {"layer": layer_form, "network": network_form}


def form_default(form: str, field: str) -> str:
    """The starting value of one field of a live page's form (``form`` "layer" or "network").

    Raises:
        ValueError: For an unknown form or field, naming it and the valid ones.
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {', '.join(FORMS)}, got {form!r}")
    values = FORMS[form]()
    if field not in values:
        raise ValueError(
            f"field of the {form} form must be one of {', '.join(values)}, got {field!r}"
        )
    return values[field]


def define(env) -> None:
    """Register the live pages' variables, the form defaults and the runnable-block macro."""
    env.variables.update(facts())

    @env.macro
    def live_runnable(path: str, needs_numpy: bool = False) -> str:
        return runnable_block(path, needs_numpy=needs_numpy, lang=page_lang(env))

    @env.macro
    def live_default(form: str, field: str) -> str:
        return form_default(form, field)
