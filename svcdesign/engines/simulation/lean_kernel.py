"""The single-stage kernel: the general kernel's events on leaner data structures, one heap step a customer.

A compiled network with one stage, one class, no routing and no retries (:func:`lean_shape`) — an
M/M/c-like queue with staff and arrival rates per interval (staff may drop to 0 and rise again), with or
without abandonment, deferred or not — runs here instead of in :func:`.kernel.simulate_once`. Every count
and every row of the visit log is identical to the general kernel's; a few sums may differ in their last
bits (at most about 1e-15 relative; see below), every other sum and time integral is identical.

Why the figures are the same
----------------------------
A replication is fully determined by its random stream and by the order of its events. The general
kernel keys each event by (time, sequence number), the numbers given from one counter (row 0 of the
general heap) in the order of scheduling. This kernel gives the same numbers in the same order, handles
every event that changes anything in the same order, and takes the same random draws in the same order:
at an arrival the next gap (redrawn at an interval start, as :func:`.kernel._start_interval` does), then
the patience (unless the stage is deferred; ``never`` draws nothing), then the service if an agent is
free; at a service end while contacts wait the next contact's service; no uniform after a service (a
stage without routing only resolves) and none after an abandonment (no retries). A customer makes one
visit here, so the journey's start is the visit's arrival and its interval is the visit's interval of
arrival (the one the general kernel looks up).

One heap step a customer
------------------------
The agents on duty are one heap keyed by the (time, sequence number) from which each is free: the end
of its current or last service (sequence ∞ for a service that ends at or after the horizon, which the
general kernel does not schedule), or the moment it came on duty. The general kernel frees agents in
the order of their service ends and gives work to the longest idle first, so the agent it would choose
is always this heap's root:

- an arrival that finds the root free (the root's key before the arrival's) is answered by it: the
  root's key is replaced by the new service's end, one sift-down. A busy root means that every agent is
  busy: the contact waits in a first-come-first-served ring;
- a service end is an event only while contacts wait (the agent takes the first: its key is replaced) or
  while agents are due to go off duty (it leaves: the root is popped). Otherwise nothing happens at that
  time: the agent stays in the heap, free from its key.

A customer thus costs one sift-down, where pushing each service end and popping it again costs two. The
heap is read as one flat array (time, sequence, agent per row) and the smaller child is picked without a
branch, so that the sift-down's cost hardly grows with the number of agents. A service that ends before
the horizon is recorded when it starts (its end is known then): its busy time, service time, resolution
and journey; one that ends at or after it is left to :func:`.kernel._close`, as in the general kernel.

Staff moves at interval starts as in :func:`.kernel._start_interval` (:func:`_lean_interval`): idle
agents — those free before the start's own key — go off duty longest idle first; busy agents in excess
go off duty as their services end (service ends stay events while any are due); agents coming on duty
join free from (start, start's sequence + j/(m + 1)) for the j-th of m: after every agent free before the
start and before any service that ends at the same time but was scheduled after it, which is their place
at the tail of the general kernel's idle ring. Agents off duty are a stack, as in the general kernel, so
the log's agent numbers are the same.

The waiting contacts are a ring (arrival time, interval of arrival, contact number); an abandonment
event carries the contact's position, and is stale when that position has left the ring (answered).
Abandoned contacts stay in the ring until an agent reaches them or an arrival finds an agent free. No
branch for outcomes, journeys of several visits, priorities or stages.

What may differ in the last bits
--------------------------------
Two kinds of sum are added in another order than the general kernel's, so they may differ in their last
bits (at most about 1e-15 relative; ``tests/test_simulation_lean.py`` checks 1e-12):

- the records of a service that ends before the horizon — service times (``W_SERVICE``), busy time
  (``T_BUSY``) and journey times — are added in the order in which services start, where the general
  kernel adds them in the order in which they end;
- without a log no visit row is written during a run. At the horizon the contacts still in the system
  are written into rows 0, 1, … (the waiting ones in ring order, then those in service by agent) and
  :func:`.kernel._close` adds them in that order, where the general kernel's recycled rows (its free list)
  hold them in another: the censored waits (``W_CENSORED``) and the queue, age and busy integrals
  (``T_QUEUE``, ``T_AGE``, ``T_BUSY``) of the intervals they reach. Replaying the general kernel's free
  list to number the rows as it does ran 1.2–1.3 times slower than the loop it would have saved.

Counts, the log and every other sum and integral (``W_ANSWERED``, ``W_ABANDONED``, ``T_PRESENT``, ``T_MAX_AGE``,
and ``T_QUEUE`` and ``T_AGE`` with a log) are identical.

The event loop is one function, as :func:`.kernel._event_loop` is. Split into inlined helpers (one per
event, nested), it ran 4.6 times slower than the general kernel with every array passed separately and
13 times slower with the work arrays read from their named tuples inside the helpers; the compiled code
then spent most of its time in numba's reference counts (``NRT_incref``/``NRT_decref``). Only small
helpers are inlined. Its scalar state (the ring's positions, the queue, the sequence counter, the next
arrival, the counters) is held in local variables and written back to the work arrays only around the
calls that read it, and counts that the loop would repeat (arrivals as customers, answers as first
answers, services as resolutions) are copied once after it (:func:`_copy_counts`).

Speed (``benchmarks/bench_limit.py``, M/M/20 and M/M/300 at ρ = 0.9, 200,000 arrivals, no log, CPU time of
the thread, the previous loop and this one interleaved in one process): 1.19 and 1.37 times the previous
loop (which recorded each service when its agent was next taken, on a two-dimensional heap with a branch
per child), 0.55 and 0.86 of the minimal M/M/c loop, and a throughput drop from 20 to 300 agents of 1.05.
At M/M/20 more than half the customers wait (Erlang C: 0.55), and each of those costs a second pass
through the loop, when a service end takes it from the ring: a minimal loop that keeps this kernel's order
of draws (a waiting customer's service drawn when it starts) runs at 0.78–0.83 of the minimal loop, which
draws every service at the arrival, before recording anything.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from .distributions import KIND_NEVER
from .kernel import (
    C_ABANDONED,
    C_ANSWERED,
    C_ARRIVALS,
    C_IMMEDIATE,
    C_RESOLVED,
    C_SERVED,
    C_WITHIN_TARGET,
    E_CUSTOMERS,
    E_FIRST_ANSWERED,
    E_FIRST_RESOLVED,
    E_GAVE_UP,
    E_RESOLVED,
    E_WITHIN_TARGET,
    EV_ABANDON,
    EV_BOUNDARY,
    H_PAYLOAD,
    H_SEQ,
    H_TIME,
    K_BOUNDARY,
    K_CONTACTS,
    K_CUR,
    K_CUSTOMERS,
    K_ROWS,
    NEED_HEAP,
    NEED_NOTHING,
    NEED_ROWS,
    RT_NONE,
    RT_RESOLVED,
    S_ABSENT_COUNT,
    S_BUSY,
    S_PENDING_LEAVE,
    S_QUEUE,
    ST_ABANDONED,
    ST_IN_SERVICE,
    ST_SERVED,
    ST_WAITING,
    T_AGE,
    T_BUSY,
    T_MAX_AGE,
    T_QUEUE,
    VF_ARRIVE,
    VF_END,
    VF_START,
    VI_AGENT,
    VI_CLASS,
    VI_CONTACT,
    VI_CUSTOMER,
    VI_INTERVAL,
    VI_NEXT,
    VI_PARENT,
    VI_ROUTE,
    VI_STAGE,
    VI_STATUS,
    W_ABANDONED,
    W_ANSWERED,
    W_SERVICE,
    KernelInputs,
    Workspace,
    _close,
    _interval_of,
    _jit,
    _jit_inline,
    _present,
    _schedule_arrival,
    _sift_up,
    _spread,
    draw,
    grown,
    heap_push,
    heap_settle,
    heap_take,
)

NEED_RING = 3
"""The event loop's request to double the ring of waiting contacts."""

