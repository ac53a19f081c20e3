"""The analytic engine on the shipped examples: `svcdesign.evaluate` per call, and the parts of it.

Run: ``.venv/bin/python benchmarks/bench_evaluate.py`` (add ``--no-write`` to leave RESULTS.md alone).

Each example (a week of 15-minute intervals) is evaluated with the staffing search (the default, as
:func:`svcdesign.compare` runs it) and without (``staffing=False``, as the staffing explorer's first
phase runs it); median of N calls after two warm-ups, in one process. The engine keeps the traffic
solutions of the last scenarios evaluated (``analytic.TRAFFIC``); it is emptied before every timed call,
so each call solves the traffic as a new scenario would. The parts come from one cProfile run of 10
calls (cumulative time, so they overlap; profiling slows every call alike).
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
from results_section import publish

import svcdesign as sd
from svcdesign.engines import analytic

SECTION = "## Analytic engine per call"
RUNS = 21
PARTS = ("_solve_traffic", "_required_agents", "_deferred_scale", "_add_end_to_end", "frame", "expand")


HISTORY = (
    "Issue 16, before → after, the old and new code in alternating processes (7 rounds each, median of 11 "
    "calls per round, every call solving the traffic afresh, 1-min load 3.1–3.9 on 2 cores): bank 24.5 → "
    "18.3 ms (`staffing=False` 18.7 → 14.3), council_adult_social_care 22.2 → 12.0 ms (15.7 → 8.9), "
    "telecom_shop_and_phone 26.6 → 20.3 ms (21.7 → 16.8). The rounds of the traffic iteration compute "
    "Erlang A only where someone can abandon (θ > 0 and arrivals; elsewhere, deferred stages included, "
    "P(abandon) is 0 exactly) and no longer the deferred stages' backlog, which they never read; the "
    "deferred backlog is a compiled kernel doing the numpy expressions' arithmetic in their order; a "
    "scalar `erlang_c` skips the array checks and copies (63 → 18 µs a call, some twenty calls per "
    "deferred staffing search); expanded rosters and handle-time transforms are kept by content (so a "
    "scenario evaluated again finds them: with them emptied too, bank takes about 1.5 ms more, 21.7–22.6 "
    "against 20.5–21.0 ms in one process at load 2.6). "
    "Every figure identical (results of all three examples at six lever settings, with and without the "
    "staffing search, compared exactly). The ≤ 10 ms target for bank is not met: what is left is the "
    "traffic iteration (about a third, half of it the Erlang A kernel in ten rounds), the staffing search "
    "of the live stages, the journey-time transforms and building the 90,000-row frame."
    "\n\n"
    "Issue 16, third pass, before → after, the old and new code in alternating processes (5 rounds each, "
    "median of 11 calls per round, every call solving the traffic afresh, 1-min load 1.2–3.1 on 2 cores): "
    "bank 21.4 → 16.1 ms (`staffing=False` 17.4 → 12.3), council_adult_social_care 13.5 → 12.9 ms (10.4 → "
    "9.3), telecom_shop_and_phone 26.1 → 19.8 ms (22.1 → 16.3), omnichannel_phone_chat_email 849 → 834 ms "
    "(within noise: 99% of it is `_solve_traffic`). The analytic engine hands its figures to `Results` as "
    "arrays and the long frame (107,000 rows for bank) is built only when `data` is first read (and "
    "faster when it is: 3.9 → 2.9 ms for bank); `value`, `per_period_arrays`, `horizon`, `kpis`, "
    "`summary` and the labels answer from the arrays, and the flags are explained from the rows they "
    "concern. Every figure identical (`data`, the look-ups, warnings and `assess` of all four examples, "
    "with and without the staffing search and at double demand, and the simulation's results, compared "
    "exactly). The ≤ 10 ms target for bank is not met: what is left is the traffic iteration, the "
    "staffing search of the live stages and the journey-time transforms."
    "\n\n"
    "Issue 16, fourth pass, before → after, the old and new code in alternating processes (6 rounds each, "
    "median of 11 calls per round, every call solving the traffic afresh, 1-min load 2.6 on 2 cores): bank "
    "17.6 → 12.5 ms (`staffing=False` 13.4 → 9.3), council_adult_social_care 12.4 → 8.8 ms (10.0 → 6.3), "
    "telecom_shop_and_phone 19.2 → 12.9 ms (15.2 → 9.8, thread time), omnichannel_phone_chat_email 858 → "
    "824 ms (2 rounds of 3 calls; nearly all of its time is the desk's formulas). The traffic equations' step, the "
    "stage sums and the segments' shares of abandonment are compiled kernels doing numpy's arithmetic in "
    "numpy's order (np.einsum's sums in order from 0, np.roll then np.bincount, sums over leading axes one "
    "after another; `tests/test_compiled_equivalence.py` checks them bit for bit against the numpy "
    "expressions); the rounds call the compiled Erlang A without `erlang_a`'s checks and copies; integer "
    "Erlang A staffing takes the numpy search's own steps element by element in a compiled kernel (the same "
    "candidates, answers and metrics; the metrics of the last candidate that met the targets are kept, not "
    "computed again); one queue of `erlang_c` comes straight from the kernel's element (some twenty calls "
    "in a deferred stage's staffing search), which no longer builds the figures it does not read; the "
    "exponential waits' transforms are one compiled pass (the numpy expression's temporaries of 16 × 2,049 "
    "complex numbers cost more in page faults than in arithmetic) and the powers of z, the damping and the "
    "delays' transforms are kept per grid. Every figure identical (the long table, warnings and KPIs of "
    "all four examples at up to seven lever settings — base, double and half demand, two fewer and three "
    "more staff, bank with redials at single and double demand; omnichannel_phone_chat_email as shipped "
    "only — with and without the staffing search: 36 "
    "results, 32 identical) except council_adult_social_care's `resolved_within_target`, within 2.5e-12 "
    "relative: numpy fuses the complex products of the exponential transform where the processor has "
    "fused multiply-add, the kernel rounds them twice. The ≤ 10 ms target for bank is not met: about 5 ms "
    "of what is left is the compiled Erlang A itself (ten rounds of 2,016 queues in the traffic iteration, "
    "bound by its logarithms, exponentials and series, and the live stages' staffing search), and fewer "
    "rounds would move the figures: the iteration stops once abandonment changes by less than 1e-7 in a "
    "round, so a differently converging one may stop anywhere within that tolerance, beyond the 1e-9 "
    "allowed."
    "\n\n"
    "Issue 16, fifth pass, before → after, the old and new code in alternating processes (7 rounds each, "
    "median of 11 calls per round, every call solving the traffic afresh, thread time, 1-min load 2.1–2.4 "
    "on 2 cores): bank 11.2 → 7.7 ms (`staffing=False` 8.4 → 5.9), council_adult_social_care 7.5 → 7.2 ms "
    "(5.7 → 5.5), telecom_shop_and_phone 12.0 → 9.1 ms (8.9 → 7.3), omnichannel_phone_chat_email 788 → "
    "791 ms (2 rounds of 3 calls, within noise). A week repeats its days and nights: of the 2,016 queues "
    "of bank's three abandoning stages in a round of the traffic iteration only 441 are distinct (147 of "
    "the 672 periods of each stage). The compiled Erlang A now computes each distinct queue once and "
    "copies its figures to the queues whose five inputs equal it bit for bit (a hash table of the "
    "inputs' bit patterns: equal bits, equal figures, so every figure is the one computed alone; "
    "`tests/test_compiled_equivalence.py` checks every column against the one queue's own kernel, "
    "fallbacks to the numpy path included), and the integer Erlang A staffing search searches each "
    "distinct period once (its inputs and the targets used equal bit for bit: the same answer and "
    "metrics, checked against the numpy search with repeated elements); the journey-time system's "
    "chances of resolving, which P(resolved within the target) read for its structure and the mean time "
    "to resolution solve, are built once per route instead of twice. Every figure identical (the long "
    "table, warnings, KPIs and the desk's `methods` and `answered_by` of all four examples at up to seven "
    "lever settings — base, double and half demand, two fewer and three more staff in every stage, bank "
    "with redials at single and double demand; omnichannel_phone_chat_email as shipped only — with and "
    "without the staffing search: 36 results, all 36 identical bit for bit). On inputs that never repeat "
    "the search for equal inputs costs about 2% of the kernel's time (2,016 distinct queues: 1.30 → "
    "1.33 ms with the service level; staffing 11.2 → 11.3 ms, interleaved in one process). Tried and "
    "not adopted, no gain beyond noise for telecom_shop_and_phone's traffic step (in one process): "
    "skipping its zero routing shares (75 → 72 µs a step) and its per-period modulo (74.8 → 74.9 µs, "
    "interleaved); its time is the arithmetic over 32,000 flows. The ≤ 10 ms target for bank is met "
    "(7.7 ms; 7.6–8.1 ms in four runs of this table at 1-min load 1.8–2.6). What is left is spread "
    "thin (shares of the profile "
    "above): the journey-time transforms (about 28%: sixteen exponential wait transforms per live "
    "stage, the route systems at 2,049 frequencies), the traffic iteration (about a third, a third of "
    "it the 441 distinct Erlang A queues of each round), the staffing searches (about a fifth, half of "
    "it the deferred stage's) and the glue between them."
)
"""Before → after of earlier speed-ups (measured once; the old code cannot be re-run here)."""

DESK_FIXED_POINT = (
    "`evaluate(omnichannel_phone_chat_email)` now gives the fixed point of the traffic iteration with the "
    "desk's exact figures, not one with figures up to `ROUND_TOLERANCE` (1e-3) stale: every figure of "
    "`results.data` and the KPIs is within 4e-8 (relative, floor 1 as in "
    "`tests/test_analytic_convergence.py`) of the iteration run to 1e-13 with the desk evaluated afresh in "
    "every round, where it was up to 3.2e-3 away (KPIs 3.5e-4: 1,285.74 contacts abandoned against 1,286.19);"
    " at 1.3× demand 5.9e-3 → 1.1e-8, at 0.7× 3.8e-3 → 1.3e-8. A round's tolerance is now also at most the "
    "largest relative move of the desk's inputs since the previous round (`analytic_desk.ROUND_STEPS`), so "
    "the stale share vanishes as the iteration settles: 16 rounds instead of 13, 497 desk evaluations instead"
    " of 307. Their cost is made up in the desk's formulas, every figure identical (781 recorded "
    "`desk_metrics` calls compared exactly, and the whole results table): the pieces of the approximation's "
    "rounds that are elementwise arithmetic are compiled kernels doing the same operations in the same order "
    "(`desk_kernels`: sums in numpy's pairwise order, `math.exp`/`expm1`; matrix products stay with numpy), a"
    " desk's fixed arguments are checked and its pools built once per desk instead of once per interval "
    "(`DeskIntervals`), its blending constants once per interval instead of every round, and the evaluator "
    "compares a round's inputs with every period's at once: one `desk_metrics` call 2.40–2.44 → 1.21 ms, a "
    "ratio of 0.50 (median of 5 passes over the 781 calls each, old and new code in alternating processes, "
    "1-min load 1.7–1.8). Whole call, old and new code in alternating processes (4 rounds each, median of 5 "
    "calls per round, each solving the traffic afresh, thread time, 1-min load 1.7–2.1 on 2 cores): 787–861 →"
    " 647–693 ms, a ratio of 0.77–0.82 (median 0.81); the first evaluate in a new process 1.54 → 1.41 s "
    "(kernels from numba's cache; compiling them the first time takes about 4 s, now part of `python -m "
    "svcdesign.warmup`)."
)
"""The omnichannel desk's fixed point (issue 16, fifth pass): measured once, by hand."""


def median_ms(scenario: sd.Scenario, runs: int, **options: object) -> float:
    for _ in range(2):
        sd.evaluate(scenario, **options)
    times = []
    for _ in range(runs):
        analytic.TRAFFIC.clear()  # every call solves the traffic (none kept from the last)
        start = time.perf_counter()
        sd.evaluate(scenario, **options)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def parts(scenario: sd.Scenario) -> dict[str, float]:
    """Share of the profiled time of 10 calls spent in each part (cumulative)."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(10):
        analytic.TRAFFIC.clear()
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
        f"intervals), median of {args.runs} calls after two warm-ups, ms, each call solving the traffic afresh "
        "(the engine's kept traffic solutions emptied before it); the parts are shares of a cProfile "
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
        HISTORY,
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, numpy "
        f"{np.__version__}; 1-min load average at the end {os.getloadavg()[0]:.2f} (shared cores: absolute "
        "times are noisy).",
        "",
        "### Omnichannel desk, fixed point",
        "",
        DESK_FIXED_POINT,
        "",
    ]
    publish(SECTION, "\n".join(lines), write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
