"""Compiled pieces of the multi-skill desk's approximation (:mod:`svcdesign.formulas.queueing.desk_approx`).

Each round of the approximation's fixed point evaluates, for every live contact type, its waits given the
answer rates of its stages (:func:`type_waits`) and the share it answers at once (:func:`answer_at_once`),
and for every (type, stage) pool an Erlang A and its answer rate (:func:`pool_answer_rates`), and for every
group Erlang C's P(wait) (:func:`erlang_c_wait`); the analytic engine runs those rounds many thousand times
over a week of intervals. These kernels do the same floating-point operations in the same order as the
numpy and Python code they replace — elementwise arithmetic, ``math.exp`` and ``math.expm1`` of one float,
sums in numpy's own order (:func:`numpy_sum`) — so the figures are the same bit for bit; products of
matrices stay with numpy (its BLAS may fuse multiplications and additions). The Erlang A is
:func:`.kernels_erlang_a.erlang_a_metrics`; where it leaves an element to the numpy path, the caller takes
the numpy path for the whole call. ``error_model="numpy"``: IEEE division, no zero-division checks.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .kernels_erlang_a import ROW_ASA, ROW_P_WAIT, erlang_a_metrics


@njit(cache=True, error_model="numpy")
def profile(bounds, rates, theta, upto):
    """A wait with answer rate ``rates[k]`` (1/s) on [bounds[k], bounds[k+1]) (s) and abandonment rate
    ``theta`` (1/s), followed until ``upto`` (s): the time spent waiting (s), P(answered) in each stage,
    P(still waiting) at the end."""
    n = bounds.size
    alive, spent = 1.0, 0.0
    answered = np.zeros(n)
    for k in range(n):
        start = bounds[k]
        if start >= upto or alive == 0.0:
            break
        end = min(bounds[k + 1] if k + 1 < n else math.inf, upto)
        span, hazard = end - start, rates[k] + theta
        if hazard == 0.0:
            spent += alive * span
            continue
        left = math.exp(-hazard * span)
        mass = alive * -math.expm1(-hazard * span) / hazard
        spent += mass
        answered[k] = rates[k] * mass
        alive *= left
    return spent, answered, alive


@njit(cache=True, error_model="numpy")
def type_waits(bounds, rates, theta, offer_above, accept, target, callback):
    """One type's waits given its stages' answer rates: the share ``callback`` taking a callback (computed
    anew where ``offer_above`` is finite and ``accept`` > 0: ``accept`` × P(still waiting at ``offer_above``)
    without abandonment), P(abandon | wait), E[W | wait] (s), P(answered within ``target`` | wait) and
    P(answered) per stage given wait — with abandonment rate ``theta`` (1/s) for those without a callback."""
    if accept > 0 and math.isfinite(offer_above):
        callback = accept * profile(bounds, rates, 0.0, offer_above)[2]
    spent1, by_stage1, _ = profile(bounds, rates, theta, math.inf)
    _, soon1, _ = profile(bounds, rates, theta, target)
    spent0, by_stage0, soon0 = 0.0, by_stage1 * 0.0, soon1 * 0.0
    if callback > 0:
        spent0, by_stage0, _ = profile(bounds, rates, 0.0, math.inf)
        soon0 = profile(bounds, rates, 0.0, target)[1]
    mix = 1.0 - callback
    abandon = mix * theta * spent1 if theta > 0 else 0.0
    wait = mix * spent1 + (callback * spent0 if callback > 0 else 0.0)
    soon = mix * numpy_sum(soon1) + callback * numpy_sum(soon0)
    return callback, abandon, wait, soon, mix * by_stage1 + callback * by_stage0


@njit(cache=True, error_model="numpy")
def numpy_sum(values):
    """The sum of a contiguous 1-d array in numpy's own order (its pairwise summation: left to right below
    eight elements, eight running sums up to 128, halves beyond), so that a compiled sum equals
    ``values.sum()`` bit for bit."""
    n = values.size
    if n <= 128:
        return 0.0 + _block(values, 0, n)
    # the halving as numpy recurses, on a stack: (start, size, halves done), and the sums of done halves
    start, size, state = np.empty(128, np.int64), np.empty(128, np.int64), np.empty(128, np.int64)
    sums = np.empty(128)
    top, done = 0, 0
    start[0], size[0], state[0] = 0, n, 0
    while top >= 0:
        s, m, k = start[top], size[top], state[top]
        top -= 1
        if m <= 128:
            sums[done] = _block(values, s, m)
            done += 1
        elif k == 0:
            half = m // 2
            half -= half % 8
            for item in ((s, m, 1), (s + half, m - half, 0), (s, half, 0)):
                top += 1
                start[top], size[top], state[top] = item
        else:
            done -= 1
            sums[done - 1] = sums[done - 1] + sums[done]
    return 0.0 + sums[0]


@njit(cache=True, error_model="numpy")
def _block(a, start, n):
    """numpy's pairwise sum of ``a[start:start + n]``, n <= 128."""
    if n < 8:
        res = -0.0
        for i in range(start, start + n):
            res += a[i]
        return res
    r = a[start : start + 8].copy()
    i = 8
    while i < n - (n % 8):
        for j in range(8):
            r[j] += a[start + i + j]
        i += 8
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    while i < n:
        res += a[start + i]
        i += 1
    return res


