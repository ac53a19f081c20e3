"""Chat with concurrency: n agents each holding up to k chats, exact birth–death chain.

Model: a birth–death queue with state-dependent service, exponential patience and an optional
finite waiting room. Chats arrive as a Poisson process of rate λ. Each of n agents holds up to
k chats at once; an agent holding c chats (1 ≤ c ≤ k) finishes each of them at rate 1/h_c, where
h_c is the mean handle time of a chat while its agent holds c chats (``handle_times[c-1]``; h_c
usually grows with c because attention is shared). A chat that finds all n·k slots taken waits in
one FCFS queue, abandons after an exponential patience of mean 1/θ, and is blocked (lost) if the
waiting room of K places is full.

Modelling choice: chats are spread **evenly** over the agents. With j ≤ n·k chats in service,
write j = m·n + r (0 ≤ r < n): r agents hold m + 1 chats and n − r hold m, so the total service rate is

    s(j) = (n − r)·m/h_m + r·(m + 1)/h_{m+1}    (a term with 0 chats is 0).

This is exact for a router that sends each new chat to a least-loaded agent *and* rebalances when a
chat ends; a router that never moves a chat can
leave agents unevenly loaded after departures, which the chain does not follow. Tezcan & Zhang
(2014), "Routing and staffing in customer service chat systems with impatient customers",
Operations Research 62(4):943–956, let the rate at which each chat is served depend on how many
chats its agent holds, as here; Luo & Zhang (2013), "Staffing and control of instant messaging
contact centers", Operations Research 61(2):328–343, model each agent as a limited
processor-sharing server. Both study routing and staffing asymptotically (fluid limits); this
module solves the small chain exactly under the even-spread routing.

The number of chats in the system is then a birth–death chain on j = 0, 1, …, n·k + K with birth
rate λ (j < n·k + K) and death rate s(j) for j ≤ n·k, s(n·k) + (j − n·k)·θ above. Its stationary
distribution is the product formula π_j ∝ ∏_{i=1}^{j} λ/death(i), summed in log space; for an
infinite waiting room the queue terms are summed until the geometric bound on the rest of the tail
(ratio λ/death(j+1) < 1 from then on) is below 1e-17 of the total.

Metrics (by PASTA an arrival sees π): P(wait) = P(j ≥ n·k, j < n·k + K) (joins the queue);
P(blocked) = π_{n·k+K}; E[Q] = Σ (j − n·k)⁺ π_j; P(abandon) = θ·E[Q]/λ; mean wait over all arrivals
(blocked ones count as zero) = E[Q]/λ (Little); throughput = λ(1 − P(abandon) − P(blocked));
occupancy = E[chats in service]/(n·k) (share of slots used); mean concurrency = E[chats in
service]/n (chats per agent, idle agents counted).

Service level (share of ALL arrivals answered within t; abandoned and blocked chats count as not
answered), exact for FCFS: while the queue is not empty every slot is busy, so a chat that finds q
others waiting moves up at rate s(n·k) + i·θ with i ahead and abandons at rate θ — the pure-death
process of Erlang A with x = s(n·k)/θ "servers" — and is answered within t with probability
x/(x + q + 1)·I_{1−e^{−θt}}(q + 1, x + 1) (regularised incomplete beta); with θ = 0 the wait is
Erlang(q + 1, s(n·k)) distributed. With k = 1 the chain is M/M/n+M: Erlang A (and Erlang C for
θ = 0), see :mod:`svcdesign.formulas.queueing.erlang` for those formulas and their sources.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from scipy import special as sps

from ....errors import InputError
from ..results import Flag, Number, _Tabular, finish
from ..validation import as_float_array, shape_of

MAX_SLOTS = 1_000_000
"""Largest n·k (agents × chats per agent) the chain is built for; the chain has n·k + 1 service states."""

MAX_QUEUE_TERMS = 10_000_000
"""Most queue states summed for one chain (an infinite waiting room with patience so long, or a load so
close to capacity, that the tail needs more is refused)."""

_TAIL = 1e-17
"""Relative size below which the rest of an infinite queue tail is dropped (below double precision)."""


@dataclasses.dataclass(frozen=True, repr=True)
class ChatMetrics(_Tabular):
    """Steady-state performance of a chat team (per element of the broadcast inputs).

    Times are in the caller's time unit (the unit of ``handle_times``); rates per that unit.

    Attributes
    ----------
    agents: agents n.
    slots: chats each agent can hold, k.
    p_wait: probability that an arriving chat finds every slot taken and joins the queue.
    asa: mean wait in queue over ALL arriving chats (blocked ones count as zero).
    service_level: share of ALL arriving chats answered within ``target_time``.
    target_time: the service-level target time used.
    occupancy: share of the n·k slots in use.
    mean_concurrency: mean chats in service per agent (idle agents counted), between 0 and k.
    queue_length: mean number of chats waiting.
    p_abandon: probability that an arriving chat abandons.
    p_blocked: probability that an arriving chat finds the waiting room full (0 for an infinite one).
    throughput: chats answered per time unit, λ(1 − p_abandon − p_blocked).
    overloaded: True where there is no steady state (infinite patience and λ ≥ n·k/h_k, or no agents);
        then p_wait = 1, asa = queue_length = inf, service_level = 0, occupancy = 1,
        mean_concurrency = k, p_abandon = p_blocked = 0, throughput = n·k/h_k.
    """

    agents: Number
    slots: Number
    p_wait: Number
    asa: Number
    service_level: Number
    target_time: Number
    occupancy: Number
    mean_concurrency: Number
    queue_length: Number
    p_abandon: Number
    p_blocked: Number
    throughput: Number
    overloaded: Flag


_FIELDS = tuple(f.name for f in dataclasses.fields(ChatMetrics))


def chat_metrics(
    arrival_rate: Any,
    handle_times: Any,
    agents: Any,
    patience: Any = math.inf,
    target_time: Any = 0.0,
    *,
    waiting_room: Any = math.inf,
) -> ChatMetrics:
    """Exact steady-state metrics of chat with concurrency (n agents × k chats each, even spread).

    Parameters
    ----------
    arrival_rate:
        Chats arriving per time unit, λ >= 0 (scalar or array).
    handle_times:
        Mean handle time of one chat while its agent holds 1, 2, …, k chats (a sequence of k positive
        numbers, time units); its length is the concurrency limit k. Shared by every element.
    agents:
        Agents n, a whole number >= 0 (scalar or array).
    patience:
        Mean patience of a waiting chat (exponential), time units; ``inf`` (default): nobody abandons.
    target_time:
        Service-level target time, time units (``inf`` allowed).
    waiting_room:
        Most chats that can wait (a whole number >= 0 or ``inf``, the default); an arrival finding it
        full is blocked.

    Returns
    -------
    ChatMetrics
        Floats for scalar inputs, arrays of the broadcast shape otherwise.

    Raises
    ------
    InputError
        Naming the argument for a negative, NaN or non-whole value, an empty or non-positive
        ``handle_times``, shapes that do not broadcast, n·k above :data:`MAX_SLOTS`, or an infinite
        waiting room whose tail needs more than :data:`MAX_QUEUE_TERMS` terms.

    Notes
    -----
    Model, modelling choice (chats spread evenly over agents) and sources in the module docstring of
    :mod:`svcdesign.formulas.queueing.markov.chat`; with one chat per agent the chain is Erlang A
    (Erlang C without abandonment).
    """
    lam = as_float_array("arrival_rate", arrival_rate)
    h = as_float_array("handle_times", handle_times, low_open=True)
    if h.ndim != 1 or h.size == 0:
        raise InputError("handle_times", handle_times, "a non-empty sequence of mean handle times, one per chat held")
    n = _whole("agents", agents)
    pat = as_float_array("patience", patience, low_open=True, allow_inf=True)
    t = as_float_array("target_time", target_time, allow_inf=True)
    room = _whole("waiting_room", waiting_room, allow_inf=True)
    shape = shape_of(arrival_rate=lam, agents=n, patience=pat, target_time=t, waiting_room=room)
    k = h.size
    if np.any(n * k > MAX_SLOTS):
        worst = float(np.max(n))
        raise InputError("agents", worst, f"at most {MAX_SLOTS // k} agents with {k} chats each (n·k <= {MAX_SLOTS})")
    flat = [np.broadcast_to(v, shape).reshape(-1) for v in (lam, n, pat, t, room)]
    rows = [_one(float(a), h, int(b), float(c), float(d), float(e)) for a, b, c, d, e in zip(*flat, strict=True)]
    out: dict[str, Any] = {}
    for name in _FIELDS:
        values = np.array([r[name] for r in rows]).reshape(shape)
        out[name] = finish(values, kind=bool if name == "overloaded" else float)
    return ChatMetrics(**out)


def _whole(name: str, value: Any, allow_inf: bool = False) -> np.ndarray:
    arr = as_float_array(name, value, allow_inf=allow_inf)
    bad = np.isfinite(arr) & (arr != np.floor(arr))
    if np.any(bad):
        shown = arr.item() if arr.ndim == 0 else arr[tuple(np.argwhere(bad)[0])].item()
        raise InputError(name, shown, "a whole number >= 0" + (" or inf" if allow_inf else ""))
    return arr


def _service_rates(h: np.ndarray, n: int) -> np.ndarray:
    """s(j) for j = 1..n·k: the total service rate with j chats spread evenly over n agents."""
    k = h.size
    per_agent = np.concatenate([[0.0], np.arange(1, k + 1) / h, [0.0]])  # c chats: c/h_c, index c
    j = np.arange(1, n * k + 1)
    m, r = np.divmod(j, n)
    return (n - r) * per_agent[m] + r * per_agent[np.minimum(m + 1, k + 1)]


def _one(lam: float, h: np.ndarray, n: int, pat: float, t: float, room: float) -> dict[str, float]:
    """The metrics of one element (validated scalars)."""
    k = h.size
    slots = n * k
    full_rate = n * k / h[-1]  # s(n·k): every slot busy
    theta = 0.0 if math.isinf(pat) else 1.0 / pat
    base = {"agents": float(n), "slots": float(k), "target_time": t}
    if lam == 0.0:
        zero = dict.fromkeys(_FIELDS, 0.0)
        return zero | base | {"service_level": 1.0, "overloaded": False}
    if theta == 0.0 and (n == 0 or (math.isinf(room) and lam >= full_rate)):
        return base | {
            "p_wait": 1.0,
            "asa": math.inf,
            "service_level": 0.0,
            "occupancy": 1.0,
            "mean_concurrency": float(k),
            "queue_length": math.inf,
            "p_abandon": 0.0,
            "p_blocked": 0.0,
            "throughput": full_rate,
            "overloaded": True,
        }
    s = _service_rates(h, n)
    log_lam = math.log(lam)
    log_busy = np.concatenate([[0.0], np.cumsum(log_lam - np.log(s))])  # log π_j (unnormalised), j ≤ n·k
    log_queue = _queue_terms(lam, full_rate, theta, room, log_busy[-1])  # q = 1, 2, …
    log_all = np.concatenate([log_busy, log_queue])
    pi = np.exp(log_all - np.logaddexp.reduce(log_all))
    p_busy, p_queue = pi[: slots + 1], pi[slots + 1 :]
    q = np.arange(1, p_queue.size + 1)
    # an arrival finding the waiting room full (the last state, when the chain reaches it) is blocked
    blocked = float(pi[-1]) if p_queue.size == room else 0.0
    queue_length = float(q @ p_queue)
    in_service = float(np.arange(slots + 1) @ p_busy) + slots * float(p_queue.sum())
    waits = np.concatenate([[p_busy[-1]], p_queue])  # an arrival finding q = 0, 1, … waiting
    if not math.isinf(room):
        waits = waits[: int(room)]  # the arrivals that find the room full are blocked
    p_abandon = theta * queue_length / lam
    return base | {
        "p_wait": float(waits.sum()),
        "asa": queue_length / lam,
        "service_level": min(
            1.0, float(p_busy[:-1].sum()) + float(waits @ _answered_within(waits.size, full_rate, theta, t))
        ),
        "occupancy": in_service / slots if slots else 1.0,
        "mean_concurrency": in_service / n if n else float(k),
        "queue_length": queue_length,
        "p_abandon": p_abandon,
        "p_blocked": blocked,
        "throughput": lam * (1.0 - p_abandon - blocked),
        "overloaded": False,
    }


def _queue_terms(lam: float, full_rate: float, theta: float, room: float, log_top: float) -> np.ndarray:
    """log π_{n·k+q} (unnormalised) for q = 1 … (K, or until the tail is negligible)."""
    if room == 0:
        return np.zeros(0)
    length = 64
    while True:
        if not math.isinf(room):
            length = min(length, int(room))
        q = np.arange(1, length + 1)
        log_terms = log_top + np.cumsum(math.log(lam) - np.log(full_rate + q * theta))
        if not math.isinf(room) and length == room:
            return log_terms
        ratio = lam / (full_rate + (length + 1) * theta)  # every later ratio is smaller still
        if ratio < 1.0:
            rest = log_terms[-1] + math.log(ratio / (1.0 - ratio))
            if rest < np.logaddexp(log_top, np.logaddexp.reduce(log_terms)) + math.log(_TAIL):
                return log_terms
        if length >= MAX_QUEUE_TERMS:
            raise InputError(
                "waiting_room",
                room,
                f"a finite waiting room: the queue tail needs more than {MAX_QUEUE_TERMS} states "
                "at this load and patience",
            )
        length *= 4


def _answered_within(size: int, full_rate: float, theta: float, t: float) -> np.ndarray:
    """P(answered within t) of a chat that finds q = 0 … size−1 others waiting (every slot busy)."""
    q = np.arange(size, dtype=float)
    if theta == 0.0:
        return np.ones(size) if math.isinf(t) else sps.gammainc(q + 1.0, full_rate * t)
    x = full_rate / theta
    z = 1.0 if math.isinf(t) else -math.expm1(-theta * t)
    return x / (x + q + 1.0) * sps.betainc(q + 1.0, x + 1.0, z)
