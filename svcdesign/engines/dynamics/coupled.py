"""A scenario through the dynamics engine: every stage's service-quality model, coupled to customers
and money, week by week, in the shared results schema.

How a scenario maps onto Oliva & Sterman's service centre (each stage is one centre):

- orders per week = contacts the stage answers in the scenario's typical week (traffic through the
  chain from the analytic engine, :func:`svcdesign.engines.analytic.evaluate`), times the weekly
  demand factor (exogenous shocks × customers won and lost);
- staff = the stage's paid hours per week ÷ ``costs.contract_hours`` (full-time equivalents; the same
  working week the customer models' costs use);
  absenteeism = the stage's shrinkage (plus any exogenous extra absence);
- the initial standard time per order T*₀ = the effective capacity the stage has today ÷ its
  orders, i.e. handle time plus the slack the current staffing gives (a modelling choice that starts
  every scenario in equilibrium); the quality reference and minimum time per order scale with it;
- at deferred stages (referrals, e-mail, casework) management aims to clear the work within the
  stage's target answer time: desired delivery delay = the target (at least
  ``dynamics.min_delivery_delay``; switch ``dynamics.deferred.desired_delay_from_target``), not Oliva &
  Sterman's half-day lending turnaround; and time per case cannot fall below
  ``dynamics.deferred.min_time_share`` × the stage's mean handle time (the work a case needs: staff can
  cut the slack above it, not the case itself; never above the initial standard). Both are modelling
  choices a scenario sets in its ``assumptions``.
- a stage's mean handle time (the time a held-constant stage's contact needs, and the deferred floor)
  is its segments' means mixed by their shares, times its handle-time profile averaged over the typical
  week by the stage's arrivals (an approximation: the weekly steps have no time of day; the analytic
  engine's answered contacts, which set the standard time, already carry the profile per period).

**A multi-skill service desk** (``Scenario.service_desk``, the layout of
:mod:`svcdesign.model.desk_arrays`): the service centres are the desk's **agent groups**, then the chain's
stages. A contact type is not a centre: it has no staff of its own, its agents are the groups'. A group
is mapped as a stage is:

- its orders per week = the contacts it answers in the typical week (the analytic engine's group rows'
  ``answered``, the column sums of ``results.meta["answered_by"]``), times the weekly demand factor;
- its staff = its paid hours per week ÷ ``costs.contract_hours``; absenteeism = the group's shrinkage;
  wage = the group's ``hourly_wage`` (its wage cost is its paid contract hours × that wage);
- its initial standard time per order = its effective capacity ÷ its orders, exactly as for a stage;
- its mean handle time, desired delivery delay and deferred floor are those of the contact types it
  answers (each type's handle time × the group's skill multiplier; a deferred type's target, a live
  type's ``dynamics.desired_delivery_delay``; the deferred floor as above, 0 for live work), mixed by the
  contacts of each type it answers in the typical week (a group answering nothing: its skills equally).
  A group answering one type is the stage it replaces, to rounding.

The customers meet, for the contacts each group answers, that group's delivered quality and lateness:
visits per first contact = the group's answered ÷ first contacts, as for a stage. The mix of who answers
what is held at week 0's (a modelling choice): each group's orders follow the demand factor, so the
router does not re-balance work between groups as one group's capacity erodes or is cut (in a real desk
the overflow would send some of it to the other groups; here the cut group's backlog and corner cutting
absorb it all, and the other groups meet only the change in demand the customers' response makes).

The customer side (:mod:`.customer_path`, the formulas of :mod:`svcdesign.formulas.customers` coupled week
by week and anchored on :func:`svcdesign.response.assess` of the scenario as described) reads each stage's
delivered quality, lateness and delay and feeds the demand factor back. Because customers react to last week's
service, the coupled system is solved by waveform relaxation: run the stages over the whole horizon with
the current demand path, run the customers, repeat until the demand path no longer changes (it converges
in a few sweeps; causality bounds it by the number of weeks).

Money per stage and week (scenario currency), by the customer models' cost formulas
(:mod:`svcdesign.formulas.costs`): wage cost = paid contract hours × wage; overtime cost = overtime
hours (hours worked beyond the contract: staff × contract hours × (1 − absence) × (intensity − 1)⁺) ×
wage × (1 + ``costs.overtime_premium``); hiring cost = hires × the replacement cost
(``costs.replacement_months`` of pay, Batt et al. 2005) less the part the model represents itself —
rookies paid a full wage for ``dynamics.rookie_assimilation_time`` weeks while producing
``dynamics.rookie_effectiveness`` of an experienced employee and taking ``dynamics.trainer_time_per_rookie``
of one (so nothing is counted twice). Revenue per segment = the customers' yearly value
(:func:`svcdesign.formulas.customers.loyalty.customer_value`) ÷ 52.18. The customers' side of the money means
what it means in :func:`svcdesign.response.assess`, per week: a commercial organisation's revenue at risk =
the lifetime margin (CLV at the baseline churn) of the customers the week's service loses
(:func:`svcdesign.formulas.customers.loyalty.value_lost` of ``customers_lost``), so a year's weeks add up to
the assessment of that year; a public service (``organisation.kind: public``) loses no clients and
reports the cost of failure instead (:func:`svcdesign.formulas.customers.loyalty.cost_of_failure` of the
week's bad experiences and bed-days).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ...assumptions import load_assumptions
from ...errors import InputError
from ...formulas import costs as _costs
from ...formulas.customers import loyalty as _loyal
from ...i18n.phrases import Figure, Phrase, tr
from ...model import Scenario
from ...model.compiled import expand
from ...model.units import WEEKS_PER_YEAR
from ...response import assess
from ...results import ALL, LongBuilder, Results, aggregate_periods
from ..analytic import evaluate
from . import model as m
from .customer_path import CustomerAnchor, CustomerParams, CustomerPath, StagePaths, customer_path
from .inputs import Exogenous, StaffingDecisions, weekly_array
from .params import DynamicsParams
from .run import MAX_WEEKS, integrate_weeks

__all__ = ["run_dynamics", "MONEY_ROWS", "WEEK_MINUTES"]

WEEK_MINUTES = 10080
MAX_SWEEPS = 200
TOLERANCE = 1e-10
"""Waveform relaxation stops when the demand path changes by less than this (relative)."""

#: Rows of the assumptions table behind the money of a run (read through :class:`~svcdesign.formulas.costs.CostParams`).
MONEY_ROWS: dict[str, str] = {
    "overtime_premium": "costs.overtime_premium",
    "replacement_months": "costs.replacement_months",
    "contract_hours": "costs.contract_hours",
}


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
        ``{stage or agent group name: StaffingDecisions}`` — cuts (in full-time equivalents), hiring
        freezes, headcount targets or ceilings per service centre (with a service desk its agent groups
        are centres, its contact types are not).
    exogenous:
        ``Exogenous(demand=..., absenteeism=...)`` where, for a scenario, ``demand`` is a weekly
        *multiplier* of the scenario's demand (1 = as described) and ``absenteeism`` extra absence on top
        of each stage's shrinkage (fraction of the remaining hours).

    Returns
    -------
    Results
        ``engine="dynamics"``, ``period_minutes=10080`` (one period per week). Per service centre (stage,
        or agent group of a service desk: stage = its name) and week:
        arrivals (contacts), staff (FTE), staff hours (paid contract hours), wage cost, overtime cost
        (the customer models' metrics) and staff cost (their sum), backlog, work pressure,
        overtime hours, standard and actual time per contact (h), quality, delivery delay, late share,
        fatigue, hires, quits, staff cut, hiring cost, total cost; stage ``"all"``: totals (with the
        high-effort share and the satisfaction change), and per segment the customer base, customers
        churned (all leavers) and won, expectations, bad experiences (also per first contact) and late
        contacts, revenue and — a commercial organisation — customers lost because of the service and
        revenue at risk (their lifetime margin), or — a public service — bed-days and the cost of
        failure, all per week. Whole-horizon rows have a missing period (counts and money: the sum).
        ``meta["weekly"]`` is a wide weekly DataFrame with columns (part, variable): one part per
        centre (every stock and flow of the model), ``"customers"`` and ``"total"``.
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario (Scenario.load(path))")
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= MAX_WEEKS:
        raise InputError("weeks", weeks, f"a whole number of weeks in [1, {MAX_WEEKS}]")
    decisions = _checked_decisions(scenario, decisions)
    factor, extra_absence = _exogenous_paths(exogenous or Exogenous(), weeks)

    table = load_assumptions().with_overrides(scenario.assumptions)
    params = DynamicsParams.from_assumptions(table)
    customers = CustomerParams.from_table(table)
    money = _costs.CostParams.from_table(table)
    base = _baseline(scenario, params)
    run = _coupled(base, params, customers, decisions, factor, extra_absence, weeks)
    meta = {
        "engine": "dynamics",
        "scenario": scenario.name,
        "currency": scenario.organisation.currency,
        "warnings": list(base["warnings"]) + run.warnings,
        "sweeps": run.sweeps,
        "weeks": weeks,
        "assumptions": {name: table.value(name) for name in scenario.assumptions},
    }
    return _results(scenario, base, run, money, params, customers, meta)


def _checked_decisions(
    scenario: Scenario, decisions: Mapping[str, StaffingDecisions] | None
) -> dict[str, StaffingDecisions]:
    """``decisions`` as a dict, every key a service centre of ``scenario`` (a stage, or an agent group of its
    service desk) and every value a StaffingDecisions."""
    decisions = dict(decisions or {})
    centres = _centre_names(scenario)
    what = "a stage name" if scenario.service_desk is None else "an agent group or stage name"
    for name, decision in decisions.items():
        if name not in centres:
            raise InputError("decisions", name, f"{what}, one of {centres}")
        if not isinstance(decision, StaffingDecisions):
            raise InputError(f"decisions[{name!r}]", decision, "a StaffingDecisions")
    return decisions


def _exogenous_paths(exogenous: Exogenous, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Weekly demand multiplier (default 1) and extra absence (default 0, below 1) over ``weeks``."""
    if exogenous.observes_labour:
        raise InputError(
            "exogenous.labour",
            "an observed labour or capacity series",
            "none for a scenario (its stages' staff come from the scenario; observed labour drives one "
            "centre: integrate_weeks or fit_dynamics)",
        )
    factor = weekly_array("exogenous.demand", 1.0 if exogenous.demand is None else exogenous.demand, weeks)
    extra_absence = weekly_array(
        "exogenous.absenteeism",
        0.0 if exogenous.absenteeism is None else exogenous.absenteeism,
        weeks,
        hi=1.0,
        hi_open=True,
    )
    return factor, extra_absence