@njit(cache=True, error_model="numpy")
def pool_loads(pooled, higher, same, rate, work):
    """Per (type, stage) pool [P]: the load that types of higher priority carry on the pool (servers;
    ``pooled`` [P, Q] each type's load on the pool, ``higher`` and ``same`` [P, Q] 0/1 weights of the types
    of higher and of equal priority) and the arrival rate the pool's Erlang A sees (1/s: the type's ``rate``
    plus the loads of both over the pool's mean ``work`` per contact, s)."""
    size = pooled.shape[0]
    load_hi, ahead = np.empty(size), np.empty(size)
    for p in range(size):
        load_hi[p] = numpy_sum(higher[p] * pooled[p])
        ahead[p] = rate[p] + (load_hi[p] + numpy_sum(same[p] * pooled[p])) / work[p]
    return load_hi, ahead


@njit(cache=True, error_model="numpy")
def pool_rates(wait, asa, patience, load_hi, work, agents, pool_rate, held, done):
    """Per (type, stage) pool [P] the answer rate of a waiting contact (1/s): the Erlang A answer rate that
    gives the pool's P(wait) ``wait`` and mean wait ``asa`` (s) at abandonment 1/``patience``, slowed by the
    share of the pool's ``agents`` that higher-priority types hold (``load_hi``) and by the slower release of
    the servers deferred work holds (``held`` servers finishing ``done`` contacts per second over the pool),
    within [0, ``pool_rate``]."""
    size = wait.shape[0]
    out = np.empty(size)
    for p in range(size):
        theta = 1.0 / patience[p] if math.isfinite(patience[p]) else 0.0
        rate = wait[p] / asa[p] - theta if wait[p] > 0 and math.isfinite(asa[p]) and asa[p] > 0 else 0.0
        if not wait[p] > 0:
            rate = pool_rate[p]
        room = agents[p] if agents[p] > 0 else 1.0
        ahead_held = _clip(load_hi[p] / room, 0.0, 1.0)
        lost = held[p] / work[p] - done[p]
        slower = _clip(1.0 - lost * work[p] / room, 0.0, 1.0)
        out[p] = _clip(rate * (1.0 - ahead_held) * slower, 0.0, pool_rate[p])
    return out


@njit(cache=True, error_model="numpy")
def _clip(x, low, high):
    """``np.clip`` of one float (NaN stays NaN)."""
    if math.isnan(x):
        return x
    x = x if x > low else low
    return x if x < high else high


@njit(cache=True, error_model="numpy")
def answer_at_once(served, i, now, busy, capacity, rate):
    """Type ``i``'s contacts answered at once, added to ``served[i]`` [G] (contacts per second): each goes to
    the first free group of ``now`` (its groups without an overflow delay, in order of preference), group g
    busy with probability ``busy[i, g]``, independently — where every group is surely busy, by the groups'
    ``capacity`` [len(now)] (so the split stays continuous as the loads reach the agents). Returns P(wait):
    every group it may go to at once busy."""
    size = now.size
    first = np.empty(size)
    ahead = 1.0
    for k in range(size):
        chance = busy[i, now[k]]
        first[k] = ahead * (1.0 - chance)
        ahead *= chance
    total = numpy_sum(first)
    weights = first
    if not total > 0:
        total = numpy_sum(capacity)
        weights = capacity
    for k in range(size):
        share = weights[k] / total if total > 0 else 0.0
        served[i, now[k]] += rate * (1.0 - ahead) * share
    return ahead


@njit(cache=True, error_model="numpy")
def pool_answer_rates(pooled, higher, same, rate, work, agents, patience, pool_rate, held, done):
    """:func:`pool_loads`, the pools' Erlang A (:func:`.kernels_erlang_a.erlang_a_metrics`, no service level)
    and :func:`pool_rates` in one call: the answer rates [P] (1/s) and whether every pool's Erlang A was
    computed here (False: some element needs the numpy path, and the caller computes them all that way)."""
    load_hi, ahead = pool_loads(pooled, higher, same, rate, work)
    block, fallbacks = erlang_a_metrics(ahead, work, agents, patience, np.zeros(ahead.size), False)
    if fallbacks > 0:
        return load_hi, False
    return pool_rates(block[ROW_P_WAIT], block[ROW_ASA], patience, load_hi, work, agents, pool_rate, held, done), True


@njit(cache=True, error_model="numpy")
def erlang_c_wait(lam, n):
    """Erlang C's P(wait) [size] at offered load ``lam`` (servers) and ``n`` servers (1 where n = 0), and
    whether every element was computed here (False: the caller's numpy path must compute them)."""
    size = lam.size
    block, fallbacks = erlang_a_metrics(lam, np.ones(size), n, np.full(size, np.inf), np.zeros(size), False)
    out = np.empty(size)
    for k in range(size):
        out[k] = block[ROW_P_WAIT, k] if n[k] > 0 else 1.0
    return out, fallbacks == 0
