"""Synthetic contact logs with known parameters, for tests, examples and checks of the estimators.

:func:`synthetic_contact_log` simulates one first-come-first-served queue with ``agents[h]`` agents
on shift in each hour of the week, Poisson arrivals at ``arrivals_per_hour[h]``, handle times from a
lognormal or exponential distribution and exponential patience. It uses the exact virtual-waiting-time
recursion for FCFS multi-server queues with abandonment: contacts are taken in arrival order and each
would be answered at the earliest moment an agent on shift is free of the contacts answered before
it; if its patience runs out first it abandons at arrival + patience and takes no agent. An agent who
is serving when their shift ends finishes the contact. Every output is synthetic: no real customer
or agent appears.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import checks
from .._files import write_atomic
from ..errors import InputError
from .logs import ContactLog
from .validation import validate_contact_log

HOURS_PER_WEEK = 168


def _weekly(values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.size == 24:
        array = np.tile(array, 7)
    if array.size != HOURS_PER_WEEK or not np.all(np.isfinite(array)) or np.any(array < 0):
        raise InputError(name, values, "24 (every day) or 168 (Monday 00:00 onwards) finite values ≥ 0")
    return array


def simulate_contacts(
    *,
    days: int,
    arrivals_per_hour,
    agents,
    handle_mean: float,
    handle_cv: float | None = None,
    patience_mean: float = math.inf,
    start: str = "2024-01-01",
    seed: int = 0,
    segments: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Simulated contacts as a DataFrame in the generic schema (date-times, outcome, agent, …).

    ``arrivals_per_hour`` and ``agents`` hold 24 values (every day alike) or 168 (Monday 00:00
    onwards); ``start`` must be a Monday. ``handle_cv`` None gives exponential handle times, a number a
    lognormal with that coefficient of variation. ``segments`` maps segment names to shares (labels only).
    """
    origin = pd.Timestamp(start)
    if origin.day_of_week != 0 or origin != origin.normalize():
        raise InputError("start", start, "a Monday at 00:00, e.g. '2024-01-01'")
    checks.number("days", days, low=1, integer=True, allowed="a whole number of days ≥ 1")
    checks.number("handle_mean", handle_mean, low=0, low_open=True, allowed="a positive number of seconds")
    checks.number(
        "patience_mean",
        patience_mean,
        low=0,
        low_open=True,
        allow_inf=True,
        allowed="a positive number of seconds, or inf",
    )
    rate = _weekly(arrivals_per_hour, "arrivals_per_hour")
    staff = _weekly(agents, "agents").astype(int)
    rng = np.random.default_rng(seed)
    arrival, handle, patience = _draw(rng, days * 24, rate, handle_mean, handle_cv, patience_mean)
    served = _serve(arrival, handle, patience, _next_on_shift(staff, days * 24))
    frame = _contact_frame(origin, arrival, handle, served)
    if segments:
        names = list(segments)
        shares = np.asarray([segments[s] for s in names], dtype=float)
        frame["segment"] = rng.choice(names, size=len(frame), p=shares / shares.sum())
    frame["channel"] = "phone"
    return frame


