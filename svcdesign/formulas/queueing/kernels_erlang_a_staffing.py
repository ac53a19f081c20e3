"""Compiled (numba) integer Erlang A staffing: the numpy search of :mod:`svcdesign.formulas.queueing.staffing`,
element by element.

:func:`erlang_a_staffing` serves :func:`svcdesign.formulas.queueing.required_agents` when
``continuous=False`` and a patience is given (Erlang A). The numpy search
(:func:`svcdesign.formulas.queueing.staffing._integer_search`) treats every element on its own — its
own start, bracket and bisection, each step evaluating the element's metrics at its own candidate —
and spends most of its time building arrays for the few elements still searching. Here each element
takes the very same steps: the square-root staffing start (raised to the occupancy cap), the bracket
upwards or downwards with doubling steps, the bisection on the integers; the metrics at each candidate
come from the compiled Erlang A of :func:`svcdesign.formulas.queueing.kernels_erlang_a.metrics_at`,
which the numpy search calls too. So every candidate, every decision and the answer are the numpy
search's, and the metrics at the answer are ``erlang_a``'s there. Elements whose inputs (rates,
handle times, patience, target time and the targets used) equal an earlier element's bit for bit —
a week repeats its days — take that element's answer and metrics, searched once
(:func:`~svcdesign.formulas.queueing.kernels_erlang_a.first_equal`).

Elements whose loads reach :data:`MAX_LOAD` (where not every integer is a float, and the numpy search
steps by the spacing of floats), whose metrics need the numpy path at some candidate, or whose
targets no number of agents meets within the doublings are flagged ``STATUS_FALLBACK`` for the numpy
search, which then answers them (or raises the error that names the targets).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from . import kernels_erlang_a as KA

MAX_LOAD = 2.0**50
"""Erlangs at or above which the element goes to the numpy search (below it n + 1 is the next float
above any candidate n, and a step of one agent is at least the spacing of floats)."""
BETA = 1.0
"""Square-root staffing level of the start (β of a + β√a; the numpy search's ``_BETA``)."""
MAX_DOUBLINGS = 1100
"""Doubling steps of a bracket, from 1 to beyond the largest float (the numpy search's too)."""
MAX_BISECTIONS = 1200
"""Halvings of a bracket, down to adjacent floats (the numpy search's too)."""


@njit(cache=True, error_model="numpy")
def _feasible(i, n, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out):
    """Whether ``n`` agents meet element ``i``'s targets (its metrics left in column ``i`` of ``out``);
    -1 where the metrics need the numpy path."""
    if not KA.metrics_at(lam[i], h[i], n, pat[i], t[i], True, out, i):
        return -1
    good = out[KA.ROW_OVERLOADED, i] == 0.0
    if use_sl:
        good = good and out[KA.ROW_SERVICE_LEVEL, i] >= sl[i]
    if use_asa:
        good = good and out[KA.ROW_ASA, i] <= asa[i]
    if use_ab:
        good = good and out[KA.ROW_P_ABANDON, i] <= ab[i]
    if use_occ:
        good = good and out[KA.ROW_OCCUPANCY, i] <= occ[i]
    return 1 if good else 0


@njit(cache=True, error_model="numpy")
def erlang_a_staffing(lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ):
    """Fewest integer agents meeting the targets, per element of equal-length 1-d float64 arrays
    (validated by the caller; a target not used may be any array).

    Returns ``(agents, out, fallbacks)``: the agents, the Erlang A block at them (rows as
    :func:`~svcdesign.formulas.queueing.kernels_erlang_a.erlang_a_metrics`) and the number of elements
    flagged ``STATUS_FALLBACK`` in its ``ROW_STATUS``, which the caller must solve with the numpy search.
    """
    size = lam.shape[0]
    agents = np.empty(size)
    out = np.empty((KA.N_ROWS, size))
    best = np.empty(KA.N_ROWS)  # the metrics at the element's latest candidate that met the targets
    first = KA.first_equal(_inputs(lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ))
    fallbacks = 0
    for i in range(size):
        j = first[i]
        if j < i:  # the same inputs as element j: its search, its answer
            agents[i] = agents[j]
            out[:, i] = out[:, j]
            if out[KA.ROW_STATUS, i] != KA.STATUS_OK:
                fallbacks += 1
            continue
        load = lam[i] * h[i]
        if not load < MAX_LOAD:
            out[KA.ROW_STATUS, i] = KA.STATUS_FALLBACK
            fallbacks += 1
            continue
        answer = _search(i, load, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out, best)
        if math.isnan(answer):
            out[KA.ROW_STATUS, i] = KA.STATUS_FALLBACK
            fallbacks += 1
            continue
        agents[i] = answer
        out[:, i] = best  # the answer is the latest candidate that met the targets: its metrics
    return agents, out, fallbacks


@njit(cache=True, error_model="numpy")
def _inputs(lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ):
    """The bit patterns of each element's inputs that its search reads ([k, n] uint64, the targets used
    only), for :func:`~svcdesign.formulas.queueing.kernels_erlang_a.first_equal`."""
    size = lam.shape[0]
    rows = 4 + int(use_sl) + int(use_asa) + int(use_ab) + int(use_occ)
    inputs = np.empty((rows, size))
    inputs[0], inputs[1], inputs[2], inputs[3] = lam, h, pat, t
    r = 4
    if use_sl:
        inputs[r] = sl
        r += 1
    if use_asa:
        inputs[r] = asa
        r += 1
    if use_ab:
        inputs[r] = ab
        r += 1
    if use_occ:
        inputs[r] = occ
    return inputs.view(np.uint64)


@njit(cache=True, error_model="numpy")
def _search(i, load, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out, best):
    """Element ``i``'s steps of the numpy search (``_integer_search``); NaN where it must decide. Each
    candidate that meets the targets (the bracket's upper end from then on) leaves its metrics in
    ``best``."""
    lo = math.floor(load) if math.isinf(pat[i]) and load > 0.0 else -1.0  # known to fail
    start = math.ceil(load + BETA * math.sqrt(load))
    if use_occ:
        start = max(start, math.ceil(load / occ[i]))
    start = max(start, lo + 1.0)
    hi = np.nan
    ok = _feasible(i, start, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out)
    if ok < 0:
        return np.nan
    if ok:
        hi = start
        best[:] = out[:, i]
    else:
        lo = start
    first = max(1.0, math.ceil(0.5 * math.sqrt(load)))
    step = first
    if not ok:  # bracket upwards: lo fails, try lo + step with step doubling
        for _ in range(MAX_DOUBLINGS):
            cand = max(lo + step, lo + 1.0)
            good = _feasible(i, cand, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out)
            if good < 0:
                return np.nan
            step *= 2.0
            if good:
                hi = cand
                best[:] = out[:, i]
                break
            lo = cand
            if not math.isfinite(lo):
                break
        if math.isnan(hi):
            return np.nan
    elif lo + 1.0 < hi:  # bracket downwards: hi meets the targets, try hi - step until one fails (or hits lo)
        for _ in range(MAX_DOUBLINGS):
            cand = max(hi - step, lo + 1.0)
            good = _feasible(i, cand, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out)
            if good < 0:
                return np.nan
            step *= 2.0
            if good:
                hi = cand
                best[:] = out[:, i]
            else:
                lo = cand
            if not (good and lo + 1.0 < hi):
                break
    for _ in range(MAX_BISECTIONS):  # bisection on the integers
        if not lo + 1.0 < hi:
            break
        mid = max(math.floor(0.5 * lo + 0.5 * hi), lo + 1.0)
        good = _feasible(i, mid, lam, h, pat, t, sl, asa, ab, occ, use_sl, use_asa, use_ab, use_occ, out)
        if good < 0:
            return np.nan
        if good:
            hi = mid
            best[:] = out[:, i]
        else:
            lo = mid
    return hi