@dataclass(frozen=True)
class _Coupled:
    """The settled run of :func:`_coupled`: each stage's weekly frame (``None`` for an inactive stage),
    what the stages delivered (quality, late share, extra delay ``[stage, week]``), the customers' path,
    the sweeps it took and any warning about the feedback."""

    frames: list[pd.DataFrame | None]
    stages: StagePaths
    path: CustomerPath
    sweeps: int
    warnings: list[str]


def _coupled(base, params, customers, decisions, factor, extra_absence, weeks) -> _Coupled:
    """Stages and customers over the whole horizon, repeated until the demand path settles (waveform
    relaxation, see the module docstring)."""
    demand_factor = np.ones(weeks)
    warnings: list[str] = []
    for sweep in range(MAX_SWEEPS):  # noqa: B007 - read after the loop, for the sweep count
        frames = _run_stages(base, params, decisions, factor * demand_factor, extra_absence, weeks)
        stages = _stage_paths(frames, base, weeks)
        path = customer_path(customers, base["anchor"], stages)
        change = np.max(np.abs(path.demand_factor - demand_factor))
        demand_factor = path.demand_factor
        if change <= TOLERANCE:
            break
    else:  # pragma: no cover - causality bounds the sweeps by the horizon
        warnings.append(
            Phrase(
                tr("customer feedback did not settle in {sweeps} sweeps (last change {change})"),
                sweeps=Figure(f"{MAX_SWEEPS}"),
                change=Figure(f"{change:.2g}"),
            )
        )
    return _Coupled(frames, stages, path, sweep + 1, warnings)


