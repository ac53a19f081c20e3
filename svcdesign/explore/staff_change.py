"""A staff change and what it does: to the week's operations, to customers and money, over 12 months.

The staffing explorer (:class:`svcdesign.present.StaffingExplorer`) shows a what-if scenario in three
steps, each computed here and drawn there as soon as it is done:

1. :func:`operations` — the analytic engine (:func:`svcdesign.evaluate`) on the what-if: per-interval
   results and the operational read-outs (service level and mean wait at the front stage — with a
   multi-skill service desk, at the desk's live contact types together — abandonment, first-contact
   resolution, staff cost of the chain's stages and the desk's agent groups);
2. :func:`customer_effects` — :func:`svcdesign.response.assess` on those results (whole-week figures):
   satisfaction, churn, employment cost, revenue at risk (or, for a public service, the cost of
   failure) and the budget gap;
   :func:`net_effect` — the money against the scenario as described, from :func:`svcdesign.compare`
   on the two scenarios: the net effect over a year of the scenario's calendar with its range, the
   probability the change pays and its break-even, the staff cost saved and the customer cost added;
3. :func:`twelve_months` — the dynamics engine (:func:`svcdesign.engines.dynamics.run_dynamics`) for
   :data:`MONTHS_WEEKS` weeks with the staff change made as a management decision in week
   :data:`CHANGE_WEEK` (cuts held, additions as a headcount target), against the same what-if without
   the staff change: the cumulative net saving and the staff in full-time equivalents week by week
   (with a service desk, per agent group and chain stage: the dynamics engine's service centres).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..engines.analytic import evaluate
from ..engines.dynamics import StaffingDecisions, run_dynamics
from ..errors import InputError
from ..model import Scenario, ServiceTarget
from ..model.compiled import ScenarioArrays, expand
from ..model.roster import staff_data
from ..response import assess
from ..results import ALL, Results
from .compare import Comparison, compare
from .flows import target_of

CHANGE_WEEK = 4
"""Week (0-based) of the 12-month view in which the staff change is made: a month of the current
position first, so the change's effect is visible against it (a presentation choice)."""

MONTHS_WEEKS = 52
"""Length of the 12-month view in weeks."""

AS_DESCRIBED = "as described"
"""The baseline's name in :func:`net_effect`'s comparison."""
WITH_CHANGES = "with your changes"
"""The what-if's name in :func:`net_effect`'s comparison."""


@dataclass(frozen=True, eq=False)
class Operations:
    """A what-if through the analytic engine.

    ``results``: the engine's results (per interval and whole week); ``live``: the service desk's contact
    types and the chain's stages that answer contacts live (:func:`live_steps`); ``front``: the stage
    whose service level and wait are read out (:func:`front_stage`), or with a service desk ``front_types``:
    its live contact types, read out together (``front`` is then empty); ``targets``: the service target
    of each of ``live`` (its own, else the scenario's); ``readings``: ``service_level`` (share) and ``asa``
    (s) at ``front`` — at a desk, over the arrivals at ``front_types``: the share of them answered within
    their own contact type's target time, and their mean wait — ``p_abandon_any`` and ``fcr`` (shares)
    and ``staff_cost`` (currency per week) for the whole chain and desk — NaN for a figure the engine does
    not report; ``per_interval``: ``service_level`` and ``p_abandon`` (shares, all customers) and
    ``arrivals`` (contacts, where 0 marks an interval the shares do not describe) as arrays ``[live, interval]``.
    """

    scenario: Scenario
    results: Results
    live: list[str]
    front: str
    readings: dict[str, float]
    per_interval: dict[str, np.ndarray]
    front_types: list[str] = field(default_factory=list)
    targets: dict[str, ServiceTarget] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class CustomerEffects:
    """A what-if's customers and money over the week evaluated (:func:`svcdesign.response.assess`).

    ``readings``: ``employment_cost`` (currency per week), ``satisfaction`` (points, 0–10), ``churn``
    (share per year, were every week like this one; NaN for a public service), ``revenue_at_risk``
    (currency per week: the lifetime margin of the customers the week's service loses; NaN for a
    public service), ``cost_of_failure`` (currency per week; public services only, else NaN) and
    ``budget_gap`` (currency per week; NaN without a budget). ``by_segment``: ``satisfaction`` (points)
    and ``churn`` (share per year) of each segment, in the scenario's order.
    """

    customers: Results
    readings: dict[str, float]
    by_segment: dict[str, list[float]]


@dataclass(frozen=True, eq=False)
class NetEffect:
    """A what-if's money against the scenario as described, as :func:`svcdesign.compare` gives it.

    ``comparison``: the comparison of the scenario as described (:data:`AS_DESCRIBED`, the baseline)
    and the what-if (:data:`WITH_CHANGES`). ``readings`` (currency per ``comparison.period``, normally
    a year of the scenario's calendar): ``net_effect`` (central), ``net_effect_low`` and
    ``net_effect_high`` (5th and 95th percentiles), ``p_pays`` (share of plausible cases in which the
    change pays), ``staff_saving`` (staff cost saved), ``customer_cost`` (customer cost added: the
    lifetime margin of the extra customers lost, or for a public service the extra cost of failure)
    and, for a public service, ``cost_of_failure`` (the what-if's), else ``churn`` (the what-if's, share
    over a year of the calendar); ``staff_saving − customer_cost``
    is ``net_effect``. NaN without the shipped customer model. ``statement``: the break-even sentence
    (empty when nothing changed); ``public``: whether the organisation is a public service.
    """

    comparison: Comparison
    readings: dict[str, float]
    statement: str
    public: bool
    changed: bool


