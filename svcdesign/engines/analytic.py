"""The analytic engine: traffic equations through the chain and Erlang A/C per stage and period.

Method (docs/background/chain.md and docs/background/queueing.md):

1. **Traffic.** Customers arrive at each channel's entry stage. After being handled at stage *i* a
   contact is resolved, escalated or transferred at once (same period), comes back as a repeat
   contact after ``repeat_delay`` or is followed up after ``follow_up_delay`` (shifted by whole
   periods, wrapping round the week: a steady weekly cycle). Abandoners leave, or a share of them
   redial the same stage after ``retry_delay``. The flows
   λ_j = λ0_j + Σ_i λ_i·(1 − P_ab,i)·r_ij depend on abandonment, which depends on the flows, so they
   are solved together by fixed-point iteration (the routing lets every contact leave, so it
   converges geometrically).
2. **Queueing.** Each live stage in each period is treated as stationary (SIPP): Erlang A with the
   period's arrival rate, the arrival-weighted mean handle time and mean abandonment rate of its
   contacts (segments and follow-ups mixed; follow-ups never abandon), Erlang C where no contact
   abandons. Priorities are ignored here (the simulation engine honours them). Segment abandonment
   uses the Erlang-A identity P(ab) = θ·E[wait] (abandonment linear in the wait), so each segment's
   share scales with its abandonment rate θ_k and the stage total is conserved. An overloaded stage
   answers what its agents can and no more (:func:`_unserved_share`); the rest are ``unserved`` (still
   waiting at the end of the week) and send nothing on, so the traffic equations route only what is
   answered.
3. **Deferred work** (email, referrals: no abandonment, targets in hours or days): a predictable
   backlog over the weekly cycle (work arriving while nobody is on duty waits for the next shift)
   plus random congestion (Erlang C at the week's mean arrival rate and mean available agents); see
   :func:`_deferred`.
4. **End to end:** first-contact resolution, contacts per resolution, the share of customers who
   abandon somewhere, the shares of customers resolved at all and within the scenario's
   ``resolution_target``, the mean time to resolution of resolved customers (the journey-time
   system of :mod:`svcdesign.engines.journey`) and staff cost.
5. **A multi-skill service desk** (:mod:`.analytic_desk`): its contact types are the first stages of the
   traffic equations; each period their figures come from the desk's formulas over the agent groups
   (exact chains or an approximation, the method reported per type and period in ``meta["methods"]``),
   deferred types from the deferred-work model on the capacity the groups leave them; the groups get rows
   of their own (staff, agents, busy agents, occupancy, answered, cost).
6. **Flags.** A figure that is not finite comes with a flag in the same stage and period
   (:mod:`svcdesign.results.flags`): ``overloaded`` where the load reaches the capacity, ``unstaffed``
   where contacts arrive and nobody answers them, where deferred work is never cleared, and where no
   number of staff on the roster's hours meets a deferred stage's target; warnings name the periods.

All queueing inputs are in seconds; money is per paid hour × period length.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypedDict

import numpy as np
import pandas as pd

from ..errors import InputError
from ..formulas.queueing import QueueMetrics, erlang_a, erlang_c, required_agents
from ..formulas.queueing.erlang import abandonment
from ..i18n.phrases import Figure, Phrase, When, tr
from ..model import Distribution, Scenario
from ..model.compiled import ScenarioArrays, expand
from ..results import ALL, LongBuilder, Results, aggregate_periods, period_ranges
from . import analytic_desk, journey
from .analytic_kernels import segment_shares, stage_sums, traffic_step
from .backlog import backlog_waits
from .memo import run_key

DIRECT_AFTER = 50
"""Iterations after which the linear traffic equations are solved directly (sparse LU) instead: a
contraction this slow (a redial or repeat share close to 1) would stop on a small change while still
far from the fixed point."""
DIRECT_ROUNDS = 100
"""Further rounds of the traffic and abandonment fixed point with exact flows and accelerated
abandonment (:class:`_Anderson`), after :data:`DIRECT_AFTER` plain ones."""
MAX_ITERATIONS = DIRECT_AFTER + DIRECT_ROUNDS
"""Upper bound on rounds of the traffic equations (convergence is geometric; a few dozen at most
for ordinary chains); beyond it the figures are reported with a note that they have not settled."""
TOLERANCE = 1e-9
"""Convergence of the linear traffic equations: largest change in any flow, relative to the largest."""
ABANDON_TOLERANCE = 1e-7
"""Convergence of abandonment between rounds (a probability; figures are shown to 0.1%)."""

_STAGE_METRICS = ("p_wait", "asa", "service_level", "p_abandon", "occupancy", "queue_length", "overloaded")


def evaluate(scenario: Scenario, *, week: int | None = None, staffing: bool = True) -> Results:
    """Evaluate a scenario analytically over one week of its interval grid.

    Parameters
    ----------
    scenario:
        The service operation.
    week:
        ISO week of the year (1–53) whose seasonal peaks apply; ``None`` = a typical week
        (weekday and time-of-day peaks still apply).
    staffing:
        Also compute the staff required to meet each stage's targets (a little slower).

    Returns
    -------
    Results
        Per stage and period: arrivals, offered load, staff, agents, P(wait), ASA (s), service level,
        abandonment, answered, abandoned, unserved, occupancy, queue length, staff cost, required agents and
        staff, overload flag; per segment: arrivals, answered, abandoned, unserved, abandonment, ASA; end to
        end (stage ``"all"``): customers, FCR, contacts per resolution, customers abandoning, shares of
        customers resolved within the resolution target and at all, time to resolution of resolved
        customers (h), issues resolved, staff cost. Whole-week figures have a missing period.
    """
    if not isinstance(scenario, Scenario):
        raise InputError(
            "scenario", type(scenario).__name__, "a svcdesign Scenario (Scenario.load(path) or Scenario(...))"
        )
    x = expand(scenario, week, engine="analytic")
    if x.desk is not None:
        x.__dict__["_desk_fill"] = functools.cache(lambda: analytic_desk.simulated_desk(scenario, week))
    key = run_key("analytic traffic", scenario, {"week": week})
    flows, p_ab_seg, stage, notes = _traffic(key, x)
    return _build_results(scenario, x, flows, p_ab_seg, stage, staffing, week, notes, key)


TRAFFIC_SIZE = 8
"""Most traffic solutions :data:`TRAFFIC` keeps (about 0.5 MB each for a week of 15-minute periods)."""

_Traffic = tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], list[str]]

TRAFFIC: OrderedDict[Hashable, _Traffic] = OrderedDict()
"""The traffic solutions (:func:`_solve_traffic`) of the :data:`TRAFFIC_SIZE` scenarios and weeks evaluated
last, keyed by content (:func:`.memo.run_key`: the scenario's canonical JSON and the week). They depend on
nothing else, so evaluating a scenario again — with and without the staffing search, as the staffing
explorer and :func:`svcdesign.compare` do one after the other — solves the traffic once."""
_TRAFFIC_LOCK = threading.Lock()

_Journeys = dict[tuple[int, int], tuple[float, float, float]]

JOURNEYS: dict[Hashable, tuple[_Traffic, _Journeys]] = {}
"""The journey figures (:func:`_journeys`) computed from a traffic solution kept in :data:`TRAFFIC`, by
the same key, with that solution: they are read again only while :data:`TRAFFIC` holds that very solution
and for inputs identical to its arrays (byte for byte), so the figures are those :func:`_journeys` would
compute; emptying :data:`TRAFFIC` empties them in effect. Moving the staffing explorer's slider back to a
setting seen two calls before finds them with its traffic."""


def _traffic(key: Hashable, x: ScenarioArrays) -> _Traffic:
    """:func:`_solve_traffic` of ``x`` (a scenario expanded for a week; ``key``: :func:`.memo.run_key` of
    both), kept in :data:`TRAFFIC`; every call gets its own copies of the arrays."""
    with _TRAFFIC_LOCK:
        found = TRAFFIC.get(key)
        if found is not None:
            TRAFFIC.move_to_end(key)
    if found is None:
        found = _solve_traffic(x)
        with _TRAFFIC_LOCK:
            TRAFFIC[key] = found
            while len(TRAFFIC) > TRAFFIC_SIZE:
                TRAFFIC.popitem(last=False)
    flows, p_ab_seg, stage, notes = found
    return flows.copy(), p_ab_seg.copy(), {k: v.copy() for k, v in stage.items()}, list(notes)


_JOURNEY_INPUTS = ("arrivals", "tail_p", "p_abandon", "tail_mean", "shift")
"""The traffic solution's per-stage arrays :func:`_journeys` reads."""


def _kept_journeys(
    key: Hashable | None,
    x: ScenarioArrays,
    flows: np.ndarray,
    p_ab_seg: np.ndarray,
    stage: dict[str, np.ndarray],
    dists: list[Distribution],
) -> _Journeys:
    """:func:`_journeys`, kept in :data:`JOURNEYS` with the traffic solution of ``key`` it was computed
    from (``None``: not kept)."""
    with _TRAFFIC_LOCK:
        solution = None if key is None else TRAFFIC.get(key)
        held = None if key is None else JOURNEYS.get(key)
    same = solution is not None and all(
        a.tobytes() == b.tobytes()
        for a, b in zip(
            (flows, p_ab_seg, *(stage[k] for k in _JOURNEY_INPUTS)),
            (solution[0], solution[1], *(solution[2][k] for k in _JOURNEY_INPUTS)),
            strict=True,
        )
    )
    if same and held is not None and held[0] is solution:
        return held[1]
    journeys = _journeys(x, flows, p_ab_seg, stage, dists)
    if same and solution is not None:
        with _TRAFFIC_LOCK:
            JOURNEYS[key] = (solution, journeys)
            for old in [k for k in JOURNEYS if k not in TRAFFIC]:
                del JOURNEYS[old]
    return journeys


# --------------------------------------------------------------------------------- traffic
def _external(x: ScenarioArrays) -> np.ndarray:
    """External arrivals [C, K, O, S, T]; origin 0 = customer contacts, 1 = follow-ups (read-only, kept
    with ``x``)."""
    if "_external" not in x.__dict__:
        C, K, S, T = len(x.channels), len(x.segments), len(x.stages), x.periods
        ext = np.zeros((C, K, 2, S, T))
        for c in range(C):
            ext[c, :, 0, x.entry[c], :] = x.segment_share[:, None] * x.arrivals[c][None, :]
        ext.flags.writeable = False
        x.__dict__["_external"] = ext
    return x.__dict__["_external"]


def _answered_share(p_ab_seg: np.ndarray, unserved: np.ndarray | None) -> np.ndarray:
    """Share of each segment's contacts answered [K, O, S, T]: those who do not abandon, less the stage's
    share ``unserved`` [S, T] of them that its agents cannot answer (:func:`_unserved_share`; ``None``:
    no stage is overloaded)."""
    kept = 1.0 - p_ab_seg
    return kept if unserved is None else kept * (1.0 - unserved)


def _step(
    x: ScenarioArrays, ext: np.ndarray, flows: np.ndarray, p_ab_seg: np.ndarray, unserved: np.ndarray | None = None
) -> np.ndarray:
    """One application of the traffic equations: external arrivals, plus what answered contacts send on,
    plus abandoners who try again (contacts an overloaded stage leaves unserved send nothing on).

    Answered contacts move on at once (``move``), come back as repeats after ``repeat_delay`` (to
    ``repeat_to``, or the channel's entry stage) and are followed up after ``follow_up_delay``;
    abandoners redial after ``retry_delay``. Delays are whole periods, wrapping round the week, and
    delayed contacts that would reach a stage while it has no staff arrive when it next opens
    (:func:`_next_open`): a customer calls back, and a follow-up is made, in opening hours (the
    simulation does the same). Compiled: :func:`.analytic_kernels.traffic_step`.
    """
    shifts, targets, moved_on = _delays(x)
    routing = (x.move, x.repeat, x.repeat_to, x.follow_up, x.retry)
    held = _NOBODY_UNSERVED if unserved is None else np.ascontiguousarray(unserved, dtype=float)
    return traffic_step(ext, flows, p_ab_seg, held, unserved is not None, routing, shifts, targets, moved_on, x.entry)


_NOBODY_UNSERVED = np.zeros((1, 1))
"""Stands for "no stage is overloaded" in :func:`.analytic_kernels.traffic_step` (not read)."""


def _delays(x: ScenarioArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The delays of :func:`_step`, kept with ``x``: [3, S] periods of each stage's repeat, follow-up and
    retry delays; [S, T] the period in which contacts delayed to each stage arrive, and [S] whether that
    moves them at all (the stage is closed in some period and open in another)."""
    cache = x.__dict__
    if "_delays" not in cache:
        S, T = len(x.stages), x.periods
        delays = (x.repeat_delay, x.follow_up_delay, x.retry_delay)
        shifts = np.array([[_periods(float(d[s]), x) for s in range(S)] for d in delays], dtype=np.int64)
        found = [_next_open(x, s) for s in range(S)]
        targets = np.array([np.arange(T) if f is None else f for f in found], dtype=np.int64).reshape(S, T)
        moved_on = np.array([f is not None for f in found])
        cache["_delays"] = (shifts, targets, moved_on)
    return cache["_delays"]


def _next_open(x: ScenarioArrays, stage: int) -> np.ndarray | None:
    """For each period, the first period from it (cyclically) in which ``stage`` has staff;
    ``None`` when the stage is staffed throughout or never (nothing to move)."""
    cache = x.__dict__.setdefault("_next_open_cache", {})
    if stage not in cache:
        open_ = _agents(x)[stage] > 0
        cache[stage] = None if open_.all() or not open_.any() else (_first_open(open_) % open_.size).astype(np.intp)
    return cache[stage]


def _first_open(open_: np.ndarray) -> np.ndarray:
    """For each period t, the first period at or after t in which ``open_`` holds, counted over two
    weeks so that the search wraps round (t … 2T − 1; at least one period must be open)."""
    T = open_.size
    idx = np.where(open_, np.arange(T), T * 2)
    doubled = np.concatenate([idx, np.where(open_, np.arange(T) + T, T * 2)])
    return np.minimum.accumulate(doubled[::-1])[::-1][:T]


def _periods(seconds: float, x: ScenarioArrays) -> int:
    """A delay as a whole number of periods (nearest)."""
    return int(round(seconds / x.interval_seconds))


def _theta(x: ScenarioArrays) -> np.ndarray:
    """Abandonment rates θ = 1/mean patience, [K, O, S] per second (0 = never abandons)."""
    theta = np.zeros((len(x.segments), 2, len(x.stages)))
    with np.errstate(divide="ignore"):
        theta[:, 0, :] = np.where(np.isfinite(x.patience_mean), 1.0 / x.patience_mean, 0.0)
    theta[:, :, x.deferred] = 0.0
    return theta


def _stage_inputs(x: ScenarioArrays, flows: np.ndarray, theta: np.ndarray) -> dict[str, np.ndarray]:
    """Per stage and period: arrivals, arrival rate (1/s), mean handle time (s), mean θ (1/s).

    The mean handle time of a period is its contacts' segment means mixed by arrivals, times the stage's
    handle-time profile in that period (``handle_scale``); an empty period takes the segments' means
    mixed by their shares, times the profile too.
    """
    arrivals, handle_sum, theta_sum = stage_sums(flows, x.handle_mean, theta)  # compiled, numpy's order
    safe = np.where(arrivals > 0, arrivals, 1.0)
    handle = handle_sum / safe
    theta_mix = theta_sum / safe
    # empty periods still need sensible parameters: the stage's own mean handle time
    plain = x.handle_mean.T @ x.segment_share
    handle = np.where(arrivals > 0, handle, plain[:, None]) * x.handle_scale
    return {"arrivals": arrivals, "rate": arrivals / x.interval_seconds, "handle": handle, "theta": theta_mix}


def _queue(x: ScenarioArrays, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Queueing metrics per stage and period (deferred stages: see :func:`_deferred`)."""
    rate, handle, theta = inputs["rate"], inputs["handle"], inputs["theta"]
    target = np.broadcast_to(x.target_time[:, None], rate.shape)
    with np.errstate(divide="ignore"):
        patience = np.where(theta > 0, 1.0 / np.where(theta > 0, theta, 1.0), np.inf)
    live = erlang_a(rate, handle, _agents(x), patience, target)
    out = {name: np.array(getattr(live, name), dtype=float) for name in _STAGE_METRICS}
    # the shape of the wait (for journey times): a predictable delay, then with probability tail_p an
    # exponential wait of mean tail_mean (live stages: no delay, and the mean wait of those who wait)
    out["shift"] = np.zeros_like(out["asa"])
    out["tail_p"] = out["p_wait"].copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["tail_mean"] = np.where(
            out["p_wait"] > 0, out["asa"] / np.where(out["p_wait"] > 0, out["p_wait"], 1.0), 0.0
        )
    for s in np.flatnonzero(x.deferred[x.n_types :]) + x.n_types:
        for name, values in _deferred(x, inputs, int(s)).items():
            out[name][s, :] = values
    if x.desk is not None:
        _desk_queue(x, inputs, out)
    return out


def _agents(x: ScenarioArrays) -> np.ndarray:
    """[S, T] agents who can answer each stage's contacts: its own, and for a desk's contact types the
    agents of the groups that serve them (:func:`.analytic_desk.serving_agents`)."""
    if x.desk is None:
        return x.agents
    cache = x.__dict__
    if "_agents" not in cache:
        agents = x.agents.copy()
        agents[: x.n_types] = analytic_desk.serving_agents(x)
        cache["_agents"] = agents
    return cache["_agents"]


def _desk_week(x: ScenarioArrays, inputs: dict[str, np.ndarray], exact: bool) -> analytic_desk.DeskWeek:
    """The desk's figures for the week (:class:`.analytic_desk.DeskEvaluator`, kept with ``x``), with the
    types no formula covers filled from the simulation."""
    evaluator = x.__dict__.get("_desk")
    if evaluator is None:
        evaluator = x.__dict__["_desk"] = analytic_desk.DeskEvaluator(x)
    week = evaluator.week(inputs, exact)
    return analytic_desk.fill_from_simulation(x, inputs, week, x.__dict__["_desk_fill"])


def _desk_queue(x: ScenarioArrays, inputs: dict[str, np.ndarray], out: dict[str, np.ndarray]) -> None:
    """The desk's contact types in ``out`` (:func:`_queue`'s figures): live types from the desk's
    formulas, deferred types as deferred work on the capacity the groups leave them."""
    Q = x.n_types
    week = _desk_week(x, inputs, exact=True)
    empty = inputs["rate"][:Q] <= 0  # nothing arrives: nobody waits (as Erlang A/C at a stage)
    for name, none in (("p_wait", 0.0), ("asa", 0.0), ("service_level", 1.0), ("p_abandon", 0.0)):
        out[name][:Q] = np.where(empty, none, getattr(week, name))
    out["overloaded"][:Q] = week.overloaded & ~empty
    out["occupancy"][:Q] = 0.0  # a contact type has no agents of its own: occupancy is the groups'
    asa = out["asa"][:Q]
    finite = np.isfinite(asa)
    out["queue_length"][:Q] = np.where(finite, inputs["rate"][:Q] * np.where(finite, asa, 0.0), np.inf)  # Little
    out["shift"][:Q] = 0.0
    out["tail_p"][:Q] = week.p_wait
    with np.errstate(invalid="ignore", divide="ignore"):
        out["tail_mean"][:Q] = np.where(week.p_wait > 0, week.asa / np.where(week.p_wait > 0, week.p_wait, 1.0), 0.0)
    spare = analytic_desk.deferred_agents(x, inputs, week)  # [Q, G, T]
    for q in np.flatnonzero(x.deferred[:Q]):
        for name, values in _deferred(x, inputs, int(q), spare[q].sum(axis=0)).items():
            out[name][q, :] = values
    answered_by = week.answered_by.copy()
    answered_by[x.deferred[:Q]] = analytic_desk.deferred_answered(x, inputs, spare)[x.deferred[:Q]]
    out["desk_busy"] = analytic_desk.busy_agents(x, inputs, answered_by)
    out["desk_answered_by"] = answered_by
    out["desk_methods"] = week.methods


def _round_abandonment(x: ScenarioArrays, inputs: dict[str, np.ndarray]) -> np.ndarray:
    """P(abandon) per stage and period [S, T] in a round of the traffic iteration: :func:`_queue`'s
    ``p_abandon``, computed only where it can differ from 0.

    Where nobody abandons (θ = 0: deferred stages and stages without patience) the queue is Erlang C,
    whose abandonment is 0 (as :func:`_deferred`'s pooled Erlang C); where nothing arrives it is 0
    too. Erlang A is elementwise, so the other elements get the same values as from the whole grid.
    """
    rate, theta = inputs["rate"], inputs["theta"]
    out = np.zeros(rate.shape)
    live = (theta > 0) & (rate > 0)
    if live.any():  # the round's inputs are finite and positive by construction: erlang_a without its checks
        out[live] = abandonment(rate[live], inputs["handle"][live], _agents(x)[live], 1.0 / theta[live])
    if x.desk is not None:
        out[: x.n_types] = np.where(x.deferred[: x.n_types, None], 0.0, _desk_week(x, inputs, exact=False).p_abandon)
    return out


def _unserved_share(x: ScenarioArrays, inputs: dict[str, np.ndarray], exact: bool) -> np.ndarray | None:
    """[S, T] share of the contacts that do not abandon which an overloaded stage's agents cannot answer,
    by period of arrival (they are still waiting at the end of the horizon: the ``unserved`` metric);
    ``None`` where no stage is overloaded. ``exact`` as for the desk's figures (:func:`_desk_week`).

    An overloaded stage answers what its agents can — its throughput at full occupancy — and no more:

    - a live stage whose contacts never abandon (Erlang C), in a period whose offered load *a* reaches its
      *n* agents: n × period length ÷ the period's mean handle time, a share 1 − n ÷ a of its arrivals;
    - a deferred stage whose week's load reaches its mean agents (:func:`_deferred`): the week's capacity,
      Σ agents × period length ÷ the week's mean handle time, shared alike by the week's arrivals (the
      same share 1 − n ÷ a in every period, n and a the week's means);
    - a desk's live contact type that the desk's formulas flag overloaded: the capacity they leave it
      (their ``answered`` rate); a deferred type as a deferred stage on the agents its groups leave it
      (:func:`.analytic_desk.deferred_agents`).

    A live stage whose contacts abandon (Erlang A) is never overloaded: abandonment keeps what it
    answers within its agents.
    """
    rate, handle, theta = inputs["rate"], inputs["handle"], inputs["theta"]
    agents = _agents(x)
    load = rate * handle
    out = np.zeros(rate.shape)
    live = ~x.deferred[:, None] & (theta <= 0) & (load > 0) & (load >= agents)
    live[: x.n_types] = False
    out[live] = 1.0 - agents[live] / load[live]
    for s in np.flatnonzero(x.deferred[x.n_types :]) + x.n_types:
        out[s] = _deferred_unserved(x, inputs, int(s), agents[s])
    if x.desk is not None:
        Q = x.n_types
        week = _desk_week(x, inputs, exact)
        kept = inputs["rate"][:Q] * (1.0 - week.p_abandon)
        over = week.overloaded & (kept > 0) & ~x.deferred[:Q, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = 1.0 - week.answered_rate / np.where(over, kept, 1.0)
        out[:Q] = np.where(over, np.clip(np.nan_to_num(share), 0.0, 1.0), 0.0)
        spare = analytic_desk.deferred_agents(x, inputs, week)  # [Q, G, T]
        for q in np.flatnonzero(x.deferred[:Q]):
            out[q] = _deferred_unserved(x, inputs, int(q), spare[q].sum(axis=0))
    return out if out.any() else None


def _deferred_unserved(x: ScenarioArrays, inputs: dict[str, np.ndarray], s: int, agents: np.ndarray) -> float:
    """Share of the week's arrivals at deferred stage ``s`` beyond the week's capacity of ``agents`` [T]:
    1 − n ÷ a where the week's offered load a (arrival rate × the arrival-weighted mean handle time, as
    :func:`_deferred` pools them) reaches the mean agents n (0 elsewhere)."""
    arrivals = inputs["arrivals"][s]
    total = float(arrivals.sum())
    if total <= 0:
        return 0.0
    handle = float((inputs["handle"][s] * arrivals).sum() / total)
    load = total / (x.periods * x.interval_seconds) * handle
    capacity = float(agents.mean())
    return 1.0 - capacity / load if load >= capacity else 0.0


def _deferred(
    x: ScenarioArrays, inputs: dict[str, np.ndarray], s: int, agents: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Deferred work at stage ``s``: a predictable backlog plus random congestion, per period.

    - **Backlog (fluid).** Work arrives period by period and is worked off at the capacity the
      roster gives (agents × period length ÷ mean handle time): what arrives on Friday evening waits
      for Monday. The weekly-periodic backlog follows Lindley's recursion, and a contact arriving in
      period *t* waits for the backlog ahead of it to be cleared by the capacity that follows.
    - **Congestion (stochastic).** Erlang C at the week's mean arrival rate, mean handle time and
      mean available agents gives the random part of the wait (P(wait), its exponential tail).
    The two waits add (a fluid-plus-stationary approximation; the simulation engine checks it).
    Over the week the load must stay below the capacity, else the stage is overloaded.
    ``agents`` replaces the stage's agents per period (the staffing search scales them).
    """
    T = x.periods
    pooled, excess, backlog = _deferred_parts(x, inputs, s, agents)
    out = {name: np.full(T, float(getattr(pooled, name))) for name in _STAGE_METRICS}
    out["shift"] = np.full(T, np.inf if pooled.overloaded else 0.0)
    out["tail_p"] = np.full(T, float(pooled.p_wait))
    out["tail_mean"] = np.full(T, 1.0 / excess if excess > 0 else np.inf)
    if backlog is None:
        return out
    ahead, fluid = backlog
    out["shift"] = fluid
    out["asa"], out["service_level"] = _deferred_waits(pooled, excess, fluid, float(x.target_time[s]))
    out["p_wait"] = np.where(fluid > 0, 1.0, pooled.p_wait)
    out["queue_length"] = ahead + pooled.queue_length
    return out


def _deferred_parts(
    x: ScenarioArrays, inputs: dict[str, np.ndarray], s: int, agents: np.ndarray | None
) -> tuple[QueueMetrics, float, tuple[np.ndarray, np.ndarray] | None]:
    """:func:`_deferred`'s pooled Erlang C, its tail rate (1/s) and the backlog ahead of a mid-period
    arrival and its wait (s) per period (``None`` when the stage is overloaded or nothing arrives)."""
    arrivals = inputs["arrivals"][s]
    total = arrivals.sum()
    T, dt = x.periods, x.interval_seconds
    rate = total / (T * dt)
    handle = float((inputs["handle"][s] * arrivals).sum() / total) if total > 0 else float(inputs["handle"][s].mean())
    agents = _agents(x)[s] if agents is None else agents
    pooled = erlang_c(rate, handle, float(agents.mean()), float(x.target_time[s]))
    excess = float((pooled.agents - pooled.offered_load) / handle)  # Erlang C tail rate, 1/s
    if pooled.overloaded or total <= 0:
        return pooled, excess, None
    capacity = agents * dt / handle  # contacts per period
    # the backlog found by a mid-period arrival (Lindley's recursion over three weeks: the cycle
    # settles) and the seconds until the capacity that follows clears it; nothing ahead: no
    # predictable wait (a period at the very start of the cycle with no capacity and no backlog
    # would otherwise find no boundary to reach and read as an infinite wait)
    backlog = backlog_waits(
        np.ascontiguousarray(arrivals, dtype=float), np.ascontiguousarray(capacity, dtype=float), float(dt)
    )
    return pooled, excess, backlog


def _deferred_waits(
    pooled: QueueMetrics, excess: float, fluid: np.ndarray, target: float
) -> tuple[np.ndarray, np.ndarray]:
    """ASA (s) and service level per period of deferred work: the backlog's wait ``fluid`` plus the pooled
    Erlang C congestion (tail rate ``excess``), within ``target`` seconds."""
    c = pooled.p_wait
    room = target - fluid
    service_level = np.where(room >= 0, 1.0 - c * np.exp(-excess * np.maximum(room, 0.0)), 0.0)
    return fluid + pooled.asa, service_level


def _solve_traffic(x: ScenarioArrays) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], list[str]]:
    """Flows [C,K,O,S,T], segment abandonment [K,O,S,T], stage metrics at the fixed point, and notes.

    Each round evaluates abandonment from the queueing formulas for the current flows and takes one
    step of the traffic equations with it; when both have settled, the traffic equations are solved
    exactly for the final abandonment, so every customer is accounted for (resolved or abandoned).
    After :data:`DIRECT_AFTER` rounds without settling, each round solves the traffic equations
    directly for the current abandonment; if :data:`MAX_ITERATIONS` rounds do not settle, a note says
    by how much the figures may still move.
    """
    ext = _external(x)
    theta = _theta(x)
    flows = ext
    p_ab_seg = np.zeros(theta.shape + (x.periods,))
    notes: list[str] = []
    settled = False
    anderson = _Anderson()
    unserved = None
    for round_ in range(MAX_ITERATIONS):
        inputs = _stage_inputs(x, flows, theta)
        new_p = _segment_abandonment(_round_abandonment(x, inputs), flows, theta)
        unserved = _unserved_share(x, inputs, exact=False)
        change_p = float(np.abs(new_p - p_ab_seg).max())
        if round_ >= DIRECT_AFTER:  # where nothing arrives the abandonment is moot
            change_p = float(np.abs(new_p - p_ab_seg)[flows.sum(axis=0) > 0].max(initial=0.0))
        if round_ < DIRECT_AFTER:
            new_flows = _step(x, ext, flows, new_p, unserved)
        else:
            # slow to settle: exact flows for each abandonment, and the abandonment accelerated
            new_p = anderson.next(p_ab_seg, new_p) if change_p > ABANDON_TOLERANCE else new_p
            new_flows = _direct_flows(x, ext, new_p, unserved)
        settled = change_p <= ABANDON_TOLERANCE and np.abs(new_flows - flows).max() <= TOLERANCE * max(
            1.0, float(np.abs(new_flows).max())
        )
        p_ab_seg, flows = new_p, new_flows
        if settled:
            break
    if not settled:
        notes.append(
            Phrase(
                tr(
                    "the traffic through the chain did not settle in {rounds} rounds (abandonment still moved by "
                    "{change} in the last round): figures are approximate"
                ),
                rounds=Figure(str(MAX_ITERATIONS)),
                change=Figure(f"{change_p:.2g}"),
            )
        )
    flows = _linear_flows(x, ext, p_ab_seg, flows, unserved)
    inputs = _stage_inputs(x, flows, theta)
    stage = _queue(x, inputs)
    if unserved is not None:  # the share of the settled flows' exact figures, and what it sends on
        unserved = _unserved_share(x, inputs, exact=True)
        flows = _linear_flows(x, ext, p_ab_seg, flows, unserved)
        inputs = _stage_inputs(x, flows, theta)
        stage = _queue(x, inputs)
    stage.update(inputs)
    stage["unserved_share"] = np.zeros(inputs["rate"].shape) if unserved is None else unserved
    # report the abandonment the flows carry (equal to the formula's within ABANDON_TOLERANCE), so that
    # stage, segment and end-to-end counts add up exactly
    lost = (flows.sum(axis=0) * p_ab_seg).sum(axis=(0, 1))
    arrivals = inputs["arrivals"]
    stage["p_abandon"] = np.where(arrivals > 0, lost / np.where(arrivals > 0, arrivals, 1.0), stage["p_abandon"])
    return flows, p_ab_seg, stage, notes


class _Anderson:
    """Anderson acceleration (Walker & Ni 2011, "Anderson acceleration for fixed-point iterations",
    SIAM J. Numer. Anal. 49(4):1715-1735) of the abandonment's fixed point p = G(p), for the rounds
    in which plain iteration creeps (a redial share close to 1 makes G's slope close to 1).

    Keeps the last :data:`DEPTH` iterates and mixes them so that the linearised residual vanishes;
    the result is clipped to probabilities, and the memory restarts whenever the residual grows.
    """

    DEPTH = 5

    def __init__(self) -> None:
        self.p: list[np.ndarray] = []
        self.g: list[np.ndarray] = []

    def next(self, p: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The next iterate from the current ``p`` and ``g = G(p)``."""
        f = (g - p).ravel()
        if self.p and np.abs(f).max() > 2.0 * np.abs(self.g[-1] - self.p[-1]).max():
            self.p, self.g = [], []  # the residual grew: start again from a plain step
        self.p.append(p.ravel().copy())
        self.g.append(g.ravel().copy())
        del self.p[: -self.DEPTH], self.g[: -self.DEPTH]
        if len(self.p) < 2:
            return g
        residuals = np.array([gi - pi for gi, pi in zip(self.g, self.p, strict=True)])
        d_f = np.diff(residuals, axis=0).T
        d_g = np.diff(np.array(self.g), axis=0).T
        gamma, *_ = np.linalg.lstsq(d_f, f, rcond=None)
        mixed = self.g[-1] - d_g @ gamma
        if not np.all(np.isfinite(mixed)):
            self.p, self.g = [], []
            return g
        return np.clip(mixed, 0.0, 1.0).reshape(g.shape)


def _linear_flows(
    x: ScenarioArrays, ext: np.ndarray, p_ab_seg: np.ndarray, start: np.ndarray, unserved: np.ndarray | None = None
) -> np.ndarray:
    """Solve the traffic equations (:func:`_step`) for fixed abandonment (and share ``unserved``), by
    iteration from ``start``.

    The routing lets every contact leave and fewer than all abandoners redial (checked by the
    model), so the map is a contraction; one too slow to settle within :data:`DIRECT_AFTER` steps is
    solved directly (:func:`_direct_flows`).
    """
    flows = start
    for _ in range(DIRECT_AFTER):
        new = _step(x, ext, flows, p_ab_seg, unserved)
        change = np.abs(new - flows).max()
        flows = new
        if change <= TOLERANCE * max(1.0, float(np.abs(flows).max())):
            return flows
    return _direct_flows(x, ext, p_ab_seg, unserved)


def _direct_flows(
    x: ScenarioArrays, ext: np.ndarray, p_ab_seg: np.ndarray, unserved: np.ndarray | None = None
) -> np.ndarray:
    """The fixed point of :func:`_step` for fixed abandonment (and share ``unserved``), by a sparse LU
    solve of (I − M)·f = ext.

    ``M`` is the map of :func:`_step` without the external arrivals, written out entry by entry for
    each segment (and entry stage, which repeats return to): handled contacts move on at once, come
    back as repeats or follow-ups after their delay (moved to the next period in which the stage has
    staff), abandoners redial after theirs. Flows keep their channel and segment, so each (channel,
    segment) block is solved on its own, of size 2·S·T.
    """
    # scipy.sparse takes about 0.3 s to import: loaded for the first direct solve, not with svcdesign
    from scipy.sparse import coo_matrix, identity
    from scipy.sparse.linalg import SuperLU, splu

    C, K, origins, S, T = ext.shape
    n = origins * S * T
    answered = _answered_share(p_ab_seg, unserved)
    t = np.arange(T)

    def arrive(shift: int, dest: int) -> np.ndarray:
        """Period in which contacts of each period arrive ``shift`` periods later at ``dest``."""
        moved = (t + shift) % T
        target = _next_open(x, dest)
        return moved if target is None else target[moved]

    def index(o: int, s: int, when: np.ndarray) -> np.ndarray:
        return (o * S + s) * T + when

    def factorise(k: int, entry: int) -> SuperLU:
        """The LU factors of I − M for segment ``k`` of a channel entering at stage ``entry``."""
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []

        def add(dest: np.ndarray, src: np.ndarray, value: np.ndarray) -> None:
            keep = value != 0
            rows.append(dest[keep])
            cols.append(src[keep])
            vals.append(value[keep])

        for o in range(origins):
            for i in range(S):
                src = index(o, i, t)
                served = answered[k, o, i]
                for j in map(int, np.flatnonzero(x.move[k, i])):
                    add(index(o, j, t), src, served * x.move[k, i, j])
                if x.repeat[i] > 0:
                    dest = int(x.repeat_to[i]) if x.repeat_to[i] >= 0 else entry
                    add(index(0, dest, arrive(_periods(x.repeat_delay[i], x), dest)), src, served * x.repeat[i])
                for j in map(int, np.flatnonzero(x.follow_up[i])):
                    add(index(1, j, arrive(_periods(x.follow_up_delay[i], x), j)), src, served * x.follow_up[i, j])
                if x.retry[i] > 0:
                    add(index(0, i, arrive(_periods(x.retry_delay[i], x), i)), src, p_ab_seg[k, o, i] * x.retry[i])
        m = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
        return splu((identity(n, format="csc") - m.tocsc()).tocsc())

    out = np.empty_like(ext)
    solvers: dict[tuple[int, int], SuperLU] = {}
    for c in range(C):
        for k in range(K):
            key = (k, int(x.entry[c]))
            if key not in solvers:
                solvers[key] = factorise(*key)
            out[c, k] = solvers[key].solve(ext[c, k].reshape(-1)).reshape(origins, S, T)
    return np.maximum(out, 0.0)


def _segment_abandonment(p_abandon: np.ndarray, flows: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """P(abandon) per segment and origin [K, O, S, T], in proportion to the abandonment rate θ.

    The Erlang-A identity P(ab) = θ·E[W] makes each segment's abandonment proportional to its θ
    (c·θ_k); c is set so that the segments' abandonments add up to the stage's. Where c·θ_k would
    exceed 1 (a stage without agents) those contacts all abandon and the rest is shared by the others
    (water-filling), so the total is kept whenever it can be.
    """
    lam = flows.sum(axis=0)  # [K, O, S, T]
    shares, done = segment_shares(p_abandon, lam, theta)  # the first pass below, compiled
    if done:
        return shares
    rate = theta[..., None] * np.ones_like(lam)  # θ per element
    target = p_abandon * lam.sum(axis=(0, 1))  # abandonments to share, [S, T]
    capped = np.zeros(lam.shape, dtype=bool)
    p = np.zeros_like(lam)
    for _ in range(lam.shape[0] * lam.shape[1] + 1):
        free_rate = np.where(capped, 0.0, lam * rate).sum(axis=(0, 1))
        left = target - np.where(capped, lam, 0.0).sum(axis=(0, 1))
        with np.errstate(invalid="ignore", divide="ignore"):
            c = np.where(free_rate > 0, np.maximum(left, 0.0) / np.where(free_rate > 0, free_rate, 1.0), 0.0)
        p = np.where(capped, 1.0, np.minimum(c[None, None] * rate, 1.0))
        newly = ~capped & (c[None, None] * rate >= 1.0) & (rate > 0)
        if not newly.any():
            break
        capped |= newly
    return p


# --------------------------------------------------------------------------------- results
def _build_results(
    scenario: Scenario,
    x: ScenarioArrays,
    flows: np.ndarray,
    p_ab_seg: np.ndarray,
    stage: dict[str, np.ndarray],
    staffing: bool,
    week: int | None,
    notes: list[str],
    key: Hashable | None = None,
) -> Results:
    """The engine's Results from the traffic solution (``key``: the solution's in :data:`TRAFFIC`)."""
    hours = x.interval_seconds / 3600.0
    arrivals = stage["arrivals"]
    kept = arrivals * (1.0 - stage["p_abandon"])  # contacts that do not abandon
    unserved = kept * stage["unserved_share"]  # an overloaded stage's beyond its agents (still waiting)
    answered = kept - unserved
    per_period: dict[str, np.ndarray] = {
        "arrivals": arrivals,
        "offered_load": stage["rate"] * stage["handle"],
        "staff": x.staff,
        "agents": x.agents,
        **{k: stage[k] for k in ("p_wait", "asa", "service_level", "p_abandon")},
        "answered": answered,
        "abandoned": arrivals * stage["p_abandon"],
        "unserved": unserved,
        "occupancy": stage["occupancy"],
        "queue_length": stage["queue_length"],
        "staff_hours": x.staff * hours,
        "staff_cost": x.staff * x.wage[:, None] * hours,
        "overloaded": stage["overloaded"].astype(float),
        "unstaffed": _unstaffed(x, stage, answered).astype(float),
    }
    staffing_notes: list[str] = []
    if staffing:
        agents, staffing_notes, unreachable = _required_agents(x, stage)
        per_period["required_agents"] = agents
        per_period["required_staff"] = agents / (1.0 - x.shrinkage)[:, None]
        per_period["required_staff_hours"] = per_period["required_staff"] * hours
        per_period["unstaffed"] = np.maximum(per_period["unstaffed"], unreachable.astype(float))
    out = LongBuilder(x.name, "analytic")
    Q = x.n_types
    chain = {k: v[Q:] for k, v in per_period.items()}
    out.add(x.stages[Q:], chain)
    out.add(x.stages[Q:], aggregate_periods(chain))  # an overloaded period makes the week's ASA infinite
    groups: dict[str, np.ndarray] = {}
    if x.desk is not None:
        types = {k: per_period[k][:Q] for k in _TYPE_ROWS}
        out.add(x.stages[:Q], types)
        out.add(x.stages[:Q], aggregate_periods(types))
        stage["desk_answered"] = _answered_by(x, stage, answered[:Q])
        groups = _group_rows(x, stage)
        out.add(x.desk.groups, groups)
        out.add(x.desk.groups, aggregate_periods(groups))
    _add_segments(out, x, flows, p_ab_seg, stage)
    dists = [t.handle_time for t in (scenario.service_desk.contact_types if scenario.service_desk else [])]
    rows = {**per_period, **_totals(groups)}  # contact types have no staff of their own: the groups' added
    handles = dists + [st.handle_time for st in scenario.stages]
    _add_end_to_end(out, x, flows, p_ab_seg, stage, rows, handles, key)
    warnings = notes + _warnings(x, stage, per_period["unstaffed"]) + staffing_notes
    meta: dict[str, object] = {
        "engine": "analytic",
        "scenario": scenario.name,
        "currency": scenario.organisation.currency,
        "week": week,
        "first_contacts": x.arrivals.sum(axis=1),  # expected first contacts per channel over the week
        "warnings": warnings,
        "method": "SIPP Erlang A/C per stage and period; traffic equations with abandonment; deferred work as "
        "weekly backlog plus Erlang C congestion",
    }
    if x.desk is not None:
        meta.update(_desk_meta(x, stage))
    return Results(out.arrays(), x.period_minutes, meta)  # the long frame built when first read


_TYPE_ROWS = (
    "arrivals", "offered_load", "p_wait", "asa", "service_level", "p_abandon", "answered", "abandoned",
    "unserved", "queue_length", "overloaded", "unstaffed",
)  # fmt: skip
"""The figures of a desk's contact type (staff, agents, occupancy and cost are its agent groups')."""


def _answered_by(x: ScenarioArrays, stage: dict[str, np.ndarray], answered: np.ndarray) -> np.ndarray:
    """[Q, G, T] contacts of each type answered by each group per period: the desk formulas' split between
    the groups of each type's ``answered`` contacts [Q, T] (the traffic equations' count, which the type's
    rows report), so that the groups' answered contacts add up to the types'."""
    rates = stage["desk_answered_by"]  # [Q, G, T] per second
    total = rates.sum(axis=1, keepdims=True)
    first = (x.desk.preference == 0).astype(float)[:, :, None] if x.desk is not None else 1.0
    share = np.where(total > 0, rates / np.where(total > 0, total, 1.0), first)  # nothing answered: first group
    return share * answered[:, None, :]


def _group_rows(x: ScenarioArrays, stage: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per agent group and period: staff, agents, busy agents, occupancy, contacts answered, staff hours
    and cost."""
    d = x.desk
    assert d is not None
    hours = x.interval_seconds / 3600.0
    busy = np.minimum(stage["desk_busy"], d.agents)
    with np.errstate(invalid="ignore", divide="ignore"):
        occupancy = np.where(d.agents > 0, busy / np.where(d.agents > 0, d.agents, 1.0), 0.0)
    return {
        "staff": d.staff,
        "agents": d.agents,
        "busy_agents": busy,
        "occupancy": occupancy,
        "answered": stage["desk_answered"].sum(axis=0),
        "staff_hours": d.staff * hours,
        "staff_cost": d.staff * d.wage[:, None] * hours,
    }


def _totals(groups: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The groups' staff hours and cost as extra rows to add to the chain's (none without a desk)."""
    return {f"group_{k}": groups[k] for k in ("staff_hours", "staff_cost") if k in groups}


def _desk_meta(x: ScenarioArrays, stage: dict[str, np.ndarray]) -> dict[str, object]:
    """What the results say of a desk beyond the long table: its contact types, groups and skills, the
    contacts each group answered of each type over the week, and each type's method per period."""
    d = x.desk
    assert d is not None
    Q = d.n_types
    answered = stage["desk_answered"].sum(axis=2)  # [Q, G] over the week
    methods = stage["desk_methods"]
    rows = [(d.contact_types[q], t, str(methods[q, t])) for q in range(Q) for t in range(x.periods)]
    return {
        "desk": {
            "contact_types": list(d.contact_types),
            "groups": list(d.groups),
            "skills": {
                g: [d.contact_types[q] for q in range(Q) if np.isfinite(d.speed[q, j])] for j, g in enumerate(d.groups)
            },
        },
        "answered_by": pd.DataFrame(
            answered, index=pd.Index(d.contact_types, name="contact type"), columns=pd.Index(d.groups, name="group")
        ),
        "methods": pd.DataFrame(rows, columns=["stage", "period", "method"]),
    }


class _Targets(TypedDict):
    """A stage's targets, as :func:`~svcdesign.formulas.queueing.required_agents` takes them (None: none set)."""

    target_time: float | None
    service_level: float | None
    max_asa: float | None
    max_abandon: float | None
    max_occupancy: float | None


def _required_agents(x: ScenarioArrays, stage: dict[str, np.ndarray]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Fewest agents per stage and period meeting the stage's targets, notes on targets no staffing
    can meet (deferred stages: see :func:`_deferred_scale`) and where that leaves the requirement
    infinite ([S, T] bool: the ``unstaffed`` flag)."""
    out = np.zeros_like(stage["rate"])
    unreachable = np.zeros(out.shape, dtype=bool)
    notes: list[str] = []
    theta = stage["theta"]
    for s in range(x.n_types, len(x.stages)):  # a desk's staffing is its groups' (svcdesign.staff_desk)
        targets: _Targets = {
            "target_time": float(x.target_time[s]),
            "service_level": _opt(x.target_level[s]),
            "max_asa": _opt(x.max_asa[s]),
            "max_abandon": _opt(x.max_abandon[s]),
            "max_occupancy": _opt(x.max_occupancy[s]),
        }
        if targets["service_level"] is None:
            targets["target_time"] = None
        if all(v is None for k, v in targets.items() if k != "target_time"):
            continue
        if x.deferred[s]:
            targets["max_abandon"] = None  # deferred work never abandons: the limit holds trivially
            if all(v is None for k, v in targets.items() if k != "target_time"):
                continue
            factor, late = _deferred_scale(x, stage, s, targets)
            roster = _roster(x, s)
            on_duty = roster > 0
            out[s, :] = np.where(on_duty, roster * (factor if np.isfinite(factor) else 1.0), 0.0)
            if not np.isfinite(factor):
                out[s, on_duty] = np.inf
                unreachable[s, on_duty] = True
                when = When(period_ranges(np.flatnonzero(late), x.period_minutes))
                notes.append(
                    Phrase(
                        _UNREACHABLE_ARRIVING if when else _UNREACHABLE,
                        name=x.stages[s],
                        arriving=when,
                        when=When(period_ranges(np.flatnonzero(on_duty), x.period_minutes)),
                    )
                )
            continue
        # A period without arrivals has no mix to average: use the stage's own (segment-mixed) patience.
        plain_theta = float(x.segment_share @ _theta(x)[:, 0, s])
        rate_theta = np.where(stage["arrivals"][s] > 0, theta[s], plain_theta)
        if not np.any(rate_theta > 0):
            targets["max_abandon"] = None  # nobody at this stage abandons: the limit holds trivially
            if all(v is None for k, v in targets.items() if k != "target_time"):
                continue
        with np.errstate(divide="ignore"):
            patience = np.where(rate_theta > 0, 1.0 / np.where(rate_theta > 0, rate_theta, 1.0), np.inf)
        abandons = bool(np.any(rate_theta > 0))
        result = required_agents(
            stage["rate"][s], stage["handle"][s], patience=patience if abandons else None, **targets
        )
        out[s, :] = np.asarray(result.agents, dtype=float)
    return out, notes, unreachable


BRACKET_STEPS = 60
"""Most evaluations narrowing the bracket of a deferred stage's staffing factor before the bisection
is replayed (:func:`_bisection`)."""
BRACKET_WIDTH = 1e-12
"""Relative width to which that bracket is narrowed (the bisection stops at 1e-9)."""
SCALE_DOUBLINGS = 1100
"""Most doublings of a deferred stage's roster the staffing search tries (from 1 to past the float
range; the search stops earlier where the agents would no longer be finite)."""


def _deferred_scale(
    x: ScenarioArrays, stage: dict[str, np.ndarray], s: int, targets: _Targets
) -> tuple[float, np.ndarray]:
    """Smallest factor on a deferred stage's agents, period by period (the roster's shape kept; a
    stage without agents: one in every period, :func:`_roster`), that meets its targets, and the
    periods whose work waits past the target however large it is.

    The factor is ``inf`` when no factor can meet the targets: as the factor grows, work is cleared
    as soon as anyone is on duty and the random congestion vanishes, so the waits tend to the time
    from each arrival until the next period with staff (:func:`_wait_for_duty`); if the targets fail
    even there (or nobody is ever on duty) no headcount on these hours meets them.
    """
    weights = stage["arrivals"][s]
    total = weights.sum()
    roster = _roster(x, s)
    if total <= 0:
        return 0.0, np.zeros(x.periods, dtype=bool)
    limit = _wait_for_duty(roster > 0, x.interval_seconds)
    target = float(x.target_time[s])
    late = (weights > 0) & (limit > target)
    reachable = True
    if targets["service_level"] is not None:
        reachable &= float(weights[limit <= target].sum() / total) >= targets["service_level"]
    if targets["max_asa"] is not None:
        reachable &= float((limit * weights).sum() / total) <= targets["max_asa"]
    if not reachable:
        return float("inf"), late

    def slack(factor: float) -> float:
        """The smallest margin by which the targets are met at ``factor`` (≥ 0 exactly when all are
        met; −inf when the stage is overloaded)."""
        pooled, excess, backlog = _deferred_parts(x, stage, s, roster * factor)  # _deferred's figures
        if pooled.overloaded or backlog is None:  # (something arrives: only an overloaded stage has none)
            return -np.inf
        asa, service_level = _deferred_waits(pooled, excess, backlog[1], float(x.target_time[s]))
        margins = [np.inf]
        if targets["service_level"] is not None:
            margins.append(float((service_level * weights).sum() / total) - targets["service_level"])
        if targets["max_asa"] is not None:
            margins.append(targets["max_asa"] - float((asa * weights).sum() / total))
        if targets["max_occupancy"] is not None:
            margins.append(targets["max_occupancy"] - float(pooled.occupancy))
        return -np.inf if any(np.isnan(margins)) else min(margins)

    lo, hi = 0.0, 1.0
    largest = float(roster.max())
    for _ in range(SCALE_DOUBLINGS):
        at_hi = slack(hi)
        if at_hi >= 0:
            break
        if not np.isfinite(2.0 * hi * largest * x.interval_seconds):
            return float("inf"), late
        lo, hi = hi, hi * 2.0
    else:
        return float("inf"), late
    return _bisection(slack, lo, hi, at_hi), late


def _bisection(slack: Callable[[float], float], lo: float, hi: float, at_hi: float) -> float:
    """The end ``hi`` of the bisection of [``lo``, ``hi``] for the smallest factor whose ``slack`` is ≥ 0
    (it fails at ``lo`` unless ``lo`` is 0, meets at ``hi``; more staff never fail a target that fewer
    meet) to a relative width of 1e-9, with fewer evaluations of ``slack``.

    First a bracket [a, b] of the threshold (``slack`` < 0 at a, ≥ 0 at b) is narrowed far below the
    bisection's last width by regula falsi (the Illinois variant; a bisection step whenever it does
    not halve the bracket); the bisection is then replayed, each midpoint decided by the bracket and
    ``slack`` evaluated only at a midpoint inside it — so the result is the bisection's own.
    """
    a, fa, b, fb = lo, (slack(lo) if lo > 0 else -np.inf), hi, at_hi
    side, slow = 0, 0
    for _ in range(BRACKET_STEPS):
        width, least = b - a, 0.25 * BRACKET_WIDTH * b
        if width <= BRACKET_WIDTH * b:
            break
        secant = slow < 3 and np.isfinite(fa) and np.isfinite(fb) and fb > fa
        point = b - fb * width / (fb - fa) if secant else 0.5 * (a + b)
        point = min(max(point, a + least), b - least)  # a step of at least `least`: both ends move
        value = slack(point)
        if value >= 0:
            b, fb, fa = point, value, (0.5 * fa if side == 1 else fa)  # Illinois: an end kept twice counts half
            side = 1
        else:
            a, fa, fb = point, value, (0.5 * fb if side == -1 else fb)
            side = -1
        slow = slow + 1 if b - a > 0.5 * width else 0  # three slow steps in a row: bisect
    for _ in range(50):  # bisection to a relative precision far below one agent
        mid = 0.5 * (lo + hi)
        if mid >= b:
            meets = True
        elif mid <= a:
            meets = False
        else:
            meets = slack(mid) >= 0
            a, b = (a, mid) if meets else (mid, b)
        lo, hi = (lo, mid) if meets else (mid, hi)
        if hi - lo <= 1e-9 * hi:
            break
    return hi


def _roster(x: ScenarioArrays, s: int) -> np.ndarray:
    """The shape the staffing search scales at a deferred stage: its agents per period, or one agent
    in every period when it has none at all (as a staff adjustment applies to such a stage)."""
    agents = x.agents[s]
    return agents if np.any(agents > 0) else np.ones_like(agents)


def _wait_for_duty(on: np.ndarray, dt: float) -> np.ndarray:
    """Seconds from the middle of each period until the next period with agents on duty (``on``,
    weekly cycle; 0 in a period with agents): the wait of work arriving there when any number of
    staff work the roster."""
    if on.all():
        return np.zeros(on.size)
    return np.where(on, 0.0, (_first_open(on) - np.arange(on.size) - 0.5) * dt)


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _add_segments(
    out: LongBuilder, x: ScenarioArrays, flows: np.ndarray, p_ab_seg: np.ndarray, stage: dict[str, np.ndarray]
) -> None:
    by_seg = flows.sum(axis=0)  # [K, O, S, T]
    for k, name in enumerate(x.segments):
        arrivals = by_seg[k].sum(axis=0)
        abandoned = (by_seg[k] * p_ab_seg[k]).sum(axis=0)
        unserved = (by_seg[k] * (1.0 - p_ab_seg[k])).sum(axis=0) * stage["unserved_share"]
        with np.errstate(invalid="ignore", divide="ignore"):
            p_ab = np.where(arrivals > 0, abandoned / np.where(arrivals > 0, arrivals, 1.0), 0.0)
        values = {
            "arrivals": arrivals,
            "answered": arrivals - abandoned - unserved,
            "abandoned": abandoned,
            "unserved": unserved,
            "p_abandon": p_ab,
            "asa": stage["asa"],
        }
        out.add(x.stages, values, segment=name)
        out.add(x.stages, aggregate_periods(values), segment=name)


def _end_to_end(
    x: ScenarioArrays,
    flows: np.ndarray,
    p_ab_seg: np.ndarray,
    stage_unserved: np.ndarray,
    journeys: dict[tuple[int, int], tuple[float, float, float]],
    segment: int | None,
) -> dict[str, float]:
    """Whole-week end-to-end figures for all customers or one segment; ``stage_unserved`` [S, T] the share
    of contacts that do not abandon which an overloaded stage leaves unserved (:func:`_unserved_share`),
    ``journeys`` from :func:`_journeys`."""
    keep = slice(None) if segment is None else slice(segment, segment + 1)
    f = flows[:, keep]  # [C, K', O, S, T]
    pab = p_ab_seg[keep]  # [K', O, S, T]
    ext = _external(x)[:, keep]
    resolve = np.clip(x.resolve[keep], 0.0, 1.0)  # [K', S]
    answered = _answered_share(pab, stage_unserved)
    served = f * answered[None]
    handled = served.sum()
    resolved = np.einsum("ckost,ks->", served, resolve)
    first_answered = ext * answered[None]
    customers = ext.sum()
    first_resolved = np.einsum("ckost,ks->", first_answered, resolve)
    # customers lost: abandoners who do not try again (the redials are counted as contacts)
    abandoned = np.einsum("ckost,s->", f * pab[None], 1.0 - x.retry)
    share = resolved / customers if customers > 0 else 1.0
    # each (channel, segment) weighted by its customers: P(within T), P(resolved), E[τ·1{resolved}]
    weights = {key: float(_external(x)[key].sum()) for key in journeys if segment is None or key[1] == segment}
    total = sum(weights.values())
    within, p_model, moment = (
        sum(w * journeys[key][i] for key, w in weights.items() if w > 0) / total if total > 0 else 0.0 for i in range(3)
    )
    return {
        "customers": customers,
        "fcr": first_resolved / first_answered.sum() if first_answered.sum() > 0 else 0.0,
        "contacts_per_resolution": handled / resolved if resolved > 0 else float("inf") if handled > 0 else 0.0,
        "p_abandon_any": abandoned / customers if customers > 0 else 0.0,
        "resolved": resolved,
        "resolved_share": min(share, 1.0),
        "resolved_within_target": min(within, share, 1.0) if total > 0 else 1.0,
        "time_to_resolution": moment / p_model / 3600.0 if p_model > 0 else 0.0,
    }


def _journeys(
    x: ScenarioArrays, flows: np.ndarray, p_ab_seg: np.ndarray, stage: dict[str, np.ndarray], dists: list[Distribution]
) -> _Journeys:
    """For customers of each (channel, segment): P(resolved within the resolution target), P(resolved)
    and E[time · 1{resolved}] (s), from the journey-time system of :mod:`svcdesign.engines.journey` with
    this week's waits, each segment's abandonment (per origin, mixed over the week by its arrivals)
    and handle times (each stage's handle-time profile averaged over the week by its arrivals: the
    journey system has no time of day)."""
    grid = journey.Grid(x.resolution_target)
    waits = journey.stage_waits(
        grid, stage["arrivals"], stage["tail_p"], stage["p_abandon"], stage["tail_mean"], stage["shift"], x.retry > 0
    )
    weight = flows.sum(axis=0)  # [K, O, S, T]
    with np.errstate(invalid="ignore", divide="ignore"):
        week_pab = np.where(
            weight.sum(-1) > 0, (weight * p_ab_seg).sum(-1) / np.where(weight.sum(-1) > 0, weight.sum(-1), 1.0), 0.0
        )
    means = x.handle_mean * x.handle_scale_mean(stage["arrivals"])[None, :]  # the profile, mixed by arrivals
    handles = [journey.handle_transforms(grid, dists, means[k]) for k in range(len(x.segments))]
    out = {}
    for (c, k), route in journey.routes(x, week_pab, means).items():
        if x.arrivals[c].sum() <= 0:
            out[(c, k)] = (1.0, 1.0, 0.0)
            continue
        out[(c, k)] = (journey.within_target(grid, route, waits, handles[k]), *journey.resolved_moments(route, waits))
    return out


def _add_end_to_end(
    out: LongBuilder,
    x: ScenarioArrays,
    flows: np.ndarray,
    p_ab_seg: np.ndarray,
    stage: dict[str, np.ndarray],
    per_period: dict[str, np.ndarray],
    dists: list[Distribution],
    key: Hashable | None = None,
) -> None:
    stages_all = [ALL]
    ext = _external(x)
    totals = {
        "customers": ext.sum(axis=(0, 1, 2, 3))[None, :],
        "arrivals": per_period["arrivals"].sum(0, keepdims=True),
        "answered": per_period["answered"].sum(0, keepdims=True),
        "abandoned": per_period["abandoned"].sum(0, keepdims=True),
        "staff_hours": per_period["staff_hours"].sum(0, keepdims=True)
        + per_period.get("group_staff_hours", np.zeros((1, x.periods))).sum(0, keepdims=True),
        "staff_cost": per_period["staff_cost"].sum(0, keepdims=True)
        + per_period.get("group_staff_cost", np.zeros((1, x.periods))).sum(0, keepdims=True),
    }
    if "required_staff" in per_period:
        totals["required_staff_hours"] = per_period["required_staff_hours"].sum(0, keepdims=True)
    out.add(stages_all, totals)
    horizon = {k: np.atleast_1d(v) for k, v in aggregate_periods(totals).items()}
    journeys = _kept_journeys(key, x, flows, p_ab_seg, stage, dists)
    horizon.update(
        {
            k: np.array([v])
            for k, v in _end_to_end(x, flows, p_ab_seg, stage["unserved_share"], journeys, None).items()
            if k != "customers"
        }
    )
    out.add(stages_all, horizon)
    for k, name in enumerate(x.segments):
        values = {
            m: np.array([v]) for m, v in _end_to_end(x, flows, p_ab_seg, stage["unserved_share"], journeys, k).items()
        }
        out.add(stages_all, values, segment=name)


def _unstaffed(x: ScenarioArrays, stage: dict[str, np.ndarray], answered: np.ndarray) -> np.ndarray:
    """[S, T] where work arrives that the roster cannot serve (the ``unstaffed`` flag).

    Live stages: contacts arrive and none is answered (nobody on duty: every contact abandons, or
    waits without limit). Deferred stages: work whose wait is infinite although the week's load is
    within the capacity (the hours on duty never clear it), and every period with work when nobody
    is on duty all week.
    """
    arrivals = stage["arrivals"]
    busy = arrivals > 0
    agents = _agents(x)
    live = busy & ((agents <= 0) | (answered <= 0))
    never = ~np.any(agents > 0, axis=1)[:, None]
    waits_for_ever = ~np.isfinite(stage["asa"]) & ~stage["overloaded"].astype(bool)
    deferred = (busy & never) | waits_for_ever
    return np.where(x.deferred[:, None], deferred, live)


_UNREACHABLE = tr(
    "stage '{name}' cannot meet its target with its roster's hours however many staff work them: work that "
    "arrives while nobody is on duty waits for the next shift; staff required is infinite in {when}; add cover in "
    "those hours or relax the target"
)
_UNREACHABLE_ARRIVING = tr(
    "stage '{name}' cannot meet its target with its roster's hours however many staff work them: work that "
    "arrives while nobody is on duty waits for the next shift (arriving {arriving}); staff required is infinite "
    "in {when}; add cover in those hours or relax the target"
)
_WARNINGS = {
    ("contact type", "overloaded week"): tr(
        "contact type '{name}' is overloaded over the week: arrivals need at least as many agents as the agents of "
        "the groups that serve it have available, so waits grow without limit (no steady state)"
    ),
    ("contact type", "overloaded"): tr(
        "contact type '{name}' is overloaded in {when}: arrivals need at least as many agents as the agents of the "
        "groups that serve it have available, so waits grow without limit (no steady state)"
    ),
    ("stage", "overloaded week"): tr(
        "stage '{name}' is overloaded over the week: arrivals need at least as many agents as are available, so "
        "waits grow without limit (no steady state)"
    ),
    ("stage", "overloaded"): tr(
        "stage '{name}' is overloaded in {when}: arrivals need at least as many agents as are available, so waits "
        "grow without limit (no steady state)"
    ),
    ("contact type", "unstaffed"): tr(
        "contact type '{name}' has contacts but nobody to answer them in {when}: every contact there abandons"
    ),
    ("stage", "unstaffed"): tr(
        "stage '{name}' has contacts but nobody to answer them in {when}: every contact there abandons"
    ),
    ("contact type", "never cleared"): tr(
        "contact type '{name}' has work that the hours on duty never clear: it waits without limit in {when}"
    ),
    ("stage", "never cleared"): tr(
        "stage '{name}' has work that the hours on duty never clear: it waits without limit in {when}"
    ),
}
"""The engine's warnings, by kind of queue (a desk's contact type or a chain's stage) and problem; marked for
translation where they are shown (:class:`~svcdesign.i18n.phrases.Phrase`)."""


def _warnings(x: ScenarioArrays, stage: dict[str, np.ndarray], unstaffed: np.ndarray) -> list[str]:
    warnings: list[str] = []
    for s, name in enumerate(x.stages):
        bad = np.flatnonzero(stage["overloaded"][s])
        kind = "contact type" if s < x.n_types else "stage"
        if bad.size:
            case = "overloaded week" if x.deferred[s] else "overloaded"
            when = When(period_ranges(bad, x.period_minutes))
            warnings.append(Phrase(_WARNINGS[kind, case], name=name, when=when))
        gone = np.flatnonzero((unstaffed[s] > 0) & ~stage["overloaded"][s].astype(bool))
        if gone.size and not x.deferred[s]:
            when = When(period_ranges(gone, x.period_minutes))
            warnings.append(Phrase(_WARNINGS[kind, "unstaffed"], name=name, when=when))
        elif gone.size and np.any(~np.isfinite(stage["asa"][s, gone])):
            when = When(period_ranges(gone, x.period_minutes))
            warnings.append(Phrase(_WARNINGS[kind, "never cleared"], name=name, when=when))
    return warnings
