"""A scenario through the dynamics engine: every stage's service-quality model, coupled to customers
and money, week by week, in the shared results schema.

How a scenario maps onto Oliva & Sterman's service centre (each stage is one centre):

- orders per week = contacts the stage answers in the scenario's typical week (traffic through the
  chain from the analytic engine, :func:`svcdesign.engines.analytic.evaluate`), times the weekly
  demand factor (exogenous shocks × customers won and lost);
- staff = the stage's paid hours per week ÷ ``dynamics.standard_workweek`` (full-time equivalents);
  absenteeism = the stage's shrinkage (plus any exogenous extra absence);
- the initial standard time per order T*₀ = the effective capacity the stage has today ÷ its
  orders, i.e. handle time plus the slack the current staffing gives (a modelling choice that starts
  every scenario in equilibrium); the quality reference and minimum time per order scale with it.

The customer side (:mod:`.customers`) reads each stage's delivered quality and lateness and feeds the
demand factor back. Because customers react to last week's service, the coupled system is solved by
waveform relaxation: run the stages over the whole horizon with the current demand path, run the
customers, repeat until the demand path no longer changes (it converges in a few sweeps; causality
bounds it by the number of weeks).

Money per stage and week (scenario currency): paid contract hours × wage, overtime hours × wage ×
(1 + ``costs.overtime_premium``), hires × ``dynamics.money.hiring_cost_weeks`` weeks of pay. Revenue
per segment = customers × annual_value / 52; revenue at risk = the annual value of the customers lost
so far (net of word of mouth).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from svcdesign.assumptions import load_assumptions
from svcdesign.errors import InputError
from svcdesign.model import Scenario
from svcdesign.results import ALL, LongBuilder, Metric, Results, aggregate_periods, register

from . import model as m
from .customers import CustomerParams, customer_path
from .inputs import Exogenous, StaffingDecisions, weekly_array
from .params import DynamicsParams
from .run import simulate

__all__ = ["run_dynamics", "MONEY_ROWS", "WEEK_MINUTES"]

WEEK_MINUTES = 10080
MAX_SWEEPS = 200
TOLERANCE = 1e-10
"""Waveform relaxation stops when the demand path changes by less than this (relative)."""

#: Money coefficients → rows of the assumptions table.
MONEY_ROWS: dict[str, str] = {
    "overtime_premium": "costs.overtime_premium",
    "hiring_cost_weeks": "dynamics.money.hiring_cost_weeks",
}

_METRICS = [
    Metric("backlog", "contacts", "Backlog", "work waiting at the stage (start of the week)", "time"),
    Metric("work_pressure", "share", "Work pressure", "(desired − actual capacity) ÷ desired capacity", "time"),
    Metric("overtime_hours", "h", "Overtime hours", "hours worked beyond the standard week", "sum"),
    Metric("standard_time_per_contact", "h", "Standard time per contact",
           "the service standard T*: the time per contact management considers normal", "time"),
    Metric("time_per_contact", "h", "Time per contact", "hours actually spent per contact (corners cut below T*)", "time"),
    Metric("quality", "index", "Delivered quality", "Oliva & Sterman tolerance-zone index; 1 = work done to the original standard", "time"),
    Metric("delivery_delay", "weeks", "Delivery delay", "backlog ÷ completions (Little's law), weeks", "time"),
    Metric("late_share", "share", "Late share", "share of work completed later than the desired delivery delay", "time"),
    Metric("fatigue", "index", "Fatigue", "3-week smooth of work intensity (1 = normal hours)", "time"),
    Metric("hires", "staff", "Hires", "new staff starting in the period", "sum"),
    Metric("quits", "staff", "Quits", "staff leaving of their own accord in the period", "sum"),
    Metric("layoffs", "staff", "Staff cut", "staff removed by decision in the period", "sum"),
    Metric("hiring_cost", "currency", "Hiring cost", "hires × weeks of pay per hire", "sum"),
    Metric("total_cost", "currency", "Total staff cost", "wages incl. overtime + hiring cost", "sum"),
    Metric("customer_base", "customers", "Customers", "customers of the segment (start of the week)", "time"),
    Metric("customers_lost", "customers", "Customers lost to service", "customers leaving after bad or high-effort contacts", "sum"),
    Metric("customers_won", "customers", "Customers won", "new customers (word of mouth scales the normal inflow)", "sum"),
    Metric("expected_quality", "index", "Expected quality", "customers' expectation (SMOOTH of reference and experience)", "time"),
    Metric("bad_experience_share", "share", "Bad experiences", "share of contacts worse than customers expect", "time"),
    Metric("high_effort_share", "share", "High-effort contacts", "share of contacts whose case is late somewhere", "time"),
    Metric("satisfaction_change", "index", "Satisfaction change", "b⁺·positive − |b⁻|·negative disconfirmation", "time"),
    Metric("revenue", "currency", "Revenue", "customers × annual value ÷ 52", "sum"),
    Metric("revenue_at_risk", "currency/year", "Revenue at risk", "annual value of the customers lost so far (net of word of mouth)", "time"),
]
for _metric in _METRICS:
    register(_metric)


def run_dynamics(
    scenario: Scenario,
    *,
    weeks: int = 52,
    decisions: Mapping[str, StaffingDecisions] | None = None,
    exogenous: Exogenous | None = None,
) -> Results:
    """Run ``scenario`` for ``weeks`` weeks through the coupled service-quality and customer model.

    Parameters
    ----------
    scenario:
        The service operation; its ``assumptions`` override rows of the assumptions table.
    weeks:
        Horizon in weeks.
    decisions:
        ``{stage name: StaffingDecisions}`` — cuts (in full-time equivalents), hiring freezes,
        headcount targets or ceilings per stage.
    exogenous:
        ``Exogenous(demand=..., absenteeism=...)`` where, for a scenario, ``demand`` is a weekly
        *multiplier* of the scenario's demand (1 = as described) and ``absenteeism`` extra absence on top
        of each stage's shrinkage (fraction of the remaining hours).

    Returns
    -------
    Results
        ``engine="dynamics"``, ``period_minutes=10080`` (one period per week). Per stage and week:
        arrivals (contacts), staff (FTE), staff hours and cost (incl. overtime), backlog, work pressure,
        overtime hours, standard and actual time per contact (h), quality, delivery delay, late share,
        fatigue, hires, quits, staff cut, hiring cost, total cost; stage ``"all"``: totals, and per
        segment the customer base, customers lost and won, expectations, bad and high-effort shares,
        satisfaction change, revenue and revenue at risk. Whole-horizon rows have a missing period.
        ``meta["weekly"]`` is a wide weekly DataFrame with columns (part, variable): one part per
        stage (every stock and flow of the model), ``"customers"`` and ``"total"``.
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario (Scenario.load(path))")
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or weeks < 1:
        raise InputError("weeks", weeks, "a whole number of weeks >= 1")
    decisions = dict(decisions or {})
    for name, decision in decisions.items():
        if name not in scenario.stage_names:
            raise InputError("decisions", name, f"a stage name, one of {scenario.stage_names}")
        if not isinstance(decision, StaffingDecisions):
            raise InputError(f"decisions[{name!r}]", decision, "a StaffingDecisions")
    exogenous = exogenous or Exogenous()
    factor = weekly_array("exogenous.demand", 1.0 if exogenous.demand is None else exogenous.demand, weeks)
    extra_absence = weekly_array(
        "exogenous.absenteeism", 0.0 if exogenous.absenteeism is None else exogenous.absenteeism, weeks,
        hi=1.0, hi_open=True,
    )

    table = load_assumptions().with_overrides(scenario.assumptions)
    params = DynamicsParams.from_assumptions(table)
    customers = CustomerParams.from_table(table)
    money = {field: table.value(name) for field, name in MONEY_ROWS.items()}
    base = _baseline(scenario, params, customers.episodes_per_year)

    demand_factor = np.ones(weeks)
    warnings = list(base["warnings"])
    for sweep in range(MAX_SWEEPS):
        frames = _run_stages(base, params, decisions, factor * demand_factor, extra_absence, weeks)
        quality, late = _stage_paths(frames, base, params, weeks)
        path = customer_path(customers, base["customers"], quality, late, base["visits"])
        change = np.max(np.abs(path.demand_factor - demand_factor))
        demand_factor = path.demand_factor
        if change <= TOLERANCE:
            break
    else:  # pragma: no cover - causality bounds the sweeps by the horizon
        warnings.append(f"customer feedback did not settle in {MAX_SWEEPS} sweeps (last change {change:.2g})")
    meta = {
        "engine": "dynamics", "scenario": scenario.name, "currency": scenario.organisation.currency,
        "warnings": warnings, "sweeps": sweep + 1, "weeks": weeks,
        "assumptions": {name: table.value(name) for name in scenario.assumptions},
    }
    return _results(scenario, base, frames, path, quality, late, money, params, meta)


