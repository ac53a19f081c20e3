"""Compiled (numba) integer Erlang C staffing: validation, an upward scan and the metrics, in one pass.

:func:`erlang_c_staffing` serves :func:`svcdesign.formulas.queueing.required_agents` when ``continuous=False``
and no patience is given (Erlang C). Per element it

1. starts at the smallest n that can possibly meet the targets: ``floor(a) + 1`` (Erlang C has no
   steady state for n <= a), raised to ``ceil(a / max_occupancy) - 1`` under an occupancy cap
   (every n below that has occupancy a/n > max_occupancy by a margin of one agent, so it fails);
2. computes Erlang B there by the stable recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1))
   (docs/background/queueing.md), carried on its reciprocal r = 1/B: r(k) = 1 + (k/a)·r(k-1), the same recursion
   with a multiply-add per step instead of a division (as pyworkforce and the R ErlangC package
   write it). A relative error in r(k-1) reaches r(k) multiplied by (k/a)·r(k-1)/r(k) < 1, so
   rounding errors do not grow, even over thousands of steps;
3. steps n up by one (one recursion step each) until every target holds, with the same Erlang C
   formulas and the same order of operations as :func:`svcdesign.formulas.queueing.erlang._erlang_c`:
   C = B / (1 - ρ + ρB), ASA = C·h / (n - a), SL(t) = 1 - C·exp(-(n - a)·(t/h)), occupancy ρ = a/n.

Every target is monotone in n, so the first n met is the smallest, the same answer as the bisection
of the numpy search. The metrics at the answer are written out too, so the caller need not evaluate
Erlang C again; they agree with ``erlang_c`` to 1e-12 relative (the numpy path computes B through
the regularised incomplete gamma in log space; 5e-13 is the largest difference seen up to 8,000
Erlangs, where the recursion is the closer of the two to 40-digit mpmath values, within about
3e-15). The tests check both comparisons.

Elements the recursion should not decide are flagged ``STATUS_FALLBACK`` for the numpy search:
loads above :data:`MAX_LOAD` Erlangs (the O(a) recursion would be slower than the log-space path)
and answers where B falls below :data:`TINY_B` (subnormal numbers lose relative precision; this
only happens for targets that need P(wait) below about 1e-300, for an occupancy cap far below what
the service level needs at hundreds of Erlangs, and for a load that underflows to zero although
calls arrive), and scans that would start above or step more than :data:`MAX_SCAN` agents (an
occupancy cap of a tiny fraction, targets that need vastly more agents than the load), so that
the scan's work stays bounded whatever the input. Invalid inputs are reported, not
raised: the caller then runs the numpy validation, which names the field, the element and the value.
The kernel uses numba's ``error_model="numpy"`` (IEEE division, no zero-division checks).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

MAX_LOAD = 1e5  # Erlangs; above this the element goes to the numpy search
TINY_B = 1e-300  # below this Erlang B is close to subnormal: the element goes to the numpy search
MAX_SCAN = 4 * MAX_LOAD  # most agents the scan starts from or steps through; beyond: the numpy search

STATUS_OK = 0
STATUS_FALLBACK = 1

# rows of the output block
ROW_AGENTS = 0
ROW_STAFF = 1
ROW_LOAD = 2
ROW_P_WAIT = 3
ROW_ASA = 4
ROW_SERVICE_LEVEL = 5
ROW_TARGET_TIME = 6
ROW_OCCUPANCY = 7
ROW_QUEUE_LENGTH = 8
ROW_P_ABANDON = 9
ROW_STATUS = 10
N_ROWS = 11

# codes of the first invalid argument (0 = all valid), in the order the numpy path checks them
BAD_NONE = 0


@njit(cache=True)
def _any_bad(x, low, low_open, high, high_open, allow_inf):
    """True if any element of ``x`` is NaN, an unallowed infinity, or outside the bounds."""
    for i in range(x.shape[0]):
        v = x[i]
        if math.isnan(v):
            return True
        if math.isinf(v) and not (allow_inf and v > 0):
            return True
        if (v <= low) if low_open else (v < low):
            return True
        if (v >= high) if high_open else (v > high):
            return True
    return False


@njit(cache=True)
def _at(x, i):
    """Element ``i`` of a length-N array, or its only element if it has length 1 (broadcasting)."""
    return x[0] if x.shape[0] == 1 else x[i]


@njit(cache=True, error_model="numpy")
def erlang_c_staffing(lam, h, t, sl, max_asa, max_occ, shrink, use_sl, use_asa, use_occ, size):
    """Fewest integer agents meeting every Erlang C target, and the metrics there.

    Every array is 1-d float64 of length ``size`` or 1 (broadcast). ``sl``, ``max_asa`` and
    ``max_occ`` are read only when ``use_sl``, ``use_asa``, ``use_occ``. Returns
    ``(out, bad, fallbacks)``: ``bad`` is 1 + the position of the first invalid argument in (lam, h,
    sl, t, max_asa, max_occ, shrink), or 0 when all are valid (then ``out`` holds the results);
    ``out`` has ``N_ROWS`` rows (see the ``ROW_*`` constants) of ``size`` elements; ``fallbacks``
    counts the elements flagged ``STATUS_FALLBACK`` (their other rows are left to the caller).
    """
    out = np.empty((N_ROWS, size))
    inf = np.inf
    if _any_bad(lam, 0.0, False, inf, False, False):
        return out, 1, 0
    if _any_bad(h, 0.0, True, inf, False, False):
        return out, 2, 0
    if use_sl and _any_bad(sl, 0.0, True, 1.0, False, False):
        return out, 3, 0
    if _any_bad(t, 0.0, False, inf, False, True):
        return out, 4, 0
    if use_asa and _any_bad(max_asa, 0.0, True, inf, False, False):
        return out, 5, 0
    if use_occ and _any_bad(max_occ, 0.0, True, 1.0, False, False):
        return out, 6, 0
    if _any_bad(shrink, 0.0, False, 1.0, True, False):
        return out, 7, 0
    fallbacks = 0
    for i in range(size):
        li = _at(lam, i)
        hi = _at(h, i)
        ti = _at(t, i)
        a = li * hi
        out[ROW_LOAD, i] = a
        out[ROW_TARGET_TIME, i] = ti
        out[ROW_P_ABANDON, i] = 0.0
        out[ROW_STATUS, i] = STATUS_OK
        if li == 0.0:
            # an idle system meets every target with nobody (SL 1, ASA 0, occupancy 0)
            n = 0.0
            out[ROW_P_WAIT, i] = 0.0
            out[ROW_ASA, i] = 0.0
            out[ROW_SERVICE_LEVEL, i] = 1.0
            out[ROW_OCCUPANCY, i] = 0.0
            out[ROW_QUEUE_LENGTH, i] = 0.0
        elif a > MAX_LOAD:
            out[ROW_STATUS, i] = STATUS_FALLBACK
            fallbacks += 1
            n = 0.0
        else:
            n = math.floor(a) + 1.0
            occ_i = _at(max_occ, i) if use_occ else 1.0
            if use_occ:
                n = max(n, math.ceil(a / occ_i) - 1.0)
            if not n <= MAX_SCAN:  # a tiny occupancy cap: the numpy search brackets instead
                out[ROW_STATUS, i] = STATUS_FALLBACK
                fallbacks += 1
                out[ROW_AGENTS, i] = 0.0
                out[ROW_STAFF, i] = 0.0
                continue
            # r = 1/B(k): r(0) = 1, r(k) = 1 + (k/a)·r(k-1) -- the Erlang B recursion on 1/B
            inv_a = 1.0 / a
            r = 1.0
            k = 1.0
            while k <= n:
                r = 1.0 + r * (k * inv_a)
                k += 1.0
            t_over_h = ti / hi
            sl_i = _at(sl, i) if use_sl else 0.0
            asa_i = _at(max_asa, i) if use_asa else np.inf
            b = c = excess = sl_n = 0.0
            # cheapest test first: occupancy needs no Erlang B, the service level needs an exp
            stop = n + MAX_SCAN
            while True:
                rho = a / n
                if not use_occ or rho <= occ_i:
                    b = 1.0 / r
                    if b < TINY_B:
                        break
                    c = b / (1.0 - rho + rho * b)
                    excess = n - a
                    if not use_asa or c * hi / excess <= asa_i:
                        sl_n = min(max(1.0 - c * math.exp(-excess * t_over_h), 0.0), 1.0)
                        if not use_sl or sl_n >= sl_i:
                            break
                n += 1.0
                r = 1.0 + r * (n * inv_a)
                if n > stop:  # not met within MAX_SCAN steps: the numpy search brackets instead
                    b = 0.0
                    break
            if b < TINY_B:  # the numpy search fills this element in
                out[ROW_STATUS, i] = STATUS_FALLBACK
                fallbacks += 1
                excess = 1.0
            asa = c * hi / excess
            out[ROW_P_WAIT, i] = c
            out[ROW_ASA, i] = asa
            out[ROW_SERVICE_LEVEL, i] = sl_n
            out[ROW_OCCUPANCY, i] = rho
            out[ROW_QUEUE_LENGTH, i] = li * asa
        out[ROW_AGENTS, i] = n
        out[ROW_STAFF, i] = math.ceil(n / (1.0 - _at(shrink, i)))
    return out, BAD_NONE, fallbacks