def _draw(
    rng: np.random.Generator,
    hours: int,
    rate: np.ndarray,
    handle_mean: float,
    handle_cv: float | None,
    patience_mean: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrival times (seconds from the start, sorted; Poisson at ``rate[h]`` per hour of the week), and
    each contact's handle time and patience (seconds)."""
    hour_rate = rate[np.arange(hours) % HOURS_PER_WEEK]
    counts = rng.poisson(hour_rate)
    arrival = np.repeat(np.arange(hours) * 3600.0, counts) + rng.uniform(0.0, 3600.0, counts.sum())
    arrival.sort()
    n = arrival.size
    if handle_cv is None:
        handle = rng.exponential(handle_mean, n)
    else:
        sigma2 = math.log1p(handle_cv**2)
        handle = rng.lognormal(math.log(handle_mean) - sigma2 / 2, math.sqrt(sigma2), n)
    patience = rng.exponential(patience_mean, n) if math.isfinite(patience_mean) else np.full(n, np.inf)
    return arrival, handle, patience


def _next_on_shift(staff: np.ndarray, hours: int) -> np.ndarray:
    """``nxt[k, h]``: the first hour ≥ ``h`` in which agent ``k`` works (the largest int64 if none), over
    ``hours`` and one week beyond; agent ``k`` works in hour ``h`` when ``staff[h] > k``."""
    max_agents = int(staff.max()) if staff.size else 0
    on = np.array([[staff[h % HOURS_PER_WEEK] > k for h in range(hours + HOURS_PER_WEEK)] for k in range(max_agents)])
    nxt = np.full(on.shape, np.iinfo(np.int64).max, dtype=np.int64)
    for k in range(max_agents):
        upcoming = np.iinfo(np.int64).max
        for h in range(on.shape[1] - 1, -1, -1):
            if on[k, h]:
                upcoming = h
            nxt[k, h] = upcoming
    return nxt


class _Served(NamedTuple):
    """What happened to each contact: outcome, when it left the queue (seconds; NaN for an abandonment
    with infinite patience), when service began (NaN if abandoned) and its agent (−1 if none)."""

    outcome: np.ndarray
    left: np.ndarray
    begin: np.ndarray
    agent: np.ndarray


def _serve(arrival: np.ndarray, handle: np.ndarray, patience: np.ndarray, nxt: np.ndarray) -> _Served:
    """The virtual-waiting-time recursion (module docstring): contacts in arrival order, each answered at
    the earliest moment an agent on shift is free, unless its patience runs out first."""
    n = arrival.size
    max_agents = nxt.shape[0]
    free = np.zeros(max_agents)
    outcome = np.empty(n, dtype=object)
    left = np.full(n, np.nan)
    begin = np.full(n, np.nan)
    agent = np.full(n, -1)
    for i in range(n):
        best, best_k = math.inf, -1
        for k in range(max_agents):
            t = max(arrival[i], free[k])
            h = int(t // 3600)
            if h >= nxt.shape[1]:
                continue
            first = nxt[k, h]
            if first == np.iinfo(np.int64).max:
                continue
            t = t if first == h else first * 3600.0
            if t < best:
                best, best_k = t, k
        if best_k >= 0 and best - arrival[i] <= patience[i]:
            outcome[i] = "answered"
            begin[i], left[i], agent[i] = best, best, best_k
            free[best_k] = best + handle[i]
        else:
            outcome[i] = "abandoned"
            left[i] = arrival[i] + patience[i] if math.isfinite(patience[i]) else np.nan
    return _Served(outcome, left, begin, agent)


def _contact_frame(origin: pd.Timestamp, arrival: np.ndarray, handle: np.ndarray, served: _Served) -> pd.DataFrame:
    """The contacts in the generic schema, times in whole seconds (as logs record them) from ``origin``."""
    answered = served.outcome == "answered"

    def stamp(seconds: np.ndarray) -> pd.DatetimeIndex:
        return origin + pd.to_timedelta(np.round(seconds), unit="s")  # whole seconds, as logs record

    return pd.DataFrame(
        {
            "contact_id": [f"C{i + 1:06d}" for i in range(arrival.size)],
            "arrival": stamp(arrival),
            "queue_entry": stamp(arrival),
            "queue_exit": stamp(served.left),
            "service_start": stamp(np.where(answered, served.begin, np.nan)),
            "service_end": stamp(np.where(answered, served.begin + handle, np.nan)),
            "outcome": served.outcome,
            "agent": [f"agent_{k + 1:02d}" if k >= 0 else "" for k in served.agent],
        }
    )


def synthetic_contact_log(**kwargs) -> ContactLog:
    """:func:`simulate_contacts` validated into a :class:`ContactLog` (same keyword arguments)."""
    return validate_contact_log(simulate_contacts(**kwargs), source="synthetic contact log")


EXAMPLE_SETTINGS: dict[str, Any] = {
    "days": 14,
    "start": "2024-01-01",
    "seed": 20240101,
    # open 08:00-18:00 Monday-Friday and 09:00-13:00 Saturday; a morning and an early-afternoon peak
    "arrivals_per_hour": ([0] * 8 + [30, 50, 55, 48, 40, 42, 48, 40, 30, 22] + [0] * 6) * 5
    + ([0] * 9 + [20, 26, 24, 16] + [0] * 11)
    + [0] * 24,
    "agents": ([0] * 8 + [3, 4, 4, 4, 3, 3, 4, 4, 3, 2] + [0] * 6) * 5 + ([0] * 9 + [2, 2, 2, 2] + [0] * 11) + [0] * 24,
    "handle_mean": 240.0,
    "handle_cv": 1.0,
    "patience_mean": 180.0,
    "segments": {"retail": 0.8, "business": 0.2},
}
"""Settings of the bundled example log (``datasets/examples/contact_log_example.csv``): illustrative."""

EXAMPLE_MALFORMED = [
    {"contact_id": "BAD001", "arrival": "2024-01-03 10:61:00", "outcome": "answered"},
    {
        "contact_id": "BAD002",
        "arrival": "2024-01-03 11:00:00",
        "queue_entry": "2024-01-03 11:00:00",
        "queue_exit": "2024-01-03 11:00:30",
        "service_start": "2024-01-03 11:00:30",
        "service_end": "2024-01-03 10:58:00",
        "outcome": "answered",
        "agent": "agent_01",
    },
    {
        "contact_id": "BAD003",
        "arrival": "2024-01-04 09:15:00",
        "queue_entry": "2024-01-04 09:15:00",
        "queue_exit": "2024-01-04 09:16:00",
        "outcome": "transferred",
    },
    {
        "contact_id": "BAD004",
        "arrival": "2024-01-04 14:00:00",
        "queue_entry": "2024-01-04 14:00:00",
        "queue_exit": "2024-01-04 13:59:00",
        "outcome": "abandoned",
    },
    {"contact_id": "BAD005", "arrival": "", "outcome": "abandoned"},
]
"""Deliberately malformed rows appended to the example log to show the validation report: an
impossible clock time, a service ending before it starts, an unknown outcome, a negative queue time
and a missing arrival."""


def write_example_contact_log(path: str | Path) -> Path:
    """Write the bundled example log: the simulation of :data:`EXAMPLE_SETTINGS` plus the rows of
    :data:`EXAMPLE_MALFORMED`, as CSV in the generic schema."""
    frame = simulate_contacts(**EXAMPLE_SETTINGS)
    for col in ("arrival", "queue_entry", "queue_exit", "service_start", "service_end"):
        frame[col] = frame[col].dt.strftime("%Y-%m-%d %H:%M:%S").fillna("")
    frame = pd.concat([frame, pd.DataFrame(EXAMPLE_MALFORMED)], ignore_index=True).fillna("")
    return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False))