# ----------------------------------------------------------------------------------- baseline
def _centre_names(scenario: Scenario) -> list[str]:
    """The service centres of ``scenario``: its desk's agent groups (if any), then the chain's stages."""
    desk = scenario.service_desk
    return ([] if desk is None else [g.name for g in desk.groups]) + scenario.stage_names


_HELD = {
    "stage": tr(
        "stage '{name}' has no work or no staff in the scenario's week; it is held constant (time per contact: its "
        "mean handle time)"
    ),
    "agent group": tr(
        "agent group '{name}' has no work or no staff in the scenario's week; it is held constant (time per contact: "
        "its mean handle time)"
    ),
}
"""The warning for a service centre the engine holds constant, by its kind (stage or agent group)."""


def _baseline(scenario: Scenario, params: DynamicsParams) -> dict[str, Any]:
    """Week-0 figures per service centre from the analytic engine (traffic through the chain), and per
    segment from :func:`svcdesign.response.assess` of it (the customer anchor)."""
    evaluated = evaluate(scenario, staffing=False)
    x = expand(scenario, engine="dynamics")
    per_stage = evaluated.horizon().reset_index(level=["scenario", "engine"], drop=True)
    first_contacts = float(per_stage["customers"].loc[ALL])
    rows = _stage_rows(scenario, evaluated, x, per_stage, params)
    centres = rows if x.desk is None else _desk_centres(x, evaluated.meta["answered_by"], per_stage, rows)
    names, answered, shrinkage = centres["names"], centres["answered"], centres["shrinkage"]
    staff = centres["paid_hours"] / params.standard_workweek
    rookie_share = params.rookie_assimilation_time / (params.rookie_assimilation_time + params.base_tenure)
    eff_fraction = m.effective_staff(
        rookie_share, 1.0 - rookie_share, params.rookie_effectiveness, params.trainer_time_per_rookie
    )
    fatigue_effect = float(np.interp(1.0, *params.fatigue_productivity))
    capacity = staff * params.standard_workweek * (1.0 - shrinkage) * eff_fraction * fatigue_effect
    warnings = []
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        standard = capacity / np.where(answered > 0, answered, 1.0)
    active = (answered > 0) & (capacity > 0) & np.isfinite(standard) & (standard > 0)
    for name, ok in zip(names, active, strict=True):
        if not ok:
            warnings.append(Phrase(_HELD["stage" if name in scenario.stage_names else "agent group"], name=name))
    # a stage held constant: the time a contact needs, its mean handle time
    standard = np.where(active, standard, centres["handle_hours"])
    return {
        "names": names,
        "answered": answered,
        "paid_hours": centres["paid_hours"],
        "staff": staff,
        "shrinkage": shrinkage,
        "wage": centres["wage"],
        "standard": standard,
        "active": active,
        "visits": np.where(active, answered, 0.0) / max(first_contacts, 1e-300),
        "desired_delay": centres["desired_delay"],
        "floor": np.minimum(centres["floor_need"], standard),
        "anchor": _anchor(scenario, evaluated, first_contacts),
        "value": np.array([g.annual_value for g in scenario.segments]),
        "segments": [g.name for g in scenario.segments],
        "warnings": warnings,
    }


