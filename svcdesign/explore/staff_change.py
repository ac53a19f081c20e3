"""A staff change and what it does: to the week's operations, to customers and money, over 12 months.

The staffing explorer (:class:`svcdesign.present.StaffingExplorer`) shows a what-if scenario in three
steps, each computed here and drawn there as soon as it is done:

1. :func:`operations` — the analytic engine (:func:`svcdesign.evaluate`) on the what-if: per-interval
   results and the operational read-outs (service level and mean wait at the front stage,
   abandonment, first-contact resolution, staff cost);
2. :func:`customer_effects` — :func:`svcdesign.response.assess` on those results (whole-week figures):
   satisfaction, churn, employment cost, revenue at risk and the budget gap, and against the
   scenario as described the employment cost saved and the revenue put at risk, both per week;
3. :func:`twelve_months` — the dynamics engine (:func:`svcdesign.engines.dynamics.run_dynamics`) for
   :data:`MONTHS_WEEKS` weeks with the staff change made as a management decision in week
   :data:`CHANGE_WEEK` (cuts held, additions as a headcount target), against the same what-if without
   the staff change: the cumulative net saving and the staff in full-time equivalents week by week.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..engines.analytic import evaluate
from ..engines.dynamics import StaffingDecisions, run_dynamics
from ..errors import InputError
from ..model import Scenario
from ..model.compiled import expand
from ..model.roster import staff_data
from ..model.units import WEEKS_PER_YEAR
from ..response import assess
from ..results import ALL, Results

CHANGE_WEEK = 4
"""Week (0-based) of the 12-month view in which the staff change is made: a month of the current
position first, so the change's effect is visible against it (a presentation choice)."""

MONTHS_WEEKS = 52
"""Length of the 12-month view in weeks."""


