"""The cheapest agent groups for one interval of a scenario's service desk, judged by its simulation.

:func:`plan_desk` turns one period of a scenario with a multi-skill service desk into a stationary
simulation — that period's arrival rates, handle-time profile and the chain's own staff held constant
over ``hours`` after a ``warmup`` (the standard SIPP setting of per-interval staffing) — and hands it as
the oracle to :func:`.desk_staffing.staff_desk`, which searches the agent groups' staffing with common
random numbers (the same seed gives every staffing vector the same arrivals, handle times and patience).
The plan is in agents available; :class:`DeskPlan` adds the paid staff each group needs for them
(agents ÷ (1 − shrinkage)) and their cost at the groups' wages.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import checks
from ..engines.simulation import aggregate
from ..engines.simulation.adapter import network_from_scenario
from ..engines.simulation.replication import run_replication
from ..errors import InputError
from ..model import Scenario
from ..model.compiled import ScenarioArrays
from ..model.units import period_label
from .desk_staffing import (
    MAX_ORACLE_CALLS,
    MAX_ROUNDS,
    DeskOracle,
    DeskStaffingPlan,
    MetricEstimate,
    fluid_bound,
    staff_desk,
)

_METRICS = ("service_level", "asa", "p_abandon")


@dataclasses.dataclass(frozen=True, eq=False)
class DeskPlan:
    """A desk's cheapest staffing for one period: the search's :class:`~.desk_staffing.DeskStaffingPlan`
    (agents available per group) and, per group, the paid staff and their cost per hour."""

    period: int
    label: str
    plan: DeskStaffingPlan
    staff: pd.DataFrame

    def __repr__(self) -> str:
        return f"DeskPlan for {self.label}\n{self.staff.to_string()}\n{self.plan!r}"


def desk_oracle(scenario: Scenario, period: int, *, hours: float = 8.0, warmup: float = 1.0) -> DeskOracle:
    """An oracle for :func:`~.desk_staffing.staff_desk`: ``oracle(staff, replications, seed)`` simulates
    period ``period`` of the week held constant for ``hours`` after ``warmup`` hours with ``staff`` whole
    agents per group, and returns each contact type's service level, mean wait (s) and P(abandon) with
    their standard errors across replications (0 for one replication)."""
    spec, notes = network_from_scenario(scenario)
    x: ScenarioArrays = notes["x"]
    if x.desk is None or spec.pools is None:
        raise InputError("scenario", scenario.name, "a scenario with a service desk (Scenario.service_desk)")
    T = x.periods
    t = int(checks.number("period", period, low=0, high=T - 1, integer=True, allowed=f"a period 0–{T - 1}"))
    span = (float(hours) + float(warmup)) * 3600.0
    steady = dataclasses.replace(
        spec,
        horizon=span,
        interval=span,
        arrival_rates=np.asarray(spec.arrival_rates)[t][None, :],
        staff=np.asarray(spec.staff)[:, t][:, None],
        service_scale=np.asarray(spec.service_scale)[:, t][:, None],
    )
    Q = x.n_types

    def oracle(staff: np.ndarray, replications: int, seed: int) -> Mapping[str, MetricEstimate]:
        assert steady.pools is not None
        pools = dataclasses.replace(steady.pools, staff=np.asarray(staff, dtype=np.int64)[:, None])
        inputs, labels = dataclasses.replace(steady, pools=pools).compile(float(warmup) * 3600.0)
        reps = [run_replication(inputs, seed, r) for r in range(replications)]
        summary = aggregate.measures(
            np.stack([r.counts.sum(axis=(1, 2)) for r in reps]),  # [R, S, N_C] over the interval and classes
            np.stack([r.sums.sum(axis=(1, 2)) for r in reps]),
            np.stack([r.integrals.sum(axis=1) for r in reps]),
            np.asarray(float(hours) * 3600.0),
            labels.deferred,
        )
        result = {}
        for name in _METRICS:
            values = np.asarray(summary[name], dtype=float)[:, :Q]  # [R, Q]
            empty = {"service_level": 1.0, "asa": 0.0, "p_abandon": 0.0}[name]  # no arrival: nothing to miss
            values = np.where(np.isnan(values), empty, values)
            spread = values.std(axis=0, ddof=1) / math.sqrt(len(values)) if len(values) > 1 else np.zeros(Q)
            result[name] = MetricEstimate(mean=values.mean(axis=0), stderr=spread)
        return result

    return oracle


def plan_desk(
    scenario: Scenario,
    period: int,
    *,
    replications: int = 5,
    seed: int = 0,
    rule: str = "estimate",
    hours: float = 8.0,
    warmup: float = 1.0,
    upper: Any = None,
    max_oracle_calls: int = MAX_ORACLE_CALLS,
    max_rounds: int = MAX_ROUNDS,
) -> DeskPlan:
    """The cheapest agents per group meeting every contact type's target in period ``period`` of the week.

    Parameters
    ----------
    scenario:
        A scenario with a service desk.
    period:
        Period of the week (0 = Monday 00:00, in the scenario's intervals).
    replications, seed, rule:
        Passed to :func:`~.desk_staffing.staff_desk` (its check sample uses ``seed + 1``).
    hours, warmup:
        Simulated hours per replication after a warm-up of ``warmup`` hours.
    upper:
        Most agents per group (whole numbers); default: the larger of twice today's agents and the agents
        the group's skills' whole load would keep busy, plus 3.
    max_oracle_calls, max_rounds:
        Budget of distinct simulations and most rounds of cutting planes (:func:`~.desk_staffing.staff_desk`);
        a search stopped by either is quicker, proves nothing (no lower bound) and may miss a cheaper plan.

    Returns
    -------
    DeskPlan
        The plan in agents, with each group's paid staff (agents ÷ (1 − shrinkage)) and their cost per
        hour at the group's wage. Each agent is costed at wage ÷ (1 − shrinkage) per hour.
    """
    if not isinstance(scenario, Scenario) or scenario.service_desk is None:
        raise InputError("scenario", getattr(scenario, "name", scenario), "a Scenario with a service desk")
    oracle = desk_oracle(scenario, period, hours=hours, warmup=warmup)
    _, notes = network_from_scenario(scenario)
    x: ScenarioArrays = notes["x"]
    d = x.desk
    assert d is not None
    Q, t = d.n_types, int(period)
    desk = scenario.service_desk
    # deferred work (email) is staffed over the week, not per interval: its target is left out here
    targets = [None if c.deferred else c.target or scenario.targets for c in desk.contact_types]
    rates = x.arrivals[:Q, t] / x.interval_seconds
    handle = (x.segment_share @ x.handle_mean[:, :Q])[:, None] * np.where(d.preference >= 0, d.speed, np.nan)
    patience = x.segment_share @ x.patience_mean[:, :Q]
    cost = d.wage / (1.0 - d.shrinkage)
    if upper is None:
        load = np.nansum(rates[:, None] * handle, axis=0)
        upper = np.ceil(np.maximum(2.0 * d.agents[:, t], load) + 3.0).astype(int)
    plan = staff_desk(
        oracle,
        targets,
        cost.tolist(),
        upper=upper,
        fluid=fluid_bound(rates.tolist(), handle, targets, patience),
        replications=replications,
        seed=seed,
        rule=rule,
        group_names=list(d.groups),
        type_names=list(d.contact_types),
        max_oracle_calls=max_oracle_calls,
        max_rounds=max_rounds,
    )
    staff = pd.DataFrame(
        {
            "agents": plan.agents,
            "staff": plan.agents / (1.0 - d.shrinkage),
            "staff today": d.staff[:, t],
            "cost per hour": plan.agents * cost,
        },
        index=pd.Index(d.groups, name="group"),
    )
    return DeskPlan(period=t, label=period_label(t, x.period_minutes), plan=plan, staff=staff)