def _stage_rows(scenario, evaluated, x, per_stage, params) -> dict[str, Any]:
    """Per row of the stage arrays (a desk's contact types, then the chain's stages): contacts answered in
    the typical week, paid hours, shrinkage and wage (a contact type: 0, its staff are its groups'), mean
    handle time (h), desired delivery delay (weeks) and the deferred floor of time per contact before the
    cap at the standard (h; 0 for live work)."""
    names = x.stages
    answered = np.array([float(per_stage["answered"].loc[n]) for n in names])
    q = x.n_types
    paid_hours = np.array([0.0] * q + [float(per_stage["staff_hours"].loc[n]) for n in names[q:]])
    arrivals = evaluated.metric("arrivals").sort_index().reindex(columns=names).fillna(0.0).to_numpy(dtype=float).T
    profile = x.handle_scale_mean(arrivals)  # the handle-time profile, mixed over the week by arrivals
    handle_hours = (x.segment_share[:, None] * x.handle_mean).sum(axis=0) * profile / 3600.0
    target_weeks = x.target_time / (WEEK_MINUTES * 60.0)
    use_target = x.deferred & np.isfinite(target_weeks) & (params.deferred_delay_from_target > 0.5)
    desired_delay = np.where(
        use_target,
        np.maximum(np.nan_to_num(target_weeks, nan=0.0), params.min_delivery_delay),
        params.desired_delivery_delay,
    )
    return {
        "names": names,
        "answered": answered,
        "paid_hours": paid_hours,
        "shrinkage": x.shrinkage,
        "wage": x.wage,
        "handle_hours": handle_hours,
        "desired_delay": desired_delay,
        "floor_need": np.where(x.deferred, params.deferred_min_time_share * handle_hours, 0.0),
    }


