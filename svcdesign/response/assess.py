"""Entry points: customer experience, loyalty and costs from any engine's :class:`Results`.

Engines write the shared long schema (``svcdesign/model/ENGINES.md``); these functions read the
operational metrics from it (per stage, segment and period), add the customer metrics in the same
schema (engine name kept) and return a new :class:`Results` holding both::

    import svcdesign
    from svcdesign import assess, evaluate
    r = assess(scenario, evaluate(scenario))  # experience, loyalty and costs of the analytic results
    r.value("satisfaction", segment="anxious")
    r.metric("pillar_time_effort", "representative")

Metrics an engine does not report fall back to documented values (each fallback adds a warning to
``meta["warnings"]``). Expectations are in steady state (``expectations.steady_state``: the 52-week
smooth has settled on ω·reference + (1 − ω)·the horizon's own experience) unless given.

A scenario with a multi-skill service desk: experience and loyalty are computed per contact type (where
its customers wait) and per chain stage; a type's occupancy, which the engines report per agent group
only, is derived from its groups (:mod:`.desk`). Costs are computed per agent group (its
wage and shrinkage from the desk, its staff from the engine's group rows) and per chain stage, and the
``"all"`` rows sum those: a contact type has no staff of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import checks
from ..assumptions import AssumptionTable
from ..errors import InputError
from ..formulas import costs as _costs
from ..formulas.customers import expectations as _expect
from ..formulas.customers import loyalty as _loyal
from ..formulas.customers import perception as _exp
from ..formulas.customers import satisfaction as _sat
from ..formulas.customers.params import customer_table
from ..formulas.customers.perception import PILLARS, SERVQUAL
from ..i18n.phrases import Figure, Phrase, tr
from ..model import Scenario
from ..model.compiled import ScenarioArrays, expand
from ..model.units import WEEKS_PER_YEAR
from ..results import ALL, LongBuilder, Results, aggregate_periods, concat_frames, distinct
from ..results.long import LongArrays
from . import desk as _desk
from .exposure import exposure as _exposure
from .provenance import assumptions_for

EXPERIENCE_METRICS = (
    *(f"pillar_{p}" for p in PILLARS),
    "experience_index",
    "expected_experience",
    "disconfirmation",
    "satisfaction",
    "effort",
    "share_high_effort",
    "share_satisfied",
    "share_promoters",
    "share_detractors",
    "nps",
    "promises_kept",
    *(f"servqual_{d}" for d in SERVQUAL),
    "servqual_index",
    "servqual_gap",
)
"""Metrics :func:`experience` adds (per stage, segment and period, and whole horizon)."""
LOYALTY_METRICS = (
    "customer_base",
    "bad_experiences",
    "p_bad_experience",
    "late_contacts",
    "unserved",
    "share_disloyal",
    "wom_customers",
    "customers_lost",
    "churn",
    "revenue_at_risk",
    "clv",
    "bed_days",
    "cost_of_failure",
)
"""Metrics :func:`loyalty_effects` adds (stage ``"all"``, per segment, whole horizon). A commercial
organisation gets churn, customers lost, revenue at risk and CLV; a public one bed-days and the cost of
failure instead (its clients cannot leave)."""
COST_METRICS = (
    "paid_hours",
    "productive_hours",
    "wage_cost",
    "overtime_cost",
    "turnover_cost",
    "employment_cost",
    "budget_gap",
)
"""Metrics :func:`employment_costs` adds (per stage and period; ``budget_gap`` whole chain, whole horizon)."""


# ------------------------------------------------------------------------------------ reading
class _Piece(NamedTuple):
    """Rows of one (metric, segment) of a Results, in row order: each row's position among the stages
    and agent groups of the :class:`_Frame` (−1: ``"all"``), its column among the frame's periods, its
    value, and whether it is a whole-horizon row (period missing)."""

    stage: np.ndarray
    col: np.ndarray
    value: np.ndarray
    horizon: np.ndarray


class _Frame:
    """Operational metrics of one (scenario, engine) group of a Results, as arrays (read once, fast).

    ``pieces`` holds the group's rows by (metric, segment) (:func:`_pieces`), ``periods`` the distinct
    periods of its per-period rows, sorted. ``stages`` are the customer stages (a desk's contact types,
    then the chain's stages), ``groups`` a desk's agent groups (rows read by :meth:`group_array` only).
    ``derived`` holds [S, T] values of the stage metrics a contact type does not report (:mod:`.desk`),
    used where the engine gave none.
    """

    def __init__(
        self,
        pieces: dict[tuple[str, str], list[_Piece]],
        periods: np.ndarray,
        stages: list[str],
        segments: list[str],
        period_minutes: float,
        groups: list[str] | None = None,
    ) -> None:
        self.stages, self.segments, self.period_minutes = stages, segments, period_minutes
        self.groups = list(groups or [])
        self.warnings: list[str] = []
        self.derived: dict[str, np.ndarray] = {}
        self.periods = periods
        self._pieces = pieces

    def has(self, metric: str, segment: str = ALL) -> bool:
        return any(bool((~p.horizon).any()) for p in self._pieces.get((metric, segment), []))

    def stage_array(self, metric: str, segment: str = ALL, fill: float | None = None) -> np.ndarray | None:
        """[S, T] per-period values (NaN where missing; the derived values where the engine gave none);
        ``None`` if the metric is absent."""
        derived = self.derived.get(metric) if segment == ALL else None
        out = self._rows_array(metric, segment, 0, len(self.stages))
        if derived is not None:
            out = derived.copy() if out is None else np.where(np.isnan(out), derived, out)
        if out is not None and fill is not None:
            out = np.where(np.isnan(out), fill, out)
        return out

    def group_array(self, metric: str) -> np.ndarray | None:
        """[G, T] per-period values of a desk's agent groups (NaN where missing); ``None`` if absent."""
        return self._rows_array(metric, ALL, len(self.stages), len(self.groups))

    def _rows_array(self, metric: str, segment: str, first: int, count: int) -> np.ndarray | None:
        """[count, T] per-period values of the rows ``first`` … ``first + count − 1`` of stages + groups
        (where several rows give one, the last)."""
        out = None
        for p in self._pieces.get((metric, segment), []) if count else []:
            hit = ~p.horizon & (p.stage >= first) & (p.stage < first + count)
            if hit.any():
                out = np.full((count, self.periods.size), np.nan) if out is None else out
                out[p.stage[hit] - first, p.col[hit]] = p.value[hit]
        return out

    def horizon_value(self, metric: str, stage: str, segment: str) -> float | None:
        pieces = self._pieces.get((metric, segment))
        if pieces is None:
            return None
        target = -1 if stage == ALL else self.stages.index(stage)
        for p in pieces:
            hit = np.flatnonzero(p.horizon & (p.stage == target))
            if hit.size:
                return float(p.value[hit[0]])
        if segment == ALL and metric in self.derived and target >= 0:
            value = float(aggregate_periods({metric: self.derived[metric][target]})[metric])
            return value if np.isfinite(value) else None
        return None


def _pieces(results: Results, index: Mapping[str, int]) -> tuple[dict[tuple[str, str], list[_Piece]], np.ndarray]:
    """The rows of ``results`` by (metric, segment) and the distinct periods of its per-period rows,
    sorted (see :class:`_Frame`); ``index`` gives the position of each stage and agent group (others:
    −1). Read from the engine's arrays where the results hold them (no DataFrame built: a piece per
    block and metric), else from :attr:`Results.data`."""
    arrays = results.arrays
    if arrays is None:
        return _frame_pieces(results.data, index)
    timed = [b.periods[b.periods >= 0] for b in arrays.blocks]
    seen = np.concatenate(timed) if timed else np.array([], dtype=np.int64)
    periods = np.flatnonzero(np.bincount(seen)).astype(np.int64)
    position = np.zeros(periods[-1] + 1 if periods.size else 0, dtype=np.intp)
    position[periods] = np.arange(periods.size)
    out: dict[tuple[str, str], list[_Piece]] = {}
    for b in arrays.blocks:
        horizon = b.periods < 0  # the frame's missing periods
        col = np.zeros(b.periods.size, dtype=np.intp)  # whole-horizon rows: 0, as in _columns
        col[~horizon] = position[b.periods[~horizon]]
        stage = np.repeat(np.array([index.get(name, -1) for name in b.stages], dtype=np.int64), b.repeat)
        for i, name in enumerate(b.names):
            out.setdefault((name, b.segment), []).append(_Piece(stage, col, b.values[i], horizon))
    return out, periods


def _frame_pieces(
    data: pd.DataFrame, index: Mapping[str, int]
) -> tuple[dict[tuple[str, str], list[_Piece]], np.ndarray]:
    """:func:`_pieces` of a long DataFrame: one piece per (metric, segment)."""
    period = data["period"]
    horizon = period.isna().to_numpy()
    when = np.where(horizon, -1, period.fillna(-1).to_numpy(dtype=np.int64, na_value=-1))
    periods, col = _columns(when, horizon)
    value = data["value"].to_numpy(dtype=float)
    stage = data["stage"].map(lambda v: index.get(v, -1)).to_numpy(dtype=np.int64)
    # row positions per (metric, segment): one stable sort of integer codes (a pandas groupby on
    # the object-valued pairs took most of the time of assess)
    m_codes, m_names = _codes(data["metric"])
    s_codes, s_names = _codes(data["segment"])
    key = m_codes * max(len(s_names), 1) + s_codes
    order = np.argsort(key, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(key[order]) != 0]) if len(order) else np.array([], int)
    ends = np.r_[starts[1:], len(order)]
    out: dict[tuple[str, str], list[_Piece]] = {}
    for a, b in zip(starts, ends, strict=True):
        k = key[order[a]]
        rows = order[a:b]
        piece = _Piece(stage[rows], col[rows], value[rows], horizon[rows])
        out[(m_names[k // max(len(s_names), 1)], s_names[k % max(len(s_names), 1)])] = [piece]
    return out, periods


def _columns(period: np.ndarray, horizon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct periods of the per-period rows (``horizon`` marks the others), sorted, and each
    row's position among them: ``np.unique`` and ``np.searchsorted``'s answers, by counting where the
    periods are non-negative (an engine's), which is faster."""
    timed = period[~horizon]
    if not timed.size or timed.min() < 0:
        periods = np.unique(timed)
        return periods, np.searchsorted(periods, period)
    periods = np.flatnonzero(np.bincount(timed)).astype(np.int64)
    position = np.zeros(periods[-1] + 1, dtype=np.intp)
    position[periods] = np.arange(periods.size)
    col = np.zeros(period.size, dtype=np.intp)  # whole-horizon rows (period −1): 0, as searchsorted
    col[~horizon] = position[timed]
    return periods, col


def _labels(results: Results, column: str) -> list:
    """Distinct values of a text column of ``results`` in order of appearance (without a DataFrame
    where the results hold the engine's arrays)."""
    arrays = results.arrays
    return distinct(results.data[column]) if arrays is None else arrays.labels(column)


def _codes(column: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes and the values they stand for (categorical columns: their own codes, no copy)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(dtype=np.int64), list(column.cat.categories)
    codes, uniques = pd.factorize(column, sort=False)
    return codes.astype(np.int64), list(uniques)


def _frame(scenario: Scenario, results: Results, x: ScenarioArrays) -> _Frame:
    if not results.rows:
        raise InputError("results", repr(results), "results with rows (an engine's output)")
    groups = [] if x.desk is None else list(x.desk.groups)
    known = set(x.stages) | set(groups)
    unknown = sorted(set(_labels(results, "stage")) - known - {ALL})  # distinct first: fast on categoricals
    if unknown:
        raise InputError(
            "results.stage", unknown[0], f"stages and agent groups of scenario '{scenario.name}': {x.stages + groups}"
        )
    bad_segments = sorted(set(_labels(results, "segment")) - set(x.segments) - {ALL})
    if bad_segments:
        raise InputError("results.segment", bad_segments[0], f"segments of scenario '{scenario.name}': {x.segments}")
    index = {name: i for i, name in enumerate([*x.stages, *groups])}  # "all": −1
    f = _Frame(*_pieces(results, index), x.stages, x.segments, results.period_minutes, groups)
    if f.periods.size == 0:
        raise InputError("results", repr(results), "per-period rows (period not missing)")
    f.derived = _desk.type_figures(f, x, results.meta)
    arrivals = f.stage_array("arrivals")
    missing = [s for i, s in enumerate(x.stages) if arrivals is None or np.isnan(arrivals[i]).all()]
    if missing:
        raise InputError(
            "results.stage", missing[0], f"results for every stage of the scenario {x.stages} (arrivals missing)"
        )
    return f


def _week(results: Results) -> int | None:
    """The ISO week an engine evaluated (``meta["week"]``), if it names one."""
    week = results.meta.get("week") if isinstance(results, Results) else None
    return int(week) if isinstance(week, (int, np.integer)) and 1 <= int(week) <= 53 else None


def _groups(results: Results) -> list[tuple[str, str, Results]]:
    checks.instance("results", results, Results, "a svcdesign Results (from svcdesign.evaluate or another engine)")
    if results.arrays is not None:  # an engine's arrays: one scenario and engine
        return [(results.arrays.scenario, results.arrays.engine, results)]
    d = results.data
    if len(d) and d["scenario"].nunique() == 1 and d["engine"].nunique() == 1:  # the usual case: no copy
        return [(d["scenario"].iloc[0], d["engine"].iloc[0], results)]
    out = []
    for (scen, eng), part in results.data.groupby(["scenario", "engine"], sort=False):
        out.append((str(scen), str(eng), Results(part.reset_index(drop=True), results.period_minutes, results.meta)))
    return out


# ----------------------------------------------------------------------------- computation
def _operations(
    f: _Frame,
    x: ScenarioArrays,
    table: AssumptionTable,
    ref: Mapping[str, np.ndarray],
    promises: Mapping[str, float] | None,
) -> tuple[_exp.Operations, np.ndarray]:
    """Operations [K, S, T] a customer of each segment meets, and segment arrivals [K, S, T]."""
    seg_arr = _segment_arrivals(f, x)
    queue = _queue_metrics(f, x, ref)
    deferred_tol = table.value("experience.deferred_tolerance")
    tolerance = np.where(
        np.isfinite(x.patience_mean) & ~x.deferred[None, :], x.patience_mean, deferred_tol * x.target_time[None, :]
    )  # [K, S]
    handoff = x.move.sum(axis=2)  # [K, S]
    cpr = _contacts_per_resolution(f, x, ref)
    promise = _promises(x, table, promises)
    expected_wait = np.where(np.isfinite(promise)[None, :], promise[None, :], ref["wait"][:, None])  # [K, S]

    ops = _exp.Operations(
        wait=queue.wait,
        p_wait=queue.p_wait[None],
        service_level=queue.service_level[None],
        target_time=queue.target_time[None],
        p_abandon=queue.p_abandon,
        tolerance=tolerance[:, :, None],
        occupancy=queue.occupancy[None],
        handoff=handoff[:, :, None],
        contacts_per_resolution=cpr[:, None, None],
        promise=promise[None, :, None],
        expected_wait=expected_wait[:, :, None],
    )
    return ops, seg_arr


def _segment_arrivals(f: _Frame, x: ScenarioArrays) -> np.ndarray:
    """Arrivals [K, S, T] per segment: as reported, else each segment's share of the stage's arrivals."""
    K, S, T = len(x.segments), len(x.stages), f.periods.size
    arrivals = f.stage_array("arrivals", fill=0.0)
    seg_arr = np.zeros((K, S, T))
    for k, name in enumerate(x.segments):
        a = f.stage_array("arrivals", name)
        if a is None:
            a = arrivals * x.segment_share[k]
        seg_arr[k] = np.nan_to_num(a, nan=0.0)
    if not all(f.has("arrivals", s) for s in x.segments):
        f.warnings.append(
            Phrase(
                tr("customers: arrivals per segment not reported; used each segment's share of the stage's arrivals")
            )
        )
    return seg_arr


def _stage_metric(f: _Frame, name: str, fallback: np.ndarray, why: str) -> np.ndarray:
    """[S, T] values of ``name``; ``fallback`` (broadcast) where the engine did not report them, with a
    warning saying ``why`` that value (a marked English text, ``tr("…")``, without placeholders)."""
    shape = (len(f.stages), f.periods.size)
    a = f.stage_array(name)
    if a is None:
        f.warnings.append(
            Phrase(tr("customers: metric '{name}' not reported by the engine; {why}"), name=name, why=Phrase(why))
        )
        return np.broadcast_to(fallback, shape).astype(float)
    bad = np.isnan(a)
    if bad.any():
        f.warnings.append(
            Phrase(
                tr("customers: '{name}' missing in {n} stage-periods; {why}"),
                name=name,
                n=Figure(f"{int(bad.sum())}"),
                why=Phrase(why),
            )
        )
        a = np.where(bad, np.broadcast_to(fallback, shape), a)
    return a


def _segment_metric(f: _Frame, name: str, stage_values: np.ndarray) -> np.ndarray:
    """[K, S, T] values of ``name`` per segment; the stage's ``stage_values`` [S, T] where not reported."""
    out = np.empty((len(f.segments), len(f.stages), f.periods.size))
    for k, seg in enumerate(f.segments):
        a = f.stage_array(name, seg)
        out[k] = stage_values if a is None else np.where(np.isnan(a), stage_values, a)
    return out


@dataclass(frozen=True)
class _Queue:
    """The queue a customer meets, from the engine's metrics (documented fallbacks where missing): mean
    wait and abandonment [K, S, T] per segment; share waiting, service level, target time and occupancy
    [S, T] per stage."""

    wait: np.ndarray
    p_abandon: np.ndarray
    p_wait: np.ndarray
    service_level: np.ndarray
    target_time: np.ndarray
    occupancy: np.ndarray


def _queue_metrics(f: _Frame, x: ScenarioArrays, ref: Mapping[str, np.ndarray]) -> _Queue:
    """The engine's waits, abandonment, service level and occupancy, with their fallbacks."""
    S, T = len(x.stages), f.periods.size
    wait_stage = _stage_metric(f, "asa", np.zeros(1), tr("waits taken as 0 s"))
    wait = _segment_metric(f, "asa", wait_stage)
    p_ab = _segment_metric(f, "p_abandon", _stage_metric(f, "p_abandon", np.zeros(1), tr("abandonment taken as 0")))
    p_wait = _stage_metric(
        f, "p_wait", np.where(wait_stage > 0, 1.0, 0.0), tr("every contact with a positive mean wait taken to wait")
    )
    target = np.broadcast_to(x.target_time[:, None], (S, T))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sl_fallback = np.where(
            wait_stage > 0, 1.0 - p_wait * np.exp(-target / np.where(wait_stage > 0, wait_stage, 1.0)), 1.0
        )
    sl = _stage_metric(
        f, "service_level", sl_fallback, tr("service level from an exponential wait with the reported mean")
    )
    occ = _stage_metric(
        f,
        "occupancy",
        np.full(1, float(np.mean(ref["occupancy"]))),
        tr("occupancy taken at the reference occupancy (no fatigue)"),
    )
    return _Queue(wait=wait, p_abandon=p_ab, p_wait=p_wait, service_level=sl, target_time=target, occupancy=occ)


def _contacts_per_resolution(f: _Frame, x: ScenarioArrays, ref: Mapping[str, np.ndarray]) -> np.ndarray:
    """Contacts per resolution [K] (at least 1): the segment's, else the chain's, else the reference value."""
    cpr = np.empty(len(x.segments))
    for k, seg in enumerate(x.segments):
        v = f.horizon_value("contacts_per_resolution", ALL, seg)
        if v is None or np.isnan(v):
            v = f.horizon_value("contacts_per_resolution", ALL, ALL)
        if v is None or np.isnan(v):
            v = float(ref["contacts_per_resolution"][k])
            f.warnings.append(
                Phrase(
                    tr(
                        "customers: contacts per resolution of segment '{segment}' not reported; used the reference "
                        "value {value}"
                    ),
                    segment=seg,
                    value=Figure(f"{v:g}"),
                )
            )
        cpr[k] = max(v, 1.0)
    return cpr


def _promises(x: ScenarioArrays, table: AssumptionTable, promises: Mapping[str, float] | None) -> np.ndarray:
    """Promised answer time per stage [S], seconds (inf = no promise): deferred stages promise their target
    × ``expectations.promise_factor``; ``promises`` overrides stages by name."""
    promise = np.where(x.deferred, x.target_time * table.value("expectations.promise_factor"), np.inf)
    if promises is not None:
        checks.mapping("promises", promises, "a mapping of stage name to promised answer time in seconds")
        for stage, value in promises.items():
            if stage not in x.stages:
                raise InputError("promises", stage, f"a stage of the scenario: one of {x.stages}")
            promise[x.stages.index(stage)] = (
                np.inf
                if value is None
                else checks.number(
                    f"promises.{stage}",
                    value,
                    low=0,
                    low_open=True,
                    allow_inf=True,
                    allowed="a promised answer time in seconds > 0 (None or inf = no promise)",
                )
            )
    return promise


def _wmean(values: np.ndarray, weights: np.ndarray, axis: Any) -> np.ndarray:
    """Weighted mean; a plain mean where the weights sum to zero (no NaN)."""
    values, weights = np.broadcast_arrays(np.asarray(values, float), np.asarray(weights, float))
    total = weights.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        weighted = np.where(weights > 0, values * weights, 0.0).sum(axis=axis) / np.where(total > 0, total, 1.0)
    if not np.all(total > 0):  # the plain mean only where it is needed
        weighted = np.where(total > 0, weighted, values.mean(axis=axis))
    # a weighted mean lies between the extremes; clip away rounding (10 + 4e-15 is not a score)
    return np.clip(weighted, values.min(axis=axis), values.max(axis=axis))


def _expected(
    perceived: dict[str, np.ndarray],
    ref_scores: dict[str, np.ndarray],
    w: np.ndarray,
    omega: float,
    segments: list[str],
    given: Mapping[str, Mapping[str, float]] | None,
) -> dict[str, np.ndarray]:
    """Steady-state expected pillar scores [K, S, 1] (or the user's, per segment)."""
    out = {}
    for p in PILLARS:
        own = _wmean(perceived[p], w, axis=-1)[..., None]
        out[p] = _expect.steady_state(ref_scores[p], own, omega) * np.ones_like(own)
    if given is None:
        return out
    for k, p, v in checks.per_segment(
        "expectations",
        given,
        segments,
        PILLARS,
        allowed="a mapping of segment name to {pillar: expected score 0–10}",
        item_allowed=f"a mapping of pillars {list(PILLARS)} to scores 0–10",
        key_allowed=f"one of the pillars {list(PILLARS)}",
    ):
        out[p][k] = checks.number(
            f"expectations.{segments[k]}.{p}", v, low=0.0, high=_exp.SCALE, allowed="an expected score in [0, 10]"
        )
    return out


def _compute(
    f: _Frame,
    scenario: Scenario,
    x: ScenarioArrays,
    table: AssumptionTable,
    *,
    reference,
    expectations,
    promises,
    pillar_weights,
) -> dict[str, Any]:
    xp = _exp.ExperienceParams.from_table(table, pillar_weights)
    sp = _sat.SatisfactionParams.from_table(table)
    ref = _expect.reference_values(table, x.segments, reference)
    ops, w = _operations(f, x, table, ref, promises)
    omega = table.value("expectations.weight_external")

    perceived = _exp.pillars(ops, xp)  # [K, S, T]
    ref_ops = _expect.reference_operations(
        ops.replace(
            wait=ops.wait[..., :1],
            p_wait=ops.p_wait[..., :1],
            service_level=ops.service_level[..., :1],
            target_time=ops.target_time[..., :1],
            p_abandon=ops.p_abandon[..., :1],
            occupancy=ops.occupancy[..., :1],
        ),
        ref,
        x.deferred,
    )
    ref_scores = _exp.pillars(ref_ops, xp)  # [K, S, 1]
    expected = _expected(perceived, ref_scores, w, omega, x.segments, expectations)
    sat = _sat.score(perceived, expected, xp.weights, sp)
    effort = _exp.effort_score(ops, xp) * np.ones_like(sat)
    sq = _exp.servqual(perceived, ops, xp)
    sq_ref = _exp.servqual(ref_scores, ref_ops, xp)["index"]
    sq_exp = _expect.steady_state(sq_ref, _wmean(sq["index"], w, axis=-1)[..., None], omega)
    values: dict[str, np.ndarray] = {f"pillar_{p}": perceived[p] for p in PILLARS}
    values["experience_index"] = _exp.index(perceived, xp)
    values["expected_experience"] = _exp.index(expected, xp) * np.ones_like(sat)
    values["disconfirmation"] = values["experience_index"] - values["expected_experience"]
    values["satisfaction"] = sat
    values["effort"] = effort
    values["share_high_effort"] = _exp.high_effort_share(effort, xp)
    values.update(_sat.shares(sat, sp))
    values["promises_kept"] = _exp.promises_kept(ops) * np.ones_like(sat)
    values.update({f"servqual_{d}": sq[d] for d in SERVQUAL})
    values["servqual_index"] = sq["index"]
    values["servqual_gap"] = sq["index"] - sq_exp
    values["p_dissatisfied"] = _sat.share_below(sat, table.value("loyalty.bad_threshold"), sp)
    return {"values": values, "weights": w, "ops": ops}


# ------------------------------------------------------------------------------ aggregation
def _experience_rows(
    out: LongBuilder,
    f: _Frame,
    x: ScenarioArrays,
    values: dict[str, np.ndarray],
    w: np.ndarray,
    per_period: bool = True,
) -> None:
    """Per stage/segment/period rows and their arrival-weighted aggregates, all metrics at once
    (``per_period=False``: whole-horizon rows only)."""
    names = list(EXPERIENCE_METRICS)
    v = np.stack([np.broadcast_to(values[m], w.shape) for m in names])  # [M, K, S, T]

    def rows(a: np.ndarray) -> dict[str, np.ndarray]:
        return dict(zip(names, a, strict=True))

    for k, seg in enumerate(x.segments):
        if per_period:
            out.add(x.stages, rows(v[:, k]), periods=f.periods, segment=seg)
            out.add([ALL], rows(_wmean(v[:, k], w[k], axis=1)[:, None]), periods=f.periods, segment=seg)
        out.add(x.stages, rows(_wmean(v[:, k], w[k], axis=-1)), segment=seg)
        out.add([ALL], rows(_wmean(v[:, k], w[k], axis=(1, 2))[:, None]), segment=seg)
    if per_period:
        out.add(x.stages, rows(_wmean(v, w, axis=1)), periods=f.periods)
        out.add([ALL], rows(_wmean(v, w, axis=(1, 2))[:, None]), periods=f.periods)
    out.add(x.stages, rows(_wmean(v, w, axis=(1, 3))))
    out.add([ALL], rows(_wmean(v, w, axis=(1, 2, 3))[:, None]))


def _loyalty_values(
    f: _Frame,
    scenario: Scenario,
    x: ScenarioArrays,
    table: AssumptionTable,
    comp: dict[str, Any],
) -> dict[str, dict[str, np.ndarray]]:
    """Loyalty and money per segment [K] and for the whole chain over the horizon (see the loyalty formulas)."""
    lp = _loyal.LoyaltyParams.from_table(table)
    values, w, ops = comp["values"], comp["weights"], comp["ops"]
    K = len(x.segments)
    weeks = f.periods.size * f.period_minutes / _costs.MINUTES_PER_WEEK
    seg = {
        m: np.array([_wmean(values[m][k], w[k], axis=(0, 1)) for k in range(K)])
        for m in ("share_high_effort", "share_promoters", "share_detractors")
    }
    ex, first, base = _inputs(f, scenario, x, lp, w, ops)
    bad = _loyal.failures(ex, lp)
    out: dict[str, np.ndarray] = {
        "customer_base": base,
        "bad_experiences": bad,
        "p_bad_experience": np.where(first > 0, bad / np.where(first > 0, first, 1.0), 0.0),
        "late_contacts": ex.late,
        "unserved": ex.unserved,
        "share_disloyal": _loyal.disloyal_share(np.clip(seg["share_high_effort"], 0, 1), lp),
        "wom_customers": _loyal.word_of_mouth(
            base, np.clip(seg["share_promoters"], 0, 1), np.clip(seg["share_detractors"], 0, 1), lp
        ),
    }
    if scenario.organisation.kind == "public":
        out["bed_days"] = ex.bed_days
        out["cost_of_failure"] = _loyal.cost_of_failure(ex, lp)
        if scenario.organisation.currency != "GBP" and not {"public.failure_cost", "public.bed_day_cost"} <= set(
            scenario.assumptions
        ):
            f.warnings.append(
                Phrase(
                    tr(
                        "customers: the cost of failure uses unit costs in GBP (public.failure_cost, "
                        "public.bed_day_cost) but the organisation's currency is {currency}; override them in the "
                        "scenario"
                    ),
                    currency=scenario.organisation.currency,
                )
            )
    else:
        per_year = WEEKS_PER_YEAR / weeks if weeks > 0 else 0.0
        value = np.array([g.annual_value for g in scenario.segments], dtype=float)
        yearly = _loyal.extra_leavers(ex.scaled(per_year), base, lp)
        lost = yearly / per_year if per_year > 0 else np.zeros(K)
        out["customers_lost"] = lost
        out["churn"] = _loyal.churn(yearly, base, lp)
        out["revenue_at_risk"] = _loyal.value_lost(lost, value, lp)
        out["clv"] = _loyal.lifetime_value(value, lp)
    contacts = w.sum(axis=(1, 2))
    weighted = {"p_bad_experience": first, "share_disloyal": contacts, "churn": base, "clv": base}
    total = {m: (_wmean(v, weighted[m], axis=0) if m in weighted else v.sum()) for m, v in out.items()}
    return {"segments": out, "all": total}


def _inputs(
    f: _Frame, scenario: Scenario, x: ScenarioArrays, lp: _loyal.LoyaltyParams, w: np.ndarray, ops: _exp.Operations
) -> tuple[_loyal.Exposure, np.ndarray, np.ndarray]:
    """Exposure, first contacts and customer base [K] of each segment over the horizon."""
    weeks = f.periods.size * f.period_minutes / _costs.MINUTES_PER_WEEK
    ex = _exposure(f, scenario, x, w, ops.p_abandon, ops.wait, ops.service_level)
    first = _first_contacts(f, x, w)
    return ex, first, _customer_base(scenario, first, weeks, lp)


@dataclass(frozen=True)
class CustomerExposure:
    """What one run's service did to each segment [K], for the trade-off tools.

    ``exposure``: per horizon (see :class:`~svcdesign.formulas.customers.loyalty.Exposure`); ``customers``:
    distinct customers (the base churn acts on); ``annual_value``: currency per customer a year;
    ``weeks``: the horizon's length; ``kind``: the organisation's (``"commercial"`` or ``"public"``).
    """

    exposure: _loyal.Exposure
    customers: np.ndarray
    annual_value: np.ndarray
    weeks: float
    kind: str


def customer_exposure(
    scenario: Scenario, results: Results, *, overrides: Mapping[str, float] | None = None
) -> CustomerExposure:
    """The exposure of each segment to bad experiences, late contacts and waiting in one engine run.

    The trade-off tools apply the customer response to it once per Monte Carlo draw of the uncertain
    coefficients (``svcdesign.explore.compare``) instead of assessing every draw.
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario (Scenario.load(path) or Scenario(...))")
    table = customer_table(scenario, overrides)
    x = expand(scenario, _week(results), engine="customers")
    groups = _groups(results)
    if len(groups) != 1:
        raise InputError("results", [g[:2] for g in groups], "the results of one scenario and one engine")
    f = _frame(scenario, groups[0][2], x)
    ref = _expect.reference_values(table, x.segments, None)
    ops, w = _operations(f, x, table, ref, None)
    ex, _, base = _inputs(f, scenario, x, _loyal.LoyaltyParams.from_table(table), w, ops)
    return CustomerExposure(
        exposure=ex,
        customers=base,
        annual_value=np.array([g.annual_value for g in scenario.segments], dtype=float),
        weeks=f.periods.size * f.period_minutes / _costs.MINUTES_PER_WEEK,
        kind=scenario.organisation.kind,
    )


def _first_contacts(f: _Frame, x: ScenarioArrays, w: np.ndarray) -> np.ndarray:
    """First contacts of each segment [K] over the horizon: the engine's ``customers``, else entry arrivals."""
    out = np.empty(len(x.segments))
    for k, seg in enumerate(x.segments):
        v = f.horizon_value("customers", ALL, seg)
        if v is None or np.isnan(v):
            v = f.horizon_value("customers", ALL, ALL)
            v = None if v is None or np.isnan(v) else v * x.segment_share[k]
        if v is None:
            v = float(w[k][np.unique(x.entry)].sum())
            f.warnings.append(
                Phrase(
                    tr("customers: customers of segment '{segment}' not reported; used arrivals at the entry stages"),
                    segment=seg,
                )
            )
        out[k] = v
    return out


def _customer_base(scenario: Scenario, first: np.ndarray, weeks: float, lp: _loyal.LoyaltyParams) -> np.ndarray:
    """Distinct customers of each segment [K]: the segment's ``customers``, else first contacts a year ÷
    ``loyalty.episodes_per_year`` (contacts per customer per year)."""
    given = np.array([np.nan if g.customers is None else g.customers for g in scenario.segments], dtype=float)
    yearly = first * (WEEKS_PER_YEAR / weeks) if weeks > 0 else np.zeros_like(first)
    return np.where(np.isnan(given), yearly / lp.episodes_per_year, given)


def _payroll(f: _Frame, x: ScenarioArrays) -> tuple[list[str], np.ndarray, np.ndarray, Any]:
    """Who is paid: the names, wages [N] and shrinkage [N] of the rows costs are computed for, and a
    reader of their per-period metric [N, T] (``None`` if absent). Without a desk, the stages; with one,
    its agent groups (their wage and shrinkage from the desk, their staff from the engine's group rows)
    then the chain's stages — a contact type has no staff of its own. A group's overtime is costed only
    where the engine reports its required staff or overtime hours (neither engine does today)."""
    if x.desk is None:
        return x.stages, x.wage, x.shrinkage, f.stage_array
    d, Q = x.desk, x.n_types
    names = [*d.groups, *x.stages[Q:]]

    def read(metric: str) -> np.ndarray | None:
        groups, stages = f.group_array(metric), f.stage_array(metric)
        if groups is None and stages is None:
            return None
        nan = np.full((len(names), f.periods.size), np.nan)
        return np.vstack(
            [nan[: len(d.groups)] if groups is None else groups, nan[len(d.groups) :] if stages is None else stages[Q:]]
        )

    return names, np.r_[d.wage, x.wage[Q:]], np.r_[d.shrinkage, x.shrinkage[Q:]], read


def _cost_values(f: _Frame, scenario: Scenario, x: ScenarioArrays, table: AssumptionTable) -> dict[str, Any]:
    cp = _costs.CostParams.from_table(table)
    names, wage, shrinkage, read = _payroll(f, x)
    staff = read("staff")
    if staff is None:
        raise InputError(
            "results", "no 'staff' metric", "results with paid staff per stage and period (metric 'staff')"
        )
    staff = np.nan_to_num(staff, nan=0.0)
    required = read("required_staff")
    overtime = read("overtime_hours")
    hours = f.period_minutes / 60.0
    paid = read("staff_hours")
    if paid is not None and not np.isnan(paid).any():
        # paid hours as the engine reports them: the same as staff × period for staff on shift
        # (analytic, simulation); full-time staff × contract hours for the weekly dynamics engine
        with np.errstate(divide="ignore", invalid="ignore"):
            staff = np.where(staff > 0, paid / hours, 0.0)
    c = _costs.staff_costs(
        staff,
        wage,
        shrinkage,
        hours,
        cp,
        required_staff=None if required is None else np.nan_to_num(required, nan=0.0),
        overtime_hours=None if overtime is None else np.nan_to_num(overtime, nan=0.0),
    )
    hiring = read("hiring_cost")
    if hiring is not None:  # an engine that models hires and quits (dynamics) reports their cost itself
        c["turnover_cost"] = np.nan_to_num(hiring, nan=0.0)
        c["employment_cost"] = c["wage_cost"] + c["overtime_cost"] + c["turnover_cost"]
    weekly = {
        k: _costs.weekly(c[k].sum(), f.periods.size, f.period_minutes)
        for k in ("wage_cost", "overtime_cost", "turnover_cost")
    }
    check = _costs.budget_check(weekly, scenario.organisation.weekly_budget)
    return {"per_period": {k: c[k] for k in COST_METRICS if k in c}, "budget": check, "names": names}


# ------------------------------------------------------------------------------ public API
PARTS = ("experience", "loyalty", "costs")
"""What :func:`assess` can compute (``parts=``)."""
DETAILS = ("period", "horizon")
"""``detail=`` of :func:`assess`: every period and the whole horizon, or the whole horizon only."""


def _run(
    scenario: Scenario,
    results: Results,
    parts: tuple[str, ...],
    *,
    reference=None,
    expectations=None,
    promises=None,
    pillar_weights=None,
    overrides=None,
    detail: str = "period",
) -> Results:
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario (Scenario.load(path) or Scenario(...))")
    table = customer_table(scenario, overrides)
    x = expand(scenario, _week(results), engine="customers")
    added: list[LongArrays] = []
    warnings: list[str] = []
    new_metrics: set[str] = set()
    for scen, eng, part in _groups(results):
        f = _frame(scenario, part, x)
        out = LongBuilder(scen, eng)
        need_experience = "experience" in parts or "loyalty" in parts
        if need_experience:
            comp = _compute(
                f,
                scenario,
                x,
                table,
                reference=reference,
                expectations=expectations,
                promises=promises,
                pillar_weights=pillar_weights,
            )
            if "experience" in parts:
                _experience_rows(out, f, x, comp["values"], comp["weights"], per_period=detail == "period")
                new_metrics.update(EXPERIENCE_METRICS)
            if "loyalty" in parts:
                loy = _loyalty_values(f, scenario, x, table, comp)
                for k, seg in enumerate(x.segments):
                    out.add([ALL], {m: np.atleast_1d(v[k]) for m, v in loy["segments"].items()}, segment=seg)
                out.add([ALL], {m: np.atleast_1d(v) for m, v in loy["all"].items()})
                new_metrics.update(LOYALTY_METRICS)
        if "costs" in parts:
            cost = _cost_values(f, scenario, x, table)
            pp = cost["per_period"]
            if detail == "period":
                out.add(cost["names"], pp, periods=f.periods)
                out.add([ALL], {m: v.sum(axis=0, keepdims=True) for m, v in pp.items()}, periods=f.periods)
            out.add(cost["names"], {m: v.sum(axis=1) for m, v in pp.items()})
            horizon = {m: np.atleast_1d(v.sum()) for m, v in pp.items()}
            if cost["budget"].weekly_budget is not None:
                horizon["budget_gap"] = np.atleast_1d(cost["budget"].slack)
            out.add([ALL], horizon)
            new_metrics.update(COST_METRICS)
        added.append(out.arrays())
        warnings.extend(w for w in f.warnings if w not in warnings)
    used = assumptions_for(sorted(new_metrics))
    meta = dict(results.meta)
    meta["warnings"] = list(meta.get("warnings", [])) + warnings
    assumptions = dict(meta.get("assumptions", {}) or {})
    assumptions.update({name: table.value(name) for name in used})
    meta["assumptions"] = assumptions
    meta["customers"] = {
        "parts": list(parts),
        "detail": detail,
        "reference": reference,
        "expectations": expectations,
        "promises": promises,
        "pillar_weights": pillar_weights,
        "overrides": {**dict(scenario.assumptions), **dict(overrides or {})},
    }
    return Results(_with_rows(results, added, new_metrics), results.period_minutes, meta)


def _with_rows(results: Results, added: list[LongArrays], metrics: set[str]) -> pd.DataFrame | LongArrays:
    """The rows of ``results`` followed by those ``added`` (one table per scenario and engine), the
    results' own rows of ``metrics`` (what the response adds) left out, but for its per-stage unserved
    contacts, which the response reads (its rows are the chain's, stage "all"). Where the results hold
    an engine's arrays, arrays too: the DataFrame is built only when read."""
    arrays = results.arrays
    if arrays is not None:
        kept = arrays.without(metrics - {"unserved"}).without(metrics & {"unserved"}, stage=ALL)
        return kept.then(added[0])
    data = results.data
    old = data[~data["metric"].isin(metrics) | ((data["metric"] == "unserved") & (data["stage"] != ALL))]
    return concat_frames([old, *(a.frame() for a in added)])


def experience(
    scenario: Scenario,
    results: Results,
    *,
    reference: Mapping[str, Mapping[str, float]] | None = None,
    expectations: Mapping[str, Mapping[str, float]] | None = None,
    promises: Mapping[str, float | None] | None = None,
    pillar_weights: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> Results:
    """Experience and satisfaction per stage, segment and period from any engine's results.

    Parameters
    ----------
    scenario:
        The scenario the results describe (segments, patience, routing, targets, assumptions).
    results:
        An engine's :class:`Results` for ``scenario`` (analytic, simulation, dynamics).
    reference:
        Per segment, the external reference customers compare with, in operational terms:
        ``{"premium": {"wait": 20, "kept": 0.95}}`` — fields ``wait`` (s), ``abandon``,
        ``contacts_per_resolution``, ``handoff``, ``kept``, ``occupancy``; defaults rows ``expectations.reference_*``.
    expectations:
        Per segment, expected pillar scores (0–10) replacing the steady-state expectations
        (e.g. from the dynamics engine): ``{"routine": {"time_effort": 8.0}}``.
    promises:
        Promised answer time (s) per stage, replacing the default promise at deferred stages
        (``expectations.promise_factor`` × the stage's target time); ``None`` = no promise.
    pillar_weights:
        Six weights in [0, 1] summing to 1 for the experience index (default rows ``experience.weight.*``).
    overrides:
        Assumption overrides by name, applied after ``scenario.assumptions``.

    Returns
    -------
    Results
        The input rows plus, per stage and segment (and ``"all"``), per period and whole horizon:
        ``pillar_<pillar>`` and ``experience_index``, ``expected_experience``, ``disconfirmation``,
        ``satisfaction`` (points 0–10), ``effort`` (1–7), shares ``share_high_effort``,
        ``share_satisfied``, ``share_promoters``, ``share_detractors``, ``nps``, ``promises_kept``,
        ``servqual_<dimension>``, ``servqual_index``, ``servqual_gap``. Engine name kept.
    """
    return _run(
        scenario,
        results,
        ("experience",),
        reference=reference,
        expectations=expectations,
        promises=promises,
        pillar_weights=pillar_weights,
        overrides=overrides,
    )


def loyalty_effects(scenario: Scenario, results: Results, **options: Any) -> Results:
    """Churn, word of mouth, customer base, revenue at risk and CLV (stage ``"all"``, per segment, whole horizon).

    Takes the options of :func:`experience`; adds ``customer_base`` (distinct customers), the horizon's
    ``bad_experiences`` (contacts that end unresolved), ``late_contacts`` and ``unserved`` (contacts),
    ``p_bad_experience`` (per first contact), ``share_disloyal``, ``wom_customers`` (customers/year) and —
    commercial — ``customers_lost`` (customers the horizon's service loses), ``churn`` (share/year if every
    week were like the horizon's), ``revenue_at_risk`` (their lifetime margin, currency) and ``clv``;
    public — ``bed_days`` and ``cost_of_failure`` (currency). Money is per horizon: a year is the
    calendar's sum (:func:`svcdesign.explore.compare`).
    """
    return _run(scenario, results, ("loyalty",), **options)


def employment_costs(scenario: Scenario, results: Results, *, overrides: Mapping[str, float] | None = None) -> Results:
    """Staff costs per stage and period (and ``"all"``): paid and productive hours, wage, overtime,
    turnover and employment cost (currency), and ``budget_gap`` (currency/week) when the organisation
    has a weekly budget. With a multi-skill service desk, per agent group and chain stage (not per
    contact type); ``wage_cost`` is the engines' ``staff_cost`` of the same rows."""
    return _run(scenario, results, ("costs",), overrides=overrides)


def budget(scenario: Scenario, results: Results, *, overrides: Mapping[str, float] | None = None) -> _costs.BudgetCheck:
    """Weekly employment cost against ``scenario.organisation.weekly_budget`` (for optimisers: ``.slack ≥ 0``)."""
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario")
    groups = _groups(results)
    if len(groups) != 1:
        raise InputError("results", [(s, e) for s, e, _ in groups], "results of one scenario and one engine")
    table = customer_table(scenario, overrides)
    x = expand(scenario, _week(results), engine="customers")
    return _cost_values(_frame(scenario, groups[0][2], x), scenario, x, table)["budget"]


def assess(
    scenario: Scenario, results: Results, *, parts: tuple[str, ...] = PARTS, detail: str = "period", **options: Any
) -> Results:
    """Everything about customers and money for a scenario: experience, satisfaction, loyalty and costs.

    ``results`` are any engine's results for ``scenario`` (``evaluate(scenario)``, ``simulate(scenario)``,
    ``run_dynamics(scenario)``); ``options`` are those of :func:`experience`.

    ``parts`` chooses what to compute, any of :data:`PARTS` (default all). ``detail="horizon"`` writes
    only the whole-horizon rows (per stage and segment, and ``"all"``) and no per-period rows: the
    numbers are the same, built in a fraction of the time — what a dashboard callback reading
    satisfaction, churn and costs needs (``assess(s, r, detail="horizon")``).

    Where ``results`` hold an engine's figures as arrays (as :func:`svcdesign.evaluate` returns them), so
    does the assessment: the engine's arrays and the customer rows, its long frame built only when
    :attr:`~svcdesign.results.Results.data` is first read, and read without building the engine's frame.
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario (Scenario.load(path) or Scenario(...))")
    if isinstance(parts, str) or not isinstance(parts, (tuple, list)) or not parts or not set(parts) <= set(PARTS):
        raise InputError("parts", parts, f"a non-empty tuple of {list(PARTS)}")
    checks.choice("detail", detail, DETAILS)
    customer_table(scenario, options.get("overrides"))  # bad assumption names fail before any evaluation
    checks.instance(
        "results",
        results,
        Results,
        "an engine's Results for the scenario (evaluate(scenario), simulate(scenario) or run_dynamics(scenario))",
    )
    return _run(scenario, results, tuple(p for p in PARTS if p in parts), detail=detail, **options)
