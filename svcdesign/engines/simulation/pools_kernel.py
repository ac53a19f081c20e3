"""The discrete-event kernel for multi-skill agent pools (numba), beside the single-skill :mod:`.kernel`.

One call of :func:`simulate_pooled` runs one replication of a network whose stages are served by agent
groups (:class:`.pools.AgentPools`). It reuses the single-skill kernel's heap, draws, interval lookups,
time integrals, abandonment and closing helpers, and fills the same accumulators (counts, sums, time
integrals, journeys), so the rest of the pipeline (:mod:`.aggregate`) reads them unchanged; it adds
tallies per group. A single-skill stage of the network (its own ``staff`` row) is run as a group of its
own that serves only that stage, at speed 1, which is exactly the single-skill routing.

Routing
-------
An arriving contact of stage s goes to the first group of its preference order that may take it now
(its overflow delay from the arrival has passed) and has an agent who may take it; else it waits in the
stage's queue (one FIFO list per class priority). When the overflow delay to a further group passes (an
``OVERFLOW`` event, lazily deleted when the contact was answered meanwhile), that group may take it too
and the contact is offered again. An agent of group g who becomes free (a service ends, or the agent
joins at an interval boundary) takes, among waiting contacts it may serve now, the one of the stage that
comes first in g's order (``group_order``), within a stage the head of the highest class-priority queue
whose head g may take (FIFO within a priority). Which idle agent takes an arriving contact: the longest
idle. With no overflow delays, reserves, concurrency, blending or callbacks this is exactly the routing
of :func:`svcdesign.formulas.queueing.markov.multiskill_metrics`.

- Reserve (trunk reservation): an idle agent of g takes a contact of stage s only while more of g's
  agents are idle (the agent itself counted) than the largest ``reserve`` of g for any other stage. An
  agent already holding chats who takes one more changes no idle count and is not held back.
- Blending: an idle agent of g starts a deferred stage's contact only while more than
  ``blend_idle_above[g]`` of g's agents are idle, itself counted (Bhulai & Koole 2003, as in
  :mod:`svcdesign.formulas.queueing.markov.blend`).
- Concurrency: an agent of a group whose limit is above 1 holds up to that many contacts of chat stages
  (``concurrent``); holding j, each progresses at 1 / ``slowdown[j − 1]`` of its speed alone. Each
  chat keeps its remaining work (seconds at speed 1); when j changes the agent's chats are brought up to
  date and their ends recomputed. The agent has one end event, ``CHAT_END``, at the first of its chats'
  ends (the chat in the lowest slot on a tie), rescheduled at each change (the old one is lazily
  deleted: the agent remembers the sequence number of its live one). The events come out in the order
  that one event per chat, all rescheduled in slot order at each change, would give, with fewer events
  in the heap. A chat goes to an idle agent (longest idle) if one may take it,
  else to the least-loaded agent holding chats with a free slot (lowest index on ties), so new chats
  spread evenly. By default a chat stays with its agent; with ``rebalance`` an agent left with nothing
  waiting for it after a chat ends takes over one chat (with its remaining work) from the group's most
  loaded agent when that one holds at least two more — the even spread at all times that the exact chat
  chain of :mod:`svcdesign.formulas.queueing.markov.chat` assumes (a modelling choice for comparison with
  it; routers rarely move a chat). An agent holding a non-chat contact holds nothing else; one holding
  chats takes no non-chat contact.
- Callbacks: a contact that must wait on arrival is offered a callback when its expected wait exceeds
  ``callback_offer_above[s]`` and the groups that serve it stay on duty until the expected call back
  (no call back is promised after closing), and accepts with probability ``callback_accept[s]``: it keeps its
  place and never abandons. The expected wait is the queue-length predictor of Whitt (1999), "Predicting queueing
  delays", Management Science 45(6):870–888: (contacts of the stage waiting ahead + 1) × the stage's
  mean handle time for the contact's class at its first group / agents on duty in the groups offered
  the stage (a modelling choice: it ignores abandonment ahead and the groups' other work).

Shift changes
-------------
At each interval boundary each group moves to its staff figure. When it drops, idle agents leave at
once (longest idle first); then busy agents holding a non-chat contact finish it and leave (the first to
finish leave); then agents holding chats (fewest chats first) finish all of them, taking no new ones,
and leave. When it rises, pending departures are cancelled first (non-chat, then chat), then absent
agents join and take waiting contacts at once.

Statistics
----------
As the single-skill kernel (by the interval of arrival at the stage, time integrals by the interval in
which time elapsed, after the warm-up), with ``T_BUSY`` of a stage the contact-seconds in service there
(agent-seconds for non-chat work) and ``T_PRESENT`` of a stage left to the caller (agents belong to
groups). Per group and interval: ∫ agents present, ∫ busy agents (holding at least one contact) and
∫ contacts held (agent- and contact-seconds); answered contacts per (stage, group) and callbacks offered
and accepted per stage, by the interval of arrival at the stage.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from .kernel import (
    _MIN_ROWS,
    C_ANSWERED,
    C_ARRIVALS,
    C_FOLLOWUP,
    C_IMMEDIATE,
    C_REPEAT,
    C_RESOLVED,
    C_SERVED,
    C_TRANSFER,
    C_WITHIN_TARGET,
    E_CUSTOMERS,
    E_FIRST_ANSWERED,
    E_FIRST_RESOLVED,
    E_RESOLVED,
    E_WITHIN_TARGET,
    EV_ABANDON,
    EV_ARRIVAL,
    EV_BOUNDARY,
    EV_END,
    EV_ENTRY,
    H_PAYLOAD,
    H_SEQ,
    H_TIME,
    K_BOUNDARY,
    K_CONTACTS,
    K_CUR,
    K_CUSTOMERS,
    K_FREE,
    K_ROWS,
    N_C,
    N_E,
    N_K,
    N_S,
    N_T,
    N_VF,
    N_VI,
    N_W,
    NEED_HEAP,
    NEED_NOTHING,
    NEED_ROWS,
    RT_FOLLOWUP,
    RT_NONE,
    RT_REPEAT,
    RT_RESOLVED,
    RT_TRANSFER,
    S_QUEUE,
    ST_FREE,
    ST_IN_SERVICE,
    ST_PENDING,
    ST_SERVED,
    ST_WAITING,
    T_BUSY,
    T_PRESENT,
    T_QUEUE,
    VF_ARRIVE,
    VF_END,
    VF_ORIGIN,
    VF_PATIENCE,
    VF_START,
    VI_ABSEQ,
    VI_AGENT,
    VI_CLASS,
    VI_CONTACT,
    VI_CUSTOMER,
    VI_GAVE_UP,
    VI_INTERVAL,
    VI_NEXT,
    VI_NOABANDON,
    VI_PARENT,
    VI_QNEXT,
    VI_ROUTE,
    VI_STAGE,
    VI_STATUS,
    W_ANSWERED,
    W_SERVICE,
    _abandon,
    _close,
    _earliest,
    _interval_near,
    _jit,
    _jit_inline,
    _ring,
    _schedule_arrival,
    _spread,
    _when_open,
    draw,
    grown,
    heap_push,
    heap_settle,
    heap_take,
)
from .pools import (
    GP_BLEND,
    GP_CAP,
    GP_LIMIT,
    GP_OFF,
    MAX_CONCURRENCY,
    SF_CB_ACCEPT,
    SF_CB_OFFER,
    SF_CONCURRENT,
    SG_DELAY,
    SG_PREF,
    SG_RANK_DELAY,
    SG_RESERVE,
    SG_SPEED,
)

EV_OVERFLOW = 5
"""A waiting contact's overflow delay to a further group has passed (payload: row × 8 + type)."""
EV_CHAT_END = 6
"""The first of an agent's chats to end, at its current pace (payload: agent × 8 + type)."""

