"""What the staff cost: wages × paid hours, overtime, turnover and hiring, and a budget check.

- **Wages**: paid hours (staff on shift × period length; paid hours include shrinkage — breaks,
  training, absence — so productive hours = paid × (1 − shrinkage)) × hourly wage.
- **Overtime**: overtime hours × wage × (1 + ``costs.overtime_premium``) (US FLSA: at least time and
  a half). Overtime hours come from the engine when it reports ``overtime_hours``; otherwise a share
  ``costs.overtime_cover`` (default 0) of the gap between required and rostered staff is worked as
  overtime. With no demand there is no gap, so no overtime.
- **Paid hours**: the engine's ``staff_hours`` when it reports them (the weekly dynamics engine:
  full-time staff × ``costs.contract_hours``), else staff on shift × period length.
- **Turnover**: the engine's ``hiring_cost`` when it models hires and quits (dynamics); otherwise
  leavers are replaced at ``costs.replacement_months`` months of pay (Batt et al. 2005: about 3–4
  months) at ``costs.attrition_rate`` a year (30–45% [secondary]); per paid hour that is wage ×
  attrition × replacement months ÷ 12 (a month = contract hours × 52.18 ÷ 12, a mean Gregorian year of
  :data:`~svcdesign.model.units.WEEKS_PER_YEAR` weeks; the contract hours cancel).
- **Hiring** (one-off, e.g. adding staff): hires × replacement months × monthly pay; new hires train
  for ``costs.training_weeks`` (Batt et al. 2005: about 4 weeks) before handling contacts.
- **Budget**: the weekly employment cost against ``scenario.organisation.weekly_budget``; the
  slack (budget − cost) is what an optimiser keeps ≥ 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import checks
from ..assumptions import AssumptionTable
from ..errors import InputError
from ..model.units import WEEKS_PER_YEAR

MONTHS_PER_YEAR = 12.0
MINUTES_PER_WEEK = 10080.0

ASSUMPTIONS = ["costs.overtime_premium", "costs.overtime_cover", "costs.replacement_months", "costs.attrition_rate"]
"""Rows the running employment cost depends on."""


@dataclass(frozen=True)
class CostParams:
    """Cost coefficients (rows ``costs.*``)."""

    overtime_premium: float
    overtime_cover: float
    contract_hours: float
    replacement_months: float
    training_weeks: float
    attrition_rate: float

    @classmethod
    def from_table(cls, table: AssumptionTable) -> CostParams:
        v = table.value
        return cls(
            v("costs.overtime_premium"),
            v("costs.overtime_cover"),
            v("costs.contract_hours"),
            v("costs.replacement_months"),
            v("costs.training_weeks"),
            v("costs.attrition_rate"),
        )


def _nonneg(name: str, value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if np.isnan(array).any() or (array < 0).any():
        bad = array[np.isnan(array) | (array < 0)].ravel()[0]
        raise InputError(name, float(bad), "numbers ≥ 0 (no missing values)")
    return array


def staff_costs(
    staff: np.ndarray,
    wage: np.ndarray,
    shrinkage: np.ndarray,
    period_hours: float,
    params: CostParams,
    *,
    required_staff: np.ndarray | None = None,
    overtime_hours: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Cost arrays [S, T] for paid ``staff`` [S, T] at ``wage`` [S] per hour with ``shrinkage`` [S].

    Returns ``paid_hours``, ``productive_hours``, ``overtime_hours``, ``wage_cost``, ``overtime_cost``,
    ``turnover_cost`` and ``employment_cost`` (currency; hours in h).
    """
    staff = _nonneg("staff", staff)
    wage = _nonneg("wage", wage)[:, None]
    shrinkage = np.asarray(shrinkage, float)[:, None]
    period_hours = checks.number(
        "period_hours", period_hours, low=0.0, low_open=True, allowed="a period length in hours > 0"
    )
    if (shrinkage < 0).any() or (shrinkage >= 1).any():
        raise InputError("shrinkage", shrinkage.ravel().tolist(), "shares in [0, 1)")
    paid = staff * period_hours
    if overtime_hours is not None:
        overtime = _nonneg("overtime_hours", overtime_hours) * np.ones_like(paid)
    elif required_staff is not None:
        gap = np.maximum(_nonneg("required_staff", required_staff) - staff, 0.0)
        overtime = params.overtime_cover * gap * period_hours
    else:
        overtime = np.zeros_like(paid)
    wages = paid * wage
    overtime_cost = overtime * wage * (1.0 + params.overtime_premium)
    turnover = paid * wage * params.attrition_rate * params.replacement_months / MONTHS_PER_YEAR
    return {
        "paid_hours": paid,
        "productive_hours": paid * (1.0 - shrinkage),
        "overtime_hours": overtime,
        "wage_cost": wages,
        "overtime_cost": overtime_cost,
        "turnover_cost": turnover,
        "employment_cost": wages + overtime_cost + turnover,
    }


