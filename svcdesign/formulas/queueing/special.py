"""Special functions behind the Erlang formulas, evaluated in log space.

Loads of thousands of Erlangs put ``a**n / n!`` and ``e**a`` far outside double range, so everything
here works with logarithms and with ratios that stay of order one:

* :func:`log_prefactor` -- ``L(s, z) = ln Γ(s+1) + z - s ln z``, written through Stirling's series
  so that the huge terms cancel analytically instead of numerically.
* :func:`log_erlang_b` -- ``ln B(n, a) = -L(n, a) - ln Q(n+1, a)`` with the regularised upper
  incomplete gamma ``Q``; where ``Q`` underflows (``a >> n``) the Legendre continued fraction for
  ``Γ(s, z) e^z z^-s`` is used instead (Numerical Recipes, 3rd ed., §6.2, modified Lentz).
* :func:`kummer` -- the Erlang-A function ``A(x, y) = 1F1(1; x+1; y) = Σ_j y^j Γ(x+1)/Γ(x+j+1)``
  (Garnett, Mandelbaum & Reiman 2002) and ``E[J] = Σ_j j t_j / Σ_j t_j``, the mean number waiting
  given that all agents are busy. Where ``P(x, y)`` underflows or ``y <= x/2`` the series is summed
  directly (its terms fall at least geometrically); elsewhere ``ln A = L(x, y) + ln P(x, y)``.
* :func:`served_within` -- P(a customer who must wait is answered within t), the closed form in the
  module docstring of :mod:`svcdesign.formulas.queueing.erlang`.

All functions take broadcast float arrays and assume valid arguments (checked by the callers); they
run under ``np.errstate(all="ignore")`` and mask every branch, so no NaN or warning escapes.
"""

from __future__ import annotations

import numpy as np
from scipy import special as sc

_TINY = 1e-280  # below this a regularised gamma is treated as underflowed
_SERIES_RATIO = 0.5  # y/x at or below which A(x, y) is summed as a series
_SERIES_CELLS = 2_000_000  # memory budget (elements x terms) of one series block
_SERIES_TERMS = 20_000  # most terms summed directly (the compiled kernel's MAX_STEPS); beyond: integral
_LAGUERRE_NODES = 40  # Gauss-Laguerre nodes of the integral form of the series
_NEWTON_STEPS = 60  # bound on Newton steps for the substitution (a handful suffice)
# Stirling series coefficients of ln Γ(s+1) - (s ln s - s + ½ ln 2πs) = Σ c_k / s^(2k-1)
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188)


def log_prefactor(s: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``L(s, z) = ln Γ(s+1) + z - s ln z`` for ``s >= 0``, ``z > 0``, without cancellation.

    For ``s >= 10``: ``L = stirling(s) + ½ ln(2πs) + s·g(z/s)`` with ``g(r) = r - 1 - ln r >= 0``
    evaluated through ``log1p``; its absolute error is about ``eps·|z - s|``.
    """
    s, z = np.broadcast_arrays(np.asarray(s, float), np.asarray(z, float))
    out = np.empty(s.shape)
    big = s >= 10.0
    sb, zb = s[big], z[big]
    d = (zb - sb) / sb
    corr = np.zeros_like(sb)
    inv = 1.0 / sb
    inv2 = inv * inv
    term = inv
    for c in _STIRLING:
        corr += c * term
        term = term * inv2
    out[big] = corr + 0.5 * np.log(2 * np.pi * sb) + sb * (d - np.log1p(d))
    ss, zs = s[~big], z[~big]
    out[~big] = sc.gammaln(ss + 1.0) + zs - ss * np.log(zs)
    return out


def _log_upper_cf(s: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``ln[Γ(s, z) e^z z^-s]`` by the Legendre continued fraction; converges fast for ``z > s + 1``."""
    fpmin = 1e-300
    b = z + 1.0 - s
    c = np.full_like(z, 1.0 / fpmin)
    d = 1.0 / b
    h = d.copy()
    active = np.ones(z.shape, bool)
    for i in range(1, 5000):
        an = -i * (i - s)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < fpmin, fpmin, d)
        c = b + an / c
        c = np.where(np.abs(c) < fpmin, fpmin, c)
        d = 1.0 / d
        delta = d * c
        h = np.where(active, h * delta, h)
        active &= np.abs(delta - 1.0) > 1e-16
        if not active.any():
            break
    return np.log(h)