# ----------------------------------------------------------------------------------- baseline
def _baseline(scenario: Scenario, params: DynamicsParams, episodes_per_year: float) -> dict[str, Any]:
    """Week-0 figures per stage from the analytic engine (traffic through the chain).

    A segment without a customer count gets first contacts × share × 52 ÷ episodes per year.
    """
    from svcdesign.engines.analytic import evaluate  # local: the analytic engine imports queueing kernels

    analytic = evaluate(scenario, staffing=False).horizon()
    names = scenario.stage_names
    per_stage = analytic.reset_index(level=["scenario", "engine"], drop=True)
    answered = np.array([float(per_stage.loc[n, "answered"]) for n in names])
    paid_hours = np.array([float(per_stage.loc[n, "staff_hours"]) for n in names])
    first_contacts = float(per_stage.loc[ALL, "customers"])
    shrinkage = np.array([s.shrinkage for s in scenario.stages])
    wage = np.array([s.hourly_wage for s in scenario.stages])
    staff = paid_hours / params.standard_workweek
    rookie_share = params.rookie_assimilation_time / (params.rookie_assimilation_time + params.base_tenure)
    eff_fraction = m.effective_staff(rookie_share, 1.0 - rookie_share, params.rookie_effectiveness,
                                     params.trainer_time_per_rookie)
    fatigue_effect = float(np.interp(1.0, *params.fatigue_productivity))
    capacity = staff * params.standard_workweek * (1.0 - shrinkage) * eff_fraction * fatigue_effect
    warnings = []
    active = (answered > 0) & (capacity > 0)
    for name, ok in zip(names, active):
        if not ok:
            warnings.append(f"stage '{name}' has no work or no staff in the scenario's week; it is held constant")
    standard = np.where(active, capacity / np.where(answered > 0, answered, 1.0), np.nan)
    base_customers = np.array([
        g.customers if g.customers is not None else first_contacts * g.share * 52.0 / episodes_per_year
        for g in scenario.segments
    ], dtype=float)
    return {
        "names": names, "answered": answered, "paid_hours": paid_hours, "staff": staff,
        "shrinkage": shrinkage, "wage": wage, "standard": standard, "active": active,
        "visits": np.where(active, answered, 0.0) / max(first_contacts, 1e-300),
        "customers": base_customers, "value": np.array([g.annual_value for g in scenario.segments]),
        "segments": [g.name for g in scenario.segments], "warnings": warnings,
    }