def _desk_centres(x, answered_by: pd.DataFrame, per_stage: pd.DataFrame, rows: dict[str, Any]) -> dict[str, Any]:
    """The service centres of a desk: its agent groups (from the contact types' rows of ``rows``, mixed by
    what each group answers in the typical week, ``answered_by`` [type × group]), then the chain's stages
    (their own rows). A group that answers nothing mixes its skills equally."""
    desk, q = x.desk, x.n_types
    mix = answered_by.reindex(index=desk.contact_types, columns=desk.groups).fillna(0.0).to_numpy(dtype=float)
    skilled = np.isfinite(desk.speed)
    total = mix.sum(axis=0)
    weights = np.where(total > 0, mix / np.where(total > 0, total, 1.0), skilled / np.maximum(skilled.sum(axis=0), 1))
    speed = np.nan_to_num(desk.speed, nan=0.0)  # [Q, G] handle-time multiplier of each group's skill

    def groups_then_stages(key: str, per_group: np.ndarray) -> np.ndarray:
        return np.concatenate([per_group, np.asarray(rows[key])[q:]])

    group_answered = np.array([float(per_stage["answered"].loc[g]) for g in desk.groups])
    group_hours = np.array([float(per_stage["staff_hours"].loc[g]) for g in desk.groups])
    handle = rows["handle_hours"][:q, None] * speed
    return {
        "names": desk.groups + rows["names"][q:],
        "answered": groups_then_stages("answered", group_answered),
        "paid_hours": groups_then_stages("paid_hours", group_hours),
        "shrinkage": groups_then_stages("shrinkage", desk.shrinkage),
        "wage": groups_then_stages("wage", desk.wage),
        "handle_hours": groups_then_stages("handle_hours", (weights * handle).sum(axis=0)),
        "desired_delay": groups_then_stages("desired_delay", weights.T @ rows["desired_delay"][:q]),
        "floor_need": groups_then_stages("floor_need", (weights * rows["floor_need"][:q, None] * speed).sum(axis=0)),
    }


