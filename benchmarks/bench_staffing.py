"""Analytic staffing for a week of intervals: svcdesign.queueing vs pyworkforce 0.5.1, in one run.

Run: ``.venv/bin/python benchmarks/bench_staffing.py`` (add ``--no-write`` to leave RESULTS.md alone).

Workload (a synthetic but realistic retail-bank inbound profile, documented here):
* open every day; weekday arrivals follow a smooth intraday double hump (Gaussian peaks at 10:30 and
  14:30, widths 1.5 h and 2 h, the afternoon peak 85% of the morning one) on top of a low overnight
  floor of 1 call per interval (pyworkforce rejects zero transactions); Monday is the busiest day
  (x1.15), Friday x0.95, Saturday x0.45 with a single late-morning peak, Sunday x0.25;
* the busiest interval of the week has 400 calls (the same shape is used for hourly and for
  15-minute intervals, so the 15-minute week is the larger centre);
* mean handle time 180 s at night rising smoothly to 300 s in the evening (longer, more complex calls);
* targets: 80% of calls answered within 20 s, occupancy at most 0.85, shrinkage 0.3.

pyworkforce 0.5.1 semantics (read from its source): ``ErlangC(transactions, aht, asa, interval,
shrinkage)`` takes transactions per interval, aht and interval in minutes and ``asa`` = the
service-level TARGET TIME (not a mean wait); ``required_positions(service_level, max_occupancy)``
scans positions upward from round(load + 1) until the Erlang C service level is met, raises them to
ceil(load / max_occupancy) if the occupancy cap is exceeded, and returns ``raw_positions`` (agents)
and ``positions = ceil(raw_positions / (1 - shrinkage))``. svcdesign's ``required_agents`` with the
same targets returns ``agents`` and ``staff`` in the same convention; the run asserts both are
identical interval by interval.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import time
from pathlib import Path

import numpy as np
from pyworkforce.queuing import ErlangC

from svcdesign.queueing import required_agents

TARGET_TIME_S = 20.0
SERVICE_LEVEL = 0.8
MAX_OCCUPANCY = 0.85
SHRINKAGE = 0.3
PEAK_CALLS = 400.0
DAY_FACTORS = (1.15, 1.0, 1.0, 1.0, 0.95, 0.45, 0.25)  # Monday .. Sunday
SECTION = "## Staffing (analytic) vs pyworkforce"


def weekly_profile(interval_minutes: int) -> tuple[np.ndarray, np.ndarray]:
    """Calls per interval and mean handle time (seconds) for one week starting Monday 00:00."""
    per_day = 24 * 60 // interval_minutes
    hours = (np.arange(per_day) + 0.5) * interval_minutes / 60.0
    weekday = np.exp(-0.5 * ((hours - 10.5) / 1.5) ** 2) + 0.85 * np.exp(-0.5 * ((hours - 14.5) / 2.0) ** 2)
    saturday = np.exp(-0.5 * ((hours - 11.0) / 2.0) ** 2)
    shapes = [weekday] * 5 + [saturday, saturday]
    week = np.concatenate([f * s for f, s in zip(DAY_FACTORS, shapes)])
    calls = np.round(1.0 + (PEAK_CALLS - 1.0) * week / week.max())
    aht = 180.0 + 120.0 * np.tile(np.clip((hours - 6.0) / 16.0, 0.0, 1.0) ** 2, 7)
    return calls, aht


def staff_pyworkforce(calls: np.ndarray, aht_s: np.ndarray, interval_minutes: int) -> np.ndarray:
    out = np.empty((calls.size, 2))
    for i, (c, h) in enumerate(zip(calls, aht_s)):
        r = ErlangC(transactions=float(c), aht=h / 60.0, asa=TARGET_TIME_S / 60.0,
                    interval=interval_minutes, shrinkage=SHRINKAGE).required_positions(
            service_level=SERVICE_LEVEL, max_occupancy=MAX_OCCUPANCY)
        out[i] = r["raw_positions"], r["positions"]
    return out


def staff_svcdesign(calls: np.ndarray, aht_s: np.ndarray, interval_minutes: int) -> np.ndarray:
    r = required_agents(calls / (interval_minutes * 60.0), aht_s, target_time=TARGET_TIME_S,
                        service_level=SERVICE_LEVEL, max_occupancy=MAX_OCCUPANCY, shrinkage=SHRINKAGE)
    return np.column_stack([r.agents, r.staff])


def best_time(fn, repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[dict[str, object]]:
    rows = []
    for label, minutes in (("168 hourly intervals", 60), ("672 quarter-hour intervals", 15)):
        calls, aht = weekly_profile(minutes)
        ours = staff_svcdesign(calls, aht, minutes)
        theirs = staff_pyworkforce(calls, aht, minutes)
        assert np.array_equal(ours, theirs), np.flatnonzero((ours != theirs).any(axis=1))
        t_ours = best_time(lambda: staff_svcdesign(calls, aht, minutes), 20)
        t_theirs = best_time(lambda: staff_pyworkforce(calls, aht, minutes), 5)
        n = calls.size
        rows.append({
            "case": label, "intervals": n, "identical": True,
            "agents_total": int(ours[:, 0].sum()), "staff_total": int(ours[:, 1].sum()),
            "peak_load": float((calls * aht / (minutes * 60)).max()),
            "ours_per_s": n / t_ours, "theirs_per_s": n / t_theirs, "ratio": t_theirs / t_ours,
            "ours_ms": 1e3 * t_ours, "theirs_ms": 1e3 * t_theirs,
        })
    return rows


def render(rows: list[dict[str, object]]) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        SECTION, "",
        "`benchmarks/bench_staffing.py`: Erlang C staffing (80% in 20 s, occupancy <= 0.85, shrinkage 0.3)",
        "for a week of a bank-like double-hump call profile (peak 400 calls per interval, AHT 180-300 s;",
        "see the script's docstring), svcdesign `required_agents` (one vectorised call) against pyworkforce",
        "0.5.1 `ErlangC(...).required_positions` (one call per interval), timed in the same run (best of",
        "20 / 5 repeats). Staffing (agents and paid staff) is asserted identical for every interval.", "",
        "| case | identical staffing | agents (sum) | staff (sum) | peak load (Erl) | svcdesign intervals/s "
        "| pyworkforce intervals/s | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {'yes' if r['identical'] else 'NO'} | {r['agents_total']} | {r['staff_total']} "
            f"| {r['peak_load']:.1f} | {r['ours_per_s']:,.0f} ({r['ours_ms']:.2f} ms) "
            f"| {r['theirs_per_s']:,.0f} ({r['theirs_ms']:.2f} ms) | {r['ratio']:.1f}x |")
    worst = min(float(r["ratio"]) for r in rows)
    if worst < 100:
        lines += ["", f"Target (>= 100x pyworkforce's throughput): NOT met; lowest ratio {worst:.1f}x. "
                  "pyworkforce costs only ~8-30 us per interval at these loads (Python loop over an O(n) "
                  "Erlang B recursion), while each of the ~7 vectorised feasibility evaluations of the "
                  "numpy search has a fixed overhead of ~50-150 us (validation, scipy gammaincc, masks), "
                  "which dominates a batch of 168 intervals."]
    lines += ["", f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
              f"Python {platform.python_version()}, numpy {np.__version__}; 1-min load average at the end "
              f"of the run {load:.2f} (other engineers' jobs share the cores, so absolute rates are noisy; "
              "the ratio is measured in one run).", ""]
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    """Replace (or append) this benchmark's section of RESULTS.md, leaving other sections alone."""
    old = path.read_text() if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    path.write_text(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; do not update RESULTS.md")
    args = parser.parse_args()
    text = render(run())
    print(text)
    if not args.no_write:
        write_section(text, Path(__file__).resolve().parent / "RESULTS.md")


if __name__ == "__main__":
    main()
