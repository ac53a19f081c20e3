"""One interval of a multi-skill service desk as a stationary system: exact where a chain applies, else approximate.

Model. Contact types i (a channel × a reason) arrive as Poisson streams of rate λ_i per second; agent
groups g have n_g agents available (real, ≥ 0: fractional agents as in the analytic engine, through the
continuous extension of Erlang A/C). A contact of type i takes h_i × m_ig seconds of an agent of group g
(``multiplier`` m_ig, NaN where g lacks the skill); the router offers it to its groups in order of
``preference``, each group from ``overflow_after`` seconds after arrival; among waiting types a free agent
takes the lowest ``priority`` first; a group serves other types only while more than ``reserve[i, g]``
of its agents are idle; patience is exponential of mean ``patience_i`` (inf: none); deferred types
(e-mail) never abandon and, at a blended group, are started only while more than ``idle_above`` agents
are idle; chats at a group with concurrency k progress at ``slowdown[j−1]`` × their handle time while the
agent holds j; a waiting contact whose wait is long is offered a callback and the share ``accept`` take
it, keeping their place and never abandoning (Armony & Maglaras 2004, "On customer contact centers with
a call-back option", Operations Research 52(2):271–292). Times are exponential, as in the analytic engine.

Each connected part of the type–group graph (a component) is evaluated on its own, by the first method
that applies; the ``method`` label of each type says which.

1. **Exact reductions.**

   * One live type and one group (no callback; not a chat at a group with concurrency): Erlang A, or
     Erlang C without patience (:func:`~svcdesign.formulas.queueing.erlang.erlang_a`, the analytic
     engine's formula; fractional agents allowed). Labels "exact: Erlang A", "exact: Erlang C".
   * One group with concurrency and one live chat type (whole agents, no callback):
     :func:`~svcdesign.formulas.queueing.markov.chat.chat_metrics`. Label "exact: chat_metrics".
   * One blended group (``idle_above`` ≥ 0, whole) with one live and one deferred type (whole agents, no
     callback): :func:`~svcdesign.formulas.queueing.markov.blend.blend_metrics`. That chain assumes a
     backlog of deferred work that never clears, so it is used only where that holds: where the caller
     says so (``backlog``) or where the deferred arrivals reach the rate the chain completes deferred
     work; else the approximation. Label "exact: blend_metrics (endless backlog)".
   * Several types or groups, whole agents, no overflow delays, reserves, callbacks, concurrent chats or
     deferred work, and distinct priorities among the types each group serves (the chain serves types
     in a fixed order; equal priorities mean "longest waiting first", which it cannot follow), with a
     chain of at most ``max_states`` states (counted before it is tried; results cached by their inputs):
     :func:`~svcdesign.formulas.queueing.markov.multiskill.multiskill_metrics`. It gives no waiting-time
     distribution, so the **service level is approximate**: an exponential wait given wait with the
     chain's P(wait), P(abandon) and mean wait (answer rate r with 1/(r + θ) = E[W | wait]; exact for
     Erlang C). Label "exact: multiskill_metrics (service level approximate: exponential wait)".

2. **Approximation** (model in :mod:`svcdesign.formulas.queueing.desk_approx`; label "approximate:
   independent groups, pooled Erlang A waits"). An arrival waits when every group that may take it at
   once is busy, groups taken busy independently (as in the reduced-load approximations of loss
   networks: Kelly 1991, "Loss networks", Annals of Applied Probability 1(3):319–378), each by Erlang C
   at its carried load. A waiting contact is answered, stage by stage of its overflow delays, at the
   rate of an Erlang A of the pool of groups it may go to with the load they carry (resource pooling:
   Wallace & Whitt 2005, "A staffing algorithm for call centers with skill-based routing",
   Manufacturing & Service Operations Management 7(4):276–294, find a few skills per agent perform
   nearly as one pooled group), the types it goes before only holding agents (Cobham 1954, "Priority
   assignment in waiting line problems", Operations Research 2(1):70–76). Loads per group are a fixed
   point. Choices stated: chats count in slots, an agent at a group with concurrency k being k slots, a
   chat holding one for h·m·slowdown[k−1] (full concurrency, the regime in which chats wait; at light
   load this overstates a chat's time), any other contact all k of its agent's; a reserve or threshold
   in agents is k slots each; deferred work gets the servers live work leaves beside the group's idle
   ones (the threshold, or where its backlog never clears the mean of a birth–death chain of idle
   servers under the threshold policy of Bhulai & Koole 2003, exact for equal handle times) and holds
   them against live work. **Measured errors** (tests/test_formulas_desk.py):

   * against :func:`multiskill_metrics` on 64 two-type systems (N, X, W and M designs, 2 or 3 groups of
     1–4 agents, loads 0.6–1.1 per agent, patience 0.5–2 mean handle times, strict priorities both ways):
     within 0.096 of P(abandon) (median 0.011), 39 % of the mean wait (median 9.6 %), 0.085 of P(wait)
     (median 0.029);
   * against Erlang A for one group (41 cases): 0.014 of P(abandon), 19 % of the mean wait, 0.048 of
     P(wait), 0.12 of the service level (its P(wait) is Erlang C's at the carried load);
   * against :func:`chat_metrics` for one chat group (18 cases): 0.046 of P(abandon), 0.15 of P(wait),
     0.1 of the service level;
   * against :func:`blend_metrics` for one blended group (12 cases): 0.056 of P(abandon), 28 % of the
     mean wait, 0.06 of occupancy, 0.1 agents per agent of deferred work.

   Overflow delays, reserves and callbacks have no exact chain here; tests check their direction (a
   longer delay lengthens the wait, a callback lowers abandonment, a reserve or a higher priority favours
   its type), ranges, conservation and near-monotonicity in agents (on 1000 random desks of one to three
   types and groups, with delays, callbacks, priorities and fractional agents, one more agent raised no
   P(abandon) by more than 0.017: the fixed point is not exactly monotone); on those desks 3 % of the
   types were left to the simulation (deep overload, where the fixed point did not settle).

3. **Simulation** (label "simulation", every figure NaN): where the approximation's fixed point does
   not settle within its rounds, no figure of it is honest; the engine fills these from the simulation.

Figures per type: P(wait), mean wait over all arrivals (s), service level (share of ALL arrivals
answered within ``target_time``), P(abandon), answered rate (1/s), overloaded (no steady state: a type
without patience whose groups cannot keep up; p_wait 1, asa inf, service level 0, answered the capacity
left to it). Deferred types: the figures of the interval in steady state on the capacity live work leaves
(the weekly backlog is the caller's, as in the analytic engine's deferred stages); with ``backlog`` the
type takes all of that capacity and is flagged overloaded. Per group: busy agents and occupancy (busy /
agents; chat slots counted as a share of their agent). Per (type, group): answered rate.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from typing import Any

import numpy as np
import pandas as pd

from ...errors import InputError
from ...i18n.phrases import tr
from . import desk_approx
from .desk_inputs import Desk, checked, checked_interval
from .erlang import erlang_a
from .markov import blend_metrics, chat_metrics, multiskill_metrics

MAX_STATES = 400
"""Default largest chain the exact multi-skill path solves, states. Measured: a desk of two types needs
1 000–5 000 states (queues capped at 16 or 32), 10–55 ms a chain with its attempts at smaller caps, so a
week of 336 distinct intervals would take 3–18 s on that path; at 400 states the path takes the chains of
one type over several groups and of the smallest desks (milliseconds each) and leaves the rest to the
approximation. Pass a larger ``max_states`` to evaluate small two-type desks exactly."""

SIMULATION = tr("simulation")
"""Method label of a type left to the simulation (figures NaN)."""

_FIELDS = ("p_wait", "asa", "service_level", "p_abandon", "answered", "overloaded")


@dataclasses.dataclass(frozen=True, repr=True)
class DeskMetrics:
    """One interval of a multi-skill desk: per type (length Q), per group (G) and per (type, group).

    Attributes
    ----------
    p_wait: per type, probability that an arrival waits.
    asa: per type, mean wait over all arrivals, s (inf where overloaded).
    service_level: per type, share of all arrivals answered within the target time.
    p_abandon: per type, probability that an arrival abandons (0 for deferred types).
    answered: per type, contacts answered per second.
    overloaded: per type, True where the type has no steady state in the interval.
    method: per type, how its figures were computed (see the module docstring).
    busy: per group, agents' worth of work in hand (chats held ÷ the concurrency limit) — not the engines'
        ``busy_agents`` (agents holding at least one contact), which they derive from ``answered_by``.
    occupancy: per group, busy / agents (0 where there are no agents).
    answered_by: Q × G, type-i contacts answered per second by group g.
    """

    p_wait: np.ndarray
    asa: np.ndarray
    service_level: np.ndarray
    p_abandon: np.ndarray
    answered: np.ndarray
    overloaded: np.ndarray
    method: tuple[str, ...]
    busy: np.ndarray
    occupancy: np.ndarray
    answered_by: np.ndarray

    def types_frame(self) -> pd.DataFrame:
        """One row per contact type: the per-type figures and the method."""
        names = ("p_wait", "asa", "service_level", "p_abandon", "answered", "overloaded", "method")
        return pd.DataFrame({name: list(getattr(self, name)) for name in names}).rename_axis("type")

    def groups_frame(self) -> pd.DataFrame:
        """One row per agent group: busy agents, occupancy and the rate answered of each type (``answered_<i>``)."""
        cols = {"busy": self.busy, "occupancy": self.occupancy}
        cols |= {f"answered_{i}": row for i, row in enumerate(self.answered_by)}
        return pd.DataFrame(cols).rename_axis("group")


def desk_metrics(
    arrival_rate: Any,
    handle_time: Any,
    multiplier: Any,
    agents: Any,
    preference: Any,
    *,
    overflow_after: Any = None,
    priority: Any = None,
    reserve: Any = None,
    patience: Any = math.inf,
    deferred: Any = None,
    chat: Any = None,
    slowdown: Any = None,
    idle_above: Any = None,
    callback_offer_above: Any = math.inf,
    callback_accept: Any = 0.0,
    target_time: Any = 0.0,
    backlog: Any = None,
    max_states: int = MAX_STATES,
) -> DeskMetrics:
    """Steady-state figures of one interval of a multi-skill service desk (seconds, per-second rates).

    Parameters
    ----------
    arrival_rate:
        Contacts per second of each type, λ_i >= 0 (length Q >= 1).
    handle_time:
        Mean handle time of each type at a skill multiplier of 1, s (> 0; length Q or one number).
    multiplier:
        Q × G handle-time multipliers of type i at group g (> 0; NaN: the group lacks the skill).
    agents:
        Agents available in each group (length G >= 1), real >= 0 (fractional as in the analytic engine).
    preference:
        Q × G rank of each group in the type's order of preference (0 first; -1: not offered).
    overflow_after:
        Q × G seconds from arrival until the group may take the type (the first group's 0; default all 0).
    priority:
        Per type, lower is served first by a free agent (default all equal).
    reserve:
        Q × G agents of group g kept for type i (default none).
    patience:
        Mean patience per type, s (exponential; inf: never abandons, required for deferred types).
    deferred:
        Per type, True for deferred work (e-mail).
    chat:
        Per type, True for chats (held several at once where the group has concurrency).
    slowdown:
        Per group, the handle-time multipliers while an agent holds 1, 2, … chats (empty: no concurrency).
    idle_above:
        Per group, the blending threshold (agents idle needed before deferred work is started; -1: none).
    callback_offer_above:
        Per type, the expected wait above which a callback is offered, s (inf: never).
    callback_accept:
        Per type, share of those offered a callback who accept it, in [0, 1].
    target_time:
        Per type, the service-level target time, s (inf allowed).
    backlog:
        Per type, True for a deferred type whose backlog outlasts the interval (the caller's weekly view).
    max_states:
        Largest chain the exact multi-skill path solves (a whole number >= 1); larger systems are approximated.

    Returns
    -------
    DeskMetrics

    Raises
    ------
    InputError
        Naming the argument for a value or shape outside the ranges above, a type offered to no group,
        a preference where the group lacks the skill, repeated ranks, decreasing overflow delays, or
        patience or a callback on deferred work.

    Notes
    -----
    Model, methods, sources and the approximation's measured error: :mod:`svcdesign.formulas.queueing.desk`.
    """
    args = dict(locals())
    states = _max_states(max_states)  # checked before the other arguments, as before
    return _evaluate(checked(args), states)


def _max_states(max_states: Any) -> int:
    """``max_states`` checked: a whole number >= 1 (states of a chain)."""
    if isinstance(max_states, bool) or not isinstance(max_states, int | np.integer) or max_states < 1:
        raise InputError("max_states", max_states, "a whole number >= 1")
    return int(max_states)


class DeskIntervals:
    """:func:`desk_metrics` over the intervals of one desk, whose arguments other than the arrival rates,
    handle times, agents and patience are the same in every interval (``fixed``: those arguments by name):
    they are checked once, in the first interval.

    Calling it with an interval's ``arrival_rate``, ``handle_time``, ``agents`` and ``patience`` gives
    :func:`desk_metrics` of those and ``fixed``, and raises as it does."""

    def __init__(self, **fixed: Any) -> None:
        self.fixed = _DEFAULTS | fixed
        self.desk: Desk | None = None
        self.max_states = _max_states(self.fixed["max_states"])

    def __call__(self, arrival_rate: Any, handle_time: Any, agents: Any, patience: Any) -> DeskMetrics:
        """:func:`desk_metrics` of one interval."""
        args = self.fixed | {"arrival_rate": arrival_rate, "handle_time": handle_time, "agents": agents}
        args["patience"] = patience
        self.desk = checked(args) if self.desk is None else checked_interval(self.desk, args)
        return _evaluate(self.desk, self.max_states)


_DEFAULTS = {
    name: p.default for name, p in inspect.signature(desk_metrics).parameters.items() if p.default is not p.empty
}
"""The default arguments of :func:`desk_metrics`, by name."""


def _evaluate(desk: Desk, max_states: int) -> DeskMetrics:
    """Every component of the checked ``desk`` by its method, gathered into one result."""
    out = {name: np.full(desk.types, np.nan) for name in _FIELDS}
    out["overloaded"] = np.zeros(desk.types, bool)
    served = np.zeros((desk.types, desk.groups))
    busy = np.zeros(desk.groups)
    methods = [""] * desk.types
    for types, groups in _components(desk):
        part = _component(desk, types, groups, max_states)
        for i, figures in part["types"].items():
            for name in _FIELDS:
                out[name][i] = figures[name]
            methods[i] = part["methods"][i]
        served[types] = part["served"][types]
        busy[groups] = part["busy"][groups]
    with np.errstate(invalid="ignore", divide="ignore"):
        occupancy = np.where(desk.agents > 0, busy / np.where(desk.agents > 0, desk.agents, 1.0), 0.0)
    return DeskMetrics(**out, method=tuple(methods), busy=busy, occupancy=occupancy, answered_by=served)


def _components(desk: Desk) -> list[tuple[list[int], list[int]]]:
    """The connected parts of the type–group graph: (types, groups) each, in order of first type."""
    parent = list(range(desk.types + desk.groups))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, route in enumerate(desk.route):
        for g in route:
            parent[root(desk.types + g)] = root(i)
    parts: dict[int, tuple[list[int], list[int]]] = {}
    for k in range(desk.types + desk.groups):
        types, groups = parts.setdefault(root(k), ([], []))
        (types if k < desk.types else groups).append(k if k < desk.types else k - desk.types)
    return [p for p in parts.values() if p[0]]


def _component(desk: Desk, types: list[int], groups: list[int], max_states: int) -> dict[str, Any]:
    """The figures of one component by the first method that applies (module docstring)."""
    live = [i for i in types if not desk.deferred[i]]
    late = [i for i in types if desk.deferred[i]]
    for exact in (_erlang, _chat, _blend, _multiskill):
        part = exact(desk, live, late, groups, max_states)
        if part is not None:
            return part
    return _approximate(desk, live, late) or _simulation(desk, types)


def _simulation(desk: Desk, types: list[int]) -> dict[str, Any]:
    """The types of a component left to the simulation: every figure NaN."""
    nan = dict.fromkeys(_FIELDS, math.nan) | {"overloaded": False}
    return {
        "types": dict.fromkeys(types, nan),
        "methods": dict.fromkeys(types, SIMULATION),
        "served": np.full((desk.types, desk.groups), np.nan),
        "busy": np.full(desk.groups, np.nan),
    }


def _approximate(desk: Desk, live: list[int], late: list[int]) -> dict[str, Any] | None:
    """The approximation of :mod:`svcdesign.formulas.queueing.desk_approx` (None where it does not settle,
    or where its fixed point leaves the finite numbers at extreme inputs: the simulation takes those)."""
    try:
        first = (
            desk_approx.live_part(desk, live, late)
            if live
            else {"types": {}, "served": np.zeros((desk.types, desk.groups))}
        )
    except FloatingPointError:
        return None
    if first is None:
        return None
    second = desk_approx.deferred_part(desk, late, first["served"] * desk.work0)
    served = first["served"] + second["served"]
    methods = dict.fromkeys(live, desk_approx.APPROXIMATE) | dict.fromkeys(late, desk_approx.DEFERRED)
    busy = (served * desk.work0).sum(axis=0) / desk.slots  # servers (slots) → agents
    return {"types": first["types"] | second["types"], "methods": methods, "served": served, "busy": busy}


def _part(
    desk: Desk,
    figures: dict[int, dict[str, Any]],
    labels: dict[int, str],
    served: dict[tuple[int, int], float],
    busy: dict[int, float],
) -> dict[str, Any]:
    table = np.zeros((desk.types, desk.groups))
    for (i, g), rate in served.items():
        table[i, g] = rate
    per_group = np.zeros(desk.groups)
    for g, value in busy.items():
        per_group[g] = value
    return {"types": figures, "methods": labels, "served": table, "busy": per_group}


def _own_work(desk: Desk, i: int, g: int) -> float:
    """Agent time of one type-i contact at group g held alone, s (the exact chains count whole agents)."""
    alone = desk.slowdown[g][0] if desk.chat[i] and desk.slowdown[g] else 1.0
    return float(desk.handle[i] * desk.multiplier[i, g] * alone)


def _whole(value: float) -> bool:
    return bool(np.isfinite(value) and value == math.floor(value))


def _erlang(desk: Desk, live: list[int], late: list[int], groups: list[int], _: int) -> dict[str, Any] | None:
    """One live type at one group (not chat at a group with concurrency, no callback): Erlang A / C."""
    if len(live) != 1 or late or len(groups) != 1:
        return None
    (i,), (g,) = live, groups
    if desk.callback(i) or (desk.chat[i] and desk.slots[g] > 1):
        return None
    lam, h, n = float(desk.rate[i]), _own_work(desk, i, g), float(desk.agents[g])
    m = erlang_a(lam, h, n, float(desk.patience[i]), float(desk.target[i]))
    answered = float(n / h if m.overloaded else lam * (1.0 - m.p_abandon))
    figures = {
        "p_wait": m.p_wait,
        "asa": m.asa,
        "service_level": m.service_level,
        "p_abandon": m.p_abandon,
        "answered": answered,
        "overloaded": m.overloaded,
    }
    label = tr("exact: Erlang C") if math.isinf(desk.patience[i]) else tr("exact: Erlang A")
    return _part(desk, {i: figures}, {i: label}, {(i, g): answered}, {g: answered * h})


def _chat(desk: Desk, live: list[int], late: list[int], groups: list[int], _: int) -> dict[str, Any] | None:
    """One live chat type at one group with concurrency, whole agents, no callback: chat_metrics."""
    if len(live) != 1 or late or len(groups) != 1:
        return None
    (i,), (g,) = live, groups
    if desk.callback(i) or not desk.chat[i] or desk.slots[g] < 2 or not _whole(desk.agents[g]):
        return None
    base = desk.handle[i] * desk.multiplier[i, g]
    m = chat_metrics(
        float(desk.rate[i]),
        [base * s for s in desk.slowdown[g]],
        float(desk.agents[g]),
        float(desk.patience[i]),
        float(desk.target[i]),
    )
    figures = {
        "p_wait": m.p_wait,
        "asa": m.asa,
        "service_level": m.service_level,
        "p_abandon": m.p_abandon,
        "answered": m.throughput,
        "overloaded": m.overloaded,
    }
    return _part(
        desk,
        {i: figures},
        {i: tr("exact: chat_metrics")},
        {(i, g): float(m.throughput)},
        {g: float(m.occupancy) * float(desk.agents[g])},
    )


def _blend(desk: Desk, live: list[int], late: list[int], groups: list[int], max_states: int) -> dict[str, Any] | None:
    """One live and one deferred type at one blended group, whole agents and threshold, the backlog
    endless (said by the caller, or the deferred arrivals at least the chain's deferred completions)."""
    if len(live) != 1 or len(late) != 1 or len(groups) != 1:
        return None
    (i,), (d,), (g,) = live, late, groups
    n, r = float(desk.agents[g]), float(desk.idle_above[g])
    if desk.callback(i) or (desk.chat[i] and desk.slots[g] > 1) or r < 0 or not (_whole(n) and _whole(r)) or n < 1:
        return None
    try:
        m = blend_metrics(
            float(desk.rate[i]),
            _own_work(desk, i, g),
            int(n),
            int(r),
            _own_work(desk, d, g),
            float(desk.patience[i]),
            float(desk.target[i]),
            max_states=max_states,
        )
    except InputError:  # the chain is too large (a live load at or past the agents without patience)
        return None
    if not (desk.backlog[d] or desk.rate[d] >= m.deferred_throughput):
        return None
    live_fig = {
        "p_wait": m.p_wait,
        "asa": m.asa,
        "service_level": m.service_level,
        "p_abandon": m.p_abandon,
        "answered": m.throughput,
        "overloaded": False,
    }
    late_fig = {
        "p_wait": 1.0,
        "asa": math.inf,
        "service_level": 0.0,
        "p_abandon": 0.0,
        "answered": m.deferred_throughput,
        "overloaded": True,
    }
    label = tr("exact: blend_metrics (endless backlog)")
    return _part(
        desk,
        {i: live_fig, d: late_fig},
        {i: label, d: label},
        {(i, g): m.throughput, (d, g): m.deferred_throughput},
        {g: m.occupancy * n},
    )


SIZING_CAP = 16
"""Queue cap at which the multi-skill chain's states are counted before it is tried: its first attempt
caps the queues at 8 and doubles them until the mass at the caps is below 1e-10, which took 16 or 32 on
small desks with patience (a chain larger than ``max_states`` at 16 is not tried)."""

CACHE_SIZE = 1024
"""Exact multi-skill chains remembered by their inputs (a week of intervals repeats many of them)."""


@functools.lru_cache(maxsize=CACHE_SIZE)
def _chain(
    rates: tuple[float, ...],
    work: tuple[tuple[float, ...], ...],
    agents: tuple[int, ...],
    routes: tuple[tuple[int, ...], ...],
    patience: tuple[float, ...],
    prios: tuple[tuple[int, ...], ...],
    max_states: int,
) -> Any:
    """:func:`multiskill_metrics` of a component, or None where it needs more than ``max_states`` states."""
    try:
        return multiskill_metrics(
            list(rates),
            np.array(work),
            list(agents),
            [list(r) for r in routes],
            list(patience),
            group_priorities=[list(p) for p in prios],
            max_states=max_states,
        )
    except InputError:
        return None


def _chain_allowed(desk: Desk, live: list[int], late: list[int], groups: list[int]) -> bool:
    """Whether the component is one the exact multi-skill chain follows (module docstring)."""
    if late or not all(_whole(desk.agents[g]) for g in groups):
        return False
    for i in live:
        if desk.callback(i) or any(desk.delay[i]) or any(desk.reserve[i, g] > 0 for g in desk.route[i]):
            return False
        if desk.chat[i] and any(desk.slots[g] > 1 for g in desk.route[i]):
            return False
    for g in groups:
        prios = [desk.priority[i] for i in live if g in desk.route[i]]
        if len(set(prios)) != len(prios):
            return False
    return True


def _first_states(agents: tuple[int, ...], routes: tuple[tuple[int, ...], ...], cap: int) -> int:
    """States of the multi-skill chain with every queue capped at ``cap`` (its first attempt): the ways of
    placing at most n_g busy agents over each group's (type, group) pairs, times cap + 1 queue lengths for
    each type whose groups are all full."""
    pairs = [sum(g in route for route in routes) for g in range(len(agents))]
    full = [math.comb(n + p - 1, p - 1) if p else int(n == 0) for n, p in zip(agents, pairs, strict=True)]
    some = [math.comb(n + p, p) - f for n, p, f in zip(agents, pairs, full, strict=True)]
    total = 0
    for mask in range(1 << len(agents)):
        ways = math.prod(full[g] if mask >> g & 1 else some[g] for g in range(len(agents)))
        waiting = sum(all(mask >> g & 1 for g in route) for route in routes)
        total += ways * (cap + 1) ** waiting
    return total


def _multiskill(
    desk: Desk, live: list[int], late: list[int], groups: list[int], max_states: int
) -> dict[str, Any] | None:
    """Several types or groups, whole agents, none of delays, reserves, callbacks, concurrency, deferred
    work, distinct priorities at each group: the exact chain (service level: exponential wait)."""
    if not _chain_allowed(desk, live, late, groups):
        return None
    where = {g: k for k, g in enumerate(groups)}
    routes = tuple(tuple(where[g] for g in desk.route[i]) for i in live)
    prios = tuple(
        tuple(sorted((k for k, i in enumerate(live) if g in desk.route[i]), key=lambda k: desk.priority[live[k]]))
        for g in groups
    )
    agents = tuple(int(desk.agents[g]) for g in groups)
    if _first_states(agents, routes, SIZING_CAP) > max_states:  # too large once its queues double: not tried
        return None
    work = tuple(tuple(_own_work(desk, i, g) if desk.rank[i, g] >= 0 else math.nan for g in groups) for i in live)
    m = _chain(
        tuple(float(desk.rate[i]) for i in live),
        work,
        agents,
        routes,
        tuple(float(desk.patience[i]) for i in live),
        prios,
        max_states,
    )
    if m is None:
        return None
    figures, labels, served = {}, {}, {}
    for k, i in enumerate(live):
        p_wait, asa = float(m.p_wait[k]), float(m.asa[k])
        figures[i] = {
            "p_wait": p_wait,
            "asa": asa,
            "p_abandon": float(m.p_abandon[k]),
            "service_level": _exponential_level(p_wait, asa, float(desk.patience[i]), float(desk.target[i])),
            "answered": float(m.throughput[k]),
            "overloaded": False,
        }
        labels[i] = tr("exact: multiskill_metrics (service level approximate: exponential wait)")
        for kg, g in enumerate(groups):
            served[(i, g)] = float(m.served[k, kg])
    busy = {g: float(m.occupancy[kg]) * float(desk.agents[g]) for kg, g in enumerate(groups)}
    return _part(desk, figures, labels, served, busy)


def _exponential_level(p_wait: float, asa: float, patience: float, target: float) -> float:
    """Service level with an exponential wait given wait: answer rate r and abandonment rate θ with
    1/(r + θ) = E[W | wait] = asa / p_wait; P(answered within t | wait) = r/(r + θ)·(1 − e^{−(r + θ)t})."""
    if p_wait <= 0.0:
        return 1.0
    total = p_wait / asa if asa > 0 else math.inf
    theta = 0.0 if math.isinf(patience) else 1.0 / patience
    answer = max(total - theta, 0.0)
    within = 1.0 if math.isinf(total) else answer / total * -math.expm1(-total * target)
    return min(max(1.0 - p_wait + p_wait * within, 0.0), 1.0)