# ---- visit table columns beyond the single-skill kernel's ------------------------------------------------
VI_OVSEQ = N_VI  # sequence number of the live OVERFLOW event, -1 if none
VI_GROUP = N_VI + 1  # the serving group, -1 if none
VI_GAGENT = N_VI + 2  # the serving agent (index over all groups' slots), -1 if none
VI_LINKED = N_VI + 3  # 1 while the row is linked in its stage's queue
PN_VI = N_VI + 4
VF_WORK = N_VF  # chats: remaining work at speed 1 (s)
VF_LAST = N_VF + 1  # chats: time at which VF_WORK was last brought up to date (s)
VF_DUE = N_VF + 2  # chats: end at the current pace (s)
PN_VF = N_VF + 3

# ---- per group × interval time integrals (columns chosen to match the stage integrals' meaning) ----------
G_BUSY = T_BUSY  # ∫ agents holding at least one contact dt (agent-seconds)
G_PRESENT = T_PRESENT  # ∫ agents present dt, leavers finishing their contacts included (agent-seconds)
G_HELD = 3  # ∫ contacts held dt (contact-seconds)
N_G = 4

# ---- integer group state -----------------------------------------------------------------------------------
GS_IDLE_HEAD = 0
GS_IDLE_COUNT = 1
GS_ABSENT_COUNT = 2
GS_PENDING = 3  # agents holding a non-chat contact who leave when they finish (any who finish first)
GS_FLAGGED = 4  # agents holding chats marked to leave when their last chat ends
GS_BUSY = 5  # agents holding at least one contact (leavers included)
GS_HELD = 6  # contacts held
GS_CHATTERS = 7  # agents holding chats
N_GS = 8

# ---- agent table columns ---------------------------------------------------------------------------------
AG_LOAD = 0  # contacts the agent holds
AG_CHATS = 1  # 1 while the agent holds chats
AG_LEAVING = 2  # 1 for an agent holding chats who leaves after the last
AG_GROUP = 3  # the agent's group
AG_ENDSEQ = 4  # sequence number of the agent's live EV_CHAT_END event, -1 if none
AG_SLOTS = 5  # AG_SLOTS + j: the row of the agent's j-th chat
N_AG = AG_SLOTS + MAX_CONCURRENCY

# ---- callbacks columns -----------------------------------------------------------------------------------
CB_OFFERED = 0
CB_ACCEPTED = 1
N_CB = 2

PoolWork = namedtuple(
    "PoolWork",
    [
        "state",  # [N_K] int: scalar state (as the single-skill kernel's)
        "clock",  # [1] float
        "counts",  # [S, NI, K, N_C] int
        "sums",  # [S, NI, K, N_W] float (s)
        "integrals",  # [S, NI, N_T] float
        "journeys",  # [NI, K, N_E] int
        "journey_time",  # [NI, K] float (s)
        "stage_int",  # [S, N_S] int: only S_QUEUE is used (agents belong to groups)
        "present_since",  # [S] float: unused (zeros; read by the shared closing helper)
        "queue_head",  # [S, P] int
        "queue_tail",  # [S, P] int
        "arrivals",  # [K, 2] float
        "group_state",  # [Gt, N_GS] int
        "group_since",  # [Gt] float: time from which the group's integrals are not yet accumulated
        "group_integrals",  # [Gt, NI, N_G] float
        "agents",  # [A, N_AG] int: each agent's load, chat and leaving flags and chats held
        "rings",  # [2, A] int: per-group ring buffers of idle agents (row 0, longest idle at the head)
        #            and stacks of agents off duty (row 1)
        "answered_by",  # [S, Gt, NI] int
        "callbacks",  # [S, NI, N_CB] int
        "joined",  # [A] int: the agents who joined at the interval boundary just processed
    ],
)


