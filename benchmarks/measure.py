"""Timing that tells the truth on a shared machine.

Libraries are measured side by side: in every round each library runs once
(the order rotates from round to round), after a pause that lets spinning
BLAS/OpenMP threads settle. One *run* is a warm-up call and then timed calls
until about ``run_seconds`` have passed. During each run the script reads
``/proc/stat`` (all CPUs) and ``getrusage`` (this process) and records how
many CPUs *other* processes kept busy: a run where others used more than
``max_other`` CPUs is noisy and dropped. It also records minor page faults
per call (``ru_minflt``). Ratios are taken within a round (runs next to each
other in time), then the median over the quiet rounds.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from dataclasses import dataclass, field


def _busy_jiffies() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs from /proc/stat, or None where unavailable."""
    try:
        with open("/proc/stat") as f:
            parts = f.readline().split()
    except OSError:
        return None
    values = [int(v) for v in parts[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal
    return total - idle, total


def _own_seconds() -> tuple[float, int]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_minflt


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Run:
    """One library's timed calls in one round."""

    seconds: list[float]  # per call
    other_cpus: float | None  # CPUs other processes kept busy on average (None: unknown)
    faults_per_call: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def timed_run(func, run_seconds: float, min_calls: int = 3, max_calls: int = 10_000) -> Run:
    """Warm up once, then call ``func`` until ``run_seconds`` have passed (``min_calls`` at least).

    With ``min_calls`` 1 (calls of seconds each) there is no warm-up call.
    """
    if min_calls > 1:
        func()
    jiffies0, (own0, faults0) = _busy_jiffies(), _own_seconds()
    wall0 = time.perf_counter()
    seconds: list[float] = []
    while len(seconds) < min_calls or (
        time.perf_counter() - wall0 < run_seconds and len(seconds) < max_calls
    ):
        t0 = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - t0)
    wall = time.perf_counter() - wall0
    jiffies1, (own1, faults1) = _busy_jiffies(), _own_seconds()
    other = None
    if jiffies0 is not None and jiffies1 is not None and wall > 0:
        busy = (jiffies1[0] - jiffies0[0]) / TICK
        other = max(0.0, busy - (own1 - own0)) / wall
    return Run(seconds, other, (faults1 - faults0) / len(seconds))


@dataclass
class Comparison:
    """All runs of several libraries on one case."""

    runs: dict[str, list[Run]] = field(default_factory=dict)
    max_other: float = 0.5

    def quiet_rounds(self) -> list[int]:
        """Rounds in which every library's run was quiet."""
        count = min(len(r) for r in self.runs.values())
        return [
            i
            for i in range(count)
            if all(
                r[i].other_cpus is None or r[i].other_cpus <= self.max_other
                for r in self.runs.values()
            )
        ]

    def summary(self) -> dict:
        """Medians and ratios over quiet rounds (over all rounds, flagged noisy, if none)."""
        quiet = self.quiet_rounds()
        rounds = quiet or list(range(min(len(r) for r in self.runs.values())))
        ms = {k: statistics.median(r[i].median for i in rounds) * 1e3 for k, r in self.runs.items()}
        ratios = {
            k: statistics.median(self.runs["convmap"][i].median / r[i].median for i in rounds)
            for k, r in self.runs.items()
            if k != "convmap"
        }
        spread = {
            k: [min(per_round), max(per_round)]
            for k, r in self.runs.items()
            if k != "convmap"
            for per_round in [[self.runs["convmap"][i].median / r[i].median for i in rounds]]
        }
        loads = [r[i].other_cpus for r in self.runs.values() for i in range(len(r))]
        loads = [v for v in loads if v is not None]
        return {
            "ms": ms,
            "ratio": ratios,
            "ratio_range": spread,  # lowest and highest per-round ratio: is a loss a tie?
            "faults_per_call": {
                k: statistics.median(r[i].faults_per_call for i in rounds)
                for k, r in self.runs.items()
            },
            "rounds": len(self.runs["convmap"]),
            "quiet_rounds": len(quiet),
            "noisy": not quiet,
            "other_cpus_median": statistics.median(loads) if loads else None,
            "other_cpus_max": max(loads) if loads else None,
        }


def compare(
    calls: dict, rounds: int, run_seconds: float, pause: float, max_other: float, min_calls=3
):
    """Measure every non-None callable in ``calls`` side by side; returns a `Comparison`."""
    live = {k: f for k, f in calls.items() if f is not None}
    names = list(live)
    result = Comparison({k: [] for k in names}, max_other)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            time.sleep(pause)
            result.runs[name].append(timed_run(live[name], run_seconds, min_calls))
    return result
