"""Glossary: the numbers its definitions quote, computed for the Q&A's layer and network."""

from __future__ import annotations

from convmap import (
    Conv2D,
    MaxPool2D,
    ReLU,
    input_region,
    input_window,
    neurons_seeing,
    output_size,
)
from docs_site.qa_layer import CHANNELS, FILTERS, KERNEL, SIZE, facts, shape

QA_NETWORK = [
    Conv2D(FILTERS, KERNEL, padding="same"),
    ReLU(),
    MaxPool2D(8, padding="same"),
    Conv2D(16, 2, padding="same"),
    ReLU(),
    MaxPool2D(4, padding="same"),
]


def _receptive_fields(env) -> None:
    """Receptive field (span, padding included) vs pixels read, for Z1 and for P2."""
    corner = input_region(QA_NETWORK, (SIZE, SIZE, CHANNELS), 0, 0, 0)
    assert corner.size == (KERNEL, KERNEL) and corner.pixels == 9
    env.variables["glossary_z1_span"] = shape(*corner.size)
    env.variables["glossary_z1_corner_read"] = shape(len(corner.rows_read), len(corner.cols_read))
    p2 = [input_region(QA_NETWORK, (SIZE, SIZE, CHANNELS), 5, r, c) for r in (0, 1) for c in (0, 1)]
    spans = {r.size for r in p2}
    read = [shape(len(r.rows_read), len(r.cols_read)) for r in p2]
    assert spans == {(43, 43)} and read == ["42 x 42", "42 x 33", "33 x 42", "33 x 33"]
    env.variables["glossary_p2_span"] = shape(*spans.pop())
    env.variables["glossary_p2_read"] = ", ".join(read[:-1]) + " or " + read[-1]


def define(env) -> None:
    """Register the Glossary's numbers."""
    qa = facts()
    dilated = input_window(0, SIZE, KERNEL, 1, "valid", dilation=2)
    span = 2 * (KERNEL - 1) + 1
    assert dilated == [0, 2, 4, 6] and dilated[-1] - dilated[0] + 1 == span == 7
    assert output_size(SIZE, KERNEL, 1, "valid", dilation=2) == SIZE - span + 1
    env.variables["glossary_dilated"] = ", ".join(str(p + 1) for p in dilated)
    env.variables["glossary_dil_span"] = span
    env.variables["glossary_valid_out"] = output_size(SIZE, KERNEL, 1, "valid")
    env.variables["glossary_s2"] = 2
    env.variables["glossary_d"] = 2
    env.variables["glossary_s2_out"] = output_size(SIZE, KERNEL, 2, "same")
    seen = len(neurons_seeing(30, SIZE, KERNEL, 1, "same"))
    assert seen == KERNEL
    env.variables["glossary_seen_by"] = shape(seen, seen, FILTERS)
    env.variables["glossary_seen_by_n"] = seen * seen * FILTERS
    env.variables["glossary_local_params"] = qa.positions * qa.params
    assert qa.positions * qa.params == 4096 * 392
    _receptive_fields(env)