def allocate_pooled(inp, keep_log: bool) -> PoolWork:
    """A fresh workspace for one run of :func:`simulate_pooled` (plain numpy); tables grow when full."""
    S = inp.staff.shape[0]
    NI = inp.n_intervals
    K = inp.rates.shape[1]
    Gt = inp.gpar.shape[0]
    A = int(inp.gpar[:, GP_CAP].sum())
    group_state = np.zeros((Gt, N_GS), dtype=np.int64)
    group_state[:, GS_ABSENT_COUNT] = inp.gpar[:, GP_CAP]
    rings = np.zeros((2, A), dtype=np.int64)
    for g in range(Gt):
        first, n = int(inp.gpar[g, GP_OFF]), int(inp.gpar[g, GP_CAP])
        rings[1, first : first + n] = np.arange(first + n - 1, first - 1, -1)
    agents = np.zeros((A, N_AG), dtype=np.int64)
    agents[:, AG_SLOTS:] = -1
    agents[:, AG_ENDSEQ] = -1
    agents[:, AG_GROUP] = np.repeat(np.arange(Gt), inp.gpar[:, GP_CAP])
    return PoolWork(
        state=np.zeros(N_K, dtype=np.int64),
        clock=np.zeros(1),
        counts=np.zeros((S, NI, K, N_C), dtype=np.int64),
        sums=np.zeros((S, NI, K, N_W), dtype=np.float64),
        integrals=np.zeros((S, NI, N_T), dtype=np.float64),
        journeys=np.zeros((NI, K, N_E), dtype=np.int64),
        journey_time=np.zeros((NI, K), dtype=np.float64),
        stage_int=np.zeros((S, N_S), dtype=np.int64),
        present_since=np.zeros(S, dtype=np.float64),
        queue_head=np.full((S, inp.n_prio), -1, dtype=np.int64),
        queue_tail=np.full((S, inp.n_prio), -1, dtype=np.int64),
        arrivals=np.full((K, 2), np.inf),
        group_state=group_state,
        group_since=np.zeros(Gt),
        group_integrals=np.zeros((Gt, NI, N_G)),
        agents=agents,
        rings=rings,
        answered_by=np.zeros((S, Gt, NI), dtype=np.int64),
        callbacks=np.zeros((S, NI, N_CB), dtype=np.int64),
        joined=np.zeros(A, dtype=np.int64),
    )


def simulate_pooled(inp, rng: np.random.Generator, work: PoolWork, keep_log: bool):
    """Run one replication in the fresh workspace ``work`` (:func:`allocate_pooled`).

    Returns ``(rows, vi, vf)``, the visit table as :func:`.kernel.simulate_once` does (with extra
    columns); the tallies are left in ``work``. The heap and the visit table grow here when full.
    """
    A = int(inp.gpar[:, GP_CAP].sum())
    scratch = max(_MIN_ROWS, 4 * A)
    rows = int(inp.capacity) if keep_log else scratch
    vi = np.empty((rows, PN_VI), dtype=np.int64)
    vf = np.empty((rows, PN_VF), dtype=np.float64)
    free = np.empty(0 if keep_log else rows, dtype=np.int64)
    heap = np.zeros((2 * scratch + 2 * int(inp.margin), 3), dtype=np.float64)
    while True:
        need = _pool_loop(inp, rng, not keep_log, work, vi, vf, free, heap)
        if need == NEED_NOTHING:
            return int(work.state[K_ROWS]), vi, vf
        vi, vf, free, heap = grown(need, vi, vf, free, heap)


# The helpers called per event are inlined into the loop and take the arrays they use, bound once before
# the loop: an array read from a tuple inside the loop is reference-counted at every read (see the
# single-skill kernel's docstring), which cost more than the simulation itself. Each array passed to an
# inlined helper is still reference-counted at each call (an atomic increment and decrement), so the
# event loop calls per event only helpers that take one array (the heap, the distribution table, one
# table of integrals) or scalars; the helpers below that take more serve the rarer steps (shift changes,
# rebalancing chats).


# ---- group and agent bookkeeping ---------------------------------------------------------------------------
@_jit_inline
def _group_spread(gint, g, since, t, present, busy, held, L, warmup, cur):
    """Add group g's ``present`` agents, ``busy`` agents and ``held`` contacts × the span [since, t]
    (after the warm-up) to its integrals, split at interval boundaries as :func:`.kernel._spread` does
    (the three in one pass: each integral gets the same additions in the same order). One array
    argument: the event loop calls it for every change of a group's counts."""
    if present <= 0:
        return
    t0 = since
    if t0 < warmup:
        t0 = warmup
    if t <= t0:
        return
    NI = gint.shape[1]
    i = _interval_near(t0, L, NI, cur)
    x = t0
    while True:
        y = t
        if i < NI - 1 and (i + 1) * L < t:
            y = (i + 1) * L
        gint[g, i, G_PRESENT] += float(present) * (y - x)
        if busy > 0:
            gint[g, i, G_BUSY] += float(busy) * (y - x)
            gint[g, i, G_HELD] += float(held) * (y - x)
        if y >= t:
            break
        x = y
        i += 1


@_jit_inline
def _group_time(gs, gsince, gint, g, t, L, warmup, cur):
    """Accumulate group g's present, busy and held integrals up to t; call before any of them changes."""
    if t > gsince[g]:
        busy = gs[g, GS_BUSY]
        _group_spread(gint, g, gsince[g], t, gs[g, GS_IDLE_COUNT] + busy, busy, gs[g, GS_HELD], L, warmup, cur)
    gsince[g] = t


@_jit_inline
def _idle_pop(gs, rings, gpar, g):
    """The longest-idle agent of group g, removed from the idle agents."""
    a = rings[0, gpar[g, GP_OFF] + gs[g, GS_IDLE_HEAD]]
    gs[g, GS_IDLE_HEAD] = 0 if gs[g, GS_IDLE_HEAD] + 1 == gpar[g, GP_CAP] else gs[g, GS_IDLE_HEAD] + 1
    gs[g, GS_IDLE_COUNT] -= 1
    return a


@_jit_inline
def _leave(gs, rings, gpar, g, a):
    """Agent a of group g goes off duty."""
    rings[1, gpar[g, GP_OFF] + gs[g, GS_ABSENT_COUNT]] = a
    gs[g, GS_ABSENT_COUNT] += 1


@_jit_inline
def _may_idle(reserve, blend, is_deferred, idle_incl):
    """Whether an idle agent of a group may take a contact of a stage with ``idle_incl`` of the group's
    agents idle (itself counted): ``reserve`` is the group's largest reserve for the other stages
    (``SG_RESERVE``), ``blend`` its ``GP_BLEND``, ``is_deferred`` whether the stage is deferred. Scalars
    only: no array is reference-counted at each call in the event loop."""
    if idle_incl <= reserve:
        return False
    return not (is_deferred and blend >= 0 and idle_incl <= blend)


@_jit_inline
def _least_loaded(ag, gpar, g, below):
    """The agent of g holding chats, not leaving, with the fewest (fewer than ``below``; lowest index on
    ties), or -1."""
    best = -1
    for a in range(gpar[g, GP_OFF], gpar[g, GP_OFF] + gpar[g, GP_CAP]):
        ok = ag[a, AG_CHATS] == 1 and ag[a, AG_LEAVING] == 0 and ag[a, AG_LOAD] < below
        if ok and (best < 0 or ag[a, AG_LOAD] < ag[best, AG_LOAD]):
            best = a
    return best


