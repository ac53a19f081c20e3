"""Speed and outcome of the multi-skill desk staffing search (``svcdesign.explore.staff_desk`` and
``plan_desk``).

Run: ``.venv/bin/python benchmarks/bench_desk_staffing.py`` (add ``--no-write`` to leave RESULTS.md alone).

Cases:

* an exact oracle (the multi-skill Markov chain, :func:`svcdesign.formulas.queueing.multiskill_metrics`) on
  the W design of ``tests/test_desk_staffing.py`` with P(wait) targets ("W, P(wait)"), where every linear
  cut fails the concavity check, and the same design with mean-wait targets, where the cuts hold;
* the simulation oracle of :func:`svcdesign.explore.plan_desk` (5 replications of 8 hours after a warm-up
  hour, seed 0) on the example ``omnichannel_phone_chat_email`` at Monday 10:00 and 12:00.

Each runs to a proof (the default ``max_rounds``) and stopped after 25 rounds (``plan_desk``'s fixed limit
before the search's no-good cuts covered every staffing seen to miss a target). Reported: wall time (one
run each, after a warm-up of the simulation and of the chain), rounds of cutting planes and the time in
the integer programmes (counted by wrapping ``_Cuts.solve``), oracle calls, the plan's cost and whether it
is proved the cheapest on its sample. No peer is timed: no maintained Python package staffs a multi-skill
desk against a simulation.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable, Mapping

import numpy as np
from results_section import publish

import svcdesign as sd
from svcdesign.explore import desk_staffing
from svcdesign.explore.desk_plan import plan_desk
from svcdesign.explore.desk_staffing import DeskOracle, MetricEstimate, staff_desk
from svcdesign.formulas.queueing import multiskill_metrics
from svcdesign.model import ServiceTarget

SECTION = "## Desk staffing search"
H = 300.0
NAN = float("nan")
W_HANDLE = [[H, NAN, H], [NAN, H, 1.2 * H]]
W_ROUTING = [[0, 2], [1, 2]]


BEFORE_AFTER = (
    "Before → after (2026-12-06, the tree before the change run with this script, adapted to it, in "
    "separate processes on the same machine, load under 1): no-good cuts had come only from cuts shown "
    "invalid, as one binary per group and cut; now every staffing seen to miss a target gives one (the "
    "highest, none above a feasible one) and the integer programme reads them as one binary per corner of "
    "the staffings they leave; the fluid bound no longer asks capacity for a type without a target (deferred "
    "email). Exact chain, W design, P(wait) targets, to a proof: 9.80 → 1.68 s, 106 → 25 rounds, "
    "7.50 → 0.15 s in the integer programmes, 149 → 100 chain solutions; stopped after 25 rounds, a plan "
    "costing 8.00 (not proved) → 7.90 (proved). Omnichannel example, Monday 10:00: 25 rounds 1.54 s "
    "(148 simulations) → 2.02 s (197), the same plan, not proved; 1000 rounds 511 s (736 rounds, 497 s in "
    "the integer programmes, 916 simulations) and still not proved, the fluid bound above the plan's cost "
    "→ 14.2 s, proved in 212 rounds. `plan_desk` used to stop after 25 rounds; it now runs to a proof by "
    "default (`max_rounds`). On notebook 07's desk with at most two cross-trained agents (Monday 10:00, "
    "seeds 0–2) that finds 9 + 6 + 2 agents at 368.57 an hour, proved, where 25 rounds stopped at 407.14 "
    "or 387.86 (3.0–3.4 s against 0.8–1.0 s). Then (2026-12-06, the rows above against the previous "
    "table, same script, load under 1): each round's staffing is repaired to a feasible one (an agent at a "
    "time where the forward differences promise most of the shortfall per cost, stopped at the incumbent's "
    "cost), the corners are capped (`MAX_CORNERS`, beyond it one disjunction per no-good point) and the "
    "cutting planes spend at most 3/4 of the oracle calls. W design, P(wait) targets, to a proof: 1.68 → "
    "1.55 s, 25 → 19 rounds, 100 → 94 chain solutions; mean-wait targets: 0.87 → 1.71 s, 4 → 15 rounds, "
    "23 → 69 — the repair's trail shows the mean wait not concave along it, so cuts the earlier proof rested "
    "on are dropped as invalid and the proof rests on no-good cuts; omnichannel example to a proof, Monday "
    "10:00: 14.2 → 0.57 s, 212 → 8 rounds, 849 → 60 simulations, 12:00: 12.5 → 0.61 s, 177 → 8 rounds, "
    "710 → 62; stopped at 25 rounds both are now proved (were not). A desk of eight groups in a ring "
    "(`tests/test_desk_staffing.py`, Erlang A per type): the upper staffing, 200 agents, after the 2,000 "
    "oracle calls (87 s) → 56 agents in 2 s (both timed while the test suite ran), minimality checked (no "
    "staffing of fewer than 54 meets the targets); five groups 125 → 35; random no-good points in twelve "
    "groups had asked numpy for 27 GiB (the corners' comparison array)."
)


class _Counter:
    """Rounds of cutting planes and seconds in the integer programmes, counted around ``_Cuts.solve``."""

    def __init__(self) -> None:
        self.rounds, self.seconds = 0, 0.0
        self._solve = desk_staffing._Cuts.solve

    def __enter__(self) -> _Counter:
        solve = self._solve

        def counted(cuts: desk_staffing._Cuts) -> tuple[np.ndarray, float] | None:
            start = time.perf_counter()
            try:
                return solve(cuts)
            finally:
                self.rounds += 1
                self.seconds += time.perf_counter() - start

        desk_staffing._Cuts.solve = counted  # type: ignore[method-assign, assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        desk_staffing._Cuts.solve = self._solve  # type: ignore[method-assign]


def _exact_oracle(lam: list[float], patience: float) -> DeskOracle:
    """The exact chain as an oracle (standard errors 0), cached by staffing."""
    cache: dict[tuple[int, ...], dict[str, MetricEstimate]] = {}

    def oracle(staff: np.ndarray, replications: int, seed: int) -> Mapping[str, MetricEstimate]:
        key = tuple(int(v) for v in staff)
        if key not in cache:
            zero, one = np.zeros(len(lam)), np.ones(len(lam))
            if sum(key) == 0:  # nobody answers: every contact waits its whole patience and abandons
                p_wait, asa, p_abandon = one, one * patience, one
            else:
                m = multiskill_metrics(lam, W_HANDLE, list(key), W_ROUTING, patience)
                p_wait, asa, p_abandon = np.asarray(m.p_wait), np.asarray(m.asa), np.asarray(m.p_abandon)
            cache[key] = {
                "service_level": MetricEstimate(1.0 - p_wait, zero),
                "asa": MetricEstimate(asa, zero),
                "p_abandon": MetricEstimate(p_abandon, zero),
            }
        return cache[key]

    return oracle


EXACT_CASES = {
    "exact chain, W design, P(wait) targets": (
        [2.0 / H, 3.0 / H],
        600.0,
        [{"service_level": 0.6}, {"service_level": 0.7}],
        [1.0, 1.0, 1.3],
        [7, 7, 6],
    ),
    "exact chain, W design, mean-wait targets": (
        [3.6 / H, 2.4 / H],
        300.0,
        [{"max_asa": 20.0}, {"max_asa": 30.0}],
        [1.0, 1.05, 1.2],
        [7, 7, 7],
    ),
}
"""Arrival rates (per second), patience (s), each type's limits, costs per agent and most agents per group
of the exact cases (those of ``tests/test_desk_staffing.py``)."""


def _exact_case(name: str) -> Callable[[int], desk_staffing.DeskStaffingPlan]:
    """Case ``name`` of :data:`EXACT_CASES` as a function of the most rounds, with a fresh oracle each run
    (no chain solution is kept from one run to the next)."""
    lam, patience, limits, costs, upper = EXACT_CASES[name]
    targets = [ServiceTarget(**{"service_level": None, **limit}) for limit in limits]
    return lambda rounds: staff_desk(_exact_oracle(lam, patience), targets, costs, upper=upper, max_rounds=rounds)


def _cases() -> dict[str, Callable[[int], desk_staffing.DeskStaffingPlan]]:
    """Each case as a function of the most rounds, returning the plan."""
    example = sd.load_example("omnichannel_phone_chat_email")
    return {
        **{name: _exact_case(name) for name in EXACT_CASES},
        "plan_desk, omnichannel example, Mon 10:00": lambda rounds: plan_desk(example, 20, max_rounds=rounds).plan,
        "plan_desk, omnichannel example, Mon 12:00": lambda rounds: plan_desk(example, 24, max_rounds=rounds).plan,
    }


def measure() -> list[str]:
    """One table row per case and limit on the rounds."""
    cases = _cases()
    rows = []
    for name, run in cases.items():
        run(1)  # warm-up: the chain's and the simulation's kernels, the scenario compiled
        for rounds in (25, desk_staffing.MAX_ROUNDS):
            with _Counter() as count:
                start = time.perf_counter()
                plan = run(rounds)
                seconds = time.perf_counter() - start
            rows.append(
                f"| {name} | {rounds} | {seconds:.2f} | {count.rounds} | {count.seconds:.2f} | {plan.oracle_calls} | "
                f"{plan.cost:.2f} | {'yes' if plan.proved else 'no'} |"
            )
    return rows


def render(rows: list[str]) -> str:
    return "\n".join(
        [
            SECTION,
            "",
            f"`python benchmarks/bench_desk_staffing.py` on {platform.node()} (Python {platform.python_version()}), "
            f"{time.strftime('%Y-%m-%d %H:%M')}: one run of each after a warm-up, wall time, s. Most rounds: "
            "the search's limit on rounds of cutting planes; rounds run and the seconds in the integer programmes; "
            "oracle calls (chain solutions or simulations of 5 replications × 9 hours); the plan's cost "
            "(per interval: the costs given, or currency per hour); proved: its lower bound reaches its cost, "
            "no cheaper staffing meets the targets on the search's sample.",
            "",
            "| case | most rounds | time (s) | rounds | integer programmes (s) | oracle calls | cost | proved |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            *rows,
            "",
            BEFORE_AFTER,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/RESULTS.md alone")
    args = parser.parse_args()
    publish(SECTION, render(measure()), write=not args.no_write)


if __name__ == "__main__":
    main()
