"""How big a simulation call will be, checked before anything is allocated.

A scenario with millions of contacts a week over a long horizon, many replications or a per-contact log
asks for more events than a call can run in reasonable time, or more memory than the machine has.
:func:`check_size` estimates both from the compiled networks and refuses, with an
:class:`~svcdesign.errors.InputError` giving the estimate and a way out, above :data:`MAX_EVENTS`
events or :func:`memory_limit` bytes.

Estimates (per replication, then × replications; one entry per network of :func:`.adapter.simulate_variants`):

- **events** — :data:`EVENTS_PER_VISIT` per expected stage visit (an arrival or delayed entry, a
  service end, an abandonment event scheduled for a waiting contact) plus one per interval boundary.
  Expected visits count every routing (transfers, repeats, follow-ups) and every redial in full
  (:attr:`.spec.Labels.expected_visits`).
- **memory** — the workspace of one replication (the visit table sized as the kernel sizes it, the
  event heap, agent slots, the accumulators), the accumulators of every replication kept for the
  summary, the rows of the results table, and, with a log, every visit's row and its DataFrame.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ...errors import InputError
from . import kernel as K
from .kernel import KernelInputs
from .spec import Labels

MAX_EVENTS = 5e7
"""Most events one call may simulate, replications and variants together: about 15–25 seconds of the
kernel (2–3 million events a second on one core, measured on the bank example, the slower rate with a
queue of hundreds of thousands), five times the largest benchmark run (the January backtest, 400
replications of a week: about 1e7)."""

EVENTS_PER_VISIT = 3
"""Heap events per stage visit at most: its arrival (or delayed entry), its service end, and the
abandonment event scheduled while it waits."""

MEMORY_SHARE = 0.5
"""Share of the machine's physical memory a call may plan to use."""

FALLBACK_MEMORY = 8 * 2**30
"""Memory assumed (bytes) where the operating system does not report it."""

_ROW_BYTES = 8 * (K.N_VI + K.N_VF + 1)
"""One row of the visit table: integer and float columns and the free list."""
_HEAP_ROW_BYTES = 24
"""One heap entry: time, sequence number, payload."""
_SLOT_BYTES = 16
"""One agent slot: idle ring and absent stack."""
_LOG_ROW_BYTES = _ROW_BYTES + 16 * 8 * 2
"""A logged visit: its table row, kept, plus its row of the log DataFrame (15 columns) and one copy
made while the replications' frames are joined."""
_RESULT_ROW_BYTES = 64
"""One row of the long results table (six key columns as categorical codes or integers, three floats)."""
_RESULT_METRICS = 40
"""Rows per stage, interval and segment in the results table, an upper bound (about 30 stage measures,
7 per segment, the end-to-end figures)."""


def memory_limit() -> float:
    """Bytes a call may plan to use: :data:`MEMORY_SHARE` of physical memory (:data:`FALLBACK_MEMORY`
    where the system does not say)."""
    try:
        total = float(os.sysconf("SC_PAGE_SIZE")) * float(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        total = 0.0
    return MEMORY_SHARE * (total if total > 0 else FALLBACK_MEMORY)


def estimate(networks: Sequence[tuple[KernelInputs, Labels]], replications: int, log: bool) -> tuple[float, float]:
    """Expected events and bytes of simulating ``networks`` for ``replications`` each (see the module)."""
    events = 0.0
    memory = 0.0
    for inputs, labels in networks:
        S, NI = inputs.staff.shape
        classes = inputs.rates.shape[1]
        visits = float(labels.expected_visits)
        slots = float(inputs.cap.sum())
        rows = float(inputs.capacity) if log else max(float(K._MIN_ROWS), 4.0 * slots)
        heap = 2.0 * rows + classes + slots + 16.0
        accumulators = 8.0 * (S * NI * classes * (K.N_C + K.N_W) + S * NI * K.N_T + NI * classes * (K.N_E + 1))
        workspace = rows * _ROW_BYTES + heap * _HEAP_ROW_BYTES + slots * _SLOT_BYTES + accumulators
        results = _RESULT_ROW_BYTES * _RESULT_METRICS * (S + 1) * (NI + 1) * (1 + classes)
        events += replications * (EVENTS_PER_VISIT * visits + NI)
        memory += (
            workspace + replications * accumulators + results + (replications * visits * _LOG_ROW_BYTES if log else 0.0)
        )
    return events, memory


def check_size(networks: Sequence[tuple[KernelInputs, Labels]], replications: int, log: bool) -> None:
    """Refuse a call whose estimate exceeds :data:`MAX_EVENTS` events or :func:`memory_limit` bytes."""
    events, memory = estimate(networks, replications, log)
    limit = memory_limit()
    if events <= MAX_EVENTS and memory <= limit:
        return
    ways = ["shorten the horizon", "use fewer replications"]
    if log:
        ways.append("turn off the per-contact log")
    ways.append("or simulate a smaller demand (or fewer staff) and scale up")
    raise InputError(
        "horizon × replications × demand",
        f"about {events:.2g} events and {_bytes(memory)}",
        f"at most {MAX_EVENTS:.0e} events and {_bytes(limit)} ({MEMORY_SHARE:.0%} of this machine's memory) "
        f"per call: {', '.join(ways)}",
    )


def check_horizon(intervals: int, stages: int, classes: int) -> None:
    """Refuse a horizon whose intervals alone exceed the limits, before any per-interval array is made:
    every interval is an event (its boundary) and holds a replication's accumulators."""
    accumulators = 8.0 * intervals * (stages * classes * (K.N_C + K.N_W) + stages * K.N_T + classes * (K.N_E + 1))
    if intervals <= MAX_EVENTS and accumulators <= memory_limit():
        return
    raise InputError(
        "horizon",
        f"{intervals:.3g} intervals ({_bytes(accumulators)} of counters per replication)",
        f"at most {MAX_EVENTS:.0e} intervals and {_bytes(memory_limit())}: shorten the horizon",
    )


def _bytes(n: float) -> str:
    for unit, size in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n / 1024:.3g} KiB"


__all__ = ["MAX_EVENTS", "MEMORY_SHARE", "check_horizon", "check_size", "estimate", "memory_limit"]
