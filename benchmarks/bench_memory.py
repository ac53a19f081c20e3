"""Memory of the per-visit log: the peak of the whole call against the size of the log it returns.

For each call, tracemalloc records the peak of memory allocated during the call (numpy's arrays and
pandas' frames are traced; the interpreter's and numba's own memory before the call is not counted),
and ``DataFrame.memory_usage(deep=True)`` gives the size of the log returned. Their ratio is what the
log costs beyond itself: the visit tables of the replications, copies and the frames built on the way.
The time of the call is the median of runs without tracemalloc (it slows allocation down). The peak of
the same call without a log is shown beside: where it is large (the bank's results table), the log's
ratio cannot be below it.

Calls: (a) ``sd.simulate(bank, replications=3, log=True)`` (the bundled bank example, one week) and
(b) ``run_replications(M/M/20, replications=3, log=True)`` at ρ = 0.9 with 200,000 arrivals each.

Run: ``python benchmarks/bench_memory.py`` replaces the section "## Memory" of
``benchmarks/RESULTS.md`` (``--no-write`` only prints it).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import svcdesign as sd  # noqa: E402
from svcdesign.engines.simulation import run_replications  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_limit import single_stage  # noqa: E402
from results_section import cli  # noqa: E402

SECTION = "## Memory"
BEFORE_AFTER = (
    "Before → after (issue 16, same machine, one run each): bank 35.7 → 32.8 MB peak for a 5.7 MB log (6.30 → "
    "5.81; its results table alone peaks at 30.5 MB without a log), 27 → 30 ms; M/M/20 203.2 → 79.6 MB for a "
    "55.2 MB log (3.68 → 1.44), 141 → 119 ms. The replications keep only the log's columns of their visit "
    "tables (codes narrowed exactly), the log takes them over column by column, one scenario's log is not "
    "concatenated again, and the event heap is sized as without a log; every figure and the log unchanged."
)
"""Measured once, by hand, when the log was made leaner: the old code is not kept to be run again."""


def calls(arrivals: int) -> dict[str, tuple[Callable[[], pd.DataFrame], Callable[[], object]]]:
    """Each measured call, returning its per-visit log, and the same call without a log."""
    bank = sd.load_example("bank")
    spec, _ = single_stage(20, arrivals)

    def bank_call() -> pd.DataFrame:
        return sd.simulate(bank, replications=3, seed=0, log=True)[1]

    def mm20_call() -> pd.DataFrame:
        log = run_replications(spec, replications=3, seed=0, log=True).log
        assert log is not None
        return log

    return {
        "bank, 3 replications": (bank_call, lambda: sd.simulate(bank, replications=3, seed=0)),
        f"M/M/20, {arrivals:,} arrivals × 3": (mm20_call, lambda: run_replications(spec, replications=3, seed=0)),
    }


def peak(call: Callable[[], object]) -> tuple[float, object]:
    """Peak bytes traced during ``call`` (above what was allocated before it), and what it returned."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        out = call()
        top = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return float(top), out


def seconds(call: Callable[[], pd.DataFrame], repeats: int) -> float:
    """Median wall seconds of ``call`` (after one warm-up run)."""
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(arrivals: int, repeats: int) -> dict[str, tuple[float, float, int, float, float]]:
    """Peak, log size, rows, seconds and the peak of the call without a log, for every call."""
    out = {}
    for name, (call, plain) in calls(arrivals).items():
        call()  # compile / load the kernel and import lazily loaded modules first
        plain()
        top, log = peak(call)
        assert isinstance(log, pd.DataFrame)
        size = float(log.memory_usage(deep=True).sum())
        out[name] = (top, size, len(log), seconds(call, repeats), peak(plain)[0])
    return out


def render(m: dict[str, tuple[float, float, int, float, float]]) -> str:
    mb = 1e6
    lines = [
        SECTION,
        "",
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.2f} at the end. Peak: tracemalloc during the call; log: "
        "`memory_usage(deep=True)` of the frame returned; time: median of runs without tracemalloc "
        "(`benchmarks/bench_memory.py`).",
        "",
        "| call | log rows | log (MB) | peak (MB) | peak / log | time (ms) | peak without log (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (top, size, rows, secs, plain) in m.items():
        lines.append(
            f"| {name} | {rows:,} | {size / mb:.1f} | {top / mb:.1f} | {top / size:.2f} | {secs * 1e3:.0f} "
            f"| {plain / mb:.1f} |"
        )
    if BEFORE_AFTER:
        lines += ["", BEFORE_AFTER]
    return "\n".join(lines) + "\n"


def main() -> None:
    cli(SECTION, __doc__.splitlines()[0], lambda arrivals, runs: render(measure(arrivals, runs)), runs=5)


if __name__ == "__main__":
    main()