@dataclass(frozen=True, eq=False)
class TwelveMonths:
    """A staff change over the next 12 months, with and without it (dynamics engine, one period a week).

    ``baseline``/``changed``: the runs without and with the staff change (the same run when nothing
    changes); ``net_saving``: cumulative wages, overtime and hiring saved less the customer cost added —
    the lifetime margin of the extra customers lost (``revenue_at_risk``, the measure :func:`net_effect`
    and :func:`svcdesign.compare` use) or, for a public service, the extra cost of failure — currency,
    per week. It is a path through the year with the organisation's responses (the change made in week
    :data:`CHANGE_WEEK`, overtime, hiring, quality under pressure), so it need not equal the steady
    year of :func:`net_effect`; ``staff_baseline``/``staff_changed``: staff of the whole chain, full-time equivalents.
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


def live_steps(scenario: Scenario) -> list[str]:
    """The service desk's contact types and the chain's stages that answer contacts live (not deferred
    work): the contact types first, each in the scenario's order (:func:`live_stages` without a desk)."""
    desk = scenario.service_desk
    types = [] if desk is None else [t.name for t in desk.contact_types if not t.deferred]
    return types + live_stages(scenario)


def front_stage(scenario: Scenario) -> str:
    """The stage the read-outs describe: the first that answers live (else the first stage)."""
    live = live_stages(scenario)
    return live[0] if live else scenario.stage_names[0]


def operations(scenario: Scenario, *, week: int | None = None) -> Operations:
    """The analytic engine on ``scenario`` (``week``: ISO week whose peaks apply; ``None``: a typical week)."""
    results = evaluate(scenario, week=week, staffing=False)
    live = live_steps(scenario)
    desk = scenario.service_desk
    front_types = [] if desk is None else [t.name for t in desk.contact_types if not t.deferred]
    front = "" if front_types else front_stage(scenario)
    readings = {
        "service_level": _value(results, "service_level", front)
        if front
        else _over(results, "service_level", front_types),
        "asa": _value(results, "asa", front) if front else _over(results, "asa", front_types),
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
        per_interval=results.per_period_arrays(("service_level", "p_abandon", "arrivals"), live),
        front_types=front_types,
        targets={name: target_of(scenario, name) for name in live},
    )


def shared_target(targets: dict[str, ServiceTarget]) -> tuple[tuple[float, float | None] | None, float | None]:
    """The targets the figure of several lines can draw: ``(service level share, seconds)`` when every one of
    ``targets`` has the same service-level share (seconds ``None`` unless they share the time too), and the
    largest abandonment (share) when they all have the same; ``None`` for either otherwise."""
    levels = {t.service_level for t in targets.values()}
    times = {t.answer_within for t in targets.values()}
    abandons = {t.max_abandon for t in targets.values()}
    level = levels.pop() if len(levels) == 1 else None
    service = (level, times.pop() if len(times) == 1 else None) if level is not None else None
    return service, abandons.pop() if len(abandons) == 1 else None


def _over(results: Results, metric: str, names: list[str]) -> float:
    """``metric`` over the arrivals at ``names`` together: their values weighted by their arrivals (the
    weight of ``service_level`` and ``asa`` in the metric catalogue); NaN when nothing arrives."""
    arrivals = np.array([_value(results, "arrivals", n) for n in names])
    values = np.array([_value(results, metric, n) for n in names])
    total = float(np.nansum(arrivals))
    return float(np.nansum(arrivals * values) / total) if total > 0 else float("nan")


def customer_effects(operations: Operations) -> CustomerEffects:
    """The customer models on a what-if's results (whole-week figures, see :class:`CustomerEffects`)."""
    customers = assess(operations.scenario, operations.results, detail="horizon")
    names = ("employment_cost", "satisfaction", "churn", "revenue_at_risk", "cost_of_failure", "budget_gap")
    readings = {name: _value(customers, name) for name in names}
    segments = [g.name for g in operations.scenario.segments]
    by_segment = {name: [_value(customers, name, ALL, s) for s in segments] for name in ("satisfaction", "churn")}
    return CustomerEffects(customers=customers, readings=readings, by_segment=by_segment)


