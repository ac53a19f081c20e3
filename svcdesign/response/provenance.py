"""Which assumptions lie behind a result: ``assumptions_behind(results_or_metric)``.

Each customer metric lists the rows of the assumptions table its formula uses (directly or through
the metrics it is built from). Engine metrics (waits, abandonment, staff cost…) come from the
scenario by formula and use no customer assumption; the dynamics engine's metrics use the rows of
group ``dynamics``. The table returned shows each row's value *as used* (with the scenario's and the
call's overrides, when given a :class:`~svcdesign.results.Results` from this package), its unit,
source and kind — a practitioner's claim shows as one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..assumptions import AssumptionTable, load_assumptions
from ..errors import InputError
from ..formulas import costs as _costs
from ..formulas.customers import expectations as _expect
from ..formulas.customers import loyalty as _loyal
from ..formulas.customers import perception as _exp
from ..formulas.customers import satisfaction as _sat
from ..formulas.customers.perception import PILLARS, SERVQUAL
from ..results import METRICS, Results

_BASE = _exp.ASSUMPTIONS + _expect.ASSUMPTIONS
_SAT = _BASE + _sat.ASSUMPTIONS
_SHARES = _SAT + _sat.SHARE_ASSUMPTIONS
_EFFORT = [
    "experience.effort_per_extra_contact",
    "experience.effort_per_handoff",
    "experience.effort_per_wait",
    "experience.deferred_tolerance",
]
_LOYAL = _loyal.RESPONSE_ASSUMPTIONS

BEHIND: dict[str, list[str]] = {
    **{f"pillar_{p}": _exp.ASSUMPTIONS for p in PILLARS},
    "experience_index": _exp.ASSUMPTIONS,
    "expected_experience": _BASE,
    "disconfirmation": _BASE,
    "satisfaction": _SAT,
    "effort": _EFFORT,
    "share_high_effort": _EFFORT + ["experience.effort_high_threshold", "experience.effort_spread"],
    "share_satisfied": _SHARES,
    "share_promoters": _SHARES,
    "share_detractors": _SHARES,
    "nps": _SHARES,
    "promises_kept": ["expectations.promise_factor"],
    **{f"servqual_{d}": _exp.ASSUMPTIONS + _exp.SERVQUAL_ASSUMPTIONS for d in SERVQUAL},
    "servqual_index": _exp.ASSUMPTIONS + _exp.SERVQUAL_ASSUMPTIONS,
    "servqual_gap": _BASE + _exp.SERVQUAL_ASSUMPTIONS,
    "bad_experiences": ["loyalty.unresolved_share"],
    "p_bad_experience": ["loyalty.unresolved_share"],
    "late_contacts": [],
    "unserved": [],
    "share_disloyal": _EFFORT + _loyal.DISLOYAL_ASSUMPTIONS,
    "churn": _LOYAL,
    "customer_base": ["loyalty.episodes_per_year"],
    "customers_lost": _LOYAL,
    "wom_customers": _SHARES + _loyal.WOM_ASSUMPTIONS,
    "revenue_at_risk": _LOYAL + _loyal.MONEY_ASSUMPTIONS,
    "clv": _loyal.MONEY_ASSUMPTIONS,
    "bed_days": [],
    "cost_of_failure": _loyal.PUBLIC_ASSUMPTIONS,
    "paid_hours": [],
    "productive_hours": [],
    "wage_cost": [],
    "overtime_cost": _costs.ASSUMPTIONS,
    "turnover_cost": _costs.ASSUMPTIONS,
    "employment_cost": _costs.ASSUMPTIONS,
    "budget_gap": _costs.ASSUMPTIONS,
}
"""Metric → rows of the assumptions table its value depends on."""


def assumptions_for(metrics: Iterable[str], table: AssumptionTable | None = None) -> list[str]:
    """Names of the assumption rows behind ``metrics`` (unique, in a stable order)."""
    table = table if table is not None else load_assumptions()
    names: dict[str, None] = {}
    for metric in metrics:
        if metric in BEHIND:
            rows = BEHIND[metric]
        elif metric in METRICS:
            rows = []
        else:
            raise InputError("metric", metric, f"a registered metric: one of {sorted(METRICS)}")
        for row in rows:
            names[row] = None
    return list(names)


def assumptions_behind(target: Results | str | Iterable[str], *, dynamics: bool | None = None) -> pd.DataFrame:
    """The assumption rows behind a result: one metric name, several, or every metric of a Results.

    Returns a DataFrame indexed by name with ``value`` (as used: a Results from
    :mod:`svcdesign.formulas.customers` carries the overridden values in ``meta["assumptions"]``), ``unit``,
    ``min``, ``max``, ``meaning``, ``source``, ``kind`` and ``used_by`` (the metrics that use the row).
    Results of the dynamics engine (or ``dynamics=True``) also list the ``dynamics`` rows.
    """
    table = load_assumptions()
    used: Mapping[str, float] = {}
    if isinstance(target, Results):
        metrics = target.metrics
        used = dict(target.meta.get("assumptions", {}) or {})
        if dynamics is None:
            dynamics = "dynamics" in target.engines
    elif isinstance(target, str):
        metrics = [target]
    else:
        try:
            metrics = list(target)
        except TypeError:
            raise InputError(
                "target", type(target).__name__, "a Results, a metric name or a list of metric names"
            ) from None
        if not all(isinstance(m, str) for m in metrics):
            raise InputError("target", metrics, "metric names (strings)")
    by_row: dict[str, list[str]] = {}
    for metric in metrics:
        for row in assumptions_for([metric], table):
            by_row.setdefault(row, []).append(metric)
    if dynamics:
        for row in table.names("dynamics."):
            by_row.setdefault(row, []).append("dynamics engine")
    frame = table.to_frame()
    frame = frame.loc[[n for n in by_row if n in frame.index]].copy()
    if used:
        frame["value"] = [used.get(n, v) for n, v in zip(frame.index, frame["value"], strict=True)]
    frame["used_by"] = [", ".join(by_row[n]) for n in frame.index]
    return frame