# where the loop's next event comes from
EV_ARRIVAL = 0  # the external arrival
EV_END = 1  # the agents' heap: the first service to end (an event only while contacts wait or agents are due to leave)
EV_GENERAL = 2  # the general event heap: an interval starts or a waiting contact abandons

# columns of the agents' table (one row per agent) and of the ring of waiting contacts (one row per
# position mod its size); whole numbers are stored exactly in float64 (one array each: see the loop)
A_ARRIVE = 0  # arrival time (s) of the contact the agent is serving at the horizon
A_START = 1  # its start of service (s)
A_INTERVAL = 2  # its interval of arrival
A_ROW = 3  # its contact number (its visit row with a log); -1 for an agent serving nobody at the horizon
R_ARRIVE = 0  # arrival time (s) of the waiting contact
R_INTERVAL = 1  # its interval of arrival
R_ROW = 2  # its contact number (its visit row with a log)
R_WAITING = 3  # 1 while it waits, 0 once it has abandoned

LeanWork = namedtuple(
    "LeanWork",
    [
        "ends",  # [cap + 1, 3] float: the agents on duty, a heap keyed by (time free, sequence); payload agent
        "agents",  # [cap, 4] float: the contact each agent is serving at the horizon (A_* columns)
        "ring",  # [Q, 4] float: the waiting contacts, first come first served (R_* columns; Q a power of 2)
        "span",  # [2] int: positions of the ring's head and tail (they only grow; row = position mod Q)
    ],
)
# Row 0 of ``ends`` holds (agents on the heap, idle agents still to go off duty at this interval start, 0).
# The workspace's stage counts keep every agent on duty in S_BUSY, busy or not (S_IDLE_COUNT stays 0):
# :func:`.kernel._present` integrates their sum.


