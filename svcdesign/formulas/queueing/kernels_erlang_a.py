"""Compiled (numba) Erlang A (M/M/n+M) metrics, element by element over flat float64 arrays.

:func:`erlang_a_metrics` serves :func:`svcdesign.formulas.queueing.erlang_a`. It evaluates the formulas of
:mod:`svcdesign.formulas.queueing.erlang` with the same branches as the numpy path (:func:`~svcdesign.formulas.queueing.
erlang._erlang_a` and :mod:`svcdesign.formulas.queueing.special`), one element at a time, so that no
temporary arrays are made and the series stop per element. Infinite patience gives Erlang C with
its overload flag; zero arrivals and zero agents take the same exact values as the numpy path. Each
element is :func:`metrics_at`, which also serves one queue of ``erlang_c`` (:func:`one_queue`) and the
compiled Erlang A staffing search (:mod:`svcdesign.formulas.queueing.kernels_erlang_a_staffing`).
Elements whose inputs equal an earlier element's bit for bit are computed once (:func:`first_equal`):
a week of 15-minute periods repeats its days and nights (the 2,016 queues of the bank example's
three stages in a round of the analytic engine's traffic iteration are 441 distinct ones).

numba cannot call ``scipy.special``, so the regularised incomplete gammas are computed here
(Numerical Recipes, 3rd ed., §6.2): for ``z < s + 1`` the series
``P(s, z) = e^{-L(s, z)} Σ_k z^k / ((s+1)…(s+k))``, for ``z >= s + 1`` the Legendre continued
fraction ``Q(s, z) = s·h(s, z)·e^{-L(s, z)}`` with ``h = Γ(s, z) e^z z^-s`` (modified Lentz), each
with the complement by subtraction where it is at most about one half. ``L(s, z) = ln Γ(s+1) + z -
s ln z`` is :func:`log_prefactor`, written through Stirling's series as in
:func:`svcdesign.formulas.queueing.special.log_prefactor` so that the huge terms cancel analytically.
With these, ``ln B(n, a) = -L(n, a) - ln Q(n+1, a)`` (or ``-ln a - ln h(n+1, a)`` where the continued
fraction applies) and ``ln A(x, y) = L(x, y) + ln P(x, y)``, or the Kummer series summed directly
where :func:`svcdesign.formulas.queueing.special.kummer` sums it.

Both the series and the continued fraction need O(sqrt(s)) steps where ``z`` is close to ``s``
(scipy switches to Temme's uniform asymptotic expansion there). Elements whose series or fraction
would take more than :data:`MAX_STEPS` steps -- only Erlang-A arguments ``x = n·patience/h`` of
millions, i.e. patience of thousands of handle times at thousands of agents -- are flagged
``STATUS_FALLBACK`` and left to the numpy path; so are non-finite intermediate arguments and
(near-)subnormal ``x``. Where ``y < x + 1`` the kernel takes ``A`` as the sum of the series of
``P(x, y)`` rather than ``e^L·P``: ``E[J] = x/A + y - x`` cancels there and magnifies the rounding
of ``L`` (about ``eps·x·|ln(y/x)|``), so in that ill-conditioned corner the kernel is the closer
of the two paths to 40-digit mpmath values (the tests allow for the numpy path's error there). The
tests compare every output with the numpy path on hypothesis-generated inputs (1e-10 relative).
The kernel uses numba's ``error_model="numpy"`` (IEEE division, no zero-division checks).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .special import _SERIES_RATIO, _TINY  # the numpy path's thresholds, so both branch alike

MAX_STEPS = 20_000  # series terms or continued-fraction steps per gamma before falling back to numpy

STATUS_OK = 0
STATUS_FALLBACK = 1

# rows of the output block
ROW_P_WAIT = 0
ROW_ASA = 1
ROW_SERVICE_LEVEL = 2
ROW_OCCUPANCY = 3
ROW_QUEUE_LENGTH = 4
ROW_P_ABANDON = 5
ROW_OVERLOADED = 6
ROW_STATUS = 7
N_ROWS = 8

_FPMIN = 1e-300  # Lentz's guard against division by zero
_SUBNORMAL = 1e-300  # x = n·patience/h below this (near-subnormal agents) goes to the numpy path
_LN2 = math.log(2.0)
# Stirling series coefficients, as special._STIRLING
_C1, _C2, _C3, _C4, _C5 = 1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188


@njit(cache=True, error_model="numpy")
def log_prefactor(s, z):
    """``L(s, z) = ln Γ(s+1) + z - s ln z`` (``s >= 0``, ``z > 0``); see special.log_prefactor."""
    if s >= 10.0:
        d = (z - s) / s
        inv = 1.0 / s
        inv2 = inv * inv
        term = inv
        corr = _C1 * term
        term = term * inv2
        corr += _C2 * term
        term = term * inv2
        corr += _C3 * term
        term = term * inv2
        corr += _C4 * term
        term = term * inv2
        corr += _C5 * term
        return corr + 0.5 * math.log(2 * math.pi * s) + s * (d - math.log1p(d))
    return math.lgamma(s + 1.0) + z - s * math.log(z)


@njit(cache=True, error_model="numpy")
def _lower_sum(s, z):
    """``Σ_{k>=0} z^k / ((s+1)…(s+k))`` for ``0 <= z < s + 1``; NaN if it needs > MAX_STEPS terms."""
    total = 1.0
    term = 1.0
    k = 1.0
    while True:
        term *= z / (s + k)
        total += term
        if term <= total * 1e-17:
            return total
        k += 1.0
        if k > MAX_STEPS:
            return np.nan


@njit(cache=True, error_model="numpy")
def _upper_cf(s, z):
    """``h = Γ(s, z) e^z z^-s`` by the Legendre continued fraction (``z >= s + 1``); NaN if slow."""
    b = z + 1.0 - s
    c = 1.0 / _FPMIN
    d = 1.0 / b
    h = d
    for i in range(1, MAX_STEPS):
        an = -i * (i - s)
        b += 2.0
        d = an * d + b
        if abs(d) < _FPMIN:
            d = _FPMIN
        c = b + an / c
        if abs(c) < _FPMIN:
            c = _FPMIN
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) <= 2e-16:
            return h
    return np.nan


@njit(cache=True, error_model="numpy")
def gamma_pq(s, z):
    """Regularised incomplete gammas ``(P(s, z), Q(s, z))`` for ``s > 0``, ``z >= 0``; NaNs if slow."""
    if z <= 0.0:
        return 0.0, 1.0
    if z < s + 1.0:
        p = math.exp(-log_prefactor(s, z)) * _lower_sum(s, z)
        return p, 1.0 - p
    q = s * _upper_cf(s, z) * math.exp(-log_prefactor(s, z))
    return 1.0 - q, q


@njit(cache=True, error_model="numpy")
def log_erlang_b(n, a):
    """``ln B(n, a)`` for real ``n >= 0``, ``a >= 0`` (see special.log_erlang_b); NaN if slow."""
    if a <= 0.0:
        return 0.0 if n == 0.0 else -np.inf
    s = n + 1.0
    if a < s + 1.0:
        p = math.exp(-log_prefactor(s, a)) * _lower_sum(s, a)
        res = -log_prefactor(n, a) - math.log1p(-p)
    else:
        # 1/B = a · h(n+1, a)
        res = -math.log(a) - math.log(_upper_cf(s, a))
    return min(res, 0.0)


@njit(cache=True, error_model="numpy")
def _series(x, y):
    """``(A, E[J])`` of ``t_j = Π_{i<=j} y/(x+i)`` summed directly (``y < x + 1``); NaNs if slow."""
    total = 1.0
    weighted = 0.0
    term = 1.0
    j = 1.0
    while True:
        ratio = y / (x + j)
        term *= ratio
        total += term
        weighted += j * term
        # the ratios fall, so with r the next ratio the tails are at most term·r/(1-r) (of A)
        # and term·r·(j+1)/(1-r)² (of Σ j t_j); stop when both are below 1e-18 of their sums
        r = y / (x + j + 1.0)
        tail = term * r / (1.0 - r)
        if (tail <= total * 1e-18 and tail * (j + 1.0) <= (1.0 - r) * weighted * 1e-18) or term == 0.0:
            return total, weighted / total
        j += 1.0
        if j > MAX_STEPS:
            return np.nan, np.nan


@njit(cache=True, error_model="numpy")
def _logaddexp0(v):
    """``numpy.logaddexp(0, v)``, the same branches."""
    if v == 0.0:
        return _LN2
    if v < 0.0:
        return math.log1p(math.exp(v))
    if v > 0.0:
        return v + math.log1p(math.exp(-v))
    return v  # NaN


@njit(cache=True, error_model="numpy")
def _clip01(v):
    return min(max(v, 0.0), 1.0)


@njit(cache=True, error_model="numpy")
def _erlang_c(lam, h, n, t, out, i):
    """Erlang C at element ``i`` (the formulas and order of erlang._erlang_c)."""
    a = lam * h
    if lam > 0.0 and a >= n:
        out[ROW_P_WAIT, i] = 1.0
        out[ROW_ASA, i] = np.inf
        out[ROW_QUEUE_LENGTH, i] = np.inf
        out[ROW_SERVICE_LEVEL, i] = 0.0
        out[ROW_OCCUPANCY, i] = 1.0
        out[ROW_OVERLOADED, i] = 1.0
        return True
    if lam > 0.0:
        lb = log_erlang_b(n, a)
        if math.isnan(lb):
            return False
        b = math.exp(lb)
        rho = a / n
        c = b / (1.0 - rho + rho * b)
        excess = n - a
        asa = c * h / excess
        out[ROW_P_WAIT, i] = c
        out[ROW_ASA, i] = asa
        out[ROW_QUEUE_LENGTH, i] = lam * asa
        out[ROW_SERVICE_LEVEL, i] = _clip01(1.0 - c * math.exp(-excess * (t / h)))
        out[ROW_OCCUPANCY, i] = rho
    return True


@njit(cache=True, error_model="numpy")
def _served_within(x, y, theta_t, log_a, p, series):
    """special.served_within for one element (``p = P(x, y)``, ``series`` its branch); NaN if slow."""
    decay = math.exp(-theta_t)
    z = y * decay
    if series:
        a1y, _ = _series(x + 1.0, y)
        a1z, _ = _series(x + 1.0, max(z, 1e-300))
        expo = -(x + 1.0) * theta_t - y * math.expm1(-theta_t)
        weight = 0.0 if math.isinf(theta_t) else math.exp(min(expo, 0.0))
        out = x / ((x + 1.0) * math.exp(log_a)) * (a1y - weight * a1z)
    else:
        s = x + 1.0
        p1y, q1y = gamma_pq(s, y)
        p1z, q1z = gamma_pq(s, z)
        num = (q1z - q1y) if p1y > 0.5 else (p1y - p1z)
        out = (x / y) * num / p
    return _clip01(out)


# the 64-bit finaliser of SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
# generators", OOPSLA; Stafford's "Mix13" constants): every input bit moves every output bit
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_SHIFT1, _SHIFT2, _SHIFT3 = np.uint64(30), np.uint64(27), np.uint64(31)


@njit(cache=True, error_model="numpy")
def first_equal(keys):
    """For each column ``i`` of ``keys`` ([k, n] uint64: the bit patterns of an element's k float64
    inputs), the first column ``j <= i`` equal to it in every row (``i`` itself if none before).

    An open-addressing hash table of the columns (SplitMix64's finaliser mixing each word), so
    ``n`` columns take O(k·n) steps. Equal bit patterns are equal inputs, so an elementwise kernel
    gives column ``i`` exactly the figures of column ``j``: it computes ``j``'s and copies them.
    """
    rows, size = keys.shape
    cap = 1
    while cap < 2 * size:
        cap *= 2
    mask = np.uint64(cap - 1)
    table = np.full(cap, -1, np.int64)
    first = np.empty(size, np.int64)
    for i in range(size):
        code = np.uint64(0)
        for r in range(rows):
            z = code ^ keys[r, i]
            z = (z ^ (z >> _SHIFT1)) * _MIX1
            z = (z ^ (z >> _SHIFT2)) * _MIX2
            code = z ^ (z >> _SHIFT3)
        slot = code & mask
        while True:
            j = table[slot]
            if j < 0:
                table[slot] = i
                first[i] = i
                break
            same = True
            for r in range(rows):
                if keys[r, j] != keys[r, i]:
                    same = False
                    break
            if same:
                first[i] = j
                break
            slot = (slot + np.uint64(1)) & mask
    return first


@njit(cache=True, error_model="numpy")
def erlang_a_metrics(lam, h, n, pat, t, service_level):
    """Erlang A metrics of equal-length 1-d float64 arrays (validated by the caller).

    Returns ``(out, fallbacks)``: ``out`` has ``N_ROWS`` rows (see the ``ROW_*`` constants; the
    overload flag as 0.0/1.0); ``fallbacks`` counts the elements flagged ``STATUS_FALLBACK`` in
    ``ROW_STATUS``, whose other rows the caller must fill in with the numpy path. Without
    ``service_level`` the service level of abandoning queues is NaN, as in the numpy path.
    Elements whose five inputs equal an earlier element's bit for bit (a week repeats its days)
    get that element's figures, computed once (:func:`first_equal`).
    """
    size = lam.shape[0]
    inputs = np.empty((5, size))
    inputs[0], inputs[1], inputs[2], inputs[3], inputs[4] = lam, h, n, pat, t
    first = first_equal(inputs.view(np.uint64))
    out = np.empty((N_ROWS, size))
    fallbacks = 0
    for i in range(size):
        j = first[i]
        if j < i:
            out[:, i] = out[:, j]
            ok = out[ROW_STATUS, i] == STATUS_OK
        else:
            ok = metrics_at(lam[i], h[i], n[i], pat[i], t[i], service_level, out, i)
        if not ok:
            fallbacks += 1
    return out, fallbacks


@njit(cache=True, error_model="numpy")
def one_queue(lam, h, n, pat, t, service_level):
    """The metrics of one queue (float arguments) as a column of :func:`erlang_a_metrics`'s block."""
    out = np.empty((N_ROWS, 1))
    metrics_at(lam, h, n, pat, t, service_level, out, 0)
    return out[:, 0].copy()


@njit(cache=True, error_model="numpy")
def metrics_at(li, hi, ni, pi, ti, service_level, out, i):
    """Erlang A metrics of one queue into column ``i`` of ``out`` (rows as :func:`erlang_a_metrics`);
    False (and ``STATUS_FALLBACK``) where the numpy path must compute them."""
    # an idle system: the defaults that the formulas overwrite
    out[ROW_P_WAIT, i] = 0.0
    out[ROW_ASA, i] = 0.0
    out[ROW_SERVICE_LEVEL, i] = 1.0
    out[ROW_OCCUPANCY, i] = 0.0
    out[ROW_QUEUE_LENGTH, i] = 0.0
    out[ROW_P_ABANDON, i] = 0.0
    out[ROW_OVERLOADED, i] = 0.0
    out[ROW_STATUS, i] = STATUS_OK
    ok = True
    if math.isinf(pi):
        ok = _erlang_c(li, hi, ni, ti, out, i)
    elif li > 0.0 and ni == 0.0:
        out[ROW_P_WAIT, i] = 1.0
        out[ROW_P_ABANDON, i] = 1.0
        out[ROW_ASA, i] = pi
        out[ROW_QUEUE_LENGTH, i] = li * pi
        out[ROW_SERVICE_LEVEL, i] = 0.0
        out[ROW_OCCUPANCY, i] = 1.0
    elif li > 0.0:
        ai = li * hi
        x = ni * pi / hi
        y = li * pi
        if not (x >= _SUBNORMAL and x < np.inf and y < np.inf):
            ok = False
        else:
            log_b = log_erlang_b(ni, ai)
            # (ln A, E[J]) as special.kummer; P(x, y) decides the branch as there
            lx = log_prefactor(x, y)
            if y < x + 1.0:
                # A = e^L P is the sum of the series of P itself: take it directly, free of
                # L's rounding, which E[J] = x/A + y - x would magnify by (x/A)/E[J]
                lower = _lower_sum(x, y)
                p = math.exp(-lx) * lower
                log_a = math.log(lower)
            else:
                p = 1.0 - x * _upper_cf(x, y) * math.exp(-lx)
                log_a = lx + math.log(p)
            series = y <= _SERIES_RATIO * x or (p <= _TINY and y < x)
            if series:
                a_s, ej = _series(x, y)
                log_a = math.log(a_s)
            else:
                ej = max(x * math.exp(-log_a) + (y - x), 0.0)
            if math.isnan(log_b) or math.isnan(log_a) or math.isnan(ej) or math.isnan(p):
                ok = False
            else:
                log_1mb = math.log(-math.expm1(log_b)) if log_b < -1e-300 else -np.inf
                p_wait = math.exp(-_logaddexp0(log_1mb - (log_a + log_b)))
                ab_given_wait = ej / y if y > 0.0 else 1.0 / (x + 1.0)
                p_ab = _clip01(p_wait * ab_given_wait)
                out[ROW_P_WAIT, i] = p_wait
                out[ROW_P_ABANDON, i] = p_ab
                out[ROW_ASA, i] = p_ab * pi
                out[ROW_QUEUE_LENGTH, i] = p_wait * ej
                out[ROW_OCCUPANCY, i] = _clip01(ai * (1.0 - p_ab) / ni)
                if service_level:
                    served = _served_within(x, y, ti / pi, log_a, p, series)
                    if math.isnan(served):
                        ok = False
                    else:
                        out[ROW_SERVICE_LEVEL, i] = _clip01(1.0 - p_wait + p_wait * served)
                else:
                    out[ROW_SERVICE_LEVEL, i] = np.nan
    if not ok:
        out[ROW_STATUS, i] = STATUS_FALLBACK
    return ok
