"""Exact reference values for the simulation tests: Erlang C (M/M/n) and Erlang A (M/M/n+M).

Written independently of ``svcdesign.formulas.queueing`` (developed in parallel) from the birth–death description
in ``docs/background/queueing.md`` (Palm 1943; Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2005):

- p_k ∝ a^k / k! for k ≤ n and p_{n+j} = p_n · Π_{i=1..j} λ / (nμ + iθ), a = λ/μ (in log space);
- P(wait) = Σ_{k≥n} p_k (PASTA), E[Q] = Σ_j j·p_{n+j}, mean wait over all arrivals E[W] = E[Q]/λ (the schema's "asa"),
  P(abandon) = θ·E[Q]/λ, occupancy = λ(1 − P(abandon))/(nμ);
- service level = P(answered within t) over ALL arrivals: an arrival finding j others waiting reaches
  service after the sum of exponential stages with rates nμ + iθ, i = j..0, and abandons at rate θ
  meanwhile; computed with a matrix exponential of that absorbing chain.

Erlang C's closed forms (C = n·B/(n − a(1 − B)), E[W] = C/(nμ − λ), SL = 1 − C·e^{−(nμ−λ)t}) are used to
check the birth–death code at θ = 0.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import expm
from scipy.special import gammaln, logsumexp


def erlang_b(n: int, a: float) -> float:
    """Erlang B by the stable recursion B(k) = a·B(k−1) / (k + a·B(k−1))."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(lam: float, mu: float, n: int, t: float) -> dict[str, float]:
    """Closed-form Erlang C measures (rates per second, t in seconds); requires λ < nμ."""
    a = lam / mu
    assert a < n
    b = erlang_b(n, a)
    c = n * b / (n - a * (1.0 - b))
    return {
        "p_wait": c,
        "asa": c / (n * mu - lam),
        "service_level": 1.0 - c * math.exp(-(n * mu - lam) * t),
        "p_abandon": 0.0,
        "occupancy": a / n,
        "queue_length": lam * c / (n * mu - lam),
    }


def erlang_a(lam: float, mu: float, n: int, theta: float, t: float, tail: float = 1e-14) -> dict[str, float]:
    """Birth–death Erlang A measures (θ = 1/mean patience; θ = 0 gives Erlang C when λ < nμ)."""
    a = lam / mu
    log_p = [k * math.log(a) - gammaln(k + 1) for k in range(n + 1)]
    j = 0
    while True:
        j += 1
        log_p.append(log_p[-1] + math.log(lam / (n * mu + j * theta)))
        if log_p[-1] - logsumexp(log_p) < math.log(tail) and lam < n * mu + j * theta:
            break
        if j > 200_000:
            raise RuntimeError("queue tail does not converge")
    log_p = np.array(log_p)
    p = np.exp(log_p - logsumexp(log_p))
    waiting = p[n:]
    jobs = np.arange(len(waiting))
    eq = float((jobs * waiting).sum())
    p_ab = theta * eq / lam
    return {
        "p_wait": float(waiting.sum()),
        "asa": eq / lam,
        "p_abandon": p_ab,
        "service_level": float(p[:n].sum() + (waiting * _answered_within(n * mu, theta, len(waiting) - 1, t)).sum()),
        "occupancy": lam * (1.0 - p_ab) / (n * mu),
        "queue_length": eq,
    }


def _answered_within(n_mu: float, theta: float, jmax: int, t: float) -> np.ndarray:
    """P(service starts within t) for a tagged arrival with j = 0..jmax contacts ahead of it."""
    m = jmax + 1  # transient states: i contacts ahead, i = 0..jmax
    started = m
    q = np.zeros((m + 2, m + 2))  # + started, + abandoned
    for i in range(m):
        move = n_mu + i * theta
        q[i, i - 1 if i > 0 else started] += move
        q[i, m + 1] += theta
        q[i, i] = -(move + theta)
    return expm(q * t)[:m, started]


def accumulators_from_log(log, horizon: float, interval: float, warmup: float, n_stages: int):
    """Recompute per stage × interval counts and time integrals from a one-replication visit log.

    Returns a dict of arrays (S, NI): arrivals, answered, served, abandoned, immediate, queue_area,
    busy_area — the same definitions as the kernel, computed independently with pandas/numpy.
    """
    NI = max(1, int(math.ceil(horizon / interval - 1e-9)))
    starts = np.arange(NI) * interval
    ends = np.minimum(starts + interval, horizon)
    lo = np.maximum(starts, warmup)
    out = {
        name: np.zeros((n_stages, NI))
        for name in ("arrivals", "answered", "served", "abandoned", "immediate", "queue_area", "busy_area")
    }
    stage = log["stage"].cat.codes.to_numpy()
    arrival = log["arrival"].to_numpy()
    start = log["start"].to_numpy()
    end = log["end"].to_numpy()
    outcome = log["outcome"].astype(str).to_numpy()
    counted = arrival >= warmup
    idx = np.minimum((arrival // interval).astype(int), NI - 1)
    for name, mask in (
        ("arrivals", counted),
        ("answered", counted & ~np.isnan(start)),
        ("served", counted & (outcome == "served")),
        ("abandoned", counted & (outcome == "abandoned")),
        ("immediate", counted & (start == arrival)),
    ):
        np.add.at(out[name], (stage[mask], idx[mask]), 1)
    wait_end = np.where(~np.isnan(start), start, np.where(outcome == "abandoned", end, horizon))
    busy_end = np.where(np.isnan(end) | (outcome == "abandoned"), horizon, end)
    for i in range(NI):
        q = np.clip(np.minimum(wait_end, ends[i]) - np.maximum(arrival, lo[i]), 0, None)
        np.add.at(out["queue_area"], (stage, np.full(len(stage), i)), q)
        served = ~np.isnan(start)
        b = np.clip(np.minimum(busy_end[served], ends[i]) - np.maximum(start[served], lo[i]), 0, None)
        np.add.at(out["busy_area"], (stage[served], np.full(served.sum(), i)), b)
    return out
