"""Call blending: inbound calls with priority and deferred work taken above an idle threshold.

Model (Bhulai & Koole 2003, "A queueing model for call blending in call centers", IEEE Transactions
on Automatic Control 48(8):1434–1438). n agents serve inbound calls, Poisson of rate λ with
exponential handle times of mean h (rate μ = 1/h), and deferred work — e-mail, outbound calls —
of which there is always a backlog, with exponential handle times of mean h_d. Deferred work is
never interrupted. The **threshold policy**: an agent who becomes free takes a waiting inbound call
if there is one; otherwise it starts a deferred item if more than r agents would then be idle
(r = ``threshold``), else it stays idle. So, in steady state, at most r agents are idle, and r
agents are kept in reserve for inbound calls. Bhulai & Koole show that assigning deferred work only
when more than a threshold of agents are available is optimal when both kinds of work have the same
service-time distribution and a very good approximation otherwise; this module evaluates a given
threshold exactly. An inbound call that finds no idle agent waits in a FCFS queue with exponential
patience of mean 1/θ (an extension of the paper's model; ``inf`` gives theirs).

State: (inbound calls in the system, deferred items in service), a continuous-time Markov chain
solved numerically (sparse LU, see :mod:`svcdesign.formulas.queueing.markov.multiskill` for the
truncation rule: the inbound queue is capped at K, doubled until K × the stationary probability at
the cap is below the tolerance; that probability is reported as ``boundary_mass``).

Metrics (PASTA). Inbound: P(wait) = P(no idle agent); E[Q]; mean wait over all calls E[Q]/λ;
P(abandon) = θE[Q]/λ; throughput; service level (share of all calls answered within t) exact for
FCFS: while calls wait every agent is busy and no deferred item starts, so a call that finds q calls
ahead and d deferred items in service moves up at rate (n − d)μ + d/h_d + (calls ahead)·θ, the
deferred count falling by one on each deferred completion; P(answered within t) of each (q, d) is the
probability of absorption in "answered" by t of that transient chain, computed with the action of
the matrix exponential (scipy's ``expm_multiply``; a linear solve for t = inf). Deferred work:
items completed per time unit, E[d]/h_d. Agents: occupancy (share busy on either kind), inbound
occupancy (share busy on inbound calls).

With r >= n no deferred work is ever taken and the inbound metrics are Erlang A (Erlang C for θ = 0).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from ....checks import number
from ....errors import InputError
from . import _ctmc
from .multiskill import DEFAULT_TOLERANCE, MAX_STATES

_FIRST_CAP = 16
"""Inbound queue cap of the first attempt; doubled until cap × boundary mass is below the tolerance."""


@dataclasses.dataclass(frozen=True, repr=True)
class BlendMetrics:
    """Steady-state performance of an inbound + deferred-work team under the threshold policy.

    Times are in the caller's time unit (that of ``handle_time``); rates per that unit.

    Attributes
    ----------
    p_wait: probability that an inbound call finds no idle agent.
    asa: mean wait of inbound calls over all of them.
    service_level: share of all inbound calls answered within ``target_time``.
    target_time: the service-level target time used.
    queue_length: mean number of inbound calls waiting.
    p_abandon: probability that an inbound call abandons.
    throughput: inbound calls answered per time unit.
    deferred_throughput: deferred items completed per time unit.
    occupancy: share of agent time busy (inbound or deferred).
    inbound_occupancy: share of agent time busy on inbound calls.
    queue_cap: truncation cap of the inbound queue.
    boundary_mass: stationary probability that the inbound queue is at its cap.
    states: number of states of the chain solved.
    """

    p_wait: float
    asa: float
    service_level: float
    target_time: float
    queue_length: float
    p_abandon: float
    throughput: float
    deferred_throughput: float
    occupancy: float
    inbound_occupancy: float
    queue_cap: int
    boundary_mass: float
    states: int


def blend_metrics(
    arrival_rate: float,
    handle_time: float,
    agents: int,
    threshold: int,
    deferred_handle_time: float,
    patience: float = math.inf,
    target_time: float = 0.0,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    max_states: int = MAX_STATES,
) -> BlendMetrics:
    """Exact steady-state metrics of call blending under the threshold policy (scalar inputs).

    Parameters
    ----------
    arrival_rate:
        Inbound calls per time unit, λ >= 0.
    handle_time:
        Mean handle time of an inbound call, time units (> 0).
    agents:
        Agents n, a whole number >= 1.
    threshold:
        r, a whole number >= 0: a free agent starts deferred work only if more than r agents would
        then be idle (r >= n: never).
    deferred_handle_time:
        Mean handle time of a deferred item (e-mail, outbound call), time units (> 0).
    patience:
        Mean patience of a waiting inbound call (exponential), time units; ``inf``: nobody abandons.
    target_time:
        Service-level target time of inbound calls, time units (``inf`` allowed).
    tolerance:
        Bound on cap × stationary probability of the inbound queue at its truncation cap, in (0, 1e-3].
    max_states:
        Largest chain to build, states.

    Returns
    -------
    BlendMetrics

    Raises
    ------
    InputError
        Naming the argument for a value outside the ranges above, or ``max_states`` when the chain
        needs more states to meet ``tolerance`` (for example an inbound load at or above n agents
        without abandonment).

    Notes
    -----
    Policy, model and sources in the module docstring of :mod:`svcdesign.formulas.queueing.markov.blend`.
    """
    lam, mu, n, r, mu_d, theta, t, tol, limit = _rates(
        arrival_rate, handle_time, agents, threshold, deferred_handle_time, patience, target_time, tolerance, max_states
    )
    pi, serving, waiting, deferred, cap, mass = _truncated(lam, mu, mu_d, theta, n, r, tol, limit)
    queue_length = float(pi @ waiting)
    all_busy = (serving + deferred == n) & (waiting < cap)
    p_abandon = theta * queue_length / lam if lam > 0 else 0.0
    answered = _answered_within(n, mu, mu_d, theta, t, cap)
    reached = answered[waiting[all_busy], deferred[all_busy]]
    p_idle = float(pi[serving + deferred < n].sum())
    return BlendMetrics(
        p_wait=float(pi[all_busy].sum()),
        asa=queue_length / lam if lam > 0 else 0.0,
        service_level=min(1.0, p_idle + float(pi[all_busy] @ reached)) if lam > 0 else 1.0,
        target_time=t,
        queue_length=queue_length,
        p_abandon=p_abandon,
        throughput=mu * float(pi @ serving),
        deferred_throughput=mu_d * float(pi @ deferred),
        occupancy=float(pi @ (serving + deferred)) / n,
        inbound_occupancy=float(pi @ serving) / n,
        queue_cap=cap,
        boundary_mass=mass,
        states=int(pi.size),
    )


def _rates(
    arrival_rate: Any,
    handle_time: Any,
    agents: Any,
    threshold: Any,
    deferred_handle_time: Any,
    patience: Any,
    target_time: Any,
    tolerance: Any,
    max_states: Any,
) -> tuple[float, float, int, int, float, float, float, float, int]:
    """:func:`blend_metrics`'s arguments checked, times turned into rates: λ, μ, n, r, μ_d, θ, t, tolerance,
    largest chain."""
    lam = number("arrival_rate", arrival_rate, low=0.0)
    h = number("handle_time", handle_time, low=0.0, low_open=True)
    n = int(number("agents", agents, low=1, integer=True))
    r = int(number("threshold", threshold, low=0, integer=True))
    hd = number("deferred_handle_time", deferred_handle_time, low=0.0, low_open=True)
    pat = number("patience", patience, low=0.0, low_open=True, allow_inf=True)
    t = number("target_time", target_time, low=0.0, allow_inf=True)
    tol = number("tolerance", tolerance, low=0.0, low_open=True, high=1e-3)
    limit = int(number("max_states", max_states, low=1, integer=True))
    theta = 0.0 if math.isinf(pat) else 1.0 / pat
    return lam, 1.0 / h, n, r, 1.0 / hd, theta, t, tol, limit


def _truncated(
    lam: float, mu: float, mu_d: float, theta: float, n: int, r: int, tol: float, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, float]:
    """Solve the chain, doubling the inbound queue's cap until cap × P(queue at cap) < ``tol``: the stationary
    distribution, inbound calls in service, waiting, deferred items in service per state, the cap and the
    mass at it."""
    start = (0, max(n - r, 0))
    cap = _FIRST_CAP
    while True:
        try:
            states, q = _ctmc.explore(start, _moves(lam, mu, mu_d, theta, n, r, cap), limit)
        except _ctmc.TooManyStates:
            raise _ctmc.too_large("max_states", limit, f"the blending chain with inbound queue cap {cap}") from None
        pi = _ctmc.stationary(q)
        table = np.asarray(states, dtype=np.int64)
        inbound, deferred = table[:, 0], table[:, 1]
        serving = np.minimum(inbound, n - deferred)
        waiting = inbound - serving
        mass = float(pi[waiting == cap].sum())
        if cap * mass < tol:
            return pi, serving, waiting, deferred, cap, mass
        cap *= 2


def _moves(lam: float, mu: float, mu_d: float, theta: float, n: int, r: int, cap: int) -> _ctmc.Moves:
    def moves(state: tuple[int, ...]) -> Iterable[tuple[float, tuple[int, ...]]]:
        inbound, deferred = state
        serving = min(inbound, n - deferred)
        waiting = inbound - serving
        idle = n - serving - deferred
        out = []
        if idle > 0 or waiting < cap:
            out.append((lam, (inbound + 1, deferred)))
        if waiting:
            out.append((serving * mu + waiting * theta, (inbound - 1, deferred)))  # a queued call moves in / leaves
            out.append((deferred * mu_d, (inbound, deferred - 1)))  # the freed agent takes a queued call
        else:
            starts = idle + 1 > r  # the freed agent starts a deferred item
            out.append((serving * mu, (inbound - 1, deferred + 1 if starts else deferred)))
            if not starts:
                out.append((deferred * mu_d, (inbound, deferred - 1)))
        return out

    return moves


def _answered_within(n: int, mu: float, mu_d: float, theta: float, t: float, cap: int) -> np.ndarray:
    """P(answered within t) of an inbound call finding q calls waiting and d deferred items in
    service with every agent busy, as an array [q, d] (q < cap, d <= n)."""
    import scipy.sparse as sp  # on first use, as in _ctmc
    import scipy.sparse.linalg as spla

    size = cap * (n + 1)
    answered = size  # the absorbing state "answered" ("abandoned" is left out: its mass is lost)
    rows: list[int] = []
    cols: list[int] = []
    rates: list[float] = []
    out_rate = np.zeros(size + 1)
    for a in range(cap):
        for d in range(n + 1):
            k = a * (n + 1) + d
            inbound_done, deferred_done = (n - d) * mu, d * mu_d
            out_rate[k] = inbound_done + deferred_done + (a + 1) * theta
            ahead = (a - 1) * (n + 1)
            for rate, target in (
                (inbound_done + a * theta, answered if a == 0 else ahead + d),
                (deferred_done, answered if a == 0 else ahead + d - 1),
            ):
                if rate > 0:
                    rows.append(k)
                    cols.append(target)
                    rates.append(rate)
    g = sp.csr_matrix((rates, (rows, cols)), shape=(size + 1, size + 1)) - sp.diags(out_rate)
    if math.isinf(t):
        # absorption probabilities: -G_TT u = G_T,answered
        u = spla.spsolve(sp.csc_matrix(-g[:size, :size]), g[:size, answered].toarray().ravel())
    elif t == 0.0:
        u = np.zeros(size)
    else:
        indicator = np.zeros(size + 1)
        indicator[answered] = 1.0
        u = spla.expm_multiply(g.tocsc() * t, indicator)[:size]
    if not np.all(np.isfinite(u)):  # pragma: no cover - a guard, the chain is transient and small
        raise InputError("target_time", t, "a target time for which the wait distribution can be evaluated")
    return np.clip(np.asarray(u), 0.0, 1.0).reshape(cap, n + 1)
