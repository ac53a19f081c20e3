"""The analytic engine on the shipped examples: `svcdesign.evaluate` per call, and the parts of it.

Run: ``.venv/bin/python benchmarks/bench_evaluate.py`` (add ``--no-write`` to leave RESULTS.md alone).

Each example (a week of 15-minute intervals) is evaluated with the staffing search (the default, as
:func:`svcdesign.compare` runs it) and without (``staffing=False``, as the staffing explorer's first
phase runs it); median of N calls after two warm-ups, in one process. The parts come from one
cProfile run of 10 calls (cumulative time, so they overlap; profiling slows every call alike).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import sys
import time

import numpy as np
from results_section import write_section

import svcdesign as sd

SECTION = "## Analytic engine per call"
RUNS = 21
PARTS = ("_solve_traffic", "_required_agents", "_deferred_scale", "_add_end_to_end", "frame", "expand")


def median_ms(scenario: sd.Scenario, runs: int, **options: object) -> float:
    for _ in range(2):
        sd.evaluate(scenario, **options)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        sd.evaluate(scenario, **options)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def parts(scenario: sd.Scenario) -> dict[str, float]:
    """Share of the profiled time of 10 calls spent in each part (cumulative)."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(10):
        sd.evaluate(scenario)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(v[3] for k, v in stats.items() if k[2] == "evaluate")
    return {name: sum(v[3] for k, v in stats.items() if k[2] == name) / total for name in PARTS}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    lines = [
        SECTION,
        "",
        "`benchmarks/bench_evaluate.py`: `svcdesign.evaluate` on each shipped example (a week of 15-minute "
        f"intervals), median of {args.runs} calls after two warm-ups, ms; the parts are shares of a cProfile "
        "run of 10 calls with the staffing search (cumulative, overlapping).",
        "",
        "| example | evaluate (ms) | staffing=False (ms) | " + " | ".join(f"`{p}`" for p in PARTS) + " |",
        "|---|---|---|" + "---|" * len(PARTS),
    ]
    for name in sd.example_names():
        scenario = sd.load_example(name)
        full, fast = median_ms(scenario, args.runs), median_ms(scenario, args.runs, staffing=False)
        shares = parts(scenario)
        print(name, round(full, 1), round(fast, 1), {k: round(v, 2) for k, v in shares.items()})
        lines.append(
            f"| {name} | {full:.1f} | {fast:.1f} | " + " | ".join(f"{100 * shares[p]:.0f}%" for p in PARTS) + " |"
        )
    lines += [
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, numpy "
        f"{np.__version__}; 1-min load average at the end {os.getloadavg()[0]:.2f} (shared cores: absolute "
        "times are noisy).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
