"""The discrete-event kernel: numba-compiled, over preallocated arrays, with a binary-heap event list.

One call of :func:`simulate_once` runs one replication of a network of service stages. It sees only
plain arrays (packed by :mod:`svcdesign.engines.simulation.spec`), so it knows nothing of the scenario
model. Times are seconds from the start of the horizon.

Events
------
``ARRIVAL`` (an external contact of one class), ``END`` (a service completion), ``ABANDON`` (a waiting
contact's patience runs out), ``ENTRY`` (a delayed entry: repeat contact, follow-up callback or retry
after abandonment, moved to the start of the stage's next staffed interval if it falls when no staff
are on duty) and ``BOUNDARY`` (the start of a staffing/demand interval). Events are taken in order of
time, ties in the order in which they were scheduled (every event gets a sequence number), so a run is
fully determined by its random stream. Each class has at most one pending arrival, kept beside the heap
(its time and sequence number) rather than in it; the loop takes whichever of the earliest arrival and
the heap's root comes first, which saves the heap a push and a pop per external arrival.
A waiting contact's abandonment event stays in the heap when the contact is answered and is ignored when
popped (lazy deletion: the visit remembers the sequence number of its live abandonment event).

Arrivals
--------
Each class is a Poisson process whose rate is constant within each interval. Arrivals are generated
*exactly*, not by thinning: within interval i the next arrival is the current time plus an exponential
gap at rate λ_i; a gap that crosses the interval's end is discarded and a new gap is drawn from the
boundary at rate λ_{i+1}, which is exact because the exponential distribution is memoryless.

Queues and routing
------------------
Each stage has one queue per priority level (lower number served first, first come first served within
a level), kept as linked lists through the visit table. Whenever a stage has both idle agents and
waiting contacts, the longest-idle agent takes the head of the highest-priority non-empty queue; so an
arriving contact that finds an idle agent starts at once (zero wait). Patience is drawn when a contact
arrives at a stage; it abandons if not answered within that time. A service that starts in interval i
at stage s lasts a draw from the stage's handle-time distribution × ``svc_scale[s, i]`` (handle time by
time of day). Deferred stages (email, referrals) and
follow-up callbacks never abandon. After service a single uniform draw picks one outcome: transfer or
escalation to stage j (immediate), a repeat contact (a new contact of the same customer entering a stage
after a delay), a follow-up callback (likewise, never abandoning), or resolution (leaves). An abandoner
may retry the same stage after a delay with a given probability.

Shift changes
-------------
At each interval boundary the number of agents on duty at each stage moves to that interval's staff
figure. When it drops, idle agents leave at once (longest idle first); if more must go, that many busy
agents finish the contact in hand and then leave instead of taking new work (no pre-emption; the first
busy agents to finish are the ones who leave). When it rises, pending departures are cancelled first and
then absent agents join and take waiting contacts at once.

Statistics
----------
Counts and waits are attributed to the interval in which the contact *arrived at the stage* (so within
each interval: arrivals = answered + abandoned + waiting at the horizon); time integrals (queue length,
busy and present agents, backlog age) to the interval in which the time elapsed. Time integrals are
accumulated per visit when a wait or a service ends (its span is split at interval boundaries), not per
event, which is exact and cheaper. Everything before ``warmup`` seconds is excluded: contacts arriving
earlier are not counted and time integrals start there.

Memory and speed
----------------
Every stage visit is a row of a visit table (integer and float columns). Without a log, the row of a
finished visit is recycled through a free list, so the table only holds the contacts in the system and
stays small (and in cache) however long the horizon; with a log, rows are kept in creation order. The
table and the heap double in size when full: the event loop returns, :func:`simulate_once` grows them
and the loop resumes. Inside the loop the tables are never rebound and the hot helpers take few array
arguments (the heap is one array, the distribution table another): numba reference-counts every array
passed to a function or rebound in a loop, which would otherwise cost more than the simulation itself.
The helpers called per event (heap, draws, time integrals) are inlined into the loop by numba
(``inline="always"``), which removes those reference counts (atomic operations) altogether; the rarer
ones (abandonment, interval start, close) stay separate, to keep the loop quicker to compile. Interval
indices are looked up from a hint (the current interval, a visit's interval of arrival) before dividing,
and the idle agents' ring buffers wrap without an integer division.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numba as nb
import numpy as np

# ---- event types (low 3 bits of the packed heap payload; arrivals wait beside the heap) -----------------
EV_ARRIVAL = 0
EV_END = 1
EV_ABANDON = 2
EV_ENTRY = 3
EV_BOUNDARY = 4

# ---- visit status --------------------------------------------------------------------------------------
ST_PENDING = 0  # scheduled to enter a stage later (repeat, follow-up, retry)
ST_WAITING = 1
ST_IN_SERVICE = 2
ST_SERVED = 3
ST_ABANDONED = 4
ST_FREE = 5  # a recycled row (no log)

# ---- routing outcome of a visit ------------------------------------------------------------------------
RT_NONE = -1  # abandoned without retry, or still in the system at the horizon
RT_RESOLVED = 0
RT_TRANSFER = 1
RT_REPEAT = 2
RT_FOLLOWUP = 3
RT_RETRY = 4

# ---- integer columns of the visit table ----------------------------------------------------------------
VI_CONTACT = 0
VI_CUSTOMER = 1
VI_CLASS = 2
VI_STAGE = 3
VI_AGENT = 4  # agent index within the stage, -1 if never served
VI_STATUS = 5
VI_ROUTE = 6
VI_NEXT = 7  # stage the contact was routed to next, -1 if none
VI_PARENT = 8  # row of the visit that led to this one, -1 for an external arrival
VI_QNEXT = 9  # next row in the same queue
VI_INTERVAL = 10  # interval of arrival at the stage
VI_NOABANDON = 11  # 1 for follow-up callbacks
VI_ABSEQ = 12  # sequence number of the live abandonment event, -1 if none
VI_GAVE_UP = 13  # 1 once the customer has given up for good (abandoned without redialling)
N_VI = 14

# ---- float columns of the visit table ------------------------------------------------------------------
VF_ARRIVE = 0
VF_START = 1
VF_END = 2
VF_PATIENCE = 3  # time at which the contact abandons if still waiting (inf if never)
VF_ORIGIN = 4  # arrival time of the customer's first contact (the journey's start)
N_VF = 5

# ---- per stage × interval × class counters (by the interval of arrival at the stage) -------------------
C_ARRIVALS = 0
C_ANSWERED = 1
C_SERVED = 2
C_ABANDONED = 3
C_WITHIN_TARGET = 4
C_IMMEDIATE = 5
C_WAITING_END = 6
C_IN_SERVICE_END = 7
C_RESOLVED = 8
C_TRANSFER = 9
C_REPEAT = 10
C_FOLLOWUP = 11
C_RETRY = 12
C_UNDECIDED = 13  # still waiting at the horizon, not yet past the target time: service-level outcome unknown
N_C = 14

# ---- per stage × interval × class sums of durations (seconds) ------------------------------------------
W_ANSWERED = 0  # waits of answered contacts
W_ABANDONED = 1  # waits (time to abandon) of abandoners
W_CENSORED = 2  # waits so far of contacts still waiting at the horizon
W_SERVICE = 3  # service durations of completed services
N_W = 4

# ---- per stage × interval time integrals (by the interval in which time elapsed) -----------------------
T_QUEUE = 0  # ∫ queue length dt (contact-seconds)
T_BUSY = 1  # ∫ busy agents dt (agent-seconds)
T_PRESENT = 2  # ∫ agents present dt, incl. leavers finishing a contact (agent-seconds)
T_AGE = 3  # ∫ Σ ages of waiting contacts dt (contact-seconds × seconds)
T_MAX_AGE = 4  # the largest age a waiting contact reached in the interval (seconds)
N_T = 5

# ---- per interval of the journey's start × class: customer journeys (end to end) -------------------------
# A customer's journey is the chain of visits from an external arrival: each visit leads to at most one
# next (transfer, repeat, follow-up or retry). It ends when a visit is resolved or an abandoner does not
# retry; journeys still open at the horizon have not ended (neither resolved nor given up).
E_CUSTOMERS = 0  # external arrivals (first contacts)
E_FIRST_ANSWERED = 1  # first contacts answered at the entry stage
E_FIRST_RESOLVED = 2  # ... and resolved there (first-contact resolution)
E_GAVE_UP = 3  # customers who abandoned at some stage and did not redial (counted once per customer)
E_RESOLVED = 4  # journeys resolved before the horizon (their durations are summed in journey_time)
E_WITHIN_TARGET = 5  # ... resolved within the resolution target of the first contact
N_E = 6

# ---- integer stage state ---------------------------------------------------------------------------------
S_QUEUE = 0  # contacts waiting
S_BUSY = 1
S_IDLE_HEAD = 2
S_IDLE_COUNT = 3
S_ABSENT_COUNT = 4
S_PENDING_LEAVE = 5  # busy agents who leave when they finish
N_S = 6

# ---- scalar state (an array, so that the loop can stop and resume) --------------------------------------
K_ROWS = 0  # rows of the visit table used (high-water mark)
K_FREE = 1  # rows on the free list
K_CONTACTS = 2  # contacts created so far
K_CUSTOMERS = 3  # customers created so far
K_CUR = 4  # current interval
K_BOUNDARY = 5  # interval whose start is to be processed next, -1 if none
N_K = 6

NEED_NOTHING = 0
NEED_HEAP = 1
NEED_ROWS = 2

KernelInputs = namedtuple(
    "KernelInputs",
    [
        "horizon",  # float, seconds
        "interval",  # float, seconds
        "warmup",  # float, seconds
        "n_intervals",  # int
        "rates",  # [NI, K] float, external arrivals per second
        "entry",  # [K] int, entry stage
        "prio",  # [K] int, dense priority rank (0 = served first)
        "n_prio",  # int
        "staff",  # [S, NI] int
        "cap",  # [S] int, agent slots per stage (max staff, at least 1)
        "agent_off",  # [S] int, offset of each stage's agent slots
        "deferred",  # [S] bool
        "target",  # [S] float, service-level target time, seconds
        "svc",  # [S, K] int, index into the distribution table
        "svc_scale",  # [S, NI] float, multiplier of a service starting in each interval
        "pat",  # [S, K] int
        "route_cum",  # [K, S, 2S + 1] float, cumulative: transfer to 0..S-1, repeat, follow-up to 0..S-1
        "has_route",  # [K, S] bool
        "rep_stage",  # [K, S] int
        "rep_delay",  # [K, S] int (distribution index)
        "fu_delay",  # [K, S] int (distribution index)
        "retry_p",  # [K, S] float
        "retry_delay",  # [K, S] int
        "dists",  # [5 D + data] float: packed distribution table, see distributions.DistTable.packed
        "capacity",  # int, expected visits (sizes the first visit table when a log is kept)
        "resolution_target",  # float, seconds from the first contact (resolved within target)
    ],
)

Workspace = namedtuple(
    "Workspace",
    [
        "vi",  # [V, N_VI] int: visit table, integer columns (grown by simulate_once if needed)
        "vf",  # [V, N_VF] float: visit table, times (s)
        "free",  # [V] int: free list of rows
        "heap",  # [H, 3] float: the event heap (see heap_push)
        "state",  # [N_K] int: scalar state
        "clock",  # [1] float: the time at which the event loop stopped
        "counts",  # [S, NI, K, N_C] int
        "sums",  # [S, NI, K, N_W] float (s)
        "integrals",  # [S, NI, N_T] float
        "journeys",  # [NI, K, N_E] int
        "journey_time",  # [NI, K] float: Σ duration of resolved journeys (s)
        "stage_int",  # [S, N_S] int
        "present_since",  # [S] float: time from which the stage's present-agent count is not yet integrated
        "queue_head",  # [S, P] int
        "queue_tail",  # [S, P] int
        "idle",  # [Σ cap] int: per-stage ring buffers of idle agents (longest idle at the head)
        "absent",  # [Σ cap] int: per-stage stacks of agents off duty
        "arrivals",  # [K, 2] float: each class's next external arrival (time s, sequence; time inf if none)
    ],
)

_MIN_ROWS = 1024
"""Smallest visit table (rows); without a log the table only needs the contacts in the system."""


def allocate(inp: KernelInputs, keep_log: bool) -> Workspace:
    """A fresh workspace for one run (plain numpy, no numba).

    With a log the visit table starts at the expected number of visits (``inp.capacity``); without one
    at room for the agents plus a queue of the same size. The event heap, which holds only the contacts
    in the system, and the free list of rows are sized as without a log either way (a log never recycles
    rows: its free list is empty). Each grows when full; the results do not depend on the sizes.
    """
    S = inp.staff.shape[0]
    NI = inp.n_intervals
    K = inp.rates.shape[1]
    n_slots = int(inp.cap.sum())
    scratch = max(_MIN_ROWS, 4 * n_slots)
    rows = int(inp.capacity) if keep_log else scratch
    heap = 2 * scratch + K + n_slots + 16
    stage_int = np.zeros((S, N_S), dtype=np.int64)
    stage_int[:, S_ABSENT_COUNT] = inp.cap
    state = np.zeros(N_K, dtype=np.int64)  # interval 0 is set up first (K_BOUNDARY = 0)
    absent = np.empty(n_slots, dtype=np.int64)
    for s in range(S):
        first = int(inp.agent_off[s])
        absent[first : first + int(inp.cap[s])] = np.arange(first + int(inp.cap[s]) - 1, first - 1, -1)
    return Workspace(
        vi=np.empty((rows, N_VI), dtype=np.int64),
        vf=np.empty((rows, N_VF), dtype=np.float64),
        free=np.empty(0 if keep_log else rows, dtype=np.int64),
        heap=np.zeros((heap, 3), dtype=np.float64),
        state=state,
        clock=np.zeros(1),
        counts=np.zeros((S, NI, K, N_C), dtype=np.int64),
        sums=np.zeros((S, NI, K, N_W), dtype=np.float64),
        integrals=np.zeros((S, NI, N_T), dtype=np.float64),
        journeys=np.zeros((NI, K, N_E), dtype=np.int64),
        journey_time=np.zeros((NI, K), dtype=np.float64),
        stage_int=stage_int,
        present_since=np.zeros(S, dtype=np.float64),
        queue_head=np.full((S, inp.n_prio), -1, dtype=np.int64),
        queue_tail=np.full((S, inp.n_prio), -1, dtype=np.int64),
        idle=np.empty(n_slots, dtype=np.int64),
        absent=absent,
        arrivals=np.full((K, 2), np.inf),
    )


_jit = nb.njit(cache=True, nogil=True, error_model="numpy")
_jit_inline = nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")

# The heap is one float array: row 0 holds (size, next sequence number, taken flag); rows 1..size hold
# (time, sequence number, payload) in binary-heap order (1-based). Sequence numbers and payloads are
# whole numbers below 2**53, exact in float64. One array rather than three: numba reference-counts every
# array passed to a helper, and this keeps the per-event overhead small.
#
# The event loop *takes* the root (:func:`heap_take`) instead of popping it: the root stays in place,
# flagged, and the event's first :func:`heap_push` overwrites it and sifts the new event down (one
# pass instead of a pop's sift-down and a push's sift-up); :func:`heap_settle` pops a taken root that
# no push replaced. Sequence numbers are given in the same order either way and (time, sequence) is
# unique, so the events come out in the same order as with a plain pop and push.
H_TIME = 0
H_SEQ = 1
H_PAYLOAD = 2
H_TAKEN = 2  # column of row 0: 1.0 while the root is taken and not yet replaced


@_jit_inline
def _sift_down(heap, i, n, t, s, x):
    """Place event (t, s, x) at hole i of the heap of n events, moving smaller children up."""
    while True:
        c = 2 * i
        if c > n:
            break
        tc = heap[c, H_TIME]
        if c + 1 <= n:
            t1 = heap[c + 1, H_TIME]
            if t1 < tc or (t1 == tc and heap[c + 1, H_SEQ] < heap[c, H_SEQ]):
                c += 1
                tc = t1
        if tc < t or (tc == t and heap[c, H_SEQ] < s):
            heap[i, H_TIME] = tc
            heap[i, H_SEQ] = heap[c, H_SEQ]
            heap[i, H_PAYLOAD] = heap[c, H_PAYLOAD]
            i = c
        else:
            break
    heap[i, H_TIME] = t
    heap[i, H_SEQ] = s
    heap[i, H_PAYLOAD] = x


@_jit_inline
def _sift_up(heap, i, t, s, x):
    """Place event (t, s, x) at hole i of the heap, moving larger parents down."""
    while i > 1:
        p = i >> 1
        if heap[p, H_TIME] < t or (heap[p, H_TIME] == t and heap[p, H_SEQ] < s):
            break
        heap[i, H_TIME] = heap[p, H_TIME]
        heap[i, H_SEQ] = heap[p, H_SEQ]
        heap[i, H_PAYLOAD] = heap[p, H_PAYLOAD]
        i = p
    heap[i, H_TIME] = t
    heap[i, H_SEQ] = s
    heap[i, H_PAYLOAD] = x


@_jit_inline
def heap_push(heap, t, x):
    """Schedule event payload x at time t (there is room: the loop checks first); returns its sequence."""
    seq = heap[0, H_SEQ]
    heap[0, H_SEQ] = seq + 1.0
    if heap[0, H_TAKEN] != 0.0:  # the root was taken: the new event takes its place
        heap[0, H_TAKEN] = 0.0
        _sift_down(heap, 1, int(heap[0, H_TIME]), t, seq, float(x))
        return int(seq)
    i = int(heap[0, H_TIME]) + 1
    heap[0, H_TIME] = i
    _sift_up(heap, i, t, seq, float(x))
    return int(seq)


@_jit_inline
def _schedule_arrival(arrivals, k, t, heap):
    """Class k's next external arrival at time t, with the heap's next sequence number (kept outside the
    heap: one per class, compared with the heap's root by (time, sequence) like any other event)."""
    seq = heap[0, H_SEQ]
    heap[0, H_SEQ] = seq + 1.0
    arrivals[k, 0] = t
    arrivals[k, 1] = seq


@_jit_inline
def _earliest(arrivals):
    """The class whose pending arrival comes first by (time, sequence) (any class when none is pending)."""
    m = 0
    for k in range(1, arrivals.shape[0]):
        if arrivals[k, 0] < arrivals[m, 0] or (arrivals[k, 0] == arrivals[m, 0] and arrivals[k, 1] < arrivals[m, 1]):
            m = k
    return m


@_jit_inline
def heap_take(heap):
    """Take the root (read row 1 first): it leaves the heap at the next push or :func:`heap_settle`."""
    heap[0, H_TAKEN] = 1.0


@_jit_inline
def heap_settle(heap):
    """Pop the root if it was taken and no push replaced it."""
    if heap[0, H_TAKEN] == 0.0:
        return
    heap[0, H_TAKEN] = 0.0
    n = int(heap[0, H_TIME])
    heap[0, H_TIME] = n - 1
    if n > 1:
        _sift_down(heap, 1, n - 1, heap[n, H_TIME], heap[n, H_SEQ], heap[n, H_PAYLOAD])


@_jit_inline
def draw(rng, d, table):
    """Sample distribution ``d`` of the packed table (seconds; see :meth:`DistTable.packed`).

    Exponential by inversion, −mean·ln(1 − U); lognormal as exp(μ + σZ) with Z by Box–Muller (cheaper to
    compile than the generator's ziggurat); empirical by picking one observation uniformly; ``never`` is
    +inf.
    """
    base = 5 * d
    kind = table[base]
    if kind == 0.0:
        return -table[base + 1] * math.log(1.0 - rng.random())
    if kind == 1.0:
        z = math.sqrt(-2.0 * math.log(1.0 - rng.random())) * math.cos(2.0 * math.pi * rng.random())
        return math.exp(table[base + 1] + table[base + 2] * z)
    if kind == 2.0:
        n = int(table[base + 4])
        i = int(rng.random() * n)
        if i >= n:
            i = n - 1
        return table[int(table[base + 3]) + i]
    if kind == 3.0:
        return table[base + 1]
    return np.inf


@_jit
def _interval_of(t, L, NI):
    """Index of the interval containing time t (guarded against rounding at boundaries)."""
    i = int(t / L)
    if i >= NI:
        i = NI - 1
    while i > 0 and i * L > t:
        i -= 1
    while i < NI - 1 and (i + 1) * L <= t:
        i += 1
    return i


@_jit_inline
def _interval_near(t, L, NI, hint):
    """:func:`_interval_of` of t, checking first whether t lies in interval ``hint`` (0 <= hint < NI),
    as it mostly does for the current interval or a visit's interval of arrival: no division then."""
    if hint * L <= t and (hint >= NI - 1 or (hint + 1) * L > t):
        return hint
    return _interval_of(t, L, NI)


@_jit_inline
def _spread(acc_t, s, col, t0, t1, weight, L, warmup, arrive, hint):
    """Add ``weight`` × the span [t0, t1] (after the warm-up) to column ``col`` of stage s's intervals.

    For a wait (``col == T_QUEUE``) that began at ``arrive`` also add ∫ (t − arrive) dt and the age
    reached at the end of each interval's piece. ``hint`` is an interval that likely holds t0
    (:func:`_interval_near`).
    """
    if t0 < warmup:
        t0 = warmup
    if t1 <= t0:
        return
    NI = acc_t.shape[1]
    i = _interval_near(t0, L, NI, hint)
    x = t0
    while True:
        y = t1
        if i < NI - 1 and (i + 1) * L < t1:
            y = (i + 1) * L
        acc_t[s, i, col] += weight * (y - x)
        if col == T_QUEUE:
            acc_t[s, i, T_AGE] += (y - x) * (0.5 * (x + y) - arrive)
            if y - arrive > acc_t[s, i, T_MAX_AGE]:
                acc_t[s, i, T_MAX_AGE] = y - arrive
        if y >= t1:
            break
        x = y
        i += 1


@_jit_inline
def _ring(j, n):
    """j mod n for 0 <= j < 2n (a ring buffer's slot; no integer division)."""
    return j - n if j >= n else j


@_jit_inline
def _present(acc_t, si, since, s, t, L, warmup):
    """Integrate stage s's present agents (idle + busy) from ``since[s]`` to t; call before it changes."""
    n = si[s, S_IDLE_COUNT] + si[s, S_BUSY]
    if n > 0:
        _spread(acc_t, s, np.int64(T_PRESENT), since[s], t, float(n), L, warmup, 0.0, 0)
    since[s] = t


@_jit
def _abandon(w, t, inp, rng, work, vi, vf):
    """Waiting visit w abandons at time t; returns True if the customer will retry (after a delay).

    (A separate function: abandonments are a minority of events, and keeping this out of the event
    loop keeps the loop small to compile.)
    """
    L = inp.interval
    warmup = inp.warmup
    acc_c = work.counts
    acc_w = work.sums
    acc_j = work.journeys
    acc_jt = work.journey_time
    s = vi[w, VI_STAGE]
    k = vi[w, VI_CLASS]
    vi[w, VI_STATUS] = ST_ABANDONED
    vi[w, VI_ABSEQ] = -1
    vf[w, VF_END] = t
    work.stage_int[s, S_QUEUE] -= 1
    _spread(
        work.integrals, s, np.int64(T_QUEUE), vf[w, VF_ARRIVE], t, 1.0, L, warmup, vf[w, VF_ARRIVE], vi[w, VI_INTERVAL]
    )
    counted = vf[w, VF_ARRIVE] >= warmup
    ii = vi[w, VI_INTERVAL]
    if counted:
        acc_c[s, ii, k, C_ABANDONED] += 1
        acc_w[s, ii, k, W_ABANDONED] += t - vf[w, VF_ARRIVE]
    journey = vf[w, VF_ORIGIN] >= warmup
    ji = _interval_of(vf[w, VF_ORIGIN], L, acc_jt.shape[0])
    p = inp.retry_p[k, s]
    if p > 0.0 and rng.random() < p:
        vi[w, VI_ROUTE] = RT_RETRY
        vi[w, VI_NEXT] = s
        if counted:
            acc_c[s, ii, k, C_RETRY] += 1
        return True
    # the customer gives up for good (a redial is not giving up): counted once per journey
    if journey and vi[w, VI_GAVE_UP] == 0:
        acc_j[ji, k, E_GAVE_UP] += 1
    vi[w, VI_GAVE_UP] = 1
    return False


@_jit_inline
def _when_open(te, stage, staff, L, horizon):
    """Time a delayed contact (repeat, follow-up, retry) enters ``stage``: ``te``, or the start of the
    stage's next staffed interval when none of its staff are on duty at ``te`` (customers call back,
    and follow-ups are made, in opening hours); ``horizon`` when it does not open again in time."""
    NI = staff.shape[1]
    i = int(te // L)
    if i >= NI or staff[stage, i] > 0:
        return te
    for j in range(i + 1, NI):
        if staff[stage, j] > 0:
            return np.nextafter(j * L, np.inf)  # just after the boundary, which staffs the stage
    return horizon


@_jit
def _start_interval(
    i, t, staff, cap, off, rates, horizon, L, warmup, rng, heap, si, since, acc_t, idle, absent, arrivals
):
    """At time t interval i starts: staff moves to its figure, arrivals and the next boundary are scheduled.

    (A separate function: it runs once per interval, and keeping it out of the event loop keeps the
    loop small to compile.)
    """
    S = si.shape[0]
    for s in range(S):
        _present(acc_t, si, since, s, t, L, warmup)
    for s in range(S):
        target_n = staff[s, i]
        on = si[s, S_IDLE_COUNT] + si[s, S_BUSY] - si[s, S_PENDING_LEAVE]
        if target_n < on:
            excess = on - target_n
            while excess > 0 and si[s, S_IDLE_COUNT] > 0:  # idle agents leave at once, longest idle first
                a = idle[off[s] + si[s, S_IDLE_HEAD]]
                si[s, S_IDLE_HEAD] = 0 if si[s, S_IDLE_HEAD] + 1 == cap[s] else si[s, S_IDLE_HEAD] + 1
                si[s, S_IDLE_COUNT] -= 1
                absent[off[s] + si[s, S_ABSENT_COUNT]] = a
                si[s, S_ABSENT_COUNT] += 1
                excess -= 1
            si[s, S_PENDING_LEAVE] += excess  # busy agents leave when they finish
        elif target_n > on:
            add = target_n - on
            keep = add if add < si[s, S_PENDING_LEAVE] else si[s, S_PENDING_LEAVE]
            si[s, S_PENDING_LEAVE] -= keep  # cancel pending departures first
            for _ in range(add - keep):  # then absent agents join (idle; the dispatcher gives them work)
                si[s, S_ABSENT_COUNT] -= 1
                a = absent[off[s] + si[s, S_ABSENT_COUNT]]
                idle[off[s] + _ring(si[s, S_IDLE_HEAD] + si[s, S_IDLE_COUNT], cap[s])] = a
                si[s, S_IDLE_COUNT] += 1
    end_i = (i + 1) * L
    if end_i > horizon:
        end_i = horizon
    for k in range(rates.shape[1]):
        r = rates[i, k]
        if r > 0.0:
            ta = t - math.log(1.0 - rng.random()) / r
            if ta < end_i:
                _schedule_arrival(arrivals, k, ta, heap)
    if (i + 1) * L < horizon:
        heap_push(heap, (i + 1) * L, (i + 1) * 8 + EV_BOUNDARY)


@_jit
def _close(inp, work, vi, vf, rows):
    """At the horizon: close the time integrals and count the contacts still in the system."""
    horizon = inp.horizon
    L = inp.interval
    warmup = inp.warmup
    si = work.stage_int
    acc_t = work.integrals
    acc_c = work.counts
    acc_w = work.sums
    for s in range(si.shape[0]):
        _present(acc_t, si, work.present_since, s, horizon, L, warmup)
    for v in range(rows):
        st = vi[v, VI_STATUS]
        if st != ST_WAITING and st != ST_IN_SERVICE:
            continue
        s = vi[v, VI_STAGE]
        if st == ST_WAITING:
            _spread(
                acc_t,
                s,
                np.int64(T_QUEUE),
                vf[v, VF_ARRIVE],
                horizon,
                1.0,
                L,
                warmup,
                vf[v, VF_ARRIVE],
                vi[v, VI_INTERVAL],
            )
        else:
            _spread(acc_t, s, np.int64(T_BUSY), vf[v, VF_START], horizon, 1.0, L, warmup, 0.0, vi[v, VI_INTERVAL])
        if vf[v, VF_ARRIVE] >= warmup:
            k = vi[v, VI_CLASS]
            ii = vi[v, VI_INTERVAL]
            if st == ST_WAITING:
                acc_c[s, ii, k, C_WAITING_END] += 1
                acc_w[s, ii, k, W_CENSORED] += horizon - vf[v, VF_ARRIVE]
                if horizon - vf[v, VF_ARRIVE] < inp.target[s]:
                    acc_c[s, ii, k, C_UNDECIDED] += 1
            else:
                acc_c[s, ii, k, C_IN_SERVICE_END] += 1


def simulate_once(inp: KernelInputs, rng: np.random.Generator, work: Workspace, keep_log: bool):
    """Run one replication in the fresh workspace ``work`` (see :func:`allocate`).

    Returns ``(rows, vi, vf)``: the visit table (grown if it filled up; ``rows`` used). With
    ``keep_log`` every visit keeps its row, in creation order; without, rows of finished visits are
    reused and the table is scratch. The accumulators are left in ``work.counts``, ``work.sums`` and
    ``work.integrals``. When the compiled event loop stops because the heap or the visit table is full,
    they are grown here (plain numpy: a handful of times per run at most) and the loop resumes.
    """
    vi, vf, free, heap = work.vi, work.vf, work.free, work.heap
    while True:
        need = _event_loop(inp, rng, not keep_log, work, vi, vf, free, heap)
        if need == NEED_NOTHING:
            return int(work.state[K_ROWS]), vi, vf
        vi, vf, free, heap = grown(need, vi, vf, free, heap)


def grown(need: int, vi: np.ndarray, vf: np.ndarray, free: np.ndarray, heap: np.ndarray) -> tuple[np.ndarray, ...]:
    """The visit table (``vi``, ``vf``, ``free``) or the heap doubled, as the event loop's ``need`` asks
    (:data:`NEED_ROWS`, :data:`NEED_HEAP`): plain numpy, a handful of times per run at most."""
    if need == NEED_HEAP:
        heap = np.concatenate([heap, np.zeros_like(heap)])
    elif need == NEED_ROWS:
        vi = np.concatenate([vi, np.empty_like(vi)])
        vf = np.concatenate([vf, np.empty_like(vf)])
        free = np.concatenate([free, np.empty_like(free)])
    return vi, vf, free, heap


@_jit
def _event_loop(inp, rng, recycle, work, vi, vf, free, heap):
    """Process events until the horizon (returns NEED_NOTHING) or until a table must grow.

    Scalar state lives in ``work.state`` and ``work.clock`` between calls, so the loop resumes exactly.
    """
    horizon = inp.horizon
    L = inp.interval
    warmup = inp.warmup
    rates = inp.rates
    K = rates.shape[1]
    S = inp.staff.shape[0]
    n_prio = inp.n_prio
    cap = inp.cap
    off = inp.agent_off
    deferred = inp.deferred
    target = inp.target
    resolution_target = inp.resolution_target
    svc = inp.svc
    svc_scale = inp.svc_scale
    pat = inp.pat
    entry = inp.entry
    prio = inp.prio
    staff = inp.staff
    has_route = inp.has_route
    route_cum = inp.route_cum
    rep_stage = inp.rep_stage
    rep_delay = inp.rep_delay
    fu_delay = inp.fu_delay
    retry_delay = inp.retry_delay
    dists = inp.dists

    ctr = work.state
    clock = work.clock
    acc_c = work.counts
    acc_w = work.sums
    acc_t = work.integrals
    acc_j = work.journeys
    acc_jt = work.journey_time
    NI = acc_t.shape[1]
    si = work.stage_int
    since = work.present_since
    qh = work.queue_head
    qt = work.queue_tail
    idle = work.idle
    absent = work.absent
    arrivals = work.arrivals
    ka = _earliest(arrivals)  # the class whose external arrival comes first
    n_slots = idle.shape[0]

    n_contacts = ctr[K_CONTACTS]
    n_customers = ctr[K_CUSTOMERS]
    cur = ctr[K_CUR]  # current interval
    boundary = ctr[K_BOUNDARY]  # interval to set up next, -1 if none (0 at the start)
    t = clock[0]
    while True:
        heap_settle(heap)  # the previous event's root, if no push replaced it
        # ---- room: an event creates at most 2 visits and schedules at most n_slots + K + 4 events ----
        need = NEED_NOTHING
        if heap[0, H_TIME] + n_slots + K + 8 > heap.shape[0]:
            need = NEED_HEAP
        elif ctr[K_ROWS] + 2 > vi.shape[0] and (not recycle or ctr[K_FREE] < 2):
            need = NEED_ROWS
        if need != NEED_NOTHING:
            ctr[K_CONTACTS] = n_contacts
            ctr[K_CUSTOMERS] = n_customers
            ctr[K_CUR] = cur
            ctr[K_BOUNDARY] = boundary
            clock[0] = t
            return need

        arriving = -1  # a visit that arrives at a stage in this event
        pend_stage = -1  # a delayed entry scheduled by this event: stage, delay distribution, ...
        pend_delay = 0
        pend_noab = 0
        pend_parent = -1
        pend_k = 0
        finished = -1  # a visit whose service ended in this event
        lo = 0  # stages lo..hi-1 (and `also`) may now have idle agents and waiting contacts
        hi = 0
        also = -1

        if boundary >= 0:
            # ---- start of interval `boundary` at time t: staff, arrivals, next boundary ----
            cur = boundary
            boundary = -1
            _start_interval(
                cur, t, staff, cap, off, rates, horizon, L, warmup, rng, heap, si, since, acc_t, idle, absent, arrivals
            )
            ka = _earliest(arrivals)
            hi = S
        else:
            # the next event: class ka's arrival or the heap's root, whichever has the smaller (time, sequence)
            ta = arrivals[ka, 0]
            if heap[0, H_TIME] > 0.0 and (
                heap[1, H_TIME] < ta or (heap[1, H_TIME] == ta and heap[1, H_SEQ] < arrivals[ka, 1])
            ):
                t = heap[1, H_TIME]
                if t >= horizon:
                    break
                x = int(heap[1, H_PAYLOAD])
                ev_seq = int(heap[1, H_SEQ])
                heap_take(heap)
                typ = x & 7
                arg = x >> 3
            else:
                if ta >= horizon:  # also when no arrival is pending (inf) and the heap is empty
                    break
                t = ta
                typ = EV_ARRIVAL
                arg = ka
                ev_seq = -1

            if typ == EV_BOUNDARY:
                boundary = arg
                continue
            elif typ == EV_ARRIVAL:
                k = arg
                end_i = (cur + 1) * L
                if end_i > horizon:
                    end_i = horizon
                ta = t - math.log(1.0 - rng.random()) / rates[cur, k]
                if ta < end_i:
                    _schedule_arrival(arrivals, k, ta, heap)
                else:
                    arrivals[k, 0] = np.inf
                ka = _earliest(arrivals)
                if recycle and ctr[K_FREE] > 0:  # a row from the free list, else a new one
                    ctr[K_FREE] -= 1
                    v = free[ctr[K_FREE]]
                else:
                    v = ctr[K_ROWS]
                    ctr[K_ROWS] += 1
                vi[v, VI_CONTACT] = n_contacts
                vi[v, VI_CUSTOMER] = n_customers
                n_contacts += 1
                n_customers += 1
                vi[v, VI_CLASS] = k
                vi[v, VI_STAGE] = entry[k]
                vi[v, VI_PARENT] = -1
                vi[v, VI_NOABANDON] = 0
                vi[v, VI_GAVE_UP] = 0
                vf[v, VF_ORIGIN] = t
                if t >= warmup:
                    acc_j[cur, k, E_CUSTOMERS] += 1
                arriving = v
            elif typ == EV_ENTRY:
                arriving = arg
            elif typ == EV_ABANDON:
                w = arg
                if vi[w, VI_STATUS] != ST_WAITING or vi[w, VI_ABSEQ] != ev_seq:
                    continue  # answered before its patience ran out: a stale event
                if _abandon(w, t, inp, rng, work, vi, vf):  # retries after a delay
                    pend_stage = vi[w, VI_STAGE]
                    pend_k = vi[w, VI_CLASS]
                    pend_delay = retry_delay[pend_k, pend_stage]
                    pend_parent = w
                # the row stays linked in its queue until the dispatcher unlinks and releases it
            else:  # EV_END
                w = arg
                s = vi[w, VI_STAGE]
                k = vi[w, VI_CLASS]
                vi[w, VI_STATUS] = ST_SERVED
                vf[w, VF_END] = t
                _spread(acc_t, s, np.int64(T_BUSY), vf[w, VF_START], t, 1.0, L, warmup, 0.0, cur)
                counted = vf[w, VF_ARRIVE] >= warmup
                ii = vi[w, VI_INTERVAL]
                if counted:
                    acc_c[s, ii, k, C_SERVED] += 1
                    acc_w[s, ii, k, W_SERVICE] += t - vf[w, VF_START]
                # the agent leaves (shift over) or becomes idle (longest idle first takes the next)
                a = off[s] + vi[w, VI_AGENT]
                if si[s, S_PENDING_LEAVE] > 0:
                    _present(acc_t, si, since, s, t, L, warmup)
                    si[s, S_BUSY] -= 1
                    si[s, S_PENDING_LEAVE] -= 1
                    absent[off[s] + si[s, S_ABSENT_COUNT]] = a
                    si[s, S_ABSENT_COUNT] += 1
                else:
                    si[s, S_BUSY] -= 1
                    idle[off[s] + _ring(si[s, S_IDLE_HEAD] + si[s, S_IDLE_COUNT], cap[s])] = a
                    si[s, S_IDLE_COUNT] += 1
                    lo = s
                    hi = s + 1
                # routing of the finished visit: one uniform picks transfer to j (j < S), repeat (j = S),
                # follow-up at stage j - S - 1 (S < j <= 2S) or resolution (j = 2S + 1)
                j = 2 * S + 1
                if has_route[k, s]:
                    u01 = rng.random()
                    j = 0
                    while j < 2 * S + 1 and u01 >= route_cum[k, s, j]:
                        j += 1
                if j < S:
                    vi[w, VI_ROUTE] = RT_TRANSFER
                    vi[w, VI_NEXT] = j
                    if counted:
                        acc_c[s, ii, k, C_TRANSFER] += 1
                    if recycle and ctr[K_FREE] > 0:  # a row from the free list, else a new one
                        ctr[K_FREE] -= 1
                        v = free[ctr[K_FREE]]
                    else:
                        v = ctr[K_ROWS]
                        ctr[K_ROWS] += 1
                    vi[v, VI_CONTACT] = vi[w, VI_CONTACT]
                    vi[v, VI_CUSTOMER] = vi[w, VI_CUSTOMER]
                    vi[v, VI_CLASS] = k
                    vi[v, VI_STAGE] = j
                    vi[v, VI_PARENT] = w
                    vi[v, VI_NOABANDON] = 0
                    vi[v, VI_GAVE_UP] = vi[w, VI_GAVE_UP]
                    vf[v, VF_ORIGIN] = vf[w, VF_ORIGIN]
                    arriving = v
                elif j == S:
                    vi[w, VI_ROUTE] = RT_REPEAT
                    vi[w, VI_NEXT] = rep_stage[k, s]
                    if counted:
                        acc_c[s, ii, k, C_REPEAT] += 1
                    pend_stage = rep_stage[k, s]
                    pend_delay = rep_delay[k, s]
                    pend_parent = w
                    pend_k = k
                elif j <= 2 * S:
                    vi[w, VI_ROUTE] = RT_FOLLOWUP
                    vi[w, VI_NEXT] = j - S - 1
                    if counted:
                        acc_c[s, ii, k, C_FOLLOWUP] += 1
                    pend_stage = j - S - 1
                    pend_delay = fu_delay[k, s]
                    pend_noab = 1
                    pend_parent = w
                    pend_k = k
                else:
                    vi[w, VI_ROUTE] = RT_RESOLVED
                    vi[w, VI_NEXT] = -1
                    if counted:
                        acc_c[s, ii, k, C_RESOLVED] += 1
                    if vf[w, VF_ORIGIN] >= warmup:
                        ji = _interval_near(vf[w, VF_ORIGIN], L, NI, cur)
                        acc_j[ji, k, E_RESOLVED] += 1
                        acc_jt[ji, k] += t - vf[w, VF_ORIGIN]
                        if t - vf[w, VF_ORIGIN] <= resolution_target:
                            acc_j[ji, k, E_WITHIN_TARGET] += 1
                        if vi[w, VI_PARENT] == -1:
                            acc_j[ji, k, E_FIRST_RESOLVED] += 1
                finished = w

        # ---- a delayed entry: a new contact of the same customer, later ----
        if pend_stage >= 0:
            te = _when_open(t + draw(rng, pend_delay, dists), pend_stage, staff, L, horizon)
            if te < horizon:
                if recycle and ctr[K_FREE] > 0:  # a row from the free list, else a new one
                    ctr[K_FREE] -= 1
                    u = free[ctr[K_FREE]]
                else:
                    u = ctr[K_ROWS]
                    ctr[K_ROWS] += 1
                w = pend_parent
                vi[u, VI_CONTACT] = n_contacts
                n_contacts += 1
                vi[u, VI_CUSTOMER] = vi[w, VI_CUSTOMER]
                vi[u, VI_CLASS] = pend_k
                vi[u, VI_STAGE] = pend_stage
                vi[u, VI_PARENT] = w
                vi[u, VI_NOABANDON] = pend_noab
                vi[u, VI_STATUS] = ST_PENDING
                vi[u, VI_GAVE_UP] = vi[w, VI_GAVE_UP]
                vf[u, VF_ARRIVE] = te
                vf[u, VF_ORIGIN] = vf[w, VF_ORIGIN]
                heap_push(heap, te, u * 8 + EV_ENTRY)
        if finished >= 0 and recycle:  # release the row
            vi[finished, VI_STATUS] = ST_FREE
            free[ctr[K_FREE]] = finished
            ctr[K_FREE] += 1

        # ---- a visit arrives at its stage: count it and queue it ----
        if arriving >= 0:
            v = arriving
            s = vi[v, VI_STAGE]
            k = vi[v, VI_CLASS]
            vi[v, VI_INTERVAL] = cur
            vi[v, VI_AGENT] = -1
            vi[v, VI_ROUTE] = RT_NONE
            vi[v, VI_NEXT] = -1
            vi[v, VI_QNEXT] = -1
            vi[v, VI_ABSEQ] = -1
            vi[v, VI_STATUS] = ST_WAITING
            vf[v, VF_ARRIVE] = t
            vf[v, VF_START] = np.nan
            vf[v, VF_END] = np.nan
            if deferred[s] or vi[v, VI_NOABANDON] == 1:
                vf[v, VF_PATIENCE] = np.inf
            else:
                vf[v, VF_PATIENCE] = t + draw(rng, pat[s, k], dists)
            if t >= warmup:
                acc_c[s, cur, k, C_ARRIVALS] += 1
            p = prio[k]
            if qt[s, p] < 0:
                qh[s, p] = v
            else:
                vi[qt[s, p], VI_QNEXT] = v
            qt[s, p] = v
            si[s, S_QUEUE] += 1
            if hi > lo:
                also = s
            else:
                lo = s
                hi = s + 1

        # ---- dispatch: idle agents (longest idle first) take waiting contacts (priority, then FIFO) ----
        for s_ in range(lo, hi + (1 if also >= 0 else 0)):
            s = s_ if s_ < hi else also
            while si[s, S_IDLE_COUNT] > 0 and si[s, S_QUEUE] > 0:
                w = -1
                for p in range(n_prio):
                    h = qh[s, p]
                    while h >= 0 and vi[h, VI_STATUS] != ST_WAITING:
                        dead = h  # an abandoned visit still linked: unlink and release it
                        h = vi[h, VI_QNEXT]
                        if recycle:  # release the row
                            vi[dead, VI_STATUS] = ST_FREE
                            free[ctr[K_FREE]] = dead
                            ctr[K_FREE] += 1
                    qh[s, p] = h
                    if h < 0:
                        qt[s, p] = -1
                        continue
                    qh[s, p] = vi[h, VI_QNEXT]
                    if qh[s, p] < 0:
                        qt[s, p] = -1
                    w = h
                    break
                a = idle[off[s] + si[s, S_IDLE_HEAD]]
                si[s, S_IDLE_HEAD] = 0 if si[s, S_IDLE_HEAD] + 1 == cap[s] else si[s, S_IDLE_HEAD] + 1
                si[s, S_IDLE_COUNT] -= 1
                si[s, S_QUEUE] -= 1
                si[s, S_BUSY] += 1
                k = vi[w, VI_CLASS]
                vi[w, VI_STATUS] = ST_IN_SERVICE
                vi[w, VI_AGENT] = a - off[s]
                vf[w, VF_START] = t
                end = t + draw(rng, svc[s, k], dists) * svc_scale[s, cur]
                if end < horizon:
                    heap_push(heap, end, w * 8 + EV_END)
                wt = t - vf[w, VF_ARRIVE]
                if wt > 0.0:
                    _spread(
                        acc_t,
                        s,
                        np.int64(T_QUEUE),
                        vf[w, VF_ARRIVE],
                        t,
                        1.0,
                        L,
                        warmup,
                        vf[w, VF_ARRIVE],
                        vi[w, VI_INTERVAL],
                    )
                if vi[w, VI_PARENT] == -1 and vf[w, VF_ORIGIN] >= warmup:
                    acc_j[vi[w, VI_INTERVAL], k, E_FIRST_ANSWERED] += 1
                if vf[w, VF_ARRIVE] >= warmup:
                    ii = vi[w, VI_INTERVAL]
                    acc_c[s, ii, k, C_ANSWERED] += 1
                    acc_w[s, ii, k, W_ANSWERED] += wt
                    if wt <= target[s]:
                        acc_c[s, ii, k, C_WITHIN_TARGET] += 1
                    if wt == 0.0:
                        acc_c[s, ii, k, C_IMMEDIATE] += 1

        # ---- the arriving visit waits: schedule its abandonment ----
        if arriving >= 0 and vi[arriving, VI_STATUS] == ST_WAITING and vf[arriving, VF_PATIENCE] < horizon:
            vi[arriving, VI_ABSEQ] = heap_push(heap, vf[arriving, VF_PATIENCE], arriving * 8 + EV_ABANDON)

    _close(inp, work, vi, vf, ctr[K_ROWS])
    ctr[K_BOUNDARY] = -1
    clock[0] = horizon
    return NEED_NOTHING