@dataclass(frozen=True, eq=False)
class Operations:
    """A what-if through the analytic engine.

    ``results``: the engine's results (per interval and whole week); ``live``: the stages that answer
    contacts live (:func:`live_stages`); ``front``: the stage whose service level and wait are read
    out (:func:`front_stage`); ``readings``: ``service_level`` (share) and ``asa`` (s) at ``front``,
    ``p_abandon_any`` and ``fcr`` (shares) and ``staff_cost`` (currency per week) for the whole chain —
    NaN for a figure the engine does not report; ``per_interval``: ``service_level`` and ``p_abandon``
    (shares, all customers) as arrays ``[live stage, interval]``.
    """

    scenario: Scenario
    results: Results
    live: list[str]
    front: str
    readings: dict[str, float]
    per_interval: dict[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class CustomerEffects:
    """A what-if's customers and money (whole week), and against the scenario as described.

    ``readings``: ``employment_cost`` (currency per week), ``satisfaction`` (points, 0–10), ``churn``
    (share per year), ``revenue_at_risk`` (currency per year) and ``budget_gap`` (currency per week;
    NaN without a budget). ``by_segment``: ``satisfaction`` (points) and ``churn`` (share per year) of
    each segment, in the scenario's order. ``saving``: employment cost saved, currency per week;
    ``revenue_risk``: revenue put at risk, currency per week (the yearly change ÷ weeks per year).
    """

    customers: Results
    readings: dict[str, float]
    by_segment: dict[str, list[float]]
    saving: float
    revenue_risk: float

    @property
    def net(self) -> float:
        """Saving less revenue put at risk, currency per week (positive: the change pays)."""
        return self.saving - self.revenue_risk


@dataclass(frozen=True, eq=False)
class TwelveMonths:
    """A staff change over the next 12 months, with and without it (dynamics engine, one period a week).

    ``baseline``/``changed``: the runs without and with the staff change (the same run when nothing
    changes); ``net_saving``: cumulative wages, overtime and hiring saved less revenue lost, currency,
    per week; ``staff_baseline``/``staff_changed``: staff of the whole chain, full-time equivalents.
    """

    baseline: Results
    changed: Results
    weeks: np.ndarray
    net_saving: pd.Series
    staff_baseline: np.ndarray
    staff_changed: np.ndarray
    change_week: int


def live_stages(scenario: Scenario) -> list[str]:
    """The stages that answer contacts live (not deferred work), in the scenario's order."""
    return [s.name for s in scenario.stages if not s.deferred]


def front_stage(scenario: Scenario) -> str:
    """The stage the read-outs describe: the first that answers live (else the first stage)."""
    live = live_stages(scenario)
    return live[0] if live else scenario.stage_names[0]


def operations(scenario: Scenario, *, week: int | None = None) -> Operations:
    """The analytic engine on ``scenario`` (``week``: ISO week whose peaks apply; ``None``: a typical week)."""
    results = evaluate(scenario, week=week, staffing=False)
    live, front = live_stages(scenario), front_stage(scenario)
    readings = {
        "service_level": _value(results, "service_level", front),
        "asa": _value(results, "asa", front),
        "p_abandon_any": _value(results, "p_abandon_any"),
        "fcr": _value(results, "fcr"),
        "staff_cost": _value(results, "staff_cost"),
    }
    return Operations(
        scenario=scenario,
        results=results,
        live=live,
        front=front,
        readings=readings,
        per_interval=_per_interval(results, ("service_level", "p_abandon"), live),
    )


def customer_effects(operations: Operations, baseline: CustomerEffects | None = None) -> CustomerEffects:
    """The customer models on a what-if's results, and its saving and risk against ``baseline``.

    ``baseline``: the effects of the scenario as described; ``None`` when ``operations`` is that
    scenario (nothing saved, nothing put at risk).
    """
    customers = assess(operations.scenario, operations.results, detail="horizon")
    readings = {
        name: _value(customers, name)
        for name in ("employment_cost", "satisfaction", "churn", "revenue_at_risk", "budget_gap")
    }
    segments = [g.name for g in operations.scenario.segments]
    by_segment = {name: [_value(customers, name, ALL, s) for s in segments] for name in ("satisfaction", "churn")}
    if baseline is None:
        return CustomerEffects(
            customers=customers, readings=readings, by_segment=by_segment, saving=0.0, revenue_risk=0.0
        )
    saving = baseline.readings["employment_cost"] - readings["employment_cost"]
    risk = (readings["revenue_at_risk"] - baseline.readings["revenue_at_risk"]) / WEEKS_PER_YEAR
    return CustomerEffects(
        customers=customers, readings=readings, by_segment=by_segment, saving=saving, revenue_risk=risk
    )


def twelve_months(
    scenario: Scenario, base: Scenario, *, weeks: int = MONTHS_WEEKS, change_week: int = CHANGE_WEEK
) -> TwelveMonths:
    """``scenario``'s staff change against ``base`` over ``weeks`` weeks, made in week ``change_week``.

    The staff change is every stage whose staff (roster or seat adjustment) differs between ``scenario``
    (a what-if) and ``base`` (the scenario it was made from); every other change of the what-if applies
    to both runs. It is made as a management decision in full-time equivalents (:func:`staff_decisions`).
    """
    moved: dict[str | tuple, Any] = {}
    for index, stage in enumerate(base.stages):
        now = scenario.stage(stage.name)
        if now.staff != stage.staff or now.staff_adjustment != stage.staff_adjustment:
            moved[("stages", index, "staff")] = staff_data(stage.staff)
            moved[("stages", index, "staff_adjustment")] = stage.staff_adjustment
    before = scenario.with_overrides(moved, name=f"{base.name} (no staff change)") if moved else scenario
    start = run_dynamics(before, weeks=weeks)
    weekly = start.meta["weekly"]
    decisions = staff_decisions(before, scenario, weekly, weeks=weeks, change_week=change_week)
    after = run_dynamics(before, weeks=weeks, decisions=decisions) if decisions else start
    w0, w1 = weekly, after.meta["weekly"]
    net = (
        (w0[("total", "total_cost")] - w1[("total", "total_cost")])
        - (w0[("total", "revenue")] - w1[("total", "revenue")])
    ).cumsum()
    return TwelveMonths(
        baseline=start,
        changed=after,
        weeks=np.arange(weeks),
        net_saving=net,
        staff_baseline=w0[("total", "staff")].to_numpy(),
        staff_changed=w1[("total", "staff")].to_numpy(),
        change_week=change_week,
    )


def staff_decisions(
    before: Scenario,
    after: Scenario,
    weekly: pd.DataFrame,
    *,
    weeks: int = MONTHS_WEEKS,
    change_week: int = CHANGE_WEEK,
) -> dict[str, StaffingDecisions]:
    """Each stage's staff change from ``before`` to ``after`` as a decision in full-time equivalents.

    A stage's FTE after the change is its FTE in week 0 of the dynamics run of ``before`` (``weekly``)
    times the ratio of the paid staff hours a week after and before. A cut is made in ``change_week``
    and held; an addition is a headcount target from ``change_week`` on (hiring takes time).
    """
    x0, x1 = expand(before), expand(after)
    out = {}
    for s, name in enumerate(x0.stages):
        hours0, hours1 = x0.staff[s].sum(), x1.staff[s].sum()
        if hours0 == hours1:
            continue
        fte0 = float(weekly[(name, "staff")].iloc[0])
        fte1 = fte0 * hours1 / hours0 if hours0 > 0 else 0.0
        if fte1 < fte0:
            out[name] = StaffingDecisions(cuts={change_week: fte0 - fte1}, hold_cuts=True)
        else:
            target = np.full(weeks, np.nan)
            target[change_week:] = fte1
            out[name] = StaffingDecisions(headcount_target=target)
    return out


def _per_interval(results: Results, metrics: tuple[str, ...], stages: list[str]) -> dict[str, np.ndarray]:
    """Per-interval values ``[stage, interval]`` of each metric (all customers), the long table's
    columns read once as numpy arrays (faster than pivoting it for every metric)."""
    d = results.data
    metric, stage = d["metric"].to_numpy(dtype=object), d["stage"].to_numpy(dtype=object)
    period, value = d["period"].fillna(-1).to_numpy(dtype=np.int64), d["value"].to_numpy(dtype=float)
    rows = (d["segment"].to_numpy(dtype=object) == ALL) & ~d["period"].isna().to_numpy()
    out = {}
    for name in metrics:
        chosen = np.flatnonzero((metric == name) & rows)
        at, when, values = stage[chosen], period[chosen], value[chosen]
        out[name] = np.array([values[at == s][np.argsort(when[at == s], kind="stable")] for s in stages], dtype=float)
    return out


def _value(results: Results, metric: str, stage: str = ALL, segment: str = ALL) -> float:
    try:
        return results.value(metric, stage, segment=segment)  # indexed once per Results
    except InputError:
        return float("nan")  # a figure the engine does not report (no budget: no budget gap)


__all__ = [
    "CHANGE_WEEK",
    "MONTHS_WEEKS",
    "CustomerEffects",
    "Operations",
    "TwelveMonths",
    "customer_effects",
    "front_stage",
    "live_stages",
    "operations",
    "staff_decisions",
    "twelve_months",
]