def _anchor(scenario: Scenario, evaluated: Results, first_contacts: float) -> CustomerAnchor:
    """Week 0 per segment: :func:`svcdesign.response.assess` of the analytic engine's figures, its exposure
    over the evaluated horizon turned into a week's per first contact."""
    assessed = assess(scenario, evaluated, parts=("experience", "loyalty"), detail="horizon")
    public = scenario.organisation.kind == "public"
    periods = evaluated.data["period"].dropna().nunique()
    horizon_weeks = max(periods * evaluated.period_minutes / WEEK_MINUTES, 1e-300)

    def per_segment(metric: str) -> np.ndarray:
        return np.array([assessed.value(metric, ALL, segment=g.name) for g in scenario.segments], dtype=float)

    def per_contact(values: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(weekly > 0, values / horizon_weeks / np.where(weekly > 0, weekly, 1.0), 0.0)

    base_customers = per_segment("customer_base")
    weekly = np.array([first_contacts * g.share for g in scenario.segments])
    with np.errstate(divide="ignore", invalid="ignore"):
        episodes = np.where(
            base_customers > 0, weekly * WEEKS_PER_YEAR / np.where(base_customers > 0, base_customers, 1.0), 0.0
        )
    zeros = np.zeros(len(scenario.segments))
    return CustomerAnchor(
        customers=base_customers,
        episodes=episodes,
        satisfaction=per_segment("satisfaction"),
        perceived=per_segment("experience_index"),
        expected=per_segment("expected_experience"),
        high_effort=per_segment("share_high_effort"),
        bad=per_contact(per_segment("bad_experiences")),
        late=per_contact(per_segment("late_contacts")),
        bed_days=per_contact(per_segment("bed_days")) if public else zeros,
        bed_share=np.array([g.bed_day_share for g in scenario.segments], dtype=float) if public else zeros,
        public=public,
    )


def _run_stages(base, params, decisions, factor, extra_absence, weeks) -> list[pd.DataFrame | None]:
    frames: list[pd.DataFrame | None] = []
    for i, name in enumerate(base["names"]):
        if not base["active"][i]:
            frames.append(None)
            continue
        absent = 1.0 - (1.0 - base["shrinkage"][i]) * (1.0 - extra_absence)
        # integrate_weeks() scales min_tpo by standard / initial_standard_tpo: give the floor in those units
        scale = float(base["standard"][i]) / params.initial_standard_tpo
        stage_params = replace(
            params,
            desired_delivery_delay=float(base["desired_delay"][i]),
            min_tpo=max(params.min_tpo, float(base["floor"][i]) / scale),
        )
        frames.append(
            integrate_weeks(
                weeks,
                exogenous=Exogenous(demand=base["answered"][i] * factor, absenteeism=absent),
                decisions=decisions.get(name),
                params=stage_params,
                initial_staff=float(base["staff"][i]),
                standard_tpo=float(base["standard"][i]),
            )
        )
    return frames


def _stage_paths(frames, base, weeks) -> StagePaths:
    """Delivered quality, late share and delivery delay beyond the desired one ``[stage, week]`` (inactive
    stages: quality 1, never late). A stage with work and no capacity (infinite delay) is late for all its
    work and its extra delay is taken as a year (a modelling choice: the span a backlog is followed)."""
    quality = np.ones((len(frames), weeks))
    late = np.zeros((len(frames), weeks))
    extra = np.zeros((len(frames), weeks))
    for i, frame in enumerate(frames):
        if frame is None:
            continue
        quality[i] = frame["quality"].to_numpy()
        delay = frame["delivery_delay"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            late[i] = np.clip(1.0 - base["desired_delay"][i] / delay, 0.0, 1.0)
        late[i][~np.isfinite(delay)] = 1.0
        late[i][np.abs(late[i]) < 1e-12] = 0.0
        extra[i] = np.minimum(np.nan_to_num(delay - base["desired_delay"][i], posinf=WEEKS_PER_YEAR), WEEKS_PER_YEAR)
        extra[i][np.abs(extra[i]) < 1e-12] = 0.0
    return StagePaths(quality=quality, late=late, extra_delay=extra, visits=base["visits"])


# ------------------------------------------------------------------------------------ results
def _results(scenario, base, run: _Coupled, money, params, customers, meta) -> Results:
    names, path = base["names"], run.path
    per_stage = _stage_metrics(base, run.frames, run.stages.quality, run.stages.late, money, params)
    builder = LongBuilder(scenario.name, "dynamics")
    builder.add(names, per_stage)
    builder.add(names, aggregate_periods(per_stage))
    totals = {
        k: per_stage[k].sum(axis=0, keepdims=True)
        for k in (
            "staff",
            "staff_hours",
            "staff_cost",
            "wage_cost",
            "overtime_cost",
            "overtime_hours",
            "hires",
            "quits",
            "layoffs",
            "hiring_cost",
            "total_cost",
        )
    }
    segments = _segment_metrics(path, base, customers.loyalty)
    totals.update({k: v.sum(axis=0, keepdims=True) for k, v in segments.items() if k not in PER_CONTACT})
    totals["p_bad_experience"] = _ratio(totals["bad_experiences"], totals["arrivals"])
    totals["high_effort_share"] = path.effort_share[None]
    totals["satisfaction_change"] = path.satisfaction_change[None]
    builder.add([ALL], totals)
    builder.add([ALL], aggregate_periods(totals))
    for k, segment in enumerate(base["segments"]):
        seg = {name: values[k : k + 1] for name, values in segments.items()}
        builder.add([ALL], seg, segment=segment)
        builder.add([ALL], aggregate_periods(seg), segment=segment)
    meta = dict(meta)
    meta["weekly"] = _weekly_frame(names, run.frames, per_stage, totals, path, base["segments"])
    return Results(builder.frame(), WEEK_MINUTES, meta)


PER_CONTACT = ("expected_quality", "p_bad_experience")
"""Per-segment metrics that are not counts (the chain's figure is not their sum)."""


def _segment_metrics(path: CustomerPath, base, lp: _loyal.LoyaltyParams) -> dict[str, np.ndarray]:
    """The customers' metrics per segment and week ``[segment, week]``: customers, contacts, the week's
    exposure and — commercial — customers lost and revenue at risk, or — public — bed-days and the cost of
    failure (the loyalty formulas on the week's exposure, as :func:`svcdesign.response.assess` on a week)."""
    value = base["value"][:, None]
    bad = _loyal.failures(path.exposure, lp)
    out = {
        "customer_base": path.customers,
        "customers_churned": path.churned,
        "customers_won": path.won,
        "expected_quality": path.expectation,
        "revenue": _loyal.customer_value(path.customers, value, lp) / WEEKS_PER_YEAR,
        "arrivals": path.contacts,
        "bad_experiences": bad,
        "p_bad_experience": _ratio(bad, path.contacts),
        "late_contacts": path.exposure.late,
    }
    if base["anchor"].public:
        out["bed_days"] = path.exposure.bed_days
        out["cost_of_failure"] = _loyal.cost_of_failure(path.exposure, lp)
    else:
        out["customers_lost"] = path.lost
        out["revenue_at_risk"] = _loyal.value_lost(path.lost, value, lp)
    return out


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), 0.0)