def _run_stages(base, params, decisions, factor, extra_absence, weeks) -> list[pd.DataFrame | None]:
    frames: list[pd.DataFrame | None] = []
    for i, name in enumerate(base["names"]):
        if not base["active"][i]:
            frames.append(None)
            continue
        absent = 1.0 - (1.0 - base["shrinkage"][i]) * (1.0 - extra_absence)
        frames.append(simulate(
            weeks, exogenous=Exogenous(demand=base["answered"][i] * factor, absenteeism=absent),
            decisions=decisions.get(name), params=params, initial_staff=float(base["staff"][i]),
            standard_tpo=float(base["standard"][i]),
        ))
    return frames


def _stage_paths(frames, base, params, weeks) -> tuple[np.ndarray, np.ndarray]:
    """Delivered quality and late share ``[stage, week]`` (inactive stages: quality 1, never late)."""
    quality = np.ones((len(frames), weeks))
    late = np.zeros((len(frames), weeks))
    for i, frame in enumerate(frames):
        if frame is None:
            continue
        quality[i] = frame["quality"].to_numpy()
        delay = frame["delivery_delay"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            late[i] = np.clip(1.0 - params.desired_delivery_delay / delay, 0.0, 1.0)
        late[i][~np.isfinite(delay)] = 1.0
        late[i][np.abs(late[i]) < 1e-12] = 0.0
    return quality, late


# ------------------------------------------------------------------------------------ results
def _results(scenario, base, frames, path, quality, late, money, params, meta) -> Results:
    names, weeks = base["names"], quality.shape[1]
    S = len(names)
    ww = params.standard_workweek

    def stage_series(column: str, default: np.ndarray) -> np.ndarray:
        out = np.empty((S, weeks))
        for i, frame in enumerate(frames):
            out[i] = default[i] if frame is None else frame[column].to_numpy()
        return out

    zeros = np.zeros(S)
    wage = base["wage"][:, None]
    staff = stage_series("staff", base["staff"])
    overtime = stage_series("overtime_hours", zeros)
    hires = stage_series("hires", zeros)
    regular_hours = staff * ww
    staff_cost = regular_hours * wage + overtime * wage * (1.0 + money["overtime_premium"])
    hiring_cost = hires * money["hiring_cost_weeks"] * ww * wage
    delay = stage_series("delivery_delay", np.full(S, params.desired_delivery_delay))
    per_stage = {
        "arrivals": stage_series("orders", base["answered"]),
        "staff": staff,
        "staff_hours": regular_hours + overtime,
        "staff_cost": staff_cost,
        "backlog": stage_series("backlog", base["answered"] * params.desired_delivery_delay),
        "work_pressure": stage_series("work_pressure", zeros),
        "overtime_hours": overtime,
        "standard_time_per_contact": stage_series("standard_tpo", base["standard"]),
        "time_per_contact": stage_series("time_per_order", base["standard"]),
        "quality": quality,
        "delivery_delay": np.where(np.isfinite(delay), delay, np.nan),
        "late_share": late,
        "fatigue": stage_series("fatigue", np.ones(S)),
        "hires": hires,
        "quits": stage_series("quits", zeros),
        "layoffs": stage_series("layoffs", zeros),
        "hiring_cost": hiring_cost,
        "total_cost": staff_cost + hiring_cost,
    }
    builder = LongBuilder(scenario.name, "dynamics")
    builder.add(names, per_stage)
    builder.add(names, aggregate_periods(per_stage))
    totals = {k: per_stage[k].sum(axis=0, keepdims=True) for k in
              ("staff", "staff_hours", "staff_cost", "overtime_hours", "hires", "quits", "layoffs",
               "hiring_cost", "total_cost")}
    totals["arrivals"] = path.contacts.sum(axis=0, keepdims=True)
    value = base["value"][:, None]
    revenue = path.customers * value / 52.0
    at_risk = np.maximum(path.customers[:, :1] - path.customers, 0.0) * value
    totals["revenue"] = revenue.sum(axis=0, keepdims=True)
    totals["revenue_at_risk"] = at_risk.sum(axis=0, keepdims=True)
    totals["customer_base"] = path.customers.sum(axis=0, keepdims=True)
    totals["customers_lost"] = path.churned.sum(axis=0, keepdims=True)
    totals["customers_won"] = path.won.sum(axis=0, keepdims=True)
    totals["bad_experience_share"] = path.bad_share[None]
    totals["high_effort_share"] = path.effort_share[None]
    totals["satisfaction_change"] = path.satisfaction_change[None]
    builder.add([ALL], totals)
    horizon = aggregate_periods(totals)
    horizon["revenue_at_risk"] = totals["revenue_at_risk"][:, -1]
    builder.add([ALL], horizon)
    for k, segment in enumerate(base["segments"]):
        seg = {
            "customer_base": path.customers[k:k + 1], "customers_lost": path.churned[k:k + 1],
            "customers_won": path.won[k:k + 1], "expected_quality": path.expectation[k:k + 1],
            "revenue": revenue[k:k + 1], "revenue_at_risk": at_risk[k:k + 1],
            "arrivals": path.contacts[k:k + 1],
        }
        builder.add([ALL], seg, segment=segment)
        seg_horizon = aggregate_periods(seg)
        seg_horizon["revenue_at_risk"] = at_risk[k:k + 1, -1]
        builder.add([ALL], seg_horizon, segment=segment)
    meta = dict(meta)
    meta["weekly"] = _weekly_frame(names, frames, per_stage, totals, path, base["segments"])
    return Results(builder.frame(), WEEK_MINUTES, meta)


def _weekly_frame(names, frames, per_stage, totals, path, segments) -> pd.DataFrame:
    parts: dict[tuple[str, str], np.ndarray] = {}
    for i, name in enumerate(names):
        if frames[i] is not None:
            for column in frames[i].columns:
                parts[(name, column)] = frames[i][column].to_numpy()
        for metric in ("staff_cost", "hiring_cost", "total_cost", "late_share"):
            parts[(name, metric)] = per_stage[metric][i]
    for k, segment in enumerate(segments):
        parts[(f"customers: {segment}", "customers")] = path.customers[k]
        parts[(f"customers: {segment}", "contacts")] = path.contacts[k]
        parts[(f"customers: {segment}", "lost")] = path.churned[k]
        parts[(f"customers: {segment}", "won")] = path.won[k]
        parts[(f"customers: {segment}", "expected_quality")] = path.expectation[k]
    for metric, values in totals.items():
        parts[("total", metric)] = values[0]
    parts[("total", "performance")] = path.performance
    parts[("total", "demand_factor")] = path.demand_factor
    frame = pd.DataFrame(parts)
    frame.columns = pd.MultiIndex.from_tuples(frame.columns, names=["part", "variable"])
    frame.index = pd.RangeIndex(len(frame), name="week")
    return frame
