"""Exogenous inputs and staffing decisions of a dynamics run, validated into weekly arrays.

A weekly input may be a number (the same every week), a sequence or numpy array with one value per
week, or a pandas Series indexed by week number 0 … weeks−1. Anything else, a wrong length, a missing
week, NaN or a value out of range raises :class:`~svcdesign.errors.InputError` naming the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...errors import InputError

__all__ = ["Weekly", "Exogenous", "LABOUR_UNITS", "StaffingDecisions", "weekly_array"]

#: A weekly input: a number, one value per week, or a Series indexed by week.
Weekly = float | int | Sequence[float] | np.ndarray | pd.Series


def weekly_array(
    name: str,
    value: Weekly,
    weeks: int,
    *,
    lo: float = 0.0,
    hi: float = math.inf,
    hi_open: bool = False,
    allow_nan: bool = False,
) -> np.ndarray:
    """``value`` as a float array of length ``weeks`` with every entry in [lo, hi] (or [lo, hi)).

    ``allow_nan`` lets NaN through (meaning "not set" for optional series).
    """
    allowed_range = f"[{lo:g}, {hi:g}{')' if hi_open else ']'}"
    what = f"a number in {allowed_range}, or {weeks} such numbers (one per week, or a Series indexed 0..{weeks - 1})"
    if isinstance(value, bool) or value is None:
        raise InputError(name, value, what)
    if isinstance(value, pd.Series):
        index = value.index
        try:
            weeks_given = np.asarray(index, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"{name}.index", list(index[:5]), "week numbers 0, 1, 2, ...") from None
        expected = np.arange(weeks, dtype=float)
        if len(weeks_given) != weeks or not np.array_equal(np.sort(weeks_given), expected):
            raise InputError(
                f"{name}.index", f"{len(index)} weeks {_span(weeks_given)}", f"exactly the weeks 0..{weeks - 1}"
            )
        arr = _numbers(name, value.sort_index().to_numpy(), what)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        arr = np.full(weeks, float(value))
    elif isinstance(value, (Sequence, np.ndarray)) and not isinstance(value, str):
        arr = _numbers(name, value, what)
        if arr.ndim != 1 or arr.shape[0] != weeks:
            raise InputError(name, f"{arr.ndim}-d array of shape {arr.shape}", f"{weeks} values, one per week")
    else:
        raise InputError(name, value, what)
    bad = ~((arr >= lo) & ((arr < hi) if hi_open else (arr <= hi)))
    if allow_nan:
        bad &= ~np.isnan(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{name}[week {i}]", float(arr[i]), f"a number in {allowed_range}")
    return arr


def _numbers(name: str, value: Any, what: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(name, value, what) from None


def _span(xs: np.ndarray) -> str:
    return f"({xs.min():g}..{xs.max():g})" if len(xs) else "(none)"


#: Units an observed labour series may be given in.
LABOUR_UNITS = ("fte", "hours")


@dataclass(frozen=True)
class Exogenous:
    """Inputs from outside the modelled system.

    ``demand``: incoming orders (orders/week); ``None`` uses ``dynamics.initial_orders``.
    ``absenteeism``: fraction of paid hours lost to absence, in [0, 1); ``None`` uses
    ``dynamics.default_absenteeism``.

    Observed workforce (one centre, :func:`~svcdesign.engines.dynamics.integrate_weeks`; at most one of
    the two): the centre's capacity then follows the data instead of the model's rookies and
    experienced staff, who still follow the hiring and turnover rules.

    ``labour``: effective labour at work before absence — experienced-equivalent people (``labour_unit
    = "fte"``, the default) or their contract hours per week (``"hours"``, divided by the working week
    ``costs.contract_hours``). Capacity = working week × (1 − absenteeism) × labour × fatigue effect.
    ``capacity``: service capacity in hours per week, net of absence, before the fatigue effect and
    overtime (the standard hours the centre had for the work).
    """

    demand: Weekly | None = None
    absenteeism: Weekly | None = None
    labour: Weekly | None = None
    labour_unit: str = "fte"
    capacity: Weekly | None = None

    def arrays(self, weeks: int, default_demand: float, default_absenteeism: float) -> tuple[np.ndarray, np.ndarray]:
        """Weekly demand (orders/week) and absenteeism (fraction), validated."""
        demand = weekly_array("demand", default_demand if self.demand is None else self.demand, weeks)
        absent = weekly_array(
            "absenteeism",
            default_absenteeism if self.absenteeism is None else self.absenteeism,
            weeks,
            hi=1.0,
            hi_open=True,
        )
        return demand, absent

    @property
    def observes_labour(self) -> bool:
        """True when a labour or capacity series is given."""
        return self.labour is not None or self.capacity is not None

    def labour_fte(self, weeks: int, workweek: float, absent: np.ndarray) -> np.ndarray:
        """Observed effective labour per week in experienced-equivalent people (NaN = none given).

        ``workweek`` is the contract hours per person and week; ``absent`` the weekly absenteeism.
        """
        if self.labour is not None and self.capacity is not None:
            raise InputError("capacity", "given with labour", "one of labour (people or hours) or capacity, not both")
        if self.labour_unit not in LABOUR_UNITS:
            raise InputError("labour_unit", self.labour_unit, f"one of {list(LABOUR_UNITS)}")
        if self.labour is not None:
            labour = weekly_array("labour", self.labour, weeks, hi=math.inf, hi_open=True)
            return labour / workweek if self.labour_unit == "hours" else labour
        if self.capacity is not None:
            capacity = weekly_array("capacity", self.capacity, weeks, hi=math.inf, hi_open=True)
            return capacity / (workweek * (1.0 - absent))
        return np.full(weeks, np.nan)


@dataclass(frozen=True)
class StaffingDecisions:
    """What management decides about staff.

    ``cuts``
        ``{week: n}`` — ``n`` experienced staff leave at the start of ``week`` (layoffs, redundancy,
        a hiring-in transfer out).
    ``hold_cuts``
        If true (default) management holds headcount at the post-cut level from then on (the cut is a
        budget decision: desired staff is capped there). If false the usual hiring rule replaces them.
    ``hiring_freezes``
        ``[(start, end), ...]`` — in weeks ``start`` ≤ w < ``end`` no vacancy is opened or filled.
    ``headcount_target``
        Staff management aims for (number or weekly series; NaN = use the model's rule, which sizes
        staff from expected orders × the current standard time per order).
    ``headcount_cap``
        A ceiling on desired staff (number or weekly series; ``inf`` = none), e.g. a budget.
    """

    cuts: Mapping[int, float] = field(default_factory=dict)
    hold_cuts: bool = True
    hiring_freezes: Sequence[tuple[int, int]] = ()
    headcount_target: Weekly | None = None
    headcount_cap: Weekly | None = None

    def arrays(self, weeks: int) -> dict[str, np.ndarray]:
        """Weekly arrays: ``layoffs``, ``freeze`` (0/1), ``target`` (NaN = rule), ``cap`` (inf = none)."""
        if not isinstance(self.cuts, Mapping):
            raise InputError("decisions.cuts", self.cuts, "a mapping {week: number of experienced staff}")
        layoffs = np.zeros(weeks)
        for week, n in self.cuts.items():
            if isinstance(week, bool) or not isinstance(week, (int, np.integer)) or not 0 <= week < weeks:
                raise InputError("decisions.cuts week", week, f"a whole week number in [0, {weeks - 1}]")
            if (
                isinstance(n, bool)
                or not isinstance(n, (int, float, np.integer, np.floating))
                or not (0 <= n < math.inf)
            ):
                raise InputError(f"decisions.cuts[{week}]", n, "a number of staff >= 0")
            layoffs[week] += float(n)
        freeze = np.zeros(weeks)
        for i, span in enumerate(self.hiring_freezes):
            if (
                not isinstance(span, (tuple, list))
                or len(span) != 2
                or not all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in span)
                or not 0 <= span[0] <= span[1]
            ):
                raise InputError(
                    f"decisions.hiring_freezes[{i}]", span, "a pair of whole weeks (start, end) with 0 <= start <= end"
                )
            freeze[span[0] : min(span[1], weeks)] = 1.0
        target = (
            np.full(weeks, np.nan)
            if self.headcount_target is None
            else weekly_array("decisions.headcount_target", self.headcount_target, weeks, allow_nan=True)
        )
        cap = (
            np.full(weeks, np.inf)
            if self.headcount_cap is None
            else weekly_array("decisions.headcount_cap", self.headcount_cap, weeks, hi=math.inf)
        )
        return {"layoffs": layoffs, "freeze": freeze, "target": target, "cap": cap}
