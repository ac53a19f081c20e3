"""What a period of service did to each segment: abandonments, unserved arrivals, late contacts, bed-days.

Read from an engine's per-stage, per-segment and per-period figures (:class:`Exposure` of
:mod:`svcdesign.formulas.customers.loyalty`), whole horizon, contacts per horizon:

- **abandoned** (``A``, stages that model no retry) and **final abandonments** (``A_r`` = abandoned × (1 −
  ``routing.retry``) at stages that model retries): segment arrivals × the segment's P(abandon);
- **unserved**: contacts neither answered nor abandoned within the horizon (still waiting at its end): the
  engine's ``unserved`` where it reports it (the analytic engine: the arrivals beyond an overloaded stage's
  capacity), else none (the simulation does not report it: what is still queued when a run ends is mostly
  work answered after the horizon). Per segment as the engine reports them; an engine
  that reports only a stage's figure has its shortfall fall on the lowest-priority segments first (lower
  ``priority`` is served first), within a priority in proportion to arrivals;
- **late**: contacts answered after their stage's target time: arrivals × (1 − P(abandon) − service
  level), less the unserved (the stage's service level is shared by its segments — the engines report it
  per stage);
- **bed-days**: days waited at every stage × the segment's ``bed_day_share``. An overloaded stage has no
  steady-state wait (the engines report an infinite one); there the backlog is taken to grow from empty
  at the excess rate e = λ·x (x the share beyond capacity: unserved ÷ arrivals, per period at live stages
  and over the horizon at deferred stages, whose backlog carries over between periods) while the capacity
  λ(1 − x) serves first come, first served, so an arrival at time t waits e·t ÷ λ(1 − x) and the mean over
  a span L is x ÷ (1 − x) · L ÷ 2 (at most L): L is a year at a deferred stage (a backlog carries over) and
  one period at a live stage (the queue clears when the peak passes). A modelling choice, said in a warning.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ..formulas.customers.loyalty import Exposure
from ..i18n.phrases import Phrase, tr
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
    left = _left(f, ALL)
    stage_left = np.zeros(arrivals.shape[1:]) if left is None else left  # [S, T]
    by_stage = _unserved(f, x, arrivals, stage_left)  # [K, S]
    short = _short(x, arrivals.sum(axis=0), stage_left)  # [S, T]
    answered = arrivals * (1.0 - np.clip(p_abandon, 0.0, 1.0))
    within = arrivals * np.broadcast_to(np.clip(service_level, 0.0, 1.0), arrivals.shape)
    late = np.clip(answered - within, 0.0, None).sum(axis=2) - by_stage
    finite = np.isfinite(wait)
    if not finite.all():
        f.warnings.append(
            Phrase(
                tr(
                    "customers: an overloaded stage has no steady-state wait; its waits are those of a backlog growing "
                    "from empty for a year (deferred stages) or one period (live stages), first come, first served"
                )
            )
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


def _left(f: _Source, segment: str) -> np.ndarray | None:
    """[S, T] contacts of ``segment`` the engine reports ``unserved`` (at least 0); ``None`` where it does not.

    Contacts still queued when a simulated run ends are not read as unserved: at a deferred stage they are
    mostly the weekend's work, answered after the horizon, an artefact of where the run stops."""
    reported = f.stage_array("unserved", segment)
    return None if reported is None else np.clip(np.nan_to_num(reported), 0.0, None)


def _unserved(f: _Source, x: ScenarioArrays, arrivals: np.ndarray, stage_left: np.ndarray) -> np.ndarray:
    """Unserved contacts [K, S]: each segment's as the engine reports them, else the stage's ``stage_left``
    [S, T] shared out lowest priority first."""
    per_segment = [_left(f, name) for name in x.segments]
    if all(v is not None for v in per_segment):
        return np.stack([v.sum(axis=1) for v in per_segment if v is not None])
    K, S = arrivals.shape[:2]
    out = np.zeros((K, S))
    for s in range(S):
        lost = float(stage_left[s].sum())
        if lost > 0:
            out[:, s] = _by_priority(lost, arrivals[:, s].sum(axis=1), x.priority)
    return out


def _short(x: ScenarioArrays, arrivals: np.ndarray, left: np.ndarray) -> np.ndarray:
    """Share of arrivals [S, T] beyond capacity, from the unserved contacts ``left`` [S, T]: per period at
    live stages, the whole horizon's at deferred stages (their backlog carries over between periods)."""
    total = np.where(x.deferred[:, None], left.sum(axis=1, keepdims=True), left)
    came = np.where(x.deferred[:, None], arrivals.sum(axis=1, keepdims=True), arrivals)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(came > 0, np.clip(total / np.where(came > 0, came, 1.0), 0.0, 1.0), 0.0)


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
