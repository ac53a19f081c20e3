"""Erlang B, Erlang C and Erlang A (M/M/n+M) steady-state metrics, vectorised and in log space.

Notation: λ arrival rate, h = 1/μ mean handle time, n agents, a = λh offered load (Erlangs),
ρ = a/n, mean patience 1/θ, t the service-level target time. Any time unit works as long as rates
are per that unit.

Erlang C (M/M/n, infinite patience; stable only for a < n):
    C = nB / (n - a(1 - B)),  ASA = C / (nμ - λ),  SL(t) = 1 - C e^{-(nμ - λ)t},
    occupancy = a/n,  E[Q] = λ·ASA.
For a >= n there is no steady state: the result is flagged ``overloaded`` with p_wait = 1,
asa = queue_length = inf, service_level = 0 and occupancy = 1 (agents saturated).

Erlang A (M/M/n+M; Palm 1943; Garnett, Mandelbaum & Reiman 2002, "Designing a call center with
impatient customers", MSOM 4(3):208-227; Mandelbaum & Zeltyn 2005, "The Palm/Erlang-A queue, with
applications to call centers", Technion note), with x = nμ/θ, y = λ/θ and
A(x, y) = Γ(x+1) e^y y^-x P(x, y) (P the regularised lower incomplete gamma):
    P(wait) = A·B / (1 + (A - 1)·B),
    P(abandon | wait) = 1/(ρA) + 1 - 1/ρ = E[J]/y,  P(abandon) = P(wait)·P(abandon | wait),
    E[Q] = λ·P(abandon)/θ,  ASA (all arrivals) = P(abandon)/θ,  occupancy = λ(1 - P(abandon))/(nμ).
Service level (share of ALL arrivals answered within t; abandoners count as not answered):
a customer finding j others waiting is answered within t with probability
x/(x+j+1)·I_{1-e^{-θt}}(j+1, x+1) (the j ahead and the agents form a pure-death process);
summing over the stationary queue gives
    P(answered within t | wait) = (x/y)·[P(x+1, y) - P(x+1, y e^{-θt})] / P(x, y),
    SL(t) = (1 - P(wait)) + P(wait)·P(answered within t | wait).
The tests check this closed form against the birth-death chain (uniformisation of the tagged
customer's chain) and mpmath.

At the extremes of x = nμ/θ Erlang A is taken at its limits: where x is below 1e-300 (patience
vanishing against the handle time) a contact who finds every agent busy abandons at once, the Erlang B
loss system (P(wait) = P(abandon) = B, occupancy = B(n)/B(n−1)); where x overflows in a stable queue
(patience beyond any wait) nobody abandons, Erlang C.

Erlang B uses the incomplete-gamma extension to real n,
B(n, a) = (a^n e^-a / Γ(n+1)) / Q(n+1, a), so staffing can be continuous.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import kernels_erlang_a as KA
from . import special
from .results import QueueMetrics, finish
from .validation import as_float_array, shape_of


def erlang_b(load: Any, agents: Any) -> Any:
    """Erlang B blocking probability of ``load`` Erlangs offered to ``agents`` servers (M/M/n/n).

    ``agents`` may be real-valued (incomplete-gamma extension). Scalars give a float, arrays
    broadcast. Raises :class:`~svcdesign.errors.InputError` for negative or non-finite inputs.
    """
    a = as_float_array("load", load)
    n = as_float_array("agents", agents)
    shape_of(load=a, agents=n)
    with np.errstate(all="ignore"):
        return finish(np.exp(special.log_erlang_b(n, a)))


def _inputs(arrival_rate: Any, handle_time: Any, agents: Any, target_time: Any) -> tuple[np.ndarray, ...]:
    lam = as_float_array("arrival_rate", arrival_rate)
    h = as_float_array("handle_time", handle_time, low_open=True)
    n = as_float_array("agents", agents)
    t = as_float_array("target_time", target_time, allow_inf=True)
    return lam, h, n, t


def erlang_c(arrival_rate: Any, handle_time: Any, agents: Any, target_time: Any = 0.0) -> QueueMetrics:
    """Erlang C (M/M/n) metrics: ``arrival_rate`` per time unit, mean ``handle_time`` in that unit.

    ``agents`` may be real-valued (continuous extension). ``target_time`` (same unit, ``inf``
    allowed) sets the service level P(wait <= target_time). Where load >= agents the queue has no
    steady state: ``overloaded`` is True and p_wait = 1, asa = queue_length = inf,
    service_level = 0, occupancy = 1. See the module docstring for the formulas. Computed by the
    numba kernel of :mod:`svcdesign.formulas.queueing.kernels_erlang_a` (numpy path: :func:`_erlang_c`).
    """
    lam, h, n, t = _inputs(arrival_rate, handle_time, agents, target_time)
    shape = shape_of(arrival_rate=lam, handle_time=h, agents=n, target_time=t)
    if not shape:
        one = _one_queue(float(lam), float(h), float(n), float(t))
        if one is not None:
            return one
    lam, h, n, t = (np.array(np.broadcast_to(v, shape), order="C").reshape(-1) for v in (lam, h, n, t))
    # the compiled Erlang A with infinite patience (Erlang C), so that erlang_a(..., inf) is identical
    values = _erlang_a_compiled(lam, h, n, np.full(lam.size, np.inf), t, True)
    return _pack({k: v.reshape(shape) for k, v in values.items()}, shape)


def erlang_a(
    arrival_rate: Any,
    handle_time: Any,
    agents: Any,
    patience: Any,
    target_time: Any = 0.0,
    *,
    service_level: bool = True,
) -> QueueMetrics:
    """Erlang A (M/M/n+M) metrics with exponential patience of mean ``patience``.

    Always stable for finite patience; ``patience = inf`` gives exactly Erlang C (including the
    overload flag). ``agents = 0`` with arrivals: everybody abandons (p_abandon = 1,
    asa = patience, queue_length = λ·patience, occupancy = 1 by continuity). Zero arrivals: no
    wait, service level 1, occupancy 0. Service level = share of ALL arrivals answered within
    ``target_time``. Formulas and sources in the module docstring.

    ``service_level=False`` skips the service level, the costliest figure, for inner loops that
    need only the others (the analytic engine's traffic iteration); the field is then NaN.
    Computed by the numba kernel of :mod:`svcdesign.formulas.queueing.kernels_erlang_a`; the elements it
    flags go to the numpy path (:func:`_erlang_a`).
    """
    lam, h, n, t = _inputs(arrival_rate, handle_time, agents, target_time)
    pat = as_float_array("patience", patience, low_open=True, allow_inf=True)
    shape = shape_of(arrival_rate=lam, handle_time=h, agents=n, patience=pat, target_time=t)
    lam, h, n, pat, t = (np.array(np.broadcast_to(v, shape), order="C").reshape(-1) for v in (lam, h, n, pat, t))
    values = _erlang_a_compiled(lam, h, n, pat, t, service_level)
    return _pack({k: v.reshape(shape) for k, v in values.items()}, shape)


def abandonment(
    arrival_rate: np.ndarray, handle_time: np.ndarray, agents: np.ndarray, patience: np.ndarray
) -> np.ndarray:
    """P(abandon) of Erlang A, as :func:`erlang_a` gives it, for equal-length 1-d float arrays that are
    valid by construction (an inner loop's: finite, non-negative, positive handle time and patience),
    without :func:`erlang_a`'s checks and copies of its other figures."""
    size = arrival_rate.size
    return _erlang_a_compiled(arrival_rate, handle_time, agents, patience, np.zeros(size), False)["p_abandon"]


_X_TINY = 1e-300
"""x = n·patience/h below which Erlang A is taken at its Erlang B limit (the compiled kernel hands such
elements to the numpy path)."""

_KERNEL_ROWS = (
    ("p_wait", KA.ROW_P_WAIT),
    ("asa", KA.ROW_ASA),
    ("service_level", KA.ROW_SERVICE_LEVEL),
    ("occupancy", KA.ROW_OCCUPANCY),
    ("queue_length", KA.ROW_QUEUE_LENGTH),
    ("p_abandon", KA.ROW_P_ABANDON),
)


def _erlang_a_compiled(
    lam: np.ndarray,
    h: np.ndarray,
    n: np.ndarray,
    pat: np.ndarray,
    t: np.ndarray,
    service_level: bool,
) -> dict[str, np.ndarray]:
    """:func:`_erlang_a` on validated, contiguous 1-d arrays through the numba kernel; the elements
    it flags ``STATUS_FALLBACK`` are computed by :func:`_erlang_a` itself."""
    block, fallbacks = KA.erlang_a_metrics(lam, h, n, pat, t, service_level)
    out = {name: block[row] for name, row in _KERNEL_ROWS}
    out["overloaded"] = block[KA.ROW_OVERLOADED] != 0.0
    out["offered_load"] = lam * h
    out["agents"] = n
    out["target_time"] = t
    if fallbacks:
        redo = np.flatnonzero(block[KA.ROW_STATUS] != KA.STATUS_OK)
        sub = _erlang_a(lam[redo], h[redo], n[redo], pat[redo], t[redo], service_level)
        for name, _ in _KERNEL_ROWS:
            out[name][redo] = sub[name]
        out["overloaded"][redo] = sub["overloaded"]
    return out


def _one_queue(lam: float, h: float, n: float, t: float) -> QueueMetrics | None:
    """Erlang C of one queue straight from the kernel's element (:func:`.kernels_erlang_a.one_queue`): the
    figures of the array path, without its arrays; None where that element needs the numpy path."""
    row = KA.one_queue(lam, h, n, np.inf, t, True)
    if row[KA.ROW_STATUS] != KA.STATUS_OK:
        return None
    return QueueMetrics._from_fields(
        offered_load=lam * h,
        agents=n,
        p_wait=float(row[KA.ROW_P_WAIT]),
        asa=float(row[KA.ROW_ASA]),
        service_level=float(row[KA.ROW_SERVICE_LEVEL]),
        target_time=t,
        occupancy=float(row[KA.ROW_OCCUPANCY]),
        queue_length=float(row[KA.ROW_QUEUE_LENGTH]),
        p_abandon=float(row[KA.ROW_P_ABANDON]),
        overloaded=bool(row[KA.ROW_OVERLOADED] != 0.0),
    )


_FIELDS = (
    "offered_load",
    "agents",
    "p_wait",
    "asa",
    "service_level",
    "target_time",
    "occupancy",
    "queue_length",
    "p_abandon",
    "overloaded",
)


def _pack(values: dict[str, np.ndarray], shape: tuple[int, ...]) -> QueueMetrics:
    if not shape:  # one queue: the Python scalars finish() makes of 0-d arrays, without the copies
        return QueueMetrics._from_fields(
            **{k: bool(values[k]) if k == "overloaded" else float(values[k]) for k in _FIELDS}
        )
    out = {}
    for k in _FIELDS:
        v = np.broadcast_to(values[k], shape)
        out[k] = finish(v.copy(), kind=bool) if k == "overloaded" else finish(v.astype(float))
    return QueueMetrics(**out)


def _empty(lam: np.ndarray, h: np.ndarray, n: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Metrics of an idle system (the defaults that the formulas then overwrite)."""
    return {
        "offered_load": lam * h,
        "agents": n.astype(float),
        "target_time": t.astype(float),
        "p_wait": np.zeros(lam.shape),
        "asa": np.zeros(lam.shape),
        "service_level": np.ones(lam.shape),
        "occupancy": np.zeros(lam.shape),
        "queue_length": np.zeros(lam.shape),
        "p_abandon": np.zeros(lam.shape),
        "overloaded": np.zeros(lam.shape, bool),
    }


def _erlang_c(lam: np.ndarray, h: np.ndarray, n: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Erlang C on broadcast, validated 1-d or n-d arrays (internal; also used by the staffing search)."""
    out = _empty(lam, h, n, t)
    a = out["offered_load"]
    busy = lam > 0
    over = busy & (a >= n)
    out["overloaded"] = over
    out["p_wait"][over] = 1.0
    out["asa"][over] = np.inf
    out["queue_length"][over] = np.inf
    out["service_level"][over] = 0.0
    out["occupancy"][over] = 1.0
    ok = busy & ~over
    if ok.any():
        ao, no, ho, to, lo = a[ok], n[ok], h[ok], t[ok], lam[ok]
        with np.errstate(all="ignore"):
            b = np.exp(special.log_erlang_b(no, ao))
            rho = ao / no
            c = b / (1.0 - rho + rho * b)
            excess = no - ao
            asa = c * ho / excess
            out["p_wait"][ok] = c
            out["asa"][ok] = asa
            out["queue_length"][ok] = lo * asa
            out["service_level"][ok] = np.clip(1.0 - c * np.exp(-excess * (to / ho)), 0.0, 1.0)
            out["occupancy"][ok] = rho
    return out


def _erlang_a(
    lam: np.ndarray,
    h: np.ndarray,
    n: np.ndarray,
    pat: np.ndarray,
    t: np.ndarray,
    service_level: bool = True,
) -> dict[str, np.ndarray]:
    """Erlang A on broadcast, validated arrays (internal; also used by the staffing search).

    ``service_level=False`` leaves the service level of abandoning queues as NaN (not computed).
    """
    # a stable queue whose patience is so long against the handle time that x = n·patience/h
    # overflows: nobody abandons before being answered (P(abandon) = P(wait)·E[wait | wait]/patience
    # → 0), the Erlang C limit
    with np.errstate(all="ignore"):
        inf = np.isinf(pat) | ((lam * h < n) & ~np.isfinite(n * pat / h))
    if inf.all():
        return _erlang_c(lam, h, n, t)
    out = _empty(lam, h, n, t)
    if inf.any():
        sub = _erlang_c(lam[inf], h[inf], n[inf], t[inf])
        for k, v in sub.items():
            out[k][inf] = v
    busy = (lam > 0) & ~inf
    nobody = busy & (n == 0)
    out["p_wait"][nobody] = 1.0
    out["p_abandon"][nobody] = 1.0
    out["asa"][nobody] = pat[nobody]
    out["queue_length"][nobody] = lam[nobody] * pat[nobody]
    out["service_level"][nobody] = 0.0
    out["occupancy"][nobody] = 1.0
    ok = busy & (n > 0)
    if ok.any():
        x = _abandoning_queues(out, ok, lam, h, n, pat, t, service_level)
        # patience so short against the handle time that x = n·patience/h is (near) subnormal: a
        # contact who finds every agent busy abandons at once, the Erlang B (loss) limit of Erlang A:
        # P(wait) = P(abandon) = B, mean wait B·patience, served at once or never
        loss = np.flatnonzero(ok)[x < _X_TINY]
        if loss.size:
            _loss_limit(out, loss, lam, h, n, pat, service_level)
    return out


def _abandoning_queues(
    out: dict[str, np.ndarray],
    ok: np.ndarray,
    lam: np.ndarray,
    h: np.ndarray,
    n: np.ndarray,
    pat: np.ndarray,
    t: np.ndarray,
    service_level: bool,
) -> np.ndarray:
    """Erlang A at the elements ``ok`` (arrivals, agents, finite patience), written into ``out``.
    Returns x = n·patience/h at those elements."""
    lo, ho, no, po, to = lam[ok], h[ok], n[ok], pat[ok], t[ok]
    ao = lo * ho
    x = no * po / ho
    y = lo * po
    with np.errstate(all="ignore"):
        log_b = special.log_erlang_b(no, ao)
        log_a, ej = special.kummer(x, y)
        # P(wait) = 1 / (1 + (1 - B)/(A B)), in logs so that huge A or tiny B cannot overflow
        log_1mb = np.where(log_b < -1e-300, np.log(-np.expm1(log_b)), -np.inf)
        p_wait = np.exp(-np.logaddexp(0.0, log_1mb - (log_a + log_b)))
        # E[J]/y -> 1/(x+1) as y -> 0 (first series term); guards y underflowing to 0
        ab_given_wait = np.where(y > 0, ej / y, 1.0 / (x + 1.0))
        p_ab = np.clip(p_wait * ab_given_wait, 0.0, 1.0)
        out["p_wait"][ok] = p_wait
        out["p_abandon"][ok] = p_ab
        out["asa"][ok] = p_ab * po
        out["queue_length"][ok] = p_wait * ej
        out["occupancy"][ok] = np.clip(ao * (1.0 - p_ab) / no, 0.0, 1.0)
        if service_level:
            served = special.served_within(x, y, to / po, log_a)
            out["service_level"][ok] = np.clip(1.0 - p_wait + p_wait * served, 0.0, 1.0)
        else:
            out["service_level"][ok] = np.nan
    return x


def _loss_limit(
    out: dict[str, np.ndarray],
    loss: np.ndarray,
    lam: np.ndarray,
    h: np.ndarray,
    n: np.ndarray,
    pat: np.ndarray,
    service_level: bool,
) -> None:
    """The Erlang B (loss) limit of Erlang A at the element indices ``loss``, written into ``out``."""
    nl, al = n[loss], lam[loss] * h[loss]
    with np.errstate(all="ignore"):
        log_b = special.log_erlang_b(nl, al)
        b = np.exp(log_b)
        # occupancy a(1 - B)/n = B(n)/B(n - 1) by the Erlang B recursion, free of the
        # cancellation in 1 - B when a >> n
        occ = np.where(
            nl >= 1.0,
            np.exp(log_b - special.log_erlang_b(np.maximum(nl - 1.0, 0.0), al)),
            al * -np.expm1(log_b) / nl,
        )
        occ = np.clip(occ, 0.0, 1.0)
    out["p_wait"][loss] = b
    out["p_abandon"][loss] = b
    out["asa"][loss] = b * pat[loss]
    out["queue_length"][loss] = lam[loss] * b * pat[loss]
    out["occupancy"][loss] = occ
    out["service_level"][loss] = np.clip(occ * nl / al, 0.0, 1.0) if service_level else np.nan
