"""The single-stage kernel: the general kernel's events on leaner data structures, one heap step a customer.

A compiled network with one stage, one class, no routing and no retries (:func:`lean_shape`) — an
M/M/c-like queue with staff and arrival rates per interval (staff may drop to 0 and rise again), with or
without abandonment, deferred or not — runs here instead of in :func:`.kernel.simulate_once`. Every count
is identical to the general kernel's, and so is, with a log, every sum, time integral and row of the
visit log, bit for bit; without a log a few sums may differ in their last bits (see below).

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
records of a service (busy time, service time, resolution, journey) are made late: when its agent is
next taken, goes off duty, or at the horizon, where the heap is emptied in order. As the root is always
the agent free first, these records come in the general kernel's order of service ends, so the sums they
add to (busy time, service times, journey times) are the same sums added in the same order.

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

What may differ without a log
-----------------------------
No visit row is written during a run without a log. At the horizon the contacts still in the system are
written into rows 0, 1, … (the waiting ones in ring order, then those in service by agent) and
:func:`.kernel._close` adds them in that order, where the general kernel's recycled rows (its free list)
hold them in another. So the sums ``_close`` adds for them — the censored waits (``W_CENSORED``) of
their intervals of arrival, and the queue, age and busy integrals (``T_QUEUE``, ``T_AGE``, ``T_BUSY``)
of the intervals they reach — may differ in their last bits (at most 1e-15 relative, in 248 of the 968
runs without a log of the tests' random networks; the tests allow 1e-12). Every other figure is
identical: counts, the other sums and integrals (``T_PRESENT``, ``T_MAX_AGE``), journeys. Replaying the
general kernel's free list to number the rows as it does costs more than the heap step saves: a
prototype that did ran 1.2–1.3 times slower than this kernel on M/M/20 and M/M/300, no faster than the
previous single-stage loop. With a log, rows are numbered by contact as in the general kernel, and every
figure is identical.

The event loop is one function, as :func:`.kernel._event_loop` is. Split into inlined helpers (one per
event, nested), it ran 4.6 times slower than the general kernel with every array passed separately and
13 times slower with the work arrays read from their named tuples inside the helpers; the compiled code
then spent most of its time in numba's reference counts (``NRT_incref``/``NRT_decref``). Even four
small helpers (the next arrival, a row, the counts of an answer and of a resolution) of two to four array
arguments each made the loop 29 % slower (M/M/20: 19.5 against 15.1 ms). Only the general kernel's small
helpers are inlined; the service's records are written once, for the root agent, whatever it does.

Speed (``benchmarks/bench_limit.py``, M/M/20 and M/M/300 at ρ = 0.9, 200,000 arrivals, no log): 1.22
and 1.35 times the previous single-stage loop (which pushed and popped each service end on a heap of its
own), 1.69 and 1.83 times the general kernel; 0.53 and 0.74 of the minimal M/M/c loop (0.43 and 0.55
before), and a throughput drop from 20 to 300 agents of 1.15 (1.27 before). With a log 1.14 and 1.21
times the previous loop; on a day of 24 hourly intervals whose staff follows the load, 1.21 (1.16 with a
log). At M/M/20 more than half the customers wait (Erlang C: 0.55), and each of those costs a second
pass through the loop, when a service end takes it from the ring.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

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
    T_BUSY,
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
    _sift_down,
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

# what the agent at the root of the agents' heap does in an event
ACT_NONE = 0  # nothing (the event is another)
ACT_NEW = 1  # takes the arriving contact (it was free before the arrival)
ACT_NEXT = 2  # takes the first waiting contact (its service ends now)
ACT_OFF = 3  # goes off duty (its service ends and its shift is over, or it is idle at an interval start)
ACT_DONE = 4  # leaves the heap at the horizon (free before it: its last service is recorded)

# columns of the agents' table (one row per agent) and of the ring of waiting contacts (one row per
# position mod its size); whole numbers are stored exactly in float64 (one array each: see the loop)
A_ARRIVE = 0  # arrival time (s) of the contact the agent serves or served last
A_START = 1  # its start of service (s)
A_INTERVAL = 2  # its interval of arrival
A_ROW = 3  # its contact number (its visit row with a log), -1 once its service is recorded
R_ARRIVE = 0  # arrival time (s) of the waiting contact
R_INTERVAL = 1  # its interval of arrival
R_ROW = 2  # its contact number (its visit row with a log)
R_WAITING = 3  # 1 while it waits, 0 once it has abandoned

LeanWork = namedtuple(
    "LeanWork",
    [
        "ends",  # [cap + 1, 3] float: the agents on duty, a heap keyed by (time free, sequence); payload agent
        "agents",  # [cap, 4] float: the contact each agent serves or served last (A_* columns)
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
    the same accumulators in ``work`` and the same visit table with a log (see the module docstring).
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
    written = _live_rows(lean, vi, vf, keep_log)
    rows = int(work.state[K_ROWS]) if keep_log else written
    work.state[K_ROWS] = rows
    _close(inp, work, vi, vf, rows)
    return rows, vi, vf


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
    loop takes them from the root of the agents' heap (the longest idle first), recording their last
    service. Busy agents in excess go off duty when their service ends; agents coming on duty join the
    heap free from (t, ``seq`` + j/(m + 1)) for the j-th of m, after every agent free before this start
    and before any service that ends at t after it.
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
    NEED_ROWS, NEED_RING); the scalar state lives in ``work.state``, ``work.clock`` and row 0 of
    ``lean.ends`` between calls.

    One function, as :func:`.kernel._event_loop` (see the module docstring: helpers cost reference counts).
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
    agents = lean.agents
    ring = lean.ring
    span = lean.span
    mask = ring.shape[0] - 1
    t = work.clock[0]
    if ctr[K_BOUNDARY] >= 0:  # the first interval starts, before any event
        ctr[K_BOUNDARY] = -1
        ends[0, H_SEQ] = _lean_interval(0, t, -1.0, inp, rng, work, lean, heap)
    cur = ctr[K_CUR]
    leavers = int(ends[0, H_SEQ])  # idle agents still to go off duty at the current interval's start
    while True:
        need = NEED_NOTHING  # room: an event adds at most one row, one ring entry and one general event
        if heap[0, H_TIME] + 2 > heap.shape[0]:
            need = NEED_HEAP
        elif log and ctr[K_ROWS] + 1 > vi.shape[0]:
            need = NEED_ROWS
        elif span[1] - span[0] + 1 > mask + 1:
            need = NEED_RING
        if need != NEED_NOTHING:
            ctr[K_CUR] = cur
            ends[0, H_SEQ] = leavers
            work.clock[0] = t
            return need
        arriving = -1  # ring position of a contact arriving in this event, if it waits
        patience = np.inf
        act = ACT_NONE  # what the agent at the heap's root does in this event
        if leavers > 0:
            leavers -= 1
            act = ACT_OFF
        else:
            # the next event: the smallest (time, sequence) of the arrival, the general heap's root and,
            # while contacts wait or agents are to go off duty, the end of the first service to end
            src = 0
            te = arrivals[0, 0]
            se = arrivals[0, 1]
            if heap[0, H_TIME] > 0.0 and (heap[1, H_TIME] < te or (heap[1, H_TIME] == te and heap[1, H_SEQ] < se)):
                src = 1
                te = heap[1, H_TIME]
                se = heap[1, H_SEQ]
            if (si[0, S_QUEUE] > 0 or si[0, S_PENDING_LEAVE] > 0) and (
                ends[1, H_TIME] < te or (ends[1, H_TIME] == te and ends[1, H_SEQ] < se)
            ):
                src = 2
                te = ends[1, H_TIME]
            if te >= horizon:  # also when nothing is pending (inf): the services ended before it are recorded
                if ends[1, H_TIME] >= horizon:
                    break
                act = ACT_DONE
            elif src == 0:  # the external arrival: the next one scheduled, the contact served or queued
                t = te
                end_i = (cur + 1) * L
                if end_i > horizon:
                    end_i = horizon
                ta = t - math.log(1.0 - rng.random()) / rates[cur, 0]
                if ta < end_i:
                    _schedule_arrival(arrivals, 0, ta, heap)
                else:
                    arrivals[0, 0] = np.inf
                v = ctr[K_CONTACTS]
                if log:
                    _log_arrival(vi, vf, v, v, ctr[K_CUSTOMERS], t)
                    ctr[K_ROWS] += 1
                ctr[K_CONTACTS] += 1
                ctr[K_CUSTOMERS] += 1
                if t >= warmup:
                    acc_j[cur, 0, E_CUSTOMERS] += 1
                    acc_c[0, cur, 0, C_ARRIVALS] += 1
                if not deferred:
                    patience = t + draw(rng, pat_d, dists)
                if ends[1, H_TIME] < t or (ends[1, H_TIME] == t and ends[1, H_SEQ] < se):
                    span[0] = span[1]  # an agent is free: nobody waits (abandoned contacts leave the ring)
                    act = ACT_NEW
                else:  # it waits
                    arriving = span[1]
                    j = arriving & mask
                    ring[j, R_ARRIVE] = t
                    ring[j, R_INTERVAL] = cur
                    ring[j, R_ROW] = v
                    ring[j, R_WAITING] = 1.0
                    span[1] = arriving + 1
                    si[0, S_QUEUE] += 1
            elif src == 2:  # a service ends: the agent goes off duty or takes the next waiting contact
                t = te
                if si[0, S_PENDING_LEAVE] > 0:
                    si[0, S_PENDING_LEAVE] -= 1
                    act = ACT_OFF
                else:
                    act = ACT_NEXT
            else:  # the general heap's root: an interval starts or a waiting contact abandons
                t = te
                x = int(heap[1, H_PAYLOAD])
                heap_take(heap)
                heap_settle(heap)
                if x & 7 == EV_BOUNDARY:
                    cur = x >> 3
                    leavers = _lean_interval(cur, t, se, inp, rng, work, lean, heap)
                elif x >> 3 >= span[0]:  # still in the ring (an answered contact's event is stale)
                    _abandon(x >> 3, t, inp, work, lean, vi, vf, log)

        if act != ACT_NONE:  # the root agent's last service, if not yet recorded, ended at its key's time
            a = int(ends[1, H_PAYLOAD])
            w = int(agents[a, A_ROW])
            if w >= 0:
                te = ends[1, H_TIME]
                arrive = agents[a, A_ARRIVE]
                start = agents[a, A_START]
                ii = int(agents[a, A_INTERVAL])
                agents[a, A_ROW] = -1.0
                if log:
                    vi[w, VI_STATUS] = ST_SERVED
                    vi[w, VI_ROUTE] = RT_RESOLVED
                    vf[w, VF_END] = te
                _spread(acc_t, 0, np.int64(T_BUSY), start, te, 1.0, L, warmup, 0.0, cur)
                if arrive >= warmup:
                    acc_c[0, ii, 0, C_SERVED] += 1
                    acc_w[0, ii, 0, W_SERVICE] += te - start
                    acc_c[0, ii, 0, C_RESOLVED] += 1
                    acc_j[ii, 0, E_RESOLVED] += 1  # a journey of one visit: it starts at the arrival
                    acc_jt[ii, 0] += te - arrive
                    if te - arrive <= resolution_target:
                        acc_j[ii, 0, E_WITHIN_TARGET] += 1
                    acc_j[ii, 0, E_FIRST_RESOLVED] += 1
            if act >= ACT_OFF:  # the agent leaves the heap
                if act == ACT_OFF:
                    _present(acc_t, si, since, 0, t, L, warmup)
                    si[0, S_BUSY] -= 1
                    absent[si[0, S_ABSENT_COUNT]] = a
                    si[0, S_ABSENT_COUNT] += 1
                n = int(ends[0, H_TIME]) - 1
                ends[0, H_TIME] = n
                if n > 0:
                    _sift_down(ends, 1, n, ends[n + 1, H_TIME], ends[n + 1, H_SEQ], ends[n + 1, H_PAYLOAD])
                else:
                    ends[1, H_TIME] = np.inf
                    ends[1, H_SEQ] = np.inf
            else:  # the agent serves the arriving contact or the first waiting one
                if act == ACT_NEW:
                    arrive = t
                    ii = cur
                else:
                    p = span[0]
                    while ring[p & mask, R_WAITING] == 0.0:  # abandoned contacts still in the ring leave
                        p += 1
                    span[0] = p + 1
                    si[0, S_QUEUE] -= 1
                    j = p & mask
                    arrive = ring[j, R_ARRIVE]
                    ii = int(ring[j, R_INTERVAL])
                    v = int(ring[j, R_ROW])
                agents[a, A_ARRIVE] = arrive
                agents[a, A_START] = t
                agents[a, A_INTERVAL] = ii
                agents[a, A_ROW] = v
                if log:
                    vi[v, VI_STATUS] = ST_IN_SERVICE
                    vi[v, VI_AGENT] = a
                    vf[v, VF_START] = t
                end = t + draw(rng, svc_d, dists) * svc_scale[0, cur]
                seq = np.inf  # a service ending at or after the horizon: no event, no sequence number
                if end < horizon:
                    seq = heap[0, H_SEQ]
                    heap[0, H_SEQ] = seq + 1.0
                _sift_down(ends, 1, int(ends[0, H_TIME]), end, seq, float(a))
                wt = t - arrive
                if wt > 0.0:
                    _spread(acc_t, 0, np.int64(T_QUEUE), arrive, t, 1.0, L, warmup, arrive, ii)
                if arrive >= warmup:
                    acc_j[ii, 0, E_FIRST_ANSWERED] += 1
                    acc_c[0, ii, 0, C_ANSWERED] += 1
                    acc_w[0, ii, 0, W_ANSWERED] += wt
                    if wt <= target:
                        acc_c[0, ii, 0, C_WITHIN_TARGET] += 1
                    if wt == 0.0:
                        acc_c[0, ii, 0, C_IMMEDIATE] += 1
        if arriving >= 0 and patience < horizon:  # the arriving contact waits: its abandonment
            heap_push(heap, patience, arriving * 8 + EV_ABANDON)
    ctr[K_CUR] = cur
    ends[0, H_SEQ] = 0.0
    work.clock[0] = horizon
    return NEED_NOTHING