def lean_shape(inp: KernelInputs) -> bool:
    """Whether a compiled network (no pools) has the single-stage shape this kernel runs: one stage, one
    class, no transfers, repeats or follow-ups, no retries after abandoning."""
    return bool(
        inp.staff.shape[0] == 1 and inp.rates.shape[1] == 1 and not inp.has_route[0, 0] and inp.retry_p[0, 0] == 0.0
    )


def allocate_lean(inp: KernelInputs) -> LeanWork:
    """The single-stage kernel's own arrays (the counts, the absent agents and the event heap are the
    :class:`.kernel.Workspace`'s); the ring starts at room for 1,024 waiting contacts or four per agent
    slot, rounded up to a power of 2, and doubles when full. An empty agents' heap has (inf, inf) at its
    root, so that the loop compares its root with the next event without checking its size."""
    cap = int(inp.cap[0])
    q = 1 << (max(1024, 4 * cap) - 1).bit_length()
    agents = np.zeros((cap, 4))
    agents[:, A_ROW] = -1.0
    ends = np.zeros((cap + 1, 3))
    ends[1, H_TIME] = ends[1, H_SEQ] = np.inf
    return LeanWork(ends=ends, agents=agents, ring=np.zeros((q, 4)), span=np.zeros(2, dtype=np.int64))


def _grown_ring(lean: LeanWork) -> LeanWork:
    """The ring of waiting contacts doubled, each contact at the row of its position in the new ring."""
    q = lean.ring.shape[0]
    positions = np.arange(lean.span[0], lean.span[1])
    ring = np.zeros((2 * q, 4))
    ring[positions & (2 * q - 1)] = lean.ring[positions & (q - 1)]
    return lean._replace(ring=ring)


