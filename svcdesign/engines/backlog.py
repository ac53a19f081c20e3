"""The weekly backlog of deferred work, compiled: the fluid part of the analytic engine's deferred stages.

:func:`svcdesign.engines.analytic._deferred` describes the method (work arriving period by period,
worked off at the roster's capacity; Lindley's recursion over three weeks so that the weekly cycle
settles; a contact arriving mid-period waits until the capacity that follows has cleared the backlog
ahead of it). :func:`backlog_waits` does the same arithmetic in the same order as the numpy
expressions it replaced (a cumulative sum, its running minimum, a binary search of the cumulative
capacity; np.maximum's and np.minimum's rules, NaN included), so its figures are those expressions'
to the last bit; compiled, it spares the staffing
search of a deferred stage, which evaluates the backlog a few dozen times, a dozen array temporaries
per evaluation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

WEEKS = 3
"""Weeks over which the backlog recursion runs (the third week's backlog is the settled cycle's)."""


@njit(cache=True)
def backlog_waits(arrivals: np.ndarray, capacity: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Backlog ahead of a mid-period arrival (contacts) and its wait until cleared (s), per period.

    ``arrivals`` and ``capacity``: contacts per period over one week (repeating weekly; capacity ≥ 0,
    finite), ``dt``: the period's length in seconds. The wait is 0 where nothing is ahead and
    infinite where three weeks of capacity do not clear the backlog.
    """
    T = arrivals.size
    start = np.empty(T)  # backlog at each period's start, third week
    level = 0.0
    low = 0.0
    for i in range(WEEKS * T - 1):
        net = arrivals[i % T] - capacity[i % T]
        level = net if i == 0 else level + net  # the cumulative sum of net
        if i == 0 or not (low <= level or np.isnan(low)):  # its running minimum (np.minimum's rule)
            low = level
        if i >= (WEEKS - 1) * T - 1:
            # Lindley: the backlog is the level above its lowest point so far (never below 0)
            start[i - ((WEEKS - 1) * T - 1)] = level - (low if low <= 0.0 or np.isnan(low) else 0.0)
    ahead = np.empty(T)
    for t in range(T):
        found = start[t] + 0.5 * (arrivals[t] - capacity[t])
        ahead[t] = found if found >= 0.0 or np.isnan(found) else 0.0
    n = WEEKS * T
    cum = np.empty(n + 1)  # work done by each period boundary
    cum[0] = 0.0
    done = 0.0
    for j in range(n):
        done = capacity[j % T] if j == 0 else done + capacity[j % T]
        cum[j + 1] = done
    wait = np.zeros(T)
    for t in range(T):
        if not ahead[t] > 0.0:
            continue
        need = cum[t] + 0.5 * capacity[t] + ahead[t]  # cumulative work to reach
        lo, hi = 0, n + 1  # the first boundary at or past it
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < need:
                lo = mid + 1
            else:
                hi = mid
        if lo < 1 or lo > n:
            wait[t] = np.inf
            continue
        step = cum[lo] - cum[lo - 1]
        fraction = (need - cum[lo - 1]) / step if step > 0.0 else 0.0
        late = (lo - 1 + fraction) - (t + 0.5)
        wait[t] = (late if late >= 0.0 or np.isnan(late) else 0.0) * dt
    return ahead, wait