def net_effect(scenario: Scenario, base: Scenario) -> NetEffect:
    """The money of ``scenario`` (a what-if) against ``base`` (the scenario as described): :func:`compare`
    on the two with the analytic engine over a year of ``base``'s calendar (see :class:`NetEffect`)."""
    comparison = compare(base, scenario, names=[AS_DESCRIBED, WITH_CHANGES])
    public = base.organisation.kind == "public"
    net, even, values = comparison.net_effect, comparison.break_even, comparison.values
    names = ("net_effect", "net_effect_low", "net_effect_high", "p_pays", "staff_saving", "customer_cost")
    readings = dict.fromkeys(names, float("nan"))
    statement = ""
    if net is not None and even is not None:  # the shipped customer model: every option has both rows
        at = net.columns.get_loc
        row = net.to_numpy(dtype=float)[net.index.get_loc(WITH_CHANGES)]
        for name, column in zip(names[:4], ("central", "low", "high", "p_pays"), strict=True):
            readings[name] = float(row[at(column)])
        money = values["cost_of_failure" if public else "revenue_effect"].astype(float)
        change = float(money[WITH_CHANGES]) - float(money[AS_DESCRIBED])
        readings["customer_cost"] = change if public else -change + 0.0  # − margin lost (+ 0.0: never "-0")
        if public:
            readings["cost_of_failure"] = float(money[WITH_CHANGES])
        else:
            readings["churn"] = float(values["churn"].astype(float)[WITH_CHANGES])
        readings["staff_saving"] = float(even["saving"].astype(float)[WITH_CHANGES])
        statement = str(even["statement"][WITH_CHANGES])
    changed = scenario != base
    return NetEffect(
        comparison=comparison,
        readings=readings,
        statement=statement if changed else "",
        public=public,
        changed=changed,
    )


def twelve_months(
    scenario: Scenario, base: Scenario, *, weeks: int = MONTHS_WEEKS, change_week: int = CHANGE_WEEK
) -> TwelveMonths:
    """``scenario``'s staff change against ``base`` over ``weeks`` weeks, made in week ``change_week``.

    The staff change is every stage whose staff (roster or seat adjustment) differs between ``scenario``
    (a what-if) and ``base`` (the scenario it was made from); every other change of the what-if applies
    to both runs. It is made as a management decision in full-time equivalents (:func:`staff_decisions`).
    With a service desk its agent groups change as stages do (the dynamics engine's service centres).
    """
    moved: dict[str | tuple, Any] = {}
    for index, stage in enumerate(base.stages):
        now = scenario.stage(stage.name)
        if now.staff != stage.staff or now.staff_adjustment != stage.staff_adjustment:
            moved[("stages", index, "staff")] = staff_data(stage.staff)
            moved[("stages", index, "staff_adjustment")] = stage.staff_adjustment
    desk, changed_desk = base.service_desk, scenario.service_desk
    pairs = zip(desk.groups, changed_desk.groups, strict=True) if desk and changed_desk else iter(())
    for index, (group, changed) in enumerate(pairs):
        if changed.staff != group.staff or changed.staff_adjustment != group.staff_adjustment:
            moved[("service_desk", "groups", index, "staff")] = staff_data(group.staff)
            moved[("service_desk", "groups", index, "staff_adjustment")] = group.staff_adjustment
    before = scenario.with_overrides(moved, name=f"{base.name} (no staff change)") if moved else scenario
    start = run_dynamics(before, weeks=weeks)
    weekly = start.meta["weekly"]
    decisions = staff_decisions(before, scenario, weekly, weeks=weeks, change_week=change_week)
    after = run_dynamics(before, weeks=weeks, decisions=decisions) if decisions else start
    w0, w1 = weekly, after.meta["weekly"]
    money = "cost_of_failure" if base.organisation.kind == "public" else "revenue_at_risk"
    net = (
        (w0[("total", "total_cost")] - w1[("total", "total_cost")]) - (w1[("total", money)] - w0[("total", money)])
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
    x0, x1 = expand(before, engine="dynamics"), expand(after, engine="dynamics")
    out = {}
    for name, hours0, hours1 in _paid_hours(x0, x1):
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


def _paid_hours(x0: ScenarioArrays, x1: ScenarioArrays) -> list[tuple[str, float, float]]:
    """Each agent group's and chain stage's staff hours a week before and after (a desk's contact types
    have no staff of their own)."""
    out = []
    if x0.desk is not None and x1.desk is not None:
        groups = zip(x0.desk.groups, x0.desk.staff, x1.desk.staff, strict=True)
        out += [(name, float(s0.sum()), float(s1.sum())) for name, s0, s1 in groups]
    for s in range(x0.n_types, len(x0.stages)):
        out.append((x0.stages[s], float(x0.staff[s].sum()), float(x1.staff[s].sum())))
    return out


def _value(results: Results, metric: str, stage: str = ALL, segment: str = ALL) -> float:
    try:
        return results.value(metric, stage, segment=segment)  # indexed once per Results
    except InputError:
        return float("nan")  # a figure the engine does not report (no budget: no budget gap)


__all__ = [
    "CHANGE_WEEK",
    "AS_DESCRIBED",
    "MONTHS_WEEKS",
    "WITH_CHANGES",
    "CustomerEffects",
    "NetEffect",
    "Operations",
    "TwelveMonths",
    "customer_effects",
    "front_stage",
    "live_stages",
    "live_steps",
    "shared_target",
    "net_effect",
    "operations",
    "staff_decisions",
    "twelve_months",
]