def simulate_lean(inp: KernelInputs, rng: np.random.Generator, work: Workspace, keep_log: bool):
    """:func:`.kernel.simulate_once` for a network of :func:`lean_shape`: the same arguments and returns,
    the same accumulators in ``work`` (some sums up to their last bits) and the same visit table with a
    log (see the module docstring).
    Without a log the visit table only receives, at the horizon, the contacts still in the system."""
    lean = allocate_lean(inp)
    vi, vf, free, heap = work.vi, work.vf, work.free, work.heap
    while True:
        need = _lean_loop(inp, rng, keep_log, work, vi, vf, heap, lean)
        if need == NEED_NOTHING:
            break
        if need == NEED_RING:
            lean = _grown_ring(lean)
        else:
            vi, vf, free, heap = grown(need, vi, vf, free, heap)
    if not keep_log:  # room for the contacts still waiting or in service
        live = int(lean.span[1] - lean.span[0]) + int(inp.cap[0])
        if vi.shape[0] < live:
            vi = np.empty((live, vi.shape[1]), dtype=vi.dtype)
            vf = np.empty((live, vf.shape[1]), dtype=vf.dtype)
    _copy_counts(work)
    written = _live_rows(lean, vi, vf, keep_log)
    rows = int(work.state[K_ROWS]) if keep_log else written
    work.state[K_ROWS] = rows
    _close(inp, work, vi, vf, rows)
    return rows, vi, vf


def _copy_counts(work: Workspace) -> None:
    """The counts that the loop leaves to one column: in a journey of one visit, with no routing, every
    arrival is a customer, every contact answered is its customer's first answer and every contact served
    is resolved, its customer's first resolution (all by the interval of arrival, after the warm-up)."""
    counts, journeys = work.counts[0, :, 0], work.journeys[:, 0]
    counts[:, C_RESOLVED] = counts[:, C_SERVED]
    journeys[:, E_RESOLVED] = journeys[:, E_FIRST_RESOLVED] = counts[:, C_SERVED]
    journeys[:, E_FIRST_ANSWERED] = counts[:, C_ANSWERED]
    journeys[:, E_CUSTOMERS] = counts[:, C_ARRIVALS]


@_jit_inline
def _log_arrival(vi, vf, v, contact, customer, t):
    """Row v of the log: a first contact arriving at time t, waiting."""
    vi[v, VI_CONTACT] = contact
    vi[v, VI_CUSTOMER] = customer
    vi[v, VI_CLASS] = 0
    vi[v, VI_STAGE] = 0
    vi[v, VI_PARENT] = -1
    vi[v, VI_AGENT] = -1
    vi[v, VI_ROUTE] = RT_NONE
    vi[v, VI_NEXT] = -1
    vi[v, VI_STATUS] = ST_WAITING
    vf[v, VF_ARRIVE] = t
    vf[v, VF_START] = np.nan
    vf[v, VF_END] = np.nan


@_jit_inline
def _sift_agents(flat, i, n, t, s, x):
    """:func:`.kernel._sift_down` on the agents' heap read as one flat row-major array (3 columns)."""
    while True:
        c = 2 * i
        if c > n:
            break
        tc = flat[3 * c]
        if c < n:
            t1 = flat[3 * c + 3]
            right = t1 < tc
            if t1 == tc:
                right = flat[3 * c + 4] < flat[3 * c + 1]
            c += right
            tc = min(t1, tc)
        if tc < t or (tc == t and flat[3 * c + 1] < s):
            flat[3 * i] = tc
            flat[3 * i + 1] = flat[3 * c + 1]
            flat[3 * i + 2] = flat[3 * c + 2]
            i = c
        else:
            break
    flat[3 * i] = t
    flat[3 * i + 1] = s
    flat[3 * i + 2] = x


