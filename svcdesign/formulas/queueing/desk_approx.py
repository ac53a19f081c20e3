"""The approximation behind :func:`svcdesign.formulas.queueing.desk.desk_metrics` where no exact chain applies.

**Independent groups, pooled Erlang A waits.** Sources and the measured errors are in the module
docstring of :mod:`svcdesign.formulas.queueing.desk`. Counting is in *servers*: an agent, or a chat slot
at a group with concurrency k (an agent is k servers there, a chat holds one for its handle time ×
``slowdown[k−1]``, any other contact holds all k of its agent's); reserves and blending thresholds in
agents count k servers each. For a live contact type i:

1. *Stages.* The overflow delays of i's groups cut its wait into stages [s_k, s_{k+1}); in stage k it may
   be taken by the pool G_k of groups whose delay is at most s_k.
2. *P(wait).* An arrival waits when every group of G_0 is busy for it; groups are taken busy
   independently (the product-form assumption of the reduced-load approximations of loss networks,
   Kelly 1991, "Loss networks", Annals of Applied Probability 1(3):319–378), each with Erlang C's
   P(wait) at its carried load (live and deferred), the servers other types reserve counted busy.
3. *Answer rate.* While waiting in stage k it is answered at the constant rate r_k that gives an Erlang A
   of the pool G_k its mean conditional wait (E[W | wait] = 1/(r + θ)): all of G_k's servers, i's
   arrivals plus the load the types of its own and higher priority carry on G_k, at the pool's mean work
   per contact of type i, i's patience. The types i goes before only hold servers (as in Cobham's 1954
   non-preemptive priority queue); r_k is slowed by the share of G_k's servers that higher-priority
   types hold, and by the slower release of servers that deferred work holds. It abandons at θ_i. This
   piecewise-exponential wait gives P(abandon), the mean wait and the service level in closed form.
4. *Callbacks* (Armony & Maglaras 2004): a waiting contact is offered one with probability P(time to
   answer > offer_above | wait) under the rates r_k (the realised wait standing for the expected one);
   the share ``accept`` of those take it and never abandon; the pool's patience is the remaining mix's.
5. *Loads.* Contacts answered at once go to the first free group in order of preference (the busy
   chances of step 2); those answered while waiting in stage k to the groups of G_k in proportion to
   the servers the other types leave them plus :data:`SMOOTHING` × their capacity. Loads are cut to the
   servers in order of priority (what the waits imply beyond that abandons, and the mean wait follows
   from Erlang A's P(abandon) = θ·E[wait]; a type without patience left short is overloaded and takes
   all the servers the other types leave it). The loads and callback shares are a fixed point, solved by Anderson
   acceleration, then by damped steps; one that does not settle within :data:`ROUNDS` rounds is
   reported as not settled (the caller leaves it to the simulation).
6. *Deferred work* gets the servers live work leaves beside each group's idle servers: the threshold of a
   blended group, or where its backlog never clears the mean idle servers of a birth–death chain of the
   group's idle servers and live queue under the threshold policy (:func:`_idle_chain`, exact for equal
   handle times), whose P(no idle server) then replaces Erlang C's in step 2 (mixed in as far as
   deferred work fills the spare servers). Shared by the deferred types in proportion to their load;
   their figures are Erlang C's on that capacity.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from ...i18n.phrases import tr
from .desk_inputs import Desk
from .desk_kernels import answer_at_once, erlang_c_wait, pool_answer_rates, pool_loads, pool_rates, type_waits
from .erlang import _erlang_a_compiled

APPROXIMATE = tr("approximate: independent groups, pooled Erlang A waits")
"""Method label of a live type evaluated by this approximation."""

DEFERRED = tr("approximate: deferred work on the capacity live work leaves (Erlang C)")
"""Method label of a deferred type evaluated on the capacity left by live work."""

ROUNDS = 50
"""Most rounds of the load fixed point (it settles within 25 rounds on the example's week; where it has not
settled in twice that, the type is left to the simulation)."""

SETTLED = 1e-6
"""Change below which the fixed point has settled: of every carried load (servers) and callback share (× the
most servers), relative to max(1, most servers)."""

SMOOTHING = 0.5
"""Share of a group's capacity added to the servers other types leave it when the contacts answered while
waiting are split over a pool's groups (a modelling choice: without it the split collapses as the groups
saturate and the fixed point drifts without settling; on the grid of the tests it moves P(abandon) by
under 0.01)."""

SHORTFALL = 1e-4
"""Share of a type's arrivals that its groups' servers leave unanswered, beyond its abandonment, above which
a type with contacts that never abandon is overloaded (the fixed point settles the loads to about 1e-6
servers; figures are good to about this share)."""

SMALLEST_STEP = 1.0 / 64.0
"""Least weight of the new loads in the damped steps (the damping recovers by a quarter a step while the
residual falls)."""

DAMPING = 0.5
"""Weight of the new loads in each step of the fixed point (1: undamped), halved in the damped steps
whenever the residual grows."""


@functools.lru_cache(maxsize=64)
def _pairs(
    route: tuple[tuple[int, ...], ...],
    delay: tuple[tuple[float, ...], ...],
    priority: tuple[float, ...],
    live: tuple[int, ...],
    groups: int,
) -> tuple[Any, ...]:
    """The (type, stage) pairs of the live types ``live`` of a desk with these routes, overflow delays and
    type priorities (the same in every interval of a desk, so kept): per live type the starts of its stages
    (s), the groups that take it at once and its pairs (a slice); per pair its type, its pool of groups
    (booleans and 0/1 weights [pairs, G]) and the types of higher and of equal priority (0/1 weights
    [pairs, Q], the pair's own type not counted)."""
    bounds: dict[int, np.ndarray] = {}
    now: dict[int, np.ndarray] = {}
    stages: dict[int, slice] = {}
    pairs: list[int] = []
    pools: list[list[int]] = []
    for i in live:
        bounds[i] = np.array(sorted(set(delay[i])))
        now[i] = np.array([g for g, d in zip(route[i], delay[i], strict=True) if d == 0.0], np.intp)
        stages[i] = slice(len(pairs), len(pairs) + len(bounds[i]))
        for s in bounds[i]:
            pairs.append(i)
            pools.append([g for g, d in zip(route[i], delay[i], strict=True) if d <= s])
    types = np.array(pairs, dtype=np.intp)
    pool = np.zeros((len(pairs), groups), bool)
    for p, members in enumerate(pools):
        pool[p, members] = True
    prio = np.array(priority)
    higher = (prio[None, :] < prio[types][:, None]).astype(float)  # [pairs, Q]
    same = (prio[None, :] == prio[types][:, None]).astype(float)
    same[np.arange(types.size), types] = 0.0
    return bounds, now, stages, types, pool, pool.astype(float), higher, same


class _Stages:
    """The (type, stage) pairs of the live types of one component, their pools and what stays fixed over
    the rounds: agents, capacity (contacts per second) and mean work per contact of each pool."""

    def __init__(self, desk: Desk, live: list[int], late: list[int], avail: np.ndarray) -> None:
        self.live, self.late = live, late
        priority = tuple(desk.priority.tolist())
        self.bounds, self.now, self.stages, types, self.pool, self.pool_share, self.higher, self.same = _pairs(
            desk.route, desk.delay, priority, tuple(live), desk.groups
        )
        self.pair_type = types
        self.blend = _Blend(desk, late)
        self.work = desk.work0  # [Q, G], 0 where not offered
        self.capacity = avail * desk.speed  # [Q, G], contacts per second
        self.agents = (avail[types] * self.pool).sum(axis=1)
        rate = (self.capacity[types] * self.pool).sum(axis=1)
        first = np.array([desk.work[i, desk.route[i][0]] for i in types])
        self.mean_work = np.where(rate > 0, self.agents / np.where(rate > 0, rate, 1.0), first)
        self.pool_rate = rate
        with np.errstate(invalid="ignore", divide="ignore"):
            self.per_server = np.where(avail > 0, self.capacity / avail, 0.0)  # contacts per second per server
        self.smoothing = SMOOTHING * self.capacity
        self.at_once = {i: self.capacity[i, self.now[i]] for i in live}  # capacity of the groups taking i at once
        self.waits = {i: _wait_args(desk, i) for i in live}


def _wait_args(desk: Desk, i: int) -> tuple[float, float, float, float]:
    """Type i's abandonment rate θ (1/s, 0 without patience), callback offer threshold (s), acceptance and
    target time (s), as :func:`.desk_kernels.type_waits` takes them."""
    theta = 1.0 / desk.patience[i] if np.isfinite(desk.patience[i]) else 0.0
    return float(theta), float(desk.offer_above[i]), float(desk.accept[i]), float(desk.target[i])


def _held_back(desk: Desk, live: list[int]) -> np.ndarray:
    """Servers of each group available to each type [Q, G]: the group's less what other types reserve."""
    offered = desk.rank >= 0
    reserve = np.where(offered, desk.reserve, 0.0) * desk.slots[None, :]
    not_live = np.ones(desk.types, bool)
    not_live[live] = False
    reserve[not_live] = 0.0
    others = reserve.sum(axis=0)[None, :] - reserve
    return np.where(offered, np.maximum(desk.servers[None, :] - others, 0.0), 0.0)


def _fluid(desk: Desk, live: list[int]) -> np.ndarray:
    """First loads [Q, G] (servers): each type's load placed on its groups in order of preference and
    type priority, each group taking what its servers can."""
    left = desk.servers.astype(float).copy()
    load = np.zeros((desk.types, desk.groups))
    for i in sorted(live, key=lambda j: (desk.priority[j], j)):
        rate = desk.rate[i]
        for g in desk.route[i]:
            take = min(rate * desk.work[i, g], left[g])
            load[i, g] = take
            left[g] -= take
            rate -= take / desk.work[i, g]
    return load


def _pools(
    desk: Desk, st: _Stages, load: np.ndarray, patience: np.ndarray, held: np.ndarray, done: np.ndarray
) -> np.ndarray:
    """The answer rate of a waiting contact in each (type, stage) pool, 1/s: from an Erlang A of the
    pool without the types it goes before (they only hold agents, as in Cobham's priority queue), slowed
    by the share of the pool's agents that higher-priority types hold, and by the slower release of the
    servers deferred work holds (``held`` servers per group finishing ``done`` contacts per second)."""
    types, work, agents = st.pair_type, st.mean_work, st.agents
    pooled = st.pool_share @ load.T  # [pairs, Q]: each type's load on the pool's groups
    # all servers busy, the pool frees agents/work per second if all held live work; deferred work held on
    # its servers frees them at its own pace instead
    held_by, done_by = st.pool_share @ held, st.pool_share @ done
    waiting = patience[types]
    rates, compiled = pool_answer_rates(
        pooled, st.higher, st.same, desk.rate[types], work, agents, waiting, st.pool_rate, held_by, done_by
    )
    if compiled:
        return rates
    load_hi, ahead = pool_loads(pooled, st.higher, st.same, desk.rate[types], work)
    ordered = _erlang_a_compiled(ahead, work, agents, waiting, np.zeros(types.size), False)
    return pool_rates(ordered["p_wait"], ordered["asa"], waiting, load_hi, work, agents, st.pool_rate, held_by, done_by)


def _busy_chance(desk: Desk, total: np.ndarray, avail: np.ndarray) -> np.ndarray:
    """P(no server of group g free for type i) [Q, G]: Erlang C on the group's carried load ``total``
    (live and deferred, servers), the servers reserved for other types counted busy."""
    kept = desk.servers[None, :] - avail
    lam = np.maximum(total[None, :] - kept, 0.0).ravel()
    n = avail.ravel()
    wait, compiled = erlang_c_wait(lam, n)
    if not compiled:
        out = _erlang_a_compiled(lam, np.ones(lam.size), n, np.full(lam.size, np.inf), np.zeros(lam.size), False)
        wait = np.where(n > 0, out["p_wait"], 1.0)
    return wait.reshape(avail.shape)


def _round(desk: Desk, st: _Stages, load: np.ndarray, avail: np.ndarray, callback: np.ndarray) -> dict[str, Any]:
    """One round of the fixed point: per-type figures and the answered rates [Q, G] they imply."""
    with np.errstate(divide="ignore"):
        patience = desk.patience / np.where(callback < 1.0, 1.0 - callback, 0.0)
    held, done, p_full = _deferred_busy(desk, st.blend, load)  # deferred work holds servers too
    rates = _pools(desk, st, load, patience, held, done)
    total = load.sum(axis=0) + held
    busy = _busy_chance(desk, total, avail)
    # a blended group: its threshold chain as far as deferred work fills its spare servers (all of them
    # where the backlog never clears), Erlang C on its carried load for the rest
    chain, filled = p_full
    blended = np.isfinite(chain)
    if blended.any():
        busy[:, blended] = filled[blended] * chain[blended] + (1.0 - filled[blended]) * busy[:, blended]
    served = np.zeros((desk.types, desk.groups))
    figures: dict[int, dict[str, Any]] = {}
    # those answered while waiting: split over a stage's pool in proportion to the servers the other types
    # leave each group (in contacts per second) plus SMOOTHING × the group's capacity
    spare = np.maximum(avail - (total[None, :] - load), 0.0) * st.per_server
    weight = np.where(st.pool, (spare + st.smoothing)[st.pair_type], 0.0)  # [pairs, G]
    weights = weight.sum(axis=1)
    split = weight / np.where(weights > 0, weights, 1.0)[:, None]
    for i in st.live:
        stages, now = st.stages[i], st.now[i]
        # the type's waits given its stages' answer rates (callback share, P(abandon | wait), E[W | wait],
        # P(answered within the target | wait), P(answered) per stage given wait)
        waits = type_waits(st.bounds[i], rates[stages], *st.waits[i], float(callback[i]))
        f = dict(zip(("callback", "abandon", "wait", "soon", "by_stage"), waits, strict=True))
        # those answered at once: by the first free group in order of preference
        f["p_wait"] = p_wait = answer_at_once(served, i, now, busy, st.at_once[i], float(desk.rate[i]))
        figures[i] = f
        served[i] += desk.rate[i] * p_wait * (f["by_stage"] @ split[stages])
    return {"figures": figures, "served": served}


def _capped(desk: Desk, i: int, load: np.ndarray, avail: np.ndarray) -> np.ndarray:
    """An overloaded type's answered rates per group: all that its groups' servers left by the other types
    can answer (its queue never empties)."""
    free = np.maximum(avail[i] - (load.sum(axis=0) - load[i]), 0.0)
    return free * desk.speed[i]


def _feasible(desk: Desk, load: np.ndarray) -> np.ndarray:
    """Loads [Q, G] cut, group by group, to at most the group's servers (the waits' answer rates are
    approximate and could otherwise ask more of a group than its servers give): the servers go to the
    types in order of priority, types of equal priority cut in proportion to their loads."""
    load = np.maximum(load, 0.0)  # rounding below zero
    over = np.flatnonzero(load.sum(axis=0) > desk.servers)
    for g in over:
        left = float(desk.servers[g])
        for level in np.unique(desk.priority):
            same = desk.priority == level
            want = float(load[same, g].sum())
            keep = min(want, left)
            load[same, g] *= keep / want if want > 0 else 0.0
            left -= keep
    return load


class _Anderson:
    """Anderson acceleration (Walker & Ni 2011, "Anderson acceleration for fixed-point iterations", SIAM
    J. Numer. Anal. 49(4):1715–1735) of the loads' fixed point x = G(x), with mixing ``DAMPING``: the last
    :data:`DEPTH` iterates are combined so that the linearised residual vanishes. Plain damped iteration
    creeps on these maps (a slope close to 1 where overflow and abandonment feed back); the memory
    restarts whenever the residual grows."""

    DEPTH = 4

    def __init__(self) -> None:
        self.x: list[np.ndarray] = []
        self.f: list[np.ndarray] = []

    def next(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        """The next iterate from the current ``x`` and ``g = G(x)`` (same shape)."""
        f = (g - x).ravel()
        if not np.all(np.isfinite(f)):  # a guard at extreme inputs; desk._approximate leaves them to the simulation
            raise FloatingPointError("the desk's load fixed point left the finite numbers")
        if self.f and np.abs(f).max() > 2.0 * np.abs(self.f[-1]).max():
            self.x, self.f = [], []
        self.x.append(x.ravel().copy())
        self.f.append(f)
        del self.x[: -self.DEPTH], self.f[: -self.DEPTH]
        if len(self.x) < 2:
            return x + DAMPING * (g - x)
        f_all, x_all = np.array(self.f), np.array(self.x)
        d_f, d_x = (f_all[1:] - f_all[:-1]).T, (x_all[1:] - x_all[:-1]).T  # np.diff's arithmetic
        gamma, *_ = np.linalg.lstsq(d_f, f, rcond=None)
        mixed = x.ravel() - d_x @ gamma + DAMPING * (f - d_f @ gamma)
        if not np.all(np.isfinite(mixed)):
            self.x, self.f = [], []
            return x + DAMPING * (g - x)
        return np.maximum(mixed, 0.0).reshape(x.shape)


def live_part(desk: Desk, live: list[int], late: list[int]) -> dict[str, Any] | None:
    """The approximation for the live types ``live`` of one component beside its deferred types ``late``:
    per live type p_wait, asa, service_level, p_abandon, answered, overloaded; answered per (type, group)
    [Q, G]. None where the fixed point does not settle within :data:`ROUNDS` rounds.

    The fixed point is on the loads per (type, group), servers, and each type's callback share (a
    probability, scaled by the most servers so that one tolerance fits both)."""
    avail = _held_back(desk, live)
    st = _Stages(desk, live, late, avail)
    q, g = desk.types, desk.groups
    scale = max(1.0, float(desk.servers.max()))
    state = np.concatenate([_feasible(desk, _fluid(desk, live)).ravel(), np.zeros(q)])
    speed, mix, last = _Anderson(), DAMPING, math.inf
    for step in range(ROUNDS):
        load, callback = state[: q * g].reshape(q, g), state[q * g :] / scale
        result = _round(desk, st, load, avail, callback)
        new = _feasible(desk, result["served"] * st.work)
        offered = np.zeros(q)
        for i in live:
            f = result["figures"][i]
            if math.isinf(f["wait"]) and f["p_wait"] > 0:
                new[i] = _capped(desk, i, load, avail) * st.work[i]
            offered[i] = f["callback"]
        target = np.concatenate([new.ravel(), offered * scale])
        residual = float(np.abs(target - state).max())
        if residual < SETTLED * scale or not desk.rate[live].any():  # nothing arrives: no loads
            return _finish(desk, live, result, load)
        # Anderson's steps for the first half of the rounds; then damped steps, the damping halved whenever
        # the residual grows (down to SMALLEST_STEP) and recovering while it falls: where a group saturates
        # Erlang C's P(wait) is so steep in the load that the map overshoots (slopes of −10 seen)
        if step < ROUNDS // 2:
            nxt = speed.next(state, target)
        else:
            mix = max(mix / 2.0, SMALLEST_STEP) if residual > last else min(mix * 1.25, DAMPING)
            nxt = state + mix * (target - state)
        last = residual
        state = np.concatenate([_feasible(desk, nxt[: q * g].reshape(q, g)).ravel(), np.clip(nxt[q * g :], 0.0, scale)])
    return None  # not settled: no figures to trust


def _finish(desk: Desk, live: list[int], result: dict[str, Any], load: np.ndarray) -> dict[str, Any]:
    """The figures of the settled fixed point (module docstring, step 5)."""
    out: dict[str, Any] = {"types": {}, "served": np.zeros((desk.types, desk.groups))}
    for i in live:
        f = result["figures"][i]
        p_wait = f["p_wait"]
        served = np.maximum(load[i], 0.0) / np.where(desk.rank[i] >= 0, desk.work[i], np.inf)
        # where the groups' servers answer fewer than the waits imply, the rest abandon (Erlang A's
        # P(abandon) = θ·E[wait] then sets the mean wait); without patience the type is overloaded
        short = 1.0 - float(served.sum()) / desk.rate[i] if desk.rate[i] > 0 else 0.0
        waited = (p_wait * f["abandon"], p_wait * f["wait"]) if p_wait > 0 else (0.0, 0.0)
        # a type with contacts that never abandon (no patience, or callbacks) left shorter than its
        # impatient contacts' abandonment explains is overloaded: those contacts queue for ever
        never = not np.isfinite(desk.patience[i]) or f["callback"] > 0
        over = bool(p_wait > 0 and (math.isinf(f["wait"]) or (never and short > waited[0] + SHORTFALL)))
        # (an overloaded type's shortfall waits for ever: only its impatient share abandons)
        p_abandon = min(max(waited[0], short if np.isfinite(desk.patience[i]) and not over else 0.0, 0.0), 1.0)
        asa = max(waited[1], p_abandon * desk.patience[i] if np.isfinite(desk.patience[i]) else 0.0)
        total = float(served.sum())
        if total > 0 and (not over or total > desk.rate[i] * (1.0 - p_abandon)):
            served = served * desk.rate[i] * (1.0 - p_abandon) / total  # split over the groups as the loads are
        out["served"][i] = served
        out["types"][i] = {
            "p_wait": 1.0 if over else p_wait,
            "asa": math.inf if over else asa,
            "service_level": 0.0 if over else min(max(1.0 - p_wait + p_wait * f["soon"], 0.0), 1.0),
            "p_abandon": p_abandon,
            "answered": float(served.sum()) if over else desk.rate[i] * (1.0 - p_abandon),
            "overloaded": over,
        }
    return out


QUEUE_TERMS = 100_000
"""Most queue states summed in a blended group's idle/queue chain (:func:`_idle_chain`)."""


def _idle_chain(servers: float, keep: int, rate: float, work: float, theta: float) -> tuple[float, float]:
    """A blended group whose deferred backlog never clears, as a birth–death chain on its idle servers
    (0..``keep``) and, with none idle, its live queue: live contacts arrive at ``rate`` and take an idle
    server or wait (abandoning at ``theta`` each); a server that finishes with i idle (of ``servers``,
    each of mean work ``work``) frees at rate (servers − i)/work and stays idle only while at most
    ``keep`` are, else it starts deferred work. Exact for the threshold policy of Bhulai & Koole (2003)
    when live and deferred work take equally long. Returns P(no idle server) and the mean idle servers."""
    keep = int(min(keep, math.floor(servers)))
    if rate <= 0.0:
        return (0.0, float(keep)) if keep > 0 else (1.0, 0.0)
    full = servers / work
    # π(i idle) / π(none idle, none waiting), i = 1..keep, in logs (a tiny rate overflows the ratios)
    log_idle = [math.log(servers) - math.log(work) - math.log(rate)] if keep else []
    for i in range(1, keep):
        log_idle.append(log_idle[-1] + math.log(servers - i) - math.log(work) - math.log(rate))
    if theta == 0.0:
        if rate >= full:
            return 1.0, 0.0
        queue = 1.0 / (1.0 - rate * work / servers)  # 1 + Σ_q (rate/full)^q, finite when full overflows
    else:
        q = np.arange(1, int(min(QUEUE_TERMS, 50 + 10 * rate / theta)) + 1)
        queue = 1.0 + float(np.exp(np.cumsum(np.log(rate / (full + q * theta)))).sum())
    # normalised in logs: with a tiny rate the idle terms overflow a float (π scaled by its largest term)
    logs = np.array([math.log(queue), *log_idle])
    weights = np.exp(logs - logs.max())
    total = weights.sum()
    return float(weights[0] / total), float(np.arange(1, keep + 1) @ weights[1:]) / total


class _Blend:
    """What the deferred types ``late`` of one component fix for every round of the fixed point: per blended
    group that serves them the deferred work's mean work per contact, weighted by its arrivals (np.average's
    arithmetic; the most work where none arrives), each type's share of the spare servers of each group
    [Q, G] (by offered load), the types' abandonment rates θ (1/s) and each group's threshold in servers."""

    def __init__(self, desk: Desk, late: list[int]) -> None:
        self.late = late
        self.later: dict[int, float] = {}
        for g in range(desk.groups):
            mine = [i for i in late if desk.rank[i, g] >= 0]
            if desk.idle_above[g] < 0 or not mine:
                continue
            offered = desk.rate[mine]
            self.later[g] = (
                float((desk.work[mine, g] * offered).sum() / offered.sum())
                if sum(offered.tolist()) > 0
                else float(np.nanmax(desk.work[late, g]))
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            self.theta = np.where(np.isfinite(desk.patience), 1.0 / desk.patience, 0.0)
        self.idle = np.maximum(desk.idle_above, 0.0) * desk.slots
        offered = np.zeros((desk.types, desk.groups))
        for i in late:
            offered[i] = np.where(desk.rank[i] >= 0, desk.rate[i] * desk.work0[i], 0.0)
        total = offered.sum(axis=0)
        self.share = np.where(total > 0, offered / np.where(total > 0, total, 1.0), 0.0)


def _thresholds(desk: Desk, blend: _Blend, load: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group: P(no idle server) and mean idle servers under its blending threshold (:func:`_idle_chain`,
    NaN and the threshold where it takes no deferred work)."""
    p_full = np.full(desk.groups, np.nan)
    idle = blend.idle.copy()
    rates = load * desk.speed
    for g, later in blend.later.items():
        rate, busy = float(rates[:, g].sum()), float(load[:, g].sum())
        if desk.servers[g] <= 0.0:
            p_full[g], idle[g] = 1.0, 0.0
            continue
        mix = float(rates[:, g] @ blend.theta) / rate if rate > 0 else 0.0
        keep, kept = idle[g], idle[g]
        for _ in range(CHAIN_ROUNDS):  # a server frees at the mean rate of the live and deferred work it holds
            held = max(desk.servers[g] - busy - kept, 0.0)
            done = rate + held / later
            mean_work = (busy + held) / done if done > 0 and busy + held > 0 else later
            p_full[g], kept = _mixed_chain(desk.servers[g], keep, rate, mean_work, mix)
        idle[g] = kept
    return p_full, idle


CHAIN_ROUNDS = 3
"""Rounds of a blended group's chain that settle the mean work of the servers it frees (live and deferred)."""


def _mixed_chain(servers: float, keep: float, rate: float, work: float, theta: float) -> tuple[float, float]:
    """:func:`_idle_chain` at a threshold between whole servers: the chains of its floor and ceiling mixed."""
    low = _idle_chain(servers, math.floor(keep), rate, work, theta)
    part = keep - math.floor(keep)
    if part == 0.0:  # a whole threshold: the floor's chain alone
        return low
    high = _idle_chain(servers, math.ceil(keep), rate, work, theta)
    return (1 - part) * low[0] + part * high[0], (1 - part) * low[1] + part * high[1]


def _deferred_split(
    desk: Desk, blend: _Blend, live_busy: np.ndarray, idle: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The servers live work leaves beside ``idle`` (the mean idle servers each group keeps), shared by the
    deferred types in proportion to their offered load: per type and group [Q, G], and each type's capacity
    (contacts/s)."""
    spare = np.maximum(desk.servers - live_busy - idle, 0.0)
    agents = blend.share * spare
    capacity = (agents * desk.speed).sum(axis=1)
    return agents, capacity


def _deferred_busy(
    desk: Desk, blend: _Blend, load: np.ndarray
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Servers each group spends on deferred work [G] given the live loads [Q, G] — all its spare servers
    where the backlog never clears (said by the caller, or the arrivals reach the capacity), else the share
    the arrivals need —, the deferred contacts they finish per second [G], and per group [G] P(no idle
    server) of its threshold chain (NaN where it does not blend) with the share of its spare servers that
    deferred work fills (1: the backlog never clears)."""
    if not blend.late:
        return np.zeros(desk.groups), np.zeros(desk.groups), (np.full(desk.groups, np.nan), np.zeros(desk.groups))
    p_full, idle = _thresholds(desk, blend, load)
    agents, capacity = _deferred_split(desk, blend, load.sum(axis=0), idle)
    with np.errstate(invalid="ignore", divide="ignore"):
        use = np.where(desk.backlog | (desk.rate >= capacity), 1.0, desk.rate / capacity)
        # (a share in [0, 1) where computed: np.nan_to_num's only change can be NaN to 0)
        used = agents * np.where(np.isnan(use), 0.0, use)[:, None]
        done = (used * desk.speed).sum(axis=0)  # deferred contacts finished per second
        spare = agents.sum(axis=0)
        busy = used.sum(axis=0)
        filled = np.where(spare > 0, busy / np.where(spare > 0, spare, 1.0), 1.0)
    return busy, done, (p_full, filled)


def deferred_part(desk: Desk, deferred: list[int], load: np.ndarray) -> dict[str, Any]:
    """Deferred types on the servers live work leaves idle above each group's blending threshold:
    per type the Erlang C figures on that capacity (its servers in the type's mean work), answered per
    (type, group)."""
    blend = _Blend(desk, deferred)
    _, idle = _thresholds(desk, blend, load)
    agents, capacity = _deferred_split(desk, blend, load.sum(axis=0), idle)
    out: dict[str, Any] = {"types": {}, "served": np.zeros((desk.types, desk.groups))}
    for i in deferred:
        on = desk.rank[i] >= 0
        # no spare servers: the first group's work per contact
        work = float(desk.work[i, desk.route[i][0]]) if capacity[i] == 0.0 else float(agents[i].sum()) / capacity[i]
        c = _erlang_a_compiled(
            desk.rate[i : i + 1],
            np.array([work]),
            np.array([float(agents[i].sum())]),
            np.array([np.inf]),
            desk.target[i : i + 1],
            True,
        )
        over = bool(c["overloaded"][0]) or bool(desk.backlog[i])
        answered = float(capacity[i]) if over else float(desk.rate[i])
        out["served"][i] = np.where(on, agents[i] / np.where(on, desk.work[i], 1.0), 0.0) * (
            answered / capacity[i] if capacity[i] > 0 else 0.0
        )
        out["types"][i] = {
            "p_wait": 1.0 if over else float(c["p_wait"][0]),
            "asa": math.inf if over else float(c["asa"][0]),
            "service_level": 0.0 if over else float(c["service_level"][0]),
            "p_abandon": 0.0,
            "answered": answered,
            "overloaded": over,
        }
    return out
