"""The single-stage kernel: the general kernel's events, in the same order, on leaner data structures.

A compiled network with one stage, one class, no routing and no retries (:func:`lean_shape`) — an
M/M/c-like queue with staff and arrival rates per interval, with or without abandonment — runs here
instead of in :func:`.kernel.simulate_once`. The results are *identical, bit for bit*, to the general
kernel's: every count, sum, time integral, journey count and (with a log) every row of the visit log.

Why the figures are the same
----------------------------
A replication is fully determined by its random stream and by the order of its events. This kernel
processes the general kernel's events — arrivals, service ends, abandonments, interval starts — in the
same order, because it keeps the same key for each: (time, sequence number), with sequence numbers
given from the same counter (row 0 of the general heap) in the same order of scheduling; it only keeps
them in different places. It takes the same random draws in the same order: at an arrival the next gap
(redrawn from the boundary by :func:`.kernel._start_interval` when it crosses one), then the patience
(unless the stage is deferred; ``never`` draws nothing), then the service if an agent is idle; at a
service end the next waiting contact's service; no uniform after a service (a stage without routing
only resolves) and none after an abandonment (no retries). An arriving contact that finds an agent idle
is answered at once; the general kernel queues it first and its dispatcher takes it at once, releasing
on the way the rows of abandoned contacts still queued, which this kernel releases in the same order. And
it adds every record in the same order, with the same helpers (:func:`.kernel._spread`,
:func:`.kernel._present`, :func:`.kernel._close`), so that every floating-point sum is the same sum. A
customer makes one visit here, so the journey's start is the visit's arrival and its interval is the
visit's interval of arrival (the one the general kernel looks up).

What is leaner
--------------
- The service ends are a heap of their own (at most one per agent) whose root is *replaced* — one
  sift-down — when the freed agent takes the next waiting contact; abandonments and interval starts stay
  in the general heap (:func:`.kernel.heap_push`). The loop takes whichever of the next arrival, the
  service heap's root and the general heap's root has the smallest (time, sequence).
- The waiting contacts are a FIFO ring (arrival time, interval of arrival, visit row) instead of linked
  lists per priority; an abandonment event carries the contact's position in the ring, and is stale when
  that position has left the ring (answered). Abandoned contacts stay in the ring until the dispatcher
  reaches them, as in the general kernel.
- Without a log no visit table row is written: the agents and the ring hold what a visit needs. Only
  the rows' *numbers* are kept (the general kernel's free list, replayed), because :func:`.kernel._close`
  adds the contacts still in the system at the horizon in row order; the live ones are written into the
  table just before it runs. With a log, the rows the log reads are written as the general kernel writes
  them.
- No branch for outcomes, journeys of several visits, priorities or stages.

Agents come and go at interval starts by :func:`.kernel._start_interval` (idle ones leave longest idle
first; busy ones finish and then leave), and an agent freed by a service end joins the idle ring or
leaves, as in the general kernel.

The event loop is one function, as :func:`.kernel._event_loop` is. Split into inlined helpers (one per
event, nested), it ran 4.6 times slower than the general kernel with every array passed separately and
13 times slower with the work arrays read from their named tuples inside the helpers; the compiled code
then spent most of its time in numba's reference counts (``NRT_incref``/``NRT_decref``). Even four
small helpers (the next arrival, a row, the counts of an answer and of a resolution) of two to four array
arguments each made the loop 29 % slower (M/M/20: 19.5 against 15.1 ms). Only the general kernel's small
helpers are inlined.

Speed (``benchmarks/bench_limit.py``, M/M/20 and M/M/300 at ρ = 0.9, 200,000 arrivals): about 1.37
times the general kernel on the same system, 0.42 and 0.55 of the minimal M/M/c loop (0.31 and 0.40 on
the general kernel).
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
    K_FREE,
    K_ROWS,
    NEED_HEAP,
    NEED_NOTHING,
    NEED_ROWS,
    RT_NONE,
    RT_RESOLVED,
    S_ABSENT_COUNT,
    S_BUSY,
    S_IDLE_COUNT,
    S_IDLE_HEAD,
    S_PENDING_LEAVE,
    S_QUEUE,
    ST_ABANDONED,
    ST_FREE,
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
    _ring,
    _schedule_arrival,
    _spread,
    _start_interval,
    draw,
    grown,
    heap_push,
    heap_settle,
    heap_take,
)

NEED_RING = 3
"""The event loop's request to double the ring of waiting contacts."""