@_jit
def _abandon(p, t, inp, work, lean, vi, vf, log):
    """The contact at ring position p, still waiting, abandons at time t (no retry: it gives up)."""
    ring = lean.ring
    j = p & (ring.shape[0] - 1)
    ring[j, R_WAITING] = 0.0
    work.stage_int[0, S_QUEUE] -= 1
    arrive = ring[j, R_ARRIVE]
    ii = int(ring[j, R_INTERVAL])
    if log:
        vi[int(ring[j, R_ROW]), VI_STATUS] = ST_ABANDONED
        vf[int(ring[j, R_ROW]), VF_END] = t
    L = inp.interval
    acc_t = work.integrals
    _spread(acc_t, 0, np.int64(T_QUEUE), arrive, t, 1.0, L, inp.warmup, arrive, ii)
    if arrive >= inp.warmup:
        work.counts[0, ii, 0, C_ABANDONED] += 1
        work.sums[0, ii, 0, W_ABANDONED] += t - arrive
        work.journeys[_interval_of(arrive, L, acc_t.shape[1]), 0, E_GAVE_UP] += 1


@_jit
def _lean_interval(i, t, seq, inp, rng, work, lean, heap):
    """At time t interval i starts (by the event of sequence number ``seq``; −1 for the first interval):
    the staff moves to its figure and the interval's first arrival and the next start are scheduled, as
    :func:`.kernel._start_interval` does on the idle ring. Returns how many idle agents go off duty: the
    loop takes them from the root of the agents' heap (the longest idle first). Busy agents in excess go
    off duty when their service ends; agents coming on duty join the heap free from (t, ``seq`` +
    j/(m + 1)) for the j-th of m, after every agent free before this start and before any service that
    ends at t after it.
    """
    si = work.stage_int
    ends = lean.ends
    _present(work.integrals, si, work.present_since, 0, t, inp.interval, inp.warmup)
    n = int(ends[0, H_TIME])
    on = n - si[0, S_PENDING_LEAVE]
    target_n = inp.staff[0, i]
    leaving = 0
    if target_n < on:
        idle = 0  # the agents free before this start
        for j in range(1, n + 1):
            if ends[j, H_TIME] < t or (ends[j, H_TIME] == t and ends[j, H_SEQ] < seq):
                idle += 1
        leaving = min(on - target_n, idle)
        si[0, S_PENDING_LEAVE] += on - target_n - leaving
    elif target_n > on:
        keep = min(target_n - on, si[0, S_PENDING_LEAVE])
        si[0, S_PENDING_LEAVE] -= keep  # pending departures are cancelled first
        m = target_n - on - keep
        for j in range(m):
            si[0, S_ABSENT_COUNT] -= 1
            a = work.absent[si[0, S_ABSENT_COUNT]]
            _sift_up(ends, n + j + 1, t, seq + (j + 1) / (m + 1), float(a))
        ends[0, H_TIME] = n + m
        si[0, S_BUSY] += m
    L = inp.interval
    end_i = min((i + 1) * L, inp.horizon)
    r = inp.rates[i, 0]
    if r > 0.0:
        ta = t - math.log(1.0 - rng.random()) / r
        if ta < end_i:
            _schedule_arrival(work.arrivals, 0, ta, heap)
    if (i + 1) * L < inp.horizon:
        heap_push(heap, (i + 1) * L, (i + 1) * 8 + EV_BOUNDARY)
    return leaving


@_jit
def _live_rows(lean, vi, vf, log):
    """Write the contacts still in the system (waiting, then in service) into their visit rows (with a
    log) or into rows 0, 1, ... (without), so that :func:`.kernel._close` finds them; returns how many."""
    ring = lean.ring
    mask = ring.shape[0] - 1
    m = 0
    for p in range(lean.span[0], lean.span[1]):
        if ring[p & mask, R_WAITING] == 1.0:
            v = int(ring[p & mask, R_ROW]) if log else m
            m += 1
            vi[v, VI_STATUS] = ST_WAITING
            vi[v, VI_STAGE] = 0
            vi[v, VI_CLASS] = 0
            vi[v, VI_INTERVAL] = int(ring[p & mask, R_INTERVAL])
            vf[v, VF_ARRIVE] = ring[p & mask, R_ARRIVE]
    agents = lean.agents
    for a in range(agents.shape[0]):
        if agents[a, A_ROW] >= 0.0:
            v = int(agents[a, A_ROW]) if log else m
            m += 1
            vi[v, VI_STATUS] = ST_IN_SERVICE
            vi[v, VI_STAGE] = 0
            vi[v, VI_CLASS] = 0
            vi[v, VI_INTERVAL] = int(agents[a, A_INTERVAL])
            vf[v, VF_ARRIVE] = agents[a, A_ARRIVE]
            vf[v, VF_START] = agents[a, A_START]
    return m