def _stage_metrics(base, frames, quality, late, money, params) -> dict[str, np.ndarray]:
    """Every per-stage metric ``[stage, week]`` of a run (inactive stages held at their week-0 values)."""
    S, weeks = quality.shape
    ww = params.standard_workweek

    def stage_series(column: str, default: np.ndarray) -> np.ndarray:
        out = np.empty((S, weeks))
        for i, frame in enumerate(frames):
            out[i] = default[i] if frame is None else frame[column].to_numpy()
        return out

    zeros = np.zeros(S)
    staff = stage_series("staff", base["staff"])
    overtime = stage_series("overtime_hours", zeros)
    hires = stage_series("hires", zeros)
    cost = _costs.staff_costs(staff, base["wage"], base["shrinkage"], ww, money, overtime_hours=overtime)
    regular_hours = cost["paid_hours"]
    staff_cost = cost["wage_cost"] + cost["overtime_cost"]
    modelled = (1.0 - params.rookie_effectiveness + params.trainer_time_per_rookie) * params.rookie_assimilation_time
    hiring_cost = _costs.hiring_cost(hires, base["wage"][:, None], money, modelled_weeks=modelled)
    delay = stage_series("delivery_delay", base["desired_delay"])
    return {
        "arrivals": stage_series("orders", base["answered"]),
        "staff": staff,
        "staff_hours": regular_hours,
        "staff_cost": staff_cost,
        "wage_cost": cost["wage_cost"],
        "overtime_cost": cost["overtime_cost"],
        "backlog": stage_series("backlog", base["answered"] * base["desired_delay"]),
        "work_pressure": stage_series("work_pressure", zeros),
        "overtime_hours": overtime,
        "standard_time_per_contact": stage_series("standard_tpo", base["standard"]),
        "time_per_contact": stage_series("time_per_order", base["standard"]),
        "quality": quality,
        "delivery_delay": delay,
        "late_share": late,
        "fatigue": stage_series("fatigue", np.ones(S)),
        "hires": hires,
        "quits": stage_series("quits", zeros),
        "layoffs": stage_series("layoffs", zeros),
        "hiring_cost": hiring_cost,
        "total_cost": staff_cost + hiring_cost,
        # work waiting and no capacity to do any of it: the delay is infinite
        "unstaffed": (~np.isfinite(delay)).astype(float),
    }


def _weekly_frame(names, frames, per_stage, totals, path, segments) -> pd.DataFrame:
    parts: dict[tuple[str, str], np.ndarray] = {}
    for i, name in enumerate(names):
        if frames[i] is not None:
            for column in frames[i].columns:
                parts[(name, column)] = frames[i][column].to_numpy()
        for metric in ("staff_cost", "wage_cost", "overtime_cost", "hiring_cost", "total_cost", "late_share"):
            parts[(name, metric)] = per_stage[metric][i]
    for k, segment in enumerate(segments):
        parts[(f"customers: {segment}", "customers")] = path.customers[k]
        parts[(f"customers: {segment}", "contacts")] = path.contacts[k]
        parts[(f"customers: {segment}", "churned")] = path.churned[k]
        parts[(f"customers: {segment}", "lost")] = path.lost[k]
        parts[(f"customers: {segment}", "won")] = path.won[k]
        parts[(f"customers: {segment}", "expected_quality")] = path.expectation[k]
        parts[(f"customers: {segment}", "satisfaction")] = path.satisfaction[k]
    for metric, values in totals.items():
        parts[("total", metric)] = values[0]
    parts[("total", "performance")] = path.performance
    parts[("total", "demand_factor")] = path.demand_factor
    frame = pd.DataFrame(parts)
    frame.columns = pd.MultiIndex.from_tuples(list(parts), names=["part", "variable"])  # the frame's columns
    frame.index = pd.RangeIndex(len(frame), name="week")
    return frame
