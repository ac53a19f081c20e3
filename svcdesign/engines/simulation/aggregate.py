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

import numpy as np
import pandas as pd
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
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(num, den, out=out)  # every cell at once, then the undefined ones: faster than a masked divide
    out[np.broadcast_to(~(den > 0), out.shape)] = np.nan
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
    by numpy over the set's intervals and classes, so a set's figures do not depend on the other sets
    asked for.
    """
    tot = integrals.sum(axis=2)
    tot[..., K.T_MAX_AGE] = integrals[..., K.T_MAX_AGE].max(axis=2)
    obs = labels.observed_length[None, None, :]
    obs_h = np.array(labels.horizon - labels.warmup)
    out = []
    for chosen, names in sets:
        classes = range(counts.shape[3]) if chosen is None else list(chosen)
        c = _class_total(counts, classes)
        w = sums if chosen is None else sums[..., list(chosen), :]
        per_interval = measures(c, _class_total(sums, classes), integrals, obs, labels.deferred, names)
        per_horizon = measures(c.sum(axis=2), w.sum(axis=(2, 3)), tot, obs_h, labels.deferred, names)
        out.append((per_interval, per_horizon))
    return out


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
    one after the other, cell by cell, as it does the stack, so the figures are identical. Any other
    array is summarised alone (numpy sums a lone column, or replications laid out innermost,
    pairwise: in another order).
    """
    arrays = {name: np.asarray(v, dtype=float) for name, v in values.items()}
    out: dict[str, dict[str, np.ndarray]] = {}
    shapes: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for name, v in arrays.items():
        if _replication_major(v):
            shapes[v.shape].append(name)
        else:
            out[name] = confidence(v, level)
    for names in shapes.values():
        ci = confidence(np.stack([arrays[n] for n in names], axis=1), level)
        for i, name in enumerate(names):
            out[name] = {key: a[i] for key, a in ci.items()}
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
    j = journeys.sum(axis=2).astype(float)
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


def tidy_intervals(per_rep: dict[str, np.ndarray], labels: Labels) -> pd.DataFrame:
    """Long table: stage, interval, start (s), metric, mean, se, lower, upper, n (stage ``ALL``: the
    journey measures, by interval of the customers' first contact)."""
    S = len(labels.stages)
    NI = len(labels.interval_start)
    stage_cells = np.repeat(np.array(labels.stages, dtype=object), NI)
    interval_cells = np.tile(np.arange(NI), S)
    start_cells = np.tile(labels.interval_start, S)
    return _tidy(
        per_rep,
        {"stage": np.full(NI, ALL, dtype=object), "interval": np.arange(NI), "start": labels.interval_start},
        {"stage": stage_cells, "interval": interval_cells, "start": start_cells},
    )


def tidy_summary(per_rep: dict[str, np.ndarray], labels: Labels) -> pd.DataFrame:
    """Long table: stage, metric, mean, se, lower, upper, n (whole observed horizon)."""
    return _tidy(per_rep, {"stage": np.array([ALL], dtype=object)}, {"stage": np.array(labels.stages, dtype=object)})


def _tidy(per_rep: dict[str, np.ndarray], journey_keys: dict[str, np.ndarray], stage_keys: dict[str, np.ndarray]):
    """One long frame: the :data:`JOURNEY_METRICS` on the ``journey_keys`` cells, then the
    :data:`METRICS` on the ``stage_keys`` cells (key columns, then metric, then :data:`STATS`)."""
    ci = confidence_many({name: per_rep[name] for name in (*JOURNEY_METRICS, *METRICS)})
    blocks = [(name, journey_keys) for name in JOURNEY_METRICS] + [(name, stage_keys) for name in METRICS]
    columns: dict[str, np.ndarray] = {}
    for key in journey_keys:
        columns[key] = np.concatenate([keys[key] for _, keys in blocks])
    sizes = [len(next(iter(keys.values()))) for _, keys in blocks]
    columns["metric"] = np.repeat(np.array([name for name, _ in blocks], dtype=object), sizes)
    for key in STATS:
        columns[key] = np.concatenate([np.reshape(ci[name][key], -1) for name, _ in blocks])
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
    keys = np.array(sorted(mapping))
    lookup = np.full(keys.max() - keys.min() + 1, -1, dtype=np.int64)
    lookup[keys - keys.min()] = np.arange(len(keys))
    return pd.Categorical.from_codes(lookup[codes - keys.min()], categories=pd.Index([mapping[k] for k in keys]))


def visit_log(visits: list[dict[str, np.ndarray]], labels: Labels) -> pd.DataFrame:
    """One row per stage visit of every replication.

    Columns: replication, visit (row within the replication), contact, customer (shared by a customer's
    repeats, follow-ups and retries), class, stage, arrival (s), wait (s; censored at the horizon for
    contacts still waiting), outcome, start and end of service (s; NaN if none — ``end`` is the abandonment
    time for abandoners), agent (index within the stage, −1 if none), route (what followed the visit),
    next_stage, parent (the visit that led to this one, −1 for an external arrival). Visits before the
    warm-up are included; filter on ``arrival`` to drop them.

    ``visits`` holds each replication's columns (:func:`.replication.log_columns`); they are consumed:
    each is removed from its dictionary once copied into the log, so the log never sits beside a
    second copy of itself.
    """
    sizes = [len(v["contact"]) for v in visits]
    bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    parts = [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def stacked(name: str) -> np.ndarray:
        out = np.empty(int(bounds[-1]), dtype=visits[0][name].dtype if visits else np.int64)
        for v, part in zip(visits, parts, strict=True):
            out[part] = v.pop(name)
        return out

    replication = np.repeat(np.arange(len(visits), dtype=np.int64), sizes)
    visit = np.concatenate([np.arange(n, dtype=np.int64) for n in sizes]) if visits else np.empty(0, np.int64)
    wait = np.empty(int(bounds[-1]))
    for v, part in zip(visits, parts, strict=True):
        arrival, start, end = v["arrival"], v["start"], v["end"]
        wait[part] = np.where(
            v["status"] == K.ST_ABANDONED,
            end - arrival,
            np.where(np.isnan(start), labels.horizon - arrival, start - arrival),
        )
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