# columns of the agents' table (one row per agent) and of the ring of waiting contacts (one row per
# position mod its size); whole numbers are stored exactly in float64 (one array each: see the loop)
A_ARRIVE = 0  # arrival time (s) of the contact the agent serves
A_START = 1  # its start of service (s)
A_INTERVAL = 2  # its interval of arrival
A_ROW = 3  # its visit row, -1 when the agent serves none
R_ARRIVE = 0  # arrival time (s) of the waiting contact
R_INTERVAL = 1  # its interval of arrival
R_ROW = 2  # its visit row
R_WAITING = 3  # 1 while it waits, 0 once it has abandoned

LeanWork = namedtuple(
    "LeanWork",
    [
        "ends",  # [cap + 1, 3] float: the service ends, a heap in the general heap's format (payload: agent)
        "agents",  # [cap, 4] float: the contact each agent serves (A_* columns)
        "ring",  # [Q, 4] float: the waiting contacts, first come first served (R_* columns; Q a power of 2)
        "span",  # [2] int: positions of the ring's head and tail (they only grow; row = position mod Q)
    ],
)


def lean_shape(inp: KernelInputs) -> bool:
    """Whether a compiled network (no pools) has the single-stage shape this kernel runs: one stage, one
    class, no transfers, repeats or follow-ups, no retries after abandoning."""
    return bool(
        inp.staff.shape[0] == 1 and inp.rates.shape[1] == 1 and not inp.has_route[0, 0] and inp.retry_p[0, 0] == 0.0
    )


def allocate_lean(inp: KernelInputs) -> LeanWork:
    """The single-stage kernel's own arrays (the counts, the idle ring and the general heap are the
    :class:`.kernel.Workspace`'s); the ring starts at room for 1,024 waiting contacts or four per agent
    slot, rounded up to a power of 2, and doubles when full."""
    cap = int(inp.cap[0])
    q = 1 << (max(1024, 4 * cap) - 1).bit_length()
    agents = np.zeros((cap, 4))
    agents[:, A_ROW] = -1.0
    return LeanWork(
        ends=np.zeros((cap + 1, 3)),
        agents=agents,
        ring=np.zeros((q, 4)),
        span=np.zeros(2, dtype=np.int64),
    )


def _grown_ring(lean: LeanWork) -> LeanWork:
    """The ring of waiting contacts doubled, each contact at the row of its position in the new ring."""
    q = lean.ring.shape[0]
    positions = np.arange(lean.span[0], lean.span[1])
    ring = np.zeros((2 * q, 4))
    ring[positions & (2 * q - 1)] = lean.ring[positions & (q - 1)]
    return lean._replace(ring=ring)


def simulate_lean(inp: KernelInputs, rng: np.random.Generator, work: Workspace, keep_log: bool):
    """:func:`.kernel.simulate_once` for a network of :func:`lean_shape`: the same arguments and returns,
    the same accumulators in ``work`` and the same visit table with a log (see the module docstring)."""
    lean = allocate_lean(inp)
    vi, vf, free, heap = work.vi, work.vf, work.free, work.heap
    while True:
        need = _lean_loop(inp, rng, not keep_log, work, vi, vf, free, heap, lean)
        if need == NEED_NOTHING:
            return int(work.state[K_ROWS]), vi, vf
        if need == NEED_RING:
            lean = _grown_ring(lean)
        else:
            vi, vf, free, heap = grown(need, vi, vf, free, heap)


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
def _live_rows(lean, vi, vf, rows, log):
    """Write the contacts still in the system (waiting or in service) into their visit rows, the other
    rows marked free without a log, so that :func:`.kernel._close` finds them in row order."""
    if not log:
        for v in range(rows):
            vi[v, VI_STATUS] = ST_FREE
    ring = lean.ring
    mask = ring.shape[0] - 1
    for p in range(lean.span[0], lean.span[1]):
        if ring[p & mask, R_WAITING] == 1.0:
            v = int(ring[p & mask, R_ROW])
            vi[v, VI_STATUS] = ST_WAITING
            vi[v, VI_STAGE] = 0
            vi[v, VI_CLASS] = 0
            vi[v, VI_INTERVAL] = int(ring[p & mask, R_INTERVAL])
            vf[v, VF_ARRIVE] = ring[p & mask, R_ARRIVE]
    agents = lean.agents
    for a in range(agents.shape[0]):
        v = int(agents[a, A_ROW])
        if v >= 0:
            vi[v, VI_STATUS] = ST_IN_SERVICE
            vi[v, VI_STAGE] = 0
            vi[v, VI_CLASS] = 0
            vi[v, VI_INTERVAL] = int(agents[a, A_INTERVAL])
            vf[v, VF_ARRIVE] = agents[a, A_ARRIVE]
            vf[v, VF_START] = agents[a, A_START]