@_jit_inline
def _rescale(ag, g_slow, heap, vf, a, g, t, old, new, horizon):
    """Agent a's chats go from ``old`` to ``new`` held at t: bring their work up to date, recompute their
    ends and reschedule the agent's next chat end (written out in the event loop as well)."""
    first = np.inf
    for j in range(new):
        u = ag[a, AG_SLOTS + j]
        if old > 0 and vf[u, VF_LAST] < t:
            vf[u, VF_WORK] -= (t - vf[u, VF_LAST]) / g_slow[g, old - 1]
            if vf[u, VF_WORK] < 0.0:
                vf[u, VF_WORK] = 0.0
        vf[u, VF_LAST] = t
        vf[u, VF_DUE] = t + vf[u, VF_WORK] * g_slow[g, new - 1]
        if vf[u, VF_DUE] < first:
            first = vf[u, VF_DUE]
    ag[a, AG_ENDSEQ] = heap_push(heap, first, a * 8 + EV_CHAT_END) if first < horizon else -1


@_jit_inline
def _rebalance(heap, vi, vf, a, g, t, cur, gs, gsince, gint, ag, gpar, g_slow, horizon, L, warmup):
    """Agent a of g (holding chats or nothing, with nothing waiting for it) takes over one chat from the
    group's most loaded agent if that one holds at least two more, keeping the chats spread evenly."""
    b = -1
    for x in range(gpar[g, GP_OFF], gpar[g, GP_OFF] + gpar[g, GP_CAP]):
        if x != a and ag[x, AG_CHATS] == 1 and (b < 0 or ag[x, AG_LOAD] > ag[b, AG_LOAD]):
            b = x
    if b < 0 or ag[b, AG_LOAD] < ag[a, AG_LOAD] + 2:
        return
    _group_time(gs, gsince, gint, g, t, L, warmup, cur)
    old_b = ag[b, AG_LOAD]
    u = ag[b, AG_SLOTS + old_b - 1]
    vf[u, VF_WORK] = max(vf[u, VF_WORK] - (t - vf[u, VF_LAST]) / g_slow[g, old_b - 1], 0.0)
    vf[u, VF_LAST] = t
    ag[b, AG_SLOTS + old_b - 1] = -1
    ag[b, AG_LOAD] = old_b - 1
    _rescale(ag, g_slow, heap, vf, b, g, t, old_b, old_b - 1, horizon)
    old_a = ag[a, AG_LOAD]
    if old_a == 0:
        ag[a, AG_CHATS] = 1
        gs[g, GS_CHATTERS] += 1
        gs[g, GS_BUSY] += 1
    ag[a, AG_SLOTS + old_a] = u
    ag[a, AG_LOAD] = old_a + 1
    vi[u, VI_GAGENT] = a
    vi[u, VI_AGENT] = a - gpar[g, GP_OFF]
    _rescale(ag, g_slow, heap, vf, a, g, t, old_a, old_a + 1, horizon)


@_jit
def _callback(inp, work, rng, vi, vf, v, s, k, cur):
    """A contact about to wait: offer a callback if its expected wait (Whitt's queue-length predictor)
    exceeds the stage's threshold and the groups that serve the stage stay on duty until then (no call
    back is promised after closing); an acceptor never abandons."""
    on_duty = inp.open_staff[s, cur]
    first = inp.sg_int[SG_PREF, s, 0]
    ahead = work.stage_int[s, S_QUEUE]
    if on_duty <= 0:
        return
    expected = (ahead + 1) * inp.svc_mean[s, k] * inp.svc_scale[s, cur] * inp.sg_float[SG_SPEED, s, first] / on_duty
    if expected <= inp.s_float[s, SF_CB_OFFER]:
        return
    due = vf[v, VF_ARRIVE] + expected
    j = cur + 1
    while j < inp.n_intervals and j * inp.interval < due:
        if inp.open_staff[s, j] <= 0:
            return  # the desk closes before the call back would be made
        j += 1
    counted = vf[v, VF_ARRIVE] >= inp.warmup
    if counted:
        work.callbacks[s, cur, CB_OFFERED] += 1
    if rng.random() < inp.s_float[s, SF_CB_ACCEPT]:
        vf[v, VF_PATIENCE] = np.inf
        if counted:
            work.callbacks[s, cur, CB_ACCEPTED] += 1


@_jit
def _staff_change(inp, work, i, t):
    """At t interval i starts: each group moves to its staff figure (see the module docstring). Returns
    how many agents joined (listed in ``work.joined``: the event loop gives them work)."""
    n_joined = 0
    gs = work.group_state
    gpar = inp.gpar
    ag = work.agents
    rings = work.rings
    for g in range(gs.shape[0]):
        _group_time(gs, work.group_since, work.group_integrals, g, t, inp.interval, inp.warmup, i)
        target_n = inp.g_staff[g, i]
        on = gs[g, GS_IDLE_COUNT] + gs[g, GS_BUSY] - gs[g, GS_PENDING] - gs[g, GS_FLAGGED]
        if target_n < on:
            excess = on - target_n
            while excess > 0 and gs[g, GS_IDLE_COUNT] > 0:
                _leave(gs, rings, gpar, g, _idle_pop(gs, rings, gpar, g))
                excess -= 1
            plain = gs[g, GS_BUSY] - gs[g, GS_CHATTERS] - gs[g, GS_PENDING]
            n = excess if excess < plain else plain
            gs[g, GS_PENDING] += n
            excess -= n
            while excess > 0:  # agents holding chats, fewest first, finish them and leave
                best = _least_loaded(ag, gpar, g, MAX_CONCURRENCY + 1)
                ag[best, AG_LEAVING] = 1
                gs[g, GS_FLAGGED] += 1
                excess -= 1
        elif target_n > on:
            add = target_n - on
            keep = add if add < gs[g, GS_PENDING] else gs[g, GS_PENDING]
            gs[g, GS_PENDING] -= keep
            add -= keep
            for a in range(gpar[g, GP_OFF], gpar[g, GP_OFF] + gpar[g, GP_CAP]):
                if add > 0 and ag[a, AG_LEAVING] == 1:
                    ag[a, AG_LEAVING] = 0
                    gs[g, GS_FLAGGED] -= 1
                    add -= 1
            for _ in range(add):
                gs[g, GS_ABSENT_COUNT] -= 1
                a = rings[1, gpar[g, GP_OFF] + gs[g, GS_ABSENT_COUNT]]
                work.joined[n_joined] = a
                n_joined += 1
    return n_joined


