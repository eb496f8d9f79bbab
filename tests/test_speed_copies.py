"""The speed page's window-copy figures, on the committed run that timed the copies.

`benchmarks/results/suite-amd-epyc.json` holds the window copy and its fill
(the primary `results.json` predates them); the counts the page states are
worked out here again from the raw times, and every ``b.products`` name the
English and Chinese snippets use is one that `product_facts` returns.
"""

from __future__ import annotations

import re
from pathlib import Path

from docs_site.pages import fast_convolution as page

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "benchmarks" / "results" / "suite-amd-epyc.json"


def _facts():
    report = page.load_module("report")
    return report, report.load(RUN), page.product_facts(report, report.load(RUN))


def test_the_copy_counts_are_the_raw_times_counted_again():
    report, data, facts = _facts()
    timed = [r["ms"] for r in data["convs"] if "window_copy" in r["ms"] and "torch" in r["ms"]]
    over = [ms for ms in timed if (ms["gemm_only"] + ms["window_copy"]) / ms["torch"] > 1.5]
    slow = [ms for ms in timed if ms["window_copy"] / ms["fill"] > 1.5]
    assert facts["summed"] == len(timed) == len(data["convs"]) - 1  # batch 1080: none timed
    assert (facts["sum_over_every"], facts["slow_copies"]) == (len(over), len(slow))
    assert 0 < len(over) < len(timed) and facts["slow_copy"] == 1.5
    table = facts["table"].splitlines()
    assert table[0].count("|") == 11 and "n/a | n/a | n/a | n/a |" in table[-1]


def test_the_snippets_name_only_facts_that_exist():
    _, _, facts = _facts()
    for name in ("speed.md", "speed.zh.md"):
        text = (ROOT / "docs" / "snippets" / name).read_text(encoding="utf-8")
        used = set(re.findall(r"b\.products\.(\w+)", text))
        assert {"summed", "sum_over_every", "slow_copies", "slow_copy"} <= used
        assert used <= set(facts), f"{name}: {sorted(used - set(facts))}"