def monthly_pay(wage: float | np.ndarray, params: CostParams) -> np.ndarray:
    """Pay of one full-time employee a month: wage × contract hours × weeks a year (52.18) ÷ 12."""
    return _nonneg("wage", wage) * params.contract_hours * WEEKS_PER_YEAR / MONTHS_PER_YEAR


def hiring_cost(
    hires: float | np.ndarray, wage: float | np.ndarray, params: CostParams, *, modelled_weeks: float = 0.0
) -> np.ndarray:
    """One-off cost of hiring (and training) ``hires`` full-time people: hires × replacement months × monthly pay.

    ``modelled_weeks``: weeks of pay of that replacement cost an engine already represents in its own
    structure (the dynamics engine pays rookies a full wage while they work at a fraction of an
    experienced employee's pace and absorb trainers' time); they are taken off so that nothing is
    counted twice (never below zero).
    """
    months = max(params.replacement_months - float(modelled_weeks) * MONTHS_PER_YEAR / WEEKS_PER_YEAR, 0.0)
    return _nonneg("hires", hires) * months * monthly_pay(wage, params)


@dataclass(frozen=True)
class BudgetCheck:
    """A weekly budget against the weekly employment cost (currency per week).

    ``slack`` = budget − cost (``inf`` without a budget); ``within`` is ``slack ≥ 0``.
    """

    weekly_cost: float
    weekly_budget: float | None
    breakdown: Mapping[str, float]

    @property
    def slack(self) -> float:
        return float("inf") if self.weekly_budget is None else self.weekly_budget - self.weekly_cost

    @property
    def within(self) -> bool:
        return self.slack >= 0

    def __repr__(self) -> str:
        budget = "no budget" if self.weekly_budget is None else f"budget {self.weekly_budget:,.0f}"
        return (
            f"BudgetCheck(weekly cost {self.weekly_cost:,.0f}, {budget}, slack {self.slack:,.0f}, within={self.within})"
        )


def weekly(total: float, periods: int, period_minutes: float) -> float:
    """A total over ``periods`` periods of ``period_minutes`` expressed per week."""
    weeks = periods * period_minutes / MINUTES_PER_WEEK
    if weeks <= 0:
        raise InputError("periods", periods, "at least one period")
    return float(total) / weeks


def budget_check(weekly_costs: Mapping[str, float], weekly_budget: float | None) -> BudgetCheck:
    """Compare weekly costs (``wage_cost``, ``overtime_cost``, ``turnover_cost``) with a weekly budget."""
    if weekly_budget is not None:
        weekly_budget = checks.number(
            "organisation.weekly_budget", weekly_budget, low=0.0, allowed="a weekly budget ≥ 0, or None"
        )
    parts = {k: float(weekly_costs.get(k, 0.0)) for k in ("wage_cost", "overtime_cost", "turnover_cost")}
    return BudgetCheck(sum(parts.values()), None if weekly_budget is None else float(weekly_budget), parts)