@_jit
def _start_interval(inp, work, rng, heap, i, t):
    """Interval i starts at t: staff, the classes' first arrivals in it, the next boundary. Returns how
    many agents joined (:func:`_staff_change`)."""
    n_joined = _staff_change(inp, work, i, t)
    L = inp.interval
    end_i = (i + 1) * L
    if end_i > inp.horizon:
        end_i = inp.horizon
    for k in range(inp.rates.shape[1]):
        r = inp.rates[i, k]
        if r > 0.0:
            ta = t - math.log(1.0 - rng.random()) / r
            if ta < end_i:
                _schedule_arrival(work.arrivals, k, ta, heap)
    if (i + 1) * L < inp.horizon:
        heap_push(heap, (i + 1) * L, (i + 1) * 8 + EV_BOUNDARY)
    return n_joined


@_jit
def _pool_loop(inp, rng, recycle, work, vi, vf, free, heap):
    """Process events until the horizon (returns NEED_NOTHING) or until a table must grow.

    Each event ends with a dispatch: agents freed by it (or joining at an interval boundary) take
    waiting work, then the contact arriving in it (or whose overflow delay passed) is offered to the
    groups. The per-event bookkeeping (a new visit row, its entry at a stage and queueing, routing a
    finished visit, releasing rows, idle agents, rescheduling an agent's chats, the least-loaded chat
    agent) is written out here rather than as helpers: every array passed to an inlined helper is
    reference-counted at each call, which cost about as much as the rest of the event.
    """
    horizon = inp.horizon
    warmup = inp.warmup
    L = inp.interval
    rates = inp.rates
    entry = inp.entry
    prio = inp.prio
    deferred = inp.deferred
    target = inp.target
    svc = inp.svc
    svc_scale = inp.svc_scale
    pat = inp.pat
    dists = inp.dists
    has_route = inp.has_route
    route_cum = inp.route_cum
    rep_stage = inp.rep_stage
    rep_delay = inp.rep_delay
    fu_delay = inp.fu_delay
    retry_delay = inp.retry_delay
    rt = inp.resolution_target
    gpar = inp.gpar
    g_slow = inp.g_slow
    g_order = inp.g_order
    sg_int = inp.sg_int
    sg_float = inp.sg_float
    s_float = inp.s_float
    open_staff = inp.open_staff
    rebalance = inp.rebalance
    margin = inp.margin
    S = inp.staff.shape[0]
    n_ranks = sg_int.shape[2]

    ctr = work.state
    counts = work.counts
    sums = work.sums
    integrals = work.integrals
    journeys = work.journeys
    journey_time = work.journey_time
    si = work.stage_int
    qh = work.queue_head
    qt = work.queue_tail
    arrivals = work.arrivals
    gs = work.group_state
    gsince = work.group_since
    gint = work.group_integrals
    ag = work.agents
    rings = work.rings
    answered_by = work.answered_by
    joined = work.joined

    ka = _earliest(arrivals)
    t = work.clock[0]
    while True:
        heap_settle(heap)
        need = NEED_NOTHING
        if heap[0, H_TIME] + margin > heap.shape[0]:
            need = NEED_HEAP
        elif ctr[K_ROWS] + 2 > vi.shape[0] and (not recycle or ctr[K_FREE] < 2):
            need = NEED_ROWS
        if need != NEED_NOTHING:
            work.clock[0] = t
            return need
        cur = ctr[K_CUR]
        arriving = -1  # a visit arriving at a stage in this event
        offering = -1  # a waiting visit whose overflow delay passed in this event
        pend_stage = -1  # a delayed entry scheduled by this event: stage, delay distribution, ...
        pend_delay = 0
        pend_noab = 0
        pend_parent = -1
        pend_k = 0
        finished = -1  # a visit whose service ended in this event
        freed = -1  # an agent who may take work (and its group)
        freed_group = -1
        n_joined = 0  # agents who joined at an interval boundary in this event
        if ctr[K_BOUNDARY] >= 0:
            cur = ctr[K_BOUNDARY]
            ctr[K_CUR] = cur
            ctr[K_BOUNDARY] = -1
            n_joined = _start_interval(inp, work, rng, heap, cur, t)
            ka = _earliest(arrivals)
        else:
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
                if ta >= horizon:
                    break
                t = ta
                typ = EV_ARRIVAL
                arg = ka
                ev_seq = -1

            if typ == EV_BOUNDARY:
                ctr[K_BOUNDARY] = arg
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
                vi[v, VI_CONTACT] = ctr[K_CONTACTS]
                vi[v, VI_CUSTOMER] = ctr[K_CUSTOMERS]
                ctr[K_CONTACTS] += 1
                ctr[K_CUSTOMERS] += 1
                vi[v, VI_CLASS] = k
                vi[v, VI_STAGE] = entry[k]
                vi[v, VI_PARENT] = -1
                vi[v, VI_NOABANDON] = 0
                vi[v, VI_GAVE_UP] = 0
                vf[v, VF_ORIGIN] = t
                if t >= warmup:
                    journeys[cur, k, E_CUSTOMERS] += 1
                arriving = v
            elif typ == EV_ENTRY:
                arriving = arg
            elif typ == EV_ABANDON:
                w = arg
                if vi[w, VI_STATUS] != ST_WAITING or vi[w, VI_ABSEQ] != ev_seq:
                    continue  # answered before its patience ran out: a stale event
                vi[w, VI_OVSEQ] = -1
                if _abandon(w, t, inp, rng, work, vi, vf):  # retries after a delay
                    pend_stage = vi[w, VI_STAGE]
                    pend_k = vi[w, VI_CLASS]
                    pend_delay = retry_delay[pend_k, pend_stage]
                    pend_parent = w
            elif typ == EV_OVERFLOW:
                w = arg
                if vi[w, VI_STATUS] != ST_WAITING or vi[w, VI_OVSEQ] != ev_seq:
                    continue  # answered or abandoned meanwhile
                vi[w, VI_OVSEQ] = -1
                offering = w
            else:  # EV_END (a non-chat service) or EV_CHAT_END (an agent's chat)
                if typ == EV_END:
                    w = arg
                else:
                    a = arg
                    if ag[a, AG_ENDSEQ] != ev_seq:
                        continue  # the agent's chats were rescheduled since: a stale event
                    ag[a, AG_ENDSEQ] = -1
                    # the chat due first; on a tie the lowest slot (its own event, one per chat, would
                    # have been scheduled first: the agent's chats are rescheduled in slot order)
                    w = ag[a, AG_SLOTS]
                    for jj in range(1, ag[a, AG_LOAD]):
                        if vf[ag[a, AG_SLOTS + jj], VF_DUE] < vf[w, VF_DUE]:
                            w = ag[a, AG_SLOTS + jj]
                # ---- the service ends: statistics, then the agent's release ----
                s = vi[w, VI_STAGE]
                k = vi[w, VI_CLASS]
                g = vi[w, VI_GROUP]
                a = vi[w, VI_GAGENT]
                vi[w, VI_STATUS] = ST_SERVED
                vf[w, VF_END] = t
                _spread(integrals, s, np.int64(T_BUSY), vf[w, VF_START], t, 1.0, L, warmup, 0.0, cur)
                if vf[w, VF_ARRIVE] >= warmup:
                    ii = vi[w, VI_INTERVAL]
                    counts[s, ii, k, C_SERVED] += 1
                    sums[s, ii, k, W_SERVICE] += t - vf[w, VF_START]
                if t > gsince[g]:  # the group's integrals up to t, before its counts change
                    g_busy = gs[g, GS_BUSY]
                    _group_spread(
                        gint, g, gsince[g], t, gs[g, GS_IDLE_COUNT] + g_busy, g_busy, gs[g, GS_HELD], L, warmup, cur
                    )
                    gsince[g] = t
                gs[g, GS_HELD] -= 1
                old = ag[a, AG_LOAD]
                if ag[a, AG_CHATS] == 1:
                    for j in range(old):
                        if ag[a, AG_SLOTS + j] == w:
                            ag[a, AG_SLOTS + j] = ag[a, AG_SLOTS + old - 1]
                            ag[a, AG_SLOTS + old - 1] = -1
                            break
                    ag[a, AG_LOAD] = old - 1
                    if old > 1:
                        first = np.inf  # one chat fewer: bring the chats' work up to date, recompute their ends
                        for jj in range(old - 1):
                            uu = ag[a, AG_SLOTS + jj]
                            if vf[uu, VF_LAST] < t:
                                vf[uu, VF_WORK] -= (t - vf[uu, VF_LAST]) / g_slow[g, old - 1]
                                if vf[uu, VF_WORK] < 0.0:
                                    vf[uu, VF_WORK] = 0.0
                            vf[uu, VF_LAST] = t
                            vf[uu, VF_DUE] = t + vf[uu, VF_WORK] * g_slow[g, old - 2]
                            if vf[uu, VF_DUE] < first:
                                first = vf[uu, VF_DUE]
                        ag[a, AG_ENDSEQ] = heap_push(heap, first, a * 8 + EV_CHAT_END) if first < horizon else -1
                    else:
                        ag[a, AG_CHATS] = 0
                        gs[g, GS_CHATTERS] -= 1
                else:
                    ag[a, AG_LOAD] = 0
                freed = a
                freed_group = g
                if ag[a, AG_LOAD] == 0:
                    gs[g, GS_BUSY] -= 1
                    if ag[a, AG_LEAVING] == 1:  # an agent holding chats whose shift ended
                        ag[a, AG_LEAVING] = 0
                        gs[g, GS_FLAGGED] -= 1
                        _leave(gs, rings, gpar, g, a)
                        freed = -1
                    elif gs[g, GS_PENDING] > 0:  # the first to finish leave
                        gs[g, GS_PENDING] -= 1
                        _leave(gs, rings, gpar, g, a)
                        freed = -1
                # ---- routing of the finished visit ----
                # one uniform picks transfer to stage j (j < S), repeat (S), follow-up at stage j - S - 1
                # (S < j <= 2S) or resolution (2S + 1), as in the single-skill kernel
                j = 2 * S + 1
                if has_route[k, s]:
                    u01 = rng.random()
                    j = 0
                    while j < 2 * S + 1 and u01 >= route_cum[k, s, j]:
                        j += 1
                ii = vi[w, VI_INTERVAL]
                if j < S:
                    vi[w, VI_ROUTE] = RT_TRANSFER
                    vi[w, VI_NEXT] = j
                    col = C_TRANSFER
                elif j == S:
                    vi[w, VI_ROUTE] = RT_REPEAT
                    vi[w, VI_NEXT] = rep_stage[k, s]
                    col = C_REPEAT
                elif j <= 2 * S:
                    vi[w, VI_ROUTE] = RT_FOLLOWUP
                    vi[w, VI_NEXT] = j - S - 1
                    col = C_FOLLOWUP
                else:
                    vi[w, VI_ROUTE] = RT_RESOLVED
                    vi[w, VI_NEXT] = -1
                    col = C_RESOLVED
                    if vf[w, VF_ORIGIN] >= warmup:
                        ji = _interval_near(vf[w, VF_ORIGIN], L, journey_time.shape[0], cur)
                        journeys[ji, k, E_RESOLVED] += 1
                        journey_time[ji, k] += t - vf[w, VF_ORIGIN]
                        if t - vf[w, VF_ORIGIN] <= rt:
                            journeys[ji, k, E_WITHIN_TARGET] += 1
                        if vi[w, VI_PARENT] == -1:
                            journeys[ji, k, E_FIRST_RESOLVED] += 1
                if vf[w, VF_ARRIVE] >= warmup:
                    counts[s, ii, k, col] += 1
                if j < S:
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
                elif j <= 2 * S:
                    pend_stage = rep_stage[k, s] if j == S else j - S - 1
                    pend_delay = rep_delay[k, s] if j == S else fu_delay[k, s]
                    pend_noab = 0 if j == S else 1
                    pend_parent = w
                    pend_k = k
                finished = w

        # ---- a delayed entry: a new contact of the same customer, later ----
        if pend_stage >= 0:
            te = _when_open(t + draw(rng, pend_delay, dists), pend_stage, open_staff, L, horizon)
            if te < horizon:
                if recycle and ctr[K_FREE] > 0:  # a row from the free list, else a new one
                    ctr[K_FREE] -= 1
                    u = free[ctr[K_FREE]]
                else:
                    u = ctr[K_ROWS]
                    ctr[K_ROWS] += 1
                w = pend_parent
                vi[u, VI_CONTACT] = ctr[K_CONTACTS]
                ctr[K_CONTACTS] += 1
                vi[u, VI_CUSTOMER] = vi[w, VI_CUSTOMER]
                vi[u, VI_CLASS] = pend_k
                vi[u, VI_STAGE] = pend_stage
                vi[u, VI_PARENT] = w
                vi[u, VI_NOABANDON] = pend_noab
                vi[u, VI_STATUS] = ST_PENDING
                vi[u, VI_GAVE_UP] = vi[w, VI_GAVE_UP]
                vi[u, VI_LINKED] = 0
                vf[u, VF_ARRIVE] = te
                vf[u, VF_ORIGIN] = vf[w, VF_ORIGIN]
                heap_push(heap, te, u * 8 + EV_ENTRY)
        if finished >= 0 and recycle and vi[finished, VI_LINKED] == 0:  # release the row
            vi[finished, VI_STATUS] = ST_FREE
            free[ctr[K_FREE]] = finished
            ctr[K_FREE] += 1
        if arriving >= 0:  # count it; it is offered below
            v = arriving
            s = vi[v, VI_STAGE]
            k = vi[v, VI_CLASS]
            vi[v, VI_INTERVAL] = cur  # it waits until answered
            vi[v, VI_AGENT] = -1
            vi[v, VI_ROUTE] = RT_NONE
            vi[v, VI_NEXT] = -1
            vi[v, VI_QNEXT] = -1
            vi[v, VI_ABSEQ] = -1
            vi[v, VI_OVSEQ] = -1
            vi[v, VI_GROUP] = -1
            vi[v, VI_GAGENT] = -1
            vi[v, VI_LINKED] = 0
            vi[v, VI_STATUS] = ST_WAITING
            vf[v, VF_ARRIVE] = t
            vf[v, VF_START] = np.nan
            vf[v, VF_END] = np.nan
            if deferred[s] or vi[v, VI_NOABANDON] == 1:
                vf[v, VF_PATIENCE] = np.inf
            else:
                vf[v, VF_PATIENCE] = t + draw(rng, pat[s, k], dists)
            if t >= warmup:
                counts[s, cur, k, C_ARRIVALS] += 1
            offering = v

        # ---- dispatch: freed and joining agents take work, then the contact is offered ----
        joiner = 0
        while True:
            if freed < 0 and joiner < n_joined:
                freed = joined[joiner]
                freed_group = ag[freed, AG_GROUP]
                joiner += 1
            w = -1
            if freed >= 0:
                # the waiting contact the agent takes next: the first stage in its group's order with
                # one it may serve now, then class priority, then FIFO
                a = freed
                g = freed_group
                load = ag[a, AG_LOAD]
                lim = gpar[g, GP_LIMIT]
                if ag[a, AG_LEAVING] == 0 and load < lim and (load == 0 or ag[a, AG_CHATS] == 1):
                    for r in range(S):
                        s = g_order[g, r]
                        if s < 0:
                            break
                        if load > 0 and s_float[s, SF_CONCURRENT] == 0.0:
                            continue
                        if load == 0 and not _may_idle(
                            sg_int[SG_RESERVE, s, g], gpar[g, GP_BLEND], deferred[s], gs[g, GS_IDLE_COUNT] + 1
                        ):
                            continue
                        # the head of the first class-priority queue that g may take (overflow delay
                        # passed); rows no longer waiting at the heads are unlinked (and released)
                        d = sg_float[SG_DELAY, s, g]
                        for p in range(qh.shape[1]):
                            h = qh[s, p]
                            while h >= 0 and vi[h, VI_STATUS] != ST_WAITING:
                                dead = h
                                h = vi[h, VI_QNEXT]
                                vi[dead, VI_LINKED] = 0
                                if recycle and vi[dead, VI_STATUS] != ST_IN_SERVICE:  # release the row
                                    vi[dead, VI_STATUS] = ST_FREE
                                    free[ctr[K_FREE]] = dead
                                    ctr[K_FREE] += 1
                            qh[s, p] = h
                            if h < 0:
                                qt[s, p] = -1
                            elif vf[h, VF_ARRIVE] + d <= t:
                                qh[s, p] = vi[h, VI_QNEXT]
                                if qh[s, p] < 0:
                                    qt[s, p] = -1
                                vi[h, VI_LINKED] = 0
                                w = h
                                break
                        if w >= 0:
                            break
                if w < 0:  # nothing for it: rebalance chats (if asked) or become idle
                    if rebalance and lim > 1 and ag[a, AG_LEAVING] == 0 and (load == 0 or ag[a, AG_CHATS] == 1):
                        _rebalance(heap, vi, vf, a, g, t, cur, gs, gsince, gint, ag, gpar, g_slow, horizon, L, warmup)
                    if ag[a, AG_LOAD] == 0:  # idle, at the tail (the longest idle are at the head)
                        rings[
                            0, gpar[g, GP_OFF] + _ring(gs[g, GS_IDLE_HEAD] + gs[g, GS_IDLE_COUNT], gpar[g, GP_CAP])
                        ] = a
                        gs[g, GS_IDLE_COUNT] += 1
                    freed = -1
                    continue
                queued = True
            elif offering >= 0:
                # offer the contact to the groups it may go to now, in preference order
                w = offering
                offering = -1
                s = vi[w, VI_STAGE]
                a = -1
                for r in range(n_ranks):
                    g = sg_int[SG_PREF, s, r]
                    if g < 0:
                        break
                    te = vf[w, VF_ARRIVE] + sg_float[SG_RANK_DELAY, s, r]
                    if te > t:  # the next group's overflow delay has not passed: an event for it
                        if te < horizon:
                            vi[w, VI_OVSEQ] = heap_push(heap, te, w * 8 + EV_OVERFLOW)
                        break
                    if t > gsince[g]:  # the group's integrals up to t, before its counts change
                        g_busy = gs[g, GS_BUSY]
                        _group_spread(
                            gint, g, gsince[g], t, gs[g, GS_IDLE_COUNT] + g_busy, g_busy, gs[g, GS_HELD], L, warmup, cur
                        )
                        gsince[g] = t
                    n_idle = gs[g, GS_IDLE_COUNT]
                    if n_idle > 0 and _may_idle(sg_int[SG_RESERVE, s, g], gpar[g, GP_BLEND], deferred[s], n_idle):
                        # the longest-idle agent
                        a = rings[0, gpar[g, GP_OFF] + gs[g, GS_IDLE_HEAD]]
                        gs[g, GS_IDLE_HEAD] = (
                            0 if gs[g, GS_IDLE_HEAD] + 1 == gpar[g, GP_CAP] else gs[g, GS_IDLE_HEAD] + 1
                        )
                        gs[g, GS_IDLE_COUNT] -= 1
                        break
                    if s_float[s, SF_CONCURRENT] != 0.0 and gpar[g, GP_LIMIT] > 1:
                        # a chat to the agent holding chats, not leaving, with the fewest below the limit
                        # (lowest index on ties; one holding a single chat cannot be beaten)
                        lim = gpar[g, GP_LIMIT]
                        for x in range(gpar[g, GP_OFF], gpar[g, GP_OFF] + gpar[g, GP_CAP]):
                            ok = ag[x, AG_CHATS] == 1 and ag[x, AG_LEAVING] == 0 and ag[x, AG_LOAD] < lim
                            if ok and (a < 0 or ag[x, AG_LOAD] < ag[a, AG_LOAD]):
                                a = x
                                if ag[x, AG_LOAD] == 1:
                                    break
                        if a >= 0:
                            break
                queued = w != arriving
                if a < 0:
                    if not queued:  # a new arrival waits: callback offer, queue, abandonment
                        if s_float[s, SF_CB_OFFER] < np.inf and vf[w, VF_PATIENCE] > t:
                            _callback(inp, work, rng, vi, vf, w, s, vi[w, VI_CLASS], cur)
                        p = prio[vi[w, VI_CLASS]]  # at the tail of its class priority's queue
                        if qt[s, p] < 0:
                            qh[s, p] = w
                        else:
                            vi[qt[s, p], VI_QNEXT] = w
                        qt[s, p] = w
                        vi[w, VI_LINKED] = 1
                        si[s, S_QUEUE] += 1
                        if vf[w, VF_PATIENCE] < horizon:
                            vi[w, VI_ABSEQ] = heap_push(heap, vf[w, VF_PATIENCE], w * 8 + EV_ABANDON)
                    continue
            else:
                break

            # ---- agent a of group g starts serving visit w at t ----
            s = vi[w, VI_STAGE]
            k = vi[w, VI_CLASS]
            if t > gsince[g]:  # the group's integrals up to t, before its counts change
                g_busy = gs[g, GS_BUSY]
                _group_spread(
                    gint, g, gsince[g], t, gs[g, GS_IDLE_COUNT] + g_busy, g_busy, gs[g, GS_HELD], L, warmup, cur
                )
                gsince[g] = t
            if queued:
                si[s, S_QUEUE] -= 1
            vi[w, VI_OVSEQ] = -1
            old = ag[a, AG_LOAD]
            if old == 0:
                gs[g, GS_BUSY] += 1
            gs[g, GS_HELD] += 1
            vi[w, VI_STATUS] = ST_IN_SERVICE
            vi[w, VI_AGENT] = a - gpar[g, GP_OFF]
            vi[w, VI_GAGENT] = a
            vi[w, VI_GROUP] = g
            vf[w, VF_START] = t
            duration = draw(rng, svc[s, k], dists) * svc_scale[s, cur] * sg_float[SG_SPEED, s, g]
            if s_float[s, SF_CONCURRENT] != 0.0 and gpar[g, GP_LIMIT] > 1:
                if old == 0:
                    ag[a, AG_CHATS] = 1
                    gs[g, GS_CHATTERS] += 1
                ag[a, AG_SLOTS + old] = w
                ag[a, AG_LOAD] = old + 1
                vf[w, VF_WORK] = duration
                vf[w, VF_LAST] = t
                first = np.inf  # one chat more: bring the chats' work up to date, recompute their ends
                for jj in range(old + 1):
                    uu = ag[a, AG_SLOTS + jj]
                    if old > 0 and vf[uu, VF_LAST] < t:
                        vf[uu, VF_WORK] -= (t - vf[uu, VF_LAST]) / g_slow[g, old - 1]
                        if vf[uu, VF_WORK] < 0.0:
                            vf[uu, VF_WORK] = 0.0
                    vf[uu, VF_LAST] = t
                    vf[uu, VF_DUE] = t + vf[uu, VF_WORK] * g_slow[g, old]
                    if vf[uu, VF_DUE] < first:
                        first = vf[uu, VF_DUE]
                ag[a, AG_ENDSEQ] = heap_push(heap, first, a * 8 + EV_CHAT_END) if first < horizon else -1
            else:
                ag[a, AG_LOAD] = 1
                end = t + duration
                if end < horizon:
                    heap_push(heap, end, w * 8 + EV_END)
            wt = t - vf[w, VF_ARRIVE]
            ii = vi[w, VI_INTERVAL]
            if wt > 0.0:
                _spread(integrals, s, np.int64(T_QUEUE), vf[w, VF_ARRIVE], t, 1.0, L, warmup, vf[w, VF_ARRIVE], ii)
            if vi[w, VI_PARENT] == -1 and vf[w, VF_ORIGIN] >= warmup:
                journeys[ii, k, E_FIRST_ANSWERED] += 1
            if vf[w, VF_ARRIVE] >= warmup:
                counts[s, ii, k, C_ANSWERED] += 1
                sums[s, ii, k, W_ANSWERED] += wt
                if wt <= target[s]:
                    counts[s, ii, k, C_WITHIN_TARGET] += 1
                if wt == 0.0:
                    counts[s, ii, k, C_IMMEDIATE] += 1
                answered_by[s, g, ii] += 1

    for g in range(gs.shape[0]):
        _group_time(gs, gsince, gint, g, horizon, L, warmup, ctr[K_CUR])
    _close(inp, work, vi, vf, ctr[K_ROWS])
    ctr[K_BOUNDARY] = -1
    work.clock[0] = horizon
    return NEED_NOTHING