@_jit
def _lean_loop(inp, rng, recycle, work, vi, vf, free, heap, lean):
    """Process events until the horizon (returns NEED_NOTHING) or until a table must grow (NEED_HEAP,
    NEED_ROWS, NEED_RING); the scalar state lives in ``work.state`` and ``work.clock`` between calls.

    One function, as :func:`.kernel._event_loop` (see the module docstring: helpers cost reference counts).
    """
    horizon = inp.horizon
    L = inp.interval
    warmup = inp.warmup
    target = inp.target[0]
    resolution_target = inp.resolution_target
    svc_d = inp.svc[0, 0]
    pat_d = inp.pat[0, 0]
    cap = inp.cap[0]
    deferred = inp.deferred[0]
    rates = inp.rates
    svc_scale = inp.svc_scale
    dists = inp.dists
    log = not recycle
    ctr = work.state
    si = work.stage_int
    idle = work.idle
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
    cur = ctr[K_CUR]
    boundary = ctr[K_BOUNDARY]
    t = work.clock[0]
    while True:
        need = NEED_NOTHING  # room: an event adds at most one row, one ring entry and one general event
        if heap[0, H_TIME] + 2 > heap.shape[0]:
            need = NEED_HEAP
        elif ctr[K_ROWS] + 1 > vi.shape[0] and (log or ctr[K_FREE] < 1):
            need = NEED_ROWS
        elif span[1] - span[0] + 1 > mask + 1:
            need = NEED_RING
        if need != NEED_NOTHING:
            ctr[K_CUR] = cur
            ctr[K_BOUNDARY] = boundary
            work.clock[0] = t
            return need
        arriving = -1  # ring position of a contact arriving in this event
        patience = np.inf
        dispatch = True
        direct = False  # the arriving contact (row v) is answered at once
        ended = False
        if boundary >= 0:  # the start of interval `boundary` at time t
            cur = boundary
            boundary = -1
            _start_interval(
                cur, t, inp.staff, inp.cap, inp.agent_off, rates, horizon, L, warmup, rng, heap, si, since, acc_t,
                idle, absent, arrivals,
            )  # fmt: skip
        else:
            # the next event: the smallest (time, sequence) of the arrival and the two heaps' roots
            src = 0
            te = arrivals[0, 0]
            se = arrivals[0, 1]
            if heap[0, H_TIME] > 0.0 and (heap[1, H_TIME] < te or (heap[1, H_TIME] == te and heap[1, H_SEQ] < se)):
                src = 1
                te = heap[1, H_TIME]
                se = heap[1, H_SEQ]
            if ends[0, H_TIME] > 0.0 and (ends[1, H_TIME] < te or (ends[1, H_TIME] == te and ends[1, H_SEQ] < se)):
                src = 2
                te = ends[1, H_TIME]
            if te >= horizon:  # also when nothing is pending (inf)
                break
            t = te
            if src == 0:  # the external arrival: the next one scheduled, the contact queued
                end_i = (cur + 1) * L
                if end_i > horizon:
                    end_i = horizon
                ta = t - math.log(1.0 - rng.random()) / rates[cur, 0]
                if ta < end_i:
                    _schedule_arrival(arrivals, 0, ta, heap)
                else:
                    arrivals[0, 0] = np.inf
                if recycle and ctr[K_FREE] > 0:  # a row from the free list, else a new one
                    ctr[K_FREE] -= 1
                    v = free[ctr[K_FREE]]
                else:
                    v = ctr[K_ROWS]
                    ctr[K_ROWS] += 1
                if log:
                    _log_arrival(vi, vf, v, ctr[K_CONTACTS], ctr[K_CUSTOMERS], t)
                ctr[K_CONTACTS] += 1
                ctr[K_CUSTOMERS] += 1
                if t >= warmup:
                    acc_j[cur, 0, E_CUSTOMERS] += 1
                    acc_c[0, cur, 0, C_ARRIVALS] += 1
                if not deferred:
                    patience = t + draw(rng, pat_d, dists)
                if si[0, S_IDLE_COUNT] > 0:  # answered at once; abandoned contacts in the ring leave first
                    if recycle:
                        for p in range(span[0], span[1]):
                            free[ctr[K_FREE]] = int(ring[p & mask, R_ROW])
                            ctr[K_FREE] += 1
                    span[0] = span[1]
                    direct = True
                else:  # it waits
                    arriving = span[1]
                    j = arriving & mask
                    ring[j, R_ARRIVE] = t
                    ring[j, R_INTERVAL] = cur
                    ring[j, R_ROW] = v
                    ring[j, R_WAITING] = 1.0
                    span[1] = arriving + 1
                    si[0, S_QUEUE] += 1
            elif src == 2:  # a service ends: recorded, the contact resolved, the agent freed
                a = int(ends[1, H_PAYLOAD])
                heap_take(ends)
                ended = True
                arrive = agents[a, A_ARRIVE]
                start = agents[a, A_START]
                ii = int(agents[a, A_INTERVAL])
                v = int(agents[a, A_ROW])
                agents[a, A_ROW] = -1.0
                if log:
                    vi[v, VI_STATUS] = ST_SERVED
                    vi[v, VI_ROUTE] = RT_RESOLVED
                    vf[v, VF_END] = t
                _spread(acc_t, 0, np.int64(T_BUSY), start, t, 1.0, L, warmup, 0.0, cur)
                if arrive >= warmup:
                    acc_c[0, ii, 0, C_SERVED] += 1
                    acc_w[0, ii, 0, W_SERVICE] += t - start
                    acc_c[0, ii, 0, C_RESOLVED] += 1
                    acc_j[ii, 0, E_RESOLVED] += 1  # a journey of one visit: it starts at the arrival
                    acc_jt[ii, 0] += t - arrive
                    if t - arrive <= resolution_target:
                        acc_j[ii, 0, E_WITHIN_TARGET] += 1
                    acc_j[ii, 0, E_FIRST_RESOLVED] += 1
                if si[0, S_PENDING_LEAVE] > 0:  # the agent's shift is over: it leaves
                    _present(acc_t, si, since, 0, t, L, warmup)
                    si[0, S_BUSY] -= 1
                    si[0, S_PENDING_LEAVE] -= 1
                    absent[si[0, S_ABSENT_COUNT]] = a
                    si[0, S_ABSENT_COUNT] += 1
                    dispatch = False
                else:  # it becomes idle (the longest idle takes the next contact)
                    si[0, S_BUSY] -= 1
                    idle[_ring(si[0, S_IDLE_HEAD] + si[0, S_IDLE_COUNT], cap)] = a
                    si[0, S_IDLE_COUNT] += 1
                if recycle:  # release the row
                    free[ctr[K_FREE]] = v
                    ctr[K_FREE] += 1
            else:  # the general heap's root: an interval starts or a waiting contact abandons
                x = int(heap[1, H_PAYLOAD])
                heap_take(heap)
                heap_settle(heap)
                dispatch = False
                if x & 7 == EV_BOUNDARY:
                    boundary = x >> 3
                elif x >> 3 >= span[0]:  # still in the ring (an answered contact's event is stale)
                    _abandon(x >> 3, t, inp, work, lean, vi, vf, log)

        # ---- dispatch: idle agents (longest idle first) take waiting contacts, first come first served ----
        while dispatch:
            if direct:
                direct = False
                arrive = t
                ii = cur
            elif si[0, S_IDLE_COUNT] > 0 and si[0, S_QUEUE] > 0:
                p = span[0]
                while ring[p & mask, R_WAITING] == 0.0:  # an abandoned contact still in the ring: it leaves
                    if recycle:
                        free[ctr[K_FREE]] = int(ring[p & mask, R_ROW])
                        ctr[K_FREE] += 1
                    p += 1
                span[0] = p + 1
                si[0, S_QUEUE] -= 1
                j = p & mask
                arrive = ring[j, R_ARRIVE]
                ii = int(ring[j, R_INTERVAL])
                v = int(ring[j, R_ROW])
            else:
                break
            h = si[0, S_IDLE_HEAD]
            a = idle[h]
            si[0, S_IDLE_HEAD] = 0 if h + 1 == cap else h + 1
            si[0, S_IDLE_COUNT] -= 1
            si[0, S_BUSY] += 1
            agents[a, A_ARRIVE] = arrive
            agents[a, A_START] = t
            agents[a, A_INTERVAL] = ii
            agents[a, A_ROW] = v
            if log:
                vi[v, VI_STATUS] = ST_IN_SERVICE
                vi[v, VI_AGENT] = a
                vf[v, VF_START] = t
            end = t + draw(rng, svc_d, dists) * svc_scale[0, cur]
            if end < horizon:  # the service heap takes its sequence number from the general heap's counter
                ends[0, H_SEQ] = heap[0, H_SEQ]
                heap_push(ends, end, a)
                heap[0, H_SEQ] = ends[0, H_SEQ]
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
        if ended:
            heap_settle(ends)  # the ended service's root, unless the freed agent's next service replaced it
        if arriving >= span[0] and patience < horizon:  # the arriving contact waits: its abandonment
            heap_push(heap, patience, arriving * 8 + EV_ABANDON)
    _live_rows(lean, vi, vf, ctr[K_ROWS], log)
    _close(inp, work, vi, vf, ctr[K_ROWS])
    ctr[K_BOUNDARY] = -1
    work.clock[0] = horizon
    return NEED_NOTHING
