"""Speed of the dynamics engine (Oliva & Sterman 2001 service-quality model).

Run: ``.venv/bin/python benchmarks/bench_dynamics.py`` (add ``--no-write`` to leave RESULTS.md alone).

Workload: 250 weeks at the default step (1/16 week = 4,000 Euler steps), a +10% demand surge in
weeks 10-29 and a cut of 10% of the experienced staff in week 10 (so every nonlinearity is exercised),
all parameters from the assumptions table. Timed:

* ``integrate_weeks`` — the public call: input validation, the numba kernel, weekly aggregation and the
  DataFrame (median of many runs, after one warm-up that loads the numba cache or compiles);
* the kernel alone (compiled);
* the same kernel as plain Python (``kernel.py_func``), to show what numba buys.

The peer figure (PySD running the original Vensim model: about 20 s per 247-week run) is quoted from
docs/background/dynamics.md, not measured here: the original .mdl is not public in this
workplace.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd
from results_section import publish

from svcdesign.engines.dynamics import (
    Exogenous,
    StaffingDecisions,
    default_story_scenario,
    fit_dynamics,
    integrate_weeks,
    run_dynamics,
    staff_cut_story,
)
from svcdesign.engines.dynamics import model as m
from svcdesign.engines.dynamics.params import DynamicsParams

WEEKS = 250
SECTION = "## Dynamics engine"
PYSD_QUOTED_S = 20.0


def workload() -> tuple[Exogenous, StaffingDecisions]:
    demand = np.full(WEEKS, 2000.0)
    demand[10:30] *= 1.10
    experienced = integrate_weeks(1)["experienced"].iloc[0]
    return Exogenous(demand=demand), StaffingDecisions(cuts={10: 0.1 * experienced}, hold_cuts=False)


FIT_TRUE = {"dynamics.tpo_pressure_elasticity": -0.5, "dynamics.standard_adjust_time_down": 12.0}
FIT_FIXED = {"dynamics.desired_delivery_delay": 0.15}
FIT_WEEKS, FIT_HOLDOUT, FIT_STANDARD = 156, 26, 1.2


def fit_series() -> pd.DataFrame:
    """A synthetic centre (the one of tests/test_dynamics_fit.py): the engine's time per order with
    known parameters, observed with 2% noise, under cycling orders, a surge and a labour cut."""
    rng = np.random.default_rng(14)
    week = np.arange(FIT_WEEKS)
    orders = 2000 * (1 + 0.12 * np.sin(2 * np.pi * week / 26)) * (1 + 0.04 * rng.standard_normal(FIT_WEEKS))
    orders[40:60] *= 1.15
    absent = np.clip(0.05 + 0.015 * rng.standard_normal(FIT_WEEKS), 0.0, 0.3)
    labour = np.where((week >= 70) & (week < 110), 42.0, 47.0) + 0.8 * rng.standard_normal(FIT_WEEKS)
    exogenous = Exogenous(demand=orders, absenteeism=absent, labour=labour)
    run = integrate_weeks(FIT_WEEKS, exogenous=exogenous, overrides=FIT_TRUE | FIT_FIXED, standard_tpo=FIT_STANDARD)
    tpo = run["time_per_order"].to_numpy() * (1 + 0.02 * np.random.default_rng(101).standard_normal(FIT_WEEKS))
    return pd.DataFrame({"orders": orders, "absenteeism": absent, "labour_fte": labour, "time_per_order": tpo})


def fit_lines(repeats: int) -> list[str]:
    """Time and result of fit_dynamics on the synthetic centre."""
    series = fit_series()
    fit = fit_dynamics(series, holdout=FIT_HOLDOUT, overrides=FIT_FIXED)
    ms = median_ms(lambda: fit_dynamics(series, holdout=FIT_HOLDOUT, overrides=FIT_FIXED), repeats)
    truth = {**FIT_TRUE, "dynamics.initial_standard_tpo": FIT_STANDARD}
    lines = [
        "",
        f"`fit_dynamics` on a synthetic {FIT_WEEKS}-week centre (the engine's time per order with α = -0.5,",
        "erosion time 12 weeks, initial standard 1.2 h, desired delay 0.15 week (fixed), observed with 2% noise",
        f"under cycling orders, a surge and a labour cut; last {FIT_HOLDOUT} weeks held out): {ms:.1f} ms",
        f"(median of {repeats}),",
        f"{fit.evaluations} solver steps. R² {fit.r2['time_per_order']:.3f} fitted, "
        f"{fit.r2_holdout['time_per_order']:.3f} held out.",
        "",
        "| parameter | true | estimate | standard error |",
        "|---|---|---|---|",
    ]
    for row, est in fit.estimates.iterrows():
        lines.append(f"| `{row}` | {truth[str(row)]:g} | {est['estimate']:.4g} | {est['std_error']:.2g} |")
    return lines


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def kernel_args(exogenous: Exogenous, decisions: StaffingDecisions):
    params = DynamicsParams.from_assumptions()
    per_week = round(1 / params.dt)
    demand, absent = exogenous.arrays(WEEKS, params.initial_orders, params.default_absenteeism)
    acts = decisions.arrays(WEEKS)
    p = params.vector(decisions.hold_cuts)
    layoffs = np.zeros(WEEKS * per_week)
    layoffs[::per_week] = acts["layoffs"]
    s0 = m.equilibrium_state(
        p, params.initial_standard_tpo, demand[0], absent[0], 0.0, *params.fatigue_productivity, *params.quality
    )
    return (
        p,
        s0,
        params.dt,
        np.repeat(demand, per_week),
        np.repeat(absent, per_week),
        layoffs,
        np.repeat(acts["freeze"], per_week),
        np.repeat(acts["target"], per_week),
        np.repeat(acts["cap"], per_week),
        np.full(WEEKS * per_week, np.nan),  # no observed labour: the model's workforce
        *params.fatigue_productivity,
        *params.fatigue_turnover,
        *params.quality,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args()

    start = time.perf_counter()
    exogenous, decisions = workload()  # the first integrate_weeks() call loads or compiles the kernel
    first_s = time.perf_counter() - start
    run = lambda: integrate_weeks(WEEKS, exogenous=exogenous, decisions=decisions)  # noqa: E731
    frame = run()
    full_ms = median_ms(run, args.repeats)
    kargs = kernel_args(exogenous, decisions)
    kernel_ms = median_ms(lambda: m.kernel(*kargs), args.repeats)
    python_ms = median_ms(lambda: m.kernel.py_func(*kargs), 5)
    np.testing.assert_allclose(m.kernel(*kargs), m.kernel.py_func(*kargs), rtol=1e-12, atol=1e-12)
    steps = len(kargs[3])
    council = default_story_scenario()
    run_dynamics(council, weeks=52)  # warm-up (analytic engine import, caches)
    coupled_ms = median_ms(lambda: run_dynamics(council, weeks=52), 20)
    sweeps = run_dynamics(council, weeks=52, decisions={"assessment": StaffingDecisions(cuts={4: 3.0})}).meta["sweeps"]
    cut_ms = median_ms(
        lambda: run_dynamics(council, weeks=52, decisions={"assessment": StaffingDecisions(cuts={4: 3.0})}), 20
    )
    story_ms = median_ms(lambda: staff_cut_story(weeks=156), 5)

    rows = [
        ("`integrate_weeks(250)` (validation + kernel + weekly DataFrame)", full_ms),
        ("kernel alone, numba", kernel_ms),
        ("kernel alone, plain Python (`kernel.py_func`)", python_ms),
    ]
    coupled_rows = [
        ("council scenario as described (4 stages, 2 segments), 52 weeks", coupled_ms),
        (f"same with a staff cut at assessment ({sweeps} customer-feedback sweeps), 52 weeks", cut_ms),
        ("`staff_cut_story()` (two coupled runs, 156 weeks)", story_ms),
    ]
    lines = [
        SECTION,
        "",
        "`benchmarks/bench_dynamics.py`: the Oliva & Sterman (2001) service-quality model, 250 weeks at",
        f"dt = 1/16 week ({steps:,} Euler steps), a +10% demand surge in weeks 10-29 and 10% of experienced",
        f"staff cut in week 10; median of {args.repeats} runs (plain Python: 5), after a warm-up call.",
        "",
        "| what | ms per 250-week run | vs PySD (20 s, quoted) |",
        "|---|---|---|",
    ]
    for label, ms in rows:
        lines.append(f"| {label} | {ms:.3f} | {PYSD_QUOTED_S * 1e3 / ms:,.0f}x |")
    lines += [
        "",
        "`run_dynamics` on a scenario (analytic traffic for week 0, one service-quality model per stage, the",
        "customer side, waveform relaxation until the demand path settles; median of 20 runs, story 5):",
        "",
        "| what | ms |",
        "|---|---|",
        *[f"| {label} | {ms:.1f} |" for label, ms in coupled_rows],
        *fit_lines(5),
    ]
    lines += [
        "",
        f"Target (a 250-week run well under 50 ms): {'met' if full_ms < 50 else 'NOT met'} "
        f"({full_ms:.2f} ms). First call in a fresh process (numba cache load or compile): {first_s:.2f} s.",
        "The kernel and its plain-Python twin agree to 1e-12 (asserted in this run). PySD's figure is quoted",
        "from docs/background/dynamics.md (original Vensim model, 247 weeks), not measured here.",
        f"End of the benchmark run: standard time per order {frame['standard_tpo'].iloc[-1]:.4f} h/order (from 1.08).",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}; 1-min load average at the end {os.getloadavg()[0]:.2f}.",
        "",
    ]
    publish(SECTION, "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