def log_erlang_b(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``ln B(n, a)``, the Erlang B blocking probability, for real ``n >= 0`` and ``a >= 0``.

    ``B = (a^n e^-a / Γ(n+1)) / Q(n+1, a)``, the incomplete-gamma extension to real ``n``
    (Jagerman 1974). ``a = 0`` gives ``B = 1`` for ``n = 0`` and ``0`` otherwise.
    """
    n, a = np.broadcast_arrays(np.asarray(n, float), np.asarray(a, float))
    out = np.where(n == 0, 0.0, -np.inf)
    with np.errstate(all="ignore"):
        pos = a > 0
        nn, aa = n[pos], a[pos]
        q = sc.gammaincc(nn + 1.0, aa)
        direct = q > _TINY
        res = np.empty(nn.shape)
        res[direct] = -log_prefactor(nn[direct], aa[direct]) - np.log(q[direct])
        far = ~direct
        if far.any():
            # 1/B = a · CF(n+1, a), the continued fraction of Γ(n+1, a) e^a a^-(n+1)
            res[far] = -np.log(aa[far]) - _log_upper_cf(nn[far] + 1.0, aa[far])
        out[pos] = np.minimum(res, 0.0)
    return out


def _series(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(A, E[J])`` of ``t_j = Π_{i<=j} y/(x+i)``; needs ``y < x + 1``.

    Summed term by term where at most :data:`_SERIES_TERMS` terms reach 1e-18 of the first; beyond
    that (``x`` in the hundreds of millions with ``y`` close to ``x``) by :func:`_series_integral`,
    whose cost does not grow with ``x``.
    """
    a_out = np.empty(x.shape)
    ej_out = np.empty(x.shape)
    if x.size == 0:
        return a_out, ej_out
    ratio = y / (x + 1.0)
    # terms fall at least as fast as ratio^j; stop when below 1e-18 of the first
    need = np.ceil(np.log(1e-18) / np.log(np.maximum(ratio, 1e-300))) + 2
    far = need > _SERIES_TERMS
    if far.any():
        a_out[far], ej_out[far] = _series_integral(x[far], y[far])
    near = np.flatnonzero(~far)
    order = near[np.argsort(need[near])]
    start = 0
    while start < order.size:  # each block takes at least one element: at most order.size blocks
        terms = int(max(need[order[start]], 2))
        stop = start + max(1, _SERIES_CELLS // terms)
        idx = order[start:stop]
        terms = int(max(need[idx].max(), 2))
        j = np.arange(1, terms + 1, dtype=float)
        log_t = np.cumsum(np.log(y[idx, None]) - np.log(x[idx, None] + j), axis=1)
        t = np.exp(log_t)
        total = 1.0 + t.sum(axis=1)
        a_out[idx] = total
        ej_out[idx] = (t * j).sum(axis=1) / total
        start = stop
    return a_out, ej_out


def _series_integral(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(A, E[J])`` of :func:`_series` from the integral form of ``A = 1F1(1; x+1; y)``.

    ``A = x ∫_0^∞ exp(φ(v)) dv`` with ``φ(v) = -x·v + y·(1 - e^{-v})`` (Euler's integral of the
    confluent hypergeometric function, DLMF 13.4.1, with ``u = 1 - e^{-v}``) and
    ``Σ_j j t_j = y·∂A/∂y = x·y ∫ (1 - e^{-v}) exp(φ(v)) dv``. For ``y < x`` φ falls monotonically
    from 0, so with ``s = -φ(v)`` both integrals are ``∫_0^∞ e^{-s} g(s) ds`` with
    ``g = 1/(x - y e^{-v(s)})`` (times ``1 - e^{-v}``), which Gauss–Laguerre quadrature of
    :data:`_LAGUERRE_NODES` nodes integrates to rounding: where the series needs more than
    :data:`_SERIES_TERMS` terms, ``(x - y)² / y`` is in the thousands, so ``g`` changes by a part in
    a thousand per unit of ``s``. ``v(s)`` is the root of the convex ``x·v - y(1 - e^{-v}) = s``,
    found by Newton's method from above (monotone, quadratic convergence).
    """
    nodes, weights = np.polynomial.laguerre.laggauss(_LAGUERRE_NODES)
    x = x[:, None]
    y = y[:, None]
    s = nodes[None, :]
    v = s / np.maximum(x - y, 1e-300)  # an upper bound of the root (φ' <= -(x - y))
    for _ in range(_NEWTON_STEPS):
        f = x * v + y * np.expm1(-v) - s
        step = f / (x - y * np.exp(-v))
        v = v - step
        if np.all(np.abs(step) <= 1e-15 * np.abs(v)):
            break
    g = 1.0 / (x - y * np.exp(-v))
    busy = -np.expm1(-v)
    base = (weights * g).sum(axis=1)
    a = x[:, 0] * base
    ej = y[:, 0] * (weights * busy * g).sum(axis=1) / base
    return a, ej


def _series_mask(x: np.ndarray, y: np.ndarray, p: np.ndarray) -> np.ndarray:
    return (y <= _SERIES_RATIO * x) | ((p <= _TINY) & (y < x))


def kummer(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(ln A(x, y), E[J])`` for ``x > 0``, ``y > 0``.

    ``A(x, y) = Γ(x+1) e^y y^-x P(x, y)`` (Garnett, Mandelbaum & Reiman 2002) and
    ``E[J] = x/A + y - x``, the mean queue length given that all agents are busy (identity from
    the series: ``x - (x - y)·A = Σ_j j t_j``). Summed directly where that identity would cancel.
    """
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
    log_a = np.empty(x.shape)
    ej = np.empty(x.shape)
    with np.errstate(all="ignore"):
        p = sc.gammainc(x, y)
        ser = _series_mask(x, y, p)
        a_s, ej_s = _series(x[ser], y[ser])
        log_a[ser] = np.log(a_s)
        ej[ser] = ej_s
        lg = ~ser
        xl, yl = x[lg], y[lg]
        log_a[lg] = log_prefactor(xl, yl) + np.log(p[lg])
        ej[lg] = np.maximum(xl * np.exp(-log_a[lg]) + (yl - xl), 0.0)
    return log_a, ej


def served_within(x: np.ndarray, y: np.ndarray, theta_t: np.ndarray, log_a: np.ndarray) -> np.ndarray:
    """P(answered within t | all agents busy on arrival) in the Erlang-A queue.

    ``(x/y)·[P(x+1, y) - P(x+1, z)] / P(x, y)`` with ``z = y e^{-θt}``, evaluated as
    ``x/((x+1)A(x,y))·[A(x+1,y) - e^{-(x+1)θt + y(1-e^{-θt})}·A(x+1,z)]`` in the series region and
    with upper gammas ``Q(x+1, z) - Q(x+1, y)`` when both lower gammas are close to one.
    """
    x, y, theta_t, log_a = np.broadcast_arrays(*(np.asarray(v, float) for v in (x, y, theta_t, log_a)))
    out = np.empty(x.shape)
    with np.errstate(all="ignore"):
        decay = np.exp(-theta_t)
        z = y * decay
        p = sc.gammainc(x, y)
        ser = _series_mask(x, y, p)
        xs, ys, zs, ts = x[ser], y[ser], z[ser], theta_t[ser]
        a1y, _ = _series(xs + 1.0, ys)
        a1z, _ = _series(xs + 1.0, np.maximum(zs, 1e-300))
        expo = -(xs + 1.0) * ts - ys * np.expm1(-ts)
        weight = np.where(np.isinf(ts), 0.0, np.exp(np.minimum(expo, 0.0)))
        out[ser] = xs / ((xs + 1.0) * np.exp(log_a[ser])) * (a1y - weight * a1z)
        lg = ~ser
        xl, yl, zl = x[lg] + 1.0, y[lg], z[lg]
        p1y = sc.gammainc(xl, yl)
        upper = sc.gammaincc(xl, zl) - sc.gammaincc(xl, yl)
        lower = p1y - sc.gammainc(xl, zl)
        num = np.where(p1y > 0.5, upper, lower)
        out[lg] = (x[lg] / yl) * num / p[lg]
    return np.clip(out, 0.0, 1.0)
