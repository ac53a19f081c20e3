"""From the kernel's accumulators to performance measures with confidence intervals across replications.

Definitions (per stage, either per interval or over the whole observed horizon after the warm-up; counts
by the interval of arrival at the stage, time averages by the interval in which time elapsed). Names
follow the shared results schema (:mod:`svcdesign.results.metrics`) where it has the measure:

=====================  ============================================================================
``arrivals``           contacts arriving at the stage (external, transferred, repeat, follow-up, retry)
``answered``           contacts whose service started
``served``             contacts whose service finished before the horizon
``abandoned``          contacts that abandoned while waiting
``in_system_end``      contacts still waiting or in service at the horizon
``p_wait``             share of arrivals not answered at once, 1 − immediate / arrivals
``asa``                mean wait over ALL arriving contacts, seconds (abandoners until they leave,
                       contacts waiting at the horizon until the horizon) — the schema's ASA and the
                       Erlang C/A "E[W]"
``asa_answered``       mean wait of answered contacts only, seconds (the ACD report's ASA)
``service_level``      answered within the stage's target time / arrivals (docs/background/queueing.md: the share
                       of ALL arriving contacts answered within t), leaving out contacts still waiting
                       at the horizon that have not yet waited the target time (outcome unknown)
``p_abandon``          abandoned / arrivals
``aht``                mean handle time of completed services, seconds
``occupancy``          busy agent-seconds / present agent-seconds
``queue_length``       time-average number waiting
``busy_agents``        time-average number of busy agents
``agents``             time-average number of agents present (on duty, or finishing a last contact)
``backlog_mean_age``   deferred stages: time-average age of a waiting item, seconds
``backlog_max_age``    deferred stages: the largest age a waiting item reached, seconds
``resolved``           services after which the contact left (resolved)
``transferred``        services followed by an immediate transfer or escalation
``repeats``            services followed by a repeat contact
``followups``          services followed by a follow-up callback
``retries``            abandonments followed by a retry
=====================  ============================================================================

End to end (stage ``"all"``, per interval of the customer's first contact):

===========================  ======================================================================
``customers``                external arrivals (first contacts)
``fcr``                      first contacts resolved at the entry stage / first contacts answered
``p_abandon_any``            customers who abandoned at some stage and did not redial / customers
``journey_time``             mean time from first contact until resolution over resolved customers,
                             seconds (those who give up, and journeys still open at the horizon,
                             are left out)
``resolved_within_target``   customers resolved within the resolution target of their first contact
                             / ALL customers (journeys still open at the horizon count as not
                             resolved)
``resolved_share``           customers resolved before the horizon / ALL customers
``contacts_per_resolution``  services completed at all stages / contacts resolved (all stages)
===========================  ======================================================================

Over the whole horizon the two resolved shares count only the customers whose first contact came at
least the resolution target before the horizon (:attr:`.spec.Labels.decided`), whose outcome within
the target is known by then; a horizon too short to hold any counts every customer (a lower bound).

Ratios are NaN where the denominator is zero (no arrivals in an interval); :func:`svcdesign.engines.
simulation.simulate` then reports the analytic engine's values for an idle queue (see
:data:`svcdesign.engines.simulation.adapter.EMPTY`). Each measure is computed per
replication, then averaged; the 95 % confidence interval is mean ± t_{0.975, n−1} · s / √n (Student t,
n = replications with a defined value), so it needs at least two replications.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

import numba as nb
import numpy as np
import pandas as pd
from numba.typed import List
from scipy import stats

from . import kernel as K
from . import pools_kernel as P
from .spec import Labels

COUNT_METRICS = {
    "arrivals": K.C_ARRIVALS,
    "answered": K.C_ANSWERED,
    "served": K.C_SERVED,
    "abandoned": K.C_ABANDONED,
    "resolved": K.C_RESOLVED,
    "transferred": K.C_TRANSFER,
    "repeats": K.C_REPEAT,
    "followups": K.C_FOLLOWUP,
    "retries": K.C_RETRY,
}
METRICS = (
    *COUNT_METRICS,
    "in_system_end",
    "p_wait",
    "asa",
    "asa_answered",
    "service_level",
    "p_abandon",
    "aht",
    "occupancy",
    "queue_length",
    "busy_agents",
    "agents",
    "backlog_mean_age",
    "backlog_max_age",
)
"""Every per-stage measure reported, in report order."""

JOURNEY_METRICS = (
    "customers",
    "fcr",
    "p_abandon_any",
    "journey_time",
    "resolved_within_target",
    "resolved_share",
    "contacts_per_resolution",
)
"""End-to-end measures, reported for the pseudo-stage ``ALL``."""

ALL = "all"
"""Stage label of end-to-end figures (the shared schema's ``svcdesign.results.ALL``)."""

CONFIDENCE = 0.95


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` (broadcast), NaN where the denominator is not positive (or is NaN)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.empty(np.broadcast(num, den).shape)
    defined = den > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(num, den, out=out)  # every cell at once, then the undefined ones: faster than a masked divide
    if not defined.all():
        out[np.broadcast_to(~defined, out.shape)] = np.nan
    return out


def measures(
    counts: np.ndarray,
    sums: np.ndarray,
    integrals: np.ndarray,
    observed: np.ndarray,
    deferred: np.ndarray,
    names: Collection[str] = METRICS,
) -> dict[str, np.ndarray]:
    """Measures from accumulators already summed over classes.

    ``counts[..., N_C]``, ``sums[..., N_W]`` and ``integrals[..., N_T]`` share leading axes
    (replication, stage[, interval]); ``observed`` is the seconds each cell covers, broadcastable to them;
    ``deferred`` (per stage) marks stages whose backlog-age measures are defined. The stage axis is
    axis 1. ``names``: the measures wanted (of :data:`METRICS`; default all), in the order of
    :data:`METRICS`; each is computed from the accumulators alone, so a measure does not depend on
    the others asked for.
    """
    want = set(names)
    floats: dict[int, np.ndarray] = {}

    def c(i: int) -> np.ndarray:
        """Count column ``i`` as floats (converted once, only if a measure asked for reads it)."""
        if i not in floats:
            floats[i] = counts[..., i].astype(float)
        return floats[i]

    w = sums
    t = integrals
    derived = {  # each measure made from the accumulators when asked for
        "in_system_end": lambda: c(K.C_WAITING_END) + c(K.C_IN_SERVICE_END),
        "p_wait": lambda: 1.0 - _ratio(c(K.C_IMMEDIATE), c(K.C_ARRIVALS)),
        "asa": lambda: _ratio(w[..., K.W_ANSWERED] + w[..., K.W_ABANDONED] + w[..., K.W_CENSORED], c(K.C_ARRIVALS)),
        "asa_answered": lambda: _ratio(w[..., K.W_ANSWERED], c(K.C_ANSWERED)),
        # contacts still waiting at the horizon but not yet past the target have no outcome yet: they
        # are left out of the service level (counting them as failures biases it low near the horizon)
        "service_level": lambda: _ratio(c(K.C_WITHIN_TARGET), c(K.C_ARRIVALS) - c(K.C_UNDECIDED)),
        "p_abandon": lambda: _ratio(c(K.C_ABANDONED), c(K.C_ARRIVALS)),
        "aht": lambda: _ratio(w[..., K.W_SERVICE], c(K.C_SERVED)),
        "occupancy": lambda: _ratio(t[..., K.T_BUSY], t[..., K.T_PRESENT]),
        "queue_length": lambda: _ratio(t[..., K.T_QUEUE], observed),
        "busy_agents": lambda: _ratio(t[..., K.T_BUSY], observed),
        "agents": lambda: _ratio(t[..., K.T_PRESENT], observed),
    }
    out = {name: c(i) for name, i in COUNT_METRICS.items() if name in want}
    out.update({name: make() for name, make in derived.items() if name in want})
    if want & {"backlog_mean_age", "backlog_max_age"}:
        out.update(_backlog_ages(t, observed, deferred))
    return {name: out[name] for name in METRICS if name in want}


def _backlog_ages(t: np.ndarray, observed: np.ndarray, deferred: np.ndarray) -> dict[str, np.ndarray]:
    """The backlog-age measures of :func:`measures` from the time integrals ``t[..., N_T]``."""
    shape = [1] * t[..., 0].ndim
    shape[1] = -1
    is_deferred = np.asarray(deferred, dtype=bool).reshape(shape)
    age = _ratio(t[..., K.T_AGE], t[..., K.T_QUEUE])
    age = np.where(np.isnan(age) & (observed > 0), 0.0, age)  # an empty backlog has age 0
    return {
        "backlog_mean_age": np.where(is_deferred, age, np.nan),
        "backlog_max_age": np.where(is_deferred & (observed > 0), t[..., K.T_MAX_AGE], np.nan),
    }


def class_measures(
    counts: np.ndarray,
    sums: np.ndarray,
    integrals: np.ndarray,
    labels: Labels,
    sets: Sequence[tuple[Sequence[int] | None, Collection[str]]] = ((None, METRICS),),
) -> list[tuple[dict[str, np.ndarray], dict[str, np.ndarray]]]:
    """Measures of each set of classes, per interval and over the whole observed horizon.

    ``counts[R, S, NI, K, N_C]``, ``sums[R, S, NI, K, N_W]`` and ``integrals[R, S, NI, N_T]`` are the
    replications' tallies; each set is a list of class indices (or ``None`` for all classes) and the
    names of the measures wanted of it (:func:`measures`). Returns, set by set, the measures per
    replication, stage and interval, shape (R, S, NI), and per replication and stage over the horizon,
    shape (R, S). Time integrals do not depend on the class, so every set shares them. Per interval the
    tallies are added class by class in the order given (:func:`_class_total`), over the horizon summed
    by numpy over the set's intervals and classes (:func:`horizon_measures`), so a set's figures do not
    depend on the other sets asked for.
    """
    obs = labels.observed_length[None, None, :]
    tot = integrals.sum(axis=2)
    tot[..., K.T_MAX_AGE] = integrals[..., K.T_MAX_AGE].max(axis=2)
    out = []
    for chosen, names in sets:
        classes = range(counts.shape[3]) if chosen is None else list(chosen)
        c = _class_total(counts, classes)
        w = sums if chosen is None else sums[..., list(chosen), :]
        per_interval = measures(c, _class_total(sums, classes), integrals, obs, labels.deferred, names)
        out.append((per_interval, horizon_measures(c.sum(axis=2), w.sum(axis=(2, 3)), tot, labels, names)))
    return out


def horizon_measures(
    counts: np.ndarray, sums: np.ndarray, integrals: np.ndarray, labels: Labels, names: Collection[str] = METRICS
) -> dict[str, np.ndarray]:
    """The measures ``names`` (:func:`measures`) per replication and stage over the whole observed
    horizon, shape (R, S), from a set of classes' ``counts[R, S, N_C]`` and ``sums[R, S, N_W]`` added
    over its classes and intervals and the ``integrals[R, S, N_T]`` added over the intervals (the
    largest age: its maximum)."""
    return measures(counts, sums, integrals, np.array(labels.horizon - labels.warmup), labels.deferred, names)


class IntervalSummaries(NamedTuple):
    """What :func:`interval_summaries` returns."""

    summaries: list[dict[str, dict[str, np.ndarray]]]
    """Set by set, :func:`confidence` of each measure per stage and interval, shape (S, NI), by name
    (views of :attr:`statistics` and :attr:`defined`)."""
    statistics: np.ndarray
    """The summaries' ``mean``, ``lower`` and ``upper`` stacked, ``[3, measure, S, NI]``: set ``i``'s
    measures are ``rows[i]:rows[i + 1]``."""
    se: np.ndarray
    """The summaries' ``se`` stacked likewise, ``[measure, S, NI]`` (apart: a results table holds the
    other three)."""
    defined: np.ndarray
    """The summaries' ``n`` stacked likewise."""
    rows: np.ndarray
    """Where each set's measures start in :attr:`statistics`, and where the last set's end."""
    counts: np.ndarray
    """Each set's counts per replication and stage, added over its classes and the intervals, ``[set, R, S,
    N_C]``."""
    sums: np.ndarray
    """Each set's sums likewise, ``[set, R, S, N_W]``, in the order in which :func:`class_measures` has numpy
    sum them: interval by interval and within each class by class for all classes; class by class and
    within each interval by interval for a set of classes (numpy's copy of a set's classes,
    ``sums[..., classes, :]``, holds them outermost)."""
    integrals: np.ndarray
    """The time integrals per replication and stage over the intervals, ``[R, S, N_T]`` (the largest age:
    its maximum)."""
    by_interval: np.ndarray
    """The counts of all classes at all stages per replication and interval, ``[R, NI, N_C]``."""


def interval_summaries(
    counts: Sequence[np.ndarray],
    sums: Sequence[np.ndarray],
    integrals: Sequence[np.ndarray],
    labels: Labels,
    sets: Sequence[tuple[Sequence[int] | None, Collection[str]]] = ((None, METRICS),),
    level: float = CONFIDENCE,
) -> IntervalSummaries:
    """:func:`confidence` of each set of classes' measures (:func:`class_measures`' ``sets``) per stage
    and interval, without the measures per replication, and the sets' tallies over the horizon (for
    :func:`horizon_measures`).

    ``counts``, ``sums`` and ``integrals`` are the replications' tallies (:func:`class_measures`), stacked
    or one array per replication (not copied into one); each set's summaries are in the order of its
    names (of :data:`METRICS`). One compiled pass over the tallies, a stage and
    a run of intervals at a time: the measures of :func:`measures` on each set's tallies added class by
    class in the order given (as :func:`class_measures` adds them), then :func:`confidence`'s arithmetic
    over the replications one after the other (as numpy sums an array with more than one cell per
    replication over its first axis), and the tallies over the horizon added in numpy's order
    (:attr:`IntervalSummaries.sums`): every figure is identical to :func:`confidence` of
    :func:`class_measures`' figures. Needs more than one interval, or one replication (numpy sums a
    single cell's replications in another order).
    """
    R, (_, NI, K, _) = len(counts), counts[0].shape
    if NI < 2 and R > 1:
        raise ValueError("interval_summaries needs more than one interval or a single replication")
    chosen = [list(range(K)) if c is None else [int(k) for k in c] for c, _ in sets]
    wanted = [list(dict.fromkeys(names)) for _, names in sets]
    classes = np.full((len(sets), max([1, *map(len, chosen)])), -1, dtype=np.int64)
    for i, members in enumerate(chosen):
        classes[i, : len(members)] = members
    # numpy sums a copy of a set's classes class by class (see IntervalSummaries.sums); one class: either order
    class_major = np.array([c is not None and len(m) > 1 for (c, _), m in zip(sets, chosen, strict=True)])
    rows = np.cumsum([0, *map(len, wanted)])
    ids = np.array([METRICS.index(name) for names in wanted for name in names], dtype=np.int64)
    quantiles = np.full(R + 1, np.nan)  # by the number of defined replications: none below two
    for count in range(2, R + 1):
        quantiles[count] = t_quantile(0.5 + level / 2.0, count - 1)
    stats_, se, n, *totals = _interval_summaries(
        _typed(counts),
        _typed(sums),
        _typed(integrals),
        np.ascontiguousarray(labels.observed_length, dtype=float),
        np.asarray(labels.deferred, dtype=np.bool_),
        classes,
        np.array(list(map(len, chosen)), dtype=np.int64),
        class_major,
        rows,
        ids,
        quantiles,
    )
    summaries = [
        {
            name: {"mean": stats_[0, m], "se": se[m], "lower": stats_[1, m], "upper": stats_[2, m], "n": n[m]}
            for m, name in enumerate(names, start=rows[i])
        }
        for i, names in enumerate(wanted)
    ]
    return IntervalSummaries(summaries, stats_, se, n, rows, *totals)


COUNT_COLUMNS = np.array(list(COUNT_METRICS.values()), dtype=np.int64)
"""The count column of each of :data:`COUNT_METRICS`, in their order (the first measures of :data:`METRICS`)."""


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _ratio_into(out: np.ndarray, num: np.ndarray, den: np.ndarray) -> None:
    """:func:`_ratio` of two rows into ``out``."""
    for i in range(out.size):
        out[i] = num[i] / den[i] if den[i] > 0 else np.nan


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _measure_row(
    which: int, out: np.ndarray, c: np.ndarray, w: np.ndarray, t: np.ndarray, obs: np.ndarray, deferred: bool
) -> None:
    """Measure ``METRICS[which]`` (each branch names its measure) of :func:`measures` of one stage and
    replication, interval by interval, into ``out[NI]``, from the counts ``c[N_C, NI]`` (as floats), sums
    ``w[N_W, NI]``, integrals ``t[N_T, NI]`` and seconds observed ``obs[NI]``, with numpy's arithmetic in
    numpy's order."""
    if which < COUNT_COLUMNS.size:
        out[:] = c[COUNT_COLUMNS[which]]
    elif which == 9:  # in_system_end
        for i in range(out.size):
            out[i] = c[K.C_WAITING_END, i] + c[K.C_IN_SERVICE_END, i]
    elif which == 10:  # p_wait
        _ratio_into(out, c[K.C_IMMEDIATE], c[K.C_ARRIVALS])
        for i in range(out.size):
            out[i] = 1.0 - out[i]
    elif which == 11:  # asa
        for i in range(out.size):
            num = w[K.W_ANSWERED, i] + w[K.W_ABANDONED, i] + w[K.W_CENSORED, i]
            out[i] = num / c[K.C_ARRIVALS, i] if c[K.C_ARRIVALS, i] > 0 else np.nan
    elif which == 12:  # asa_answered
        _ratio_into(out, w[K.W_ANSWERED], c[K.C_ANSWERED])
    elif which == 13:  # service_level
        for i in range(out.size):
            den = c[K.C_ARRIVALS, i] - c[K.C_UNDECIDED, i]
            out[i] = c[K.C_WITHIN_TARGET, i] / den if den > 0 else np.nan
    elif which == 14:  # p_abandon
        _ratio_into(out, c[K.C_ABANDONED], c[K.C_ARRIVALS])
    elif which == 15:  # aht
        _ratio_into(out, w[K.W_SERVICE], c[K.C_SERVED])
    elif which == 16:  # occupancy
        _ratio_into(out, t[K.T_BUSY], t[K.T_PRESENT])
    elif which == 17:  # queue_length
        _ratio_into(out, t[K.T_QUEUE], obs)
    elif which == 18:  # busy_agents
        _ratio_into(out, t[K.T_BUSY], obs)
    elif which == 19:  # agents
        _ratio_into(out, t[K.T_PRESENT], obs)
    elif which == 20:  # backlog_mean_age: an empty backlog has age 0
        _ratio_into(out, t[K.T_AGE], t[K.T_QUEUE])
        for i in range(out.size):
            if not deferred:
                out[i] = np.nan
            elif np.isnan(out[i]) and obs[i] > 0:
                out[i] = 0.0
    else:  # backlog_max_age
        for i in range(out.size):
            out[i] = t[K.T_MAX_AGE, i] if deferred and obs[i] > 0 else np.nan


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _summarise_rows(values: np.ndarray, quantiles: np.ndarray, out: np.ndarray, defined: np.ndarray) -> None:
    """:func:`confidence` of ``values[R, NI]`` over its replications into ``out[4 (mean, se, lower,
    upper), NI]`` and ``defined[NI]``: NaN replications left out (as 0: a sum from +0 never holds
    −0, to which adding +0 would be a change), sums from 0 in replication order."""
    R, NI = values.shape
    total = np.zeros(NI)
    squares = np.zeros(NI)
    defined[:] = 0
    for r in range(R):
        for i in range(NI):
            x = values[r, i]
            ok = not np.isnan(x)
            defined[i] += ok
            total[i] += x if ok else 0.0
    mean = out[0]
    for i in range(NI):
        mean[i] = total[i] / max(defined[i], 1) if defined[i] > 0 else np.nan
    for r in range(R):
        for i in range(NI):
            dev = values[r, i] - mean[i]
            squares[i] += dev * dev if not np.isnan(values[r, i]) else 0.0
    for i in range(NI):
        n = defined[i]
        var = squares[i] / max(n - 1, 1) if n > 1 else np.nan
        se = np.sqrt(var / max(n, 1))
        half = quantiles[n] * se
        out[1, i] = se
        out[2, i] = mean[i] - half
        out[3, i] = mean[i] + half


def _typed(arrays: Sequence[np.ndarray]) -> List:
    """A typed list of the replications' arrays (C-ordered), as :func:`_interval_summaries` takes them."""
    out = List()
    for a in arrays:
        out.append(np.ascontiguousarray(a))
    return out


CHUNK = 1 << 15
"""Measures per replication the compiled summary holds at a time (a run of intervals of one stage, 256 KiB)."""


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _interval_summaries(counts, sums, integrals, observed, deferred, classes, sizes, class_major, rows, ids, quantiles):
    """The compiled pass of :func:`interval_summaries` (the tallies one array per replication, in typed
    lists): statistics ``[3 (mean, lower, upper), row, S, NI]``, standard errors and defined replications
    ``[row, S, NI]`` of the measures ``ids`` (set ``i``'s are the rows ``rows[i]:rows[i + 1]``), then
    :class:`IntervalSummaries`' tallies."""
    R = len(counts)
    S, NI, n_classes, NC = counts[0].shape
    NW, NT, M, n_sets = sums[0].shape[3], integrals[0].shape[2], ids.size, sizes.size
    stats_ = np.empty((3, M, S, NI))
    se = np.empty((M, S, NI))
    defined = np.empty((M, S, NI), dtype=np.int64)
    total = np.zeros((n_sets, R, S, NC), dtype=np.int64)
    total_sums = np.zeros((n_sets, R, S, NW))
    total_integrals = np.zeros((R, S, NT))
    by_interval = np.zeros((R, NI, NC), dtype=np.int64)
    run = max(1, min(NI, CHUNK // max(1, M * R)))  # intervals at a time
    values = np.empty((M, R, run))
    c = np.empty((NC, run))
    w = np.empty((NW, run))
    t = np.empty((NT, run))
    row = np.empty((4, run))
    for s in range(S):
        for r in range(R):  # the class-major sets' sums over the horizon (all intervals of a class in turn)
            sums_r = sums[r]
            for x in range(n_sets):
                for q in range(sizes[x] if class_major[x] else 0):
                    for i in range(NI):
                        for j in range(NW):
                            total_sums[x, r, s, j] += sums_r[s, i, classes[x, q], j]
        for start in range(0, NI, run):
            n = min(run, NI - start)
            for r in range(R):
                counts_r, sums_r, integrals_r = counts[r], sums[r], integrals[r]
                for i in range(n):
                    for j in range(NT):
                        t[j, i] = integrals_r[s, start + i, j]
                        if j != K.T_MAX_AGE:
                            total_integrals[r, s, j] += t[j, i]
                        elif start + i == 0 or t[j, i] > total_integrals[r, s, j] or np.isnan(t[j, i]):
                            total_integrals[r, s, j] = t[j, i]  # numpy's maximum: NaN if any is
                    for k in range(n_classes):  # whole numbers: exact in any order
                        for j in range(NC):
                            by_interval[r, start + i, j] += counts_r[s, start + i, k, j]
                for x in range(n_sets):
                    size = sizes[x]
                    for i in range(n):
                        for j in range(NC):  # whole numbers: exact in any order
                            count = 0
                            for q in range(size):
                                count += counts_r[s, start + i, classes[x, q], j]
                            c[j, i] = count
                            total[x, r, s, j] += count
                        for j in range(NW):  # class by class, in the order given (as _class_total adds them)
                            if size:
                                acc = sums_r[s, start + i, classes[x, 0], j]
                                if not class_major[x]:
                                    total_sums[x, r, s, j] += acc  # over the horizon: interval by interval
                                for q in range(1, size):
                                    one = sums_r[s, start + i, classes[x, q], j]
                                    acc += one
                                    if not class_major[x]:
                                        total_sums[x, r, s, j] += one
                                w[j, i] = acc
                            else:  # no classes: no waits (as _class_total's zeros)
                                w[j, i] = 0.0
                    for m in range(rows[x], rows[x + 1]):
                        _measure_row(
                            ids[m],
                            values[m, r, :n],
                            c[:, :n],
                            w[:, :n],
                            t[:, :n],
                            observed[start : start + n],
                            deferred[s],
                        )
            for m in range(M):
                _summarise_rows(values[m, :, :n], quantiles, row[:, :n], defined[m, s, start : start + n])
                stats_[0, m, s, start : start + n] = row[0, :n]
                se[m, s, start : start + n] = row[1, :n]
                stats_[1:, m, s, start : start + n] = row[2:, :n]
    return stats_, se, defined, total, total_sums, total_integrals, by_interval


def _class_total(tallies: np.ndarray, classes: Sequence[int]) -> np.ndarray:
    """``tallies[:, :, :, classes]`` summed over the classes one after the other, in the order given (as
    numpy sums the class axis of counts and sums, whose last axis has several columns), a view for one
    class."""
    if len(classes) <= 1:
        return (
            tallies[:, :, :, classes[0]] if classes else np.zeros(tallies.shape[:3] + tallies.shape[4:], tallies.dtype)
        )
    total = tallies[:, :, :, classes[0]].copy()
    for k in classes[1:]:
        total += tallies[:, :, :, k]
    return total


@functools.lru_cache(maxsize=1024)
def t_quantile(probability: float, dof: int) -> float:
    """Student t quantile ``t_{probability, dof}`` (scipy's ``t.ppf``), remembered: a run asks for the
    same few degrees of freedom thousands of times, and each call of scipy costs about 0.1 ms."""
    return float(stats.t.ppf(probability, dof))


def confidence(values: np.ndarray, level: float = CONFIDENCE) -> dict[str, np.ndarray]:
    """Mean, standard error and Student-t interval over axis 0, ignoring NaN replications.

    The quantile is looked up once per number of defined replications n (``n − 1`` degrees of
    freedom), not once per cell.
    """
    values = np.asarray(values, dtype=float)
    missing = np.isnan(values)
    n = values.shape[0] - missing.sum(axis=0)
    top = int(n.max()) if n.size else 0
    quantiles = np.full(max(top, 1) + 1, np.nan)  # by n: none below two replications
    for count in range(2, top + 1):
        quantiles[count] = t_quantile(0.5 + level / 2.0, count - 1)
    whole = not missing.any()  # no replication left out anywhere: leaving out none changes no bit
    with np.errstate(invalid="ignore", divide="ignore"):
        total = (values if whole else np.where(missing, 0.0, values)).sum(axis=0)
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        dev = values - mean
        if not whole:
            dev[missing] = 0.0
        var = np.where(n > 1, np.square(dev, out=dev).sum(axis=0) / np.maximum(n - 1, 1), np.nan)
        se = np.sqrt(var / np.maximum(n, 1))
    half = quantiles[n] * se
    return {"mean": mean, "se": se, "lower": mean - half, "upper": mean + half, "n": n}


def confidence_many(values: Mapping[str, np.ndarray], level: float = CONFIDENCE) -> dict[str, dict[str, np.ndarray]]:
    """:func:`confidence` of several arrays by name, in one pass over the arrays of each shape.

    Arrays of one shape, laid out replication-major with more than one cell per replication, are
    stacked on a new axis 1 and summarised together: numpy sums such an array over the replications
    one after the other, cell by cell, as it does the stack, so the figures are identical. Arrays of a
    single cell per replication (several replications) are stacked on a new first axis and summarised
    together over the replications, each measure's laid out together as a lone column's are: numpy sums
    them pairwise, as it sums a lone column. Any other array is summarised alone (numpy sums
    replications laid out innermost pairwise).
    """
    arrays = {name: np.asarray(v, dtype=float) for name, v in values.items()}
    out: dict[str, dict[str, np.ndarray]] = {}
    shapes: dict[tuple[int, ...], list[str]] = defaultdict(list)
    columns: dict[int, list[str]] = defaultdict(list)
    for name, v in arrays.items():
        if _replication_major(v):
            shapes[v.shape].append(name)
        elif v.ndim >= 1 and v.size == v.shape[0]:
            columns[v.shape[0]].append(name)
        else:
            out[name] = confidence(v, level)
    for names in shapes.values():
        ci = confidence(np.stack([arrays[n] for n in names], axis=1), level)
        for i, name in enumerate(names):
            out[name] = {key: a[i] for key, a in ci.items()}
    for names in columns.values():
        ci = confidence(np.stack([arrays[n].reshape(-1) for n in names]).T, level)  # [replication, measure]
        for i, name in enumerate(names):
            out[name] = {key: a[i : i + 1].reshape(arrays[name].shape[1:]) for key, a in ci.items()}
    return {name: out[name] for name in arrays}


def _replication_major(v: np.ndarray) -> bool:
    """Whether ``v`` holds a single replication (a sum of one term, exact in any order), or has more
    than one cell per replication (axis 0) and its axes of more than one element laid out in order,
    axis 0 outermost (strides non-increasing), as a C-ordered array or a slice of one is."""
    if v.ndim >= 1 and v.shape[0] == 1:
        return True
    if v.ndim < 2 or math.prod(v.shape[1:]) <= 1:
        return False
    strides = [abs(st) for st, size in zip(v.strides, v.shape, strict=True) if size > 1]
    return all(a > b for a, b in zip(strides, strides[1:], strict=False))


def journey_measures(
    journeys: np.ndarray,
    journey_time: np.ndarray,
    served: np.ndarray,
    resolved: np.ndarray,
    over_intervals: bool,
    decided: np.ndarray,
) -> dict[str, np.ndarray]:
    """End-to-end measures per replication: shape (R, NI) per interval of first contact, else (R,).

    ``journeys[R, NI, K, N_E]``, ``journey_time[R, NI, K]`` (s), the services completed (``served``) and
    contacts resolved (``resolved``) per replication, stage and interval of arrival at the stage,
    ``[R, S, NI]`` (for contacts per resolution), and ``decided[NI]``, the intervals whose customers
    count towards the whole-horizon resolved shares (all of them where none is).
    """
    j = journeys[:, :, 0].copy()  # over the classes: whole numbers, exact in any order (numpy's reduction
    for k in range(1, journeys.shape[2]):  # over a middle axis takes twice as long)
        j += journeys[:, :, k]
    j = j.astype(float)
    jt = journey_time.sum(axis=2)
    done, ended = served.sum(axis=1), resolved.sum(axis=1)  # (R, NI): all stages; whole numbers, exact
    window = j
    if not over_intervals:
        window = j[:, decided].sum(axis=1) if np.any(decided) else j.sum(axis=1)
        j, jt, done, ended = j.sum(axis=1), jt.sum(axis=1), done.sum(axis=1), ended.sum(axis=1)
    return {
        "customers": j[..., K.E_CUSTOMERS],
        "fcr": _ratio(j[..., K.E_FIRST_RESOLVED], j[..., K.E_FIRST_ANSWERED]),
        "p_abandon_any": _ratio(j[..., K.E_GAVE_UP], j[..., K.E_CUSTOMERS]),
        "journey_time": _ratio(jt, j[..., K.E_RESOLVED]),
        "resolved_within_target": _ratio(window[..., K.E_WITHIN_TARGET], window[..., K.E_CUSTOMERS]),
        "resolved_share": _ratio(window[..., K.E_RESOLVED], window[..., K.E_CUSTOMERS]),
        "contacts_per_resolution": _ratio(done, ended),
    }


GROUP_METRICS = (
    "group_present",
    "group_busy",
    "group_occupancy",
    "group_held",
    "answered_by",
    "callbacks_offered",
    "callbacks_accepted",
)
"""Measures of the agent groups of a network with pools (:func:`group_measures`)."""


def group_measures(
    integrals: np.ndarray, answered_by: np.ndarray, callbacks: np.ndarray, labels: Labels
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Group measures per replication, per interval and over the whole observed horizon.

    ``integrals[R, G, NI, N_G]``, ``answered_by[R, S, G, NI]`` and ``callbacks[R, S, NI, N_CB]`` are the
    replications' group tallies (:class:`.replication.GroupTallies`). Returns two dictionaries keyed by
    :data:`GROUP_METRICS`; per interval the shapes are (R, G, NI) for the ``group_*`` measures,
    (R, S, G, NI) for ``answered_by`` and (R, S, NI) for the callbacks, over the horizon the same without
    the interval axis:

    ====================== ==================================================================
    ``group_present``      time-average agents of the group present (on duty, or finishing)
    ``group_busy``         time-average agents holding at least one contact
    ``group_occupancy``    busy / present agent-seconds (an agent holding chats is busy)
    ``group_held``         time-average contacts held (above ``group_busy`` with concurrency)
    ``answered_by``        contacts of each stage answered by each group (count)
    ``callbacks_offered``  contacts offered a callback at each stage (count)
    ``callbacks_accepted`` contacts who accepted one (count)
    ====================== ==================================================================

    Counts by the interval of arrival at the stage, time averages by the interval in which time
    elapsed, both after the warm-up; ratios NaN where the denominator is 0.
    """
    obs = labels.observed_length
    obs_h = np.array(labels.horizon - labels.warmup)
    out = []
    for t, obs_, a, c in (
        (integrals, obs, answered_by, callbacks),
        (integrals.sum(axis=2), obs_h, answered_by.sum(axis=3), callbacks.sum(axis=2)),
    ):
        out.append(
            {
                "group_present": _ratio(t[..., P.G_PRESENT], obs_),
                "group_busy": _ratio(t[..., P.G_BUSY], obs_),
                "group_occupancy": _ratio(t[..., P.G_BUSY], t[..., P.G_PRESENT]),
                "group_held": _ratio(t[..., P.G_HELD], obs_),
                "answered_by": a.astype(float),
                "callbacks_offered": c[..., P.CB_OFFERED].astype(float),
                "callbacks_accepted": c[..., P.CB_ACCEPTED].astype(float),
            }
        )
    return out[0], out[1]


def tidy_groups(per_rep: dict[str, np.ndarray], labels: Labels) -> pd.DataFrame:
    """Long table of the whole-horizon group measures: metric, group, stage, mean, se, lower, upper, n
    (``stage`` is ``ALL`` for the ``group_*`` measures, ``group`` is ``ALL`` for the callbacks)."""
    S, G = len(labels.stages), len(labels.groups)
    stages = np.array(labels.stages, dtype=object)
    groups = np.array(labels.groups, dtype=object)
    cells = {  # (group, stage) of each cell, in the order of the measure's flattened axes
        "group": (groups, np.full(G, ALL, dtype=object)),
        "stage × group": (np.tile(groups, S), np.repeat(stages, G)),
        "stage": (np.full(S, ALL, dtype=object), stages),
    }
    frames = []
    for name in GROUP_METRICS:
        kind = "group" if name.startswith("group_") else "stage × group" if name == "answered_by" else "stage"
        values = per_rep[name]
        ci = confidence(values.reshape(values.shape[0], -1))
        frame = pd.DataFrame({"metric": name, "group": cells[kind][0], "stage": cells[kind][1]})
        for key in STATS:
            frame[key] = ci[key]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


STATS = ("mean", "se", "lower", "upper", "n")
"""The summary columns of :func:`confidence`."""


def tidy_confidence(per_rep: Mapping[str, np.ndarray]) -> dict[str, dict[str, np.ndarray]]:
    """:func:`confidence_many` of the :data:`JOURNEY_METRICS`, then the :data:`METRICS`, of ``per_rep``
    (measures per replication, :func:`class_measures` and :func:`journey_measures`): what the long tables
    :func:`tidy_intervals` and :func:`tidy_summary` hold."""
    return confidence_many({name: per_rep[name] for name in (*JOURNEY_METRICS, *METRICS)})


def tidy_intervals(per_rep: Mapping[str, np.ndarray], labels: Labels) -> pd.DataFrame:
    """Long table: stage, interval, start (s), metric, mean, se, lower, upper, n (stage ``ALL``: the
    journey measures, by interval of the customers' first contact)."""
    S = len(labels.stages)
    NI = len(labels.interval_start)
    stage_cells = np.repeat(np.array(labels.stages, dtype=object), NI)
    interval_cells = np.tile(np.arange(NI), S)
    start_cells = np.tile(labels.interval_start, S)
    return _tidy(
        tidy_confidence(per_rep),
        {"stage": np.full(NI, ALL, dtype=object), "interval": np.arange(NI), "start": labels.interval_start},
        {"stage": stage_cells, "interval": interval_cells, "start": start_cells},
    )


def tidy_summary(
    per_rep: Mapping[str, np.ndarray], labels: Labels, ci: Mapping[str, Mapping[str, np.ndarray]] | None = None
) -> pd.DataFrame:
    """Long table: stage, metric, mean, se, lower, upper, n (whole observed horizon). ``ci``:
    :func:`tidy_confidence` of ``per_rep`` if already made."""
    return _tidy(
        tidy_confidence(per_rep) if ci is None else ci,
        {"stage": np.array([ALL], dtype=object)},
        {"stage": np.array(labels.stages, dtype=object)},
    )


def _tidy(
    ci: Mapping[str, Mapping[str, np.ndarray]], journey_keys: dict[str, np.ndarray], stage_keys: dict[str, np.ndarray]
) -> pd.DataFrame:
    """One long frame: the :data:`JOURNEY_METRICS` on the ``journey_keys`` cells, then the
    :data:`METRICS` on the ``stage_keys`` cells (key columns, then metric, then :data:`STATS`), from
    their summaries ``ci`` (:func:`tidy_confidence`)."""
    blocks = [(name, journey_keys) for name in JOURNEY_METRICS] + [(name, stage_keys) for name in METRICS]
    columns: dict[str, np.ndarray] = {}
    for key in journey_keys:
        columns[key] = np.concatenate([keys[key] for _, keys in blocks])
    sizes = [len(next(iter(keys.values()))) for _, keys in blocks]
    columns["metric"] = np.repeat(np.array([name for name, _ in blocks], dtype=object), sizes)
    for key in STATS:
        columns[key] = np.concatenate([ci[name][key] for name, _ in blocks], axis=None)  # each flattened
    return pd.DataFrame(columns)


OUTCOMES = {
    K.ST_SERVED: "served",
    K.ST_ABANDONED: "abandoned",
    K.ST_IN_SERVICE: "in service at horizon",
    K.ST_WAITING: "waiting at horizon",
}
"""Visit outcome by kernel status code (pending visits never remain at the horizon)."""
ROUTES = {
    K.RT_NONE: "none",
    K.RT_RESOLVED: "resolved",
    K.RT_TRANSFER: "transfer",
    K.RT_REPEAT: "repeat",
    K.RT_FOLLOWUP: "follow-up",
    K.RT_RETRY: "retry",
}
"""What followed a visit, by kernel routing code."""


def _categorical(codes: np.ndarray, mapping: dict[int, str]) -> pd.Categorical[str]:
    """The kernel's ``codes`` as a categorical of ``mapping``'s names, in the order of its keys, which are
    consecutive whole numbers (:data:`OUTCOMES` from 1, :data:`ROUTES` from −1): a name's code is its
    key less the first key, in the codes' own integer type; the code just below the first key is
    missing (a pending visit's status), any other outside the keys is refused by pandas (ValueError)."""
    keys = sorted(mapping)
    return pd.Categorical.from_codes(codes - codes.dtype.type(keys[0]), categories=pd.Index([mapping[k] for k in keys]))


def visit_log(visits: list[dict[str, np.ndarray]], labels: Labels) -> pd.DataFrame:
    """One row per stage visit of every replication.

    Columns: replication, visit (row within the replication), contact, customer (shared by a customer's
    repeats, follow-ups and retries), class, stage, arrival (s), wait (s; censored at the horizon for
    contacts still waiting), outcome, start and end of service (s; NaN if none — ``end`` is the abandonment
    time for abandoners), agent (index within the stage, −1 if none), route (what followed the visit),
    next_stage, parent (the visit that led to this one, −1 for an external arrival). Visits before the
    warm-up are included; filter on ``arrival`` to drop them.

    ``visits`` holds each replication's columns (:func:`.replication.log_columns`); they are consumed:
    each is removed from its dictionary once copied into the log (a single replication's are the log's
    columns as they are, not copied), so the log never sits beside a second copy of itself.
    """
    sizes = [len(v["contact"]) for v in visits]
    bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    parts = [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def stacked(name: str) -> np.ndarray:
        if len(visits) == 1:  # one replication's column is the log's as it is (no copy)
            return visits[0].pop(name)
        out = np.empty(int(bounds[-1]), dtype=visits[0][name].dtype if visits else np.int64)
        for v, part in zip(visits, parts, strict=True):
            out[part] = v.pop(name)
        return out

    replication = np.repeat(np.arange(len(visits), dtype=np.int64), sizes)
    visit = np.concatenate([np.arange(n, dtype=np.int64) for n in sizes]) if visits else np.empty(0, np.int64)
    wait = np.empty(int(bounds[-1]))
    for v, part in zip(visits, parts, strict=True):
        arrival, start = v["arrival"], v["start"]
        into = wait[part]  # start − arrival, or horizon − arrival if not started, or end − arrival if abandoned
        np.subtract(start, arrival, out=into)
        np.subtract(labels.horizon, arrival, out=into, where=np.isnan(start))
        np.subtract(v["end"], arrival, out=into, where=v["status"] == K.ST_ABANDONED)
    columns = {
        "replication": replication,
        "visit": visit,
        "contact": stacked("contact"),
        "customer": stacked("customer"),
        "class": pd.Categorical.from_codes(stacked("class"), categories=pd.Index(labels.classes)),
        "stage": pd.Categorical.from_codes(stacked("stage"), categories=pd.Index(labels.stages)),
        "arrival": stacked("arrival"),
        "wait": wait,
        "outcome": _categorical(stacked("status"), OUTCOMES),
        "start": stacked("start"),
        "end": stacked("end"),
        "agent": stacked("agent"),
        "route": _categorical(stacked("route"), ROUTES),
        "next_stage": stacked("next_stage"),
        "parent": stacked("parent"),
    }
    return pd.DataFrame(columns, copy=False)
