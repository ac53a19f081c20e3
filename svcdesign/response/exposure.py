"""What a period of service did to each segment: abandonments, unserved arrivals, late contacts, bed-days.

Read from an engine's per-stage, per-segment and per-period figures (:class:`Exposure` of
:mod:`svcdesign.formulas.customers.loyalty`), whole horizon, contacts per horizon:

- **abandoned** (``A``, stages that model no retry) and **final abandonments** (``A_r`` = abandoned × (1 −
  ``routing.retry``) at stages that model retries): segment arrivals × the segment's P(abandon);
- **unserved**: at an overloaded stage, the arrivals beyond its capacity, arrivals × (1 − agents ÷ offered
  load) — per period at live stages, over the whole horizon at deferred stages (their backlog carries over
  between periods). The shortfall falls on the lowest-priority segments first (lower ``priority`` is
  served first); within a priority in proportion to arrivals;
- **late**: contacts answered after their stage's target time: arrivals × (1 − P(abandon) − service
  level), less the unserved (the stage's service level is shared by its segments — the engines report it
  per stage);
- **bed-days**: days waited at every stage × the segment's ``bed_day_share``. An overloaded stage has no
  steady-state wait (the engines report an infinite one); there the backlog is taken to grow from empty
  at the excess rate e = λ·x (x the share beyond capacity) while the capacity λ(1 − x) serves first come,
  first served, so an arrival at time t waits e·t ÷ λ(1 − x) and the mean over a span L is
  x ÷ (1 − x) · L ÷ 2 (at most L): L is a year at a deferred stage (a backlog carries over) and one
  period at a live stage (the queue clears when the peak passes). A modelling choice, said in a warning.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ..formulas.customers.loyalty import Exposure
from ..model import Scenario
from ..model.compiled import ScenarioArrays
from ..model.units import SECONDS_PER, SECONDS_PER_YEAR
from ..results import ALL


class _Source(Protocol):
    """The part of the assess frame exposure reads."""

    stages: list[str]
    warnings: list[str]
    period_minutes: float

    def stage_array(self, metric: str, segment: str = ALL, fill: float | None = None) -> np.ndarray | None: ...

    def horizon_value(self, metric: str, stage: str, segment: str) -> float | None: ...


def exposure(
    f: _Source,
    scenario: Scenario,
    x: ScenarioArrays,
    arrivals: np.ndarray,
    p_abandon: np.ndarray,
    wait: np.ndarray,
    service_level: np.ndarray,
) -> Exposure:
    """The exposure [K] of each segment over the horizon.

    ``arrivals``, ``p_abandon`` and ``wait`` [K, S, T]: segment arrivals, abandonment and mean wait (s);
    ``service_level`` [S, T] (or broadcasting to [K, S, T]): each stage's share answered within target.
    """
    abandoned = arrivals * np.clip(p_abandon, 0.0, 1.0)  # [K, S, T]
    retry = np.clip(x.retry, 0.0, 1.0)[None, :, None]
    short = _short_by_period(f, x, arrivals.shape[2])  # [S, T]
    by_stage = _unserved(x, arrivals, short)  # [K, S]
    answered = arrivals * (1.0 - np.clip(p_abandon, 0.0, 1.0))
    within = arrivals * np.broadcast_to(np.clip(service_level, 0.0, 1.0), arrivals.shape)
    late = np.clip(answered - within, 0.0, None).sum(axis=2) - by_stage
    finite = np.isfinite(wait)
    if not finite.all():
        f.warnings.append(
            "customers: an overloaded stage has no steady-state wait; its waits are those of a backlog growing "
            "from empty for a year (deferred stages) or one period (live stages), first come, first served"
        )
        span = np.where(x.deferred, SECONDS_PER_YEAR, f.period_minutes * 60.0)[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            backlog = np.minimum(np.where(short < 1, short / (1.0 - short), np.inf) * span / 2.0, span)
        wait = np.where(finite, wait, np.broadcast_to(backlog, wait.shape))
    days = (arrivals * wait).sum(axis=(1, 2)) / SECONDS_PER["d"]
    share = np.array([s.bed_day_share for s in scenario.segments], dtype=float)
    return Exposure(
        abandoned=(abandoned * (retry == 0)).sum(axis=(1, 2)),
        abandoned_final=(abandoned * (1.0 - retry) * (retry > 0)).sum(axis=(1, 2)),
        unserved=by_stage.sum(axis=1),
        late=np.clip(late, 0.0, None).sum(axis=1),
        bed_days=share * days,
    )


def _short_by_period(f: _Source, x: ScenarioArrays, periods: int) -> np.ndarray:
    """Share of arrivals beyond capacity [S, T] where a stage is overloaded (0 elsewhere): per period at
    live stages, the whole horizon's at deferred stages."""
    flag, agents, load = (f.stage_array(m) for m in ("overloaded", "agents", "offered_load"))
    out = np.zeros((len(x.stages), periods))
    if flag is None or agents is None or load is None:
        return out
    for s, name in enumerate(x.stages):
        over = np.nan_to_num(flag[s]) > 0
        if not over.any():
            continue
        if x.deferred[s]:
            a, c = (f.horizon_value(m, name, ALL) for m in ("agents", "offered_load"))
            out[s] = _short(float(a or 0.0), float(c or 0.0))
        else:
            out[s] = _short(agents[s], load[s]) * over
    return out


def _unserved(x: ScenarioArrays, arrivals: np.ndarray, short: np.ndarray) -> np.ndarray:
    """Arrivals beyond capacity [K, S], shared out lowest priority first."""
    K, S = arrivals.shape[:2]
    out = np.zeros((K, S))
    stage_arrivals = arrivals.sum(axis=0)  # [S, T]
    for s in range(S):
        lost = float((stage_arrivals[s] * short[s]).sum())
        if lost > 0:
            out[:, s] = _by_priority(lost, arrivals[:, s].sum(axis=1), x.priority)
    return out


def _short(agents: np.ndarray | float, load: np.ndarray | float) -> np.ndarray:
    """Share of arrivals beyond capacity: 1 − agents ÷ load where the load exceeds the agents (else 0)."""
    a, c = np.nan_to_num(np.asarray(agents, float)), np.nan_to_num(np.asarray(load, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(c > a, 1.0 - np.where(c > 0, a / np.where(c > 0, c, 1.0), 1.0), 0.0)


def _by_priority(short: float, arrivals: np.ndarray, priority: np.ndarray) -> np.ndarray:
    """Share ``short`` out over segments: the highest ``priority`` number (served last) first."""
    out = np.zeros_like(arrivals)
    left = max(short, 0.0)
    for level in sorted(set(priority.tolist()), reverse=True):
        members = priority == level
        total = float(arrivals[members].sum())
        if left <= 0 or total <= 0:
            continue
        take = min(left, total)
        out[members] = take * arrivals[members] / total
        left -= take
    return out