@_jit
def _lean_loop(inp, rng, log, work, vi, vf, heap, lean):
    """Process events until the horizon (returns NEED_NOTHING) or until a table must grow (NEED_HEAP,
    NEED_ROWS, NEED_RING); the scalar state lives in ``work.state``, ``work.clock``, ``work.stage_int``,
    ``work.arrivals``, row 0 of ``heap`` and of ``lean.ends`` and ``lean.span`` between calls.

    One function, as :func:`.kernel._event_loop` (see the module docstring: helpers cost reference counts).
    Within it the scalar state is held in local variables (registers): every store into an array would
    otherwise make the compiled loop read the others again. They are written back before each call that
    reads or changes them (an interval start, an abandonment, the push of a patience) and read again after.
    """
    horizon = inp.horizon
    L = inp.interval
    warmup = inp.warmup
    target = inp.target[0]
    resolution_target = inp.resolution_target
    svc_d = inp.svc[0, 0]
    pat_d = inp.pat[0, 0]
    deferred = inp.deferred[0]
    rates = inp.rates
    svc_scale = inp.svc_scale
    dists = inp.dists
    ctr = work.state
    si = work.stage_int
    absent = work.absent
    since = work.present_since
    arrivals = work.arrivals
    acc_c = work.counts
    acc_w = work.sums
    acc_t = work.integrals
    acc_j = work.journeys
    acc_jt = work.journey_time
    ends = lean.ends
    flat = ends.reshape(-1)  # the agents' heap read flat: row r's time, sequence and agent at 3r, 3r + 1, 3r + 2
    agents = lean.agents
    ring = lean.ring
    span = lean.span
    mask = ring.shape[0] - 1
    room = heap.shape[0] - 2
    rows_room = vi.shape[0] - 1
    t = work.clock[0]
    if ctr[K_BOUNDARY] >= 0:  # the first interval starts, before any event
        ctr[K_BOUNDARY] = -1
        ends[0, H_SEQ] = _lean_interval(0, t, -1.0, inp, rng, work, lean, heap)
    cur = ctr[K_CUR]
    last = acc_t.shape[1] - 1
    bound = (cur + 1) * L if cur < last else np.inf  # the current interval's end (none for the last)
    leavers = int(ends[0, H_SEQ])  # idle agents still to go off duty at the current interval's start
    # the scalar state in registers (written back below wherever a call or the return needs it)
    head, tail = span[0], span[1]  # the ring's positions
    queue, pending = si[0, S_QUEUE], si[0, S_PENDING_LEAVE]  # contacts waiting, busy agents due to leave
    nseq = heap[0, H_SEQ]  # the next sequence number
    contacts, customers, rows = ctr[K_CONTACTS], ctr[K_CUSTOMERS], ctr[K_ROWS]
    ta, sa = arrivals[0, 0], arrivals[0, 1]  # the next arrival's (time, sequence)
    patient = not deferred and dists[5 * pat_d] != KIND_NEVER  # arriving contacts draw a patience
    need = NEED_NOTHING
    while True:
        # room: an event adds at most one row, one ring entry and one general event
        if heap[0, H_TIME] > room:
            need = NEED_HEAP
        elif log and rows > rows_room:
            need = NEED_ROWS
        elif tail - head > mask:
            need = NEED_RING
        if need != NEED_NOTHING:
            break
        off = leavers > 0  # the root agent goes off duty (idle at an interval start, or its service ends)
        if off:
            leavers -= 1
        else:
            # the next event: the smallest (time, sequence) of the arrival, the general heap's root and,
            # while contacts wait or agents are to go off duty, the end of the first service to end
            src = EV_ARRIVAL
            te = ta
            se = sa
            if (queue > 0 or pending > 0) and (flat[3] < te or (flat[3] == te and flat[4] < se)):
                src = EV_END
                te = flat[3]
                se = flat[4]
            if heap[0, H_TIME] > 0.0 and (heap[1, H_TIME] < te or (heap[1, H_TIME] == te and heap[1, H_SEQ] < se)):
                src = EV_GENERAL
                te = heap[1, H_TIME]
                se = heap[1, H_SEQ]
            if te >= horizon:  # also when nothing is pending (inf)
                break
            t = te
            if src == EV_GENERAL:  # an interval starts or a waiting contact abandons
                x = int(heap[1, H_PAYLOAD])
                heap_take(heap)
                heap_settle(heap)
                span[0], span[1] = head, tail
                si[0, S_QUEUE], si[0, S_PENDING_LEAVE] = queue, pending
                heap[0, H_SEQ] = nseq
                arrivals[0, 0], arrivals[0, 1] = ta, sa
                if x & 7 == EV_BOUNDARY:
                    cur = x >> 3
                    bound = (cur + 1) * L if cur < last else np.inf
                    leavers = _lean_interval(cur, t, se, inp, rng, work, lean, heap)
                elif x >> 3 >= head:  # still in the ring (an answered contact's event is stale)
                    _abandon(x >> 3, t, inp, work, lean, vi, vf, log)
                queue, pending = si[0, S_QUEUE], si[0, S_PENDING_LEAVE]
                nseq = heap[0, H_SEQ]
                ta, sa = arrivals[0, 0], arrivals[0, 1]
                continue
            if src == EV_END:
                if pending > 0:  # its shift is over
                    pending -= 1
                    off = True
                else:  # it takes the first waiting contact (abandoned contacts still in the ring leave)
                    p = head
                    while ring[p & mask, R_WAITING] == 0.0:
                        p += 1
                    head = p + 1
                    queue -= 1
                    j = p & mask
                    arrive = ring[j, R_ARRIVE]
                    ii = int(ring[j, R_INTERVAL])
                    v = int(ring[j, R_ROW])
            else:  # the external arrival: the next one scheduled, the contact served or queued
                end_i = (cur + 1) * L
                if end_i > horizon:
                    end_i = horizon
                ta = t - math.log(1.0 - rng.random()) / rates[cur, 0]
                if ta < end_i:
                    sa = nseq
                    nseq += 1.0
                else:
                    ta = np.inf
                v = contacts
                if log:
                    _log_arrival(vi, vf, v, v, customers, t)
                    rows += 1
                contacts += 1
                customers += 1
                if t >= warmup:
                    acc_c[0, cur, 0, C_ARRIVALS] += 1
                patience = np.inf
                if patient:
                    patience = t + draw(rng, pat_d, dists)
                if not (flat[3] < t or (flat[3] == t and flat[4] < se)):  # every agent is busy: it waits
                    j = tail & mask
                    ring[j, R_ARRIVE] = t
                    ring[j, R_INTERVAL] = cur
                    ring[j, R_ROW] = v
                    ring[j, R_WAITING] = 1.0
                    if patience < horizon:  # its abandonment
                        heap[0, H_SEQ] = nseq
                        heap_push(heap, patience, tail * 8 + EV_ABANDON)
                        nseq = heap[0, H_SEQ]
                    tail += 1
                    queue += 1
                    continue
                head = tail  # the root agent is free: nobody waits (abandoned contacts leave the ring)
                arrive = t
                ii = cur
        a = int(flat[5])
        if off:  # the root agent leaves the heap and goes off duty
            _present(acc_t, si, since, 0, t, L, warmup)
            si[0, S_BUSY] -= 1
            absent[si[0, S_ABSENT_COUNT]] = a
            si[0, S_ABSENT_COUNT] += 1
            n = int(ends[0, H_TIME]) - 1
            ends[0, H_TIME] = n
            if n > 0:
                _sift_agents(flat, 1, n, flat[3 * n + 3], flat[3 * n + 4], flat[3 * n + 5])
            else:
                flat[3] = flat[4] = np.inf
            continue
        # the root agent serves the contact (arrived at ``arrive`` in interval ii, number v) from now
        end = t + draw(rng, svc_d, dists) * svc_scale[0, cur]
        seq = np.inf  # a service ending at or after the horizon: no event, no sequence number
        if end < horizon:
            seq = nseq
            nseq += 1.0
        _sift_agents(flat, 1, int(ends[0, H_TIME]), end, seq, float(a))
        if end >= horizon:  # in service at the horizon (its agent takes no other contact): for _live_rows
            agents[a, A_ARRIVE] = arrive
            agents[a, A_START] = t
            agents[a, A_INTERVAL] = ii
            agents[a, A_ROW] = v
        if log:
            vi[v, VI_AGENT] = a
            vf[v, VF_START] = t
            vi[v, VI_STATUS] = ST_IN_SERVICE
            if end < horizon:
                vi[v, VI_STATUS] = ST_SERVED
                vi[v, VI_ROUTE] = RT_RESOLVED
                vf[v, VF_END] = end
        wt = t - arrive
        if wt > 0.0:  # the wait's time integrals: at once when it lies in this interval, after the warm-up
            if ii == cur and arrive >= warmup:
                acc_t[0, cur, T_QUEUE] += wt
                acc_t[0, cur, T_AGE] += wt * (0.5 * (arrive + t) - arrive)
                if wt > acc_t[0, cur, T_MAX_AGE]:
                    acc_t[0, cur, T_MAX_AGE] = wt
            else:
                _spread(acc_t, 0, np.int64(T_QUEUE), arrive, t, 1.0, L, warmup, arrive, ii)
        if arrive >= warmup:
            acc_c[0, ii, 0, C_ANSWERED] += 1
            acc_w[0, ii, 0, W_ANSWERED] += wt
            acc_c[0, ii, 0, C_WITHIN_TARGET] += wt <= target
            acc_c[0, ii, 0, C_IMMEDIATE] += wt == 0.0
        if end < horizon:  # its records as a service that ends before the horizon (made now: see above)
            if warmup <= t < end <= bound:  # the service lies in this interval (after the warm-up)
                acc_t[0, cur, T_BUSY] += end - t
            else:
                _spread(acc_t, 0, np.int64(T_BUSY), t, end, 1.0, L, warmup, 0.0, cur)
            if arrive >= warmup:
                acc_c[0, ii, 0, C_SERVED] += 1
                acc_w[0, ii, 0, W_SERVICE] += end - t
                acc_jt[ii, 0] += end - arrive  # a journey of one visit: it starts at the arrival
                acc_j[ii, 0, E_WITHIN_TARGET] += end - arrive <= resolution_target
    span[0], span[1] = head, tail
    si[0, S_QUEUE], si[0, S_PENDING_LEAVE] = queue, pending
    heap[0, H_SEQ] = nseq
    ctr[K_CONTACTS], ctr[K_CUSTOMERS], ctr[K_ROWS] = contacts, customers, rows
    arrivals[0, 0], arrivals[0, 1] = ta, sa
    ctr[K_CUR] = cur
    if need != NEED_NOTHING:
        ends[0, H_SEQ] = leavers
        work.clock[0] = t
        return need
    ends[0, H_SEQ] = 0.0
    work.clock[0] = horizon
    return NEED_NOTHING
