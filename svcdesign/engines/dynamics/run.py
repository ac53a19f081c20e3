"""Run the service-quality model: validated inputs in, a weekly DataFrame out.

:func:`integrate_weeks` is the public call; :func:`prepare_inputs` (validation) and :func:`simulate`
(the compiled model, weekly rows) are its two halves, used apart by the fit
(:mod:`svcdesign.engines.dynamics.fit`), which runs the same inputs many times with other parameters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from ... import checks
from ...errors import InputError
from . import model as m
from .inputs import Exogenous, StaffingDecisions
from .params import DynamicsParams

__all__ = [
    "integrate_weeks",
    "prepare_inputs",
    "simulate",
    "weekly_frame",
    "with_standard",
    "check_step",
    "Start",
    "StepInputs",
    "COLUMNS",
    "MAX_WEEKS",
    "STOCKS",
]

MAX_WEEKS = 5200
"""Longest horizon, weeks (a century): far beyond any plan, short enough that a run's arrays (steps ×
variables) stay small and it ends in seconds."""

#: Columns of the weekly frame, in order.
COLUMNS: tuple[str, ...] = tuple(name for name, _ in m.VARIABLES)
#: Columns that are stocks (values at the start of the week); the others are weekly means of rates.
STOCKS: frozenset[str] = frozenset(name for name, is_stock in m.VARIABLES if is_stock)


def integrate_weeks(
    weeks: int = 250,
    *,
    exogenous: Exogenous | None = None,
    decisions: StaffingDecisions | None = None,
    overrides: Mapping[str, Any] | None = None,
    params: DynamicsParams | None = None,
    dt: float | None = None,
    initial_staff: float | None = None,
    standard_tpo: float | None = None,
    experienced_share: float | None = None,
    initial_backlog: float | None = None,
) -> pd.DataFrame:
    """Simulate the Oliva & Sterman (2001) service centre for ``weeks`` weeks.

    Parameters
    ----------
    weeks:
        Length of the run in weeks (whole number ≥ 1).
    exogenous:
        Demand (orders/week) and absenteeism series, and optionally the centre's observed effective
        labour (people or hours) or capacity (hours/week) in place of the model's workforce
        (:class:`Exogenous`); defaults from the assumptions table.
    decisions:
        Staff cuts, hiring freezes, headcount target or ceiling (:class:`StaffingDecisions`).
    overrides:
        ``{assumption name: value}`` replacing rows of the assumptions table (validated).
    params:
        Ready-made parameters (then ``overrides`` must be empty).
    dt:
        Integration step in weeks; ``1/dt`` must be a whole number and ``dt`` no longer than
        ``dynamics.min_delivery_delay``. Default ``dynamics.dt``.
    initial_staff:
        Staff at week 0 (people). Default: the staff that exactly meets week-0 demand at the initial
        standard (the model then starts in equilibrium); with observed labour, the staff whose
        effective labour is week 0's observed one.
    standard_tpo:
        Initial standard time per order in hours (default ``dynamics.initial_standard_tpo``, 1.08 h for
        Oliva & Sterman's loan applications). The reference time for quality and the minimum time per
        order scale in proportion, so the model applies to work of any size (a 3-minute call, a
        4-hour assessment).
    experienced_share:
        Share of the week-0 staff who are experienced, in [0, 1] (rookies and experienced counts R, E:
        ``initial_staff = R + E``, ``experienced_share = E / (R + E)``). Default: the equilibrium share
        ``base_tenure / (base_tenure + rookie_assimilation_time)`` (0.971 with the table's values).
    initial_backlog:
        Orders waiting at week 0 (default: desired delivery delay × week-0 orders, the equilibrium).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``week`` (0 … weeks−1) with the columns :data:`COLUMNS`. Stocks are their values at
        the start of the week; rates (orders, fulfilment, hires, quits, …, per week) and auxiliaries
        are means over the week's integration steps, so a flow column sums to the total. Units: orders
        and backlog in orders; time per order and the standard in hours/order; capacity, desired
        capacity, hours worked and overtime in hours/week; staff columns in people. With observed
        labour, ``effective_staff``, ``capacity``, ``hours_worked`` and ``overtime_hours`` follow it;
        ``staff``, ``rookies`` and ``experienced`` are the model's workforce.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= MAX_WEEKS:
        raise InputError("weeks", weeks, f"a whole number of weeks in [1, {MAX_WEEKS}]")
    params = _centre_params(params, overrides, standard_tpo)
    step, _ = check_step(params.dt if dt is None else dt, params.min_delivery_delay)
    inputs = prepare_inputs(int(weeks), exogenous, decisions, params, step)
    start = Start.checked(initial_staff, experienced_share, initial_backlog)
    return weekly_frame(simulate(params, inputs, start), step)


@dataclass(frozen=True)
class StepInputs:
    """Validated inputs of a run, weekly (``demand``, ``absent``, ``labour``: NaN = the model's own
    workforce) and per integration step (the weekly values held through their week, layoffs on the
    week's first step)."""

    weeks: int
    per_week: int
    step: float
    hold_cuts: bool
    demand: np.ndarray
    absent: np.ndarray
    labour: np.ndarray
    per_step: dict[str, np.ndarray]


def prepare_inputs(
    weeks: int,
    exogenous: Exogenous | None,
    decisions: StaffingDecisions | None,
    params: DynamicsParams,
    step: float,
) -> StepInputs:
    """Validate the exogenous series and staffing decisions of a ``weeks``-week run at ``step``."""
    exogenous = exogenous if exogenous is not None else Exogenous()
    decisions = decisions if decisions is not None else StaffingDecisions()
    if not isinstance(exogenous, Exogenous):
        raise InputError("exogenous", type(exogenous).__name__, "an Exogenous")
    if not isinstance(decisions, StaffingDecisions):
        raise InputError("decisions", type(decisions).__name__, "a StaffingDecisions")
    per_week = round(1.0 / step)
    demand, absent = exogenous.arrays(weeks, params.initial_orders, params.default_absenteeism)
    labour = exogenous.labour_fte(weeks, params.standard_workweek, absent)
    acts = decisions.arrays(weeks)
    layoffs = np.zeros(weeks * per_week)
    layoffs[::per_week] = acts["layoffs"]
    per_step = {
        "orders": np.repeat(demand, per_week),
        "absenteeism": np.repeat(absent, per_week),
        "layoffs": layoffs,
        "freeze": np.repeat(acts["freeze"], per_week),
        "target": np.repeat(acts["target"], per_week),
        "cap": np.repeat(acts["cap"], per_week),
        "labour": np.repeat(labour, per_week),
    }
    return StepInputs(weeks, per_week, float(step), decisions.hold_cuts, demand, absent, labour, per_step)


@dataclass(frozen=True)
class Start:
    """The state at week 0 where it departs from equilibrium: staff (people), the experienced share
    and the backlog (orders); ``None`` = the equilibrium value."""

    staff: float | None = None
    experienced_share: float | None = None
    backlog: float | None = None

    @classmethod
    def checked(cls, staff: Any, experienced_share: Any, backlog: Any) -> Start:
        """The start from user arguments, each refused with InputError unless a number in its range."""
        if staff is not None:
            staff = checks.number("initial_staff", staff, low=0.0, low_open=True, allowed="a number of staff > 0")
        if experienced_share is not None:
            experienced_share = checks.number("experienced_share", experienced_share, low=0.0, high=1.0)
        if backlog is not None:
            backlog = checks.number("initial_backlog", backlog, low=0.0, allowed="a number of orders >= 0")
        return cls(staff, experienced_share, backlog)


def simulate(params: DynamicsParams, inputs: StepInputs, start: Start | None = None) -> np.ndarray:
    """The compiled model over every step of ``inputs``, aggregated to one row of :data:`COLUMNS` per
    week (stocks at the start of the week, rates the mean over its steps). No validation: the inputs
    come from :func:`prepare_inputs`, the parameters from the table or a caller that keeps them in its
    ranges (the fit)."""
    p = params.vector(hold_cuts=inputs.hold_cuts)
    state0 = _initial_state(p, params, inputs, start or Start())
    fp_x, fp_y = params.fatigue_productivity
    ft_x, ft_y = params.fatigue_turnover
    q_x, q_y = params.quality
    x = inputs.per_step
    out = m.kernel(
        p,
        state0,
        inputs.step,
        x["orders"],
        x["absenteeism"],
        x["layoffs"],
        x["freeze"],
        x["target"],
        x["cap"],
        x["labour"],
        fp_x,
        fp_y,
        ft_x,
        ft_y,
        q_x,
        q_y,
    )
    cube = out.reshape(inputs.weeks, inputs.per_week, m.N_OUT)
    return np.where(_STOCK_MASK, cube[:, 0, :], cube.mean(axis=1))


_STOCK_MASK = np.array([is_stock for _, is_stock in m.VARIABLES])


def _initial_state(p: np.ndarray, params: DynamicsParams, inputs: StepInputs, start: Start) -> np.ndarray:
    """The state at week 0: equilibrium at the initial standard for week 0's demand and absence, moved
    to the given staff, experienced share and backlog. With observed labour and no staff given, the
    staff whose effective labour (at the experienced share) is week 0's observed labour."""
    fp_x, fp_y = params.fatigue_productivity
    q_x, q_y = params.quality
    staff = start.staff
    rookie_share = params.rookie_assimilation_time / (params.rookie_assimilation_time + params.base_tenure)
    share = 1.0 - rookie_share if start.experienced_share is None else start.experienced_share
    labour0 = float(inputs.labour[0])
    if staff is None and not math.isnan(labour0):
        eff_fraction = m.effective_staff(
            1.0 - share, share, params.rookie_effectiveness, params.trainer_time_per_rookie
        )
        staff = labour0 / eff_fraction if eff_fraction > 0.0 else labour0
    s = m.equilibrium_state(
        p,
        params.initial_standard_tpo,
        float(inputs.demand[0]),
        float(inputs.absent[0]),
        0.0 if staff is None else float(staff),
        fp_x,
        fp_y,
        q_x,
        q_y,
    )
    if start.experienced_share is not None:
        total = s[m.S_ROOKIES] + s[m.S_EXPERIENCED]
        s[m.S_EXPERIENCED] = total * share
        s[m.S_ROOKIES] = total - s[m.S_EXPERIENCED]
    if start.backlog is not None:
        s[m.S_BACKLOG] = start.backlog
    return s


def _centre_params(
    params: DynamicsParams | None, overrides: Mapping[str, Any] | None, standard_tpo: float | None
) -> DynamicsParams:
    """The parameters of one run: ``params``, or the assumptions table with ``overrides``; with the
    standard, reference and minimum time per order scaled to ``standard_tpo`` (hours) when given."""
    if params is None:
        params = DynamicsParams.from_assumptions(overrides=overrides)
    elif overrides:
        raise InputError("overrides", dict(overrides), "no overrides when params are given")
    if standard_tpo is None:
        return params
    if isinstance(standard_tpo, bool) or not isinstance(standard_tpo, (int, float)) or not 0 < standard_tpo < math.inf:
        raise InputError("standard_tpo", standard_tpo, "a time per order in hours > 0")
    return with_standard(params, float(standard_tpo))


def with_standard(params: DynamicsParams, standard_tpo: float) -> DynamicsParams:
    """``params`` with the initial standard time per order ``standard_tpo`` (hours/order, > 0) and the
    reference and minimum time per order scaled in proportion."""
    scale = standard_tpo / params.initial_standard_tpo
    return replace(
        params,
        initial_standard_tpo=standard_tpo,
        reference_tpo=params.reference_tpo * scale,
        min_tpo=params.min_tpo * scale,
    )


def check_step(step: Any, min_delivery_delay: float) -> tuple[float, int]:
    """The integration step (weeks) and the steps per week; raises InputError unless 1/step is whole
    and the step no longer than ``min_delivery_delay`` (weeks)."""
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0 < step <= 1:
        raise InputError("dt", step, "a step in weeks in (0, 1] with 1/dt a whole number")
    per_week = round(1.0 / step)
    if abs(per_week * step - 1.0) > 1e-9:
        raise InputError("dt", step, "a step in weeks in (0, 1] with 1/dt a whole number (e.g. 0.25, 0.125, 0.0625)")
    if step > min_delivery_delay + 1e-12:
        raise InputError(
            "dt",
            step,
            f"a step no longer than dynamics.min_delivery_delay = {min_delivery_delay:g} week "
            "(a longer step cannot resolve the fastest outflow of the backlog)",
        )
    return step, per_week


def weekly_frame(weekly: np.ndarray, dt: float) -> pd.DataFrame:
    """The weekly array of :func:`simulate` as a DataFrame indexed by ``week`` with :data:`COLUMNS`."""
    frame = pd.DataFrame(weekly, columns=list(COLUMNS), index=pd.RangeIndex(len(weekly), name="week"))
    frame.attrs["dt"] = dt
    return frame
